//! `decontaminate`: documents that share a word n-gram (default 13, as the
//! GPT-3 and Llama papers did) with an evaluation set are dropped or flagged.
//!
//! Inputs: the corpus first, then one or more evaluation sets (stage
//! outputs: ingest a benchmark file to name it in the workflow; each set is
//! named after its stage). Text is normalized the same way on both sides:
//! lowercased, punctuation (every character that is neither alphanumeric
//! nor whitespace) removed, split on whitespace. Every n-gram of every
//! evaluation passage is hashed (xxh3, 64 bits) into one in-memory set, so
//! memory is bounded by the evaluation sets (about 16 bytes per n-gram), not
//! by the corpus; corpus shards are then scanned in parallel. Appends
//! `contaminated_by` (the first evaluation set matched) and
//! `contaminated_ngram` (the matching words); with `action: drop` (default)
//! matched documents go to `rejected/` as `contaminated: <set>`, with
//! `action: flag` they stay. An evaluation set without a single n-gram
//! (empty, or every passage shorter than `ngram` words) is an error.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, ArrayRef, StringArray, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Decontaminate;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Default)]
#[serde(rename_all = "lowercase")]
enum Action {
    #[default]
    Drop,
    Flag,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "d_ngram")]
    ngram: usize,
    #[serde(default)]
    action: Action,
    #[serde(default = "super::default_text_column")]
    text_column: String,
    /// The evaluation sets' text column.
    #[serde(default = "super::default_text_column")]
    eval_text_column: String,
}

fn d_ngram() -> usize {
    13
}

const REASON: &str = "__contaminated_reason";

/// Bumped when this kind's output for the same inputs and parameters
/// changes (part of the resume fingerprint).
pub const REVISION: u32 = 1;

impl StageKind for Decontaminate {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the scan of each shard; the n-gram check against the benchmark index, and the writing, run here")
    }
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "decontaminate"
    }
    fn summary(&self) -> &'static str {
        "drop or flag documents sharing a word 13-gram with an evaluation set (inputs after the first)"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 2, max: None }
    }
    fn mixed_inputs(&self) -> bool {
        true
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.ngram == 0 || p.ngram > 100 {
            return Err(perr("ngram", "must be in 1..=100"));
        }
        Ok(Box::new(DecontaminateStage { p }))
    }
}

struct DecontaminateStage {
    p: Params,
}

/// Lowercased words with punctuation removed.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn gram_hash(ws: &[String]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(w.as_bytes());
    }
    h.digest()
}

/// The evaluation sets' n-grams: hash -> index of the first set holding it.
pub struct EvalGrams {
    pub n: usize,
    pub sets: Vec<String>,
    grams: HashMap<u64, u32>,
}

impl EvalGrams {
    pub fn new(n: usize) -> Self {
        EvalGrams {
            n,
            sets: vec![],
            grams: HashMap::new(),
        }
    }

    /// Add a passage of set `set` (an index into `sets`); returns its n-grams.
    pub fn add(&mut self, set: u32, text: &str) -> usize {
        let w = words(text);
        if w.len() < self.n {
            return 0;
        }
        for g in w.windows(self.n) {
            self.grams.entry(gram_hash(g)).or_insert(set);
        }
        w.len() - self.n + 1
    }

    /// The first n-gram of `text` found in an evaluation set: (set, words).
    pub fn find(&self, text: &str) -> Option<(&str, String)> {
        let w = words(text);
        if w.len() < self.n {
            return None;
        }
        w.windows(self.n).find_map(|g| {
            self.grams
                .get(&gram_hash(g))
                .map(|&s| (self.sets[s as usize].as_str(), g.join(" ")))
        })
    }
}

impl DecontaminateStage {
    fn added() -> Vec<Field> {
        vec![
            Field::new(schemas::col::CONTAMINATED_BY, DataType::Utf8, true),
            Field::new(schemas::col::CONTAMINATED_NGRAM, DataType::Utf8, true),
        ]
    }

    fn out_schema(corpus: &SchemaRef) -> SchemaRef {
        let names: Vec<String> = Self::added().iter().map(|f| f.name().clone()).collect();
        let mut fields: Vec<Field> = corpus
            .fields()
            .iter()
            .filter(|f| !names.contains(f.name()))
            .map(|f| f.as_ref().clone())
            .collect();
        fields.extend(Self::added());
        schemas::stamp(&Schema::new(fields), schemas::table::DOCUMENTS)
    }
}

impl Stage for DecontaminateStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "scan",
            "the evaluation sets' n-grams are built once, then every corpus shard is scanned",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        let corpus = &inputs[0];
        super::require_string_column(corpus, &self.p.text_column)
            .context("the corpus (first input)")?;
        for (i, s) in inputs.iter().enumerate().skip(1) {
            super::require_string_column(s, &self.p.eval_text_column)
                .with_context(|| format!("evaluation set (input {})", i + 1))?;
        }
        Ok(Self::out_schema(corpus))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        self.output_schema(inputs, fx)?;
        Ok(format!(
            "hash every word {}-gram of inputs 2..{} (lowercased, punctuation removed) -> scan input 1 per shard -> {}",
            self.p.ngram,
            inputs.len(),
            match self.p.action {
                Action::Drop => "matches to rejected/",
                Action::Flag => "matches flagged",
            }
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let mut grams = EvalGrams::new(self.p.ngram);
        let mut corpus: Option<(SchemaRef, Vec<(crate::storage::Loc, u64)>)> = None;
        for (i, (input, schema)) in cx.inputs.iter().zip(&cx.input_schemas).enumerate() {
            let Input::Stage {
                name,
                dir,
                manifest,
            } = input
            else {
                continue;
            };
            if i == 0 {
                corpus = Some((
                    schema.clone(),
                    manifest
                        .shards
                        .iter()
                        .map(|s| (dir.join(&s.path), s.bytes))
                        .collect(),
                ));
                continue;
            }
            let set = grams.sets.len() as u32;
            grams.sets.push(name.clone());
            let (mut rows, mut n, mut short) = (0u64, 0usize, 0u64);
            let sql = format!("SELECT {} FROM input", ident(&self.p.eval_text_column));
            for s in &manifest.shards {
                run_sql_on_shard(cx, &dir.join(&s.path), &sql, |b| {
                    let t = cast(b.column(0), &DataType::Utf8)?;
                    let t = t.as_any().downcast_ref::<StringArray>().context("text")?;
                    for i in 0..t.len() {
                        rows += 1;
                        if t.is_null(i) {
                            continue;
                        }
                        let k = grams.add(set, t.value(i));
                        n += k;
                        short += (k == 0) as u64;
                    }
                    Ok(())
                })?;
            }
            if n == 0 {
                bail!(
                    "evaluation set `{name}` has no {}-word n-gram ({rows} rows{})",
                    self.p.ngram,
                    if rows > 0 { ", all shorter" } else { "" }
                );
            }
            cx.note(format!(
                "decontaminate: evaluation set {name}: {rows} passages, {n} {}-grams{}",
                self.p.ngram,
                if short > 0 {
                    format!(
                        " ({short} passages shorter than {} words cannot match)",
                        self.p.ngram
                    )
                } else {
                    String::new()
                }
            ));
        }
        let (schema, shards) = corpus.context("no corpus input")?;
        let drop_cols: Vec<String> = Self::added().iter().map(|f| f.name().clone()).collect();
        let select: Vec<String> = schema
            .fields()
            .iter()
            .filter(|f| !drop_cols.contains(f.name()))
            .map(|f| ident(f.name()))
            .collect();
        let sql = format!("SELECT {} FROM input", select.join(", "));
        let text_i = schema
            .fields()
            .iter()
            .filter(|f| !drop_cols.contains(f.name()))
            .position(|f| *f.name() == self.p.text_column)
            .context("text column")?;
        let grams = &grams;
        cx.run_query_units(schema.clone(), &shards, &sql, |_, out, batches| {
            for b in batches {
                let b = b?;
                let t = cast(b.column(text_i), &DataType::Utf8)?;
                let t = t.as_any().downcast_ref::<StringArray>().context("text")?;
                let (mut by, mut gram, mut reason) = (
                    StringBuilder::new(),
                    StringBuilder::new(),
                    StringBuilder::new(),
                );
                for i in 0..t.len() {
                    match (!t.is_null(i)).then(|| grams.find(t.value(i))).flatten() {
                        Some((set, g)) => {
                            by.append_value(set);
                            gram.append_value(&g);
                            match self.p.action {
                                Action::Drop => reason.append_value(format!("contaminated: {set}")),
                                Action::Flag => reason.append_null(),
                            }
                        }
                        None => {
                            by.append_null();
                            gram.append_null();
                            reason.append_null();
                        }
                    }
                }
                let mut fields: Vec<Field> = b
                    .schema()
                    .fields()
                    .iter()
                    .map(|f| f.as_ref().clone())
                    .collect();
                fields.extend(Self::added());
                fields.push(Field::new(REASON, DataType::Utf8, true));
                let mut cols: Vec<ArrayRef> = b.columns().to_vec();
                cols.push(Arc::new(by.finish()));
                cols.push(Arc::new(gram.finish()));
                cols.push(Arc::new(reason.finish()));
                let full = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?;
                super::filter::split_rejected(cx, out, full, REASON)?;
            }
            Ok(())
        })?;
        if self.p.action == Action::Flag {
            let q = format!(
                "SELECT {c}, count(*) FROM out WHERE {c} IS NOT NULL GROUP BY {c} ORDER BY {c}",
                c = ident(schemas::col::CONTAMINATED_BY)
            );
            if let Some(b) = super::query_output(cx, &q)? {
                let total = super::query_output(cx, "SELECT count(*) FROM out")?
                    .map(|t| super::first_u64(&t, 0))
                    .unwrap_or(0);
                let items = super::scoring::distribution(&b, total);
                cx.note(format!(
                    "decontaminate: flagged documents per evaluation set: {}",
                    if items.is_empty() {
                        "none".into()
                    } else {
                        items.join(", ")
                    }
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_and_matching() {
        assert_eq!(
            words("Hello, World!  It's 42."),
            ["hello", "world", "its", "42"]
        );
        let mut g = EvalGrams::new(3);
        g.sets.push("quiz".into());
        assert_eq!(g.add(0, "The quick brown fox jumps"), 3);
        assert_eq!(g.add(0, "too short"), 0);
        let (set, gram) = g.find("Yesterday THE quick, brown dog slept").unwrap();
        assert_eq!((set, gram.as_str()), ("quiz", "the quick brown"));
        assert!(g.find("the quick red fox").is_none());
    }
}
