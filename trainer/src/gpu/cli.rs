//! `curate gpu check|bench ...` (also `cargo run --release -p curate-trainer
//! --features cuda --example gpu -- check|bench ...`, which builds without the
//! pipeline): the GPU trainer's self-test and benchmark.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::engine::Attention;
use super::{bench, check, preset, random_tokens, CudaOptions, Precision};
use crate::tokens::Tokens;
use crate::train::TrainConfig;

pub const USAGE: &str = "usage:
  gpu check [--json FILE]
      every CUDA kernel against a CPU reference, a training step against the CPU
      model, resume, and (2+ GPUs) data parallel training; exit 1 on a failure
  gpu bench [--preset 1m,8m,33m] [--steps 30] [--warmup 8] [--batch 64] [--gpus 1]
            [--precision bf16|f32] [--attention auto|flash|wmma|simple] [--vocab 8192]
            [--tokens FILE...]
      time training steps (random tokens unless llm.c token files are given);
      one JSON line per preset";

/// Runs the command in `args` (without the program name); Ok(false) when a check failed.
pub fn run(args: &[String]) -> Result<bool> {
    let Some(cmd) = args.first() else {
        bail!("{USAGE}");
    };
    let mut opts: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut key: Option<String> = None;
    for a in &args[1..] {
        if let Some(k) = a.strip_prefix("--") {
            opts.entry(k.to_string()).or_default();
            key = Some(k.to_string());
        } else if let Some(k) = &key {
            opts.get_mut(k).unwrap().push(a.clone());
        } else {
            bail!("unexpected argument {a:?}\n{USAGE}");
        }
    }
    let one = |k: &str, d: &str| -> String {
        opts.get(k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_else(|| d.to_string())
    };
    let num = |k: &str, d: usize| -> Result<usize> {
        one(k, &d.to_string())
            .parse()
            .with_context(|| format!("--{k} wants a number"))
    };
    match cmd.as_str() {
        "check" => {
            let rows = check::run()?;
            if let Some(p) = opts.get("json").and_then(|v| v.first()) {
                std::fs::write(p, serde_json::to_vec_pretty(&rows)?)?;
            }
            Ok(rows.iter().all(|r| r.ok))
        }
        "bench" => {
            let vocab = num("vocab", 8192)?;
            let files: Vec<PathBuf> = opts
                .get("tokens")
                .map(|v| v.iter().map(PathBuf::from).collect())
                .unwrap_or_default();
            let toks = if files.is_empty() {
                random_tokens(4_000_000, vocab)
            } else {
                Tokens::open(&files)?
            };
            let (steps, warmup) = (num("steps", 30)?, num("warmup", 8)?);
            let gpus = num("gpus", 1)?;
            let o = CudaOptions {
                gpus,
                precision: match one("precision", "bf16").as_str() {
                    "bf16" => Precision::Bf16,
                    "f32" => Precision::F32,
                    p => bail!("--precision {p}: bf16 or f32"),
                },
                attention: match one("attention", "auto").as_str() {
                    "auto" => None,
                    "flash" => Some(Attention::Flash),
                    "wmma" => Some(Attention::Wmma),
                    "simple" => Some(Attention::Simple),
                    a => bail!("--attention {a}: auto, flash, wmma or simple"),
                },
            };
            for name in one("preset", "33m").split(',') {
                let tc = TrainConfig {
                    model: preset(name, vocab)?,
                    steps: warmup + steps,
                    batch_size: num("batch", 64)?,
                    lr: 3e-3,
                    min_lr: 3e-4,
                    warmup_steps: ((warmup + steps) / 20).max(1),
                    weight_decay: 0.1,
                    beta1: 0.9,
                    beta2: 0.95,
                    grad_clip: 1.0,
                    eval_every: warmup + steps,
                    eval_batches: 1,
                    checkpoint_every: 0,
                    seed: 0,
                };
                let r = bench(&tc, &o, &toks, warmup, steps)?;
                let mut v = serde_json::to_value(&r)?;
                v["impl"] = "curate".into();
                v["preset"] = name.into();
                v["tokens"] = if files.is_empty() {
                    "random".into()
                } else {
                    format!("{} file(s), {} tokens", files.len(), toks.len()).into()
                };
                println!("{v}");
            }
            Ok(true)
        }
        c => bail!("unknown gpu command {c:?}\n{USAGE}"),
    }
}
