//! `curate gpu check`: every kernel against a float64 CPU reference on fresh
//! random inputs (outputs poisoned with NaN first, so an unwritten element
//! fails), the tensor-core attention against the simple kernels, one
//! training step's loss and gradients against the candle CPU model, the
//! training loop against the CPU loop, a killed and resumed run against an
//! uninterrupted one, and (with 2+ GPUs) data parallel against one GPU.
//! The error is ||out - ref|| / ||ref||; a NaN fails.

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::Result;
use candle_core::{Device, Tensor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};

use super::engine::{Attention, Engine, Inputs, Layout};
use super::ops::{self, AdamStep, AttnShape};
use super::rt::{self, DBuf, Dt, Gpu};
use super::{flatten, train_cuda, unflatten, CudaOptions, Precision};
use crate::model::{Config, Gpt};
use crate::tokens::Tokens;
use crate::train::{train, TrainConfig};

/// One line of the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    pub check: String,
    pub err: f64,
    pub tol: f64,
    pub ok: bool,
    pub note: String,
}

struct Ck {
    rng: StdRng,
    rows: Vec<Row>,
}

fn bf16_bits(x: f32) -> u16 {
    let b = x.to_bits();
    let r = ((b >> 16) & 1) + 0x7FFF;
    (b.wrapping_add(r) >> 16) as u16
}
fn bf16_val(h: u16) -> f32 {
    f32::from_bits((h as u32) << 16)
}
/// Round through the activation type (what the GPU sees).
fn round(v: &[f32], dt: Dt) -> Vec<f32> {
    match dt {
        Dt::F32 => v.to_vec(),
        Dt::Bf16 => v.iter().map(|&x| bf16_val(bf16_bits(x))).collect(),
    }
}

/// ||a - b|| / ||b|| (infinite on NaN or length mismatch).
pub fn rel_err(a: &[f32], b: &[f64]) -> f64 {
    if a.len() != b.len() {
        return f64::INFINITY;
    }
    let (mut num, mut den) = (0f64, 0f64);
    for (&x, &y) in a.iter().zip(b) {
        if !x.is_finite() {
            return f64::INFINITY;
        }
        num += (x as f64 - y).powi(2);
        den += y * y;
    }
    if den == 0.0 {
        num.sqrt()
    } else {
        (num / den).sqrt()
    }
}

fn up(g: &Gpu, v: &[f32], dt: Dt) -> Result<DBuf> {
    let b = g.alloc(v.len() * dt.bytes())?;
    match dt {
        Dt::F32 => g.upload(b.ptr, v)?,
        Dt::Bf16 => g.upload(
            b.ptr,
            &v.iter().map(|&x| bf16_bits(x)).collect::<Vec<u16>>(),
        )?,
    }
    Ok(b)
}
fn up_u32(g: &Gpu, v: &[u32]) -> Result<DBuf> {
    let b = g.alloc(v.len() * 4)?;
    g.upload(b.ptr, v)?;
    Ok(b)
}
/// A NaN-filled buffer of n elements.
fn poisoned(g: &Gpu, n: usize, dt: Dt) -> Result<DBuf> {
    let b = g.alloc(n * dt.bytes())?;
    g.memset(b.ptr, 0xFF, n * dt.bytes())?;
    Ok(b)
}
fn down(g: &Gpu, b: &DBuf, n: usize, dt: Dt) -> Result<Vec<f32>> {
    g.sync()?;
    Ok(match dt {
        Dt::F32 => g.download::<f32>(b.ptr, n)?,
        Dt::Bf16 => g
            .download::<u16>(b.ptr, n)?
            .into_iter()
            .map(bf16_val)
            .collect(),
    })
}

fn tol(dt: Dt) -> f64 {
    match dt {
        Dt::F32 => 1e-5,
        Dt::Bf16 => 1e-2,
    }
}

impl Ck {
    fn randn(&mut self, n: usize, std: f32) -> Vec<f32> {
        let d = Normal::new(0.0, std).unwrap();
        (0..n).map(|_| d.sample(&mut self.rng)).collect()
    }
    fn record(&mut self, check: impl Into<String>, err: f64, tol: f64, note: impl Into<String>) {
        let row = Row {
            check: check.into(),
            err,
            tol,
            ok: err <= tol,
            note: note.into(),
        };
        println!(
            "{:<58} {:>10.3e}  (tol {:.0e})  {}{}",
            row.check,
            row.err,
            row.tol,
            if row.ok { "ok" } else { "FAIL" },
            if row.note.is_empty() {
                String::new()
            } else {
                format!("  {}", row.note)
            }
        );
        self.rows.push(row);
    }
    /// Run a check, recording an error as a failure instead of stopping.
    fn guard(&mut self, name: &str, f: impl FnOnce(&mut Ck) -> Result<()>) {
        if let Err(e) = f(self) {
            self.record(name, f64::INFINITY, 0.0, format!("error: {e:#}"));
        }
    }
}

// ---------------------------------------------------------------- kernels

fn check_norm(ck: &mut Ck, g: &Gpu, dt: Dt, d: usize) -> Result<()> {
    let (rows, eps) = (333usize, 1e-5f64);
    let x = ck.randn(rows * d, 1.0);
    let add = round(&ck.randn(rows * d, 0.5), dt);
    let w: Vec<f32> = ck.randn(d, 0.2).iter().map(|v| 1.0 + v).collect();
    let (bx, badd, bw) = (up(g, &x, Dt::F32)?, up(g, &add, dt)?, up(g, &w, Dt::F32)?);
    let xo = poisoned(g, rows * d, Dt::F32)?;
    let hn = poisoned(g, rows * d, dt)?;
    let rs = poisoned(g, rows, Dt::F32)?;
    ops::rmsnorm_fwd(
        g, dt, xo.ptr, bx.ptr, badd.ptr, hn.ptr, rs.ptr, bw.ptr, rows, d, eps,
    )?;
    let (mut rxo, mut rhn, mut rrs) =
        (vec![0f64; rows * d], vec![0f64; rows * d], vec![0f64; rows]);
    for r in 0..rows {
        let mut ss = 0f64;
        for c in 0..d {
            let v = x[r * d + c] as f64 + add[r * d + c] as f64;
            rxo[r * d + c] = v;
            ss += v * v;
        }
        let inv = 1.0 / (ss / d as f64 + eps).sqrt();
        rrs[r] = inv;
        for c in 0..d {
            rhn[r * d + c] = rxo[r * d + c] * inv * w[c] as f64;
        }
    }
    let sfx = format!("{} D{d}", dt.suffix());
    ck.record(
        format!("rmsnorm_fwd_{sfx}: x + add"),
        rel_err(&down(g, &xo, rows * d, Dt::F32)?, &rxo),
        1e-6,
        "",
    );
    ck.record(
        format!("rmsnorm_fwd_{sfx}: out"),
        rel_err(&down(g, &hn, rows * d, dt)?, &rhn),
        tol(dt),
        "",
    );
    ck.record(
        format!("rmsnorm_fwd_{sfx}: rstd"),
        rel_err(&down(g, &rs, rows, Dt::F32)?, &rrs),
        1e-5,
        "",
    );
    // backward, accumulating into a residual gradient
    let dy = round(&ck.randn(rows * d, 1.0), dt);
    let dres0 = ck.randn(rows * d, 1.0);
    let rsv: Vec<f32> = rrs.iter().map(|&v| v as f32).collect();
    let (bdy, bdres, brs, bxo) = (
        up(g, &dy, dt)?,
        up(g, &dres0, Dt::F32)?,
        up(g, &rsv, Dt::F32)?,
        up(g, &x, Dt::F32)?,
    );
    let dt_out = poisoned(g, rows * d, dt)?;
    let dw = poisoned(g, d, Dt::F32)?;
    let part = poisoned(g, ops::DW_CHUNKS * d, Dt::F32)?;
    ops::rmsnorm_bwd(
        g, dt, bdres.ptr, dt_out.ptr, bxo.ptr, brs.ptr, bw.ptr, bdy.ptr, rows, d, true,
    )?;
    ops::rmsnorm_dw(g, dt, dw.ptr, part.ptr, bxo.ptr, brs.ptr, bdy.ptr, rows, d)?;
    let mut rdres = vec![0f64; rows * d];
    let mut rdw = vec![0f64; d];
    for r in 0..rows {
        let inv = rsv[r] as f64;
        let xs = &x[r * d..(r + 1) * d];
        let dot: f64 = (0..d)
            .map(|c| dy[r * d + c] as f64 * w[c] as f64 * xs[c] as f64)
            .sum();
        for c in 0..d {
            let dx = inv * w[c] as f64 * dy[r * d + c] as f64
                - xs[c] as f64 * inv.powi(3) * dot / d as f64;
            rdres[r * d + c] = dres0[r * d + c] as f64 + dx;
            rdw[c] += dy[r * d + c] as f64 * xs[c] as f64 * inv;
        }
    }
    ck.record(
        format!("rmsnorm_bwd_{sfx}: dx + dres"),
        rel_err(&down(g, &bdres, rows * d, Dt::F32)?, &rdres),
        1e-5,
        "",
    );
    ck.record(
        format!("rmsnorm_bwd_{sfx}: dx (activation copy)"),
        rel_err(&down(g, &dt_out, rows * d, dt)?, &rdres),
        tol(dt),
        "",
    );
    ck.record(
        format!("rmsnorm_dw_{sfx}: dw"),
        rel_err(&down(g, &dw, d, Dt::F32)?, &rdw),
        1e-5,
        "",
    );
    Ok(())
}

fn check_embed(ck: &mut Ck, g: &Gpu) -> Result<()> {
    let (v, d, rows) = (97usize, 72usize, 300usize);
    let emb = ck.randn(v * d, 1.0);
    let ids: Vec<u32> = (0..rows)
        .map(|_| ck.rng.random_range(0..v as u32))
        .collect();
    let (be, bi) = (up(g, &emb, Dt::F32)?, up_u32(g, &ids)?);
    let x = poisoned(g, rows * d, Dt::F32)?;
    ops::embed_fwd(g, x.ptr, be.ptr, bi.ptr, rows, d)?;
    let r: Vec<f64> = ids
        .iter()
        .flat_map(|&i| {
            emb[i as usize * d..(i as usize + 1) * d]
                .iter()
                .map(|&x| x as f64)
        })
        .collect();
    ck.record(
        "embed_fwd",
        rel_err(&down(g, &x, rows * d, Dt::F32)?, &r),
        0.0,
        "",
    );
    // backward through the packed token -> positions index
    let dx = ck.randn(rows * d, 1.0);
    let base = ck.randn(v * d, 1.0);
    let mut words = vec![];
    let (_, distinct) = Inputs::pack(&ids, &ids, &mut words);
    let bw = up_u32(g, &words)?;
    let (bdx, bdemb) = (up(g, &dx, Dt::F32)?, up(g, &base, Dt::F32)?);
    let w = |k: usize| bw.ptr + (k * rows * 4) as u64;
    ops::embed_bwd(g, bdemb.ptr, bdx.ptr, w(3), w(4), w(2), distinct, d)?;
    let mut r: Vec<f64> = base.iter().map(|&x| x as f64).collect();
    for (p, &i) in ids.iter().enumerate() {
        for c in 0..d {
            r[i as usize * d + c] += dx[p * d + c] as f64;
        }
    }
    ck.record(
        "embed_bwd (sorted positions, no atomics)",
        rel_err(&down(g, &bdemb, v * d, Dt::F32)?, &r),
        1e-6,
        "",
    );
    Ok(())
}

fn rope_ref(
    qkv: &[f32],
    rows: usize,
    t: usize,
    h: usize,
    hd: usize,
    theta: f64,
    dir: f64,
) -> Vec<f64> {
    let d = h * hd;
    let mut out: Vec<f64> = qkv.iter().map(|&x| x as f64).collect();
    for r in 0..rows {
        let pos = (r % t) as f64;
        for part in 0..2 {
            for hh in 0..h {
                let o = r * 3 * d + part * d + hh * hd;
                for i in 0..hd / 2 {
                    let inv = 1.0 / theta.powf(2.0 * i as f64 / hd as f64);
                    let (c, s) = ((pos * inv).cos(), (pos * inv).sin() * dir);
                    let (x1, x2) = (qkv[o + i] as f64, qkv[o + i + hd / 2] as f64);
                    out[o + i] = x1 * c - x2 * s;
                    out[o + i + hd / 2] = x2 * c + x1 * s;
                }
            }
        }
    }
    out
}

fn check_rope_swiglu(ck: &mut Ck, g: &Gpu, dt: Dt, hd: usize, f: usize) -> Result<()> {
    let (seqs, t, h) = (3usize, 40usize, 3usize);
    let rows = seqs * t;
    let d = h * hd;
    let cfg = Config {
        vocab_size: 16,
        hidden_size: d,
        intermediate_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: h,
        max_position_embeddings: t,
        rms_norm_eps: 1e-5,
        rope_theta: 10000.0,
    };
    let (cs, sn) = rope_tables(&cfg);
    let (bc, bs) = (up(g, &cs, Dt::F32)?, up(g, &sn, Dt::F32)?);
    let sfx = format!("{} hd{hd}", dt.suffix());
    for (dir, what) in [(1.0f32, "forward"), (-1.0, "inverse (backward)")] {
        let x = round(&ck.randn(rows * 3 * d, 1.0), dt);
        let bx = up(g, &x, dt)?;
        ops::rope(g, dt, bx.ptr, bc.ptr, bs.ptr, rows, t, h, hd, dir)?;
        let r = rope_ref(&x, rows, t, h, hd, 10000.0, dir as f64);
        ck.record(
            format!("rope_{sfx}: {what}"),
            rel_err(&down(g, &bx, rows * 3 * d, dt)?, &r),
            tol(dt) * 0.5,
            "",
        );
    }
    let sfx = format!("{} F{f}", dt.suffix());
    let gu = round(&ck.randn(rows * 2 * f, 1.5), dt);
    let ds = round(&ck.randn(rows * f, 1.0), dt);
    let (bgu, bds) = (up(g, &gu, dt)?, up(g, &ds, dt)?);
    let s = poisoned(g, rows * f, dt)?;
    let dgu = poisoned(g, rows * 2 * f, dt)?;
    ops::swiglu_fwd(g, dt, s.ptr, bgu.ptr, rows, f)?;
    ops::swiglu_bwd(g, dt, dgu.ptr, bds.ptr, bgu.ptr, rows, f)?;
    let (mut rs, mut rdg) = (vec![0f64; rows * f], vec![0f64; rows * 2 * f]);
    for r in 0..rows {
        for c in 0..f {
            let (gg, u, dd) = (
                gu[r * 2 * f + c] as f64,
                gu[r * 2 * f + f + c] as f64,
                ds[r * f + c] as f64,
            );
            let sg = 1.0 / (1.0 + (-gg).exp());
            rs[r * f + c] = gg * sg * u;
            rdg[r * 2 * f + c] = dd * u * sg * (1.0 + gg * (1.0 - sg));
            rdg[r * 2 * f + f + c] = dd * gg * sg;
        }
    }
    ck.record(
        format!("swiglu_fwd_{sfx}"),
        rel_err(&down(g, &s, rows * f, dt)?, &rs),
        tol(dt),
        "",
    );
    ck.record(
        format!("swiglu_bwd_{sfx}"),
        rel_err(&down(g, &dgu, rows * 2 * f, dt)?, &rdg),
        tol(dt),
        "",
    );
    Ok(())
}

fn check_classifier(ck: &mut Ck, g: &Gpu, dt: Dt, v: usize) -> Result<()> {
    let rows = 77usize;
    let lg = round(&ck.randn(rows * v, 3.0), dt);
    let tg: Vec<u32> = (0..rows)
        .map(|_| ck.rng.random_range(0..v as u32))
        .collect();
    let (bl, bt) = (up(g, &lg, dt)?, up_u32(g, &tg)?);
    let loss = poisoned(g, rows, Dt::F32)?;
    let dscale = 1.0 / 300.0;
    ops::classifier(g, dt, bl.ptr, loss.ptr, bt.ptr, rows, v, dscale, true)?;
    let (mut rl, mut rg) = (vec![0f64; rows], vec![0f64; rows * v]);
    for r in 0..rows {
        let row = &lg[r * v..(r + 1) * v];
        let m = row.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b as f64));
        let s: f64 = row.iter().map(|&x| (x as f64 - m).exp()).sum();
        let lse = m + s.ln();
        rl[r] = lse - row[tg[r] as usize] as f64;
        for c in 0..v {
            let p = (row[c] as f64 - lse).exp();
            rg[r * v + c] = (p - if c == tg[r] as usize { 1.0 } else { 0.0 }) * dscale as f64;
        }
    }
    let sfx = format!("{} V{v}", dt.suffix());
    ck.record(
        format!("classifier_{sfx}: loss"),
        rel_err(&down(g, &loss, rows, Dt::F32)?, &rl),
        1e-5,
        "",
    );
    ck.record(
        format!("classifier_{sfx}: dlogits"),
        rel_err(&down(g, &bl, rows * v, dt)?, &rg),
        tol(dt),
        "",
    );
    // sum of the losses
    let out = poisoned(g, 1, Dt::F32)?;
    ops::sum_f32(g, out.ptr, loss.ptr, rows, false)?;
    ck.record(
        "sum_f32",
        rel_err(&down(g, &out, 1, Dt::F32)?, &[rl.iter().sum::<f64>()]),
        1e-5,
        "",
    );
    Ok(())
}

fn check_adamw(ck: &mut Ck, g: &Gpu, dt: Dt) -> Result<()> {
    let n = 100_003usize;
    let decay_end = 70_001usize;
    let p = ck.randn(n, 0.5);
    let gr = ck.randn(n, 0.01);
    let m = ck.randn(n, 0.01);
    let v: Vec<f32> = ck.randn(n, 1e-4).iter().map(|x| x.abs()).collect();
    let sq: f64 = gr.iter().map(|&x| x as f64 * x as f64).sum();
    for (clip, what) in [
        (0.5 * sq.sqrt(), "clipped"),
        (10.0 * sq.sqrt(), "not clipped"),
    ] {
        let (bp, bg, bm, bv) = (
            up(g, &p, Dt::F32)?,
            up(g, &gr, Dt::F32)?,
            up(g, &m, Dt::F32)?,
            up(g, &v, Dt::F32)?,
        );
        let pt = poisoned(g, n, Dt::Bf16)?;
        let norm2 = poisoned(g, 1, Dt::F32)?;
        let part = poisoned(g, ops::SQ_BLOCKS, Dt::F32)?;
        ops::sumsq(g, norm2.ptr, part.ptr, bg.ptr, n)?;
        let a = AdamStep {
            lr: 3e-3,
            beta1: 0.9,
            beta2: 0.95,
            step1: 7,
            weight_decay: 0.1,
            clip,
        };
        let ptp = if dt == Dt::Bf16 { pt.ptr } else { 0 };
        ops::adamw(
            g, dt, bp.ptr, ptp, bg.ptr, bm.ptr, bv.ptr, n, decay_end, a, norm2.ptr,
        )?;
        ck.record(
            "sumsq (squared gradient norm)",
            rel_err(&down(g, &norm2, 1, Dt::F32)?, &[sq]),
            1e-5,
            "",
        );
        let norm = sq.sqrt();
        let sc = if norm > clip {
            clip / (norm + 1e-6)
        } else {
            1.0
        };
        let (bc1, bc2) = (1.0 - 0.9f64.powi(7), 1.0 - 0.95f64.powi(7));
        let (mut rp, mut rm, mut rv) = (vec![0f64; n], vec![0f64; n], vec![0f64; n]);
        for i in 0..n {
            let gi = gr[i] as f64 * sc;
            rm[i] = 0.9 * m[i] as f64 + 0.1 * gi;
            rv[i] = 0.95 * v[i] as f64 + 0.05 * gi * gi;
            let upd = (rm[i] / bc1) / ((rv[i] / bc2).sqrt() + 1e-8);
            let wd = if i < decay_end { 0.1 } else { 0.0 };
            rp[i] = p[i] as f64 * (1.0 - 3e-3 * wd) - 3e-3 * upd;
        }
        let sfx = dt.suffix();
        ck.record(
            format!("adamw_{sfx} ({what}): params"),
            rel_err(&down(g, &bp, n, Dt::F32)?, &rp),
            1e-6,
            "",
        );
        ck.record(
            format!("adamw_{sfx} ({what}): m"),
            rel_err(&down(g, &bm, n, Dt::F32)?, &rm),
            1e-6,
            "",
        );
        ck.record(
            format!("adamw_{sfx} ({what}): v"),
            rel_err(&down(g, &bv, n, Dt::F32)?, &rv),
            1e-6,
            "",
        );
        if dt == Dt::Bf16 {
            ck.record(
                "adamw_bf16: bf16 weight copy",
                rel_err(&down(g, &pt, n, Dt::Bf16)?, &rp),
                4e-3,
                "",
            );
        }
    }
    Ok(())
}

fn check_gemm(ck: &mut Ck, g: &Gpu, dt: Dt) -> Result<()> {
    let (m, n, k) = (200usize, 96usize, 136usize);
    let x = round(&ck.randn(m * k, 1.0), dt);
    let w = round(&ck.randn(n * k, 1.0), dt);
    let dy = round(&ck.randn(m * n, 1.0), dt);
    let (bx, bw, bdy) = (up(g, &x, dt)?, up(g, &w, dt)?, up(g, &dy, dt)?);
    let y = poisoned(g, m * n, dt)?;
    let dx = poisoned(g, m * k, dt)?;
    let dwb = ck.randn(n * k, 1.0);
    let dw = up(g, &dwb, Dt::F32)?;
    g.linear(y.ptr, dt, bx.ptr, bw.ptr, dt, m, n, k)?;
    g.linear_dx(dx.ptr, bdy.ptr, bw.ptr, dt, m, n, k)?;
    g.linear_dw(dw.ptr, bdy.ptr, bx.ptr, dt, m, n, k, 1.0)?;
    let mut ry = vec![0f64; m * n];
    let mut rdx = vec![0f64; m * k];
    let mut rdw: Vec<f64> = dwb.iter().map(|&v| v as f64).collect();
    for i in 0..m {
        for j in 0..n {
            let s: f64 = (0..k)
                .map(|c| x[i * k + c] as f64 * w[j * k + c] as f64)
                .sum();
            ry[i * n + j] = s;
            for c in 0..k {
                rdx[i * k + c] += dy[i * n + j] as f64 * w[j * k + c] as f64;
                rdw[j * k + c] += dy[i * n + j] as f64 * x[i * k + c] as f64;
            }
        }
    }
    let sfx = dt.suffix();
    ck.record(
        format!("cuBLAS {sfx}: y = x w^T"),
        rel_err(&down(g, &y, m * n, dt)?, &ry),
        tol(dt),
        "",
    );
    ck.record(
        format!("cuBLAS {sfx}: dx = dy w"),
        rel_err(&down(g, &dx, m * k, dt)?, &rdx),
        tol(dt),
        "",
    );
    ck.record(
        format!("cuBLAS {sfx}: dw += dy^T x (float)"),
        rel_err(&down(g, &dw, n * k, Dt::F32)?, &rdw),
        1e-5,
        "",
    );
    Ok(())
}

// ---------------------------------------------------------------- attention

/// Reference causal attention in float64 over qkv [seqs*t, 3 h hd]:
/// (out, lse, dqkv) for upstream gradient dout [seqs*t, h hd].
fn attn_ref(qkv: &[f32], dout: &[f32], s: AttnShape) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let (t, h, hd) = (s.t, s.h, s.hd);
    let d = h * hd;
    let scale = 1.0 / (hd as f64).sqrt();
    let mut out = vec![0f64; s.seqs * t * d];
    let mut lse = vec![0f64; s.seqs * h * t];
    let mut dqkv = vec![0f64; s.seqs * t * 3 * d];
    let q = |b: usize, i: usize, hh: usize, c: usize| qkv[(b * t + i) * 3 * d + hh * hd + c] as f64;
    let kk =
        |b: usize, i: usize, hh: usize, c: usize| qkv[(b * t + i) * 3 * d + d + hh * hd + c] as f64;
    let vv = |b: usize, i: usize, hh: usize, c: usize| {
        qkv[(b * t + i) * 3 * d + 2 * d + hh * hd + c] as f64
    };
    for b in 0..s.seqs {
        for hh in 0..h {
            for i in 0..t {
                let sc: Vec<f64> = (0..=i)
                    .map(|j| {
                        (0..hd)
                            .map(|c| q(b, i, hh, c) * kk(b, j, hh, c))
                            .sum::<f64>()
                            * scale
                    })
                    .collect();
                let m = sc.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
                let z: f64 = sc.iter().map(|x| (x - m).exp()).sum();
                let p: Vec<f64> = sc.iter().map(|x| (x - m).exp() / z).collect();
                lse[(b * h + hh) * t + i] = m + z.ln();
                for c in 0..hd {
                    out[(b * t + i) * d + hh * hd + c] =
                        (0..=i).map(|j| p[j] * vv(b, j, hh, c)).sum();
                }
                let d_out = |c: usize| dout[(b * t + i) * d + hh * hd + c] as f64;
                let dp: Vec<f64> = (0..=i)
                    .map(|j| (0..hd).map(|c| d_out(c) * vv(b, j, hh, c)).sum())
                    .collect();
                let dsum: f64 = (0..=i).map(|j| p[j] * dp[j]).sum();
                for j in 0..=i {
                    let ds = p[j] * (dp[j] - dsum) * scale;
                    for c in 0..hd {
                        dqkv[(b * t + i) * 3 * d + hh * hd + c] += ds * kk(b, j, hh, c);
                        dqkv[(b * t + j) * 3 * d + d + hh * hd + c] += ds * q(b, i, hh, c);
                        dqkv[(b * t + j) * 3 * d + 2 * d + hh * hd + c] += p[j] * d_out(c);
                    }
                }
            }
        }
    }
    (out, lse, dqkv)
}

/// Run attention forward + backward on the GPU: (out, lse, dqkv, fwd ms, bwd ms).
#[allow(clippy::type_complexity)]
fn attn_gpu(
    g: &Gpu,
    dt: Dt,
    attn: Attention,
    s: AttnShape,
    qkv: &[f32],
    dout: &[f32],
) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>, f32, f32)> {
    let rows = s.seqs * s.t;
    let d = s.h * s.hd;
    let (bq, bdo) = (up(g, qkv, dt)?, up(g, dout, dt)?);
    let out = poisoned(g, rows * d, dt)?;
    let lse = poisoned(g, s.seqs * s.h * s.t, Dt::F32)?;
    let dq = poisoned(g, rows * 3 * d, dt)?;
    let dterm = poisoned(g, s.seqs * s.h * s.t, Dt::F32)?;
    let (e0, e1, e2) = (g.event()?, g.event()?, g.event()?);
    e0.record(g)?;
    ops::attn_fwd(g, dt, attn, s, out.ptr, lse.ptr, bq.ptr)?;
    e1.record(g)?;
    ops::attn_bwd(
        g, dt, attn, s, dq.ptr, bq.ptr, out.ptr, bdo.ptr, lse.ptr, dterm.ptr,
    )?;
    e2.record(g)?;
    e2.sync()?;
    Ok((
        down(g, &out, rows * d, dt)?,
        down(g, &lse, s.seqs * s.h * s.t, Dt::F32)?,
        down(g, &dq, rows * 3 * d, dt)?,
        e0.ms_to(&e1)?,
        e1.ms_to(&e2)?,
    ))
}

fn check_attention(ck: &mut Ck, g: &Gpu) -> Result<()> {
    // simple kernels, f32 and bf16, odd sizes, against float64
    for (dt, hd) in [
        (Dt::F32, 16usize),
        (Dt::Bf16, 16),
        (Dt::F32, 40),
        (Dt::Bf16, 12),
    ] {
        let s = AttnShape {
            seqs: 2,
            t: 70,
            h: 3,
            hd,
        };
        let qkv = round(&ck.randn(s.seqs * s.t * 3 * s.h * hd, 1.0), dt);
        let dout = round(&ck.randn(s.seqs * s.t * s.h * hd, 1.0), dt);
        let (ro, rl, rd) = attn_ref(&qkv, &dout, s);
        let (o, l, dq, _, _) = attn_gpu(g, dt, Attention::Simple, s, &qkv, &dout)?;
        let name = format!("attention simple {} hd{hd} T{}", dt.suffix(), s.t);
        ck.record(format!("{name}: out"), rel_err(&o, &ro), tol(dt), "");
        ck.record(format!("{name}: lse"), rel_err(&l, &rl), 1e-5, "");
        ck.record(
            format!("{name}: dq|dk|dv"),
            rel_err(&dq, &rd),
            tol(dt) * 2.0,
            "",
        );
    }
    // tensor-core kernels against float64 (T not a multiple of the tile)
    for attn in [Attention::Flash, Attention::Wmma] {
        for hd in rt::TC_HEAD_DIMS {
            let s = AttnShape {
                seqs: 2,
                t: 150,
                h: 2,
                hd,
            };
            let qkv = round(&ck.randn(s.seqs * s.t * 3 * s.h * hd, 1.0), Dt::Bf16);
            let dout = round(&ck.randn(s.seqs * s.t * s.h * hd, 1.0), Dt::Bf16);
            let (ro, rl, rd) = attn_ref(&qkv, &dout, s);
            let (o, l, dq, _, _) = attn_gpu(g, Dt::Bf16, attn, s, &qkv, &dout)?;
            let name = format!("attention {} bf16 hd{hd} T{}", attn.name(), s.t);
            ck.record(format!("{name}: out"), rel_err(&o, &ro), 1e-2, "");
            ck.record(format!("{name}: lse"), rel_err(&l, &rl), 1e-4, "");
            let d = s.h * hd;
            for (part, what) in [(0, "dq"), (1, "dk"), (2, "dv")] {
                let pick = |v: &[f32]| -> Vec<f32> {
                    v.chunks(3 * d)
                        .flat_map(|r| r[part * d..(part + 1) * d].to_vec())
                        .collect()
                };
                let pick64: Vec<f64> = rd
                    .chunks(3 * d)
                    .flat_map(|r| r[part * d..(part + 1) * d].to_vec())
                    .collect();
                ck.record(
                    format!("{name}: {what}"),
                    rel_err(&pick(&dq), &pick64),
                    2e-2,
                    "",
                );
            }
        }
    }
    // at training size: the tensor-core kernels against the simple ones, all bf16, and their times
    let s = AttnShape {
        seqs: 8,
        t: 512,
        h: 8,
        hd: 64,
    };
    let qkv = round(&ck.randn(s.seqs * s.t * 3 * s.h * s.hd, 1.0), Dt::Bf16);
    let dout = round(&ck.randn(s.seqs * s.t * s.h * s.hd, 1.0), Dt::Bf16);
    let (so, sl, sd, sf, sb) = attn_gpu(g, Dt::Bf16, Attention::Simple, s, &qkv, &dout)?;
    let f64v = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    for attn in [Attention::Flash, Attention::Wmma] {
        let _ = attn_gpu(g, Dt::Bf16, attn, s, &qkv, &dout)?; // warm
        let mut times = vec![];
        let mut last = None;
        for _ in 0..3 {
            let r = attn_gpu(g, Dt::Bf16, attn, s, &qkv, &dout)?;
            times.push((r.3, r.4));
            last = Some(r);
        }
        let (fo, fl, fd, _, _) = last.unwrap();
        times.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
        let (ff, fb) = times[1];
        let flops = 4.0 * (s.seqs * s.h) as f64 * (s.t * s.t) as f64 / 2.0 * s.hd as f64;
        let note = format!(
            "{} {ff:.3}+{fb:.3} ms ({:.0}/{:.0} TFLOP/s), simple {sf:.1}+{sb:.1} ms (fwd+bwd, B8 H8 T512 hd64)",
            attn.name(),
            flops / ff as f64 / 1e9,
            2.5 * flops / fb as f64 / 1e9
        );
        let n = attn.name();
        ck.record(
            format!("attention {n} vs simple bf16 T512: out"),
            rel_err(&fo, &f64v(&so)),
            1e-2,
            note,
        );
        ck.record(
            format!("attention {n} vs simple bf16 T512: lse"),
            rel_err(&fl, &f64v(&sl)),
            1e-4,
            "",
        );
        ck.record(
            format!("attention {n} vs simple bf16 T512: dqkv"),
            rel_err(&fd, &f64v(&sd)),
            3e-2,
            "",
        );
    }
    // shared-memory sizes agree with kernels.cu
    for hd in rt::TC_HEAD_DIMS {
        for (k, (f, bw)) in [
            ("attn_smem", rt::tc_smem(hd)),
            ("attn_fa_smem", rt::fa_smem(hd)),
        ] {
            let b = g.alloc(8)?;
            g.launch(&format!("{k}_{hd}"), (1, 1, 1), 1, 0, &[rt::Arg::P(b.ptr)])?;
            let v = g.download::<i32>(b.ptr, 2)?;
            let bad = (v[0] as u32 != f) as u32 + (v[1] as u32 != bw) as u32;
            ck.record(
                format!("{k} hd{hd}: {}/{} bytes", v[0], v[1]),
                bad as f64,
                0.0,
                "",
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- model

pub fn rope_tables(cfg: &Config) -> (Vec<f32>, Vec<f32>) {
    let hd = cfg.head_dim();
    let t = cfg.max_position_embeddings;
    let inv: Vec<f32> = (0..hd / 2)
        .map(|i| 1.0 / (cfg.rope_theta as f32).powf(2.0 * i as f32 / hd as f32))
        .collect();
    let (mut cs, mut sn) = (Vec::with_capacity(t * hd), Vec::with_capacity(t * hd));
    for p in 0..t {
        for _ in 0..2 {
            for f in &inv {
                let a = p as f32 * f;
                cs.push(a.cos());
                sn.push(a.sin());
            }
        }
    }
    (cs, sn)
}

fn small_config() -> Config {
    Config {
        vocab_size: 512,
        hidden_size: 128,
        intermediate_size: 344,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        max_position_embeddings: 96,
        rms_norm_eps: 1e-5,
        rope_theta: 10000.0,
    }
}

/// Loss and gradients of one batch on the CPU (candle autograd) and on the
/// GPU engine, per parameter.
fn check_model(ck: &mut Ck) -> Result<()> {
    let cfg = small_config();
    let (seqs, t) = (4usize, cfg.max_position_embeddings);
    let model = Gpt::init(&cfg, ck.rng.random(), &Device::Cpu)?;
    let toks: Vec<u32> = (0..seqs * (t + 1))
        .map(|_| ck.rng.random_range(0..cfg.vocab_size as u32))
        .collect();
    let (mut xs, mut ys) = (vec![], vec![]);
    for s in 0..seqs {
        xs.extend_from_slice(&toks[s * (t + 1)..s * (t + 1) + t]);
        ys.extend_from_slice(&toks[s * (t + 1) + 1..(s + 1) * (t + 1)]);
    }
    let x = Tensor::from_vec(xs.clone(), (seqs, t), &Device::Cpu)?;
    let y = Tensor::from_vec(ys.clone(), (seqs, t), &Device::Cpu)?;
    let loss = model.loss(&x, &y)?;
    let cpu_loss = loss.to_vec0::<f32>()? as f64;
    let grads = loss.backward()?;
    let lay = Layout::new(&cfg);
    let params: BTreeMap<String, Tensor> = model
        .params
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect();
    let cpu_grads: BTreeMap<String, Vec<f64>> = model
        .params
        .iter()
        .map(|(k, v)| {
            let g: Vec<f32> = grads
                .get(v.as_tensor())
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1()
                .unwrap();
            (k.clone(), g.into_iter().map(|x| x as f64).collect())
        })
        .collect();
    let flat = flatten(&lay, &params)?;
    let z = vec![0f32; lay.total];
    let mut words = vec![];
    let (_, distinct) = Inputs::pack(&xs, &ys, &mut words);
    for (dt, attn, gtol) in [
        (Dt::F32, Attention::Simple, 1e-4),
        (Dt::Bf16, Attention::Simple, 5e-2),
        (Dt::Bf16, Attention::Wmma, 5e-2),
        (Dt::Bf16, Attention::Flash, 5e-2),
    ] {
        let e = Engine::new(Gpu::new(0)?, &cfg, dt, attn, seqs, 1)?;
        e.set_state(&flat, &z, &z)?;
        e.gpu.upload(e.inputs_ptr(), &words)?;
        e.forward(seqs, true, seqs * t)?;
        let losses = e.losses(seqs * t)?;
        e.backward(seqs, distinct)?;
        let gl: f64 = losses.iter().map(|&v| v as f64).sum::<f64>() / (seqs * t) as f64;
        let g = unflatten(&lay, &e.grads()?)?;
        let name = format!("model {} {:?}", dt.suffix(), attn).to_lowercase();
        let ltol = if dt == Dt::F32 { 1e-5 } else { 1e-2 };
        ck.record(
            format!("{name}: loss vs candle CPU"),
            (gl - cpu_loss).abs() / cpu_loss,
            ltol,
            format!("{gl:.6} vs {cpu_loss:.6}"),
        );
        let mut worst = (0f64, String::new());
        let (mut num, mut den) = (0f64, 0f64);
        for (n, r) in &cpu_grads {
            let v: Vec<f32> = g[n].flatten_all()?.to_vec1()?;
            let err = rel_err(&v, r);
            if err > worst.0 || !err.is_finite() {
                worst = (err, n.clone());
            }
            for (&a, &b) in v.iter().zip(r) {
                num += (a as f64 - b).powi(2);
                den += b * b;
            }
        }
        ck.record(
            format!("{name}: all gradients vs candle CPU"),
            (num / den).sqrt(),
            gtol,
            format!("worst tensor {} at {:.2e}", worst.1, worst.0),
        );
        ck.record(
            format!("{name}: worst single gradient"),
            worst.0,
            gtol * 3.0,
            worst.1,
        );
    }
    Ok(())
}

fn tiny_train_config(steps: usize) -> TrainConfig {
    TrainConfig {
        model: Config {
            vocab_size: 96,
            hidden_size: 64,
            intermediate_size: 176,
            num_hidden_layers: 2,
            num_attention_heads: 2,
            max_position_embeddings: 48,
            rms_norm_eps: 1e-5,
            rope_theta: 10000.0,
        },
        steps,
        batch_size: 8,
        lr: 3e-3,
        min_lr: 3e-4,
        warmup_steps: 3,
        weight_decay: 0.1,
        beta1: 0.9,
        beta2: 0.95,
        grad_clip: 1.0,
        eval_every: 5,
        eval_batches: 2,
        checkpoint_every: 5,
        seed: 7,
    }
}

/// A learnable token stream: noisy repetitions of a few phrases.
fn stream(rng: &mut StdRng, n: usize, vocab: u32) -> Vec<u32> {
    let phrases: Vec<Vec<u32>> = (0..12)
        .map(|_| {
            (0..rng.random_range(3..9))
                .map(|_| rng.random_range(1..vocab))
                .collect()
        })
        .collect();
    let mut v = Vec::with_capacity(n);
    while v.len() < n {
        if rng.random_bool(0.1) {
            v.push(rng.random_range(0..vocab));
        } else {
            v.extend_from_slice(&phrases[rng.random_range(0..phrases.len())]);
        }
    }
    v.truncate(n);
    v
}

fn curve(log: &[crate::train::LogRow]) -> Vec<f64> {
    log.iter()
        .flat_map(|r| [r.train_loss, r.val_loss.unwrap_or(f64::NAN)])
        .collect()
}

fn curve_err(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return f64::INFINITY;
    }
    a.iter()
        .zip(b)
        .map(|(x, y)| {
            if x.is_finite() {
                (x - y).abs() / y.abs()
            } else {
                f64::INFINITY
            }
        })
        .fold(0.0, f64::max)
}

fn check_training(ck: &mut Ck, gpus: usize) -> Result<()> {
    let tc = tiny_train_config(20);
    let all = stream(&mut ck.rng, 23_000, 96);
    let tr = Tokens::from_vec(all[..20_000].to_vec());
    let va = Tokens::from_vec(all[20_000..].to_vec());
    let dir = tempfile::tempdir()?;
    let cpu = train(&tc, &tr, &va, &dir.path().join("cpu"), "k", |_| true)?;
    let f32o = CudaOptions {
        gpus: 1,
        precision: Precision::F32,
        attention: None,
    };
    let g32 = train_cuda(&tc, &f32o, &tr, &va, &dir.path().join("g32"), "k", |_| true)?;
    let (c, g) = (curve(&cpu.log), curve(&g32.log));
    ck.record(
        "train 20 steps: CPU vs GPU f32 loss curve (max rel)",
        curve_err(&g, &c),
        1e-3,
        format!(
            "val {:.4} vs {:.4}",
            g.last().unwrap_or(&f64::NAN),
            c.last().unwrap_or(&f64::NAN)
        ),
    );
    let first = cpu.log[0].val_loss.unwrap_or(f64::NAN);
    let last = cpu.log.last().unwrap().val_loss.unwrap_or(f64::NAN);
    ck.record(
        "train 20 steps: CPU val loss falls (last / first)",
        last / first,
        0.9,
        "",
    );
    let bf = CudaOptions::default();
    let full = train_cuda(&tc, &bf, &tr, &va, &dir.path().join("full"), "k", |_| true)?;
    ck.record(
        "train 20 steps: CPU vs GPU bf16 loss curve (max rel)",
        curve_err(&curve(&full.log), &c),
        3e-2,
        full.device.clone(),
    );
    // killed after the step-10 checkpoint, then resumed
    let rdir = dir.path().join("resumed");
    let part = train_cuda(&tc, &bf, &tr, &va, &rdir, "k", |r| r.step < 10)?;
    let resumed = train_cuda(&tc, &bf, &tr, &va, &rdir, "k", |_| true)?;
    ck.record(
        "GPU bf16 killed at step 10 + resumed vs uninterrupted: curve",
        curve_err(&curve(&resumed.log), &curve(&full.log)),
        1e-3,
        format!(
            "stopped at {}, resumed from {}",
            part.log.last().map_or(0, |r| r.step),
            resumed.resumed_from
        ),
    );
    let w = |t: &crate::train::Trained| -> Vec<f32> {
        let x = Tensor::new(&[[1u32, 5, 9, 2, 7, 3]], &Device::Cpu).unwrap();
        t.model
            .forward(&x)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap()
    };
    let (a, b) = (w(&resumed), w(&full));
    ck.record(
        "GPU bf16 resumed vs uninterrupted: logits",
        rel_err(&a, &b.iter().map(|&v| v as f64).collect::<Vec<_>>()),
        1e-3,
        "",
    );
    // the GPU checkpoint resumes on the CPU (same format)
    let cdir = dir.path().join("cross");
    let _ = train_cuda(&tc, &bf, &tr, &va, &cdir, "k", |r| r.step < 10)?;
    let on_cpu = train(&tc, &tr, &va, &cdir, "k", |_| true)?;
    ck.record(
        "GPU checkpoint at step 10 resumed on the CPU: curve",
        curve_err(&curve(&on_cpu.log), &curve(&full.log)),
        3e-2,
        format!("resumed from {}", on_cpu.resumed_from),
    );
    if gpus >= 2 {
        for (opts, name, tl) in [(f32o.clone(), "f32", 1e-4), (bf.clone(), "bf16", 1e-2)] {
            let one = train_cuda(
                &tc,
                &opts,
                &tr,
                &va,
                &dir.path().join(format!("one{name}")),
                "k",
                |_| true,
            )?;
            let two_o = CudaOptions { gpus: 2, ..opts };
            let two = train_cuda(
                &tc,
                &two_o,
                &tr,
                &va,
                &dir.path().join(format!("two{name}")),
                "k",
                |_| true,
            )?;
            ck.record(
                format!("2 GPUs (NCCL) vs 1 GPU {name}: loss curve"),
                curve_err(&curve(&two.log), &curve(&one.log)),
                tl,
                two.device.clone(),
            );
        }
    }
    Ok(())
}

/// Run every check; prints one line each and returns them.
pub fn run() -> Result<Vec<Row>> {
    let seed: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos() as u64;
    println!("gpu check: seed {seed}");
    let mut ck = Ck {
        rng: StdRng::seed_from_u64(seed),
        rows: vec![],
    };
    let t0 = Instant::now();
    let g = Gpu::new(0)?;
    let n = rt::device_count()?;
    println!("GPU 0: {} ({} SMs); {n} device(s)", g.name, g.sms);
    for dt in [Dt::F32, Dt::Bf16] {
        // sizes that take the 8-wide vector paths and sizes that do not
        for d in [200, 203] {
            ck.guard("rmsnorm", |ck| check_norm(ck, &g, dt, d));
        }
        for (hd, f) in [(16, 100), (12, 104)] {
            ck.guard("rope/swiglu", |ck| check_rope_swiglu(ck, &g, dt, hd, f));
        }
        for v in [1000, 1001] {
            ck.guard("classifier", |ck| check_classifier(ck, &g, dt, v));
        }
        ck.guard("adamw", |ck| check_adamw(ck, &g, dt));
        ck.guard("gemm", |ck| check_gemm(ck, &g, dt));
    }
    ck.guard("embedding", |ck| check_embed(ck, &g));
    ck.guard("attention", |ck| check_attention(ck, &g));
    drop(g);
    ck.guard("model vs candle", check_model);
    ck.guard("training loop", |ck| check_training(ck, n));
    let failed = ck.rows.iter().filter(|r| !r.ok).count();
    println!(
        "gpu check: {} checks, {failed} failed, {:.1} s",
        ck.rows.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(ck.rows)
}
