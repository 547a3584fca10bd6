//! `dedup_minhash`: near-duplicate removal with MinHash LSH (see
//! `curate_filters::minhash` for normalization, shingles, hashing and the
//! S-curve of the band settings).
//!
//! - **Pass 1** (per upstream shard, in parallel): the `curate_minhash_bands`
//!   UDF computes every document's band keys; they are written as Parquet
//!   under `<stage>/_work/` (`bands/`: doc ordinal, band, key; `docs/`: doc
//!   ordinal, text length, doc_id), each shard committed by a marker in
//!   `_work/done/`, so a rerun after a crash does not redo them. `_work/` is
//!   tied to the stage fingerprint and removed when the stage completes.
//! - **Pass 2**, one band at a time: every member of a bucket with more than
//!   one document is linked to the bucket's lowest ordinal. Without a memory
//!   limit, the shared buckets are found by a hash aggregate over slices of
//!   the keys and joined back; with `memory_limit`, a sort-based window query
//!   (a `FairSpillPool` of `memory_limit` bytes and a disk manager in
//!   `_work/spill/`, so the sort spills). A union-find over document ordinals (two `u32`
//!   per document) turns those candidate edges into clusters (transitively:
//!   A~B and B~C put A, B, C in one cluster).
//! - **Kept document** of a cluster: the longest text (in characters), then
//!   the lowest `doc_id` (byte order), then the earliest in input order. All
//!   other members are removed.
//! - **Pass 3** (per shard, one unit each): kept rows -> output, removed rows
//!   -> `rejected/` as `near_duplicate`, and one row per removed document in
//!   `duplicates/` (doc_id, cluster_id, kept_doc_id); `cluster_id` is the
//!   input ordinal of the cluster's earliest document.
//!   `duplicates/_stats.json` holds the counts (documents, candidate edges,
//!   clusters, removed).
//!
//! Candidates are not verified against their exact Jaccard similarity (as in
//! datatrove/FineWeb): the band settings decide.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::{anyhow, bail, Context, Result};
use curate_filters::minhash::{MinHashConfig, MinHasher, Scheme};
use curate_filters::udf::MinHashUdf;
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{
    Array, ArrayBuilder, ArrayRef, ListArray, StringArray, StringBuilder, UInt32Array, UInt64Array,
    UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::logical_expr::ScalarUDF;
use datafusion::physical_plan::{execute_stream, ExecutionPlan};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures::StreamExt;
use serde::Deserialize;

use super::{ident, run_sql_on_shard, shard_session, shard_units};
use crate::functions::Functions;
use crate::shards::{self, ShardOptions, ShardWriter};
use crate::stage::{params, perr, Input, InputKind, ParamError, Stage, StageCx, StageKind};

pub struct DedupMinhash;

pub const REASON: &str = "near_duplicate";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "super::default_text_column")]
    text_column: String,
    /// Words per shingle (5).
    #[serde(default = "default_ngram")]
    ngram: usize,
    /// Total hash functions; must equal `bands * rows` when all are given.
    num_hashes: Option<usize>,
    /// LSH bands (14).
    #[serde(default = "default_bands")]
    bands: usize,
    /// Values per band (8, or `num_hashes / bands`).
    rows: Option<usize>,
    /// Seed of the hash functions (1).
    seed: Option<u64>,
    /// Shingling scheme: `datatrove` (default; FineWeb's, signature for
    /// signature) or `fast`.
    #[serde(default)]
    scheme: SchemeParam,
    /// Memory for the candidate query (bytes or "64MB"); unlimited if absent.
    memory_limit: Option<serde_json::Value>,
    /// Which member of a cluster is kept: `longest` (default: longest text,
    /// then lowest doc_id), `first` (earliest in input order) or `datatrove`
    /// (the root of datatrove's union-find, to reproduce its removed set).
    #[serde(default)]
    keep: Keep,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Keep {
    #[default]
    Longest,
    First,
    Datatrove,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum SchemeParam {
    #[default]
    Datatrove,
    Fast,
}

fn default_ngram() -> usize {
    5
}
fn default_bands() -> usize {
    14
}

impl StageKind for DedupMinhash {
    fn name(&self) -> &'static str {
        "dedup_minhash"
    }
    fn summary(&self) -> &'static str {
        "drop near duplicates (MinHash LSH over word 5-grams), keeping the longest per cluster"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    /// 2: the default `scheme` became `datatrove`.
    fn revision(&self) -> u32 {
        2
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.ngram == 0 {
            return Err(perr("ngram", "must be at least 1"));
        }
        if p.bands == 0 {
            return Err(perr("bands", "must be at least 1"));
        }
        let rows = match (p.rows, p.num_hashes) {
            (Some(r), _) => r,
            (None, Some(n)) => n / p.bands,
            (None, None) => 8,
        };
        if rows == 0 {
            return Err(perr("rows", "must be at least 1"));
        }
        if let Some(n) = p.num_hashes {
            if n != p.bands * rows {
                return Err(perr(
                    "num_hashes",
                    format!(
                        "must equal bands * rows ({n} != {} * {rows}); set bands and rows instead",
                        p.bands
                    ),
                ));
            }
        }
        let memory_limit = match &p.memory_limit {
            None => None,
            Some(v) => Some(crate::workflow::parse_size(v).ok_or_else(|| {
                perr(
                    "memory_limit",
                    "must be a positive size in bytes, e.g. 67108864 or \"64MB\"",
                )
            })?),
        };
        let cfg = MinHashConfig {
            ngram: p.ngram,
            bands: p.bands,
            rows,
            seed: p.seed.unwrap_or(MinHashConfig::default().seed),
            scheme: match p.scheme {
                SchemeParam::Datatrove => Scheme::Datatrove,
                SchemeParam::Fast => Scheme::Fast,
            },
        };
        Ok(Box::new(MinhashStage {
            p,
            hasher: MinHasher::new(cfg.clone()),
            cfg,
            memory_limit,
        }))
    }
}

struct MinhashStage {
    p: Params,
    cfg: MinHashConfig,
    hasher: MinHasher,
    memory_limit: Option<u64>,
}

const WORK: &str = "_work";
const DUPLICATES: &str = "duplicates";
const ROOT: &str = "__root";

/// The kept document of a cluster, and the cluster's earliest ordinal.
struct Best {
    ord: u64,
    chars: u64,
    doc_id: String,
    first: u64,
}

/// Union-find over document ordinals (union by size, path halving).
struct Dsu {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }
    /// Point every element at its root.
    fn flatten(&mut self) {
        for i in 0..self.parent.len() as u32 {
            let r = self.find(i);
            self.parent[i as usize] = r;
        }
    }
}

impl MinhashStage {
    fn udf(&self) -> ScalarUDF {
        ScalarUDF::from(MinHashUdf::signature(self.cfg.clone()))
    }

    fn sig_sql(&self) -> String {
        let t = ident(&self.p.text_column);
        format!(
            "SELECT {}({t}) AS signature, character_length({t}) AS {}, {} FROM input",
            MinHashUdf::SIGNATURE_NAME,
            ident(col::TEXT_CHARS),
            ident(col::DOC_ID)
        )
    }

    /// Unlimited pass 2, per band and slice: every band key held by two or
    /// more documents, with its lowest ordinal, among the keys `key % n = i`.
    /// Slices keep the hash aggregate to about [`SLICE_ROWS`] groups; the
    /// shared buckets they find are few and collected into the `shared` table.
    fn shared_buckets_sql(n: u64, i: u64) -> String {
        let (ord, key) = (ident(col::DOC_ORD), ident(col::BAND_KEY));
        let slice = if n <= 1 {
            "TRUE".to_string()
        } else {
            format!("{key} % arrow_cast({n}, 'UInt64') = arrow_cast({i}, 'UInt64')")
        };
        format!(
            "SELECT {key}, min({ord}) AS {ROOT} FROM bands WHERE {slice} \
             GROUP BY {key} HAVING count(*) > 1"
        )
    }

    /// Candidate edges of one band: (first document of the bucket, document).
    /// Unlimited: the shared buckets (`shared`) joined back to the band rows
    /// (fast). Under a memory limit: a window over a sort, which spills (a
    /// hash join's build side cannot).
    fn edges_sql(limited: bool) -> String {
        let (ord, key) = (ident(col::DOC_ORD), ident(col::BAND_KEY));
        if limited {
            return format!(
                "SELECT {ROOT}, {ord} FROM (SELECT {ord}, first_value({ord}) OVER \
                 (PARTITION BY {key} ORDER BY {ord}) AS {ROOT} FROM bands) \
                 WHERE {ord} <> {ROOT}"
            );
        }
        format!(
            "SELECT s.{ROOT}, b.{ord} FROM shared s JOIN bands b ON s.{key} = b.{key} \
             WHERE b.{ord} <> s.{ROOT}"
        )
    }

    /// `keep: datatrove`: the rows of one band's buckets shared by two or more
    /// documents, in the order datatrove's bucket step meets them (signature
    /// values, then input order); window or join as in [`Self::edges_sql`].
    fn datatrove_pairs_sql(limited: bool) -> String {
        let (ord, key, head) = (
            ident(col::DOC_ORD),
            ident(col::BAND_KEY),
            ident(col::BAND_HEAD),
        );
        if limited {
            return format!(
                "SELECT {key}, {ord} FROM (SELECT {head}, {key}, {ord}, \
                 count(*) OVER (PARTITION BY {key}) AS n FROM bands) \
                 WHERE n > 1 ORDER BY {head}, {key}, {ord}"
            );
        }
        format!(
            "SELECT b.{key}, b.{ord} FROM shared s JOIN bands b ON s.{key} = b.{key} \
             ORDER BY b.{head}, b.{key}, b.{ord}"
        )
    }

    /// Pass 2's per-band query for this stage's `keep` rule and memory limit.
    fn candidates_sql(&self) -> String {
        let limited = self.memory_limit.is_some();
        if self.p.keep == Keep::Datatrove {
            Self::datatrove_pairs_sql(limited)
        } else {
            Self::edges_sql(limited)
        }
    }

    /// Pass 1 for one shard: band keys and doc info into `_work/`.
    fn signatures(
        &self,
        cx: &StageCx,
        work: &Path,
        shard: &Path,
        unit: usize,
        offset: u64,
    ) -> Result<u64> {
        let opts = ShardOptions {
            target_bytes: u64::MAX,
            work_table: true,
            ..cx.shard_opts.clone()
        };
        remove_unit_files(&work.join("docs"), unit)?;
        let mut bands_w = Vec::with_capacity(self.cfg.bands);
        for band in 0..self.cfg.bands {
            let sub = band_dir(band);
            remove_unit_files(&work.join(&sub), unit)?;
            bands_w.push(ShardWriter::new(
                work,
                sub,
                unit,
                schemas::minhash_bands(),
                opts.clone(),
            ));
        }
        let mut docs_w = ShardWriter::new(work, "docs", unit, schemas::minhash_docs(), opts);
        let sql = self.sig_sql();
        let udf = self.udf();
        let mut n = 0u64;
        cx.rt
            .block_on(async {
                let ctx = shard_session(cx.fx, shard).await?;
                ctx.register_udf(udf);
                let mut stream = ctx.sql(&sql).await?.execute_stream().await?;
                while let Some(b) = stream.next().await {
                    let b = b?;
                    let lists = b
                        .column(0)
                        .as_any()
                        .downcast_ref::<ListArray>()
                        .ok_or_else(|| anyhow!("band keys are not a list"))?;
                    let chars = cast(b.column(1), &DataType::UInt64)?;
                    let chars = chars.as_any().downcast_ref::<UInt64Array>().unwrap();
                    let ids = cast(b.column(2), &DataType::Utf8)?;
                    let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
                    // Per band: ordinals, keys, heads.
                    let mut per_band: Vec<(UInt64Builder, UInt64Builder, UInt64Builder)> =
                        (0..self.cfg.bands).map(|_| Default::default()).collect();
                    let (mut dord, mut dchars, mut did) = (
                        UInt64Builder::new(),
                        UInt64Builder::new(),
                        StringBuilder::new(),
                    );
                    for i in 0..b.num_rows() {
                        let ord = offset + n + i as u64;
                        if lists.is_null(i) {
                            continue;
                        }
                        let sig = lists.value(i);
                        let sig = sig.as_any().downcast_ref::<UInt64Array>().unwrap();
                        let sig = sig.values();
                        let keys = self.hasher.band_keys(sig);
                        for (j, (key, (o, k, hd))) in keys.iter().zip(&mut per_band).enumerate() {
                            o.append_value(ord);
                            k.append_value(*key);
                            hd.append_value(sig[j * self.cfg.rows]);
                        }
                        dord.append_value(ord);
                        dchars.append_value(if chars.is_null(i) { 0 } else { chars.value(i) });
                        if ids.is_null(i) {
                            bail!("NULL {} in row {}", col::DOC_ID, n + i as u64);
                        }
                        did.append_value(ids.value(i));
                    }
                    n += b.num_rows() as u64;
                    for (j, ((mut o, mut k, mut hd), w)) in
                        per_band.into_iter().zip(&mut bands_w).enumerate()
                    {
                        let n = o.len();
                        let cols: Vec<ArrayRef> = vec![
                            Arc::new(o.finish()),
                            Arc::new(UInt32Array::from(vec![j as u32; n])),
                            Arc::new(k.finish()),
                            Arc::new(hd.finish()),
                        ];
                        w.write(&RecordBatch::try_new(schemas::minhash_bands(), cols)?)?;
                    }
                    let cols: Vec<ArrayRef> = vec![
                        Arc::new(dord.finish()),
                        Arc::new(dchars.finish()),
                        Arc::new(did.finish()),
                    ];
                    docs_w.write(&RecordBatch::try_new(schemas::minhash_docs(), cols)?)?;
                }
                Ok::<_, anyhow::Error>(())
            })
            .with_context(|| format!("minhash of {}", shard.display()))?;
        docs_w.finish()?;
        for w in bands_w {
            w.finish()?;
        }
        shards::write_json_atomic(&done_marker(work, unit), &serde_json::json!({ "rows": n }))?;
        Ok(n)
    }

    /// Session for pass 2: bounded memory pool, spilling to `_work/spill/`.
    fn pass2_session(&self, cx: &StageCx, work: &Path) -> Result<SessionContext> {
        let spill = work.join("spill");
        std::fs::create_dir_all(&spill)?;
        let mut rtb = RuntimeEnvBuilder::new().with_disk_manager_builder(
            DiskManagerBuilder::default().with_mode(DiskManagerMode::Directories(vec![spill])),
        );
        let mut cfg = SessionConfig::new().with_target_partitions(cx.threads.max(1));
        if let Some(limit) = self.memory_limit {
            let limit = limit as usize;
            // One partition: one sorter gets the whole pool (with several,
            // repartition buffers and sorters split it into small shares).
            let parts = 1;
            cfg = cfg.with_target_partitions(parts);
            rtb = rtb.with_memory_pool(Arc::new(FairSpillPool::new(limit)));
            // Batches and sort reservations in proportion to each
            // partition's share of the limit (rows are ~24 bytes).
            let share = limit / parts;
            cfg = cfg.with_batch_size((share / 32 / 24).clamp(64, 8192));
            let o = &mut cfg.options_mut().execution;
            o.sort_spill_reservation_bytes = o.sort_spill_reservation_bytes.min(share / 4);
            o.sort_in_place_threshold_bytes = o.sort_in_place_threshold_bytes.min(share / 8);
        } else {
            cfg = cfg.with_batch_size(8192);
        }
        Ok(SessionContext::new_with_config_rt(cfg, rtb.build_arc()?))
    }

    fn stats_path(cx: &StageCx) -> PathBuf {
        cx.dir.join(DUPLICATES).join("_stats.json")
    }
}

/// (spill count, spilled bytes) summed over a finished plan's operators.
fn spill_metrics(plan: &Arc<dyn ExecutionPlan>) -> (usize, usize) {
    let (mut n, mut bytes) = plan
        .metrics()
        .map(|m| (m.spill_count().unwrap_or(0), m.spilled_bytes().unwrap_or(0)))
        .unwrap_or((0, 0));
    for c in plan.children() {
        let (a, b) = spill_metrics(c);
        n += a;
        bytes += b;
    }
    (n, bytes)
}

/// Band rows one unlimited hash aggregate groups at most (about 12 MB of
/// hash table); larger bands are grouped in slices of their keys.
const SLICE_ROWS: u64 = 1 << 18;

/// Schema of the `shared` table: a band's keys held by several documents.
fn shared_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new(col::BAND_KEY, DataType::UInt64, false),
        Field::new(ROOT, DataType::UInt64, false),
    ]))
}

/// `_work/` subdirectory of one band's rows (pass 2 groups one band at a time).
fn band_dir(band: usize) -> String {
    format!("bands/{band:03}")
}

fn done_marker(work: &Path, unit: usize) -> PathBuf {
    work.join("done").join(format!("{unit:05}.json"))
}

/// Remove `part-UUUUU-*` files (and their temp files) of one unit in `dir`.
fn remove_unit_files(dir: &Path, unit: usize) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let prefix = format!("part-{unit:05}-");
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        let name = name.trim_start_matches('.');
        if p.is_file() && name.starts_with(&prefix) {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}

fn unit_of(name: &str) -> Option<usize> {
    name.trim_start_matches('.')
        .strip_prefix("part-")?
        .get(..5)?
        .parse()
        .ok()
}

async fn register_dir(ctx: &SessionContext, name: &str, dir: &Path, schema: &Schema) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let url = format!("{}/", dir.to_str().context("non-UTF-8 path")?);
    ctx.register_parquet(name, &url, ParquetReadOptions::default().schema(schema))
        .await?;
    Ok(())
}

impl Stage for MinhashStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = super::plan_on_schema(fx, &inputs[0], &self.sig_sql())?;
        let id = s.field(2).data_type();
        if !matches!(
            id,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            bail!("`{}` must be a string column; it is {id}", col::DOC_ID);
        }
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let (_, plan) = super::plan_on_schema(fx, &inputs[0], &self.sig_sql())?;
        let c = &self.cfg;
        Ok(format!(
            "minhash ({} scheme): {}-word shingles, {} hashes = {} bands x {} rows, seed {}; P(candidate | jaccard 0.8) = {:.3}\n\
             pass 1 per shard -> _work/: {}\n{plan}\n\
             pass 2 per band (memory limit: {}): {}{}\n\
             union-find over candidate edges; per cluster keep {}\n\
             pass 3 per shard: others -> rejected/ ({REASON}), duplicates/ (doc_id, cluster_id, kept_doc_id)",
            c.scheme.name(),
            c.ngram,
            c.num_hashes(),
            c.bands,
            c.rows,
            c.seed,
            c.candidate_probability(0.8),
            self.sig_sql(),
            self.memory_limit
                .map(|l| format!("{l} bytes"))
                .unwrap_or_else(|| "none".into()),
            if self.memory_limit.is_some() {
                String::new()
            } else {
                format!(
                    "shared <- per key slice of ~{SLICE_ROWS} rows (slice 0 of 2 shown): {}\n  then ",
                    Self::shared_buckets_sql(2, 0)
                )
            },
            self.candidates_sql(),
            match self.p.keep {
                Keep::Longest => "the longest text, then the lowest doc_id",
                Keep::First => "the earliest document in input order",
                Keep::Datatrove => "the root of datatrove's union-find (pairs in its bucket order)",
            },
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let started = std::time::Instant::now();
        let (shard_paths, units) = shard_units(cx);
        let rows: Vec<u64> = cx
            .inputs
            .iter()
            .flat_map(|i| match i {
                Input::Stage { manifest, .. } => manifest.shards.iter().map(|s| s.rows).collect(),
                Input::Files(_) => vec![],
            })
            .collect();
        if rows.len() != shard_paths.len() {
            bail!("input shards and manifests disagree");
        }
        let mut offsets = Vec::with_capacity(rows.len());
        let mut n_docs = 0u64;
        for r in &rows {
            offsets.push(n_docs);
            n_docs += r;
        }
        if n_docs > u32::MAX as u64 {
            bail!("{n_docs} documents: more than dedup_minhash supports (2^32 - 1)");
        }

        // The stage directory must look like curate's even if only _work/ exists.
        std::fs::create_dir_all(cx.dir.join("_units"))?;
        let work = cx.dir.join(WORK);
        let fp_file = work.join("FINGERPRINT");
        if std::fs::read_to_string(&fp_file).ok().as_deref() != Some(cx.fingerprint.as_str()) {
            if work.exists() {
                std::fs::remove_dir_all(&work)?;
            }
            std::fs::create_dir_all(&work)?;
            std::fs::write(&fp_file, &cx.fingerprint)?;
        }
        let spill = work.join("spill");
        if spill.exists() {
            std::fs::remove_dir_all(&spill)?;
        }

        // Pass 1: signatures per shard, in parallel, skipping committed ones.
        let todo: Vec<usize> = (0..shard_paths.len())
            .filter(|&i| !done_marker(&work, i).exists())
            .collect();
        if todo.len() < shard_paths.len() {
            tracing::info!(
                stage = %cx.name,
                "minhash signatures: {} of {} shards already computed",
                shard_paths.len() - todo.len(),
                shard_paths.len()
            );
        }
        let next = AtomicUsize::new(0);
        let err: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        std::thread::scope(|s| {
            for _ in 0..cx.threads.max(1).min(todo.len().max(1)) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= todo.len() || err.lock().unwrap().is_some() {
                        return;
                    }
                    let u = todo[i];
                    let r = self
                        .signatures(cx, &work, &shard_paths[u], u, offsets[u])
                        .and_then(|n| {
                            if n != rows[u] {
                                bail!(
                                    "{}: {n} rows, its manifest says {}",
                                    shard_paths[u].display(),
                                    rows[u]
                                );
                            }
                            Ok(())
                        });
                    if let Err(e) = r {
                        err.lock().unwrap().get_or_insert(e);
                        return;
                    }
                });
            }
        });
        if let Some(e) = err.into_inner().unwrap() {
            return Err(anyhow!("stage '{}': {e:#}", cx.name));
        }

        let pass1 = started.elapsed().as_secs_f64();
        // Pass 2: candidate edges -> union-find -> kept document per cluster.
        let mut dsu = Dsu::new(n_docs as usize);
        let mut edges = 0u64;
        let mut spilled = (0, 0);
        let keep = self.p.keep;
        let mut clusters: HashMap<u32, Best> = HashMap::new();
        if n_docs > 0 {
            let ctx = self.pass2_session(cx, &work)?;
            cx.rt
                .block_on(async {
                    register_dir(&ctx, "docs", &work.join("docs"), &schemas::minhash_docs())
                        .await?;
                    let limited = self.memory_limit.is_some();
                    let sql = self.candidates_sql();
                    let shared_schema = shared_schema();
                    let slices = n_docs.div_ceil(SLICE_ROWS).max(1);
                    // One band at a time (datatrove's order too): a query holds
                    // or spills 1/bands of the band rows.
                    for band in 0..self.cfg.bands {
                        ctx.deregister_table("bands")?;
                        register_dir(
                            &ctx,
                            "bands",
                            &work.join(band_dir(band)),
                            &schemas::minhash_bands(),
                        )
                        .await?;
                        if !limited {
                            // Shared buckets, one slice of the keys at a time.
                            let mut shared = vec![];
                            for i in 0..slices {
                                let df = ctx.sql(&Self::shared_buckets_sql(slices, i)).await?;
                                for b in df.collect().await? {
                                    let cols = (0..2)
                                        .map(|c| cast(b.column(c), &DataType::UInt64))
                                        .collect::<Result<Vec<_>, _>>()?;
                                    shared.push(RecordBatch::try_new(shared_schema.clone(), cols)?);
                                }
                            }
                            ctx.deregister_table("shared")?;
                            let t = datafusion::datasource::MemTable::try_new(
                                shared_schema.clone(),
                                vec![shared],
                            )?;
                            ctx.register_table("shared", Arc::new(t))?;
                        }
                        let plan = ctx.sql(&sql).await?.create_physical_plan().await?;
                        let mut stream = execute_stream(plan.clone(), ctx.task_ctx())?;
                        // keep: datatrove: the previous row's (key, ordinal).
                        let mut last: Option<(u64, u64)> = None;
                        while let Some(b) = stream.next().await {
                            let b = b?;
                            let cols = (0..b.num_columns())
                                .map(|i| cast(b.column(i), &DataType::UInt64))
                                .collect::<Result<Vec<_>, _>>()?;
                            let cols: Vec<&[u64]> = cols
                                .iter()
                                .map(|c| c.as_any().downcast_ref::<UInt64Array>().unwrap().values())
                                .map(|v| &v[..])
                                .collect();
                            let ords = cols[cols.len() - 1];
                            // Every ordinal column: the edge query's first one too.
                            let ord_cols = if keep == Keep::Datatrove {
                                &cols[1..]
                            } else {
                                &cols[..]
                            };
                            if ord_cols.iter().any(|c| c.iter().any(|&o| o >= n_docs)) {
                                bail!("document ordinal out of range in {WORK}/");
                            }
                            if keep == Keep::Datatrove {
                                // Consecutive members of one bucket are a pair, united
                                // in datatrove's order (its root is the kept document).
                                for (&key, &ord) in cols[0].iter().zip(ords) {
                                    if let Some((k, prev)) = last {
                                        if k == key {
                                            dsu.union(prev as u32, ord as u32);
                                            edges += 1;
                                        }
                                    }
                                    last = Some((key, ord));
                                }
                            } else {
                                for (x, y) in cols[0].iter().zip(ords) {
                                    dsu.union(*x as u32, *y as u32);
                                }
                                edges += b.num_rows() as u64;
                            }
                        }
                        drop(stream);
                        let (n, bytes) = spill_metrics(&plan);
                        spilled = (spilled.0 + n, spilled.1 + bytes);
                    }
                    dsu.flatten();
                    let sql = format!(
                        "SELECT {}, {}, {} FROM docs",
                        ident(col::DOC_ORD),
                        ident(col::TEXT_CHARS),
                        ident(col::DOC_ID)
                    );
                    let mut stream = ctx.sql(&sql).await?.execute_stream().await?;
                    while let Some(b) = stream.next().await {
                        let b = b?;
                        let ord = cast(b.column(0), &DataType::UInt64)?;
                        let ord = ord.as_any().downcast_ref::<UInt64Array>().unwrap();
                        let chars = cast(b.column(1), &DataType::UInt64)?;
                        let chars = chars.as_any().downcast_ref::<UInt64Array>().unwrap();
                        let ids = cast(b.column(2), &DataType::Utf8)?;
                        let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
                        for i in 0..b.num_rows() {
                            let o = ord.value(i);
                            let root = dsu.parent[o as usize];
                            if dsu.size[root as usize] < 2 {
                                continue;
                            }
                            let (c, id) = (chars.value(i), ids.value(i));
                            match clusters.get_mut(&root) {
                                None => {
                                    clusters.insert(
                                        root,
                                        Best {
                                            ord: o,
                                            chars: c,
                                            doc_id: id.to_string(),
                                            first: o,
                                        },
                                    );
                                }
                                Some(best) => {
                                    best.first = best.first.min(o);
                                    let better = match keep {
                                        Keep::First => o < best.ord,
                                        Keep::Datatrove => o == root as u64,
                                        Keep::Longest => {
                                            (c, std::cmp::Reverse(id), std::cmp::Reverse(o))
                                                > (
                                                    best.chars,
                                                    std::cmp::Reverse(best.doc_id.as_str()),
                                                    std::cmp::Reverse(best.ord),
                                                )
                                        }
                                    };
                                    if better {
                                        best.ord = o;
                                        best.chars = c;
                                        best.doc_id = id.to_string();
                                    }
                                }
                            }
                        }
                    }
                    Ok::<_, anyhow::Error>(())
                })
                .with_context(|| format!("stage '{}': near-duplicate candidates", cx.name))?;
        }
        let removed: u64 = clusters
            .keys()
            .map(|r| dsu.size[*r as usize] as u64 - 1)
            .sum();
        let parent = std::mem::take(&mut dsu.parent);
        drop(dsu);
        tracing::info!(
            stage = %cx.name,
            "minhash: {n_docs} documents, {edges} candidate edges, {} clusters, {removed} near duplicates; candidate query spilled {} times ({} bytes); signatures {pass1:.2}s, clusters {:.2}s",
            clusters.len(),
            spilled.0,
            spilled.1,
            started.elapsed().as_secs_f64() - pass1
        );

        // Pass 3: split each shard; audit rows into duplicates/.
        let dup_dir = cx.dir.join(DUPLICATES);
        if dup_dir.is_dir() {
            for e in std::fs::read_dir(&dup_dir)? {
                let p = e?.path();
                let name = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                if unit_of(&name).is_some_and(|u| u >= units.len()) || name == "_stats.json" {
                    std::fs::remove_file(&p)?;
                }
            }
        }
        let reason_col = "__near_dup";
        cx.run_units(units, |unit, out| {
            remove_unit_files(&dup_dir, unit.id)?;
            let mut dups = ShardWriter::new(
                &cx.dir,
                DUPLICATES,
                unit.id,
                schemas::duplicates(),
                cx.shard_opts.clone(),
            );
            let start = offsets[unit.id];
            let mut n = 0u64;
            run_sql_on_shard(cx, &shard_paths[unit.id], "SELECT * FROM input", |b| {
                let ids = b
                    .column_by_name(col::DOC_ID)
                    .ok_or_else(|| anyhow!("no {} column", col::DOC_ID))?;
                let ids = cast(ids, &DataType::Utf8)?;
                let ids = ids.as_any().downcast_ref::<StringArray>().unwrap();
                let mut reason = StringBuilder::new();
                let (mut d_id, mut d_cluster, mut d_kept) = (
                    StringBuilder::new(),
                    UInt64Builder::new(),
                    StringBuilder::new(),
                );
                for i in 0..b.num_rows() {
                    let ord = start + n + i as u64;
                    let root = *parent
                        .get(ord as usize)
                        .ok_or_else(|| anyhow!("more rows than in pass 1"))?;
                    match clusters.get(&root) {
                        Some(best) if best.ord != ord => {
                            reason.append_value(REASON);
                            d_id.append_value(ids.value(i));
                            d_cluster.append_value(best.first);
                            d_kept.append_value(&best.doc_id);
                        }
                        _ => reason.append_null(),
                    }
                }
                n += b.num_rows() as u64;
                let cols: Vec<ArrayRef> = vec![
                    Arc::new(d_id.finish()),
                    Arc::new(d_cluster.finish()),
                    Arc::new(d_kept.finish()),
                ];
                dups.write(&RecordBatch::try_new(schemas::duplicates(), cols)?)?;
                let mut cols = b.columns().to_vec();
                cols.push(Arc::new(reason.finish()));
                let mut fields: Vec<_> = b.schema().fields().iter().cloned().collect();
                fields.push(Arc::new(Field::new(reason_col, DataType::Utf8, true)));
                let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), cols)?;
                super::filter::split_rejected(cx, out, batch, reason_col)
            })?;
            if n != rows[unit.id] {
                return Err(anyhow!(
                    "shard {} changed between passes ({} rows, then {n})",
                    shard_paths[unit.id].display(),
                    rows[unit.id]
                ));
            }
            dups.finish()?;
            Ok(())
        })?;
        shards::write_json_atomic(
            &Self::stats_path(cx),
            &serde_json::json!({
                "documents": n_docs,
                "candidate_edges": edges,
                "clusters": clusters.len(),
                "removed": removed,
            }),
        )?;
        // The manifest's wall time covers all three passes, not only pass 3.
        if let Some(m) = cx.outcome.lock().unwrap().as_mut() {
            m.wall_seconds = started.elapsed().as_secs_f64();
            shards::write_json_atomic(&cx.dir.join(shards::MANIFEST), &*m)?;
        }
        std::fs::remove_dir_all(&work).ok();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_clusters() {
        let mut d = Dsu::new(6);
        d.union(0, 3);
        d.union(4, 3);
        d.union(1, 2);
        d.flatten();
        assert_eq!(d.parent[0], d.parent[4]);
        assert_eq!(d.parent[1], d.parent[2]);
        assert_ne!(d.parent[0], d.parent[1]);
        assert_eq!(d.parent[5], 5);
        assert_eq!(d.size[d.parent[0] as usize], 3);
    }

    #[test]
    fn params_are_checked() {
        let b = |v: serde_json::Value| DedupMinhash.build(&v).err().map(|e| e.path.join("."));
        assert_eq!(b(serde_json::json!({})), None);
        assert_eq!(b(serde_json::json!({"num_hashes": 128, "bands": 16})), None);
        assert_eq!(
            b(serde_json::json!({"num_hashes": 100, "bands": 14, "rows": 8})),
            Some("num_hashes".into())
        );
        assert_eq!(
            b(serde_json::json!({"memory_limit": "lots"})),
            Some("memory_limit".into())
        );
        assert_eq!(b(serde_json::json!({"memory_limit": "64MB"})), None);
        assert_eq!(b(serde_json::json!({"ngram": 0})), Some("ngram".into()));
    }

    /// Under a memory limit the candidate query sorts (spillable) and streams each bucket: it
    /// must not buffer whole partitions in an unbounded window operator.
    #[test]
    fn candidate_query_is_bounded() {
        let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
        let t = datafusion::datasource::MemTable::try_new(schemas::minhash_bands(), vec![vec![]])
            .unwrap();
        ctx.register_table("bands", Arc::new(t)).unwrap();
        let plan = futures::executor::block_on(async {
            let df = ctx.sql(&MinhashStage::edges_sql(true)).await.unwrap();
            df.create_physical_plan().await.unwrap()
        });
        let text = datafusion::physical_plan::displayable(plan.as_ref())
            .indent(false)
            .to_string();
        assert!(text.contains("BoundedWindowAggExec"), "{text}");
        assert!(text.contains("SortExec"), "{text}");
    }

    #[test]
    fn unit_file_names() {
        assert_eq!(unit_of("part-00012-003.parquet"), Some(12));
        assert_eq!(unit_of(".part-00001-000.parquet.tmp"), Some(1));
        assert_eq!(unit_of("_stats.json"), None);
    }
}
