//! `evaluate`: scores and classifiers against labels, and language models on
//! text, on one table (the evaluation set). What is evaluated: every
//! `train_classifier` / `train_regressor` input, which scores the table's
//! text column (named after its stage), then SQL expressions over that table
//! (`scores:`, e.g. `edu_score` or `length(text)` as a baseline); the first is
//! the one the others are compared with. Every `train_model` input is
//! evaluated on the text column (no labels needed): each document as
//! `<|endoftext|>` + its tokens under the model's own tokenizer, in windows
//! of its context; loss per token, perplexity, and bits per byte (nats over
//! ln 2 times the UTF-8 bytes: comparable across tokenizers), with a
//! bootstrap interval over documents and paired differences between models.
//! A tokenizer with more tokens than its model's vocabulary is an error.
//!
//! By `label_type`:
//! - `ordinal` (numbers; headline Spearman): Spearman, Kendall tau-b, RMSE,
//!   accuracy and macro-F1 of the rounded score (clamped to the label range),
//!   and with `threshold: t` F1, ROC-AUC and PR-AUC of "label >= t" (the
//!   score counted positive at `score_threshold`, default `t`);
//! - `binary` (0/1, true/false; headline ROC-AUC): ROC-AUC, PR-AUC (average
//!   precision), accuracy and F1 at `threshold` (0.5);
//! - `categorical` (any text; the score is a predicted label; headline
//!   accuracy): accuracy, macro-F1.
//!
//! Each score gets a confusion matrix and a calibration table in
//! `eval.json`; the headline metric gets a bootstrap 95% interval (seeded,
//! the same resamples for every score) and, for each other score, the
//! interval of its paired difference from the first score. The stage's table
//! holds the metrics (one row per score and metric), the summary prints them.
//! A label that does not parse as `label_type` stops the stage naming the
//! row's source file and record; an empty evaluation set is an error.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{Array, Float64Array, Float64Builder, StringArray, StringBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::scoring::{is_model_table, model_file_of, model_literal};
use super::{ident, literal, one_unit, plan_on_schema, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct Evaluate;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Default)]
#[serde(rename_all = "lowercase")]
enum LabelType {
    #[default]
    Ordinal,
    Binary,
    Categorical,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Labels to score against; optional when only language models
    /// (`train_model` inputs) are evaluated.
    #[serde(default)]
    label_column: Option<String>,
    #[serde(default)]
    label_type: LabelType,
    /// SQL expressions over the evaluation set, each one score.
    #[serde(default)]
    scores: Vec<String>,
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default)]
    score_threshold: Option<f64>,
    /// Bootstrap resamples for the headline interval (0: none).
    #[serde(default = "d_bootstrap")]
    bootstrap: usize,
    #[serde(default)]
    seed: u64,
    /// Calibration bins (binary: equal width over [0, 1]).
    #[serde(default = "d_bins")]
    bins: usize,
    /// Binary labels: the classifier label whose probability is the score.
    #[serde(default = "d_positive")]
    positive_label: String,
    #[serde(default = "super::default_text_column")]
    text_column: String,
}

fn d_bootstrap() -> usize {
    1000
}
fn d_bins() -> usize {
    10
}
fn d_positive() -> String {
    "1".into()
}

/// Bumped when this kind's output for the same inputs and parameters
/// changes (part of the resume fingerprint).
pub const REVISION: u32 = 2; // 2: eval.json has the language models' paired differences

impl StageKind for Evaluate {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "evaluate"
    }
    fn summary(&self) -> &'static str {
        "scores and classifiers vs labels: Spearman/Kendall, ROC/PR-AUC, F1, calibration, bootstrap intervals"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn mixed_inputs(&self) -> bool {
        true
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.bins == 0 {
            return Err(perr("bins", "must be at least 1"));
        }
        for (k, t) in [
            ("threshold", p.threshold),
            ("score_threshold", p.score_threshold),
        ] {
            if t.is_some_and(|t| !t.is_finite()) {
                return Err(perr(k, "must be a finite number"));
            }
        }
        if p.label_type == LabelType::Categorical && p.threshold.is_some() {
            return Err(perr("threshold", "not with label_type: categorical"));
        }
        Ok(Box::new(EvaluateStage { p }))
    }
}

struct EvaluateStage {
    p: Params,
}

impl EvaluateStage {
    fn score_type(&self) -> &'static str {
        match self.p.label_type {
            LabelType::Categorical => "VARCHAR",
            _ => "DOUBLE",
        }
    }

    /// SQL of a model input's score over the text column.
    fn model_call(&self, model: &str) -> String {
        let t = ident(&self.p.text_column);
        match self.p.label_type {
            LabelType::Ordinal => format!("get_field(curate_edu({t}, {model}), 'edu_score')"),
            LabelType::Binary => format!(
                "curate_label_prob({t}, {model}, {})",
                literal(&self.p.positive_label)
            ),
            LabelType::Categorical => format!("get_field(curate_langid({t}, {model}), 'lang')"),
        }
    }

    /// `SELECT label, source, record, score...` over the evaluation set.
    fn sql(&self, input: &SchemaRef, models: &[String]) -> String {
        let opt = |c: &str, t: &str| {
            if input.field_with_name(c).is_ok() {
                format!("CAST({} AS {t})", ident(c))
            } else {
                format!("CAST(NULL AS {t})")
            }
        };
        let mut cols = vec![
            match &self.p.label_column {
                Some(l) => format!("CAST({} AS VARCHAR)", ident(l)),
                None => "CAST(NULL AS VARCHAR)".into(),
            },
            opt(schemas::col::SOURCE, "VARCHAR"),
            opt(schemas::col::SOURCE_RECORD, "BIGINT"),
        ];
        let scores = models
            .iter()
            .map(|m| self.model_call(m))
            .chain(self.p.scores.iter().cloned());
        for (k, s) in scores.enumerate() {
            cols.push(format!(
                "CAST(({s}) AS {}) AS __score_{k}",
                self.score_type()
            ));
        }
        format!("SELECT {} FROM input", cols.join(", "))
    }

    fn check(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<(SchemaRef, usize)> {
        let input = eval_input(inputs)?;
        let lms = inputs.iter().filter(|s| is_lm_table(s)).count();
        if lms > 0 {
            super::require_string_column(&input, &self.p.text_column)?;
        }
        let Some(label) = &self.p.label_column else {
            if lms == 0 {
                bail!("needs `label_column` (or only train_model inputs, evaluated on the text)");
            }
            if !self.p.scores.is_empty() || inputs.iter().any(is_model_table) {
                bail!("scores and classifiers need `label_column`");
            }
            return Ok((input, 0));
        };
        if input.field_with_name(label).is_err() {
            bail!(
                "the evaluation set has no label column `{}` (columns: {})",
                label,
                input
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let models = inputs.iter().filter(|s| is_model_table(s)).count();
        if models > 0 {
            super::require_string_column(&input, &self.p.text_column)?;
        }
        if models + self.p.scores.len() == 0 {
            bail!(
                "nothing to evaluate: give `scores:` or a train_classifier / train_regressor input"
            );
        }
        let placeholders = vec![literal("model"); models];
        plan_on_schema(fx, &input, &self.sql(&input, &placeholders))?;
        Ok((input, models))
    }
}

/// One evaluated score's values (aligned with the labels).
enum Values {
    Num(Vec<f64>),
    Cat(Vec<String>),
}

impl Stage for EvaluateStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "evaluate",
            "metrics and bootstrap need every row at once",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        self.check(inputs, fx)?;
        Ok(schemas::eval_metrics())
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let (input, models) = self.check(inputs, fx)?;
        let names: Vec<String> = (0..models)
            .map(|i| literal(&format!("<model input {}>", i + 1)))
            .collect();
        Ok(format!(
            "{} -> {:?} metrics, bootstrap {} (seed {})",
            self.sql(&input, &names),
            self.p.label_type,
            self.p.bootstrap,
            self.p.seed
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let input = eval_input(&cx.input_schemas)?;
        let mut names: Vec<String> = vec![];
        let mut models = vec![];
        let mut lms: Vec<(String, std::path::PathBuf)> = vec![];
        let mut eval_shards = vec![];
        let mut eval_name = String::new();
        for i in &cx.inputs {
            if let Input::Stage {
                name,
                dir,
                manifest,
            } = i
            {
                if manifest.kind == "train_model" {
                    lms.push((name.clone(), lm_dir(cx, name, &dir.join("model"))?));
                    continue;
                }
                match model_file_of(&manifest.kind) {
                    Some(f) => {
                        let p = cx.local(&dir.join(f))?;
                        models.push(model_literal(&p.canonicalize()?)?);
                        names.push(name.clone());
                    }
                    None => {
                        eval_name = name.clone();
                        eval_shards.extend(manifest.shards.iter().map(|s| dir.join(&s.path)));
                    }
                }
            }
        }
        names.extend(self.p.scores.iter().cloned());
        let sql = self.sql(&input, &models);
        let unit = one_unit(cx, format!("{} shards", eval_shards.len()));
        cx.run_units(vec![unit], |_, out| {
            let mut labels: Vec<String> = vec![];
            let mut num_labels: Vec<f64> = vec![];
            let mut vals: Vec<Values> = names
                .iter()
                .map(|_| match self.p.label_type {
                    LabelType::Categorical => Values::Cat(vec![]),
                    _ => Values::Num(vec![]),
                })
                .collect();
            let (mut null_label, mut null_score) = (0u64, 0u64);
            let label_shards: &[crate::storage::Loc] = if self.p.label_column.is_some() {
                &eval_shards
            } else {
                &[]
            };
            for loc in label_shards {
                let mut row = 0u64;
                run_sql_on_shard(cx, loc, &sql, |b| {
                    out.counts.rows_in += b.num_rows() as u64;
                    let s = |i: usize| -> Result<StringArray> {
                        let a = cast(b.column(i), &DataType::Utf8)?;
                        Ok(a.as_any().downcast_ref::<StringArray>().context("col")?.clone())
                    };
                    let (l, src, rec) = (s(0)?, s(1)?, s(2)?);
                    let cols: Vec<ColumnVals> = (0..names.len())
                        .map(|k| {
                            let a = b.column(3 + k);
                            Ok(match self.p.label_type {
                                LabelType::Categorical => ColumnVals::Cat(s(3 + k)?),
                                _ => ColumnVals::Num(
                                    cast(a, &DataType::Float64)?
                                        .as_any()
                                        .downcast_ref::<Float64Array>()
                                        .context("score")?
                                        .clone(),
                                ),
                            })
                        })
                        .collect::<Result<_>>()?;
                    for i in 0..b.num_rows() {
                        row += 1;
                        if l.is_null(i) {
                            null_label += 1;
                            continue;
                        }
                        if cols.iter().any(|c| c.is_null(i)) {
                            null_score += 1;
                            continue;
                        }
                        let raw = l.value(i);
                        let at = || {
                            if src.is_null(i) || rec.is_null(i) {
                                format!("{} row {row}", cx.display_path(loc))
                            } else {
                                format!("{} record {}", src.value(i), rec.value(i))
                            }
                        };
                        match self.p.label_type {
                            LabelType::Ordinal => match raw.trim().parse::<f64>() {
                                Ok(v) if v.is_finite() => num_labels.push(v),
                                _ => bail!(
                                    "{}: label `{}` is {raw:?}, not a number (label_type: ordinal)",
                                    at(),
                                    self.p.label_column.as_deref().unwrap_or_default()
                                ),
                            },
                            LabelType::Binary => match parse_binary(raw) {
                                Some(v) => num_labels.push(v),
                                None => bail!(
                                    "{}: label `{}` is {raw:?}, not 0/1 or true/false (label_type: binary)",
                                    at(),
                                    self.p.label_column.as_deref().unwrap_or_default()
                                ),
                            },
                            LabelType::Categorical => labels.push(raw.to_string()),
                        }
                        for (v, c) in vals.iter_mut().zip(&cols) {
                            match (v, c) {
                                (Values::Num(v), ColumnVals::Num(a)) => v.push(a.value(i)),
                                (Values::Cat(v), ColumnVals::Cat(a)) => {
                                    v.push(a.value(i).to_string())
                                }
                                // ok-unwrap: `cols` and `vals` are both built from label_type.
                                _ => unreachable!("score kinds follow label_type"),
                            }
                        }
                    }
                    Ok(())
                })?;
            }
            if null_label > 0 {
                out.counts.drop("NULL label", null_label);
            }
            if null_score > 0 {
                out.counts.drop("NULL score", null_score);
            }
            let n = num_labels.len().max(labels.len());
            let mut report = Report::default();
            if self.p.label_column.is_some() {
                if n == 0 {
                    bail!(
                        "the evaluation set `{eval_name}` has no rows with a label ({} rows read)",
                        out.counts.rows_in
                    );
                }
                report = self.report(&names, &num_labels, &labels, &vals)?;
            }
            if !lms.is_empty() {
                let docs = self.lm_docs(cx, &eval_shards, &lms)?;
                if self.p.label_column.is_none() {
                    out.counts.rows_in += docs.first().map_or(0, |d| d.len() as u64);
                }
                if docs.first().is_none_or(|d| d.is_empty()) {
                    bail!("the evaluation set `{eval_name}` has no text to evaluate the language models on");
                }
                let lm = self.lm_report(&lms, &docs);
                report.rows.extend(lm.rows);
                report.notes.extend(lm.notes);
                report.json["language_models"] = lm.json;
            }
            out.write(&report.batch()?)?;
            let ej = out.artifact_path("eval.json")?;
            std::fs::write(
                ej.with_extension("json.tmp"),
                serde_json::to_string_pretty(&report.json)?,
            )?;
            std::fs::rename(ej.with_extension("json.tmp"), &ej)?;
            out.artifact("eval.json", report.rows.len() as u64)?;
            for l in report.notes {
                out.note(l);
            }
            Ok(())
        })
    }
}

enum ColumnVals {
    Num(Float64Array),
    Cat(StringArray),
}

impl ColumnVals {
    fn is_null(&self, i: usize) -> bool {
        match self {
            ColumnVals::Num(a) => a.is_null(i) || !a.value(i).is_finite(),
            ColumnVals::Cat(a) => a.is_null(i),
        }
    }
}

/// A `train_model` output (its training log).
fn is_lm_table(s: &SchemaRef) -> bool {
    schemas::table_of(s) == Some(schemas::table::TRAINING_LOG)
}

/// The evaluation set: the one input that is not a model.
fn eval_input(inputs: &[SchemaRef]) -> Result<SchemaRef> {
    let sets: Vec<&SchemaRef> = inputs
        .iter()
        .filter(|s| !is_model_table(s) && !is_lm_table(s))
        .collect();
    match sets.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("needs an evaluation set (a table) besides the models"),
        _ => bail!("takes one evaluation set (union them upstream)"),
    }
}

/// A `train_model` output's `model/` as a local directory: itself when
/// local, else its three files (what [`lm_files`] and the loader read)
/// downloaded into the stage's input cache.
fn lm_dir(cx: &StageCx, name: &str, model: &crate::storage::Loc) -> Result<std::path::PathBuf> {
    if !model.is_remote() {
        return cx.local(model);
    }
    let d = cx.dir.join("_inputs").join(format!("{name}-model"));
    std::fs::create_dir_all(&d)?;
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        let p = cx
            .local(&model.join(f))
            .with_context(|| format!("language model `{name}`"))?;
        std::fs::copy(&p, d.join(f)).with_context(|| format!("copying {}", p.display()))?;
    }
    Ok(d)
}

/// A language model's shape and tokenizer, checked to belong together: a
/// tokenizer with more tokens than the model's vocabulary is an error
/// naming the model (ids past the embedding would index out of it).
fn lm_files(
    name: &str,
    dir: &std::path::Path,
) -> Result<(
    curate_trainer::model::Config,
    curate_trainer::bpe::Tokenizer,
)> {
    use curate_trainer::{bpe, model};
    let cfg = model::Config::read(&dir.join("config.json"))
        .with_context(|| format!("language model `{name}`"))?;
    let tok = bpe::load(&dir.join("tokenizer.json"))
        .with_context(|| format!("language model `{name}`"))?;
    if tok.get_vocab_size(true) > cfg.vocab_size {
        bail!(
            "language model `{name}`: its tokenizer has {} tokens, the model {}: they do not belong together",
            tok.get_vocab_size(true),
            cfg.vocab_size
        );
    }
    Ok((cfg, tok))
}

/// Per document of the evaluation set: (nats, predicted tokens, UTF-8 bytes).
type DocLoss = (f64, usize, usize);

impl EvaluateStage {
    /// Every language model's loss on every document: `<|endoftext|>` then
    /// the document's tokens (its own tokenizer), in windows of its context.
    fn lm_docs(
        &self,
        cx: &StageCx,
        shards: &[crate::storage::Loc],
        lms: &[(String, std::path::PathBuf)],
    ) -> Result<Vec<Vec<DocLoss>>> {
        use curate_trainer::{bpe, model, train};
        let sql = format!("SELECT {} FROM input", ident(&self.p.text_column));
        let mut out = vec![];
        for (name, dir) in lms {
            let (cfg, tok) = lm_files(name, dir)?;
            let eot = bpe::eot_id(&tok)?;
            let m = model::load_dir(dir, &curate_trainer::candle_core::Device::Cpu)
                .with_context(|| format!("language model `{name}`"))?;
            let mut docs = vec![];
            for loc in shards {
                run_sql_on_shard(cx, loc, &sql, |b| {
                    let t = cast(b.column(0), &DataType::Utf8)?;
                    let t = t.as_any().downcast_ref::<StringArray>().context("text")?;
                    for i in 0..t.len() {
                        if t.is_null(i) || t.value(i).is_empty() {
                            continue;
                        }
                        let mut ids = vec![eot];
                        ids.extend(bpe::encode(&tok, t.value(i))?);
                        let (nats, n) =
                            train::sequence_nats(&m, &ids, cfg.max_position_embeddings)?;
                        docs.push((nats, n, t.value(i).len()));
                    }
                    Ok(())
                })?;
            }
            out.push(docs);
        }
        Ok(out)
    }

    fn lm_report(&self, lms: &[(String, std::path::PathBuf)], docs: &[Vec<DocLoss>]) -> Report {
        let bpb = |d: &[DocLoss], idx: &mut dyn Iterator<Item = usize>| {
            let (mut nats, mut bytes) = (0.0, 0usize);
            for i in idx {
                nats += d[i].0;
                bytes += d[i].2;
            }
            (bytes > 0).then(|| nats / (std::f64::consts::LN_2 * bytes as f64))
        };
        let n = docs[0].len();
        let mut rng = SplitMix(self.p.seed ^ 0x6c6d_5f65_7661_6c00);
        let resamples: Vec<Vec<usize>> = (0..self.p.bootstrap)
            .map(|_| (0..n).map(|_| (rng.next() % n as u64) as usize).collect())
            .collect();
        let boot: Vec<Vec<Option<f64>>> = docs
            .iter()
            .map(|d| {
                resamples
                    .iter()
                    .map(|r| bpb(d, &mut r.iter().copied()))
                    .collect()
            })
            .collect();
        let mut r = Report::default();
        let mut json = serde_json::Map::new();
        for (k, ((name, _), d)) in lms.iter().zip(docs).enumerate() {
            let nats: f64 = d.iter().map(|x| x.0).sum();
            let tokens: usize = d.iter().map(|x| x.1).sum();
            let bytes: usize = d.iter().map(|x| x.2).sum();
            let head = bpb(d, &mut (0..n));
            let ci = percentile_ci(&boot[k]);
            let per_token = nats / tokens.max(1) as f64;
            r.rows
                .push((name.clone(), "bits_per_byte".into(), head, ci.0, ci.1));
            for (m, v) in [
                ("loss_per_token", per_token),
                ("perplexity", per_token.exp()),
                ("tokens", tokens as f64),
                ("bytes", bytes as f64),
                ("n", n as f64),
            ] {
                r.rows.push((name.clone(), m.into(), Some(v), None, None));
            }
            r.notes.push(format!(
                "evaluate: {name}: bits per byte {} [95% CI {}, {}]; loss per token {per_token:.4} nats, perplexity {:.2}; {tokens} tokens, {bytes} bytes, {n} documents",
                fmt(head),
                fmt(ci.0),
                fmt(ci.1),
                per_token.exp()
            ));
            json.insert(
                name.clone(),
                serde_json::json!({"bits_per_byte": head, "bits_per_byte_ci95": [ci.0, ci.1],
                    "loss_per_token": per_token, "perplexity": per_token.exp(),
                    "tokens": tokens, "bytes": bytes, "documents": n}),
            );
        }
        for k in 1..lms.len() {
            let d: Vec<Option<f64>> = boot[0]
                .iter()
                .zip(&boot[k])
                .map(|(a, b)| Some((*a)? - (*b)?))
                .collect();
            let ci = percentile_ci(&d);
            let h0 = bpb(&docs[0], &mut (0..n));
            let hk = bpb(&docs[k], &mut (0..n));
            let diff = h0.zip(hk).map(|(a, b)| a - b);
            let label = format!("{} - {}", lms[0].0, lms[k].0);
            r.rows.push((
                label.clone(),
                "bits_per_byte_difference".into(),
                diff,
                ci.0,
                ci.1,
            ));
            json.insert(
                label.clone(),
                serde_json::json!({"bits_per_byte_difference": diff,
                    "bits_per_byte_difference_ci95": [ci.0, ci.1]}),
            );
            r.notes.push(format!(
                "evaluate: {label}: bits per byte difference {} [95% CI {}, {}]",
                diff.map(|d| format!("{d:+.4}"))
                    .unwrap_or_else(|| "-".into()),
                fmt(ci.0),
                fmt(ci.1)
            ));
        }
        r.json = serde_json::Value::Object(json);
        r
    }
}

fn parse_binary(s: &str) -> Option<f64> {
    match s.trim().to_ascii_lowercase().as_str() {
        "1" | "1.0" | "true" => Some(1.0),
        "0" | "0.0" | "false" => Some(0.0),
        _ => None,
    }
}

/// One metric row: score, metric, value, interval low, interval high.
type Row = (String, String, Option<f64>, Option<f64>, Option<f64>);

/// Metric rows, eval.json and summary lines.
#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    json: serde_json::Value,
    notes: Vec<String>,
}

impl Report {
    fn batch(&self) -> Result<RecordBatch> {
        let mut s = StringBuilder::new();
        let mut m = StringBuilder::new();
        let (mut v, mut lo, mut hi) = (
            Float64Builder::new(),
            Float64Builder::new(),
            Float64Builder::new(),
        );
        for r in &self.rows {
            s.append_value(&r.0);
            m.append_value(&r.1);
            v.append_option(r.2);
            lo.append_option(r.3);
            hi.append_option(r.4);
        }
        Ok(RecordBatch::try_new(
            schemas::eval_metrics(),
            vec![
                Arc::new(s.finish()),
                Arc::new(m.finish()),
                Arc::new(v.finish()),
                Arc::new(lo.finish()),
                Arc::new(hi.finish()),
            ],
        )?)
    }
}

fn fmt(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into())
}

impl EvaluateStage {
    fn headline_name(&self) -> &'static str {
        match self.p.label_type {
            LabelType::Ordinal => "spearman",
            LabelType::Binary => "roc_auc",
            LabelType::Categorical => "accuracy",
        }
    }

    fn headline(&self, y: &[f64], ycat: &[String], v: &Values, idx: &[usize]) -> Option<f64> {
        match (self.p.label_type, v) {
            (LabelType::Ordinal, Values::Num(s)) => {
                let a: Vec<f64> = idx.iter().map(|&i| y[i]).collect();
                let b: Vec<f64> = idx.iter().map(|&i| s[i]).collect();
                spearman(&a, &b)
            }
            (LabelType::Binary, Values::Num(s)) => {
                let a: Vec<bool> = idx.iter().map(|&i| y[i] > 0.5).collect();
                let b: Vec<f64> = idx.iter().map(|&i| s[i]).collect();
                roc_auc(&a, &b)
            }
            (LabelType::Categorical, Values::Cat(s)) => {
                Some(idx.iter().filter(|&&i| ycat[i] == s[i]).count() as f64 / idx.len() as f64)
            }
            _ => None,
        }
    }

    fn report(
        &self,
        names: &[String],
        y: &[f64],
        ycat: &[String],
        vals: &[Values],
    ) -> Result<Report> {
        let n = y.len().max(ycat.len());
        let all: Vec<usize> = (0..n).collect();
        let hname = self.headline_name();
        // Bootstrap: the same resamples for every score.
        let mut rng = SplitMix(self.p.seed ^ 0x9e37_79b9_7f4a_7c15);
        let resamples: Vec<Vec<usize>> = (0..self.p.bootstrap)
            .map(|_| (0..n).map(|_| (rng.next() % n as u64) as usize).collect())
            .collect();
        let boot: Vec<Vec<Option<f64>>> = vals
            .iter()
            .map(|v| {
                resamples
                    .iter()
                    .map(|r| self.headline(y, ycat, v, r))
                    .collect()
            })
            .collect();
        let mut rows = vec![];
        let mut notes = vec![];
        let mut per_score = serde_json::Map::new();
        for (k, (name, v)) in names.iter().zip(vals).enumerate() {
            let mut metrics: BTreeMap<&str, Option<f64>> = BTreeMap::new();
            let head = self.headline(y, ycat, v, &all);
            let ci = percentile_ci(&boot[k]);
            let mut extra = serde_json::Map::new();
            metrics.insert("n", Some(n as f64));
            match (self.p.label_type, v) {
                (LabelType::Ordinal, Values::Num(s)) => {
                    metrics.insert("kendall", kendall_tau_b(y, s));
                    metrics.insert(
                        "rmse",
                        Some(
                            (y.iter().zip(s).map(|(a, b)| (a - b).powi(2)).sum::<f64>() / n as f64)
                                .sqrt(),
                        ),
                    );
                    let (lo, hi) = y
                        .iter()
                        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
                    let pred: Vec<String> = s
                        .iter()
                        .map(|v| num_label(v.round().clamp(lo.round(), hi.round())))
                        .collect();
                    let truth: Vec<String> = y.iter().map(|v| num_label(v.round())).collect();
                    metrics.insert("accuracy", Some(accuracy(&truth, &pred)));
                    metrics.insert("macro_f1", Some(macro_f1(&truth, &pred)));
                    extra.insert("confusion".into(), confusion_json(&truth, &pred, true));
                    extra.insert("calibration".into(), calibration_by_class(s, y, lo, hi));
                    if let Some(t) = self.p.threshold {
                        let st = self.p.score_threshold.unwrap_or(t);
                        let pos: Vec<bool> = y.iter().map(|&v| v >= t).collect();
                        let pp: Vec<bool> = s.iter().map(|&v| v >= st).collect();
                        metrics.insert("f1_at_threshold", Some(f1_binary(&pos, &pp)));
                        metrics.insert("roc_auc", roc_auc(&pos, s));
                        metrics.insert("pr_auc", average_precision(&pos, s));
                    }
                }
                (LabelType::Binary, Values::Num(s)) => {
                    let t = self.p.threshold.unwrap_or(0.5);
                    let pos: Vec<bool> = y.iter().map(|&v| v > 0.5).collect();
                    let pp: Vec<bool> = s.iter().map(|&v| v >= t).collect();
                    metrics.insert("pr_auc", average_precision(&pos, s));
                    metrics.insert(
                        "accuracy",
                        Some(pos.iter().zip(&pp).filter(|(a, b)| a == b).count() as f64 / n as f64),
                    );
                    metrics.insert("f1_at_threshold", Some(f1_binary(&pos, &pp)));
                    let truth: Vec<String> = pos.iter().map(|&b| (b as u8).to_string()).collect();
                    let pred: Vec<String> = pp.iter().map(|&b| (b as u8).to_string()).collect();
                    extra.insert("confusion".into(), confusion_json(&truth, &pred, true));
                    extra.insert(
                        "calibration".into(),
                        calibration_binary(s, &pos, self.p.bins),
                    );
                }
                (LabelType::Categorical, Values::Cat(s)) => {
                    metrics.insert("macro_f1", Some(macro_f1(ycat, s)));
                    extra.insert("confusion".into(), confusion_json(ycat, s, false));
                }
                // ok-unwrap: a score's values are built from label_type.
                _ => unreachable!("score kinds follow label_type"),
            }
            rows.push((name.clone(), hname.to_string(), head, ci.0, ci.1));
            for (m, v) in &metrics {
                rows.push((name.clone(), m.to_string(), *v, None, None));
            }
            notes.push(format!(
                "evaluate: {name}: {hname} {} [95% CI {}, {}]; {}",
                fmt(head),
                fmt(ci.0),
                fmt(ci.1),
                metrics
                    .iter()
                    .filter(|(m, _)| **m != "n")
                    .map(|(m, v)| format!("{m} {}", fmt(*v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let mut j = serde_json::Map::new();
            j.insert(hname.into(), serde_json::json!(head));
            j.insert(format!("{hname}_ci95"), serde_json::json!([ci.0, ci.1]));
            for (m, v) in &metrics {
                j.insert(m.to_string(), serde_json::json!(v));
            }
            j.extend(extra);
            per_score.insert(name.clone(), serde_json::Value::Object(j));
        }
        // Paired differences from the first score.
        let mut diffs = serde_json::Map::new();
        if let Some(first) = names.first() {
            let h0 = self.headline(y, ycat, &vals[0], &all);
            for k in 1..names.len() {
                let hk = self.headline(y, ycat, &vals[k], &all);
                let d: Vec<Option<f64>> = boot[0]
                    .iter()
                    .zip(&boot[k])
                    .map(|(a, b)| Some((*a)? - (*b)?))
                    .collect();
                let ci = percentile_ci(&d);
                let diff = h0.zip(hk).map(|(a, b)| a - b);
                let label = format!("{first} - {}", names[k]);
                rows.push((
                    label.clone(),
                    format!("{hname}_difference"),
                    diff,
                    ci.0,
                    ci.1,
                ));
                notes.push(format!(
                    "evaluate: {label}: {hname} difference {} [95% CI {}, {}]{}",
                    diff.map(|d| format!("{d:+.3}"))
                        .unwrap_or_else(|| "-".into()),
                    fmt(ci.0),
                    fmt(ci.1),
                    match ci {
                        (Some(lo), _) if lo > 0.0 => ": better",
                        (_, Some(hi)) if hi < 0.0 => ": worse",
                        (Some(_), Some(_)) => ": not distinguishable",
                        _ => "",
                    }
                ));
                diffs.insert(
                    label,
                    serde_json::json!({"value": diff, "ci95": [ci.0, ci.1]}),
                );
            }
        }
        let json = serde_json::json!({
            "label_type": format!("{:?}", self.p.label_type).to_lowercase(),
            "n": n,
            "headline": hname,
            "bootstrap": self.p.bootstrap,
            "seed": self.p.seed,
            "threshold": self.p.threshold,
            "scores": per_score,
            "differences_from_first": diffs,
        });
        Ok(Report { rows, json, notes })
    }
}

fn num_label(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A small seeded generator (SplitMix64) for bootstrap resamples.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// 2.5th and 97.5th percentiles (linear interpolation, numpy's default) of
/// the defined values; `None` without resamples.
fn percentile_ci(v: &[Option<f64>]) -> (Option<f64>, Option<f64>) {
    let mut x: Vec<f64> = v.iter().flatten().copied().collect();
    if x.is_empty() {
        return (None, None);
    }
    x.sort_by(f64::total_cmp);
    (Some(percentile(&x, 2.5)), Some(percentile(&x, 97.5)))
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q / 100.0 * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

pub use super::train_classifier::spearman;

/// Kendall's tau-b (scipy.stats.kendalltau's default); O(n^2).
pub fn kendall_tau_b(a: &[f64], b: &[f64]) -> Option<f64> {
    let (mut s, mut ta, mut tb) = (0i64, 0i64, 0i64);
    for i in 0..a.len() {
        for j in i + 1..a.len() {
            let x = (a[i] - a[j]).partial_cmp(&0.0)? as i64;
            let y = (b[i] - b[j]).partial_cmp(&0.0)? as i64;
            s += x * y;
            ta += (x != 0) as i64;
            tb += (y != 0) as i64;
        }
    }
    (ta > 0 && tb > 0).then(|| s as f64 / ((ta as f64) * (tb as f64)).sqrt())
}

/// Tie-averaged ranks, 1-based.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        for k in i..=j {
            r[idx[k]] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    r
}

/// ROC-AUC (ties count half: sklearn's roc_auc_score); `None` unless both
/// classes occur.
pub fn roc_auc(pos: &[bool], score: &[f64]) -> Option<f64> {
    let np = pos.iter().filter(|&&p| p).count() as f64;
    let nn = pos.len() as f64 - np;
    if np == 0.0 || nn == 0.0 {
        return None;
    }
    let r = ranks(score);
    let sum: f64 = r.iter().zip(pos).filter(|(_, p)| **p).map(|(r, _)| r).sum();
    Some((sum - np * (np + 1.0) / 2.0) / (np * nn))
}

/// Average precision (sklearn's average_precision_score): the sum over
/// distinct score thresholds, highest first, of the recall gained times
/// the precision there.
pub fn average_precision(pos: &[bool], score: &[f64]) -> Option<f64> {
    let np = pos.iter().filter(|&&p| p).count() as f64;
    if np == 0.0 {
        return None;
    }
    let mut idx: Vec<usize> = (0..pos.len()).collect();
    idx.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let (mut tp, mut fp, mut ap, mut last_recall) = (0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j < idx.len() && score[idx[j]] == score[idx[i]] {
            if pos[idx[j]] {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            j += 1;
        }
        let recall = tp / np;
        ap += (recall - last_recall) * tp / (tp + fp);
        last_recall = recall;
        i = j;
    }
    Some(ap)
}

pub fn f1_binary(truth: &[bool], pred: &[bool]) -> f64 {
    let tp = truth.iter().zip(pred).filter(|(t, p)| **t && **p).count() as f64;
    let fp = truth.iter().zip(pred).filter(|(t, p)| !**t && **p).count() as f64;
    let fn_ = truth.iter().zip(pred).filter(|(t, p)| **t && !**p).count() as f64;
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

pub fn accuracy(truth: &[String], pred: &[String]) -> f64 {
    truth.iter().zip(pred).filter(|(a, b)| a == b).count() as f64 / truth.len().max(1) as f64
}

/// Macro-F1 over the labels in either the truth or the predictions
/// (sklearn's f1_score(average='macro')).
pub fn macro_f1(truth: &[String], pred: &[String]) -> f64 {
    let labels: std::collections::BTreeSet<&String> = truth.iter().chain(pred).collect();
    let f: f64 = labels
        .iter()
        .map(|l| {
            let t: Vec<bool> = truth.iter().map(|x| x == *l).collect();
            let p: Vec<bool> = pred.iter().map(|x| x == *l).collect();
            f1_binary(&t, &p)
        })
        .sum();
    f / labels.len().max(1) as f64
}

fn sorted_labels(truth: &[String], pred: &[String], numeric: bool) -> Vec<String> {
    let mut l: Vec<String> = truth
        .iter()
        .chain(pred)
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if numeric {
        l.sort_by(|a, b| {
            let (x, y) = (
                a.parse::<f64>().unwrap_or(0.0),
                b.parse::<f64>().unwrap_or(0.0),
            );
            x.total_cmp(&y)
        });
    }
    l
}

fn confusion_json(truth: &[String], pred: &[String], numeric: bool) -> serde_json::Value {
    let labels = sorted_labels(truth, pred, numeric);
    // ok-unwrap: `labels` holds every value of `truth` and `pred`.
    let pos = |x: &String| labels.iter().position(|l| l == x).unwrap();
    let mut m = vec![vec![0u64; labels.len()]; labels.len()];
    for (t, p) in truth.iter().zip(pred) {
        m[pos(t)][pos(p)] += 1;
    }
    serde_json::json!({"labels": labels, "true_by_predicted": m})
}

/// Ordinal: per rounded score (clamped to the label range), the rows, mean
/// score and mean label.
fn calibration_by_class(s: &[f64], y: &[f64], lo: f64, hi: f64) -> serde_json::Value {
    let mut g: BTreeMap<i64, (u64, f64, f64)> = BTreeMap::new();
    for (v, t) in s.iter().zip(y) {
        let e = g
            .entry(v.round().clamp(lo.round(), hi.round()) as i64)
            .or_default();
        e.0 += 1;
        e.1 += v;
        e.2 += t;
    }
    serde_json::Value::Array(
        g.into_iter()
            .map(|(k, (n, a, b))| {
                serde_json::json!({"predicted": k, "n": n, "mean_score": a / n as f64, "mean_label": b / n as f64})
            })
            .collect(),
    )
}

/// Binary: equal-width bins over [0, 1]: rows, mean score, positive share.
fn calibration_binary(s: &[f64], pos: &[bool], bins: usize) -> serde_json::Value {
    let mut g = vec![(0u64, 0.0, 0.0); bins];
    for (v, p) in s.iter().zip(pos) {
        let b = ((v.clamp(0.0, 1.0) * bins as f64) as usize).min(bins - 1);
        g[b].0 += 1;
        g[b].1 += v;
        g[b].2 += *p as u8 as f64;
    }
    serde_json::Value::Array(
        g.into_iter()
            .enumerate()
            .filter(|(_, x)| x.0 > 0)
            .map(|(i, (n, a, b))| {
                serde_json::json!({"bin": [i as f64 / bins as f64, (i + 1) as f64 / bins as f64], "n": n, "mean_score": a / n as f64, "positive_share": b / n as f64})
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tokenizer with more tokens than the model's vocabulary (a model
    /// directory with another run's tokenizer) is an error naming the model.
    #[test]
    fn a_tokenizer_that_does_not_fit_its_model_is_refused() {
        use curate_trainer::bpe;
        let dir = tempfile::tempdir().unwrap();
        let texts: Vec<String> = (0..400)
            .map(|i| format!("the cat {i} sat on the mat number {} and ran away", i * 7))
            .collect();
        let cfg = bpe::BpeConfig {
            vocab_size: 300,
            ..Default::default()
        };
        let tok = bpe::train(&cfg, texts.iter()).unwrap();
        bpe::save(&tok, &dir.path().join("tokenizer.json")).unwrap();
        let n = tok.get_vocab_size(true);
        let config = |vocab: usize| {
            let c = serde_json::json!({
                "vocab_size": vocab, "hidden_size": 8, "intermediate_size": 16,
                "num_hidden_layers": 1, "num_attention_heads": 2,
                "max_position_embeddings": 16
            });
            std::fs::write(dir.path().join("config.json"), c.to_string()).unwrap();
        };
        config(n);
        assert!(lm_files("m", dir.path()).is_ok());
        config(n - 1);
        let e = format!("{:#}", lm_files("small", dir.path()).unwrap_err());
        assert_eq!(
            e,
            format!(
                "language model `small`: its tokenizer has {n} tokens, the model {}: they do not belong together",
                n - 1
            )
        );
        // A missing tokenizer names the model and the file.
        std::fs::remove_file(dir.path().join("tokenizer.json")).unwrap();
        let e = format!("{:#}", lm_files("gone", dir.path()).unwrap_err());
        assert!(e.starts_with("language model `gone`: reading "), "{e}");
    }

    // Reference values computed once with scikit-learn 1.9.1 / scipy 1.17.1 /
    // numpy on these numbers (scripts/edu/metric_refs.py prints them).
    const Y: [f64; 12] = [1., 2., 2., 3., 1., 4., 2., 3., 1., 2., 3., 2.];
    const S: [f64; 12] = [1.2, 1.9, 2.6, 2.4, 0.8, 3.7, 1.1, 3.2, 1.9, 2.2, 2.8, 2.2];

    // Printed by scripts/edu/metric_refs.py.
    const REF_SPEARMAN: f64 = 0.8496866856064711;
    const REF_KENDALL: f64 = 0.7601397897755385;
    const REF_ROC: f64 = 0.96875;
    const REF_AP: f64 = 0.95;
    const REF_F1: f64 = 0.75;
    const REF_ACC: f64 = 0.6666666666666666;
    const REF_MACRO_F1: f64 = 0.7333333333333333;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }

    #[test]
    fn correlation_metrics_match_scipy() {
        // scipy.stats.spearmanr(Y, S).statistic
        close(spearman(&Y, &S).unwrap(), REF_SPEARMAN);
        // scipy.stats.kendalltau(Y, S).statistic (tau-b)
        close(kendall_tau_b(&Y, &S).unwrap(), REF_KENDALL);
        assert!(kendall_tau_b(&[1.0, 1.0], &[1.0, 2.0]).is_none());
    }

    #[test]
    fn binary_metrics_match_sklearn() {
        let pos: Vec<bool> = Y.iter().map(|&y| y >= 3.0).collect();
        // sklearn.metrics.roc_auc_score(Y >= 3, S)
        close(roc_auc(&pos, &S).unwrap(), REF_ROC);
        // sklearn.metrics.average_precision_score(Y >= 3, S)
        close(average_precision(&pos, &S).unwrap(), REF_AP);
        // sklearn.metrics.f1_score(Y >= 3, S >= 2.5)
        let pp: Vec<bool> = S.iter().map(|&s| s >= 2.5).collect();
        close(f1_binary(&pos, &pp), REF_F1);
        // Ties: roc_auc_score([0,1,0,1], [0.5,0.5,0.2,0.9]) = 0.875,
        // average_precision_score(same) = 0.8333333333333333
        let p = [false, true, false, true];
        let s = [0.5, 0.5, 0.2, 0.9];
        close(roc_auc(&p, &s).unwrap(), 0.875);
        close(average_precision(&p, &s).unwrap(), 0.833_333_333_333_333_3);
        assert!(roc_auc(&[true, true], &[0.1, 0.2]).is_none());
    }

    #[test]
    fn class_metrics_match_sklearn() {
        let t: Vec<String> = Y.iter().map(|v| num_label(*v)).collect();
        let p: Vec<String> = S
            .iter()
            .map(|v| num_label(v.round().clamp(1.0, 4.0)))
            .collect();
        // sklearn.metrics.accuracy_score(Y, clip(round(S), 1, 4))
        close(accuracy(&t, &p), REF_ACC);
        // sklearn.metrics.f1_score(Y, clip(round(S), 1, 4), average='macro')
        close(macro_f1(&t, &p), REF_MACRO_F1);
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        // numpy.percentile([1,2,3,4,5,6,7,8,9,10], [2.5, 97.5]) = [1.225, 9.775]
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        close(percentile(&v, 2.5), 1.225);
        close(percentile(&v, 97.5), 9.775);
    }

    #[test]
    fn binary_labels_parse_strictly() {
        assert_eq!(parse_binary(" True"), Some(1.0));
        assert_eq!(parse_binary("0"), Some(0.0));
        assert_eq!(parse_binary("yes"), None);
        assert_eq!(parse_binary("2"), None);
    }
}
