//! `train_regressor`: a ridge regressor (`curate_filters::regressor`:
//! character n-gram TF-IDF plus document-shape features) on a numeric label,
//! for ordinal scores learned from few labels (educational value from human
//! annotators: the annotators' mean as the target, not a class).
//!
//! Inputs with `label_column` are the labelled rows; a deterministic share
//! (`holdout`, by seeded hash of the text: the same split as
//! `train_classifier` with the same `seed` and `holdout`, and as the SQL
//! function `curate_holdout(text, seed, share)`) is held out. Inputs that lack
//! `label_column` but have `weak_label_column` add weakly labelled rows
//! (e.g. an LLM's scores) to the training set with weight `weak_weight`; they
//! are never held out. A label must be a number (a numeric column, or text
//! that parses as one); anything else stops the stage with the row's source
//! file and record. NULL labels are skipped and counted.
//!
//! Writes `model.ridge` (scored by `curate_edu` / `edu_score`), `eval.json`,
//! and its table: the held-out rows with target and prediction (what
//! `evaluate` reads to compare it with other scores).

use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_filters::regressor::{self, Ridge, RidgeConfig, Row};
use curate_schemas as schemas;
use datafusion::arrow::array::{
    Array, Float64Builder, StringArray, StringBuilder, UInt64Array, UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::{ident, one_unit, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};

/// File name of a `train_regressor` stage's model.
pub const MODEL_RIDGE: &str = "model.ridge";

pub struct TrainRegressor;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    label_column: String,
    /// Added to every label (e.g. -1 puts FineWeb-C's None=1..Excellent=5 on 0-4).
    #[serde(default)]
    label_offset: f64,
    #[serde(default)]
    weak_label_column: Option<String>,
    #[serde(default = "d_weak_weight")]
    weak_weight: f64,
    #[serde(default)]
    weak_label_offset: f64,
    #[serde(default = "super::default_text_column")]
    text_column: String,
    #[serde(default = "d_holdout")]
    holdout: f64,
    #[serde(default)]
    seed: u64,
    #[serde(default = "d_alpha")]
    alpha: f64,
    #[serde(default = "d_minn")]
    minn: usize,
    #[serde(default = "d_maxn")]
    maxn: usize,
    #[serde(default = "d_buckets")]
    buckets: usize,
    /// Weight of the standardized shape features (0: n-grams only).
    #[serde(default = "d_dense")]
    dense_scale: f64,
}

fn d_weak_weight() -> f64 {
    0.3
}
fn d_holdout() -> f64 {
    0.2
}
fn d_alpha() -> f64 {
    1.0
}
fn d_minn() -> usize {
    3
}
fn d_maxn() -> usize {
    5
}
fn d_buckets() -> usize {
    1 << 18
}
fn d_dense() -> f64 {
    0.3
}

/// Bumped when this kind's output for the same inputs and parameters
/// changes (part of the resume fingerprint).
pub const REVISION: u32 = 1;

impl StageKind for TrainRegressor {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "train_regressor"
    }
    fn summary(&self) -> &'static str {
        "train a ridge regressor (char n-gram TF-IDF + shape features) on a numeric label; held-out Spearman"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn mixed_inputs(&self) -> bool {
        true
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if !(0.0..1.0).contains(&p.holdout) {
            return Err(perr("holdout", "must be in [0, 1)"));
        }
        if !(p.weak_weight > 0.0 && p.weak_weight.is_finite()) {
            return Err(perr("weak_weight", "must be positive"));
        }
        for (k, v) in [
            ("label_offset", p.label_offset),
            ("weak_label_offset", p.weak_label_offset),
        ] {
            if !v.is_finite() {
                return Err(perr(k, "must be a finite number"));
            }
        }
        let cfg = RidgeConfig {
            minn: p.minn,
            maxn: p.maxn,
            buckets: p.buckets,
            alpha: p.alpha,
            dense_scale: p.dense_scale,
            ..Default::default()
        };
        if let Err(e) = cfg.check() {
            let key = if e.starts_with("n-gram") {
                "minn"
            } else if e.starts_with("buckets") {
                "buckets"
            } else if e.starts_with("alpha") {
                "alpha"
            } else {
                "dense_scale"
            };
            return Err(perr(key, e));
        }
        Ok(Box::new(TrainRegressorStage { p, cfg }))
    }
}

struct TrainRegressorStage {
    p: Params,
    cfg: RidgeConfig,
}

/// Whether a label column's type can hold numbers.
fn label_type_ok(t: &DataType) -> bool {
    t.is_numeric() || matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// How one input is used.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    Labelled,
    Weak,
}

impl TrainRegressorStage {
    fn role(&self, s: &SchemaRef) -> Result<(Role, String)> {
        super::require_string_column(s, &self.p.text_column)?;
        let check = |c: &str| -> Result<bool> {
            match s.field_with_name(c) {
                Ok(f) if label_type_ok(f.data_type()) => Ok(true),
                Ok(f) => bail!(
                    "label column `{c}` is {}, not a number or text",
                    f.data_type()
                ),
                Err(_) => Ok(false),
            }
        };
        if check(&self.p.label_column)? {
            return Ok((Role::Labelled, self.p.label_column.clone()));
        }
        if let Some(w) = &self.p.weak_label_column {
            if check(w)? {
                return Ok((Role::Weak, w.clone()));
            }
        }
        bail!(
            "input has no label column `{}`{} (columns: {})",
            self.p.label_column,
            self.p
                .weak_label_column
                .as_ref()
                .map(|w| format!(" nor weak label column `{w}`"))
                .unwrap_or_default(),
            s.fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    fn sql(&self, schema: &SchemaRef, label: &str) -> String {
        let opt = |c: &str| {
            if schema.field_with_name(c).is_ok() {
                ident(c)
            } else {
                "CAST(NULL AS VARCHAR)".into()
            }
        };
        format!(
            "SELECT {}, CAST({} AS VARCHAR), {}, {}, CAST({} AS BIGINT) FROM input",
            ident(&self.p.text_column),
            ident(label),
            opt(schemas::col::DOC_ID),
            opt(schemas::col::SOURCE),
            if schema.field_with_name(schemas::col::SOURCE_RECORD).is_ok() {
                ident(schemas::col::SOURCE_RECORD)
            } else {
                "NULL".into()
            },
        )
    }
}

/// A held-out row: where it came from, its target, its features.
struct Held {
    id: Option<String>,
    source: Option<String>,
    record: Option<u64>,
    target: f64,
    raw: regressor::Raw,
}

/// A parsed label: a finite number.
fn parse_label(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Stage for TrainRegressorStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "train",
            "ridge training reads every labelled row",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        let roles = inputs
            .iter()
            .map(|s| self.role(s).map(|r| r.0))
            .collect::<Result<Vec<_>>>()?;
        if !roles.contains(&Role::Labelled) {
            bail!(
                "no input has the label column `{}` (weakly labelled inputs only train, they are never held out)",
                self.p.label_column
            );
        }
        Ok(schemas::regressor_heldout())
    }

    fn explain(&self, inputs: &[SchemaRef], _: &Functions) -> Result<String> {
        let mut lines = vec![];
        for s in inputs {
            let (role, label) = self.role(s)?;
            lines.push(format!("{:?}: {}", role, self.sql(s, &label)));
        }
        Ok(format!(
            "{}\n-> hold out {:.0}% of the labelled rows by hash of the text (seed {}) -> ridge alpha {} on char {}-{}-gram TF-IDF ({} buckets) + shape features x {} -> {MODEL_RIDGE}, held-out rows",
            lines.join("\n"),
            100.0 * self.p.holdout,
            self.p.seed,
            self.cfg.alpha,
            self.cfg.minn,
            self.cfg.maxn,
            self.cfg.buckets,
            self.cfg.dense_scale
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let unit = one_unit(cx, format!("{} shards", cx.input_shards().len()));
        cx.run_units(vec![unit], |_, out| {
            let t0 = std::time::Instant::now();
            let mut train: Vec<Row> = vec![];
            let mut held: Vec<Held> = vec![];
            let (mut n_weak, mut n_null) = (0u64, 0u64);
            for (input, schema) in cx.inputs.iter().zip(&cx.input_schemas) {
                let Input::Stage { dir, manifest, .. } = input else {
                    continue;
                };
                let (role, label) = self.role(schema)?;
                let sql = self.sql(schema, &label);
                for s in &manifest.shards {
                    let loc = dir.join(&s.path);
                    let mut row_in_shard = 0u64;
                    run_sql_on_shard(cx, &loc, &sql, |b| {
                        let col = |i: usize| -> Result<StringArray> {
                            let a = cast(b.column(i), &DataType::Utf8)?;
                            Ok(a.as_any().downcast_ref::<StringArray>().context("text")?.clone())
                        };
                        let (t, l, id, src) = (col(0)?, col(1)?, col(2)?, col(3)?);
                        let rec = cast(b.column(4), &DataType::UInt64)?;
                        let rec = rec.as_any().downcast_ref::<UInt64Array>().context("record")?;
                        out.counts.rows_in += b.num_rows() as u64;
                        for i in 0..b.num_rows() {
                            row_in_shard += 1;
                            if l.is_null(i) || t.is_null(i) {
                                n_null += 1;
                                continue;
                            }
                            let Some(y) = parse_label(l.value(i)) else {
                                let at = if src.is_null(i) || rec.is_null(i) {
                                    format!("{} row {row_in_shard}", cx.display_path(&loc))
                                } else {
                                    format!("{} record {}", src.value(i), rec.value(i))
                                };
                                bail!(
                                    "{at}: label `{label}` is {:?}, not a number",
                                    l.value(i).chars().take(60).collect::<String>()
                                );
                            };
                            let text = t.value(i);
                            let raw = regressor::raw(text, &self.cfg);
                            match role {
                                Role::Weak => {
                                    n_weak += 1;
                                    train.push(Row {
                                        raw,
                                        y: y + self.p.weak_label_offset,
                                        weight: self.p.weak_weight,
                                    })
                                }
                                Role::Labelled
                                    if regressor::held_out(text, self.p.seed, self.p.holdout) =>
                                {
                                    held.push(Held {
                                        id: (!id.is_null(i)).then(|| id.value(i).to_string()),
                                        source: (!src.is_null(i)).then(|| src.value(i).to_string()),
                                        record: (!rec.is_null(i)).then(|| rec.value(i)),
                                        target: y + self.p.label_offset,
                                        raw,
                                    })
                                }
                                Role::Labelled => train.push(Row {
                                    raw,
                                    y: y + self.p.label_offset,
                                    weight: 1.0,
                                }),
                            }
                        }
                        Ok(())
                    })?;
                }
            }
            if n_null > 0 {
                out.counts.drop("NULL text or label", n_null);
            }
            let n_train = train.len();
            let model = Ridge::train(&train, &self.cfg).map_err(|e| anyhow::anyhow!(e))?;
            drop(train);
            let path = out.artifact_path(MODEL_RIDGE)?;
            let tmp = path.with_extension("ridge.tmp");
            model.save(&tmp)?;
            std::fs::rename(&tmp, &path)?;
            out.artifact(MODEL_RIDGE, n_train as u64)?;
            let train_s = t0.elapsed().as_secs_f64();
            let mut ids = StringBuilder::new();
            let mut srcs = StringBuilder::new();
            let mut recs = UInt64Builder::new();
            let mut ys = Float64Builder::new();
            let mut ps = Float64Builder::new();
            let mut pairs = vec![];
            for h in &held {
                let p = model.predict_raw(&h.raw);
                ids.append_option(h.id.as_deref());
                srcs.append_option(h.source.as_deref());
                recs.append_option(h.record);
                ys.append_value(h.target);
                ps.append_value(p);
                pairs.push((h.target, p));
            }
            let batch = RecordBatch::try_new(
                schemas::regressor_heldout(),
                vec![
                    Arc::new(ids.finish()),
                    Arc::new(srcs.finish()),
                    Arc::new(recs.finish()),
                    Arc::new(ys.finish()) as Arc<dyn Array>,
                    Arc::new(ps.finish()),
                ],
            )?;
            out.write(&batch)?;
            let (a, b): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
            let rho = if a.len() >= 3 {
                super::train_classifier::spearman(&a, &b)
            } else {
                None
            };
            let rmse = (pairs.iter().map(|(y, p)| (y - p).powi(2)).sum::<f64>()
                / pairs.len().max(1) as f64)
                .sqrt();
            let json = serde_json::json!({
                "train_rows": n_train,
                "weak_rows": n_weak,
                "heldout_rows": held.len(),
                "spearman": rho,
                "rmse": if held.is_empty() { None } else { Some(rmse) },
                "model": model.header,
            });
            let ej = out.artifact_path("eval.json")?;
            std::fs::write(ej.with_extension("json.tmp"), serde_json::to_string_pretty(&json)?)?;
            std::fs::rename(ej.with_extension("json.tmp"), &ej)?;
            out.artifact("eval.json", held.len() as u64)?;
            out.note(format!(
                "train_regressor: {n_train} training rows ({n_weak} weak, weight {}), {} CG iterations, trained in {train_s:.1}s; held out {}: Spearman {}, RMSE {rmse:.3}",
                self.p.weak_weight,
                model.header.cg_iterations,
                held.len(),
                rho.map(|r| format!("{r:.3}")).unwrap_or_else(|| "-".into()),
            ));
            Ok(())
        })
    }
}
