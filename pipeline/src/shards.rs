//! Parquet shard writing with atomic commits, per-unit commit markers and the
//! per-stage `manifest.json`.
//!
//! Layout of a stage directory:
//! ```text
//! <stage>/part-UUUUU-SSS.parquet        kept rows (unit U, shard S)
//! <stage>/rejected/part-UUUUU-SSS.parquet
//! <stage>/quarantine/part-UUUUU-SSS.parquet
//! <stage>/_units/UUUUU.json             commit marker of unit U (written last, atomically)
//! <stage>/manifest.json                 written once every unit is committed
//! ```
//! A unit is a deterministic slice of the stage's work (usually one input file
//! or shard). Files are written under a `.tmp` name and renamed when closed; a
//! unit's marker is written only after all its files are renamed. On rerun,
//! committed units are skipped and every file of an uncommitted unit is
//! deleted and redone, so a kill at any point loses and doubles nothing.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use serde::{Deserialize, Serialize};

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
    pub zstd_level: i32,
    pub stage: String,
    /// A stage's internal work table (random hashes, many writers at once):
    /// no dictionary encoding (it does not pay on hashes) and row groups of
    /// `WORK_ROW_GROUP_ROWS`, so each open writer buffers little.
    pub work_table: bool,
}

/// Writes a sequence of Parquet shards `<dir>/<prefix>-SSS.parquet`, starting
/// a new shard when the current one holds `target_bytes` of Arrow data.
pub struct ShardWriter {
    stage_dir: PathBuf,
    subdir: String,
    prefix: String,
    schema: SchemaRef,
    opts: ShardOptions,
    current: Option<(ArrowWriter<File>, PathBuf, PathBuf, u64, u64)>,
    done: Vec<ShardInfo>,
}

impl ShardWriter {
    pub fn new(
        stage_dir: &Path,
        subdir: impl Into<String>,
        unit: usize,
        schema: SchemaRef,
        opts: ShardOptions,
    ) -> Self {
        ShardWriter {
            stage_dir: stage_dir.to_path_buf(),
            subdir: subdir.into(),
            prefix: format!("part-{unit:05}"),
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
        let dir = self.stage_dir.join(&self.subdir);
        fs::create_dir_all(&dir)?;
        let name = format!("{}-{:03}.parquet", self.prefix, self.done.len());
        let final_path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.tmp"));
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let table = self
            .schema
            .metadata()
            .get(schemas::TABLE_KEY)
            .cloned()
            .unwrap_or_else(|| schemas::table::DOCUMENTS.to_string());
        // Work tables are not compressed: they hold hashes, which do not
        // compress, and every zstd column writer keeps a compression context
        // of about 1 MB (dedup_minhash opens 15 writers of 3-4 columns).
        let compression = if self.opts.work_table {
            Compression::UNCOMPRESSED
        } else {
            Compression::ZSTD(ZstdLevel::try_new(self.opts.zstd_level)?)
        };
        let mut props = WriterProperties::builder()
            .set_compression(compression)
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_max_row_group_row_count(Some(if self.opts.work_table {
                WORK_ROW_GROUP_ROWS
            } else {
                ROW_GROUP_ROWS
            }))
            .set_dictionary_enabled(!self.opts.work_table)
            .set_key_value_metadata(Some(vec![
                KeyValue::new(
                    schemas::SCHEMA_VERSION_KEY.to_string(),
                    schemas::SCHEMA_VERSION.to_string(),
                ),
                KeyValue::new(schemas::TABLE_KEY.to_string(), table),
                KeyValue::new(schemas::STAGE_KEY.to_string(), self.opts.stage.clone()),
            ]));
        for f in self.schema.fields() {
            if f.metadata().get(schemas::ENCODING_KEY).map(String::as_str) == Some(schemas::DELTA) {
                let c = ColumnPath::from(f.name().as_str());
                props = props
                    .set_column_dictionary_enabled(c.clone(), false)
                    .set_column_encoding(c, Encoding::DELTA_BINARY_PACKED);
            }
        }
        let props = props.build();
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(props))?;
        self.current = Some((writer, tmp, final_path, 0, 0));
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
        let (w, _, _, rows, bytes) = self.current.as_mut().unwrap();
        w.write(&batch)?;
        *rows += batch.num_rows() as u64;
        *bytes += batch.get_array_memory_size() as u64;
        if *bytes >= self.opts.target_bytes {
            self.close_current()?;
        }
        Ok(())
    }

    fn close_current(&mut self) -> Result<()> {
        if let Some((w, tmp, final_path, rows, _)) = self.current.take() {
            w.close()?;
            let bytes = fs::metadata(&tmp)?.len();
            let xxh3 = checksum(&tmp)?;
            fs::rename(&tmp, &final_path)?;
            let rel = final_path
                .strip_prefix(&self.stage_dir)
                .unwrap_or(&final_path)
                .to_string_lossy()
                .into_owned();
            self.done.push(ShardInfo {
                path: rel,
                rows,
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
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.rows_in += other.rows_in;
        self.rows_out += other.rows_out;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
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
    /// Non-Parquet files the unit wrote (token files, tokenizer, model).
    #[serde(default)]
    pub artifacts: Vec<ShardInfo>,
}

/// `manifest.json`: what a committed stage produced.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
}

pub const MANIFEST: &str = "manifest.json";
const UNITS_DIR: &str = "_units";

/// Write `value` as JSON to `path` atomically (temp file, fsync, rename).
pub fn write_json_atomic<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_string_lossy()
    ));
    {
        let mut f = File::create(&tmp)?;
        f.write_all(&serde_json::to_vec_pretty(value)?)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    Ok(())
}

pub fn read_manifest(stage_dir: &Path) -> Result<Option<Manifest>> {
    let p = stage_dir.join(MANIFEST);
    if !p.exists() {
        return Ok(None);
    }
    let m = serde_json::from_slice(&fs::read(&p)?)
        .with_context(|| format!("reading {}", p.display()))?;
    Ok(Some(m))
}

/// True when every file a manifest lists exists with the recorded checksum.
pub fn verify_manifest(stage_dir: &Path, m: &Manifest) -> Result<bool> {
    for s in m
        .shards
        .iter()
        .chain(&m.rejected)
        .chain(&m.quarantine)
        .chain(&m.artifacts)
    {
        let p = stage_dir.join(&s.path);
        if !p.exists() || checksum(&p)? != s.xxh3 {
            return Ok(false);
        }
    }
    Ok(true)
}

pub fn unit_marker(stage_dir: &Path, unit: usize) -> PathBuf {
    stage_dir.join(UNITS_DIR).join(format!("{unit:05}.json"))
}

/// Units committed by an earlier run with the same fingerprint whose files
/// are intact. Anything else in the directory is removed.
pub fn recover(stage_dir: &Path, fingerprint: &str) -> Result<BTreeMap<usize, UnitRecord>> {
    let mut committed = BTreeMap::new();
    let units_dir = stage_dir.join(UNITS_DIR);
    if units_dir.exists() {
        for e in fs::read_dir(&units_dir)? {
            let p = e?.path();
            if p.extension().and_then(|x| x.to_str()) != Some("json") {
                continue;
            }
            let rec: UnitRecord = match fs::read(&p)
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
            {
                Some(r) => r,
                None => continue,
            };
            if rec.fingerprint != fingerprint {
                continue;
            }
            let intact = rec
                .shards
                .iter()
                .chain(&rec.rejected)
                .chain(&rec.quarantine)
                .chain(&rec.artifacts)
                .all(|s| {
                    let f = stage_dir.join(&s.path);
                    f.exists() && checksum(&f).ok().as_deref() == Some(s.xxh3.as_str())
                });
            if intact {
                committed.insert(rec.unit, rec);
            }
        }
    }
    // Remove everything not owned by a committed unit.
    let keep: std::collections::HashSet<PathBuf> = committed
        .values()
        .flat_map(|r| {
            r.shards
                .iter()
                .chain(&r.rejected)
                .chain(&r.quarantine)
                .chain(&r.artifacts)
        })
        .map(|s| stage_dir.join(&s.path))
        .chain(committed.keys().map(|u| unit_marker(stage_dir, *u)))
        .collect();
    for sub in ["", "rejected", "quarantine", UNITS_DIR] {
        let d = stage_dir.join(sub);
        if !d.is_dir() {
            continue;
        }
        for e in fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_file() && !keep.contains(&p) {
                fs::remove_file(&p)?;
            }
        }
    }
    // Artifact directories: drop half-written `.tmp` files and artifacts of
    // uncommitted units (committed ones are in `keep`).
    let artifact_dirs: std::collections::HashSet<PathBuf> = committed
        .values()
        .flat_map(|r| &r.artifacts)
        .filter_map(|a| stage_dir.join(&a.path).parent().map(Path::to_path_buf))
        .collect();
    for e in fs::read_dir(stage_dir)? {
        let d = e?.path();
        let name = d.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !d.is_dir() || name.starts_with('_') || ["rejected", "quarantine"].contains(&name) {
            continue;
        }
        for e in fs::read_dir(&d)? {
            let p = e?.path();
            let tmp = p.extension().and_then(|x| x.to_str()) == Some("tmp");
            if p.is_file() && (tmp || (artifact_dirs.contains(&d) && !keep.contains(&p))) {
                fs::remove_file(&p)?;
            }
        }
    }
    Ok(committed)
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
        };
        let mut w = ShardWriter::new(dir.path(), "", 7, schemas::documents(), opts);
        w.write(&batch(10)).unwrap();
        w.write(&batch(5)).unwrap();
        let shards = w.finish().unwrap();
        assert_eq!(shards.len(), 2);
        assert_eq!(shards[0].path, "part-00007-000.parquet");
        assert_eq!(shards.iter().map(|s| s.rows).sum::<u64>(), 15);
        // Not committed: recovery deletes the files.
        let committed = recover(dir.path(), "fp").unwrap();
        assert!(committed.is_empty());
        assert!(!dir.path().join("part-00007-000.parquet").exists());
    }
}
