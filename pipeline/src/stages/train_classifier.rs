//! `train_classifier`: a supervised fastText model on labelled Parquet (a
//! text column and a label column: `annotate`'s teacher scores, toxic/
//! non-toxic comments, sentences per language...). A deterministic share of
//! the rows (by hash of the text) is held out; the stage reports accuracy,
//! per-label precision/recall/F1 and the confusion matrix on it, and for
//! numeric labels with `threshold:` the F1 of "label >= threshold" and the
//! Spearman correlation of the expected label with the true one.
//!
//! Writes `model.bin` (loadable by the `fasttext` CLI and Python
//! `fasttext.load_model`), `train.txt` / `heldout.txt` (the exact fastText
//! files, so the CLI can retrain or test the same split), `eval.json`, and
//! the per-label table. Training is single-threaded by default, so a rerun
//! gives the same model byte for byte.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_filters::classifier::{self, Classifier, Loss, TrainConfig};
use curate_schemas as schemas;
use datafusion::arrow::array::{
    Array, Float64Array, ListBuilder, StringArray, UInt64Array, UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use super::scoring::MODEL_BIN;
use super::{ident, one_unit, run_sql_on_shard};
use crate::functions::Functions;
use crate::stage::{params, perr, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct TrainClassifier;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    label_column: String,
    #[serde(default = "super::default_text_column")]
    text_column: String,
    /// Share of rows held out for evaluation.
    #[serde(default = "d_holdout")]
    holdout: f64,
    #[serde(default)]
    seed: u64,
    /// Numeric labels: report F1 of `label >= threshold` (3 for FineWeb-Edu).
    #[serde(default)]
    threshold: Option<f64>,
    #[serde(default = "d_epoch")]
    epoch: i32,
    #[serde(default = "d_lr")]
    lr: f64,
    #[serde(default = "d_dim")]
    dim: i32,
    #[serde(default = "d_ngrams")]
    word_ngrams: i32,
    #[serde(default = "d_one")]
    min_count: i32,
    #[serde(default)]
    minn: i32,
    #[serde(default)]
    maxn: i32,
    #[serde(default = "d_bucket")]
    bucket: i32,
    /// softmax, hs or ova.
    #[serde(default = "d_loss")]
    loss: String,
    /// Training threads; more than 1 is faster but not reproducible.
    #[serde(default = "d_one")]
    threads: i32,
}

fn d_holdout() -> f64 {
    0.1
}
fn d_epoch() -> i32 {
    25
}
fn d_lr() -> f64 {
    0.5
}
fn d_dim() -> i32 {
    50
}
fn d_ngrams() -> i32 {
    2
}
fn d_one() -> i32 {
    1
}
fn d_bucket() -> i32 {
    200_000
}
fn d_loss() -> String {
    "softmax".into()
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 1;

impl StageKind for TrainClassifier {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "train_classifier"
    }
    fn summary(&self) -> &'static str {
        "train a fastText classifier on labelled text; held-out accuracy, F1 and confusion matrix"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if !(0.0..1.0).contains(&p.holdout) {
            return Err(perr("holdout", "must be in [0, 1)"));
        }
        let loss = match p.loss.as_str() {
            "softmax" => Loss::Softmax,
            "hs" => Loss::Hs,
            "ova" => Loss::Ova,
            _ => return Err(perr("loss", "must be softmax, hs or ova")),
        };
        for (k, v) in [
            ("epoch", p.epoch),
            ("dim", p.dim),
            ("word_ngrams", p.word_ngrams),
            ("min_count", p.min_count),
            ("threads", p.threads),
        ] {
            if v < 1 {
                return Err(perr(k, "must be at least 1"));
            }
        }
        if p.lr.is_nan() || p.lr <= 0.0 {
            return Err(perr("lr", "must be positive"));
        }
        let cfg = TrainConfig {
            epoch: p.epoch,
            lr: p.lr,
            dim: p.dim,
            word_ngrams: p.word_ngrams,
            min_count: p.min_count,
            minn: p.minn,
            maxn: p.maxn,
            bucket: p.bucket,
            loss,
            threads: p.threads,
        };
        Ok(Box::new(TrainClassifierStage { p, cfg }))
    }
}

struct TrainClassifierStage {
    p: Params,
    cfg: TrainConfig,
}

/// Held-out evaluation of a model.
#[derive(Debug, Default)]
pub struct Eval {
    pub labels: Vec<String>,
    /// confusion[true][predicted]
    pub confusion: Vec<Vec<u64>>,
    pub train_support: Vec<u64>,
    /// (true value, expected value) for numeric labels.
    pub numeric: Vec<(f64, f64)>,
}

impl Eval {
    pub fn total(&self) -> u64 {
        self.confusion.iter().flatten().sum()
    }
    pub fn accuracy(&self) -> f64 {
        let ok: u64 = (0..self.labels.len()).map(|i| self.confusion[i][i]).sum();
        ok as f64 / self.total().max(1) as f64
    }
    /// (precision, recall, F1) of label `i`.
    pub fn prf(&self, i: usize) -> (f64, f64, f64) {
        let tp = self.confusion[i][i] as f64;
        let pred: u64 = self.confusion.iter().map(|r| r[i]).sum();
        let truth: u64 = self.confusion[i].iter().sum();
        let p = if pred == 0 { 0.0 } else { tp / pred as f64 };
        let r = if truth == 0 { 0.0 } else { tp / truth as f64 };
        (p, r, f1(p, r))
    }
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<usize> = (0..self.labels.len())
            .filter(|&i| self.confusion[i].iter().sum::<u64>() > 0)
            .collect();
        present.iter().map(|&i| self.prf(i).2).sum::<f64>() / present.len().max(1) as f64
    }
    /// F1 of "value >= t", predicting with the rounded expected value.
    pub fn f1_at(&self, t: f64) -> Option<(f64, f64, f64)> {
        if self.numeric.is_empty() {
            return None;
        }
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for &(y, e) in &self.numeric {
            match (y >= t, e.round() >= t) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
        let p = if tp + fp == 0.0 { 0.0 } else { tp / (tp + fp) };
        let r = if tp + fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        };
        Some((p, r, f1(p, r)))
    }
    pub fn spearman(&self) -> Option<f64> {
        if self.numeric.len() < 3 {
            return None;
        }
        let a: Vec<f64> = self.numeric.iter().map(|x| x.0).collect();
        let b: Vec<f64> = self.numeric.iter().map(|x| x.1).collect();
        spearman(&a, &b)
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Ranks with ties averaged (1-based).
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
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[idx[k]] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson on tie-averaged ranks).
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for i in 0..a.len() {
        let (x, y) = (ra[i] - ma, rb[i] - mb);
        sab += x * y;
        saa += x * x;
        sbb += y * y;
    }
    if saa == 0.0 || sbb == 0.0 {
        return None;
    }
    Some(sab / (saa * sbb).sqrt())
}

/// Evaluate `model` on (label, text) rows; a row the model cannot score is
/// an error naming its index among the held-out rows.
pub fn evaluate(
    model: &Classifier,
    rows: &[(String, String)],
    train_support: &BTreeMap<String, u64>,
) -> Result<Eval> {
    let mut labels: Vec<String> = model.labels().to_vec();
    for (l, _) in rows {
        if !labels.contains(l) {
            labels.push(l.clone());
        }
    }
    // Numeric labels sort by value, others by name: a readable matrix.
    let num = |l: &str| l.parse::<f64>().ok();
    if labels.iter().all(|l| num(l).is_some()) {
        labels.sort_by(|a, b| num(a).unwrap_or(0.0).total_cmp(&num(b).unwrap_or(0.0)));
    } else {
        labels.sort();
    }
    let numeric = model.numeric() && rows.iter().all(|(l, _)| l.parse::<f64>().is_ok());
    let pos = |l: &str| {
        labels
            .iter()
            .position(|x| x == l)
            .with_context(|| format!("label `{l}` is not among the model's labels"))
    };
    let mut e = Eval {
        confusion: vec![vec![0; labels.len()]; labels.len()],
        train_support: labels
            .iter()
            .map(|l| train_support.get(l).copied().unwrap_or(0))
            .collect(),
        ..Default::default()
    };
    for (i, (l, t)) in rows.iter().enumerate() {
        let at = || format!("held-out row {i} (label `{l}`)");
        let (pred, _) = model.top(t).map_err(anyhow::Error::msg).with_context(at)?;
        e.confusion[pos(l)?][pos(&pred).with_context(at)?] += 1;
        if numeric {
            let ev = model
                .expected(t)
                .map_err(anyhow::Error::msg)
                .with_context(at)?
                .with_context(|| format!("{}: labels are not numbers", at()))?;
            let truth = num(l).with_context(|| format!("{}: not a number", at()))?;
            e.numeric.push((truth, ev as f64));
        }
    }
    e.labels = labels;
    Ok(e)
}

impl TrainClassifierStage {
    fn sql(&self) -> String {
        format!(
            "SELECT {}, CAST({} AS VARCHAR) FROM input WHERE {} IS NOT NULL",
            ident(&self.p.text_column),
            ident(&self.p.label_column),
            ident(&self.p.label_column)
        )
    }

    fn held_out(&self, text: &str) -> bool {
        curate_filters::regressor::held_out(text, self.p.seed, self.p.holdout)
    }
}

impl Stage for TrainClassifierStage {
    fn phases(&self) -> Vec<crate::stage::Phase> {
        vec![crate::stage::Phase::single(
            "train",
            "fastText training reads every labelled row",
        )]
    }

    fn output_schema(&self, inputs: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        for s in inputs {
            super::require_string_column(s, &self.p.text_column)?;
            if s.field_with_name(&self.p.label_column).is_err() {
                bail!(
                    "input has no label column `{}` (columns: {})",
                    self.p.label_column,
                    s.fields()
                        .iter()
                        .map(|f| f.name().as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        Ok(schemas::classifier_eval())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        Ok(format!(
            "{} over every input shard -> hold out {:.0}% by hash of the text (seed {}) -> fasttext supervised {} -> {MODEL_BIN}, held-out metrics",
            self.sql(),
            100.0 * self.p.holdout,
            self.p.seed,
            self.cfg.cli_args().join(" ")
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let shards = cx.input_shards();
        let unit = one_unit(cx, format!("{} shards", shards.len()));
        cx.run_units(vec![unit], |_, out| {
            let t0 = std::time::Instant::now();
            let train_path = out.artifact_path("train.txt")?;
            let test_path = out.artifact_path("heldout.txt")?;
            let mut train = std::io::BufWriter::new(std::fs::File::create(&train_path)?);
            let mut test = std::io::BufWriter::new(std::fs::File::create(&test_path)?);
            let mut held: Vec<(String, String)> = vec![];
            let mut support: BTreeMap<String, u64> = BTreeMap::new();
            let mut n_train = 0u64;
            let sql = self.sql();
            for s in &shards {
                run_sql_on_shard(cx, s, &sql, |b| {
                    let t = cast(b.column(0), &DataType::Utf8)?;
                    let t = t.as_any().downcast_ref::<StringArray>().context("text column")?;
                    let l = cast(b.column(1), &DataType::Utf8)?;
                    let l = l.as_any().downcast_ref::<StringArray>().context("label column")?;
                    out.counts.rows_in += b.num_rows() as u64;
                    for i in 0..b.num_rows() {
                        if t.is_null(i) || l.value(i).trim().is_empty() {
                            out.counts.drop("empty text or label", 1);
                            continue;
                        }
                        let (text, label) = (t.value(i), l.value(i).trim());
                        let line = classifier::train_line(label, text);
                        let label = line[classifier::LABEL_PREFIX.len()..]
                            .split(' ')
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        if self.held_out(text) {
                            test.write_all(line.as_bytes())?;
                            held.push((label, text.to_string()));
                        } else {
                            train.write_all(line.as_bytes())?;
                            *support.entry(label).or_default() += 1;
                            n_train += 1;
                        }
                    }
                    Ok(())
                })?;
            }
            train.flush()?;
            test.flush()?;
            drop((train, test));
            if support.len() < 2 {
                bail!(
                    "needs at least two labels in the training split, found {} ({} rows)",
                    support.len(),
                    n_train
                );
            }
            let model_path = out.artifact_path(MODEL_BIN)?;
            let tmp = model_path.with_extension("bin.tmp");
            let model = classifier::train(&train_path, &tmp, &self.cfg).map_err(|e| anyhow::anyhow!(e))?;
            std::fs::rename(&tmp, &model_path)?;
            out.artifact(MODEL_BIN, 0)?;
            out.artifact("train.txt", n_train)?;
            out.artifact("heldout.txt", held.len() as u64)?;
            let train_s = t0.elapsed().as_secs_f64();
            let e = evaluate(&model, &held, &support)?;
            // The table: one row per label.
            let mut pred = ListBuilder::new(UInt64Builder::new()).with_field(Arc::new(
                datafusion::arrow::datatypes::Field::new("item", DataType::UInt64, true),
            ));
            for row in &e.confusion {
                for v in row {
                    pred.values().append_value(*v);
                }
                pred.append(true);
            }
            let prf: Vec<(f64, f64, f64)> = (0..e.labels.len()).map(|i| e.prf(i)).collect();
            let batch = RecordBatch::try_new(
                schemas::classifier_eval(),
                vec![
                    Arc::new(StringArray::from_iter_values(&e.labels)),
                    Arc::new(UInt64Array::from(e.train_support.clone())),
                    Arc::new(UInt64Array::from_iter_values(e.confusion.iter().map(|r| r.iter().sum()))),
                    Arc::new(Float64Array::from_iter_values(prf.iter().map(|x| x.0))),
                    Arc::new(Float64Array::from_iter_values(prf.iter().map(|x| x.1))),
                    Arc::new(Float64Array::from_iter_values(prf.iter().map(|x| x.2))),
                    Arc::new(pred.finish()),
                ],
            )?;
            out.write(&batch)?;
            let f1t = self.p.threshold.and_then(|t| e.f1_at(t));
            let rho = e.spearman();
            let json = serde_json::json!({
                "train_rows": n_train,
                "heldout_rows": e.total(),
                "labels": e.labels,
                "accuracy": e.accuracy(),
                "macro_f1": e.macro_f1(),
                "confusion_true_by_predicted": e.confusion,
                "threshold": self.p.threshold,
                "f1_at_threshold": f1t.map(|x| x.2),
                "precision_at_threshold": f1t.map(|x| x.0),
                "recall_at_threshold": f1t.map(|x| x.1),
                "spearman": rho,
                "fasttext_args": self.cfg.cli_args(),
            });
            let ej = out.artifact_path("eval.json")?;
            std::fs::write(ej.with_extension("json.tmp"), serde_json::to_string_pretty(&json)?)?;
            std::fs::rename(ej.with_extension("json.tmp"), &ej)?;
            out.artifact("eval.json", e.total())?;
            out.note(format!(
                "train_classifier: {} labels, {n_train} training rows, trained in {train_s:.1}s; held out {}: accuracy {:.3}, macro-F1 {:.3}{}{}",
                e.labels.len(),
                e.total(),
                e.accuracy(),
                e.macro_f1(),
                match (self.p.threshold, f1t) {
                    (Some(t), Some((p, r, f))) => format!(", F1 at >= {t} {f:.3} (P {p:.3}, R {r:.3})"),
                    _ => String::new(),
                },
                rho.map(|r| format!(", Spearman {r:.3}")).unwrap_or_default()
            ));
            if e.labels.len() <= 12 {
                out.note(format!(
                    "train_classifier: confusion (rows true, columns predicted: {}):",
                    e.labels.join(" ")
                ));
                for (l, row) in e.labels.iter().zip(&e.confusion) {
                    out.note(format!(
                        "  {l:>8} | {}",
                        row.iter().map(|v| format!("{v:>5}")).collect::<Vec<_>>().join(" ")
                    ));
                }
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_handles_ties_and_order() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((spearman(&a, &[10.0, 20.0, 30.0, 40.0, 50.0]).unwrap() - 1.0).abs() < 1e-12);
        assert!((spearman(&a, &[5.0, 4.0, 3.0, 2.0, 1.0]).unwrap() + 1.0).abs() < 1e-12);
        // scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138
        let r = spearman(&[1.0, 2.0, 2.0, 3.0], &[1.0, 3.0, 2.0, 4.0]).unwrap();
        assert!((r - 0.948_683_298_050_513_8).abs() < 1e-12, "{r}");
        assert!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_none());
    }

    #[test]
    fn prf_from_confusion() {
        let e = Eval {
            labels: vec!["a".into(), "b".into()],
            confusion: vec![vec![8, 2], vec![1, 9]],
            ..Default::default()
        };
        assert!((e.accuracy() - 0.85).abs() < 1e-12);
        let (p, r, f) = e.prf(0);
        assert!((p - 8.0 / 9.0).abs() < 1e-12 && (r - 0.8).abs() < 1e-12);
        assert!((f - 2.0 * p * r / (p + r)).abs() < 1e-12);
    }
}
