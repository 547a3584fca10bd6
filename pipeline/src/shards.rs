//! Parquet shard writing with atomic commits, per-unit commit markers and the
//! per-stage `manifest.json`.
//!
//! Layout of a stage directory:
//! ```text
//! <stage>/part-UUUUU-SSS.parquet        kept rows (unit U, shard S)
//! <stage>/rejected/part-UUUUU-SSS.parquet
//! <stage>/quarantine/part-UUUUU-SSS.parquet
//! <stage>/_units/UUUUU.json             commit marker of unit U (created last, if absent)
//! <stage>/_work/<fp>/<phase>/...        intermediate phases, each with its own _units/
//! <stage>/manifest.json                 created once every unit is committed
//! ```
//! The stage directory may be local or an object-store URL ([`Loc`]). A unit
//! is a deterministic slice of the stage's work (usually one input file or
//! shard). Files are written under a unique staging name and published
//! (renamed, or uploaded) whole when closed; a unit's marker is created only
//! after all its files are published, and only if no marker exists, so of
//! two tasks racing for a unit exactly one commits. On rerun, committed
//! units are skipped and every file of the task's own uncommitted units is
//! deleted and redone, so a kill at any point loses and doubles nothing.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::config::{MaxRowGroupBytes, TableParquetOptions};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde::{Deserialize, Serialize};

use crate::stage::Task;
use crate::storage::Loc;

/// Default target size of one output shard (uncompressed Arrow bytes).
pub const DEFAULT_SHARD_BYTES: u64 = 256 * 1024 * 1024;
/// Row groups are cut at this estimated encoded size: a reader or a stage holds
/// about one row group per open file, so 4 MB keeps stages small in memory
/// (`dedup_minhash` at 1.1M documents peaks at 138 MB; with 8 MB row
/// groups, at 153 MB).
pub const ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;
pub const ROW_GROUP_ROWS: usize = 1 << 20;
pub const WORK_ROW_GROUP_ROWS: usize = 1 << 14;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ShardInfo {
    /// Path relative to the stage directory.
    pub path: String,
    pub rows: u64,
    pub bytes: u64,
    /// xxh3-64 of the file's bytes, hex.
    pub xxh3: String,
}

/// Output settings shared by every shard a stage writes.
#[derive(Debug, Clone)]
pub struct ShardOptions {
    pub target_bytes: u64,
    /// Start a new shard when the open one holds `target_bytes` of Arrow
    /// data; false for a stage whose units are sized to `target_bytes`
    /// already (`write`), which then writes one shard per unit.
    pub roll: bool,
    pub zstd_level: i32,
    pub stage: String,
    /// A stage's internal work table (random hashes, many writers at once):
    /// no dictionary encoding (it does not pay on hashes) and row groups of
    /// `WORK_ROW_GROUP_ROWS`, so each open writer buffers little.
    pub work_table: bool,
}

impl ShardOptions {
    fn row_group_rows(&self) -> usize {
        if self.work_table {
            WORK_ROW_GROUP_ROWS
        } else {
            ROW_GROUP_ROWS
        }
    }

    /// The key-value metadata of every shard: schema version, table (from
    /// `schema`'s metadata), stage.
    fn metadata(&self, schema: &SchemaRef) -> Vec<(String, String)> {
        let table = schema
            .metadata()
            .get(schemas::TABLE_KEY)
            .cloned()
            .unwrap_or_else(|| schemas::table::DOCUMENTS.to_string());
        vec![
            (
                schemas::SCHEMA_VERSION_KEY.to_string(),
                schemas::SCHEMA_VERSION.to_string(),
            ),
            (schemas::TABLE_KEY.to_string(), table),
            (schemas::STAGE_KEY.to_string(), self.stage.clone()),
        ]
    }

    /// [`ShardWriter`]'s Parquet settings as DataFusion's Parquet sink takes
    /// them, for an engine that writes a unit's shard itself
    /// ([`crate::engine::RemoteQueries::write_files`]): the same
    /// compression, row-group limits (rows and bytes; the byte limit holds
    /// only with the sink's single-threaded writer), dictionary and DELTA
    /// columns, and key-value metadata.
    pub fn sink_options(&self, schema: &SchemaRef) -> Result<TableParquetOptions> {
        let mut t = TableParquetOptions::default();
        let g = &mut t.global;
        g.compression = Some(if self.work_table {
            "uncompressed".to_string()
        } else {
            format!("zstd({})", self.zstd_level)
        });
        g.max_row_group_size = self.row_group_rows();
        g.max_row_group_bytes = Some(MaxRowGroupBytes::try_new(ROW_GROUP_BYTES)?);
        g.allow_single_file_parallelism = false;
        g.dictionary_enabled = Some(!self.work_table);
        for c in delta_columns(schema) {
            let o = t.column_specific_options.entry(c.to_string()).or_default();
            o.dictionary_enabled = Some(false);
            o.encoding = Some("delta_binary_packed".to_string());
        }
        t.key_value_metadata = self
            .metadata(schema)
            .into_iter()
            .map(|(k, v)| (k, Some(v)))
            .collect();
        Ok(t)
    }
}

/// Columns that a schema's field metadata marks for DELTA encoding.
fn delta_columns(schema: &SchemaRef) -> impl Iterator<Item = &str> {
    schema
        .fields()
        .iter()
        .filter(|f| {
            f.metadata().get(schemas::ENCODING_KEY).map(String::as_str) == Some(schemas::DELTA)
        })
        .map(|f| f.name().as_str())
}

/// Where a stage or phase writes: its output location, and a local folder
/// for files being written before they are published there.
#[derive(Debug, Clone)]
pub struct Dest {
    pub loc: Loc,
    pub scratch: PathBuf,
}

/// Writes a sequence of Parquet shards `<dest>/<subdir>/part-UUUUU-SSS.parquet`,
/// starting a new shard when the current one holds `target_bytes` of Arrow
/// data. Each shard is written to a staging file and published (renamed or
/// uploaded) whole when closed.
pub struct ShardWriter {
    dest: Dest,
    subdir: String,
    unit: usize,
    schema: SchemaRef,
    opts: ShardOptions,
    current: Option<OpenShard>,
    done: Vec<ShardInfo>,
}

struct OpenShard {
    writer: ArrowWriter<File>,
    tmp: PathBuf,
    rel: String,
    rows: u64,
    bytes: u64,
}

impl ShardWriter {
    pub fn new(
        dest: &Dest,
        subdir: impl Into<String>,
        unit: usize,
        schema: SchemaRef,
        opts: ShardOptions,
    ) -> Self {
        ShardWriter {
            dest: dest.clone(),
            subdir: subdir.into(),
            unit,
            schema,
            opts,
            current: None,
            done: vec![],
        }
    }

    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn open(&mut self) -> Result<()> {
        let rel = shard_name(&self.subdir, self.unit, self.done.len());
        let tmp = self
            .dest
            .loc
            .join(&rel)
            .staging_path(&self.dest.scratch.join(&self.subdir))?;
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let o = &self.opts;
        // Work tables are not compressed: they hold hashes, which do not
        // compress, and every zstd column writer keeps a compression context
        // of about 1 MB (dedup_minhash opens 15 writers of 3-4 columns).
        let compression = if o.work_table {
            Compression::UNCOMPRESSED
        } else {
            Compression::ZSTD(ZstdLevel::try_new(o.zstd_level)?)
        };
        let mut props = WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_max_row_group_row_count(Some(o.row_group_rows()))
            .set_dictionary_enabled(!o.work_table)
            .set_key_value_metadata(Some(
                o.metadata(&self.schema)
                    .into_iter()
                    .map(|(k, v)| KeyValue::new(k, v))
                    .collect(),
            ));
        for c in delta_columns(&self.schema) {
            let c = ColumnPath::from(c);
            props = props
                .set_column_dictionary_enabled(c.clone(), false)
                .set_column_encoding(c, Encoding::DELTA_BINARY_PACKED);
        }
        let props = props.build();
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(props))?;
        self.current = Some(OpenShard {
            writer,
            tmp,
            rel,
            rows: 0,
            bytes: 0,
        });
        Ok(())
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        if self.current.is_none() {
            self.open()?;
        }
        let batch = if batch.schema().metadata() != self.schema.metadata() {
            RecordBatch::try_new(self.schema.clone(), batch.columns().to_vec())
                .context("batch does not match the stage's output schema")?
        } else {
            batch.clone()
        };
        let Some(cur) = self.current.as_mut() else {
            bail!("{}: shard writer not open", self.opts.stage)
        };
        cur.writer.write(&batch)?;
        cur.rows += batch.num_rows() as u64;
        cur.bytes += batch.get_array_memory_size() as u64;
        if self.opts.roll && cur.bytes >= self.opts.target_bytes {
            self.close_current()?;
        }
        Ok(())
    }

    /// End the current row group here (the next rows start a new one), so
    /// a sorted work table can be cut at partition boundaries that readers
    /// skip by row-group statistics.
    pub fn flush_row_group(&mut self) -> Result<()> {
        if let Some(cur) = self.current.as_mut() {
            cur.writer.flush()?;
        }
        Ok(())
    }

    fn close_current(&mut self) -> Result<()> {
        if let Some(cur) = self.current.take() {
            cur.writer.close()?;
            let bytes = fs::metadata(&cur.tmp)?.len();
            let xxh3 = checksum(&cur.tmp)?;
            self.dest.loc.join(&cur.rel).publish(&cur.tmp)?;
            self.done.push(ShardInfo {
                path: cur.rel,
                rows: cur.rows,
                bytes,
                xxh3,
            });
        }
        Ok(())
    }

    /// Close the open shard and return every shard written.
    pub fn finish(mut self) -> Result<Vec<ShardInfo>> {
        self.close_current()?;
        Ok(std::mem::take(&mut self.done))
    }
}

/// The path, relative to the stage directory, of shard `n` of `unit` in
/// `subdir` (`""`: the output itself): `<subdir>/part-UUUUU-NNN.parquet`.
pub fn shard_name(subdir: &str, unit: usize, n: usize) -> String {
    let name = format!("part-{unit:05}-{n:03}.parquet");
    if subdir.is_empty() {
        name
    } else {
        format!("{subdir}/{name}")
    }
}

/// xxh3-64 of a file's bytes, hex.
pub fn checksum(path: &Path) -> Result<String> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut r = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:016x}", hasher.digest()))
}

/// Counters of one unit or one stage.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Counts {
    pub rows_in: u64,
    pub rows_out: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Rows that left the main output, by reason (rejected and quarantined).
    pub drops: BTreeMap<String, u64>,
    /// Times the unit's queries spilled to disk under a memory limit, and bytes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spills: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub spilled_bytes: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.rows_in += other.rows_in;
        self.rows_out += other.rows_out;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        self.spills += other.spills;
        self.spilled_bytes += other.spilled_bytes;
        for (k, v) in &other.drops {
            *self.drops.entry(k.clone()).or_default() += v;
        }
    }

    pub fn drop(&mut self, reason: &str, n: u64) {
        if n > 0 {
            *self.drops.entry(reason.to_string()).or_default() += n;
        }
    }
}

/// Commit marker of one unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitRecord {
    pub unit: usize,
    pub label: String,
    pub fingerprint: String,
    pub shards: Vec<ShardInfo>,
    pub rejected: Vec<ShardInfo>,
    pub quarantine: Vec<ShardInfo>,
    pub counts: Counts,
    pub seconds: f64,
    /// Non-Parquet files and side tables the unit wrote (token files,
    /// tokenizer, model, `duplicates/`).
    #[serde(default)]
    pub artifacts: Vec<ShardInfo>,
    /// Lines for the run summary.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// `manifest.json`: what a committed stage produced.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub stage: String,
    pub kind: String,
    pub schema_version: String,
    /// Hash of the stage's kind, parameters and inputs; a change reruns the stage.
    pub fingerprint: String,
    /// Output columns, `name: type`.
    pub columns: Vec<String>,
    pub units: usize,
    pub shards: Vec<ShardInfo>,
    pub rejected: Vec<ShardInfo>,
    pub quarantine: Vec<ShardInfo>,
    pub counts: Counts,
    /// Wall time of the run that completed the stage, seconds.
    pub wall_seconds: f64,
    /// Units skipped because an earlier, interrupted run had committed them.
    pub resumed_units: usize,
    /// Non-Parquet files the stage wrote (path relative to the stage
    /// directory, `rows` = tokens for token files, else 0), checksummed.
    #[serde(default)]
    pub artifacts: Vec<ShardInfo>,
    /// Stage-specific results for the run summary (e.g. validation loss).
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the fingerprint was computed from (to say why a rerun
    /// recomputes the stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::fingerprint::Provenance>,
}

pub const MANIFEST: &str = "manifest.json";
pub const UNITS_DIR: &str = "_units";
/// Intermediate phases of a stage: `_work/<fingerprint prefix>/<phase>/`.
pub const WORK_DIR: &str = "_work";
pub const TASKS_FILE: &str = "_tasks.json";
/// Created in an intermediate phase's directory once all its units are committed.
pub const DONE: &str = "_done.json";

/// Write `value` as JSON to `loc` atomically (temp file, fsync, rename; or
/// one PUT), replacing what is there.
pub fn write_json(loc: &Loc, value: &impl Serialize) -> Result<()> {
    loc.put(&serde_json::to_vec_pretty(value)?)
}

pub fn read_manifest(stage_dir: &Loc) -> Result<Option<Manifest>> {
    let p = stage_dir.join(MANIFEST);
    match p.read_opt()? {
        None => Ok(None),
        Some(b) => Ok(Some(
            serde_json::from_slice(&b).with_context(|| format!("reading {p}"))?,
        )),
    }
}

/// Files a manifest or marker lists.
fn files_of<'a>(
    shards: &'a [ShardInfo],
    rejected: &'a [ShardInfo],
    quarantine: &'a [ShardInfo],
    artifacts: &'a [ShardInfo],
) -> impl Iterator<Item = &'a ShardInfo> {
    shards
        .iter()
        .chain(rejected)
        .chain(quarantine)
        .chain(artifacts)
}

/// True when every file a manifest lists is there: with the recorded
/// checksum when `deep`, else with the recorded size (one listing, no read).
pub fn verify_manifest(stage_dir: &Loc, m: &Manifest, deep: bool) -> Result<bool> {
    let files = files_of(&m.shards, &m.rejected, &m.quarantine, &m.artifacts);
    intact(stage_dir, files, deep)
}

fn intact<'a>(dir: &Loc, files: impl Iterator<Item = &'a ShardInfo>, deep: bool) -> Result<bool> {
    match dir.as_path() {
        Some(root) if deep => checksums_match(root, files),
        _ => Ok(sizes_match(&dir.list()?.into_iter().collect(), files)),
    }
}

/// Every file under `root` with its recorded checksum.
fn checksums_match<'a>(root: &Path, files: impl Iterator<Item = &'a ShardInfo>) -> Result<bool> {
    for s in files {
        let p = root.join(&s.path);
        if !p.exists() || checksum(&p)? != s.xxh3 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Every file in a listing (`path -> size`) with its recorded size.
fn sizes_match<'a>(
    listed: &std::collections::HashMap<String, u64>,
    mut files: impl Iterator<Item = &'a ShardInfo>,
) -> bool {
    files.all(|s| listed.get(&s.path) == Some(&s.bytes))
}

pub fn unit_marker(dir: &Loc, unit: usize) -> Loc {
    dir.join(&format!("{UNITS_DIR}/{unit:05}.json"))
}

/// Commit a unit: create its marker unless one exists. `false` when another
/// task committed the unit first.
pub fn commit_unit(dir: &Loc, rec: &UnitRecord) -> Result<bool> {
    unit_marker(dir, rec.unit).put_if_absent(&serde_json::to_vec_pretty(rec)?)
}

/// The unit a file belongs to, from its name (`part-UUUUU-...`, also as a
/// `.part-UUUUU-....tmp` staging file).
pub fn unit_of(name: &str) -> Option<usize> {
    name.trim_start_matches('.')
        .strip_prefix("part-")?
        .get(..5)?
        .parse()
        .ok()
}

fn read_marker(dir: &Loc, unit: usize, fingerprint: &str) -> Result<Option<UnitRecord>> {
    let Some(b) = unit_marker(dir, unit).read_opt()? else {
        return Ok(None);
    };
    Ok(serde_json::from_slice::<UnitRecord>(&b)
        .ok()
        .filter(|r| r.fingerprint == fingerprint && r.unit == unit))
}

/// Markers of `units` committed with `fingerprint` (files not re-checked:
/// their owner checked them).
pub fn read_units(
    dir: &Loc,
    fingerprint: &str,
    units: &[usize],
) -> Result<BTreeMap<usize, UnitRecord>> {
    let present: std::collections::HashSet<String> = dir
        .join(UNITS_DIR)
        .list()?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    let mut out = BTreeMap::new();
    for &u in units {
        if !present.contains(&format!("{u:05}.json")) {
            continue;
        }
        if let Some(r) = read_marker(dir, u, fingerprint)? {
            out.insert(u, r);
        }
    }
    Ok(out)
}

/// Units among `0..n` without a marker of this fingerprint.
pub fn missing_units(dir: &Loc, fingerprint: &str, n: usize) -> Result<Vec<usize>> {
    let all: Vec<usize> = (0..n).collect();
    let found = read_units(dir, fingerprint, &all)?;
    Ok(all.into_iter().filter(|u| !found.contains_key(u)).collect())
}

/// Recovery at the start of a phase, for the task that owns the units
/// `owns` accepts: every committed unit (any owner) is returned; of its own
/// units, a marker of another fingerprint or with damaged files is removed,
/// and so is every file of an uncommitted one (`part-UUUUU-*`, staging
/// files included). Files of other tasks' units are left alone: they may be
/// in flight.
pub fn recover(
    dir: &Loc,
    fingerprint: &str,
    n_units: usize,
    owns: &dyn Fn(usize) -> bool,
) -> Result<BTreeMap<usize, UnitRecord>> {
    let all: Vec<usize> = (0..n_units).collect();
    let mut committed = read_units(dir, fingerprint, &all)?;
    let listing = dir.list()?;
    let sizes: std::collections::HashMap<String, u64> = listing.iter().cloned().collect();
    let mut bad = vec![];
    for (u, r) in &committed {
        if !owns(*u) {
            continue;
        }
        let files = files_of(&r.shards, &r.rejected, &r.quarantine, &r.artifacts);
        // Local: checksums; remote: sizes from the one listing above.
        let ok = match dir.as_path() {
            Some(root) => checksums_match(root, files)?,
            None => sizes_match(&sizes, files),
        };
        if !ok {
            bad.push(*u);
        }
    }
    for u in bad {
        tracing::warn!("{dir}: unit {u}'s files are missing or damaged: redoing it");
        committed.remove(&u);
        unit_marker(dir, u).delete()?;
    }
    // Stale markers of this task's units (another configuration's).
    for (name, _) in &listing {
        if let Some(m) = name.strip_prefix(&format!("{UNITS_DIR}/")) {
            let unit = m
                .strip_suffix(".json")
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(u) = unit {
                if owns(u) && !committed.contains_key(&u) {
                    dir.join(name).delete()?;
                }
            }
        }
    }
    // Staging files that no live process will publish. Published shards of
    // uncommitted units stay: the rerun writes the same names again, and
    // what it does not rewrite is swept when the stage completes. Deleting
    // them here could pull files from under a racing task that runs the
    // same unit and is about to commit it.
    for (name, _) in &listing {
        if name.starts_with(UNITS_DIR) || name.starts_with(WORK_DIR) || name == MANIFEST {
            continue;
        }
        let base = name.rsplit('/').next().unwrap_or(name);
        if let Some(u) = unit_of(base) {
            if u < n_units
                && owns(u)
                && !committed.contains_key(&u)
                && crate::storage::abandoned_staging(base)
            {
                dir.join(name).delete()?;
            }
        }
    }
    Ok(committed)
}

/// Once every unit is committed: remove unit files (`part-UUUUU-*`) that no
/// commit lists, left by an earlier configuration (e.g. more units than
/// now). Any task may do this; it touches no file a commit lists.
pub fn sweep_stale(dir: &Loc, records: &BTreeMap<usize, UnitRecord>, n_units: usize) -> Result<()> {
    let keep: std::collections::HashSet<&str> = records
        .values()
        .flat_map(|r| files_of(&r.shards, &r.rejected, &r.quarantine, &r.artifacts))
        .map(|s| s.path.as_str())
        .collect();
    for (name, _) in dir.list()? {
        if name.starts_with(UNITS_DIR) || name.starts_with(WORK_DIR) || keep.contains(name.as_str())
        {
            continue;
        }
        let base = name.rsplit('/').next().unwrap_or(&name);
        let staging = base.starts_with('.') && base.ends_with(".tmp");
        // A published file no commit lists; a staging file of a unit that no
        // longer exists, or that no live process will publish.
        let stale = if staging {
            unit_of(base).is_some_and(|u| u >= n_units) || crate::storage::abandoned_staging(base)
        } else {
            unit_of(base).is_some()
        };
        if stale {
            dir.join(&name).delete()?;
        }
    }
    Ok(())
}

/// The tasks of one phase must agree on their count (a changed count would
/// split the units another way while some are in flight). The first task
/// records it; a task with another count stops with an error.
pub fn check_task_count(dir: &Loc, fingerprint: &str, task: Task, label: &str) -> Result<()> {
    #[derive(Serialize, Deserialize)]
    struct Tasks {
        count: usize,
        fingerprint: String,
    }
    let f = dir.join(TASKS_FILE);
    let mine = Tasks {
        count: task.count,
        fingerprint: fingerprint.to_string(),
    };
    for _ in 0..2 {
        match f.read_opt()? {
            None => {
                if f.put_if_absent(&serde_json::to_vec(&mine)?)? {
                    return Ok(());
                }
            }
            Some(b) => {
                let t: Tasks =
                    serde_json::from_slice(&b).with_context(|| format!("reading {f}"))?;
                if t.fingerprint != fingerprint {
                    // Another configuration's: this run starts the phase anew.
                    f.delete()?;
                    continue;
                }
                if t.count != task.count {
                    bail!(
                        "{label}: {task}, but this phase was started with {} task(s); finish it with --task-count {} (units are split by the count), or remove {dir} to start it again",
                        t.count,
                        t.count
                    );
                }
                return Ok(());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{StringArray, UInt64Array};
    use std::sync::Arc;

    fn batch(n: usize) -> RecordBatch {
        let schema = schemas::documents();
        let ids: Vec<String> = (0..n).map(|i| format!("{i:032x}")).collect();
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(ids.clone())),
                Arc::new(StringArray::from(vec!["some text"; n])),
                Arc::new(StringArray::from(vec!["f.jsonl"; n])),
                Arc::new(UInt64Array::from((1..=n as u64).collect::<Vec<_>>())),
                Arc::new(StringArray::from(vec![None::<&str>; n])),
            ],
        )
        .unwrap()
    }

    #[test]
    fn rolls_shards_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ShardOptions {
            target_bytes: 1,
            zstd_level: 3,
            stage: "t".into(),
            work_table: false,
            roll: true,
        };
        let dest = Dest {
            loc: Loc::local(dir.path()),
            scratch: dir.path().to_path_buf(),
        };
        let mut w = ShardWriter::new(&dest, "", 7, schemas::documents(), opts.clone());
        w.write(&batch(10)).unwrap();
        w.write(&batch(5)).unwrap();
        let shards = w.finish().unwrap();
        assert_eq!(shards.len(), 2);
        assert_eq!(shards[0].path, "part-00007-000.parquet");
        assert_eq!(shards.iter().map(|s| s.rows).sum::<u64>(), 15);
        // Another task's unit 3, in flight: not this task's to clean up.
        let mut w = ShardWriter::new(&dest, "", 3, schemas::documents(), opts);
        w.write(&batch(2)).unwrap();
        w.finish().unwrap();
        // A staging file of unit 7 left by a process that exited, and one of
        // a live process (this one) racing for unit 5.
        let dead = dir.path().join(format!(
            ".part-00007-002.parquet.{}~999999999~0.tmp",
            crate::storage::host_name()
        ));
        std::fs::write(&dead, b"x").unwrap();
        let live = crate::storage::Loc::local(dir.path().join("part-00005-000.parquet"))
            .staging_path(dir.path())
            .unwrap();
        std::fs::write(&live, b"x").unwrap();
        // Not committed: recovery by the owner of units 5 and 7 removes no
        // published file (the rerun rewrites them) and no live staging file.
        let owns = |u: usize| u % 2 == 1 && u != 3;
        let committed = recover(&dest.loc, "fp", 8, &owns).unwrap();
        assert!(committed.is_empty());
        assert!(dir.path().join("part-00007-000.parquet").exists());
        assert!(dir.path().join("part-00003-000.parquet").exists());
        assert!(live.exists());
        assert!(!dead.exists(), "an exited process's staging file goes");
        // Once every unit is committed, what no commit lists is swept.
        sweep_stale(&dest.loc, &BTreeMap::new(), 8).unwrap();
        assert!(!dir.path().join("part-00007-000.parquet").exists());
        assert!(live.exists(), "a live process's staging file stays");
        std::fs::remove_file(&live).unwrap();
    }

    #[test]
    fn commits_once_and_recovers_committed_units() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Loc::local(dir.path());
        let rec = |fp: &str| UnitRecord {
            unit: 2,
            label: "x".into(),
            fingerprint: fp.into(),
            shards: vec![],
            rejected: vec![],
            quarantine: vec![],
            counts: Counts::default(),
            seconds: 0.0,
            artifacts: vec![],
            notes: vec![],
        };
        assert!(commit_unit(&loc, &rec("fp")).unwrap());
        assert!(!commit_unit(&loc, &rec("fp")).unwrap());
        assert_eq!(missing_units(&loc, "fp", 3).unwrap(), vec![0, 1]);
        let all = |_: usize| true;
        assert_eq!(recover(&loc, "fp", 3, &all).unwrap().len(), 1);
        // Another fingerprint: the owner removes the stale marker.
        assert!(recover(&loc, "other", 3, &all).unwrap().is_empty());
        assert!(!unit_marker(&loc, 2).exists().unwrap());
    }

    #[test]
    fn task_count_must_not_change_within_a_phase() {
        let dir = tempfile::tempdir().unwrap();
        let loc = Loc::local(dir.path());
        check_task_count(&loc, "fp", Task::new(0, 3).unwrap(), "s").unwrap();
        check_task_count(&loc, "fp", Task::new(2, 3).unwrap(), "s").unwrap();
        let e = check_task_count(&loc, "fp", Task::new(0, 2).unwrap(), "s").unwrap_err();
        assert!(e.to_string().contains("started with 3 task(s)"), "{e}");
        // A new configuration starts the phase anew.
        check_task_count(&loc, "fp2", Task::new(0, 2).unwrap(), "s").unwrap();
    }
}
