//! `curate report OUT_DIR` and `curate stats --json`: what a run did to the
//! data, as one self-contained HTML page (`OUT_DIR/report.html`, inline SVG
//! charts, no script, nothing fetched) and as JSON.
//!
//! [`collect`] reads an output directory: `run.json`, `run_facts.json`
//! (written by `curate run`: workflow hash, binary version, stage inputs and
//! parameters, wall time, peak memory), every stage's `manifest.json`, and
//! the stages' Parquet tables, over which DataFusion computes the score
//! distributions in a few streaming passes (no sort, no text read except for
//! the few example rows). A stage whose directory is missing or corrupt is
//! kept in the report with the reason; nothing else is lost.
//! [`render_html`] turns the [`Report`] into the page.

mod collect;
mod html;
mod svg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::shards;
use crate::storage::Loc;
use crate::workflow::{Inputs, Workflow};

pub use collect::collect;
pub use html::render_html;

/// Name of the page [`write`] produces in the output directory.
pub const REPORT_HTML: &str = "report.html";
/// Facts of the last `curate run` that the manifests do not hold.
pub const RUN_FACTS: &str = "run_facts.json";

/// `run_facts.json`: written by `curate run` next to `run.json`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RunFacts {
    /// The workflow's `name:`.
    #[serde(default)]
    pub name: String,
    /// The workflow file as given on the command line.
    pub workflow: String,
    /// xxh3-128 of the workflow file's bytes, hex.
    pub workflow_xxh3: String,
    /// `curate` version that ran it.
    pub curate_version: String,
    /// Seconds since the Unix epoch when the run started.
    pub started_unix: f64,
    pub wall_seconds: f64,
    /// Peak resident memory of the `curate run` process (getrusage), bytes.
    pub peak_rss_bytes: Option<u64>,
    pub threads: usize,
    /// `None` when the run completed; the error otherwise.
    pub error: Option<String>,
    pub stages: Vec<StageDeclFacts>,
}

/// One stage as the workflow declared it.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct StageDeclFacts {
    pub name: String,
    pub kind: String,
    /// Input stages (empty for stages that read files).
    pub inputs: Vec<String>,
    /// Input files of a stage that reads files.
    #[serde(default)]
    pub files: Vec<String>,
    /// Its directory (absolute when it could be resolved).
    pub dir: String,
    /// The stage's own parameters, as written in the workflow.
    pub params: serde_json::Value,
}

impl RunFacts {
    /// Facts of a run of `wf` that started at `started` (Unix seconds).
    pub fn new(wf: &Workflow, started_unix: f64) -> RunFacts {
        let workflow_xxh3 = std::fs::read(&wf.file)
            .map(|b| format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&b)))
            .unwrap_or_default();
        let stages = wf
            .stages
            .iter()
            .map(|s| {
                let dir = match crate::exec::stage_dir(wf, s) {
                    Ok(Loc::Local(p)) => std::path::absolute(&p).unwrap_or(p).display().to_string(),
                    Ok(remote) => remote.to_string(),
                    Err(_) => wf.output.join(&s.name).to_string(),
                };
                let (inputs, files) = match &s.inputs {
                    Inputs::Stages(n) => (n.clone(), vec![]),
                    Inputs::Files(f) => (vec![], f.iter().map(|p| p.to_string()).collect()),
                };
                StageDeclFacts {
                    name: s.name.clone(),
                    kind: s.kind.name().to_string(),
                    inputs,
                    files,
                    dir,
                    params: s.params.clone(),
                }
            })
            .collect();
        RunFacts {
            name: wf.name.clone(),
            workflow: wf.file.display().to_string(),
            workflow_xxh3,
            curate_version: env!("CARGO_PKG_VERSION").to_string(),
            started_unix,
            wall_seconds: 0.0,
            peak_rss_bytes: None,
            threads: wf.threads,
            error: None,
            stages,
        }
    }

    pub fn write(&self, output: &Path) -> Result<()> {
        shards::write_json(&Loc::local(output.join(RUN_FACTS)), self)
    }
}

/// Everything the page shows; `curate stats --json` prints it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Report {
    /// The output directory the report describes.
    pub output: String,
    /// `curate` version that wrote this report.
    pub report_version: String,
    pub run: RunInfo,
    /// Problems with the output as a whole (e.g. an unreadable `run.json`).
    pub problems: Vec<String>,
    /// Stages in run (topological) order.
    pub stages: Vec<StageFacts>,
    /// Documents kept from the first stage to the last, along the main chain.
    pub funnel: Vec<FunnelStep>,
    /// Seconds the report took to compute.
    pub report_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct RunInfo {
    /// The workflow's `name:` (from `run_facts.json`).
    pub name: Option<String>,
    pub workflow: Option<String>,
    pub workflow_xxh3: Option<String>,
    /// `run` when the hash was recorded by `curate run`, `now` when the
    /// workflow file was hashed when the report was made (it may have changed).
    pub workflow_hash_from: Option<String>,
    pub curate_version: Option<String>,
    pub started_unix: Option<f64>,
    pub wall_seconds: Option<f64>,
    pub peak_rss_bytes: Option<u64>,
    pub threads: Option<usize>,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct StageFacts {
    pub name: String,
    pub kind: String,
    /// `ran`, `resumed`, `skipped` (from `run.json`), `committed` (a manifest
    /// without run record), `incomplete`, `missing` or `corrupt`.
    pub status: String,
    /// Why the stage's output could not be (fully) read.
    pub problem: Option<String>,
    pub dir: String,
    pub inputs: Vec<String>,
    pub params: serde_json::Value,
    /// Counts as in the stage's `manifest.json` (`None` without one).
    pub counts: Option<Counts>,
    /// Where `counts` came from: `manifest.json` or `run.json` (when the
    /// stage's manifest could not be read).
    pub counts_from: Option<String>,
    pub wall_seconds: Option<f64>,
    pub units: Option<usize>,
    pub shards: Option<usize>,
    pub columns: Vec<String>,
    pub notes: Vec<String>,
    /// A few rejected or quarantined rows per reason.
    pub examples: Vec<Example>,
    /// Distributions of the score columns this stage added.
    pub distributions: Vec<Distribution>,
    /// Thresholds a `filter` stage's `where` sets on columns.
    pub thresholds: Vec<Threshold>,
    /// `dedup_minhash`: sizes of the near-duplicate clusters.
    pub clusters: Option<Histogram>,
    pub teacher: Option<Teacher>,
    pub training: Option<Training>,
    pub classifier: Option<serde_json::Value>,
    /// `evaluate`: its metrics table, row by row.
    pub evaluation: Vec<EvalMetric>,
    /// `tokenize`: tokens per split.
    pub tokens: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct Counts {
    pub rows_in: u64,
    pub rows_out: u64,
    pub dropped: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Reason -> rows, as in the manifest.
    pub drops: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// `rejected` or `quarantine`.
    pub table: String,
    pub reason: String,
    /// Shard path relative to the output directory (or absolute).
    pub file: String,
    /// 0-based row in that shard.
    pub row: u64,
    pub doc_id: Option<String>,
    pub source: Option<String>,
    pub source_record: Option<u64>,
    pub excerpt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    /// Column name (`identity_mentions.gender` for a struct field).
    pub column: String,
    /// Arrow type as in the manifest.
    pub data_type: String,
    /// Non-null values.
    pub count: u64,
    pub nulls: u64,
    pub numeric: Option<Numeric>,
    /// Booleans: rows that are true.
    pub true_count: Option<u64>,
    /// Strings of few distinct values: the most frequent.
    pub top: Vec<(String, u64)>,
    /// Approximate number of distinct values (strings).
    pub distinct: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Numeric {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    /// Percentiles from a 4,096-bin histogram of the whole column (exact to
    /// a bin: a 4,096th of the range, or of its logarithm for wide ranges).
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub histogram: Histogram,
}

/// Equal-width bins `[edges[i], edges[i+1])` (the last one closed), plus
/// values above the last edge.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
    /// Values above the last edge (the chart clips the long tail at p99).
    pub overflow: u64,
    /// Whether bins are whole numbers (one value each when width is 1).
    pub integer: bool,
}

/// `column op value` from a filter's `where`.
#[derive(Debug, Clone, Serialize)]
pub struct Threshold {
    pub stage: String,
    pub column: String,
    pub op: String,
    /// A number, or a string for `=` / `<>` on a string column.
    pub value: serde_json::Value,
    /// The term as written.
    pub term: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Teacher {
    pub model: Option<String>,
    /// Prompts the stage was asked to answer.
    pub prompts: u64,
    /// Answers recorded (kept and rejected rows, retries included).
    pub answers: u64,
    /// Answers that passed validation.
    pub passed: u64,
    pub pass_rate: Option<f64>,
    /// Failed validation checks over all answers.
    pub validation_failures: Vec<(String, u64)>,
    pub finish_reasons: Vec<(String, u64)>,
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub latency_ms_p50: Option<f64>,
    pub latency_ms_p90: Option<f64>,
    pub latency_ms_p99: Option<f64>,
    /// From the client's summary line (the stage's note).
    pub requests: Option<u64>,
    pub from_journal: Option<u64>,
    pub failures: Vec<(String, u64)>,
    pub cost_usd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Training {
    pub steps: Vec<u64>,
    pub lr: Vec<f64>,
    pub train_loss: Vec<f64>,
    /// `None` where no evaluation ran at that step.
    pub val_loss: Vec<Option<f64>>,
    pub tokens_seen: Vec<u64>,
    pub tokens_per_s: Vec<f64>,
    pub mean_tokens_per_s: Option<f64>,
    pub unigram_entropy: Option<f64>,
    pub parameters: Option<u64>,
    pub sample: Option<String>,
}

/// One row of an `evaluate` stage's metrics table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EvalMetric {
    /// The score (a model input's stage name or a SQL expression), or `A - B`
    /// for a paired difference.
    pub score: String,
    pub metric: String,
    pub value: Option<f64>,
    /// Bootstrap 95% interval (the headline metric).
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FunnelStep {
    pub stage: String,
    /// `in` for the first step (rows entering the chain's first non-source
    /// stage), else `out`.
    pub side: String,
    pub rows: u64,
}

/// Collect the report of `dir` and write `dir/report.html`; returns its path
/// and the report.
pub fn write(dir: &Path, threads: usize) -> Result<(PathBuf, Report)> {
    let report = collect(dir, threads)?;
    let page = render_html(&report);
    let path = dir.join(REPORT_HTML);
    let tmp = dir.join(format!(".{REPORT_HTML}.tmp"));
    std::fs::write(&tmp, page).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path)?;
    Ok((path, report))
}
