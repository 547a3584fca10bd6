//! Training loop: AdamW (decoupled weight decay on matrices), linear warmup
//! then cosine decay to `min_lr`, global-norm gradient clipping, periodic
//! validation, and checkpoints that make a killed run resume where it left off.
//!
//! Batches are drawn at random offsets from a generator seeded by
//! `(seed, step)`, so a resumed run sees exactly the batches the uninterrupted
//! run would have.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use candle_core::{Device, Tensor};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::model::{Config, Gpt};
use crate::tokens::Tokens;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainConfig {
    pub model: Config,
    pub steps: usize,
    pub batch_size: usize,
    pub lr: f64,
    pub min_lr: f64,
    pub warmup_steps: usize,
    pub weight_decay: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub grad_clip: f64,
    pub eval_every: usize,
    pub eval_batches: usize,
    pub checkpoint_every: usize,
    pub seed: u64,
}

impl TrainConfig {
    pub fn seq_len(&self) -> usize {
        self.model.max_position_embeddings
    }

    /// Learning rate at `step` (0-based).
    pub fn lr_at(&self, step: usize) -> f64 {
        if step < self.warmup_steps {
            return self.lr * (step + 1) as f64 / self.warmup_steps as f64;
        }
        let span = (self.steps.saturating_sub(self.warmup_steps)).max(1) as f64;
        let p = ((step - self.warmup_steps) as f64 / span).min(1.0);
        self.min_lr + 0.5 * (self.lr - self.min_lr) * (1.0 + (std::f64::consts::PI * p).cos())
    }
}

/// One line of the training log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogRow {
    /// Steps completed.
    pub step: usize,
    #[serde(with = "exact")]
    pub lr: f64,
    /// Mean training loss over the steps since the previous row.
    #[serde(with = "exact")]
    pub train_loss: f64,
    /// Validation loss, when evaluated at this step.
    #[serde(with = "exact::opt")]
    pub val_loss: Option<f64>,
    pub tokens_seen: u64,
    /// Training tokens per second over the steps since the previous row.
    #[serde(with = "exact")]
    pub tokens_per_s: f64,
}

/// A float in `state.json` as Rust's shortest round-trip text: serde_json's
/// default number parser can be one ulp off, and a resumed run's log must
/// equal an uninterrupted run's bit for bit (the kill-at-every-point test
/// found a resumed `lr` one ulp off). Plain JSON numbers (older
/// checkpoints) are still read.
mod exact {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Num {
        Text(String),
        Number(f64),
    }

    fn parse<E: Error>(n: Num) -> Result<f64, E> {
        match n {
            Num::Text(t) => t.parse().map_err(E::custom),
            Num::Number(x) => Ok(x),
        }
    }

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{x:?}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        parse(Num::deserialize(d)?)
    }

    pub mod opt {
        use super::*;

        pub fn serialize<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
            match x {
                Some(x) => super::serialize(x, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
            Option::<Num>::deserialize(d)?.map(parse).transpose()
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct State {
    key: String,
    step: usize,
    weights: String,
    log: Vec<LogRow>,
}

const STATE: &str = "state.json";

/// Result of a training run.
pub struct Trained {
    pub model: Gpt,
    pub log: Vec<LogRow>,
    /// Step the run started from (0, or the checkpoint it resumed).
    pub resumed_from: usize,
    /// Where it trained ("cpu", or the GPUs and precision).
    pub device: String,
    /// Share of the run's wall time spent waiting for batches (GPU runs).
    pub data_wait: Option<f64>,
}

/// AdamW with its moments kept as plain tensors so they can be checkpointed.
struct AdamW {
    m: BTreeMap<String, Tensor>,
    v: BTreeMap<String, Tensor>,
}

/// Train `tc.model` on `train` tokens, evaluating on `val` tokens.
/// `ckpt_dir` holds checkpoints; one whose `key` differs is ignored.
/// `on_log` sees every log row as it is produced; returning `false` stops
/// training after that step's checkpoint (tests use it to simulate a kill).
pub fn train(
    tc: &TrainConfig,
    train: &Tokens,
    val: &Tokens,
    ckpt_dir: &Path,
    key: &str,
    mut on_log: impl FnMut(&LogRow) -> bool,
) -> Result<Trained> {
    let dev = Device::Cpu;
    let t = tc.seq_len();
    check_inputs(tc, train, val)?;
    std::fs::create_dir_all(ckpt_dir)?;
    prune_checkpoints(ckpt_dir)?;
    let (model, mut opt, mut log, start) = match load_checkpoint(tc, ckpt_dir, key, &dev)? {
        Some(c) => {
            let model = Gpt::from_tensors(&tc.model, &c.params, &dev)?;
            (model, AdamW { m: c.m, v: c.v }, c.log, c.step)
        }
        None => {
            let model = Gpt::init(&tc.model, tc.seed, &dev)?;
            let mut opt = AdamW {
                m: BTreeMap::new(),
                v: BTreeMap::new(),
            };
            for (n, var) in &model.params {
                opt.m.insert(n.clone(), var.as_tensor().zeros_like()?);
                opt.v.insert(n.clone(), var.as_tensor().zeros_like()?);
            }
            (model, opt, vec![], 0)
        }
    };
    let val_batches = eval_batches(tc, val, &dev)?;
    let mut window_loss = 0.0;
    let mut window_steps = 0usize;
    let mut window_start = Instant::now();
    let tokens_per_step = (tc.batch_size * t) as u64;
    let mut keep_going = true;
    for step in start..tc.steps {
        let (x, y) = train_batch(tc, train, step, &dev)?;
        let loss = model.loss(&x, &y)?;
        window_loss += loss.to_vec0::<f32>()? as f64;
        window_steps += 1;
        let grads = loss.backward()?;
        let lr = tc.lr_at(step);
        // global-norm clipping
        let mut sq = 0f64;
        let mut gs = Vec::with_capacity(model.params.len());
        for (n, var) in &model.params {
            let g = grads
                .get(var.as_tensor())
                .with_context(|| format!("no gradient for {n}"))?
                .clone();
            sq += g.sqr()?.sum_all()?.to_vec0::<f32>()? as f64;
            gs.push(g);
        }
        let norm = sq.sqrt();
        let clip = if tc.grad_clip > 0.0 && norm > tc.grad_clip {
            tc.grad_clip / (norm + 1e-6)
        } else {
            1.0
        };
        let k = (step + 1) as i32;
        let (bc1, bc2) = (1.0 - tc.beta1.powi(k), 1.0 - tc.beta2.powi(k));
        for ((n, var), g) in model.params.iter().zip(gs) {
            let g = (g * clip)?;
            let m = (opt.m[n].affine(tc.beta1, 0.0)? + g.affine(1.0 - tc.beta1, 0.0)?)?;
            let v = (opt.v[n].affine(tc.beta2, 0.0)? + g.sqr()?.affine(1.0 - tc.beta2, 0.0)?)?;
            let upd = ((&m / bc1)? / ((&v / bc2)?.sqrt()? + 1e-8)?)?;
            let p = var.as_tensor();
            let decay = if p.rank() >= 2 { tc.weight_decay } else { 0.0 };
            let newp = (p.affine(1.0 - lr * decay, 0.0)? - upd.affine(lr, 0.0)?)?;
            var.set(&newp.detach())?;
            opt.m.insert(n.clone(), m.detach());
            opt.v.insert(n.clone(), v.detach());
        }
        let done = step + 1;
        let eval_now = eval_due(tc, done);
        if eval_now {
            let secs = window_start.elapsed().as_secs_f64();
            let val_loss = evaluate(&model, &val_batches)?;
            let row = LogRow {
                step: done,
                lr,
                train_loss: window_loss / window_steps.max(1) as f64,
                val_loss: Some(val_loss),
                tokens_seen: done as u64 * tokens_per_step,
                tokens_per_s: (window_steps as u64 * tokens_per_step) as f64 / secs.max(1e-9),
            };
            keep_going = on_log(&row);
            log.push(row);
            window_loss = 0.0;
            window_steps = 0;
            window_start = Instant::now();
        }
        if checkpoint_due(tc, done, eval_now, keep_going) {
            let params = model
                .params
                .iter()
                .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
                .collect();
            save_checkpoint(&params, &opt.m, &opt.v, &log, done, ckpt_dir, key)?;
        }
        if !keep_going {
            break;
        }
    }
    Ok(Trained {
        model,
        log,
        resumed_from: start,
        device: "cpu".into(),
        data_wait: None,
    })
}

/// Whether the step that completed `done` steps writes a checkpoint.
pub fn checkpoint_due(tc: &TrainConfig, done: usize, eval_now: bool, keep_going: bool) -> bool {
    (tc.checkpoint_every > 0 && done.is_multiple_of(tc.checkpoint_every) && eval_now)
        || done == tc.steps
        || !keep_going
}

/// Whether the step that completed `done` steps evaluates and logs.
pub fn eval_due(tc: &TrainConfig, done: usize) -> bool {
    done.is_multiple_of(tc.eval_every.max(1)) || done == tc.steps
}

/// Lengths and token ids of the training and validation tokens.
pub fn check_inputs(tc: &TrainConfig, train: &Tokens, val: &Tokens) -> Result<()> {
    let t = tc.seq_len();
    if train.len() < t + 2 {
        bail!(
            "{} training tokens: fewer than one sequence of {t}",
            train.len()
        );
    }
    if val.len() < t + 2 {
        bail!(
            "{} validation tokens: fewer than one sequence of {t}; raise val_fraction",
            val.len()
        );
    }
    train.check_vocab(tc.model.vocab_size)?;
    val.check_vocab(tc.model.vocab_size)
}

/// Start offsets of the `batch_size` sequences of step `step`: drawn from a
/// generator seeded by (seed, step), so a resumed run sees the same batches.
pub fn batch_offsets(tc: &TrainConfig, n_tokens: usize, step: usize) -> Vec<usize> {
    let t = tc.seq_len();
    let mut rng =
        StdRng::seed_from_u64(tc.seed ^ (step as u64 + 1).wrapping_mul(0x9E3779B97F4A7C15));
    (0..tc.batch_size)
        .map(|_| rng.random_range(0..n_tokens - t - 1))
        .collect()
}

/// Inputs and targets (`offsets.len()` x T each, row-major) of the windows at `offsets`.
pub fn windows(toks: &Tokens, t: usize, offsets: &[usize]) -> (Vec<u32>, Vec<u32>) {
    let mut xs = vec![0u32; offsets.len() * t];
    let mut ys = vec![0u32; offsets.len() * t];
    let mut w = vec![0u32; t + 1];
    for (i, &o) in offsets.iter().enumerate() {
        toks.copy_to(o, &mut w);
        xs[i * t..(i + 1) * t].copy_from_slice(&w[..t]);
        ys[i * t..(i + 1) * t].copy_from_slice(&w[1..]);
    }
    (xs, ys)
}

fn train_batch(
    tc: &TrainConfig,
    toks: &Tokens,
    step: usize,
    dev: &Device,
) -> Result<(Tensor, Tensor)> {
    let t = tc.seq_len();
    let (xs, ys) = windows(toks, t, &batch_offsets(tc, toks.len(), step));
    Ok((
        Tensor::from_vec(xs, (tc.batch_size, t), dev)?,
        Tensor::from_vec(ys, (tc.batch_size, t), dev)?,
    ))
}

/// Start offsets of the fixed validation windows (evenly spaced), in batches
/// of at most `batch_size`.
pub fn eval_offsets(tc: &TrainConfig, n_tokens: usize) -> Vec<Vec<usize>> {
    let t = tc.seq_len();
    let windows = (tc.eval_batches.max(1) * tc.batch_size)
        .min((n_tokens - 1) / t)
        .max(1);
    let span = n_tokens - t - 1;
    let offsets: Vec<usize> = (0..windows).map(|i| i * span / windows.max(1)).collect();
    offsets.chunks(tc.batch_size).map(|c| c.to_vec()).collect()
}

/// Fixed validation batches: evenly spaced windows over the validation tokens.
fn eval_batches(tc: &TrainConfig, toks: &Tokens, dev: &Device) -> Result<Vec<(Tensor, Tensor)>> {
    let t = tc.seq_len();
    eval_offsets(tc, toks.len())
        .iter()
        .map(|c| {
            let (xs, ys) = windows(toks, t, c);
            Ok((
                Tensor::from_vec(xs, (c.len(), t), dev)?,
                Tensor::from_vec(ys, (c.len(), t), dev)?,
            ))
        })
        .collect()
}

/// Mean loss over fixed batches (token-weighted).
pub fn evaluate(model: &Gpt, batches: &[(Tensor, Tensor)]) -> Result<f64> {
    let (mut sum, mut n) = (0f64, 0usize);
    for (x, y) in batches {
        let l = model.loss(x, y)?.to_vec0::<f32>()? as f64;
        let k = x.elem_count();
        sum += l * k as f64;
        n += k;
    }
    Ok(sum / n.max(1) as f64)
}

/// Summed next-token cross-entropy (nats) of `ids` under `model` (on the
/// CPU), in consecutive non-overlapping windows of at most `ctx` predicted
/// tokens; returns (nats, predicted tokens). What `evaluate` turns into loss
/// per token, perplexity and bits per byte.
pub fn sequence_nats(model: &Gpt, ids: &[u32], ctx: usize) -> Result<(f64, usize)> {
    if ctx == 0 {
        bail!("context must be positive");
    }
    let dev = Device::Cpu;
    let (mut nats, mut n, mut i) = (0f64, 0usize, 0usize);
    while i + 1 < ids.len() {
        let len = ctx.min(ids.len() - 1 - i);
        let x = Tensor::from_vec(ids[i..i + len].to_vec(), (1, len), &dev)?;
        let y = Tensor::from_vec(ids[i + 1..i + 1 + len].to_vec(), (1, len), &dev)?;
        nats += model.loss(&x, &y)?.to_vec0::<f32>()? as f64 * len as f64;
        n += len;
        i += len;
    }
    Ok((nats, n))
}

/// Validation loss of `model` on `toks`, using the same windows as training.
pub fn validation_loss(tc: &TrainConfig, model: &Gpt, toks: &Tokens) -> Result<f64> {
    evaluate(model, &eval_batches(tc, toks, &Device::Cpu)?)
}

fn weights_name(step: usize) -> String {
    format!("ckpt-{step:08}.safetensors")
}

/// Write a checkpoint (weights, AdamW moments as `adam.m.*` / `adam.v.*`,
/// state.json with the log), atomically, and drop older ones.
#[allow(clippy::too_many_arguments)]
pub fn save_checkpoint(
    params: &BTreeMap<String, Tensor>,
    m: &BTreeMap<String, Tensor>,
    v: &BTreeMap<String, Tensor>,
    log: &[LogRow],
    step: usize,
    dir: &Path,
    key: &str,
) -> Result<()> {
    let mut map = std::collections::HashMap::new();
    for (n, p) in params {
        map.insert(n.clone(), p.clone());
        map.insert(format!("adam.m.{n}"), m[n].clone());
        map.insert(format!("adam.v.{n}"), v[n].clone());
    }
    let name = weights_name(step);
    let tmp = dir.join(format!("{name}.tmp"));
    candle_core::safetensors::save(&map, &tmp)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    curate_fault::here(Some(step), "ckpt-weights-tmp");
    std::fs::rename(&tmp, dir.join(&name))?;
    curate_fault::here(Some(step), "ckpt-after-weights");
    let state = State {
        key: key.into(),
        step,
        weights: name.clone(),
        log: log.to_vec(),
    };
    let st_tmp = dir.join(format!("{STATE}.tmp"));
    std::fs::write(&st_tmp, serde_json::to_vec_pretty(&state)?)?;
    std::fs::File::open(&st_tmp)?.sync_all()?;
    std::fs::rename(&st_tmp, dir.join(STATE))?;
    curate_fault::here(Some(step), "ckpt-after-state");
    // older checkpoints are no longer referenced
    remove_unreferenced(dir, &name)
}

/// Delete the checkpoint files of `dir` other than `keep` (older weights,
/// a temporary file a kill left behind).
fn remove_unreferenced(dir: &Path, keep: &str) -> Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p: PathBuf = e?.path();
        let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if (f.starts_with("ckpt-") || f == format!("{STATE}.tmp")) && f != keep {
            let _ = std::fs::remove_file(&p);
        }
    }
    Ok(())
}

/// Before training resumes: delete what a kill between checkpoint files left
/// (weights `state.json` does not name, temporary files), so the directory
/// holds one checkpoint whatever step the kill hit.
pub fn prune_checkpoints(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let keep = std::fs::read(dir.join(STATE))
        .ok()
        .and_then(|t| serde_json::from_slice::<State>(&t).ok())
        .map(|s| s.weights)
        .unwrap_or_default();
    remove_unreferenced(dir, &keep)
}

/// A checkpoint read back: weights and moments by parameter name (float).
pub struct Checkpoint {
    pub params: BTreeMap<String, Tensor>,
    pub m: BTreeMap<String, Tensor>,
    pub v: BTreeMap<String, Tensor>,
    pub log: Vec<LogRow>,
    pub step: usize,
}

/// The checkpoint in `dir` written under `key`, if any (one with another key
/// or past `tc.steps` is ignored).
pub fn load_checkpoint(
    tc: &TrainConfig,
    dir: &Path,
    key: &str,
    dev: &Device,
) -> Result<Option<Checkpoint>> {
    let Ok(text) = std::fs::read(dir.join(STATE)) else {
        return Ok(None);
    };
    let Ok(state) = serde_json::from_slice::<State>(&text) else {
        return Ok(None);
    };
    if state.key != key || state.step > tc.steps {
        return Ok(None);
    }
    let tensors = candle_core::safetensors::load(dir.join(&state.weights), dev)
        .with_context(|| format!("reading checkpoint {}", dir.join(&state.weights).display()))?;
    let tensors: BTreeMap<String, Tensor> = tensors.into_iter().collect();
    let mut c = Checkpoint {
        params: BTreeMap::new(),
        m: BTreeMap::new(),
        v: BTreeMap::new(),
        log: state.log,
        step: state.step,
    };
    for n in crate::model::param_names(&tc.model) {
        let get = |k: &str| {
            tensors
                .get(k)
                .cloned()
                .with_context(|| format!("checkpoint lacks {k}"))
        };
        c.params.insert(n.clone(), get(&n)?);
        c.m.insert(n.clone(), get(&format!("adam.m.{n}"))?);
        c.v.insert(n.clone(), get(&format!("adam.v.{n}"))?);
    }
    Ok(Some(c))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequence_nats_sums_window_losses() {
        let cfg = Config {
            vocab_size: 30,
            hidden_size: 16,
            intermediate_size: 40,
            num_hidden_layers: 1,
            num_attention_heads: 2,
            max_position_embeddings: 4,
            rms_norm_eps: 1e-5,
            rope_theta: 10000.0,
        };
        let m = Gpt::init(&cfg, 3, &Device::Cpu).unwrap();
        let ids: Vec<u32> = vec![1, 5, 7, 2, 9, 11, 3];
        let (nats, n) = sequence_nats(&m, &ids, 4).unwrap();
        assert_eq!(n, 6);
        // Windows: predict ids[1..5] from ids[0..4], then ids[5..7] from ids[4..6].
        let l = |a: &[u32], b: &[u32]| {
            let x = Tensor::from_vec(a.to_vec(), (1, a.len()), &Device::Cpu).unwrap();
            let y = Tensor::from_vec(b.to_vec(), (1, b.len()), &Device::Cpu).unwrap();
            m.loss(&x, &y).unwrap().to_vec0::<f32>().unwrap() as f64 * a.len() as f64
        };
        let want = l(&ids[0..4], &ids[1..5]) + l(&ids[4..6], &ids[5..7]);
        assert!((nats - want).abs() < 1e-9, "{nats} vs {want}");
        // A random model is near uniform: about ln(30) nats per token.
        assert!((nats / n as f64 - 30f64.ln()).abs() < 0.5);
        assert_eq!(sequence_nats(&m, &[4], 4).unwrap(), (0.0, 0));
    }

    use super::*;

    fn tc(steps: usize) -> TrainConfig {
        TrainConfig {
            model: Config {
                vocab_size: 16,
                hidden_size: 16,
                intermediate_size: 32,
                num_hidden_layers: 1,
                num_attention_heads: 2,
                max_position_embeddings: 8,
                rms_norm_eps: 1e-5,
                rope_theta: 10000.0,
            },
            steps,
            batch_size: 4,
            lr: 1e-2,
            min_lr: 1e-3,
            warmup_steps: 5,
            weight_decay: 0.0,
            beta1: 0.9,
            beta2: 0.95,
            grad_clip: 1.0,
            eval_every: 10,
            eval_batches: 2,
            checkpoint_every: 10,
            seed: 1,
        }
    }

    /// A periodic sequence is perfectly predictable after one period.
    fn data(n: usize) -> Vec<u32> {
        (0..n).map(|i| [1u32, 5, 2, 9, 3, 7][i % 6]).collect()
    }

    #[test]
    fn log_rows_round_trip_bit_for_bit() {
        let rows: Vec<LogRow> = (1..200)
            .map(|i| LogRow {
                step: i,
                lr: 3e-3 * (i as f64 * 0.37).cos().abs() / 7.0,
                train_loss: 1.0 / i as f64 + 1e-17,
                val_loss: (i % 3 != 0).then(|| (i as f64).ln() / 3.0),
                tokens_seen: i as u64 * 4096,
                tokens_per_s: f64::NAN,
            })
            .collect();
        let back: Vec<LogRow> =
            serde_json::from_slice(&serde_json::to_vec(&rows).unwrap()).unwrap();
        for (a, b) in rows.iter().zip(&back) {
            assert_eq!(a.lr.to_bits(), b.lr.to_bits());
            assert_eq!(a.train_loss.to_bits(), b.train_loss.to_bits());
            assert_eq!(a.val_loss.map(f64::to_bits), b.val_loss.map(f64::to_bits));
            assert!(b.tokens_per_s.is_nan());
        }
        // An older state.json with plain numbers still reads.
        let old: LogRow = serde_json::from_str(
            r#"{"step":1,"lr":0.001,"train_loss":2.5,"val_loss":null,"tokens_seen":9,"tokens_per_s":3.0}"#,
        )
        .unwrap();
        assert_eq!((old.lr, old.val_loss), (0.001, None));
    }

    #[test]
    fn schedule_warms_up_then_decays() {
        let c = tc(100);
        assert!((c.lr_at(0) - 2e-3).abs() < 1e-12);
        assert!((c.lr_at(4) - 1e-2).abs() < 1e-12);
        assert!(c.lr_at(50) < c.lr_at(10));
        assert!((c.lr_at(99) - 1e-3).abs() < 1e-4);
    }

    #[test]
    fn learns_a_pattern_and_a_killed_run_resumes_to_the_same_weights() {
        let d = tempfile::tempdir().unwrap();
        let (tr, va) = (data(600), data(120));
        let c = tc(60);
        let (tr, va) = (Tokens::from_vec(tr), Tokens::from_vec(va));
        let full = train(&c, &tr, &va, &d.path().join("a"), "k", |_| true).unwrap();
        let first = full.log[0].val_loss.unwrap();
        let last = full.log.last().unwrap().val_loss.unwrap();
        // ln(16) = 2.77 at the start; the sequence is fully predictable.
        assert!(
            last < 0.5 * first && last < 1.0,
            "val loss {first} -> {last}"
        );
        assert_eq!(full.log.len(), 6);
        // "Kill" right after the step-20 checkpoint, then rerun.
        let dir = d.path().join("b");
        let part = train(&c, &tr, &va, &dir, "k", |r| r.step < 20).unwrap();
        assert_eq!(part.log.len(), 2);
        let resumed = train(&c, &tr, &va, &dir, "k", |_| true).unwrap();
        assert_eq!(resumed.resumed_from, 20);
        let x = Tensor::new(&[[1u32, 5, 2, 9, 3, 7, 1, 5]], &Device::Cpu).unwrap();
        assert_eq!(full.model.flat_logits(&x), resumed.model.flat_logits(&x));
        let vl = |t: &Trained| {
            t.log
                .iter()
                .map(|r| r.val_loss.unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(vl(&full), vl(&resumed));
        // A finished run resumes at the end and trains nothing more.
        let again = train(&c, &tr, &va, &dir, "k", |_| true).unwrap();
        assert_eq!(again.resumed_from, 60);
        // A different key ignores the checkpoint.
        let fresh = train(&tc(10), &tr, &va, &dir, "other", |_| true).unwrap();
        assert_eq!(fresh.resumed_from, 0);
    }
}
