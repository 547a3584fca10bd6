//! The CUDA trainer (feature `cuda`): the model of [`crate::model`] trained
//! on one or more NVIDIA GPUs with hand-written kernels (kernels.cu, compiled
//! by nvcc at build time) and cuBLAS products; several GPUs train data
//! parallel, gradients summed with NCCL. Same initialisation, batches,
//! schedule, clipping, AdamW and checkpoints as the CPU loop in
//! [`crate::train`]: a checkpoint written on one resumes on the other.

pub mod check;
pub mod cli;
pub mod engine;
pub mod ops;
pub mod rt;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use candle_core::{Device, Tensor};

use crate::model::{Config, Gpt};
use crate::tokens::Tokens;
use crate::train::{
    batch_offsets, check_inputs, checkpoint_due, eval_due, eval_offsets, load_checkpoint,
    save_checkpoint, windows, LogRow, TrainConfig, Trained,
};
use engine::{Attention, Engine, Inputs, Layout};
use rt::{Dt, Event, Gpu, Nccl, Pinned};

/// Number precision of the GPU trainer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// bf16 products and activations, float master weights (mixed precision).
    Bf16,
    /// float everywhere (no TF32): for checks against the CPU.
    F32,
}

impl Precision {
    pub fn dt(self) -> Dt {
        match self {
            Precision::Bf16 => Dt::Bf16,
            Precision::F32 => Dt::F32,
        }
    }
}

/// How to train on GPUs.
#[derive(Debug, Clone)]
pub struct CudaOptions {
    /// GPUs 0 .. gpus-1, data parallel; the batch is split between them.
    pub gpus: usize,
    pub precision: Precision,
    /// None: the fastest for the precision and head size.
    pub attention: Option<Attention>,
}

impl Default for CudaOptions {
    fn default() -> Self {
        CudaOptions {
            gpus: 1,
            precision: Precision::Bf16,
            attention: None,
        }
    }
}

/// The benchmark models: `1m` (d128, 4 layers, 4 heads, context 128), `8m`
/// (d256, 8 layers, 4 heads, context 256), `33m` (d512, 8 layers, 8 heads,
/// context 512); SwiGLU width 8/3 d rounded up to 8, as `train_model`.
pub fn preset(name: &str, vocab: usize) -> Result<Config> {
    let (d, l, h, t) = match name {
        "1m" => (128, 4, 4, 128),
        "8m" => (256, 8, 4, 256),
        "33m" => (512, 8, 8, 512),
        _ => bail!("unknown preset {name:?} (1m, 8m, 33m)"),
    };
    Ok(Config {
        vocab_size: vocab,
        hidden_size: d,
        intermediate_size: (d * 8 / 3).div_ceil(8) * 8,
        num_hidden_layers: l,
        num_attention_heads: h,
        max_position_embeddings: t,
        rms_norm_eps: 1e-5,
        rope_theta: 10000.0,
    })
}

/// `n` uniformly random token ids below `vocab` (seeded), for benchmarks.
pub fn random_tokens(n: usize, vocab: usize) -> Tokens {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    Tokens::from_vec((0..n).map(|_| rng.random_range(0..vocab as u32)).collect())
}

/// Model-ish FLOPs per trained token: 6 x (matrix parameters, the tied
/// output layer included) + 6 x layers x context x hidden for causal
/// attention (QK^T and PV over the visible half of the context, forward and
/// backward). The PyTorch reference uses the same count.
pub fn flops_per_token(cfg: &Config) -> f64 {
    let (d, f, v, l, t) = (
        cfg.hidden_size as f64,
        cfg.intermediate_size as f64,
        cfg.vocab_size as f64,
        cfg.num_hidden_layers as f64,
        cfg.max_position_embeddings as f64,
    );
    let matrix = l * (4.0 * d * d + 3.0 * d * f) + v * d;
    6.0 * matrix + 6.0 * l * t * d
}

/// Flat float vector (engine layout) of named tensors.
pub fn flatten(lay: &Layout, tensors: &BTreeMap<String, Tensor>) -> Result<Vec<f32>> {
    let mut flat = vec![0f32; lay.total];
    for (name, off, shape) in &lay.entries {
        let t = tensors
            .get(name)
            .with_context(|| format!("no tensor {name}"))?
            .to_dtype(candle_core::DType::F32)?;
        if t.dims() != shape.as_slice() {
            bail!("{name}: shape {:?}, expected {shape:?}", t.dims());
        }
        let v: Vec<f32> = t.flatten_all()?.to_vec1()?;
        flat[*off..off + v.len()].copy_from_slice(&v);
    }
    Ok(flat)
}

/// Named CPU tensors of a flat float vector.
pub fn unflatten(lay: &Layout, flat: &[f32]) -> Result<BTreeMap<String, Tensor>> {
    let mut out = BTreeMap::new();
    for (name, off, shape) in &lay.entries {
        let n: usize = shape.iter().product();
        out.insert(
            name.clone(),
            Tensor::from_vec(flat[*off..off + n].to_vec(), shape.as_slice(), &Device::Cpu)?,
        );
    }
    Ok(out)
}

/// One step's packed inputs for each GPU.
struct StepBatch {
    step: usize,
    packs: Vec<(Vec<u32>, usize)>, // (packed words, distinct tokens)
}

/// The GPUs of a run, each with the model, and what the loop needs to feed them.
struct Trainer {
    eval_sum: rt::DBuf,
    /// Two pinned staging buffers per GPU and the events that free them.
    stage: Vec<[(Pinned, Option<Event>); 2]>,
    nccl: Option<Nccl>,
    seqs: usize,
    t: usize,
    turn: usize,
    slot: usize,
    /// Last: the GPUs outlive the buffers above.
    engines: Vec<Engine>,
}

impl Trainer {
    fn new(tc: &TrainConfig, opts: &CudaOptions, loss_slots: usize) -> Result<Trainer> {
        if opts.gpus == 0 {
            bail!("gpus must be at least 1");
        }
        if !tc.batch_size.is_multiple_of(opts.gpus) {
            bail!(
                "batch_size {} does not split evenly over {} GPUs",
                tc.batch_size,
                opts.gpus
            );
        }
        let n = rt::device_count()?;
        if n < opts.gpus {
            bail!(
                "{} GPU(s) requested but {n} CUDA device(s) are visible",
                opts.gpus
            );
        }
        let dt = opts.precision.dt();
        let attn = opts
            .attention
            .unwrap_or_else(|| Attention::pick(dt, tc.model.head_dim()));
        let seqs = tc.batch_size / opts.gpus;
        let t = tc.seq_len();
        let mut engines = vec![];
        for i in 0..opts.gpus {
            let gpu = Gpu::new(i)?;
            engines.push(Engine::new(gpu, &tc.model, dt, attn, seqs, loss_slots)?);
        }
        let nccl = if opts.gpus > 1 {
            let gpus: Vec<&Gpu> = engines.iter().map(|e| &e.gpu).collect();
            Some(Nccl::new(&gpus)?)
        } else {
            None
        };
        let words = Inputs::words(seqs * t) * 4;
        let mut stage = vec![];
        for e in &engines {
            e.gpu.bind()?;
            stage.push([(Pinned::new(words)?, None), (Pinned::new(words)?, None)]);
        }
        engines[0].gpu.bind()?;
        let eval_sum = engines[0].gpu.zeros(64)?;
        Ok(Trainer {
            engines,
            nccl,
            seqs,
            t,
            stage,
            turn: 0,
            slot: 0,
            eval_sum,
        })
    }

    fn describe(&self) -> String {
        let e = &self.engines[0];
        format!(
            "{}x {} ({}, {} attention)",
            self.engines.len(),
            e.gpu.name,
            e.dt.suffix(),
            e.attn.name()
        )
    }

    fn set_state(&self, p: &[f32], m: &[f32], v: &[f32]) -> Result<()> {
        for e in &self.engines {
            e.set_state(p, m, v)?;
        }
        Ok(())
    }

    /// Enqueue one training step on every GPU.
    fn step(&mut self, tc: &TrainConfig, b: &StepBatch) -> Result<()> {
        let global_rows = tc.batch_size * self.t;
        let k = self.turn;
        self.turn ^= 1;
        for (r, e) in self.engines.iter().enumerate() {
            e.gpu.bind()?;
            let (pin, ev) = &mut self.stage[r][k];
            if let Some(ev) = ev.take() {
                ev.sync()?;
            }
            let (words, distinct) = &b.packs[r];
            pin.as_mut_u32()[..words.len()].copy_from_slice(words);
            e.load_inputs(&pin.as_mut_u32()[..words.len()])?;
            let done = e.gpu.event()?;
            done.record(&e.gpu)?;
            *ev = Some(done);
            e.forward(self.seqs, true, global_rows)?;
            e.sum_losses(e.loss_slot(self.slot), self.seqs * self.t, false)?;
            e.backward(self.seqs, *distinct)?;
        }
        if let Some(nccl) = &self.nccl {
            let bufs: Vec<(&Gpu, u64)> = self.engines.iter().map(|e| (&e.gpu, e.g.ptr)).collect();
            nccl.all_reduce_sum(&bufs, self.engines[0].lay.total)?;
        }
        for e in &self.engines {
            e.gpu.bind()?;
            e.grad_norm()?;
            e.adamw(ops::AdamStep {
                lr: tc.lr_at(b.step),
                beta1: tc.beta1,
                beta2: tc.beta2,
                step1: b.step + 1,
                weight_decay: tc.weight_decay,
                clip: tc.grad_clip,
            })?;
        }
        self.slot += 1;
        Ok(())
    }

    /// Whether the loss slots are full (they must be read before the next step).
    fn slots_full(&self) -> bool {
        self.slot >= self.engines[0].loss_slots
    }

    /// Mean training loss of each step since the last call (waits for the GPUs).
    fn take_losses(&mut self, global_rows: usize) -> Result<Vec<f64>> {
        let mut sums = vec![0f64; self.slot];
        for e in &self.engines {
            e.gpu.bind()?;
            for (s, x) in sums.iter_mut().zip(e.take_losses(self.slot)?) {
                *s += x as f64;
            }
        }
        self.slot = 0;
        Ok(sums.into_iter().map(|s| s / global_rows as f64).collect())
    }

    fn sync(&self) -> Result<()> {
        for e in &self.engines {
            e.gpu.bind()?;
            e.gpu.sync()?;
        }
        Ok(())
    }

    /// Token-weighted mean loss over fixed windows (on the first GPU).
    fn evaluate(&self, batches: &[(Vec<u32>, Vec<u32>)]) -> Result<f64> {
        let e = &self.engines[0];
        e.gpu.bind()?;
        let t = self.t;
        let mut n = 0usize;
        let mut first = true;
        let mut words = vec![];
        for (xs, ys) in batches {
            for (cx, cy) in xs.chunks(self.seqs * t).zip(ys.chunks(self.seqs * t)) {
                let seqs = cx.len() / t;
                Inputs::pack(cx, cy, &mut words);
                e.gpu.upload(e.inputs_ptr(), &words)?;
                e.forward(seqs, false, 0)?;
                e.sum_losses(self.eval_sum.ptr, seqs * t, !first)?;
                first = false;
                n += seqs * t;
            }
        }
        let s = e.gpu.download::<f32>(self.eval_sum.ptr, 1)?[0] as f64;
        Ok(s / n.max(1) as f64)
    }

    fn state(&self) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
        self.engines[0].state()
    }
}

/// Runs a sampler thread that prepares each step's packed inputs ahead of
/// the GPUs (bounded queue), and calls `body` with the receiving end.
fn with_loader<R>(
    tc: &TrainConfig,
    toks: &Tokens,
    gpus: usize,
    steps: std::ops::Range<usize>,
    body: impl FnOnce(&mpsc::Receiver<StepBatch>) -> Result<R>,
) -> Result<R> {
    let t = tc.seq_len();
    let seqs = tc.batch_size / gpus;
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::sync_channel::<StepBatch>(4);
        s.spawn(move || {
            for step in steps {
                let offs = batch_offsets(tc, toks.len(), step);
                let packs = offs
                    .chunks(seqs)
                    .map(|c| {
                        let (xs, ys) = windows(toks, t, c);
                        let mut words = Vec::new();
                        let (_, distinct) = Inputs::pack(&xs, &ys, &mut words);
                        (words, distinct)
                    })
                    .collect();
                if tx.send(StepBatch { step, packs }).is_err() {
                    return;
                }
            }
        });
        let r = body(&rx);
        drop(rx);
        r
    })
}

/// Train on GPUs: the CUDA counterpart of [`crate::train::train`], with the
/// same checkpoints, log rows and result.
pub fn train_cuda(
    tc: &TrainConfig,
    opts: &CudaOptions,
    train: &Tokens,
    val: &Tokens,
    ckpt_dir: &Path,
    key: &str,
    mut on_log: impl FnMut(&LogRow) -> bool,
) -> Result<Trained> {
    check_inputs(tc, train, val)?;
    std::fs::create_dir_all(ckpt_dir)?;
    crate::train::prune_checkpoints(ckpt_dir)?;
    let lay = Layout::new(&tc.model);
    let slots = tc.eval_every.clamp(1, 4096);
    let mut tr = Trainer::new(tc, opts, slots)?;
    let (p, m, v, mut log, start) = match load_checkpoint(tc, ckpt_dir, key, &Device::Cpu)? {
        Some(c) => (
            flatten(&lay, &c.params)?,
            flatten(&lay, &c.m)?,
            flatten(&lay, &c.v)?,
            c.log,
            c.step,
        ),
        None => {
            let model = Gpt::init(&tc.model, tc.seed, &Device::Cpu)?;
            let params: BTreeMap<String, Tensor> = model
                .params
                .iter()
                .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
                .collect();
            let z = vec![0f32; lay.total];
            (flatten(&lay, &params)?, z.clone(), z, vec![], 0)
        }
    };
    tr.set_state(&p, &m, &v)?;
    drop((p, m, v));
    let t = tc.seq_len();
    let val_batches: Vec<(Vec<u32>, Vec<u32>)> = eval_offsets(tc, val.len())
        .iter()
        .map(|c| windows(val, t, c))
        .collect();
    let global_rows = tc.batch_size * t;
    let tokens_per_step = global_rows as u64;
    let mut wait = Duration::ZERO;
    let run_start = Instant::now();
    with_loader(tc, train, opts.gpus, start..tc.steps, |rx| {
        let mut window: Vec<f64> = vec![];
        let mut window_start = Instant::now();
        for step in start..tc.steps {
            let w0 = Instant::now();
            let b = rx.recv().context("the batch sampler stopped")?;
            wait += w0.elapsed();
            debug_assert_eq!(b.step, step);
            tr.step(tc, &b)?;
            let done = step + 1;
            let eval_now = eval_due(tc, done);
            if eval_now || tr.slots_full() {
                window.extend(tr.take_losses(global_rows)?);
            }
            let mut keep_going = true;
            if eval_now {
                let secs = window_start.elapsed().as_secs_f64();
                let val_loss = tr.evaluate(&val_batches)?;
                let row = LogRow {
                    step: done,
                    lr: tc.lr_at(step),
                    train_loss: window.iter().sum::<f64>() / window.len().max(1) as f64,
                    val_loss: Some(val_loss),
                    tokens_seen: done as u64 * tokens_per_step,
                    tokens_per_s: (window.len() as u64 * tokens_per_step) as f64 / secs.max(1e-9),
                };
                keep_going = on_log(&row);
                log.push(row);
                window.clear();
            }
            if checkpoint_due(tc, done, eval_now, keep_going) {
                let (p, m, v) = tr.state()?;
                save_checkpoint(
                    &unflatten(&lay, &p)?,
                    &unflatten(&lay, &m)?,
                    &unflatten(&lay, &v)?,
                    &log,
                    done,
                    ckpt_dir,
                    key,
                )?;
            }
            if eval_now {
                window_start = Instant::now();
            }
            if !keep_going {
                break;
            }
        }
        Ok(())
    })?;
    tr.sync()?;
    let total = run_start.elapsed().as_secs_f64();
    let (p, _, _) = tr.state()?;
    let model = Gpt::from_tensors(&tc.model, &unflatten(&lay, &p)?, &Device::Cpu)?;
    Ok(Trained {
        model,
        log,
        resumed_from: start,
        device: tr.describe(),
        data_wait: Some(wait.as_secs_f64() / total.max(1e-9)),
    })
}

/// Throughput of training steps (no evaluation or checkpoints).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BenchReport {
    pub device: String,
    pub params: usize,
    pub gpus: usize,
    pub batch: usize,
    pub context: usize,
    pub steps_timed: usize,
    pub step_ms: f64,
    pub tokens_per_s: f64,
    pub tflops: f64,
    /// Model FLOPs over 989 TFLOP/s per GPU (H100/H200 dense bf16).
    pub mfu: f64,
    /// Share of the timed wall time the loop waited for the sampler.
    pub data_wait: f64,
    pub first_loss: f64,
    pub last_loss: f64,
    pub device_mib: f64,
    /// One more step on GPU 0 with every operation timed: (operation, ms, calls).
    pub profile: Vec<(String, f64, usize)>,
    /// That step's GPU time from its first operation to its last (ms).
    pub profile_span_ms: f64,
}

/// Time `steps` training steps after `warmup` untimed ones.
pub fn bench(
    tc: &TrainConfig,
    opts: &CudaOptions,
    train: &Tokens,
    warmup: usize,
    steps: usize,
) -> Result<BenchReport> {
    let t = tc.seq_len();
    if train.len() < t + 2 {
        bail!("{} tokens: fewer than one sequence of {t}", train.len());
    }
    train.check_vocab(tc.model.vocab_size)?;
    let lay = Layout::new(&tc.model);
    let total_steps = warmup + steps;
    let mut tr = Trainer::new(tc, opts, total_steps + 2)?;
    let model = Gpt::init(&tc.model, tc.seed, &Device::Cpu)?;
    let params: BTreeMap<String, Tensor> = model
        .params
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect();
    let z = vec![0f32; lay.total];
    tr.set_state(&flatten(&lay, &params)?, &z, &z)?;
    let mut tc = tc.clone();
    tc.steps = total_steps + 1;
    let global_rows = tc.batch_size * t;
    let (mut wait, mut t0, mut secs) = (Duration::ZERO, Instant::now(), 0.0);
    let mut prof = (vec![], 0.0);
    with_loader(&tc, train, opts.gpus, 0..total_steps + 1, |rx| {
        for step in 0..total_steps {
            if step == warmup {
                tr.sync()?;
                t0 = Instant::now();
                wait = Duration::ZERO;
            }
            let w0 = Instant::now();
            let b = rx.recv().context("the batch sampler stopped")?;
            wait += w0.elapsed();
            tr.step(&tc, &b)?;
        }
        tr.sync()?;
        secs = t0.elapsed().as_secs_f64();
        let b = rx.recv().context("the batch sampler stopped")?;
        let g0 = &tr.engines[0].gpu;
        g0.profile_start();
        tr.step(&tc, &b)?;
        prof = tr.engines[0].gpu.profile_end()?;
        tr.sync()
    })?;
    let mut losses = tr.take_losses(global_rows)?;
    losses.truncate(total_steps);
    let tokens_per_s = (steps * global_rows) as f64 / secs;
    let tflops = tokens_per_s * flops_per_token(&tc.model) / 1e12;
    let bytes: usize = tr.engines.iter().map(|e| e.device_bytes()).sum();
    Ok(BenchReport {
        device: tr.describe(),
        params: tc.model.parameters(),
        gpus: opts.gpus,
        batch: tc.batch_size,
        context: t,
        steps_timed: steps,
        step_ms: secs * 1e3 / steps as f64,
        tokens_per_s,
        tflops,
        mfu: tflops / (989.0 * opts.gpus as f64),
        data_wait: wait.as_secs_f64() / secs,
        first_loss: losses.first().copied().unwrap_or(f64::NAN),
        last_loss: losses.last().copied().unwrap_or(f64::NAN),
        device_mib: bytes as f64 / (1 << 20) as f64,
        profile: prof.0,
        profile_span_ms: prof.1,
    })
}
