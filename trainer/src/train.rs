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
    pub lr: f64,
    /// Mean training loss over the steps since the previous row.
    pub train_loss: f64,
    /// Validation loss, when evaluated at this step.
    pub val_loss: Option<f64>,
    pub tokens_seen: u64,
    /// Training tokens per second over the steps since the previous row.
    pub tokens_per_s: f64,
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
    train: &[u32],
    val: &[u32],
    ckpt_dir: &Path,
    key: &str,
    mut on_log: impl FnMut(&LogRow) -> bool,
) -> Result<Trained> {
    let dev = Device::Cpu;
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
    if let Some(&bad) = train
        .iter()
        .chain(val)
        .find(|&&x| x as usize >= tc.model.vocab_size)
    {
        bail!(
            "token id {bad} is outside the model's vocabulary of {}",
            tc.model.vocab_size
        );
    }
    std::fs::create_dir_all(ckpt_dir)?;
    let (model, mut opt, mut log, start) = match load_checkpoint(tc, ckpt_dir, key, &dev)? {
        Some(x) => x,
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
        let eval_now = done.is_multiple_of(tc.eval_every.max(1)) || done == tc.steps;
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
        if (tc.checkpoint_every > 0 && done.is_multiple_of(tc.checkpoint_every) && eval_now)
            || done == tc.steps
            || !keep_going
        {
            save_checkpoint(&model, &opt, &log, done, ckpt_dir, key)?;
        }
        if !keep_going {
            break;
        }
    }
    Ok(Trained {
        model,
        log,
        resumed_from: start,
    })
}

fn train_batch(
    tc: &TrainConfig,
    toks: &[u32],
    step: usize,
    dev: &Device,
) -> Result<(Tensor, Tensor)> {
    let t = tc.seq_len();
    let mut rng =
        StdRng::seed_from_u64(tc.seed ^ (step as u64 + 1).wrapping_mul(0x9E3779B97F4A7C15));
    let mut xs = Vec::with_capacity(tc.batch_size * t);
    let mut ys = Vec::with_capacity(tc.batch_size * t);
    for _ in 0..tc.batch_size {
        let o = rng.random_range(0..toks.len() - t - 1);
        xs.extend_from_slice(&toks[o..o + t]);
        ys.extend_from_slice(&toks[o + 1..o + t + 1]);
    }
    Ok((
        Tensor::from_vec(xs, (tc.batch_size, t), dev)?,
        Tensor::from_vec(ys, (tc.batch_size, t), dev)?,
    ))
}

/// Fixed validation batches: evenly spaced windows over the validation tokens.
fn eval_batches(tc: &TrainConfig, toks: &[u32], dev: &Device) -> Result<Vec<(Tensor, Tensor)>> {
    let t = tc.seq_len();
    let windows = (tc.eval_batches.max(1) * tc.batch_size)
        .min((toks.len() - 1) / t)
        .max(1);
    let span = toks.len() - t - 1;
    let offsets: Vec<usize> = (0..windows).map(|i| i * span / windows.max(1)).collect();
    offsets
        .chunks(tc.batch_size)
        .map(|c| {
            let xs: Vec<u32> = c
                .iter()
                .flat_map(|&o| toks[o..o + t].iter().copied())
                .collect();
            let ys: Vec<u32> = c
                .iter()
                .flat_map(|&o| toks[o + 1..o + t + 1].iter().copied())
                .collect();
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

/// Validation loss of `model` on `toks`, using the same windows as training.
pub fn validation_loss(tc: &TrainConfig, model: &Gpt, toks: &[u32]) -> Result<f64> {
    evaluate(model, &eval_batches(tc, toks, &Device::Cpu)?)
}

fn weights_name(step: usize) -> String {
    format!("ckpt-{step:08}.safetensors")
}

fn save_checkpoint(
    model: &Gpt,
    opt: &AdamW,
    log: &[LogRow],
    step: usize,
    dir: &Path,
    key: &str,
) -> Result<()> {
    let mut map = std::collections::HashMap::new();
    for (n, var) in &model.params {
        map.insert(n.clone(), var.as_tensor().clone());
        map.insert(format!("adam.m.{n}"), opt.m[n].clone());
        map.insert(format!("adam.v.{n}"), opt.v[n].clone());
    }
    let name = weights_name(step);
    let tmp = dir.join(format!("{name}.tmp"));
    candle_core::safetensors::save(&map, &tmp)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, dir.join(&name))?;
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
    // older checkpoints are no longer referenced
    for e in std::fs::read_dir(dir)? {
        let p: PathBuf = e?.path();
        let f = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if f.starts_with("ckpt-") && f != name {
            let _ = std::fs::remove_file(&p);
        }
    }
    Ok(())
}

type Loaded = (Gpt, AdamW, Vec<LogRow>, usize);

fn load_checkpoint(
    tc: &TrainConfig,
    dir: &Path,
    key: &str,
    dev: &Device,
) -> Result<Option<Loaded>> {
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
    let model = Gpt::from_tensors(&tc.model, &tensors, dev)?;
    let mut opt = AdamW {
        m: BTreeMap::new(),
        v: BTreeMap::new(),
    };
    for n in model.params.keys() {
        let get = |p: &str| {
            tensors
                .get(&format!("adam.{p}.{n}"))
                .cloned()
                .with_context(|| format!("checkpoint lacks adam.{p}.{n}"))
        };
        opt.m.insert(n.clone(), get("m")?);
        opt.v.insert(n.clone(), get("v")?);
    }
    Ok(Some((model, opt, state.log, state.step)))
}

#[cfg(test)]
mod tests {
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
