//! `train_tokenizer`: byte-level BPE trained on the text column of the input
//! stages (streamed, capped by `max_docs` / `max_bytes`), written as a Hugging
//! Face `tokenizer.json` in the stage directory; the stage's table is the
//! vocabulary (`token_id`, `token`, `special`).

use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Result};
use curate_schemas as schemas;
use curate_trainer::bpe;
use datafusion::arrow::array::{Array, BooleanArray, StringArray, UInt32Array};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, one_unit, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct TrainTokenizer;

/// File name of the tokenizer in the stage directory.
pub const TOKENIZER_JSON: &str = "tokenizer.json";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_vocab")]
    vocab_size: usize,
    #[serde(default = "default_min_frequency")]
    min_frequency: u64,
    /// Extra special tokens after `<|endoftext|>` (which is always id 0).
    #[serde(default)]
    special_tokens: Vec<String>,
    /// Train on at most this many documents (in input order).
    #[serde(default)]
    max_docs: Option<u64>,
    /// Train on at most this much text, e.g. "500MB".
    #[serde(default)]
    max_bytes: Option<serde_json::Value>,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

fn default_vocab() -> usize {
    8192
}
fn default_min_frequency() -> u64 {
    2
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for TrainTokenizer {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "train_tokenizer"
    }
    fn summary(&self) -> &'static str {
        "train a byte-level BPE tokenizer (Hugging Face tokenizer.json) on the text column"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.vocab_size < 257 + p.special_tokens.len() {
            return Err(perr(
                "vocab_size",
                "must exceed 256 byte tokens plus the special tokens",
            ));
        }
        let max_bytes = match &p.max_bytes {
            None => None,
            Some(v) => Some(crate::workflow::parse_size(v).ok_or_else(|| {
                perr(
                    "max_bytes",
                    "must be a positive size, e.g. 1000000000 or \"1GB\"",
                )
            })?),
        };
        Ok(Box::new(TrainTokenizerStage { p, max_bytes }))
    }
}

struct TrainTokenizerStage {
    p: Params,
    max_bytes: Option<u64>,
}

/// Check every input carries a UTF-8 `column`.
pub fn require_text(inputs: &[SchemaRef], column: &str) -> Result<()> {
    for s in inputs {
        match s.field_with_name(column) {
            Ok(f) if f.data_type() == &datafusion::arrow::datatypes::DataType::Utf8 => {}
            Ok(f) => bail!("input column `{column}` is {}, not Utf8", f.data_type()),
            Err(_) => bail!(
                "input has no column `{column}` (columns: {})",
                s.fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    Ok(())
}

impl Stage for TrainTokenizerStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "train",
            "BPE training counts pairs over the whole sample",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        require_text(inputs, &self.p.text_column)?;
        Ok(schemas::vocabulary())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        Ok(format!(
            "SELECT {} FROM each input shard -> byte-level BPE, vocab {} (min frequency {}){}{} -> {TOKENIZER_JSON}",
            ident(&self.p.text_column),
            self.p.vocab_size,
            self.p.min_frequency,
            self.p
                .max_docs
                .map(|n| format!(", first {n} docs"))
                .unwrap_or_default(),
            self.max_bytes
                .map(|n| format!(", first {n} bytes"))
                .unwrap_or_default(),
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let shards = cx.input_shards();
        let unit = one_unit(cx, format!("{} shards", shards.len()));
        cx.run_units(vec![unit], |_, out| {
            let t0 = Instant::now();
            let (tx, rx) = sync_channel::<String>(4096);
            let docs = Arc::new(Mutex::new((0u64, 0u64)));
            let read_err: Mutex<Option<anyhow::Error>> = Mutex::new(None);
            let sql = format!("SELECT {} FROM input", ident(&self.p.text_column));
            let max_docs = self.p.max_docs.unwrap_or(u64::MAX);
            let max_bytes = self.max_bytes.unwrap_or(u64::MAX);
            let tok = std::thread::scope(|s| {
                s.spawn(|| {
                    let r = (|| -> Result<()> {
                        for shard in &shards {
                            let mut stop = false;
                            run_sql_on_shard(cx, shard, &sql, |b| {
                                let texts = b
                                    .column(0)
                                    .as_any()
                                    .downcast_ref::<StringArray>()
                                    .ok_or_else(|| anyhow::anyhow!("text column is not Utf8"))?;
                                for i in 0..texts.len() {
                                    let mut d = crate::stage::lock(&docs);
                                    if stop || d.0 >= max_docs || d.1 >= max_bytes {
                                        stop = true;
                                        break;
                                    }
                                    if texts.is_null(i) {
                                        continue;
                                    }
                                    let t = texts.value(i);
                                    d.0 += 1;
                                    d.1 += t.len() as u64;
                                    drop(d);
                                    if tx.send(t.to_string()).is_err() {
                                        stop = true;
                                        break;
                                    }
                                }
                                Ok(())
                            })?;
                            if stop {
                                break;
                            }
                        }
                        Ok(())
                    })();
                    drop(tx);
                    if let Err(e) = r {
                        *crate::stage::lock(&read_err) = Some(e);
                    }
                });
                let cfg = bpe::BpeConfig {
                    vocab_size: self.p.vocab_size,
                    min_frequency: self.p.min_frequency,
                    special_tokens: std::iter::once(bpe::EOT.to_string())
                        .chain(self.p.special_tokens.iter().cloned())
                        .collect(),
                };
                bpe::train(&cfg, rx.into_iter())
            });
            if let Some(e) = read_err.into_inner().unwrap_or_else(|p| p.into_inner()) {
                return Err(e);
            }
            let tok = tok?;
            let (ndocs, nbytes) = *crate::stage::lock(&docs);
            out.counts.rows_in = ndocs;
            let path = out.artifact_path(TOKENIZER_JSON)?;
            let tmp = path.with_extension("json.tmp");
            bpe::save(&tok, &tmp)?;
            std::fs::rename(&tmp, &path)?;
            out.artifact(TOKENIZER_JSON, 0)?;
            let mut vocab: Vec<(String, u32)> = tok.get_vocab(true).into_iter().collect();
            vocab.sort_by_key(|(_, id)| *id);
            let specials: std::collections::HashSet<String> = tok
                .get_added_tokens_decoder()
                .values()
                .filter(|t| t.special)
                .map(|t| t.content.clone())
                .collect();
            let batch = RecordBatch::try_new(
                schemas::vocabulary(),
                vec![
                    Arc::new(UInt32Array::from_iter_values(vocab.iter().map(|v| v.1))),
                    Arc::new(StringArray::from_iter_values(vocab.iter().map(|v| &v.0))),
                    Arc::new(BooleanArray::from_iter(
                        vocab.iter().map(|v| Some(specials.contains(&v.0))),
                    )),
                ],
            )?;
            out.write(&batch)?;
            out.note(format!(
                "vocab {} trained on {} docs, {:.1} MB in {:.1}s",
                vocab.len(),
                ndocs,
                nbytes as f64 / 1e6,
                t0.elapsed().as_secs_f64()
            ));
            Ok(())
        })
    }
}
