//! `tokenize`: encode the text of the input stages with the tokenizer of a
//! `train_tokenizer` input (or a `tokenizer:` file) into llm.c/nanoGPT token
//! files, `tokens/train-UUUUU.bin` and `tokens/val-UUUUU.bin` per input shard:
//! each document preceded by `<|endoftext|>`, documents split between train
//! and validation by a seeded hash of `doc_id`. The stage's table lists the
//! files with their token counts; `tokenizer.json` is copied beside them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use curate_schemas::{self as schemas, col};
use curate_trainer::{bpe, tokens};
use datafusion::arrow::array::{Array, StringArray, UInt64Array};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::train_tokenizer::{require_text, TOKENIZER_JSON};
use super::{ident, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::units_of;
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};
use crate::storage::Loc;

pub struct Tokenize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Share of documents that go to validation.
    #[serde(default = "default_val")]
    val_fraction: f64,
    #[serde(default)]
    seed: u64,
    /// A `tokenizer.json` to use instead of a `train_tokenizer` input.
    #[serde(default)]
    tokenizer: Option<PathBuf>,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

fn default_val() -> f64 {
    0.05
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for Tokenize {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "tokenize"
    }
    fn summary(&self) -> &'static str {
        "encode text into llm.c/nanoGPT token files (train/val split by document)"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn mixed_inputs(&self) -> bool {
        true
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if !(0.0..1.0).contains(&p.val_fraction) {
            return Err(perr("val_fraction", "must be in [0, 1)"));
        }
        Ok(Box::new(TokenizeStage { p }))
    }
}

struct TokenizeStage {
    p: Params,
}

fn is_vocab(s: &SchemaRef) -> bool {
    schemas::table_of(s) == Some(schemas::table::VOCABULARY)
}

/// Token file path of a unit, relative to the stage directory.
fn token_file(split: &str, unit: usize) -> String {
    format!("tokens/{split}-{unit:05}.bin")
}

impl Stage for TokenizeStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        self.p
            .tokenizer
            .iter()
            .map(|p| (vec!["tokenizer"], p.clone()))
            .collect()
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        let n_tok = inputs.iter().filter(|s| is_vocab(s)).count();
        match (n_tok, &self.p.tokenizer) {
            (0, None) => bail!("needs a train_tokenizer stage among its inputs, or `tokenizer: path/to/tokenizer.json`"),
            (1, None) | (0, Some(_)) => {}
            (_, Some(_)) => bail!("has both a train_tokenizer input and `tokenizer:`; keep one"),
            (_, None) => bail!("has {n_tok} train_tokenizer inputs; keep one"),
        }
        let texts: Vec<SchemaRef> = inputs.iter().filter(|s| !is_vocab(s)).cloned().collect();
        if texts.is_empty() {
            bail!("needs at least one text input besides the tokenizer");
        }
        require_text(&texts, &self.p.text_column)?;
        Ok(schemas::token_shards())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        Ok(format!(
            "SELECT {}, {} FROM each input shard -> encode -> tokens/{{train,val}}-UUUUU.bin (val {:.1}% by hash of {} with seed {})",
            ident(col::DOC_ID),
            ident(&self.p.text_column),
            100.0 * self.p.val_fraction,
            col::DOC_ID,
            self.p.seed
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let tok_path: PathBuf = match &self.p.tokenizer {
            Some(p) => cx.base_dir.join(p),
            None => cx
                .inputs
                .iter()
                .find_map(|i| match i {
                    Input::Stage { dir, manifest, .. } if manifest.kind == "train_tokenizer" => {
                        Some(cx.local(&dir.join(TOKENIZER_JSON)))
                    }
                    _ => None,
                })
                .context("no train_tokenizer input")??,
        };
        let tok = bpe::load(&tok_path)?;
        let eot = bpe::eot_id(&tok)?;
        let width = tokens::Width::for_vocab(tok.get_vocab_size(true));
        // Text shards only (the tokenizer stage's vocabulary table is not text).
        let text_inputs: Vec<Input> = cx
            .inputs
            .iter()
            .filter(|i| !matches!(i, Input::Stage { manifest, .. } if manifest.kind == "train_tokenizer"))
            .cloned()
            .collect();
        let infos: Vec<(Loc, u64)> = text_inputs
            .iter()
            .flat_map(|i| match i {
                Input::Stage { dir, manifest, .. } => manifest
                    .shards
                    .iter()
                    .map(|s| (dir.join(&s.path), s.bytes))
                    .collect(),
                Input::Files(_) => vec![],
            })
            .collect();
        let units = units_of(&infos);
        let shards: Vec<Loc> = infos.into_iter().map(|(l, _)| l).collect();
        let has_doc_id = cx
            .input_schemas
            .iter()
            .filter(|s| !is_vocab(s))
            .all(|s| s.field_with_name(col::DOC_ID).is_ok());
        let sql = if has_doc_id {
            format!(
                "SELECT {}, {} FROM input",
                ident(col::DOC_ID),
                ident(&self.p.text_column)
            )
        } else {
            format!(
                "SELECT CAST(NULL AS VARCHAR), {} FROM input",
                ident(&self.p.text_column)
            )
        };
        let t0 = Instant::now();
        cx.run_units(units, |unit, out| {
            let shard = &shards[unit.id];
            let mut train = tokens::TokenWriter::create(
                &out.artifact_path(&token_file("train", unit.id))?,
                width,
            )?;
            let mut val = tokens::TokenWriter::create(
                &out.artifact_path(&token_file("val", unit.id))?,
                width,
            )?;
            let mut row = 0u64;
            run_sql_on_shard(cx, shard, &sql, |b| {
                let ids = b.column(0).as_any().downcast_ref::<StringArray>();
                let texts = b
                    .column(1)
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| anyhow!("text column is not Utf8"))?;
                let batch: Vec<&str> = (0..texts.len())
                    .map(|i| if texts.is_null(i) { "" } else { texts.value(i) })
                    .collect();
                let enc = tok
                    .encode_batch_fast(batch, false)
                    .map_err(|e| anyhow!("{}: encoding: {e}", shard))?;
                for (i, e) in enc.iter().enumerate() {
                    let key = match ids {
                        Some(a) if !a.is_null(i) => a.value(i).to_string(),
                        _ => format!("{}#{}", unit.label, row + i as u64),
                    };
                    let w = if tokens::is_validation(&key, self.p.seed, self.p.val_fraction) {
                        &mut val
                    } else {
                        &mut train
                    };
                    w.document(eot, e.get_ids())
                        .with_context(|| format!("{}: row {}", shard, row + i as u64 + 1))?;
                }
                row += texts.len() as u64;
                out.counts.rows_in += texts.len() as u64;
                Ok(())
            })?;
            let mut rows = vec![];
            for (split, w) in [("train", train), ("val", val)] {
                let (docs, toks) = (w.documents, w.tokens);
                w.finish()?;
                let rel = token_file(split, unit.id);
                out.artifact(&rel, toks)?;
                rows.push((rel, split, docs, toks));
            }
            if unit.id == 0 {
                let dst = out.artifact_path(TOKENIZER_JSON)?;
                let tmp = dst.with_extension("json.tmp");
                std::fs::copy(&tok_path, &tmp)?;
                std::fs::rename(&tmp, &dst)?;
                out.artifact(TOKENIZER_JSON, 0)?;
            }
            let batch = RecordBatch::try_new(
                schemas::token_shards(),
                vec![
                    Arc::new(StringArray::from_iter_values(
                        rows.iter().map(|r| r.0.clone()),
                    )),
                    Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.1))),
                    Arc::new(StringArray::from_iter_values(
                        rows.iter().map(|_| unit.label.clone()),
                    )),
                    Arc::new(UInt64Array::from_iter_values(rows.iter().map(|r| r.2))),
                    Arc::new(UInt64Array::from_iter_values(rows.iter().map(|r| r.3))),
                    Arc::new(StringArray::from_iter_values(
                        rows.iter().map(|_| width.name()),
                    )),
                ],
            )?;
            out.write(&batch)
        })?;
        let secs = t0.elapsed().as_secs_f64();
        // Totals over every task's units, from the stage's commits.
        let tokens_of = |prefix: &str| -> u64 {
            cx.manifest()
                .map(|m| {
                    m.artifacts
                        .iter()
                        .filter(|a| a.path.starts_with(prefix))
                        .map(|a| a.rows)
                        .sum()
                })
                .unwrap_or(0)
        };
        let (n, val) = (tokens_of("tokens/"), tokens_of("tokens/val-"));
        if n > 0 {
            cx.note(format!(
                "{n} tokens ({val} validation), {} per token, {:.0} tokens/s",
                width.name(),
                n as f64 / secs.max(1e-9)
            ));
        }
        Ok(())
    }
}
