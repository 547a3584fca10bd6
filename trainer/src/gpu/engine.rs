//! The model on one GPU: flat parameter, gradient and AdamW buffers, the
//! activations a backward pass needs, and the forward, backward and update
//! passes as kernel launches and cuBLAS products (the llm.c recipe for the
//! Llama block of model.rs).
//!
//! Mixed precision (bf16 mode): float master weights, moments and gradients;
//! a bf16 copy of the weights feeds the products; activations in bf16; the
//! residual stream, norms, softmax and loss in float. f32 mode keeps every
//! tensor in float (no TF32) and matches the CPU model to ~1e-5.

use anyhow::{bail, Result};

use super::ops::{self, AdamStep, AttnShape};
use super::rt::{DBuf, Dt, Gpu, TC_HEAD_DIMS};
use crate::model::{param_names, Config};

/// Parameters are padded to this many elements in the flat buffers (aligned
/// addresses for the products and vector loads).
const ALIGN: usize = 64;

/// Where each parameter lives in the flat buffers. Matrices come first (they
/// are decayed), norm weights last; q|k|v and gate|up are adjacent, so each
/// pair of projections is one product.
#[derive(Debug, Clone)]
pub struct Layout {
    /// (Hugging Face name, offset, shape)
    pub entries: Vec<(String, usize, Vec<usize>)>,
    pub total: usize,
    pub decay_end: usize,
    pub emb: usize,
    pub layers: Vec<LayerOff>,
    pub lnf: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct LayerOff {
    pub ln1: usize,
    pub wqkv: usize,
    pub wo: usize,
    pub ln2: usize,
    pub wgu: usize,
    pub wd: usize,
}

impl Layout {
    pub fn new(cfg: &Config) -> Layout {
        let (d, f, v) = (cfg.hidden_size, cfg.intermediate_size, cfg.vocab_size);
        let mut entries = vec![];
        let mut at = 0usize;
        fn put(
            entries: &mut Vec<(String, usize, Vec<usize>)>,
            at: &mut usize,
            name: String,
            shape: Vec<usize>,
        ) -> usize {
            let off = *at;
            let n: usize = shape.iter().product();
            *at += n.div_ceil(ALIGN) * ALIGN;
            entries.push((name, off, shape));
            off
        }
        let emb = put(
            &mut entries,
            &mut at,
            "model.embed_tokens.weight".into(),
            vec![v, d],
        );
        let mut mats = vec![];
        for i in 0..cfg.num_hidden_layers {
            let p = |n: &str| format!("model.layers.{i}.{n}");
            // q|k|v and gate|up are adjacent (no padding between them when
            // `fusable`): one product each.
            let wq = put(
                &mut entries,
                &mut at,
                p("self_attn.q_proj.weight"),
                vec![d, d],
            );
            put(
                &mut entries,
                &mut at,
                p("self_attn.k_proj.weight"),
                vec![d, d],
            );
            put(
                &mut entries,
                &mut at,
                p("self_attn.v_proj.weight"),
                vec![d, d],
            );
            let wo = put(
                &mut entries,
                &mut at,
                p("self_attn.o_proj.weight"),
                vec![d, d],
            );
            let wg = put(&mut entries, &mut at, p("mlp.gate_proj.weight"), vec![f, d]);
            put(&mut entries, &mut at, p("mlp.up_proj.weight"), vec![f, d]);
            let wd = put(&mut entries, &mut at, p("mlp.down_proj.weight"), vec![d, f]);
            mats.push((wq, wo, wg, wd));
        }
        let decay_end = at;
        let mut layers = vec![];
        for (i, &(wqkv, wo, wgu, wd)) in mats.iter().enumerate() {
            let ln1 = put(
                &mut entries,
                &mut at,
                format!("model.layers.{i}.input_layernorm.weight"),
                vec![d],
            );
            let ln2 = put(
                &mut entries,
                &mut at,
                format!("model.layers.{i}.post_attention_layernorm.weight"),
                vec![d],
            );
            layers.push(LayerOff {
                ln1,
                wqkv,
                wo,
                ln2,
                wgu,
                wd,
            });
        }
        let lnf = put(&mut entries, &mut at, "model.norm.weight".into(), vec![d]);
        debug_assert_eq!(entries.len(), param_names(cfg).len());
        Layout {
            entries,
            total: at,
            decay_end,
            emb,
            layers,
            lnf,
        }
    }

    /// Whether the fused q|k|v and gate|up products are contiguous.
    pub fn fusable(cfg: &Config) -> bool {
        let (d, f) = (cfg.hidden_size, cfg.intermediate_size);
        (d * d).is_multiple_of(ALIGN) && (f * d).is_multiple_of(ALIGN)
    }
}

/// Which attention kernels to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attention {
    /// Flash attention on mma.sync tensor-core instructions, scores in
    /// registers (bf16, head size 32/64/128).
    Flash,
    /// Flash attention on WMMA fragments, scores staged in shared memory
    /// (bf16, head size 32/64/128; the first version, kept for comparison).
    Wmma,
    /// One thread per query or key row (any head size, f32 or bf16).
    Simple,
}

impl Attention {
    pub fn name(self) -> &'static str {
        match self {
            Attention::Flash => "flash",
            Attention::Wmma => "wmma",
            Attention::Simple => "simple",
        }
    }
}

impl Attention {
    /// The fastest kernels for this precision and head size.
    pub fn pick(dt: Dt, head_dim: usize) -> Attention {
        if dt == Dt::Bf16 && TC_HEAD_DIMS.contains(&head_dim) {
            Attention::Flash
        } else {
            Attention::Simple
        }
    }
}

/// Per-layer activations kept for the backward pass.
struct LayerAct {
    hn1: DBuf,
    rstd1: DBuf,
    qkv: DBuf,
    att: DBuf,
    lse: DBuf,
    hn2: DBuf,
    rstd2: DBuf,
    gu: DBuf,
    s: DBuf,
}

/// Inputs of one step on one GPU, packed: ids | targets | positions sorted
/// by token | distinct tokens | their start offsets (+1).
pub struct Inputs {
    pub data: Vec<u32>,
    pub rows: usize,
    pub distinct: usize,
}

impl Inputs {
    pub fn words(rows: usize) -> usize {
        5 * rows + 1
    }

    /// Pack `xs` (ids) and `ys` (targets), with the token -> positions index
    /// the embedding's backward pass sums over (a fixed order: no atomics).
    pub fn pack(xs: &[u32], ys: &[u32], out: &mut Vec<u32>) -> (usize, usize) {
        let rows = xs.len();
        out.clear();
        out.resize(Self::words(rows), 0);
        out[..rows].copy_from_slice(xs);
        out[rows..2 * rows].copy_from_slice(ys);
        let mut order: Vec<u32> = (0..rows as u32).collect();
        order.sort_by_key(|&p| (xs[p as usize], p));
        out[2 * rows..3 * rows].copy_from_slice(&order);
        let mut distinct = 0;
        let (toks, starts) = out[3 * rows..].split_at_mut(rows);
        for (k, &p) in order.iter().enumerate() {
            let t = xs[p as usize];
            if k == 0 || xs[order[k - 1] as usize] != t {
                toks[distinct] = t;
                starts[distinct] = k as u32;
                distinct += 1;
            }
        }
        starts[distinct] = rows as u32;
        (rows, distinct)
    }
}

/// The model's buffers and passes on one GPU.
pub struct Engine {
    pub cfg: Config,
    pub dt: Dt,
    pub attn: Attention,
    /// Sequences per step on this GPU, and their length.
    pub seqs: usize,
    pub t: usize,
    pub lay: Layout,
    pub p32: DBuf,
    pt: Option<DBuf>,
    pub g: DBuf,
    pub m: DBuf,
    pub v: DBuf,
    cos: DBuf,
    sin: DBuf,
    inputs: DBuf,
    res: Vec<DBuf>,
    acts: Vec<LayerAct>,
    hf: DBuf,
    rstdf: DBuf,
    tmp: DBuf,
    logits: DBuf,
    losses: DBuf,
    dres: DBuf,
    dres_t: DBuf,
    datt: DBuf,
    dqkv: DBuf,
    dgu: DBuf,
    ds: DBuf,
    dhn: DBuf,
    dterm: DBuf,
    dw_part: DBuf,
    sq_part: DBuf,
    pub norm2: DBuf,
    /// Per-step loss sums (over this GPU's rows) since the last read.
    pub loss_acc: DBuf,
    pub loss_slots: usize,
    /// Last: dropped after the buffers (which free into its context).
    pub gpu: Gpu,
}

use ops::{DW_CHUNKS, SQ_BLOCKS};

impl Engine {
    pub fn new(
        gpu: Gpu,
        cfg: &Config,
        dt: Dt,
        attn: Attention,
        seqs: usize,
        loss_slots: usize,
    ) -> Result<Engine> {
        cfg.validate()?;
        if !Layout::fusable(cfg) {
            bail!(
                "the CUDA trainer needs hidden_size^2 and intermediate_size*hidden_size to be multiples of {ALIGN} \
                 (hidden_size {}, intermediate_size {})",
                cfg.hidden_size,
                cfg.intermediate_size
            );
        }
        let hd = cfg.head_dim();
        if attn != Attention::Simple && (dt != Dt::Bf16 || !TC_HEAD_DIMS.contains(&hd)) {
            bail!("flash attention needs bf16 and a head size of 32, 64 or 128 (head size {hd})");
        }
        if hd > 256 {
            bail!("head size {hd}: the CUDA trainer supports at most 256");
        }
        let lay = Layout::new(cfg);
        let t = cfg.max_position_embeddings;
        let rows = seqs * t;
        let (d, f, v, h, l) = (
            cfg.hidden_size,
            cfg.intermediate_size,
            cfg.vocab_size,
            cfg.num_attention_heads,
            cfg.num_hidden_layers,
        );
        let a = dt.bytes();
        let g = &gpu;
        let n = lay.total;
        let p32 = g.zeros(n * 4)?;
        let pt = if dt == Dt::Bf16 {
            Some(g.zeros(n * 2)?)
        } else {
            None
        };
        let grads = g.zeros(n * 4)?;
        let m = g.zeros(n * 4)?;
        let vv = g.zeros(n * 4)?;
        // rotary tables, as model.rs computes them
        let inv: Vec<f32> = (0..hd / 2)
            .map(|i| 1.0 / (cfg.rope_theta as f32).powf(2.0 * i as f32 / hd as f32))
            .collect();
        let (mut cs, mut sn) = (Vec::with_capacity(t * hd), Vec::with_capacity(t * hd));
        for p in 0..t {
            for _ in 0..2 {
                for fr in &inv {
                    let ang = p as f32 * fr;
                    cs.push(ang.cos());
                    sn.push(ang.sin());
                }
            }
        }
        let cos = g.alloc(cs.len() * 4)?;
        g.upload(cos.ptr, &cs)?;
        let sin = g.alloc(sn.len() * 4)?;
        g.upload(sin.ptr, &sn)?;
        let res = (0..2 * l + 1)
            .map(|_| g.alloc(rows * d * 4))
            .collect::<Result<Vec<_>>>()?;
        let acts = (0..l)
            .map(|_| -> Result<LayerAct> {
                Ok(LayerAct {
                    hn1: g.alloc(rows * d * a)?,
                    rstd1: g.alloc(rows * 4)?,
                    qkv: g.alloc(rows * 3 * d * a)?,
                    att: g.alloc(rows * d * a)?,
                    lse: g.alloc(seqs * h * t * 4)?,
                    hn2: g.alloc(rows * d * a)?,
                    rstd2: g.alloc(rows * 4)?,
                    gu: g.alloc(rows * 2 * f * a)?,
                    s: g.alloc(rows * f * a)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Engine {
            cfg: cfg.clone(),
            dt,
            attn,
            seqs,
            t,
            p32,
            pt,
            g: grads,
            m,
            v: vv,
            cos,
            sin,
            inputs: g.alloc(Inputs::words(rows) * 4)?,
            res,
            acts,
            hf: g.alloc(rows * d * a)?,
            rstdf: g.alloc(rows * 4)?,
            tmp: g.alloc(rows * d * a)?,
            logits: g.alloc(rows * v * a)?,
            losses: g.alloc(rows * 4)?,
            dres: g.alloc(rows * d * 4)?,
            dres_t: g.alloc(rows * d * a)?,
            datt: g.alloc(rows * d * a)?,
            dqkv: g.alloc(rows * 3 * d * a)?,
            dgu: g.alloc(rows * 2 * f * a)?,
            ds: g.alloc(rows * f * a)?,
            dhn: g.alloc(rows * d * a)?,
            dterm: g.alloc(seqs * h * t * 4)?,
            dw_part: g.alloc(DW_CHUNKS * d * 4)?,
            sq_part: g.alloc(SQ_BLOCKS * 4)?,
            norm2: g.zeros(64)?,
            loss_acc: g.zeros(loss_slots.max(1) * 4)?,
            loss_slots: loss_slots.max(1),
            lay,
            gpu,
        })
    }

    /// Bytes of device memory held.
    pub fn device_bytes(&self) -> usize {
        let mut n = self.p32.bytes + self.g.bytes + self.m.bytes + self.v.bytes;
        n += self.pt.as_ref().map_or(0, |b| b.bytes);
        n += self.res.iter().map(|b| b.bytes).sum::<usize>();
        for a in &self.acts {
            n += a.hn1.bytes + a.qkv.bytes + a.att.bytes + a.hn2.bytes + a.gu.bytes + a.s.bytes;
        }
        n + self.logits.bytes
            + self.dqkv.bytes
            + self.dgu.bytes
            + self.ds.bytes
            + 5 * self.dres.bytes
    }

    fn w(&self, off: usize) -> u64 {
        match &self.pt {
            Some(b) => b.at(off, Dt::Bf16),
            None => self.p32.at(off, Dt::F32),
        }
    }
    fn w32(&self, off: usize) -> u64 {
        self.p32.at(off, Dt::F32)
    }
    fn gw(&self, off: usize) -> u64 {
        self.g.at(off, Dt::F32)
    }

    /// Upload float weights and moments (flat layout) and refresh the bf16 copy.
    pub fn set_state(&self, p: &[f32], m: &[f32], v: &[f32]) -> Result<()> {
        let g = &self.gpu;
        g.bind()?;
        g.upload(self.p32.ptr, p)?;
        g.upload(self.m.ptr, m)?;
        g.upload(self.v.ptr, v)?;
        if let Some(pt) = &self.pt {
            ops::cast_bf16(g, pt.ptr, self.p32.ptr, self.lay.total)?;
        }
        g.sync()
    }

    /// Download float weights and moments (flat layout).
    pub fn state(&self) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
        let g = &self.gpu;
        g.bind()?;
        let n = self.lay.total;
        Ok((
            g.download(self.p32.ptr, n)?,
            g.download(self.m.ptr, n)?,
            g.download(self.v.ptr, n)?,
        ))
    }

    /// Device address of the packed inputs (see [`Inputs`]).
    pub fn inputs_ptr(&self) -> u64 {
        self.inputs.ptr
    }

    /// Copy packed inputs from `src` (pinned, valid until the stream passes
    /// the copy) to the device.
    pub fn load_inputs(&self, src: &[u32]) -> Result<()> {
        self.gpu.htod_async(self.inputs.ptr, src)
    }

    /// (ids, targets, positions, distinct tokens, starts) for `rows` rows.
    fn ids(&self, rows: usize) -> (u64, u64, u64, u64, u64) {
        let b = self.inputs.ptr;
        let w = |k: usize| b + (k * rows * 4) as u64;
        (w(0), w(1), w(2), w(3), w(4))
    }

    fn shape(&self, seqs: usize) -> AttnShape {
        AttnShape {
            seqs,
            t: self.t,
            h: self.cfg.num_attention_heads,
            hd: self.cfg.head_dim(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn norm_fwd(
        &self,
        xout: u64,
        xin: u64,
        add: u64,
        hn: u64,
        rstd: u64,
        w: usize,
        rows: usize,
    ) -> Result<()> {
        let c = &self.cfg;
        ops::rmsnorm_fwd(
            &self.gpu,
            self.dt,
            xout,
            xin,
            add,
            hn,
            rstd,
            self.w32(w),
            rows,
            c.hidden_size,
            c.rms_norm_eps,
        )
    }

    /// dres (+)= d(norm)/dx . dy; the weight's gradient into g[w].
    fn norm_bwd(&self, x: u64, rstd: u64, w: usize, dy: u64, rows: usize, acc: bool) -> Result<()> {
        let d = self.cfg.hidden_size;
        let g = &self.gpu;
        ops::rmsnorm_bwd(
            g,
            self.dt,
            self.dres.ptr,
            self.dres_t.ptr,
            x,
            rstd,
            self.w32(w),
            dy,
            rows,
            d,
            acc,
        )?;
        ops::rmsnorm_dw(
            g,
            self.dt,
            self.gw(w),
            self.dw_part.ptr,
            x,
            rstd,
            dy,
            rows,
            d,
        )
    }

    fn rope(&self, buf: u64, rows: usize, dir: f32) -> Result<()> {
        let c = &self.cfg;
        ops::rope(
            &self.gpu,
            self.dt,
            buf,
            self.cos.ptr,
            self.sin.ptr,
            rows,
            self.t,
            c.num_attention_heads,
            c.head_dim(),
            dir,
        )
    }

    /// Forward pass over `seqs` sequences of the loaded inputs; per-row
    /// losses in `losses`; with `grad`, the logits become d(loss)/d(logits)
    /// for a mean over `grad_rows` rows (all GPUs' rows).
    pub fn forward(&self, seqs: usize, grad: bool, grad_rows: usize) -> Result<()> {
        let c = &self.cfg;
        let (d, f, v) = (c.hidden_size, c.intermediate_size, c.vocab_size);
        let rows = seqs * self.t;
        let dt = self.dt;
        let g = &self.gpu;
        let (ids, tgt, ..) = self.ids(rows);
        ops::embed_fwd(g, self.res[0].ptr, self.w32(self.lay.emb), ids, rows, d)?;
        let nl = c.num_hidden_layers;
        let a0 = &self.acts[0];
        self.norm_fwd(
            0,
            self.res[0].ptr,
            0,
            a0.hn1.ptr,
            a0.rstd1.ptr,
            self.lay.layers[0].ln1,
            rows,
        )?;
        for l in 0..nl {
            let (lo, a) = (self.lay.layers[l], &self.acts[l]);
            g.linear(
                a.qkv.ptr,
                dt,
                a.hn1.ptr,
                self.w(lo.wqkv),
                dt,
                rows,
                3 * d,
                d,
            )?;
            self.rope(a.qkv.ptr, rows, 1.0)?;
            ops::attn_fwd(
                g,
                dt,
                self.attn,
                self.shape(seqs),
                a.att.ptr,
                a.lse.ptr,
                a.qkv.ptr,
            )?;
            g.linear(self.tmp.ptr, dt, a.att.ptr, self.w(lo.wo), dt, rows, d, d)?;
            self.norm_fwd(
                self.res[2 * l + 1].ptr,
                self.res[2 * l].ptr,
                self.tmp.ptr,
                a.hn2.ptr,
                a.rstd2.ptr,
                lo.ln2,
                rows,
            )?;
            g.linear(a.gu.ptr, dt, a.hn2.ptr, self.w(lo.wgu), dt, rows, 2 * f, d)?;
            ops::swiglu_fwd(g, dt, a.s.ptr, a.gu.ptr, rows, f)?;
            g.linear(self.tmp.ptr, dt, a.s.ptr, self.w(lo.wd), dt, rows, d, f)?;
            let (hn, rstd, w) = if l + 1 < nl {
                let n = &self.acts[l + 1];
                (n.hn1.ptr, n.rstd1.ptr, self.lay.layers[l + 1].ln1)
            } else {
                (self.hf.ptr, self.rstdf.ptr, self.lay.lnf)
            };
            self.norm_fwd(
                self.res[2 * l + 2].ptr,
                self.res[2 * l + 1].ptr,
                self.tmp.ptr,
                hn,
                rstd,
                w,
                rows,
            )?;
        }
        g.linear(
            self.logits.ptr,
            dt,
            self.hf.ptr,
            self.w(self.lay.emb),
            dt,
            rows,
            v,
            d,
        )?;
        ops::classifier(
            g,
            dt,
            self.logits.ptr,
            self.losses.ptr,
            tgt,
            rows,
            v,
            1.0 / grad_rows.max(1) as f32,
            grad,
        )
    }

    /// out[0] (+)= sum of the last forward pass's per-row losses.
    pub fn sum_losses(&self, out: u64, rows: usize, acc: bool) -> Result<()> {
        ops::sum_f32(&self.gpu, out, self.losses.ptr, rows, acc)
    }

    /// Per-row losses of the last forward pass.
    pub fn losses(&self, rows: usize) -> Result<Vec<f32>> {
        self.gpu.download(self.losses.ptr, rows)
    }

    /// Backward pass after `forward(.., grad = true)`: gradients into `g`;
    /// `distinct` = number of distinct input tokens (from [`Inputs::pack`]).
    pub fn backward(&self, seqs: usize, distinct: usize) -> Result<()> {
        let c = &self.cfg;
        let (d, f, v) = (c.hidden_size, c.intermediate_size, c.vocab_size);
        let rows = seqs * self.t;
        let dt = self.dt;
        let g = &self.gpu;
        let nl = c.num_hidden_layers;
        // classifier (tied embedding)
        g.linear_dx(
            self.dhn.ptr,
            self.logits.ptr,
            self.w(self.lay.emb),
            dt,
            rows,
            v,
            d,
        )?;
        g.linear_dw(
            self.gw(self.lay.emb),
            self.logits.ptr,
            self.hf.ptr,
            dt,
            rows,
            v,
            d,
            0.0,
        )?;
        self.norm_bwd(
            self.res[2 * nl].ptr,
            self.rstdf.ptr,
            self.lay.lnf,
            self.dhn.ptr,
            rows,
            false,
        )?;
        for l in (0..nl).rev() {
            let (lo, a) = (self.lay.layers[l], &self.acts[l]);
            // MLP: d(out) = dres
            g.linear_dx(self.ds.ptr, self.dres_t.ptr, self.w(lo.wd), dt, rows, d, f)?;
            g.linear_dw(
                self.gw(lo.wd),
                self.dres_t.ptr,
                a.s.ptr,
                dt,
                rows,
                d,
                f,
                0.0,
            )?;
            ops::swiglu_bwd(g, dt, self.dgu.ptr, self.ds.ptr, a.gu.ptr, rows, f)?;
            g.linear_dx(
                self.dhn.ptr,
                self.dgu.ptr,
                self.w(lo.wgu),
                dt,
                rows,
                2 * f,
                d,
            )?;
            g.linear_dw(
                self.gw(lo.wgu),
                self.dgu.ptr,
                a.hn2.ptr,
                dt,
                rows,
                2 * f,
                d,
                0.0,
            )?;
            self.norm_bwd(
                self.res[2 * l + 1].ptr,
                a.rstd2.ptr,
                lo.ln2,
                self.dhn.ptr,
                rows,
                true,
            )?;
            // attention: d(out) = dres
            g.linear_dx(
                self.datt.ptr,
                self.dres_t.ptr,
                self.w(lo.wo),
                dt,
                rows,
                d,
                d,
            )?;
            g.linear_dw(
                self.gw(lo.wo),
                self.dres_t.ptr,
                a.att.ptr,
                dt,
                rows,
                d,
                d,
                0.0,
            )?;
            ops::attn_bwd(
                g,
                dt,
                self.attn,
                self.shape(seqs),
                self.dqkv.ptr,
                a.qkv.ptr,
                a.att.ptr,
                self.datt.ptr,
                a.lse.ptr,
                self.dterm.ptr,
            )?;
            self.rope(self.dqkv.ptr, rows, -1.0)?;
            g.linear_dx(
                self.dhn.ptr,
                self.dqkv.ptr,
                self.w(lo.wqkv),
                dt,
                rows,
                3 * d,
                d,
            )?;
            g.linear_dw(
                self.gw(lo.wqkv),
                self.dqkv.ptr,
                a.hn1.ptr,
                dt,
                rows,
                3 * d,
                d,
                0.0,
            )?;
            self.norm_bwd(
                self.res[2 * l].ptr,
                a.rstd1.ptr,
                lo.ln1,
                self.dhn.ptr,
                rows,
                true,
            )?;
        }
        // the embedding's share (the tied weight's other use)
        let (_, _, pos, toks, starts) = self.ids(rows);
        ops::embed_bwd(
            g,
            self.gw(self.lay.emb),
            self.dres.ptr,
            toks,
            starts,
            pos,
            distinct,
            d,
        )
    }

    /// Squared global gradient norm into norm2[0].
    pub fn grad_norm(&self) -> Result<()> {
        ops::sumsq(
            &self.gpu,
            self.norm2.ptr,
            self.sq_part.ptr,
            self.g.ptr,
            self.lay.total,
        )
    }

    /// One AdamW update of every parameter (clipping by the norm in norm2).
    pub fn adamw(&self, a: AdamStep) -> Result<()> {
        ops::adamw(
            &self.gpu,
            self.dt,
            self.p32.ptr,
            self.pt.as_ref().map_or(0, |b| b.ptr),
            self.g.ptr,
            self.m.ptr,
            self.v.ptr,
            self.lay.total,
            self.lay.decay_end,
            a,
            self.norm2.ptr,
        )
    }

    /// The per-step loss sums of the first `n` slots.
    pub fn take_losses(&self, n: usize) -> Result<Vec<f32>> {
        self.gpu.download::<f32>(self.loss_acc.ptr, n)
    }

    /// Address of loss slot `i`.
    pub fn loss_slot(&self, i: usize) -> u64 {
        self.loss_acc.at(i, Dt::F32)
    }

    /// Gradients (flat layout, float).
    pub fn grads(&self) -> Result<Vec<f32>> {
        self.gpu.bind()?;
        self.gpu.download(self.g.ptr, self.lay.total)
    }
}
