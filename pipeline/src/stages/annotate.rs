//! `annotate`: a teacher LLM scores a sample of documents 0-5 for
//! educational value with the FineWeb-Edu additive prompt (a minijinja
//! template, `generators/templates/fineweb_edu.jinja`, or `template:`),
//! over the same OpenAI-compatible client as `generate` (retries, rate
//! limits, journal: a rerun after a kill re-sends no answered document).
//!
//! Kept rows are the sampled input rows plus `edu_label` (0-5),
//! `annotation` (the whole answer) and `annotator` (the model). Answers with
//! no parseable score go to `rejected/`, counted as `unparseable`. The
//! sample is a deterministic share of the rows by hash of `doc_id` (or the
//! text) and `seed`. `train_classifier` with `label_column: edu_label` then
//! trains the scorer that `edu_score` applies to every document.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use curate_generators::client::{Request, Teacher, TeacherConfig};
use curate_generators::edu::{self, EduTemplate};
use curate_generators::journal::Journal;
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{Array, ArrayRef, StringArray, UInt32Array, UInt8Array};
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, run_sql_on_shard, shard_units};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Annotate;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    teacher: TeacherConfig,
    /// Share of rows to annotate (by hash of doc_id and seed).
    #[serde(default = "d_fraction")]
    fraction: f64,
    #[serde(default)]
    seed: u64,
    /// A minijinja template with `{{ text }}` (relative to the workflow).
    #[serde(default)]
    template: Option<PathBuf>,
    #[serde(default)]
    system: Option<String>,
    /// The document is cut to this many characters in the prompt.
    #[serde(default = "d_max_chars")]
    max_chars: usize,
    #[serde(default = "d_max_tokens")]
    max_tokens: u32,
    #[serde(default)]
    temperature: f64,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

fn d_fraction() -> f64 {
    1.0
}
fn d_max_chars() -> usize {
    3000
}
fn d_max_tokens() -> u32 {
    256
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for Annotate {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "annotate"
    }
    fn summary(&self) -> &'static str {
        "a teacher LLM scores a sample of documents 0-5 for educational value (FineWeb-Edu prompt), journaled"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages {
            min: 1,
            max: Some(1),
        }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if !(p.fraction > 0.0 && p.fraction <= 1.0) {
            return Err(perr("fraction", "must be in (0, 1]"));
        }
        if p.max_chars == 0 {
            return Err(perr("max_chars", "must be at least 1"));
        }
        p.teacher.validate().map_err(|e| perr("teacher", e))?;
        Ok(Box::new(AnnotateStage { p }))
    }
}

struct AnnotateStage {
    p: Params,
}

impl AnnotateStage {
    fn template(&self, base: &std::path::Path) -> Result<EduTemplate> {
        EduTemplate::new(&super::read_template(
            base,
            self.p.template.as_deref(),
            edu::DEFAULT_TEMPLATE,
        )?)
    }

    fn key(&self, prompt: &str) -> String {
        let t = &self.p.teacher;
        let material = serde_json::json!([
            "annotate",
            t.model,
            t.endpoint,
            self.p.system,
            prompt,
            self.p.max_tokens,
            self.p.temperature,
            self.p.seed
        ]);
        format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128(material.to_string().as_bytes())
        )
    }

    fn sampled(&self, id: &str) -> bool {
        if self.p.fraction >= 1.0 {
            return true;
        }
        let h = xxhash_rust::xxh3::xxh3_64_with_seed(id.as_bytes(), self.p.seed);
        ((h >> 11) as f64 / (1u64 << 53) as f64) < self.p.fraction
    }

    fn out_schema(&self, input: &SchemaRef) -> SchemaRef {
        let added = schemas::annotation_fields();
        let mut fields: Vec<Field> = input
            .fields()
            .iter()
            .filter(|f| !added.iter().any(|a| a.name() == f.name()))
            .map(|f| f.as_ref().clone())
            .collect();
        fields.extend(added);
        schemas::stamp(&Schema::new(fields), schemas::table::DOCUMENTS)
    }
}

impl Stage for AnnotateStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        self.p
            .template
            .iter()
            .map(|p| (vec!["template"], p.clone()))
            .collect()
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        let input = &inputs[0];
        super::require_string_column(input, &self.p.text_column)?;
        Ok(self.out_schema(input))
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        let t = &self.p.teacher;
        Ok(format!(
            "{:.0}% of rows (hash of doc_id, seed {}) -> FineWeb-Edu prompt ({} chars of text) -> {:?} {} at {} (concurrency {}) -> parse \"Educational score: N\" -> rows + edu_label",
            100.0 * self.p.fraction, self.p.seed, self.p.max_chars, t.endpoint, t.model, t.base_url, t.max_concurrency
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let template = self.template(&cx.base_dir)?;
        let teacher = Teacher::new(self.p.teacher.clone())?;
        let journal = Journal::open_shared(&cx.dir.join("_journal"), &super::journal_name(cx))?;
        let journaled_before = journal.len();
        let input = cx.input_schemas[0].clone();
        let out_schema = self.out_schema(&input);
        let added: Vec<String> = schemas::annotation_fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let kept_cols = super::columns_except(&input, &added);
        let has_id = input.field_with_name(col::DOC_ID).is_ok();
        let sql = format!(
            "SELECT {}, {} AS __text, {} AS __id FROM input",
            kept_cols
                .iter()
                .map(|c| ident(c))
                .collect::<Vec<_>>()
                .join(", "),
            ident(&self.p.text_column),
            if has_id {
                ident(col::DOC_ID)
            } else {
                ident(&self.p.text_column)
            }
        );
        let (shards, units) = shard_units(cx);
        let t0 = Instant::now();
        let stats = std::sync::Mutex::new([0u64; 7]); // answers; labels 0..=5 at 1..=6
        let workers = cx.threads.max(2);
        cx.run_units_on(workers, units, |unit, out| {
            // Read the shard first: the teacher calls block on the runtime
            // that the scan runs on.
            let mut batches = vec![];
            run_sql_on_shard(cx, &shards[unit.id], &sql, |b| {
                batches.push(b);
                Ok(())
            })?;
            batches.into_iter().try_for_each(|b| -> Result<()> {
                out.counts.rows_in += b.num_rows() as u64;
                let n = b.num_columns();
                let text = cast(b.column(n - 2), &DataType::Utf8)?;
                let text = text
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .context("text")?;
                let ids = cast(b.column(n - 1), &DataType::Utf8)?;
                let ids = ids
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .context("doc_id")?;
                let picked: Vec<u32> = (0..b.num_rows())
                    .filter(|&i| !ids.is_null(i) && self.sampled(ids.value(i)))
                    .map(|i| i as u32)
                    .collect();
                let skipped = b.num_rows() - picked.len();
                if skipped > 0 {
                    out.counts.drop("not sampled", skipped as u64);
                }
                if picked.is_empty() {
                    return Ok(());
                }
                let one = |i: u32| {
                    let (teacher, journal, template) = (&teacher, &journal, &template);
                    let t = if text.is_null(i as usize) {
                        ""
                    } else {
                        text.value(i as usize)
                    };
                    async move {
                        let prompt = template.render(t, self.p.max_chars)?;
                        let key = self.key(&prompt);
                        if let Some(c) = journal.get(&key) {
                            crate::stage::lock(&teacher.usage).from_journal += 1;
                            return Ok::<_, anyhow::Error>(c);
                        }
                        let req = Request {
                            key: key.clone(),
                            system: self.p.system.clone(),
                            prompt,
                            max_tokens: self.p.max_tokens,
                            temperature: self.p.temperature,
                            seed: Some(self.p.seed),
                        };
                        let c = teacher.complete(&req).await.map_err(|e| {
                            anyhow!(
                                "{} row {}: teacher failed after retries: {e}",
                                unit.label,
                                i
                            )
                        })?;
                        journal.record(&key, &c)?;
                        Ok(c)
                    }
                };
                let answers = cx
                    .rt
                    .block_on(futures::future::join_all(picked.iter().map(|&i| one(i))));
                let answers: Vec<_> = answers.into_iter().collect::<Result<_>>()?;
                let labels: Vec<Option<u8>> =
                    answers.iter().map(|c| edu::parse_score(&c.text)).collect();
                {
                    let mut st = crate::stage::lock(&stats);
                    st[0] += answers.len() as u64;
                    for l in labels.iter().flatten() {
                        st[1 + *l as usize] += 1;
                    }
                }
                let base: Vec<ArrayRef> = (0..n - 2)
                    .map(|k| take(b.column(k), &UInt32Array::from(picked.clone()), None))
                    .collect::<std::result::Result<_, _>>()?;
                let model = self.p.teacher.model.as_str();
                let (ok, bad): (Vec<usize>, Vec<usize>) =
                    (0..picked.len()).partition(|&k| labels[k].is_some());
                let rows = |sel: &[usize]| -> Result<Vec<ArrayRef>> {
                    let idx = UInt32Array::from_iter_values(sel.iter().map(|&k| k as u32));
                    let mut cols: Vec<ArrayRef> = base
                        .iter()
                        .map(|c| take(c, &idx, None))
                        .collect::<std::result::Result<_, _>>()?;
                    cols.push(Arc::new(UInt8Array::from_iter(
                        sel.iter().map(|&k| labels[k]),
                    )));
                    cols.push(Arc::new(StringArray::from_iter_values(
                        sel.iter().map(|&k| answers[k].text.as_str()),
                    )));
                    cols.push(Arc::new(StringArray::from_iter_values(
                        sel.iter().map(|_| model),
                    )));
                    Ok(cols)
                };
                if !ok.is_empty() {
                    out.write(&RecordBatch::try_new(out_schema.clone(), rows(&ok)?)?)?;
                }
                if !bad.is_empty() {
                    out.counts.drop("unparseable", bad.len() as u64);
                    let mut cols = rows(&bad)?;
                    cols.push(Arc::new(StringArray::from_iter_values(bad.iter().map(
                        |_| "unparseable: no \"Educational score: N\" (0-5) in the answer",
                    ))));
                    cols.push(Arc::new(StringArray::from_iter_values(
                        bad.iter().map(|_| cx.name.as_str()),
                    )));
                    out.reject(&RecordBatch::try_new(schemas::rejected(&out_schema), cols)?)?;
                }
                Ok(())
            })
        })?;
        let secs = t0.elapsed().as_secs_f64();
        let usage = crate::stage::lock(&teacher.usage).clone();
        let st = *crate::stage::lock(&stats);
        if st[0] > 0 {
            let parsed: u64 = st[1..].iter().sum();
            cx.note(format!(
                "annotate: {} answers, {parsed} with a score ({} unparseable); scores 0-5: {}; {:.2} requests/s",
                st[0],
                st[0] - parsed,
                st[1..].iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" / "),
                usage.requests as f64 / secs.max(1e-9)
            ));
        }
        cx.note(format!(
            "{} (journal held {journaled_before} answers at start)",
            usage.line(teacher.config())
        ));
        Ok(())
    }
}
