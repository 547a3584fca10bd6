//! `decontaminate`: documents that share a word n-gram (default 13, as the
//! GPT-3 and Llama papers did) with an evaluation set are dropped or flagged.
//!
//! Inputs: the corpus first, then one or more evaluation sets (stage
//! outputs: ingest a benchmark file to name it in the workflow; each set is
//! named after its stage). Text is normalized the same way on both sides:
//! lowercased, punctuation (every character that is neither alphanumeric
//! nor whitespace) removed, split on whitespace. Every n-gram of every
//! evaluation passage is hashed (xxh3, 64 bits) into one index
//! ([`curate_filters::decontam::EvalGrams`]), written to `_ngrams/index.bin`
//! in the stage directory, so memory is bounded by the evaluation sets
//! (about 16 bytes per n-gram), not by the corpus; corpus shards are then
//! scanned in parallel by a query, `curate_contamination(text, index)`,
//! which runs where the stage's queries run (a Ballista executor opens the
//! index by its location and content hash, as a model). Appends
//! `contaminated_by` (the first evaluation set matched) and
//! `contaminated_ngram` (the matching words); with `action: drop` (default)
//! matched documents go to `rejected/` as `contaminated: <set>`, with
//! `action: flag` they stay. An evaluation set without a single n-gram
//! (empty, or every passage shorter than `ngram` words) is an error.

use anyhow::{bail, Context, Result};
use curate_filters::decontam::EvalGrams;
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use serde::Deserialize;

use super::{ident, literal, run_sql_on_shard, struct_columns_sql, unnested, STRUCT_CALL};
use crate::functions::Functions;
use crate::stage::{
    params, perr, Input, InputKind, ParamError, QueryOutput, Stage, StageCx, StageKind,
};

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

/// The n-gram index in the stage directory (rebuilt by every run).
const INDEX: &str = "_ngrams/index.bin";

/// Bumped when this kind's output for the same inputs and parameters
/// changes (part of the resume fingerprint).
pub const REVISION: u32 = 1;

impl StageKind for Decontaminate {
    fn remote_work(&self) -> Option<&'static str> {
        Some("the n-gram check of each shard against the benchmark index (`curate_contamination`; executors open the index by location and content hash, and write the shard); the index is built here")
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

impl DecontaminateStage {
    fn added() -> Vec<Field> {
        schemas::contamination_fields()
    }

    /// The per-shard query over the corpus (`schema`) with the index at
    /// `index` (a literal location): its columns, the two added ones and,
    /// for `action: drop`, the rejection reason last.
    fn sql(&self, schema: &SchemaRef, index: &str) -> String {
        let added: Vec<String> = Self::added().iter().map(|f| f.name().clone()).collect();
        let mut extra = vec![];
        if self.p.action == Action::Drop {
            extra.push(format!(
                "CASE WHEN {by} IS NOT NULL THEN concat('contaminated: ', {by}) END AS {}",
                ident(REASON),
                by = unnested(STRUCT_CALL, schemas::col::CONTAMINATED_BY)
            ));
        }
        let call = format!(
            "curate_contamination({}, {index})",
            ident(&self.p.text_column)
        );
        struct_columns_sql(schema, &call, &added, &extra)
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
        // The index where every process that scans the corpus opens it:
        // its location plus the content hash of these bytes.
        let bytes = grams.to_bytes();
        let index = cx.out.join(INDEX);
        index.put(&bytes)?;
        let at = match index.as_path() {
            Some(p) => p.canonicalize()?.to_string_lossy().into_owned(),
            None => index.df_url(),
        };
        let loc = curate_filters::model_file::bytes_location(&at, &bytes);
        let sql = self.sql(&schema, &literal(&loc));
        let how = match self.p.action {
            Action::Drop => QueryOutput::Split {
                reason: REASON,
                costly: true,
                only: None,
            },
            Action::Flag => QueryOutput::Rows,
        };
        cx.run_output_units(schema.clone(), &shards, &sql, how)?;
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
