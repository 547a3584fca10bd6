//! `generate`: TinyStories-style synthetic stories from a teacher LLM over an
//! OpenAI-compatible API. Prompt `i` is rendered from a minijinja template
//! with a verb, noun, adjective and story features drawn by a generator
//! seeded with (seed, i). Every answer is journaled (`_journal/`) before it
//! is used, so a rerun after a kill re-sends no answered prompt. Stories that
//! fail validation go to `rejected/` with the reason and are retried (a new
//! attempt with its own sampling seed) up to `validation_retries` times.
//! Inputs: a vocabulary JSON (`{"verbs": [..], "nouns": [..],
//! "adjectives": [..]}`), or none for the built-in one.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use curate_generators::client::{Request, Teacher, TeacherConfig};
use curate_generators::journal::Journal;
use curate_generators::tinystories::{
    self as ts, Checks, PromptSpec, Template, Validator, Vocabulary,
};
use curate_schemas::{self as schemas};
use datafusion::arrow::array::{
    ArrayRef, Float64Array, ListBuilder, StringArray, StringBuilder, UInt32Array, UInt64Array,
};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind, Unit};

pub struct Generate;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    teacher: TeacherConfig,
    /// Number of prompts.
    n: u64,
    #[serde(default)]
    seed: u64,
    /// A minijinja template file (relative to the workflow); default: the
    /// TinyStories prompt in generators/templates/tinystories.jinja.
    #[serde(default)]
    template: Option<PathBuf>,
    #[serde(default)]
    system: Option<String>,
    /// Probability of each story feature.
    #[serde(default = "d_fp")]
    feature_prob: f64,
    #[serde(default = "d_max_tokens")]
    max_tokens: u32,
    #[serde(default = "d_temp")]
    temperature: f64,
    #[serde(default)]
    checks: Checks,
    /// New attempts for a prompt whose story fails validation.
    #[serde(default = "d_vretries")]
    validation_retries: u32,
    #[serde(default = "d_per_unit")]
    prompts_per_unit: u64,
}

fn d_fp() -> f64 {
    0.3
}
fn d_max_tokens() -> u32 {
    400
}
fn d_temp() -> f64 {
    0.8
}
fn d_vretries() -> u32 {
    1
}
fn d_per_unit() -> u64 {
    50
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for Generate {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "generate"
    }
    fn summary(&self) -> &'static str {
        "TinyStories-style synthetic stories from a teacher LLM (OpenAI-compatible API), journaled and validated"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Paths
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.n == 0 {
            return Err(perr("n", "must be at least 1"));
        }
        if p.prompts_per_unit == 0 {
            return Err(perr("prompts_per_unit", "must be at least 1"));
        }
        p.teacher.validate().map_err(|e| perr("teacher", e))?;
        Ok(Box::new(GenerateStage { p }))
    }
}

struct GenerateStage {
    p: Params,
}

/// One row of output (kept or rejected).
struct Row {
    spec: PromptSpec,
    attempt: u32,
    prompt: String,
    key: String,
    c: curate_generators::client::Completion,
    verdict: ts::Verdict,
}

impl GenerateStage {
    fn template_source(&self, cx_base: &std::path::Path) -> Result<String> {
        super::read_template(cx_base, self.p.template.as_deref(), ts::DEFAULT_TEMPLATE)
    }

    /// Journal key of one attempt: everything that determines the answer.
    fn key(&self, prompt: &str, seed: u64) -> String {
        let t = &self.p.teacher;
        let material = serde_json::json!([
            t.model,
            t.endpoint,
            self.p.system,
            prompt,
            self.p.max_tokens,
            self.p.temperature,
            seed
        ]);
        format!(
            "{:032x}",
            xxhash_rust::xxh3::xxh3_128(material.to_string().as_bytes())
        )
    }

    fn batch(&self, rows: &[&Row]) -> Result<RecordBatch> {
        let s = |f: &dyn Fn(&Row) -> String| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(rows.iter().map(|r| f(r))))
        };
        let schema = schemas::synthetic();
        let item = match schema.field_with_name(schemas::col::FEATURES)?.data_type() {
            datafusion::arrow::datatypes::DataType::List(f) => f.clone(),
            t => bail!("schema: `features` is {t}, not a list"),
        };
        let mut feats = ListBuilder::new(StringBuilder::new()).with_field(item);
        for r in rows {
            for f in &r.spec.features {
                feats.values().append_value(f);
            }
            feats.append(true);
        }
        let feats = feats.finish();
        Ok(RecordBatch::try_new(
            schema,
            vec![
                s(&|r| r.key.clone()),
                s(&|r| r.c.text.clone()),
                s(&|r| r.prompt.clone()),
                Arc::new(UInt64Array::from_iter_values(
                    rows.iter().map(|r| r.spec.index),
                )),
                Arc::new(UInt32Array::from_iter_values(
                    rows.iter().map(|r| r.attempt),
                )),
                s(&|r| r.spec.verb.clone()),
                s(&|r| r.spec.noun.clone()),
                s(&|r| r.spec.adjective.clone()),
                Arc::new(feats),
                s(&|_| self.p.teacher.model.clone()),
                s(&|r| r.c.finish_reason.clone()),
                Arc::new(UInt64Array::from_iter_values(
                    rows.iter().map(|r| r.c.prompt_tokens),
                )),
                Arc::new(UInt64Array::from_iter_values(
                    rows.iter().map(|r| r.c.completion_tokens),
                )),
                Arc::new(Float64Array::from_iter_values(
                    rows.iter().map(|r| r.c.latency_ms),
                )),
                Arc::new(UInt64Array::from_iter_values(
                    rows.iter().map(|r| r.verdict.words as u64),
                )),
                Arc::new(Float64Array::from_iter_values(
                    rows.iter().map(|r| r.verdict.oov_share),
                )),
                Arc::new(Float64Array::from_iter_values(
                    rows.iter().map(|r| r.verdict.english_share),
                )),
                Arc::new(StringArray::from_iter(
                    rows.iter().map(|r| r.verdict.failure.clone()),
                )),
            ],
        )?)
    }
}

impl Stage for GenerateStage {
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        let mut v: Vec<(Vec<&'static str>, PathBuf)> = vec![];
        if let Some(t) = &self.p.template {
            v.push((vec!["template"], t.clone()));
        }
        if let Some(m) = &self.p.checks.langid_model {
            v.push((vec!["checks", "langid_model"], m.clone()));
        }
        v
    }

    fn output_schema(&self, _: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        Ok(schemas::synthetic())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        let t = &self.p.teacher;
        Ok(format!(
            "{} prompts (seed {}) -> {:?} {} at {} (concurrency {}, {} retries) -> validate (retry up to {}x) -> rows",
            self.p.n, self.p.seed, t.endpoint, t.model, t.base_url, t.max_concurrency, t.max_retries,
            self.p.validation_retries
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let vocab = match cx.input_files().first() {
            None => Vocabulary::parse(ts::DEFAULT_VOCABULARY)?,
            Some(f) => Vocabulary::parse(
                &String::from_utf8(f.read()?).with_context(|| format!("reading {f}"))?,
            )
            .with_context(|| cx.display_path(f))?,
        };
        let template = Template::new(&self.template_source(&cx.base_dir)?)?;
        let validator = Validator::new(&vocab, self.p.checks.clone());
        let langid = match &self.p.checks.langid_model {
            None => None,
            Some(p) => {
                let p = cx.base_dir.join(p);
                Some(
                    curate_filters::classifier::cached(&p)
                        .map_err(|e| anyhow!("checks.langid_model: {e}"))?,
                )
            }
        };
        let min_lang = self.p.checks.min_lang_score as f32;
        let teacher = Teacher::new(self.p.teacher.clone())?;
        let journal = Journal::open_shared(&cx.dir.join("_journal"), &super::journal_name(cx))?;
        let journaled_before = journal.len();
        let per = self.p.prompts_per_unit;
        let units: Vec<Unit> = (0..self.p.n.div_ceil(per))
            .map(|u| Unit {
                id: u as usize,
                label: format!("prompts {}..{}", u * per, ((u + 1) * per).min(self.p.n)),
                bytes: 0,
            })
            .collect();
        let t0 = Instant::now();
        // (passed, answers)
        let stats = std::sync::Mutex::new((0u64, 0u64));

        // Each worker waits on one unit's answers, and a unit's last answers
        // leave its worker idle; twice the units the concurrency limit can
        // serve keeps the teacher's slots full through those tails.
        let workers = cx
            .threads
            .max(2 * (self.p.teacher.max_concurrency as u64).div_ceil(per) as usize + 1);
        cx.run_units_on(workers, units, |unit, out| {
            let lo = unit.id as u64 * per;
            let hi = (lo + per).min(self.p.n);
            let one = |i: u64| {
                let (teacher, journal, template, validator, vocab, langid) = (&teacher, &journal, &template, &validator, &vocab, &langid);
                async move {
                    let mut rows = vec![];
                    for attempt in 0..=self.p.validation_retries {
                        // Attempt 0 uses the prompt's own draw; a retry redraws
                        // nothing but asks again with another sampling seed.
                        let spec = ts::sample(vocab, self.p.seed, i, self.p.feature_prob);
                        let prompt = template.render(&spec)?;
                        let seed = self.p.seed.wrapping_mul(1_000_003).wrapping_add(i * 16 + attempt as u64);
                        let key = self.key(&prompt, seed);
                        let c = match journal.get(&key) {
                            Some(c) => {
                                crate::stage::lock(&teacher.usage).from_journal += 1;
                                c
                            }
                            None => {
                                let req = Request {
                                    key: key.clone(),
                                    system: self.p.system.clone(),
                                    prompt: prompt.clone(),
                                    max_tokens: self.p.max_tokens,
                                    temperature: self.p.temperature,
                                    seed: Some(seed),
                                };
                                let c = teacher.complete(&req).await.map_err(|e| {
                                    anyhow!("prompt {i} (attempt {attempt}): teacher failed after retries: {e}")
                                })?;
                                journal.record(&key, &c)?;
                                c
                            }
                        };
                        let mut verdict = validator.validate(&c.text, &spec, &c.finish_reason);
                        if let (None, Some(m)) = (&verdict.failure, &langid) {
                            let (l, p) = m.top(&c.text).map_err(|e| {
                                anyhow!("prompt {i} (attempt {attempt}): language check: {e}")
                            })?;
                            if l != "en" || p < min_lang {
                                verdict.failure = Some(format!("not English: langid says `{l}` ({p:.2})"));
                            }
                        }
                        let passed = verdict.failure.is_none();
                        rows.push(Row { spec, attempt, prompt, key, c, verdict });
                        if passed {
                            break;
                        }
                    }
                    Ok::<_, anyhow::Error>(rows)
                }
            };
            let results = cx
                .rt
                .block_on(futures::future::join_all((lo..hi).map(one)));
            let mut rows = vec![];
            for r in results {
                let r = r?;
                // A prompt whose last attempt failed ends without a story:
                // that is the drop, counted by the check that failed.
                if let Some(reason) = r.last().and_then(|x| x.verdict.failure.as_deref()) {
                    let kind = reason.split([':', '`']).next().unwrap_or(reason).trim();
                    out.counts.drop(&format!("invalid: {kind}"), 1);
                }
                rows.extend(r);
            }
            let (kept, rejected): (Vec<&Row>, Vec<&Row>) =
                rows.iter().partition(|r| r.verdict.failure.is_none());
            out.counts.rows_in += hi - lo;
            if !kept.is_empty() {
                out.write(&self.batch(&kept)?)?;
            }
            if !rejected.is_empty() {
                let b = self.batch(&rejected)?;
                let reasons: Vec<String> = rejected
                    .iter()
                    .map(|r| r.verdict.failure.clone().unwrap_or_default())
                    .collect();
                let mut cols = b.columns().to_vec();
                cols.push(Arc::new(StringArray::from_iter_values(reasons)));
                cols.push(Arc::new(StringArray::from_iter_values(rejected.iter().map(|_| cx.name.as_str()))));
                let rb = RecordBatch::try_new(schemas::rejected(&schemas::synthetic()), cols)?;
                out.reject(&rb)?;
            }
            let mut st = crate::stage::lock(&stats);
            st.0 += kept.len() as u64;
            st.1 += rows.len() as u64;
            Ok(())
        })?;
        let secs = t0.elapsed().as_secs_f64();
        let usage = crate::stage::lock(&teacher.usage).clone();
        let (passed, answers) = *crate::stage::lock(&stats);
        if answers > 0 {
            cx.note(format!(
                "{passed} of {} prompts gave a valid story; {answers} answers, pass rate {:.1}%; {:.2} requests/s, {:.0} completion tokens/s",
                self.p.n,
                100.0 * passed as f64 / answers as f64,
                usage.requests as f64 / secs.max(1e-9),
                usage.completion_tokens as f64 / secs.max(1e-9),
            ));
        }
        cx.note(format!(
            "{} (journal held {journaled_before} answers at start)",
            usage.line(teacher.config())
        ));
        Ok(())
    }
}
