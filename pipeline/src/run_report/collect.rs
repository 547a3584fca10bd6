//! Reading an output directory into a [`Report`]: stages and their problems
//! from `run_facts.json`, `run.json`, the workflow file and the manifests;
//! statistics with DataFusion over the stages' Parquet tables.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{Array, AsArray, Float64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::execution::config::SessionConfig;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use datafusion::sql::sqlparser::ast::{BinaryOperator, Expr, UnaryOperator, Value};
use futures::StreamExt;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReaderBuilder, RowSelection};
use parquet::arrow::ProjectionMask;

use super::*;
use crate::exec::{RunRecord, RUN_RECORD};
use crate::shards::{self, Manifest};
use crate::stages::{ident, literal};
use crate::storage::Loc;

/// Example rows kept per reason, and reasons per table.
const EXAMPLES_PER_REASON: usize = 3;
const MAX_REASONS: usize = 24;
const EXCERPT_CHARS: usize = 240;
/// Strings with at most this many distinct values get a bar chart.
const MAX_CATEGORIES: u64 = 200;
const TOP_VALUES: usize = 15;
/// Bins of the histogram that percentiles are read from.
const FINE_BINS: usize = 4096;
const DISPLAY_BINS: usize = 30;
/// Numeric columns that number things rather than score them.
const NOT_SCORES: [&str; 5] = [
    col::SOURCE_RECORD,
    col::PROMPT_INDEX,
    col::ATTEMPT,
    col::DOC_ORD,
    col::CLUSTER_ID,
];

/// A stage as far as the run's records know it, before its output is read.
#[derive(Default)]
struct Decl {
    name: String,
    kind: String,
    inputs: Option<Vec<String>>,
    params: serde_json::Value,
    dirs: Vec<PathBuf>,
    status: Option<String>,
    run_manifest: Option<Manifest>,
}

fn read_json<T: serde::de::DeserializeOwned>(p: &Path) -> Result<Option<T>> {
    if !p.exists() {
        return Ok(None);
    }
    let b = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
    let v = serde_json::from_slice(&b).with_context(|| format!("parsing {}", p.display()))?;
    Ok(Some(v))
}

/// `(inputs, params)` per stage from the workflow file (for outputs written
/// before `run_facts.json` existed).
/// A stage as the workflow file declares it: name, kind, inputs, parameters.
type DeclaredStage = (String, String, Vec<String>, serde_json::Value);

fn workflow_decls(path: &Path) -> Option<Vec<DeclaredStage>> {
    let text = std::fs::read_to_string(path).ok()?;
    let root = crate::yaml::parse(&text).ok()?;
    let (_, stages) = root.get("stages")?;
    let mut out = vec![];
    for (k, v) in stages.as_map()? {
        let json = v.to_json();
        let kind = json
            .get("uses")
            .and_then(|u| u.as_str())
            .unwrap_or("")
            .to_string();
        let inputs = match json.get("inputs") {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => vec![],
        };
        let mut params = json.as_object().cloned().unwrap_or_default();
        for c in ["uses", "inputs", "on_error", "shard_size", "zstd_level"] {
            params.remove(c);
        }
        out.push((
            k.as_str()?.to_string(),
            kind,
            inputs,
            serde_json::Value::Object(params),
        ));
    }
    Some(out)
}

fn is_stage_dir(d: &Path) -> bool {
    d.join(shards::MANIFEST).exists() || d.join("_units").is_dir()
}

/// Read `dir` (a run output, or one stage directory) into a report.
pub fn collect(dir: &Path, threads: usize) -> Result<Report> {
    let started = Instant::now();
    if crate::storage::is_url(&dir.to_string_lossy()) {
        bail!(
            "{}: the report reads a local output directory; copy the output from object storage first",
            dir.display()
        );
    }
    if !dir.is_dir() {
        bail!("{}: not a directory", dir.display());
    }
    let mut rep = Report {
        output: dir.display().to_string(),
        report_version: env!("CARGO_PKG_VERSION").to_string(),
        ..Default::default()
    };
    let facts: Option<RunFacts> = read_json(&dir.join(RUN_FACTS)).unwrap_or_else(|e| {
        rep.problems.push(format!("{e:#}"));
        None
    });
    let record: Option<RunRecord> = read_json(&dir.join(RUN_RECORD)).unwrap_or_else(|e| {
        rep.problems.push(format!("{e:#}"));
        None
    });
    let mut decls: Vec<Decl> = vec![];
    let index = |decls: &Vec<Decl>, name: &str| decls.iter().position(|d| d.name == name);
    if let Some(f) = &facts {
        for s in &f.stages {
            decls.push(Decl {
                name: s.name.clone(),
                kind: s.kind.clone(),
                inputs: Some(s.inputs.clone()),
                params: s.params.clone(),
                dirs: vec![dir.join(&s.name), PathBuf::from(&s.dir)],
                ..Default::default()
            });
        }
        rep.run = RunInfo {
            name: Some(f.name.clone()).filter(|n| !n.is_empty()),
            workflow: Some(f.workflow.clone()),
            workflow_xxh3: Some(f.workflow_xxh3.clone()).filter(|h| !h.is_empty()),
            workflow_hash_from: Some("run".into()),
            curate_version: Some(f.curate_version.clone()),
            started_unix: Some(f.started_unix),
            wall_seconds: Some(f.wall_seconds),
            peak_rss_bytes: f.peak_rss_bytes,
            threads: Some(f.threads),
            error: f.error.clone(),
        };
    }
    if let Some(r) = &record {
        for s in &r.stages {
            let i = match index(&decls, &s.name) {
                Some(i) => i,
                None => {
                    decls.push(Decl {
                        name: s.name.clone(),
                        kind: s.kind.clone(),
                        dirs: vec![dir.join(&s.name)],
                        ..Default::default()
                    });
                    decls.len() - 1
                }
            };
            let d = &mut decls[i];
            d.status = Some(s.status.clone());
            d.dirs.push(s.dir.clone());
            d.run_manifest = Some(s.manifest.clone());
        }
        if rep.run.workflow.is_none() {
            rep.run.workflow = Some(r.workflow.clone());
            rep.run.wall_seconds = Some(r.wall_seconds);
        }
    }
    // Without run_facts.json: inputs and parameters from the workflow file.
    if facts.is_none() {
        if let Some(wf) = rep.run.workflow.clone() {
            let p = PathBuf::from(&wf);
            if let Ok(b) = std::fs::read(&p) {
                rep.run.workflow_xxh3 = Some(format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&b)));
                rep.run.workflow_hash_from = Some("now".into());
            }
            for (name, kind, inputs, params) in workflow_decls(&p).unwrap_or_default() {
                if let Some(i) = index(&decls, &name) {
                    let d = &mut decls[i];
                    d.inputs = Some(inputs);
                    d.params = params;
                    if d.kind.is_empty() {
                        d.kind = kind;
                    }
                }
            }
        }
    }
    // Stage directories no record names (or a single stage directory).
    let single = decls.is_empty() && dir.join(shards::MANIFEST).exists();
    if single {
        decls.push(Decl {
            dirs: vec![dir.to_path_buf()],
            ..Default::default()
        });
    } else {
        let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() && is_stage_dir(p))
            .collect();
        subdirs.sort();
        for d in subdirs {
            let Some(name) = d.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            if index(&decls, &name).is_none()
                && !decls.iter().any(|x| x.dirs.iter().any(|y| y == &d))
            {
                decls.push(Decl {
                    name,
                    dirs: vec![d],
                    ..Default::default()
                });
            }
        }
    }
    if decls.is_empty() {
        bail!(
            "{}: no run.json, run_facts.json or stage directory here: not a curate output",
            dir.display()
        );
    }

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()?;
    let mut cfg = SessionConfig::new()
        .with_target_partitions(threads.max(1))
        .with_batch_size(8192);
    cfg.options_mut().execution.parquet.schema_force_view_types = false;
    let ctx = SessionContext::new_with_config(cfg);

    let mut manifests: HashMap<String, Manifest> = HashMap::new();
    let mut seen_columns: HashSet<String> = HashSet::new();
    let mut columns_of: HashMap<String, Vec<String>> = HashMap::new();
    for d in decls {
        let inputs_known = d.inputs.is_some();
        let mut st = load_stage(
            d,
            dir,
            facts.as_ref().and_then(|f| f.error.as_deref()),
            &mut manifests,
        );
        let names: Vec<String> = st
            .columns
            .iter()
            .map(|c| column_name(c).to_string())
            .collect();
        // Without a record of the inputs, columns an earlier stage had are not new.
        let upstream: HashSet<String> = if !inputs_known && st.kind != "ingest" && !single {
            seen_columns.clone()
        } else {
            st.inputs
                .iter()
                .filter_map(|i| columns_of.get(i))
                .flatten()
                .cloned()
                .collect()
        };
        if let Some(m) = manifests.get(&st.name).cloned() {
            let stage_dir = PathBuf::from(&st.dir);
            if let Err(e) = rt.block_on(analyse(&ctx, dir, &stage_dir, &m, &upstream, &mut st)) {
                st.status = "corrupt".into();
                st.problem = Some(format!("{e:#}"));
            }
        }
        seen_columns.extend(names.iter().cloned());
        columns_of.insert(st.name.clone(), names);
        rep.stages.push(st);
    }
    rep.funnel = funnel(&rep.stages);
    rep.report_seconds = started.elapsed().as_secs_f64();
    Ok(rep)
}

fn column_name(c: &str) -> &str {
    c.split_once(": ").map(|x| x.0).unwrap_or(c)
}

fn to_counts(m: &Manifest) -> Counts {
    Counts {
        rows_in: m.counts.rows_in,
        rows_out: m.counts.rows_out,
        dropped: m.counts.drops.values().sum(),
        bytes_in: m.counts.bytes_in,
        bytes_out: m.counts.bytes_out,
        drops: m.counts.drops.clone(),
    }
}

/// Find the stage's directory and check its manifest and files.
fn load_stage(
    d: Decl,
    out: &Path,
    run_error: Option<&str>,
    manifests: &mut HashMap<String, Manifest>,
) -> StageFacts {
    let dir = d
        .dirs
        .iter()
        .find(|p| is_stage_dir(p))
        .or_else(|| d.dirs.iter().find(|p| p.is_dir()))
        .or(d.dirs.first())
        .cloned()
        .unwrap_or_else(|| out.join(&d.name));
    let mut st = StageFacts {
        name: d.name.clone(),
        kind: d.kind.clone(),
        status: d.status.clone().unwrap_or_else(|| "committed".into()),
        dir: dir.display().to_string(),
        inputs: d.inputs.clone().unwrap_or_default(),
        params: d.params.clone(),
        ..Default::default()
    };
    let from_run = |st: &mut StageFacts| {
        if let Some(m) = &d.run_manifest {
            st.counts = Some(to_counts(m));
            st.counts_from = Some("run.json".into());
            st.wall_seconds = Some(m.wall_seconds);
            st.notes = m.notes.clone();
            st.columns = m.columns.clone();
        }
    };
    if !dir.is_dir() {
        st.status = "missing".into();
        st.problem = Some(match (d.status.is_none(), run_error) {
            (true, Some(e)) => format!("not run: the run stopped before this stage ({e})"),
            _ => format!("stage directory {} does not exist", dir.display()),
        });
        from_run(&mut st);
        return st;
    }
    let m = match shards::read_manifest(&Loc::local(&dir)) {
        Ok(Some(m)) => m,
        Ok(None) => {
            let units = std::fs::read_dir(dir.join("_units"))
                .map(|r| r.filter(|e| e.is_ok()).count())
                .unwrap_or(0);
            st.status = "incomplete".into();
            st.problem = Some(format!(
                "no manifest.json in {}: the stage did not finish ({units} unit(s) committed)",
                dir.display()
            ));
            from_run(&mut st);
            return st;
        }
        Err(e) => {
            st.status = "corrupt".into();
            st.problem = Some(format!("{e:#}"));
            from_run(&mut st);
            return st;
        }
    };
    if st.name.is_empty() {
        st.name = m.stage.clone();
    }
    if st.kind.is_empty() {
        st.kind = m.kind.clone();
    }
    st.counts = Some(to_counts(&m));
    st.counts_from = Some("manifest.json".into());
    st.wall_seconds = Some(m.wall_seconds);
    st.units = Some(m.units);
    st.shards = Some(m.shards.len());
    st.columns = m.columns.clone();
    st.notes = m.notes.clone();
    for s in m
        .shards
        .iter()
        .chain(&m.rejected)
        .chain(&m.quarantine)
        .chain(&m.artifacts)
    {
        let p = dir.join(&s.path);
        let problem = match std::fs::metadata(&p) {
            Err(_) => Some(format!("{} is missing", p.display())),
            Ok(md) if md.len() != s.bytes => Some(format!(
                "{} has {} bytes, the manifest says {}",
                p.display(),
                md.len(),
                s.bytes
            )),
            Ok(_) => None,
        };
        if let Some(p) = problem {
            st.status = "corrupt".into();
            st.problem = Some(p);
            return st;
        }
    }
    manifests.insert(st.name.clone(), m);
    st
}

fn paths(dir: &Path, files: &[shards::ShardInfo]) -> Vec<String> {
    files
        .iter()
        .map(|s| dir.join(&s.path).to_string_lossy().into_owned())
        .collect()
}

/// Register `files` (one table's shards) as `name`; false when there are none.
async fn register(ctx: &SessionContext, name: &str, files: Vec<String>) -> Result<bool> {
    ctx.deregister_table(name)?;
    if files.is_empty() {
        return Ok(false);
    }
    let first = files[0].clone();
    let df = ctx
        .read_parquet(files, ParquetReadOptions::default())
        .await
        .with_context(|| format!("reading {first} and the other shards"))?;
    ctx.register_table(name, df.into_view())?;
    Ok(true)
}

async fn sql(ctx: &SessionContext, q: &str) -> Result<Vec<RecordBatch>> {
    ctx.sql(q)
        .await
        .with_context(|| format!("planning {q}"))?
        .collect()
        .await
        .with_context(|| format!("running {q}"))
}

/// Everything computed from a usable stage's tables.
async fn analyse(
    ctx: &SessionContext,
    out: &Path,
    dir: &Path,
    m: &Manifest,
    upstream: &HashSet<String>,
    st: &mut StageFacts,
) -> Result<()> {
    if st.kind == "filter" {
        if let Some(w) = st.params.get("where").and_then(|w| w.as_str()) {
            st.thresholds = thresholds(&st.name, w);
        }
    }
    if st.kind == "generate" {
        // The validation checks the workflow sets, on the columns they test.
        let checks = st.params.get("checks").cloned().unwrap_or_default();
        for (key, column, op) in [
            ("min_words", col::WORDS, ">="),
            ("max_words", col::WORDS, "<="),
            ("max_oov_share", col::OOV_SHARE, "<="),
            ("min_english_share", col::ENGLISH_SHARE, ">="),
        ] {
            if let Some(v) = checks.get(key).and_then(|v| v.as_f64()) {
                st.thresholds.push(Threshold {
                    stage: st.name.clone(),
                    column: column.into(),
                    op: op.into(),
                    value: v.into(),
                    term: format!("checks.{key}: {column} {op} {v}"),
                });
            }
        }
    }
    let has_main = register(ctx, "t", paths(dir, &m.shards)).await?;
    let text_col = st
        .params
        .get("text_column")
        .and_then(|t| t.as_str())
        .unwrap_or(col::TEXT)
        .to_string();
    st.examples = examples(
        out,
        dir,
        &m.rejected,
        "rejected",
        col::REJECTED_REASON,
        &text_col,
    )?;
    st.examples.extend(examples(
        out,
        dir,
        &m.quarantine,
        "quarantine",
        col::REASON,
        col::EXCERPT,
    )?);
    let schema: Option<SchemaRef> = if has_main {
        Some(Arc::new(ctx.table("t").await?.schema().as_arrow().clone()))
    } else {
        None
    };
    match st.kind.as_str() {
        "train_model" => {
            if let Some(s) = &schema {
                st.training = Some(training(ctx, s, &st.notes).await?);
            }
            return Ok(());
        }
        "tokenize" => {
            if has_main {
                let q = format!(
                    "SELECT {}, sum({}) FROM t GROUP BY 1 ORDER BY 1",
                    ident(col::SPLIT),
                    ident(col::TOKENS)
                );
                for (k, v) in pairs(&sql(ctx, &q).await?)? {
                    st.tokens.insert(k, v);
                }
            }
            return Ok(());
        }
        "train_classifier" => {
            if let Some(a) = m.artifacts.iter().find(|a| a.path.ends_with("eval.json")) {
                st.classifier = read_json(&dir.join(&a.path))?;
            }
            return Ok(());
        }
        "evaluate" => {
            if has_main {
                st.evaluation = eval_metrics(ctx).await?;
            }
            return Ok(());
        }
        "train_tokenizer" => return Ok(()),
        _ => {}
    }
    if st.kind == "generate" || st.kind == "annotate" {
        // Kept and rejected answers: every answer may have been rejected.
        let has_rej = register(ctx, "r", paths(dir, &m.rejected)).await?;
        let answers = match (&schema, has_rej) {
            (Some(s), _) => Some((s.clone(), has_main)),
            (None, true) => Some((
                Arc::new(ctx.table("r").await?.schema().as_arrow().clone()),
                false,
            )),
            (None, false) => None,
        };
        if let Some((s, main)) = answers {
            st.teacher = Some(teacher(ctx, &s, main, has_rej, m, &st.notes).await?);
        }
    }
    let Some(schema) = schema else {
        return Ok(());
    };
    // Score columns: what this stage added to its inputs.
    let docs = schema.column_with_name(col::DOC_ID).is_some();
    if docs {
        let docs_schema = schemas::documents();
        let base: HashSet<&str> = docs_schema
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        let new: Vec<_> = schema
            .fields()
            .iter()
            .filter(|f| !upstream.contains(f.name()) && !base.contains(f.name().as_str()))
            .filter(|f| !NOT_SCORES.contains(&f.name().as_str()))
            .cloned()
            .collect();
        st.distributions = distributions(ctx, &new, m.counts.rows_out).await?;
    }
    if st.kind == "dedup_minhash" {
        let mut files: Vec<String> = std::fs::read_dir(dir.join("duplicates"))
            .map(|r| {
                r.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        if register(ctx, "dups", files).await? {
            let q = format!(
                "SELECT size, count(*) FROM (SELECT count(*) + 1 AS size FROM dups GROUP BY {}) GROUP BY size ORDER BY size",
                ident(col::CLUSTER_ID)
            );
            st.clusters = Some(cluster_histogram(&sql(ctx, &q).await?)?);
        } else {
            st.clusters = Some(Histogram::default());
        }
    }
    Ok(())
}

/// (string, count) rows of a two-column result.
fn pairs(batches: &[RecordBatch]) -> Result<Vec<(String, u64)>> {
    let mut out = vec![];
    for b in batches {
        let k = cast(b.column(0), &DataType::Utf8)?;
        let k = k.as_string::<i32>();
        let v = cast(b.column(1), &DataType::Float64)?;
        let v = v.as_primitive::<Float64Type>();
        for i in 0..b.num_rows() {
            if !k.is_null(i) {
                out.push((k.value(i).to_string(), v.value(i) as u64));
            }
        }
    }
    Ok(out)
}

/// The rows of an `evaluate` stage's metrics table (registered as `t`), in
/// the order the stage wrote them.
async fn eval_metrics(ctx: &SessionContext) -> Result<Vec<EvalMetric>> {
    let q = format!(
        "SELECT {}, {}, {}, {}, {} FROM t",
        ident(col::SCORE),
        ident(col::METRIC),
        ident(col::VALUE),
        ident(col::CI_LOW),
        ident(col::CI_HIGH)
    );
    let mut out = vec![];
    for b in sql(ctx, &q).await? {
        let text = |i: usize| -> Result<StringArray> {
            Ok(cast(b.column(i), &DataType::Utf8)?
                .as_string::<i32>()
                .clone())
        };
        let number = |i: usize| -> Result<Float64Array> {
            Ok(cast(b.column(i), &DataType::Float64)?
                .as_primitive::<Float64Type>()
                .clone())
        };
        let (score, metric) = (text(0)?, text(1)?);
        let (value, lo, hi) = (number(2)?, number(3)?, number(4)?);
        let get = |a: &Float64Array, i: usize| (!a.is_null(i)).then(|| a.value(i));
        for i in 0..b.num_rows() {
            out.push(EvalMetric {
                score: score.value(i).to_string(),
                metric: metric.value(i).to_string(),
                value: get(&value, i),
                ci_low: get(&lo, i),
                ci_high: get(&hi, i),
            });
        }
    }
    Ok(out)
}

/// Row 0 of a one-row result, every column as f64 (NaN for NULL).
fn row0(batches: &[RecordBatch]) -> Result<Vec<f64>> {
    let b = batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .ok_or_else(|| anyhow!("empty aggregate result"))?;
    (0..b.num_columns())
        .map(|i| {
            let a = cast(b.column(i), &DataType::Float64)?;
            let a = a.as_primitive::<Float64Type>();
            Ok(if a.is_null(0) { f64::NAN } else { a.value(0) })
        })
        .collect()
}

fn cluster_histogram(batches: &[RecordBatch]) -> Result<Histogram> {
    let mut sizes: Vec<(u64, u64)> = vec![];
    for b in batches {
        let s = cast(b.column(0), &DataType::UInt64)?;
        let n = cast(b.column(1), &DataType::UInt64)?;
        let (s, n) = (
            s.as_primitive::<datafusion::arrow::datatypes::UInt64Type>(),
            n.as_primitive::<datafusion::arrow::datatypes::UInt64Type>(),
        );
        for i in 0..b.num_rows() {
            sizes.push((s.value(i), n.value(i)));
        }
    }
    let max = sizes.iter().map(|x| x.0).max().unwrap_or(2).max(2);
    let hi = max.min(41);
    let mut h = Histogram {
        edges: (2..=hi + 1).map(|v| v as f64).collect(),
        counts: vec![0; (hi - 1) as usize],
        overflow: 0,
        integer: true,
    };
    for (s, n) in sizes {
        if s > hi {
            h.overflow += n;
        } else {
            h.counts[(s - 2) as usize] += n;
        }
    }
    Ok(h)
}

// ---------------------------------------------------------------- examples

fn excerpt(s: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for (n, c) in s
        .chars()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .enumerate()
    {
        if n >= EXCERPT_CHARS * 2 || out.chars().count() >= EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn rel_path(out: &Path, p: &Path) -> String {
    let (a, b) = (std::path::absolute(out), std::path::absolute(p));
    match (a, b) {
        (Ok(a), Ok(b)) => b
            .strip_prefix(&a)
            .map(|r| r.to_string_lossy().into_owned())
            .unwrap_or_else(|_| b.to_string_lossy().into_owned()),
        _ => p.to_string_lossy().into_owned(),
    }
}

fn utf8_column(b: &RecordBatch, name: &str) -> Option<StringArray> {
    let c = b.column_by_name(name)?;
    let c = cast(c, &DataType::Utf8).ok()?;
    Some(c.as_string::<i32>().clone())
}

/// Up to [`EXAMPLES_PER_REASON`] rows per reason from `files`, in file and row
/// order. Reads the reason column of every row, and the other columns of the
/// chosen rows only.
fn examples(
    out: &Path,
    dir: &Path,
    files: &[shards::ShardInfo],
    table: &str,
    reason_col: &str,
    text_col: &str,
) -> Result<Vec<Example>> {
    let mut per_reason: BTreeMap<String, usize> = BTreeMap::new();
    let mut found: Vec<Example> = vec![];
    for f in files {
        let path = dir.join(&f.path);
        let open = || File::open(&path).with_context(|| format!("opening {}", path.display()));
        let builder = ParquetRecordBatchReaderBuilder::try_new(open()?)
            .with_context(|| format!("reading {}", path.display()))?;
        let schema = builder.schema().clone();
        let Ok(ri) = schema.index_of(reason_col) else {
            bail!("{}: no column `{reason_col}`", path.display());
        };
        let mask = ProjectionMask::roots(builder.parquet_schema(), [ri]);
        let reader = builder
            .with_projection(mask)
            .with_batch_size(8192)
            .build()?;
        let mut wanted: Vec<(usize, String)> = vec![];
        let mut row = 0usize;
        for b in reader {
            let b = b.with_context(|| format!("reading {}", path.display()))?;
            let r = cast(b.column(0), &DataType::Utf8)?;
            let r = r.as_string::<i32>();
            for i in 0..b.num_rows() {
                let reason = if r.is_null(i) { "" } else { r.value(i) };
                let n = per_reason.get(reason).copied();
                let take = match n {
                    Some(n) => n < EXAMPLES_PER_REASON,
                    None => per_reason.len() < MAX_REASONS,
                };
                if take {
                    *per_reason.entry(reason.to_string()).or_default() += 1;
                    wanted.push((row + i, reason.to_string()));
                }
            }
            row += b.num_rows();
        }
        if wanted.is_empty() {
            continue;
        }
        let builder = ParquetRecordBatchReaderBuilder::try_new(open()?)?;
        let cols: Vec<usize> = [
            text_col,
            col::DOC_ID,
            col::SOURCE,
            col::SOURCE_RECORD,
            col::FILE,
            col::LINE,
        ]
        .iter()
        .filter_map(|c| schema.index_of(c).ok())
        .collect();
        let mask = ProjectionMask::roots(builder.parquet_schema(), cols);
        let ranges: Vec<std::ops::Range<usize>> = wanted.iter().map(|(r, _)| *r..*r + 1).collect();
        let sel = RowSelection::from_consecutive_ranges(ranges.into_iter(), row);
        let reader = builder
            .with_projection(mask)
            .with_row_selection(sel)
            .build()?;
        let mut k = 0;
        for b in reader {
            let b = b.with_context(|| format!("reading {}", path.display()))?;
            let text = utf8_column(&b, text_col);
            let ids = utf8_column(&b, col::DOC_ID);
            let src = utf8_column(&b, col::SOURCE).or_else(|| utf8_column(&b, col::FILE));
            let rec = b
                .column_by_name(col::SOURCE_RECORD)
                .or_else(|| b.column_by_name(col::LINE))
                .and_then(|c| cast(c, &DataType::UInt64).ok());
            for i in 0..b.num_rows() {
                let (r, reason) = &wanted[k];
                k += 1;
                let s = |a: &Option<StringArray>| {
                    a.as_ref()
                        .filter(|a| !a.is_null(i))
                        .map(|a| a.value(i).to_string())
                };
                found.push(Example {
                    table: table.into(),
                    reason: reason.clone(),
                    file: rel_path(out, &path),
                    row: *r as u64,
                    doc_id: s(&ids),
                    source: s(&src),
                    source_record: rec.as_ref().and_then(|a| {
                        let a = a.as_primitive::<datafusion::arrow::datatypes::UInt64Type>();
                        (!a.is_null(i)).then(|| a.value(i))
                    }),
                    excerpt: s(&text).map(|t| excerpt(&t)).unwrap_or_default(),
                });
            }
        }
    }
    // Group by reason, in order of first appearance.
    let mut order: Vec<String> = vec![];
    for e in &found {
        if !order.contains(&e.reason) {
            order.push(e.reason.clone());
        }
    }
    found.sort_by_key(|e| order.iter().position(|r| r == &e.reason));
    Ok(found)
}

// ----------------------------------------------------------- distributions

enum Spec {
    /// Numeric column (or struct field): label, SQL expression, integer type.
    Num(String, String, bool, String),
    Bool(String, String),
    Str(String, String),
}

fn is_int(t: &DataType) -> bool {
    t.is_integer()
}

fn specs(fields: &[Arc<datafusion::arrow::datatypes::Field>]) -> Vec<Spec> {
    let mut out = vec![];
    for f in fields {
        let (name, t) = (f.name(), f.data_type());
        let e = ident(name);
        match t {
            t if t.is_numeric() => out.push(Spec::Num(
                name.clone(),
                format!("CAST({e} AS DOUBLE)"),
                is_int(t),
                t.to_string(),
            )),
            DataType::Boolean => out.push(Spec::Bool(name.clone(), e)),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                out.push(Spec::Str(name.clone(), e))
            }
            DataType::Dictionary(_, v) if v.as_ref() == &DataType::Utf8 => {
                out.push(Spec::Str(name.clone(), e))
            }
            DataType::Struct(children) => {
                for c in children {
                    if c.data_type().is_numeric() {
                        out.push(Spec::Num(
                            format!("{name}.{}", c.name()),
                            format!("CAST(get_field({e}, {}) AS DOUBLE)", literal(c.name())),
                            is_int(c.data_type()),
                            c.data_type().to_string(),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Equal-width bins over `[lo, hi]`, on `ln(1 + x)` when `log`.
#[derive(Clone)]
struct Bins {
    lo: f64,
    hi: f64,
    n: usize,
    log: bool,
    counts: Vec<u64>,
    below: u64,
    above: u64,
}

impl Bins {
    fn new(lo: f64, hi: f64, n: usize, log: bool) -> Bins {
        let (lo, hi) = if log {
            (lo.ln_1p(), hi.ln_1p())
        } else {
            (lo, hi)
        };
        Bins {
            lo,
            hi,
            n,
            log,
            counts: vec![0; n],
            below: 0,
            above: 0,
        }
    }

    fn add(&mut self, v: f64) {
        let x = if self.log { v.ln_1p() } else { v };
        if x < self.lo {
            self.below += 1;
        } else if x > self.hi {
            self.above += 1;
        } else {
            let w = (self.hi - self.lo) / self.n as f64;
            let i = if w > 0.0 {
                ((x - self.lo) / w) as usize
            } else {
                0
            };
            self.counts[i.min(self.n - 1)] += 1;
        }
    }

    /// The value below which a share `q` of the counted values lie.
    fn quantile(&self, q: f64, total: u64) -> f64 {
        let target = q * total as f64;
        let mut cum = self.below as f64;
        let w = (self.hi - self.lo) / self.n as f64;
        let mut x = self.hi;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 && cum + c as f64 >= target {
                let f = ((target - cum) / c as f64).clamp(0.0, 1.0);
                x = self.lo + w * (i as f64 + f);
                break;
            }
            cum += c as f64;
        }
        if self.log {
            x.exp_m1()
        } else {
            x
        }
    }
}

/// The displayed bins of a column with `min`, `max`, `p99`.
fn display_bins(min: f64, max: f64, p99: f64, integer: bool) -> (Bins, bool) {
    if integer && max - min <= 50.0 {
        return (
            Bins::new(min, max + 1.0, (max - min) as usize + 1, false),
            true,
        );
    }
    if !integer && min >= 0.0 && max <= 1.0 {
        return (Bins::new(0.0, 1.0, 20, false), false);
    }
    // Clip a long tail at p99 (the rest is counted as overflow).
    let hi = if p99 > min && (p99 - min) < 0.5 * (max - min) {
        p99
    } else {
        max
    };
    if integer {
        let width = ((hi - min + 1.0) / DISPLAY_BINS as f64).ceil().max(1.0);
        let n = ((hi - min + 1.0) / width).ceil() as usize;
        // Bins [min + k*width, min + (k+1)*width): integers land inside.
        (Bins::new(min, min + n as f64 * width, n, false), true)
    } else {
        (Bins::new(min, hi, DISPLAY_BINS, false), false)
    }
}

/// Stream `exprs` (each a DOUBLE) from table `t`, handing every value to `f`.
async fn stream(
    ctx: &SessionContext,
    exprs: &[String],
    mut f: impl FnMut(usize, &Float64Array),
) -> Result<()> {
    if exprs.is_empty() {
        return Ok(());
    }
    let cols: Vec<String> = exprs
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{e} AS x{i}"))
        .collect();
    let q = format!("SELECT {} FROM t", cols.join(", "));
    let mut s = ctx.sql(&q).await?.execute_stream().await?;
    while let Some(b) = s.next().await {
        let b = b?;
        for i in 0..b.num_columns() {
            f(i, b.column(i).as_primitive::<Float64Type>());
        }
    }
    Ok(())
}

/// Every non-null, non-NaN value.
fn each_value(a: &Float64Array, mut f: impl FnMut(f64)) {
    if a.null_count() == 0 {
        a.values()
            .iter()
            .filter(|v| !v.is_nan())
            .for_each(|v| f(*v));
    } else {
        a.iter().flatten().filter(|v| !v.is_nan()).for_each(f);
    }
}

async fn distributions(
    ctx: &SessionContext,
    fields: &[Arc<datafusion::arrow::datatypes::Field>],
    rows: u64,
) -> Result<Vec<Distribution>> {
    let specs = specs(fields);
    if specs.is_empty() || rows == 0 {
        return Ok(vec![]);
    }
    // Pass 1: counts, ranges, means, true counts, distinct strings.
    let mut aggs = vec!["count(*)".to_string()];
    for s in &specs {
        match s {
            Spec::Num(_, e, _, _) => aggs.extend([
                format!("count({e})"),
                format!("min({e})"),
                format!("max({e})"),
                format!("avg({e})"),
            ]),
            Spec::Bool(_, e) => aggs.extend([
                format!("count({e})"),
                format!("sum(CASE WHEN {e} THEN 1 ELSE 0 END)"),
            ]),
            Spec::Str(_, e) => {
                aggs.extend([format!("count({e})"), format!("approx_distinct({e})")])
            }
        }
    }
    let r = row0(&sql(ctx, &format!("SELECT {} FROM t", aggs.join(", "))).await?)?;
    let total = r[0] as u64;
    let mut k = 1;
    let mut out = vec![];
    // Numeric columns: (index in out, expr, min, max, integer).
    let mut nums: Vec<(usize, String, f64, f64, bool)> = vec![];
    for s in &specs {
        match s {
            Spec::Num(label, e, integer, t) => {
                let (n, min, max, mean) = (r[k] as u64, r[k + 1], r[k + 2], r[k + 3]);
                k += 4;
                if n > 0 {
                    nums.push((out.len(), e.clone(), min, max, *integer));
                }
                out.push(Distribution {
                    column: label.clone(),
                    data_type: t.clone(),
                    count: n,
                    nulls: total - n,
                    numeric: (n > 0).then(|| Numeric {
                        min,
                        max,
                        mean,
                        p50: f64::NAN,
                        p90: f64::NAN,
                        p99: f64::NAN,
                        histogram: Histogram::default(),
                    }),
                    true_count: None,
                    top: vec![],
                    distinct: None,
                });
            }
            Spec::Bool(label, _) => {
                let n = r[k] as u64;
                out.push(Distribution {
                    column: label.clone(),
                    data_type: "Boolean".into(),
                    count: n,
                    nulls: total - n,
                    numeric: None,
                    true_count: Some(if r[k + 1].is_nan() {
                        0
                    } else {
                        r[k + 1] as u64
                    }),
                    top: vec![],
                    distinct: None,
                });
                k += 2;
            }
            Spec::Str(label, e) => {
                let (n, distinct) = (r[k] as u64, r[k + 1] as u64);
                k += 2;
                // Mostly distinct values (texts, prompts, ids) are not categories.
                if n == 0 || distinct > MAX_CATEGORIES || (n >= 20 && distinct > n / 2) {
                    continue;
                }
                let q = format!(
                    "SELECT {e}, count(*) AS c FROM t WHERE {e} IS NOT NULL GROUP BY 1 ORDER BY c DESC, 1 LIMIT {TOP_VALUES}"
                );
                out.push(Distribution {
                    column: label.clone(),
                    data_type: "Utf8".into(),
                    count: n,
                    nulls: total - n,
                    numeric: None,
                    true_count: None,
                    top: pairs(&sql(ctx, &q).await?)?,
                    distinct: Some(distinct),
                });
            }
        }
    }
    if nums.is_empty() {
        return Ok(out);
    }
    // Pass 2: fine bins -> percentiles; display bins where min/max fix them.
    let mut fine: Vec<Bins> = nums
        .iter()
        .map(|&(_, _, min, max, _)| {
            let log = min >= 0.0 && max > 100.0;
            Bins::new(min, max, FINE_BINS, log)
        })
        .collect();
    let exprs: Vec<String> = nums.iter().map(|n| n.1.clone()).collect();
    stream(ctx, &exprs, |i, a| {
        let b = &mut fine[i];
        each_value(a, |v| b.add(v));
    })
    .await?;
    let mut display: Vec<(Bins, bool)> = vec![];
    for (j, &(oi, _, min, max, integer)) in nums.iter().enumerate() {
        let n = out[oi].count;
        let Some(num) = out[oi].numeric.as_mut() else {
            continue;
        };
        let q = |p| fine[j].quantile(p, n).clamp(min, max);
        num.p50 = q(0.5);
        num.p90 = q(0.9);
        num.p99 = q(0.99);
        display.push(display_bins(min, max, num.p99, integer));
    }
    // Pass 3: the displayed bins.
    stream(ctx, &exprs, |i, a| {
        let b = &mut display[i].0;
        each_value(a, |v| b.add(v));
    })
    .await?;
    for (&(oi, ..), (b, integer)) in nums.iter().zip(display) {
        let w = (b.hi - b.lo) / b.n as f64;
        if let Some(num) = out[oi].numeric.as_mut() {
            num.histogram = Histogram {
                edges: (0..=b.n).map(|i| b.lo + w * i as f64).collect(),
                counts: b.counts,
                overflow: b.above,
                integer,
            };
        }
    }
    Ok(out)
}

// -------------------------------------------------------------- thresholds

fn expr_column(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(i) => Some(i.value.clone()),
        Expr::CompoundIdentifier(p) => Some(
            p.iter()
                .map(|i| i.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
        ),
        Expr::Nested(e) => expr_column(e),
        _ => None,
    }
}

fn expr_value(e: &Expr) -> Option<serde_json::Value> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.to_string().parse::<f64>().ok().map(|x| x.into()),
            Value::SingleQuotedString(s) => Some(s.clone().into()),
            _ => None,
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => expr_value(expr)
            .and_then(|v| v.as_f64())
            .map(|x| (-x).into()),
        Expr::Nested(e) => expr_value(e),
        _ => None,
    }
}

/// `column op constant` terms of a `where` (top-level ANDs), constants on
/// either side; BETWEEN gives two.
pub(crate) fn thresholds(stage: &str, predicate: &str) -> Vec<Threshold> {
    // The whole predicate, not a prefix of it.
    let Ok(expr) = crate::stages::filter::parse_predicate(predicate) else {
        return vec![];
    };
    let mut terms = vec![];
    crate::stages::filter::and_terms(&expr, true, &mut terms);
    let mut out = vec![];
    for t in terms {
        let term = t.to_string();
        let mut push = |column: String, op: &str, value: serde_json::Value| {
            out.push(Threshold {
                stage: stage.into(),
                column,
                op: op.into(),
                value,
                term: term.clone(),
            })
        };
        match t {
            Expr::BinaryOp { left, op, right } => {
                let sym = |o: &BinaryOperator, flip: bool| -> Option<&'static str> {
                    Some(match (o, flip) {
                        (BinaryOperator::Gt, false) | (BinaryOperator::Lt, true) => ">",
                        (BinaryOperator::GtEq, false) | (BinaryOperator::LtEq, true) => ">=",
                        (BinaryOperator::Lt, false) | (BinaryOperator::Gt, true) => "<",
                        (BinaryOperator::LtEq, false) | (BinaryOperator::GtEq, true) => "<=",
                        (BinaryOperator::Eq, _) => "=",
                        (BinaryOperator::NotEq, _) => "<>",
                        _ => return None,
                    })
                };
                if let (Some(c), Some(v), Some(s)) =
                    (expr_column(left), expr_value(right), sym(op, false))
                {
                    push(c, s, v);
                } else if let (Some(c), Some(v), Some(s)) =
                    (expr_column(right), expr_value(left), sym(op, true))
                {
                    push(c, s, v);
                }
            }
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
                if let Some(c) = expr_column(t) {
                    push(c, "=", true.into());
                }
            }
            Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr,
            } => {
                if let Some(c) = expr_column(expr) {
                    push(c, "=", false.into());
                }
            }
            Expr::Between {
                expr,
                negated: false,
                low,
                high,
            } => {
                if let (Some(c), Some(lo), Some(hi)) =
                    (expr_column(expr), expr_value(low), expr_value(high))
                {
                    push(c.clone(), ">=", lo);
                    push(c, "<=", hi);
                }
            }
            _ => {}
        }
    }
    out
}

// ----------------------------------------------------------------- teacher

/// Fields of the teacher client's summary line (`Usage::line`).
fn parse_usage_note(notes: &[String], t: &mut Teacher) {
    let Some(line) = notes
        .iter()
        .find(|n| n.starts_with("teacher ") && n.contains(" requests ("))
    else {
        return;
    };
    let num = |s: &str| s.trim().trim_end_matches(',').parse::<u64>().ok();
    if let Some((head, rest)) = line.split_once(" requests (") {
        t.requests = head.rsplit(' ').next().and_then(num);
        t.from_journal = rest.split(' ').next().and_then(num);
        if t.model.is_none() {
            t.model = head
                .strip_prefix("teacher ")
                .and_then(|h| h.rsplit_once(": "))
                .map(|x| x.0.to_string());
        }
    }
    if let Some(f) = line
        .split("failures: ")
        .nth(1)
        .and_then(|f| f.split(';').next())
    {
        if f.trim() != "none" {
            for part in f.split(", ") {
                if let Some((k, v)) = part.trim().rsplit_once(' ') {
                    if let Some(v) = num(v) {
                        t.failures.push((k.to_string(), v));
                    }
                }
            }
        }
    }
    if let Some(c) = line.split("cost $").nth(1) {
        t.cost_usd = c.split([' ', ';', '(']).next().and_then(|c| c.parse().ok());
    }
}

fn reason_kind(r: &str) -> String {
    r.split([':', '`']).next().unwrap_or(r).trim().to_string()
}

/// Teacher facts of a `generate` / `annotate` stage over its kept answers
/// (`t`, when `has_main`) and rejected ones (`r`, when `has_rejected`);
/// `schema` is either table's (the columns of `t` are in `r` too).
async fn teacher(
    ctx: &SessionContext,
    schema: &Schema,
    has_main: bool,
    has_rejected: bool,
    m: &Manifest,
    notes: &[String],
) -> Result<Teacher> {
    let mut t = Teacher {
        prompts: m
            .counts
            .rows_in
            .saturating_sub(m.counts.drops.get("not sampled").copied().unwrap_or(0)),
        passed: m.counts.rows_out,
        ..Default::default()
    };
    let has = |c: &str| schema.column_with_name(c).is_some();
    // Kept and rejected answers of the synthetic table (with latency and tokens).
    let cols: Vec<&str> = [
        col::MODEL,
        col::ANNOTATOR,
        col::FINISH_REASON,
        col::PROMPT_TOKENS,
        col::COMPLETION_TOKENS,
        col::LATENCY_MS,
    ]
    .into_iter()
    .filter(|c| has(c))
    .collect();
    let proj = if cols.is_empty() {
        "1 AS one".to_string()
    } else {
        cols.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", ")
    };
    let all = match (has_main, has_rejected) {
        (true, true) => format!("(SELECT {proj} FROM t UNION ALL SELECT {proj} FROM r)"),
        (true, false) => format!("(SELECT {proj} FROM t)"),
        (false, true) => format!("(SELECT {proj} FROM r)"),
        (false, false) => bail!("no kept or rejected answers to read"),
    };
    let mut aggs = vec!["count(*)".to_string()];
    if has(col::PROMPT_TOKENS) && has(col::COMPLETION_TOKENS) {
        aggs.push(format!("sum({})", ident(col::PROMPT_TOKENS)));
        aggs.push(format!("sum({})", ident(col::COMPLETION_TOKENS)));
    }
    if has(col::LATENCY_MS) {
        for p in [0.5, 0.9, 0.99] {
            aggs.push(format!(
                "approx_percentile_cont({p}) WITHIN GROUP (ORDER BY CAST({} AS DOUBLE))",
                ident(col::LATENCY_MS)
            ));
        }
    }
    let r = row0(&sql(ctx, &format!("SELECT {} FROM {all}", aggs.join(", "))).await?)?;
    t.answers = r[0] as u64;
    let mut k = 1;
    if has(col::PROMPT_TOKENS) && has(col::COMPLETION_TOKENS) {
        t.prompt_tokens = r[1] as u64;
        t.completion_tokens = r[2] as u64;
        k = 3;
    }
    if has(col::LATENCY_MS) && t.answers > 0 {
        t.latency_ms_p50 = Some(r[k]);
        t.latency_ms_p90 = Some(r[k + 1]);
        t.latency_ms_p99 = Some(r[k + 2]);
    }
    t.pass_rate = (t.answers > 0).then(|| t.passed as f64 / t.answers as f64);
    for c in [col::MODEL, col::ANNOTATOR] {
        if has(c) && t.model.is_none() {
            let q = format!(
                "SELECT {0}, count(*) FROM {all} GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
                ident(c)
            );
            t.model = pairs(&sql(ctx, &q).await?)?.into_iter().next().map(|x| x.0);
        }
    }
    if has(col::FINISH_REASON) {
        let q = format!(
            "SELECT {0}, count(*) FROM {all} GROUP BY 1 ORDER BY 2 DESC, 1",
            ident(col::FINISH_REASON)
        );
        t.finish_reasons = pairs(&sql(ctx, &q).await?)?;
    }
    if has_rejected {
        let q = format!(
            "SELECT {0}, count(*) FROM r GROUP BY 1",
            ident(col::REJECTED_REASON)
        );
        let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
        for (reason, n) in pairs(&sql(ctx, &q).await?)? {
            *kinds.entry(reason_kind(&reason)).or_default() += n;
        }
        let mut v: Vec<_> = kinds.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        t.validation_failures = v;
    }
    parse_usage_note(notes, &mut t);
    Ok(t)
}

// ---------------------------------------------------------------- training

fn f64_col(b: &RecordBatch, name: &str) -> Option<Float64Array> {
    let c = b.column_by_name(name)?;
    Some(
        cast(c, &DataType::Float64)
            .ok()?
            .as_primitive::<Float64Type>()
            .clone(),
    )
}

fn note_number(notes: &[String], key: &str) -> Option<f64> {
    notes.iter().find_map(|n| {
        let rest = n.split(key).nth(1)?;
        rest.trim_start()
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .next()?
            .parse()
            .ok()
    })
}

async fn training(ctx: &SessionContext, schema: &Schema, notes: &[String]) -> Result<Training> {
    let mut t = Training::default();
    if schema.column_with_name(col::STEP).is_none() {
        return Ok(t);
    }
    let q = format!("SELECT * FROM t ORDER BY {}", ident(col::STEP));
    for b in sql(ctx, &q).await? {
        let get = |c| f64_col(&b, c);
        let (step, lr, tl, vl, seen, tps) = (
            get(col::STEP),
            get(col::LR),
            get(col::TRAIN_LOSS),
            get(col::VAL_LOSS),
            get(col::TOKENS_SEEN),
            get(col::TOKENS_PER_S),
        );
        for i in 0..b.num_rows() {
            let v =
                |a: &Option<Float64Array>| a.as_ref().filter(|a| !a.is_null(i)).map(|a| a.value(i));
            t.steps.push(v(&step).unwrap_or(0.0) as u64);
            t.lr.push(v(&lr).unwrap_or(f64::NAN));
            t.train_loss.push(v(&tl).unwrap_or(f64::NAN));
            t.val_loss.push(v(&vl).filter(|x| x.is_finite()));
            t.tokens_seen.push(v(&seen).unwrap_or(0.0) as u64);
            t.tokens_per_s.push(v(&tps).unwrap_or(f64::NAN));
        }
    }
    let tps: Vec<f64> = t
        .tokens_per_s
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    t.mean_tokens_per_s = (!tps.is_empty()).then(|| tps.iter().sum::<f64>() / tps.len() as f64);
    t.unigram_entropy = note_number(notes, "unigram entropy");
    t.parameters = notes.iter().find_map(|n| {
        n.split_once(" parameters,")
            .and_then(|x| x.0.trim().parse().ok())
    });
    t.sample = notes
        .iter()
        .find_map(|n| n.strip_prefix("sample: ").map(String::from));
    Ok(t)
}

// ------------------------------------------------------------------ funnel

fn is_docs(s: &StageFacts) -> bool {
    s.columns.iter().any(|c| column_name(c) == col::DOC_ID)
}

/// The main chain of document tables ending at the last `write` (else the
/// last document stage), walking back through the largest input.
fn funnel(stages: &[StageFacts]) -> Vec<FunnelStep> {
    let by_name: HashMap<&str, &StageFacts> = stages.iter().map(|s| (s.name.as_str(), s)).collect();
    let rows_out = |s: &StageFacts| s.counts.as_ref().map(|c| c.rows_out);
    let sink = stages
        .iter()
        .rev()
        .find(|s| s.kind == "write" && s.counts.is_some())
        .or_else(|| {
            stages
                .iter()
                .rev()
                .find(|s| is_docs(s) && s.counts.is_some())
        });
    let Some(mut cur) = sink else {
        return vec![];
    };
    let mut chain = vec![cur];
    let mut guard = 0;
    loop {
        guard += 1;
        let next = cur
            .inputs
            .iter()
            .filter_map(|i| by_name.get(i.as_str()).copied())
            .filter(|s| is_docs(s) && s.counts.is_some())
            .max_by_key(|s| rows_out(s).unwrap_or(0));
        match next {
            Some(n) if guard < 1000 && !chain.iter().any(|c| c.name == n.name) => {
                chain.push(n);
                cur = n;
            }
            _ => break,
        }
    }
    chain.reverse();
    let mut out = vec![];
    // The rows that enter the first stage that combines or filters sources.
    if chain.len() >= 2 {
        let first = chain.iter().position(|s| !s.inputs.is_empty()).unwrap_or(1);
        let s = chain[first];
        if let Some(c) = &s.counts {
            out.push(FunnelStep {
                stage: s.name.clone(),
                side: "in".into(),
                rows: c.rows_in,
            });
        }
        for s in &chain[first..] {
            out.push(FunnelStep {
                stage: s.name.clone(),
                side: "out".into(),
                rows: rows_out(s).unwrap_or(0),
            });
        }
    } else if let Some(c) = &chain[0].counts {
        out.push(FunnelStep {
            stage: chain[0].name.clone(),
            side: "out".into(),
            rows: c.rows_out,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_from_where() {
        let t = thresholds(
            "good",
            "gopher_quality_ok AND word_count >= 50 AND 0.65 <= lang_score AND lang = 'en' AND (toxicity < 0.9) AND x BETWEEN -1 AND 2.5",
        );
        let got: Vec<(String, String, String)> = t
            .iter()
            .map(|t| (t.column.clone(), t.op.clone(), t.value.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("gopher_quality_ok", "=", "true"),
                ("word_count", ">=", "50.0"),
                ("lang_score", ">=", "0.65"),
                ("lang", "=", "\"en\""),
                ("toxicity", "<", "0.9"),
                ("x", ">=", "-1.0"),
                ("x", "<=", "2.5"),
            ]
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        );
        assert!(thresholds("f", "not sql ((").is_empty());
    }

    #[test]
    fn bins_and_quantiles() {
        let mut b = Bins::new(0.0, 100.0, 100, false);
        for v in 0..=100 {
            b.add(v as f64);
        }
        assert!((b.quantile(0.5, 101) - 50.0).abs() <= 1.0);
        let (d, integer) = display_bins(0.0, 7.0, 6.0, true);
        assert!(integer);
        assert_eq!(d.n, 8);
        // A long tail is clipped at p99.
        let (d, _) = display_bins(1.0, 100_000.0, 900.0, true);
        assert!(d.hi < 1000.0 && d.hi >= 900.0);
    }

    #[test]
    fn usage_note_parses() {
        let mut t = Teacher::default();
        parse_usage_note(
            &["teacher SmolLM2: 20 requests (3 answers from the journal), failures: timeout 2, http_429 1; tokens 10 prompt + 20 completion; latency p50 5 ms, p99 9 ms; cost $0.0123 (journal held 3 answers at start)".into()],
            &mut t,
        );
        assert_eq!(t.requests, Some(20));
        assert_eq!(t.from_journal, Some(3));
        assert_eq!(t.model.as_deref(), Some("SmolLM2"));
        assert_eq!(
            t.failures,
            vec![("timeout".into(), 2), ("http_429".into(), 1)]
        );
        assert_eq!(t.cost_usd, Some(0.0123));
    }
}
