//! One function per kernel of kernels.cu: the launch configuration and the
//! argument list in one place, used by the engine and by the checks.
//! Pointers are device addresses (`u64`, 0 = null); `rows` = batch x context.

use anyhow::Result;

use super::engine::Attention;
use super::rt::{fa_smem, tc_smem, Arg, Dt, Gpu};

fn k(name: &str, dt: Dt) -> String {
    format!("{name}_{}", dt.suffix())
}

/// x[r] = emb[ids[r]] (float).
pub fn embed_fwd(g: &Gpu, x: u64, emb: u64, ids: u64, rows: usize, d: usize) -> Result<()> {
    g.launch_n(
        "embed_fwd",
        rows * d,
        &[
            Arg::P(x),
            Arg::P(emb),
            Arg::P(ids),
            Arg::I(rows as i32),
            Arg::I(d as i32),
        ],
    )
}

/// demb[toks[i]] += sum of dx over positions pos[starts[i] .. starts[i+1]].
#[allow(clippy::too_many_arguments)]
pub fn embed_bwd(
    g: &Gpu,
    demb: u64,
    dx: u64,
    toks: u64,
    starts: u64,
    pos: u64,
    distinct: usize,
    d: usize,
) -> Result<()> {
    if distinct == 0 {
        return Ok(());
    }
    g.launch(
        "embed_bwd",
        (distinct as u32, 1, 1),
        128,
        0,
        &[
            Arg::P(demb),
            Arg::P(dx),
            Arg::P(toks),
            Arg::P(starts),
            Arg::P(pos),
            Arg::I(d as i32),
        ],
    )
}

/// hn = rmsnorm(xin (+ add -> xout)) * w; rstd per row.
#[allow(clippy::too_many_arguments)]
pub fn rmsnorm_fwd(
    g: &Gpu,
    dt: Dt,
    xout: u64,
    xin: u64,
    add: u64,
    hn: u64,
    rstd: u64,
    w: u64,
    rows: usize,
    d: usize,
    eps: f64,
) -> Result<()> {
    g.launch(
        &k("rmsnorm_fwd", dt),
        (rows.div_ceil(8) as u32, 1, 1),
        256,
        0,
        &[
            Arg::P(xout),
            Arg::P(xin),
            Arg::P(add),
            Arg::P(hn),
            Arg::P(rstd),
            Arg::P(w),
            Arg::I(rows as i32),
            Arg::I(d as i32),
            Arg::F(eps as f32),
        ],
    )
}

/// dres = (acc ? dres : 0) + dx; dres_t = dres in `dt`.
#[allow(clippy::too_many_arguments)]
pub fn rmsnorm_bwd(
    g: &Gpu,
    dt: Dt,
    dres: u64,
    dres_t: u64,
    x: u64,
    rstd: u64,
    w: u64,
    dy: u64,
    rows: usize,
    d: usize,
    acc: bool,
) -> Result<()> {
    g.launch(
        &k("rmsnorm_bwd", dt),
        (rows.div_ceil(8) as u32, 1, 1),
        256,
        0,
        &[
            Arg::P(dres),
            Arg::P(dres_t),
            Arg::P(x),
            Arg::P(rstd),
            Arg::P(w),
            Arg::P(dy),
            Arg::I(rows as i32),
            Arg::I(d as i32),
            Arg::I(acc as i32),
        ],
    )
}

/// Chunks of rows the norm-weight gradient is summed over (then in order).
pub const DW_CHUNKS: usize = 128;

/// dw[c] = sum_r dy[r,c] x[r,c] rstd[r]; `part` holds DW_CHUNKS x d floats.
#[allow(clippy::too_many_arguments)]
pub fn rmsnorm_dw(
    g: &Gpu,
    dt: Dt,
    dw: u64,
    part: u64,
    x: u64,
    rstd: u64,
    dy: u64,
    rows: usize,
    d: usize,
) -> Result<()> {
    let chunks = DW_CHUNKS.min(rows).max(1);
    let rpc = rows.div_ceil(chunks);
    g.launch(
        &k("rmsnorm_dw", dt),
        (d.div_ceil(32) as u32, chunks as u32, 1),
        256,
        0,
        &[
            Arg::P(part),
            Arg::P(x),
            Arg::P(rstd),
            Arg::P(dy),
            Arg::I(rows as i32),
            Arg::I(d as i32),
            Arg::I(rpc as i32),
        ],
    )?;
    g.launch(
        "sum_rows",
        (d.div_ceil(256) as u32, 1, 1),
        256,
        0,
        &[
            Arg::P(dw),
            Arg::P(part),
            Arg::I(chunks as i32),
            Arg::I(d as i32),
        ],
    )
}

/// Rotary embedding in place on the q and k parts of qkv [rows, 3 h hd];
/// dir = -1: the inverse (backward).
#[allow(clippy::too_many_arguments)]
pub fn rope(
    g: &Gpu,
    dt: Dt,
    qkv: u64,
    cos: u64,
    sin: u64,
    rows: usize,
    t: usize,
    h: usize,
    hd: usize,
    dir: f32,
) -> Result<()> {
    g.launch_n(
        &k("rope", dt),
        rows * h * hd,
        &[
            Arg::P(qkv),
            Arg::P(cos),
            Arg::P(sin),
            Arg::I(rows as i32),
            Arg::I(t as i32),
            Arg::I(h as i32),
            Arg::I(hd as i32),
            Arg::F(dir),
        ],
    )
}

pub fn swiglu_fwd(g: &Gpu, dt: Dt, s: u64, gu: u64, rows: usize, f: usize) -> Result<()> {
    g.launch_n(
        &k("swiglu_fwd", dt),
        rows * f,
        &[Arg::P(s), Arg::P(gu), Arg::I(rows as i32), Arg::I(f as i32)],
    )
}

#[allow(clippy::too_many_arguments)]
pub fn swiglu_bwd(
    g: &Gpu,
    dt: Dt,
    dgu: u64,
    ds: u64,
    gu: u64,
    rows: usize,
    f: usize,
) -> Result<()> {
    g.launch_n(
        &k("swiglu_bwd", dt),
        rows * f,
        &[
            Arg::P(dgu),
            Arg::P(ds),
            Arg::P(gu),
            Arg::I(rows as i32),
            Arg::I(f as i32),
        ],
    )
}

/// loss[r] = logsumexp(logits[r]) - logits[r, tgt[r]]; with `grad`, logits
/// become (softmax - onehot) * dscale.
#[allow(clippy::too_many_arguments)]
pub fn classifier(
    g: &Gpu,
    dt: Dt,
    logits: u64,
    loss: u64,
    tgt: u64,
    rows: usize,
    v: usize,
    dscale: f32,
    grad: bool,
) -> Result<()> {
    g.launch(
        &k("classifier", dt),
        (rows as u32, 1, 1),
        256,
        0,
        &[
            Arg::P(logits),
            Arg::P(loss),
            Arg::P(tgt),
            Arg::I(rows as i32),
            Arg::I(v as i32),
            Arg::F(dscale),
            Arg::I(grad as i32),
        ],
    )
}

/// out[0] = (acc ? out[0] : 0) + sum(x[0..n]).
pub fn sum_f32(g: &Gpu, out: u64, x: u64, n: usize, acc: bool) -> Result<()> {
    g.launch(
        "sum_f32",
        (1, 1, 1),
        1024,
        0,
        &[Arg::P(out), Arg::P(x), Arg::L(n as i64), Arg::I(acc as i32)],
    )
}

/// Blocks of the first pass of the squared norm (`part` holds as many floats).
pub const SQ_BLOCKS: usize = 1024;

/// norm2[0] = sum of x[0..n]^2 (fixed order).
pub fn sumsq(g: &Gpu, norm2: u64, part: u64, x: u64, n: usize) -> Result<()> {
    g.launch(
        "sumsq_partial",
        (SQ_BLOCKS as u32, 1, 1),
        256,
        0,
        &[Arg::P(part), Arg::P(x), Arg::L(n as i64)],
    )?;
    g.launch(
        "sumsq_final",
        (1, 1, 1),
        32,
        0,
        &[Arg::P(norm2), Arg::P(part), Arg::I(SQ_BLOCKS as i32)],
    )
}

/// AdamW hyper-parameters of one update.
#[derive(Debug, Clone, Copy)]
pub struct AdamStep {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    /// 1-based step (bias correction).
    pub step1: usize,
    pub weight_decay: f64,
    pub clip: f64,
}

/// p, m, v updated over n elements (decay on [0, decay_end)); pt (if not
/// null) = p in `dt`; gradients scaled by the clip factor of norm2.
#[allow(clippy::too_many_arguments)]
pub fn adamw(
    g: &Gpu,
    dt: Dt,
    p: u64,
    pt: u64,
    grads: u64,
    m: u64,
    v: u64,
    n: usize,
    decay_end: usize,
    a: AdamStep,
    norm2: u64,
) -> Result<()> {
    let k1 = a.step1 as i32;
    let (bc1, bc2) = (1.0 - a.beta1.powi(k1), 1.0 - a.beta2.powi(k1));
    g.launch_n(
        &k("adamw", dt),
        n,
        &[
            Arg::P(p),
            Arg::P(pt),
            Arg::P(grads),
            Arg::P(m),
            Arg::P(v),
            Arg::L(n as i64),
            Arg::L(decay_end as i64),
            Arg::F(a.lr as f32),
            Arg::F(a.beta1 as f32),
            Arg::F(a.beta2 as f32),
            Arg::F(bc1 as f32),
            Arg::F(bc2 as f32),
            Arg::F(1e-8),
            Arg::F(a.weight_decay as f32),
            Arg::F(a.clip as f32),
            Arg::P(norm2),
        ],
    )
}

/// out (bf16) = x (float), n elements.
pub fn cast_bf16(g: &Gpu, out: u64, x: u64, n: usize) -> Result<()> {
    g.launch_n(
        "cast_f32_bf16",
        n,
        &[Arg::P(out), Arg::P(x), Arg::L(n as i64)],
    )
}

/// Shape of an attention call: sequences, context, heads, head size.
#[derive(Debug, Clone, Copy)]
pub struct AttnShape {
    pub seqs: usize,
    pub t: usize,
    pub h: usize,
    pub hd: usize,
}

impl AttnShape {
    fn scale(&self) -> f32 {
        1.0 / (self.hd as f32).sqrt()
    }
    fn base(&self) -> [Arg; 3] {
        [
            Arg::I(self.seqs as i32),
            Arg::I(self.t as i32),
            Arg::I(self.h as i32),
        ]
    }
}

/// out [rows, h hd], lse [seqs, h, t] = causal attention over qkv.
pub fn attn_fwd(
    g: &Gpu,
    dt: Dt,
    attn: Attention,
    s: AttnShape,
    out: u64,
    lse: u64,
    qkv: u64,
) -> Result<()> {
    let [b, t, h] = s.base();
    let grid = (s.t.div_ceil(64) as u32, (s.seqs * s.h) as u32, 1);
    match attn {
        Attention::Flash => g.launch(
            &format!("attn_fwd_fa_{}", s.hd),
            grid,
            128,
            fa_smem(s.hd).0,
            &[
                Arg::P(out),
                Arg::P(lse),
                Arg::P(qkv),
                b,
                t,
                h,
                Arg::F(s.scale()),
            ],
        ),
        Attention::Wmma => g.launch(
            &format!("attn_fwd_tc_{}", s.hd),
            grid,
            128,
            tc_smem(s.hd).0,
            &[
                Arg::P(out),
                Arg::P(lse),
                Arg::P(qkv),
                b,
                t,
                h,
                Arg::F(s.scale()),
            ],
        ),
        Attention::Simple => g.launch(
            &k("attn_fwd_simple", dt),
            ((s.seqs * s.h * s.t).div_ceil(64) as u32, 1, 1),
            64,
            0,
            &[
                Arg::P(out),
                Arg::P(lse),
                Arg::P(qkv),
                b,
                t,
                h,
                Arg::I(s.hd as i32),
                Arg::F(s.scale()),
            ],
        ),
    }
}

/// dqkv = gradient of attention given dout (dterm: scratch of seqs*h*t floats).
#[allow(clippy::too_many_arguments)]
pub fn attn_bwd(
    g: &Gpu,
    dt: Dt,
    attn: Attention,
    s: AttnShape,
    dqkv: u64,
    qkv: u64,
    out: u64,
    dout: u64,
    lse: u64,
    dterm: u64,
) -> Result<()> {
    let [b, t, h] = s.base();
    let nrows = s.seqs * s.t * s.h;
    g.launch_n(
        &k("attn_dterm", dt),
        nrows,
        &[
            Arg::P(dterm),
            Arg::P(out),
            Arg::P(dout),
            b,
            t,
            h,
            Arg::I(s.hd as i32),
        ],
    )?;
    let args = |with_hd: bool| {
        let mut v = vec![
            Arg::P(dqkv),
            Arg::P(qkv),
            Arg::P(dout),
            Arg::P(lse),
            Arg::P(dterm),
            b,
            t,
            h,
        ];
        if with_hd {
            v.push(Arg::I(s.hd as i32));
        }
        v.push(Arg::F(s.scale()));
        v
    };
    match attn {
        Attention::Flash | Attention::Wmma => {
            let grid = (s.t.div_ceil(64) as u32, (s.seqs * s.h) as u32, 1);
            let (kind, smem) = if attn == Attention::Flash {
                ("fa", fa_smem(s.hd).1)
            } else {
                ("tc", tc_smem(s.hd).1)
            };
            g.launch(
                &format!("attn_bwd_dkdv_{kind}_{}", s.hd),
                grid,
                128,
                smem,
                &args(false),
            )?;
            g.launch(
                &format!("attn_bwd_dq_{kind}_{}", s.hd),
                grid,
                128,
                smem,
                &args(false),
            )
        }
        Attention::Simple => {
            let grid = (nrows.div_ceil(64) as u32, 1, 1);
            g.launch(&k("attn_bwd_dkdv_simple", dt), grid, 64, 0, &args(true))?;
            g.launch(&k("attn_bwd_dq_simple", dt), grid, 64, 0, &args(true))
        }
    }
}
