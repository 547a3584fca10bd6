//! `train_model`: train a small Llama-architecture GPT on the token files of
//! a `tokenize` input, on the CPU (candle) or, in a binary built with the
//! `cuda` feature, on NVIDIA GPUs (`device: cuda`; several GPUs data
//! parallel). The token files are memory-mapped, not loaded. Writes `model/`
//! (`model.safetensors`, `config.json`, `tokenizer.json`: loadable by
//! `transformers` as `LlamaForCausalLM`), checkpoints to `_checkpoint/` so a
//! killed run resumes from its last checkpoint (on either device), and the
//! loss curve as the stage's table.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_schemas::{self as schemas};
use curate_trainer::bpe;
use curate_trainer::model::Config;
use curate_trainer::sample::{generate, SampleConfig};
use curate_trainer::tokens::Tokens;
use curate_trainer::train::{train, TrainConfig, Trained};
use datafusion::arrow::array::{Float64Array, UInt64Array};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::train_tokenizer::TOKENIZER_JSON;
use crate::functions::Functions;
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};
use crate::storage::Loc;

pub struct TrainModel;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelParams {
    #[serde(default = "d_hidden")]
    hidden_size: usize,
    #[serde(default = "d_layers")]
    layers: usize,
    #[serde(default = "d_heads")]
    heads: usize,
    /// Default: 8/3 of hidden_size rounded up to a multiple of 8 (SwiGLU).
    #[serde(default)]
    intermediate_size: Option<usize>,
    /// Context length in tokens.
    #[serde(default = "d_context")]
    context: usize,
}

fn d_hidden() -> usize {
    128
}
fn d_layers() -> usize {
    4
}
fn d_heads() -> usize {
    4
}
fn d_context() -> usize {
    128
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            hidden_size: d_hidden(),
            layers: d_layers(),
            heads: d_heads(),
            intermediate_size: None,
            context: d_context(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SampleParams {
    #[serde(default = "d_prompt")]
    prompt: String,
    #[serde(default = "d_new")]
    max_new_tokens: usize,
    #[serde(default = "d_temp")]
    temperature: f64,
    #[serde(default = "d_topk")]
    top_k: usize,
}

fn d_prompt() -> String {
    "Once upon a time".into()
}
fn d_new() -> usize {
    60
}
fn d_temp() -> f64 {
    0.8
}
fn d_topk() -> usize {
    40
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    model: ModelParams,
    #[serde(default = "d_steps")]
    steps: usize,
    #[serde(default = "d_batch")]
    batch_size: usize,
    #[serde(default = "d_lr")]
    lr: f64,
    /// Default: lr / 10.
    #[serde(default)]
    min_lr: Option<f64>,
    /// Default: steps / 20.
    #[serde(default)]
    warmup_steps: Option<usize>,
    #[serde(default = "d_wd")]
    weight_decay: f64,
    #[serde(default = "d_clip")]
    grad_clip: f64,
    /// Evaluate (and log) every N steps. Default: steps / 10.
    #[serde(default)]
    eval_every: Option<usize>,
    #[serde(default = "d_eval_batches")]
    eval_batches: usize,
    /// Checkpoint at evaluations that fall on a multiple of N steps.
    /// Default: every evaluation.
    #[serde(default)]
    checkpoint_every: Option<usize>,
    #[serde(default)]
    seed: u64,
    /// Text generated at the end for the summary.
    #[serde(default)]
    sample: Option<SampleParams>,
    /// `cpu` (default), `cuda` (an error when this binary or machine has no
    /// usable GPU), or `auto` (cuda when available, else cpu; the summary
    /// names the device).
    #[serde(default)]
    device: DeviceParam,
    /// GPUs to train on (data parallel; `batch_size` is split between them).
    #[serde(default = "d_gpus")]
    gpus: usize,
    /// GPU number format: `bf16` (mixed precision, default) or `f32`.
    #[serde(default)]
    precision: PrecisionParam,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum DeviceParam {
    #[default]
    Cpu,
    Cuda,
    Auto,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PrecisionParam {
    #[default]
    Bf16,
    F32,
}

fn d_gpus() -> usize {
    1
}

/// Whether this binary can train on a GPU here (driver loaded, a device seen).
fn cuda_usable() -> bool {
    #[cfg(feature = "cuda")]
    {
        curate_trainer::gpu::rt::device_count().is_ok_and(|n| n > 0)
    }
    #[cfg(not(feature = "cuda"))]
    {
        false
    }
}

fn d_steps() -> usize {
    1000
}
fn d_batch() -> usize {
    16
}
fn d_lr() -> f64 {
    3e-3
}
fn d_wd() -> f64 {
    0.1
}
fn d_clip() -> f64 {
    1.0
}
fn d_eval_batches() -> usize {
    8
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for TrainModel {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "train_model"
    }
    fn summary(&self) -> &'static str {
        "train a small Llama-style GPT on token files (CPU, or CUDA GPUs); Hugging Face checkpoint"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages {
            min: 1,
            max: Some(1),
        }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        let m = &p.model;
        if m.heads == 0
            || !m.hidden_size.is_multiple_of(m.heads)
            || !(m.hidden_size / m.heads).is_multiple_of(2)
        {
            return Err(perr(
                "model",
                "hidden_size must be a multiple of heads with an even head size",
            ));
        }
        if p.steps == 0 || p.batch_size == 0 || m.context < 2 || m.layers == 0 {
            return Err(perr(
                "steps",
                "steps, batch_size, model.layers must be > 0 and model.context >= 2",
            ));
        }
        if p.device == DeviceParam::Cuda && !cfg!(feature = "cuda") {
            return Err(perr(
                "device",
                "this curate binary was built without CUDA support; build it with \
                 `--features cuda` (scripts/build_cuda.sh) or use device: cpu",
            ));
        }
        if p.gpus == 0 || (p.gpus > 1 && p.device == DeviceParam::Cpu) {
            return Err(perr(
                "gpus",
                "gpus must be >= 1, and > 1 only with device: cuda or auto",
            ));
        }
        if !p.batch_size.is_multiple_of(p.gpus) {
            return Err(perr("gpus", "batch_size must split evenly over the GPUs"));
        }
        Ok(Box::new(TrainModelStage { p }))
    }
}

struct TrainModelStage {
    p: Params,
}

impl TrainModelStage {
    fn train_config(&self, vocab_size: usize) -> TrainConfig {
        let p = &self.p;
        let m = &p.model;
        TrainConfig {
            model: Config {
                vocab_size,
                hidden_size: m.hidden_size,
                intermediate_size: m
                    .intermediate_size
                    .unwrap_or((m.hidden_size * 8 / 3).div_ceil(8) * 8),
                num_hidden_layers: m.layers,
                num_attention_heads: m.heads,
                max_position_embeddings: m.context,
                rms_norm_eps: 1e-5,
                rope_theta: 10000.0,
            },
            steps: p.steps,
            batch_size: p.batch_size,
            lr: p.lr,
            min_lr: p.min_lr.unwrap_or(p.lr / 10.0),
            warmup_steps: p.warmup_steps.unwrap_or(p.steps / 20),
            weight_decay: p.weight_decay,
            beta1: 0.9,
            beta2: 0.95,
            grad_clip: p.grad_clip,
            eval_every: p.eval_every.unwrap_or((p.steps / 10).max(1)),
            eval_batches: p.eval_batches,
            checkpoint_every: p.checkpoint_every.unwrap_or(1),
            seed: p.seed,
        }
    }
}

/// Entropy (nats) of the unigram distribution of `toks`: the loss of the
/// best model that ignores context. One streaming pass over the files.
pub fn unigram_entropy(toks: &Tokens) -> Result<f64> {
    let mut counts: Vec<u64> = vec![];
    toks.for_each_chunk(|_, c| {
        for &t in c {
            if t as usize >= counts.len() {
                counts.resize(t as usize + 1, 0);
            }
            counts[t as usize] += 1;
        }
        Ok(())
    })?;
    let n = toks.len() as f64;
    Ok(counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.ln()
        })
        .sum())
}

impl TrainModelStage {
    #[cfg(feature = "cuda")]
    fn train_cuda(
        &self,
        tc: &TrainConfig,
        train: &Tokens,
        val: &Tokens,
        ckpt: &std::path::Path,
        key: &str,
        on_log: impl FnMut(&curate_trainer::train::LogRow) -> bool,
    ) -> Result<Trained> {
        use curate_trainer::gpu::{train_cuda, CudaOptions, Precision};
        let opts = CudaOptions {
            gpus: self.p.gpus,
            precision: match self.p.precision {
                PrecisionParam::Bf16 => Precision::Bf16,
                PrecisionParam::F32 => Precision::F32,
            },
            attention: None,
        };
        train_cuda(tc, &opts, train, val, ckpt, key, on_log)
    }

    #[cfg(not(feature = "cuda"))]
    fn train_cuda(
        &self,
        _: &TrainConfig,
        _: &Tokens,
        _: &Tokens,
        _: &std::path::Path,
        _: &str,
        _: impl FnMut(&curate_trainer::train::LogRow) -> bool,
    ) -> Result<Trained> {
        bail!("device: cuda needs a curate binary built with `--features cuda` (scripts/build_cuda.sh)")
    }
}

impl Stage for TrainModelStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "train",
            "one training run over every token shard",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        if schemas::table_of(&inputs[0]) != Some(schemas::table::TOKEN_SHARDS) {
            bail!("its input must be a tokenize stage");
        }
        Ok(schemas::training_log())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        let tc = self.train_config(0);
        let m = &tc.model;
        Ok(format!(
            "Llama GPT d={} layers={} heads={} ffn={} context={}; {} steps x {} seqs, AdamW lr {} -> {} (warmup {}), clip {} on {} -> model/",
            m.hidden_size, m.num_hidden_layers, m.num_attention_heads, m.intermediate_size,
            m.max_position_embeddings, tc.steps, tc.batch_size, tc.lr, tc.min_lr, tc.warmup_steps, tc.grad_clip,
            match self.p.device {
                DeviceParam::Cpu => "cpu".to_string(),
                DeviceParam::Cuda => format!("cuda ({} GPU(s), {:?})", self.p.gpus, self.p.precision).to_lowercase(),
                DeviceParam::Auto => format!("auto ({} GPU(s) if usable, else cpu)", self.p.gpus),
            }
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let Some(Input::Stage {
            dir: tdir,
            manifest,
            ..
        }) = cx.inputs.first()
        else {
            bail!("train_model needs a tokenize input");
        };
        let files = |split: &str| -> Vec<Loc> {
            manifest
                .artifacts
                .iter()
                .filter(|a| a.path.starts_with(&format!("tokens/{split}-")))
                .map(|a| tdir.join(&a.path))
                .collect()
        };
        let unit = crate::stage::Unit {
            id: 0,
            label: "training".into(),
            bytes: manifest
                .artifacts
                .iter()
                .filter(|a| a.path.starts_with("tokens/"))
                .map(|a| a.bytes)
                .sum(),
        };
        cx.run_units(vec![unit], |_, out| {
            let local = |fs: Vec<Loc>| fs.iter().map(|f| cx.local(f)).collect::<Result<Vec<_>>>();
            let (train_files, val_files) = (local(files("train"))?, local(files("val"))?);
            let tok_path = cx.local(&tdir.join(TOKENIZER_JSON))?;
            let train_toks = Tokens::open(&train_files)?;
            let val_toks = Tokens::open(&val_files)?;
            let tok = bpe::load(&tok_path)?;
            let eot = bpe::eot_id(&tok)?;
            let tc = self.train_config(tok.get_vocab_size(true));
            out.counts.rows_in = (train_toks.len() + val_toks.len()) as u64;
            let entropy = unigram_entropy(&train_toks)?;
            let use_cuda = match self.p.device {
                DeviceParam::Cpu => false,
                DeviceParam::Cuda => true,
                DeviceParam::Auto => cuda_usable(),
            };
            tracing::info!(
                stage = %cx.name,
                "{} parameters, {} train / {} validation tokens (memory-mapped), unigram entropy {:.3} nats/token, on {}",
                tc.model.parameters(), train_toks.len(), val_toks.len(), entropy,
                if use_cuda { "cuda" } else { "cpu" }
            );
            let name = cx.name.clone();
            let on_log = |r: &curate_trainer::train::LogRow| {
                tracing::info!(
                    stage = %name,
                    "step {}/{}: train loss {:.4}, val loss {:.4}, lr {:.2e}, {:.0} tokens/s",
                    r.step, tc.steps, r.train_loss, r.val_loss.unwrap_or(f64::NAN), r.lr, r.tokens_per_s
                );
                true
            };
            let ckpt = cx.dir.join("_checkpoint");
            let trained = if use_cuda {
                self.train_cuda(&tc, &train_toks, &val_toks, &ckpt, &cx.fingerprint, on_log)
            } else {
                train(&tc, &train_toks, &val_toks, &ckpt, &cx.fingerprint, on_log)
            }
            .context("training")?;
            // model/
            let save = |rel: &str, write: &dyn Fn(&std::path::Path) -> Result<()>| -> Result<PathBuf> {
                let p = cx.dir.join(rel);
                std::fs::create_dir_all(p.parent().unwrap_or(&cx.dir))?;
                let tmp = p.with_extension("tmp");
                write(&tmp)?;
                std::fs::rename(&tmp, &p)?;
                Ok(p)
            };
            save("model/model.safetensors", &|p| trained.model.save(p))?;
            save("model/config.json", &|p| {
                Ok(std::fs::write(p, serde_json::to_vec_pretty(&tc.model.hf_config(eot, eot))?)?)
            })?;
            save("model/generation_config.json", &|p| {
                Ok(std::fs::write(p, serde_json::to_vec_pretty(&serde_json::json!({
                    "bos_token_id": eot, "eos_token_id": eot, "do_sample": true,
                    "temperature": 0.8, "top_k": 40
                }))?)?)
            })?;
            save("model/tokenizer.json", &|p| Ok(std::fs::copy(&tok_path, p).map(|_| ())?))?;
            save("model/tokenizer_config.json", &|p| {
                Ok(std::fs::write(p, serde_json::to_vec_pretty(&serde_json::json!({
                    "tokenizer_class": "PreTrainedTokenizerFast",
                    "bos_token": bpe::EOT, "eos_token": bpe::EOT,
                    "model_max_length": tc.model.max_position_embeddings,
                }))?)?)
            })?;
            for f in [
                "model.safetensors",
                "config.json",
                "generation_config.json",
                "tokenizer.json",
                "tokenizer_config.json",
            ] {
                out.artifact(&format!("model/{f}"), 0)?;
            }
            let log = &trained.log;
            let batch = RecordBatch::try_new(
                schemas::training_log(),
                vec![
                    Arc::new(UInt64Array::from_iter_values(log.iter().map(|r| r.step as u64))),
                    Arc::new(Float64Array::from_iter_values(log.iter().map(|r| r.lr))),
                    Arc::new(Float64Array::from_iter_values(log.iter().map(|r| r.train_loss))),
                    Arc::new(Float64Array::from_iter(log.iter().map(|r| r.val_loss))),
                    Arc::new(UInt64Array::from_iter_values(log.iter().map(|r| r.tokens_seen))),
                    Arc::new(Float64Array::from_iter_values(log.iter().map(|r| r.tokens_per_s))),
                ],
            )?;
            out.write(&batch)?;
            let last = log.last().context("no training log")?;
            let tps: Vec<f64> = log.iter().map(|r| r.tokens_per_s).collect();
            out.note(format!(
                "{} parameters, {} steps: val loss {:.3} nats/token (unigram entropy {:.3}), train loss {:.3}, {:.0} tokens/s on {}{}{}",
                tc.model.parameters(),
                last.step,
                last.val_loss.unwrap_or(f64::NAN),
                entropy,
                last.train_loss,
                tps.iter().sum::<f64>() / tps.len().max(1) as f64,
                trained.device,
                trained.data_wait.map(|w| format!(" (waited for data {:.2}% of the time)", 100.0 * w)).unwrap_or_default(),
                if trained.resumed_from > 0 { format!(", resumed from step {}", trained.resumed_from) } else { String::new() }
            ));
            if let Some(sp) = &self.p.sample {
                let prompt = bpe::encode(&tok, &sp.prompt)?;
                let ids: Vec<u32> = std::iter::once(eot).chain(prompt).collect();
                let new = generate(&trained.model, &ids, &SampleConfig {
                    max_new_tokens: sp.max_new_tokens,
                    temperature: sp.temperature,
                    top_k: sp.top_k,
                    seed: self.p.seed,
                    stop: Some(eot),
                })?;
                let text = format!("{}{}", sp.prompt, bpe::decode(&tok, &new)?);
                out.note(format!("sample: {}", text.replace('\n', " ")));
            }
            Ok(())
        })
    }
}
