//! The stage abstraction: a stage kind builds a stage from its parameters; a
//! stage declares its output schema and phases, explains its plan and runs
//! over units.
//!
//! What the runner asks of a stage ([`Stage`]):
//! 1. `output_schema`: the columns it writes, from its inputs' (validation);
//! 2. `explain`: its plan, for `curate validate`;
//! 3. `phases`: its steps, each a set of units that tasks run in parallel
//!    (default: one), or that one task runs (`single`);
//! 4. `run`: the work, as calls to [`StageCx::work_phase`] (one per phase
//!    but the last) and then [`StageCx::run_units`] (the last phase, which
//!    writes the stage's table).
//!
//! **Units and tasks.** A phase's work is cut into units by the data (input
//! shards, bands, key ranges), never by the number of tasks. Task `i` of `N`
//! (`--task-index`/`--task-count`, or one process: 0 of 1) runs the units
//! with `id % N == i`, so N processes together do each unit once, and a
//! task's choice needs no coordinator. Each unit commits by creating its
//! marker (`_units/UUUUU.json`) if absent: of two tasks racing for one unit,
//! one commits. The task that finds every unit of the last phase committed
//! builds the manifest (create-if-absent too). A task cleans up only the
//! files of its own uncommitted units, never another task's in-flight ones.
//!
//! **Phases and barriers.** Phase `k+1` reads only what phase `k` committed
//! under `_work/<fingerprint>/<phase>/` (a kill loses no finished unit of
//! any phase). Run as separate jobs (`--phase`), a phase checks that the
//! phases before it are complete; in one invocation with N > 1 tasks each
//! task waits at the end of a phase until all its units are committed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::de::DeserializeOwned;

use crate::functions::Functions;
use crate::progress::Progress;
use crate::shards::{
    self, Counts, Dest, Manifest, ShardInfo, ShardOptions, ShardWriter, UnitRecord,
};
use crate::storage::Loc;
use crate::unit_table::UnitFiles;

/// What a stage's `inputs:` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Files or globs, relative to the workflow file.
    Paths,
    /// Other stages, at least `min`, at most `max`.
    Stages { min: usize, max: Option<usize> },
}

/// A parameter error at a path inside the stage's mapping.
#[derive(Debug)]
pub struct ParamError {
    pub path: Vec<String>,
    pub message: String,
}

/// A parameter error at one key.
pub fn perr(key: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        path: vec![key.into()],
        message: message.into(),
    }
}

/// Deserialize stage parameters, keeping the path of the first bad field.
pub fn params<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, ParamError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                _ => None,
            })
            .collect();
        ParamError {
            path,
            message: e.into_inner().to_string(),
        }
    })
}

/// One step of a stage: its units run in parallel over the tasks, or (when
/// `single`) in one task because the step needs all of its data at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phase {
    pub name: &'static str,
    pub single: bool,
    /// One line: what the phase does and what its units are.
    pub what: &'static str,
}

impl Phase {
    pub const fn parallel(name: &'static str, what: &'static str) -> Phase {
        Phase {
            name,
            single: false,
            what,
        }
    }
    pub const fn single(name: &'static str, what: &'static str) -> Phase {
        Phase {
            name,
            single: true,
            what,
        }
    }
}

/// The phase of a one-step stage.
pub const RUN: Phase = Phase::parallel("run", "one unit per input shard or file");

/// A kind of stage (`uses:` in the workflow). Adding a stage is one file
/// implementing this plus one line in `stages::KINDS`.
pub trait StageKind: Sync {
    fn name(&self) -> &'static str;
    /// One line for `curate stages`.
    fn summary(&self) -> &'static str;
    fn inputs(&self) -> InputKind;
    /// True when the input stages may have different columns (the stage
    /// checks them in [`Stage::output_schema`]); by default they must match.
    fn mixed_inputs(&self) -> bool {
        false
    }
    fn build(&self, params: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError>;
    /// The kind's code revision (a `REVISION` const in its file), bumped
    /// when the stage's output for the same parameters changes (e.g. a new
    /// default): part of the resume fingerprint, so outputs of the old
    /// behavior are recomputed instead of reused. No default: every kind
    /// states its own.
    fn revision(&self) -> u32;
    /// What runs on a remote engine (`curate run --engine ballista`): the
    /// per-unit queries of [`StageCx::run_query_units`], when the kind's
    /// work goes through it (`None`: everything runs in this process).
    fn remote_work(&self) -> Option<&'static str> {
        None
    }
}

/// A configured stage.
pub trait Stage: Send + Sync {
    /// Schema of the main output, given the main-output schemas of the input
    /// stages (empty for path inputs). Errors here are validation errors.
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef>;
    /// The plan, for `curate validate` and `curate run --dry-run`.
    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String>;
    /// The stage's phases, in order; `run` calls one [`StageCx::work_phase`]
    /// per phase but the last, then [`StageCx::run_units`].
    fn phases(&self) -> Vec<Phase> {
        vec![RUN]
    }
    fn run(&self, cx: &StageCx) -> Result<()>;
    /// Files named by the stage's parameters (key path, path as written),
    /// checked to exist relative to the workflow at validation.
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        vec![]
    }
    /// Whether the parameter file at `key` may be an object-store URL
    /// (model files: every process that runs the query fetches it).
    fn param_url_ok(&self, _key: &[&str]) -> bool {
        false
    }
    /// Where the stage writes (a path relative to the workflow's directory,
    /// or a URL), if not `<workflow output>/<stage name>`.
    fn output_dir(&self) -> Option<String> {
        None
    }
    /// True when the stage sizes its units to `shard_size` itself
    /// (`write`): each unit then writes one shard, on every engine,
    /// instead of starting a new one at `shard_size` of Arrow data.
    fn unit_is_shard(&self) -> bool {
        false
    }
}

/// An input of a running stage.
#[derive(Debug, Clone)]
pub enum Input {
    Files(Vec<Loc>),
    Stage {
        name: String,
        dir: Loc,
        manifest: Box<Manifest>,
    },
}

/// Which share of the work this process does: task `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    pub index: usize,
    pub count: usize,
}

impl Task {
    /// One process doing everything.
    pub const SOLO: Task = Task { index: 0, count: 1 };

    pub fn new(index: usize, count: usize) -> Result<Task> {
        if count == 0 {
            bail!("--task-count must be at least 1");
        }
        if index >= count {
            bail!("task index {index} is outside 0..{count} (task count {count})");
        }
        Ok(Task { index, count })
    }

    /// The task from the command line, else from a batch system's
    /// environment: Slurm arrays (`SLURM_ARRAY_TASK_ID` minus
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`), Kubernetes
    /// Indexed Jobs (`JOB_COMPLETION_INDEX`, of `--task-count` or
    /// `CURATE_TASK_COUNT`); else the only task.
    pub fn resolve(index: Option<usize>, count: Option<usize>) -> Result<Task> {
        let env = |k: &str| -> Result<Option<usize>> {
            match std::env::var(k) {
                Err(_) => Ok(None),
                Ok(v) => v
                    .trim()
                    .parse()
                    .map(Some)
                    .map_err(|_| anyhow!("{k}={v:?} is not a task number")),
            }
        };
        let (index, count) = match (index, count) {
            (Some(i), Some(n)) => (i, n),
            (Some(_), None) => bail!("--task-index needs --task-count"),
            (None, count) => {
                if let Some(id) = env("SLURM_ARRAY_TASK_ID")? {
                    let min = env("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
                    let n = match count {
                        Some(n) => n,
                        None => env("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| {
                            anyhow!("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; pass --task-count")
                        })?,
                    };
                    (
                        id.checked_sub(min).ok_or_else(|| {
                            anyhow!("SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}")
                        })?,
                        n,
                    )
                } else if let Some(id) = env("JOB_COMPLETION_INDEX")? {
                    let n = match count {
                        Some(n) => n,
                        None => env("CURATE_TASK_COUNT")?.ok_or_else(|| {
                            anyhow!("JOB_COMPLETION_INDEX is set: pass --task-count or set CURATE_TASK_COUNT")
                        })?,
                    };
                    (id, n)
                } else {
                    match count {
                        None | Some(1) => (0, 1),
                        Some(n) => bail!("--task-count {n} needs --task-index (or a batch system's task index in the environment)"),
                    }
                }
            }
        };
        Task::new(index, count)
    }

    /// Whether this task runs unit `id`.
    pub fn owns(&self, id: usize) -> bool {
        id % self.count == self.index
    }
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "task {} of {}", self.index, self.count)
    }
}

/// Returned as an error by a phase when this task has done its share but
/// other tasks still have units to commit (array tasks run without waiting):
/// the stage stops there, and the run counts it as this task's success.
#[derive(Debug)]
pub struct NotComplete {
    pub stage: String,
    pub phase: String,
    pub missing: Vec<usize>,
}

impl std::fmt::Display for NotComplete {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stage `{}` phase `{}`: this task's units are committed; {} unit(s) of other tasks are not yet",
            self.stage,
            self.phase,
            self.missing.len()
        )
    }
}

impl std::error::Error for NotComplete {}

/// Everything a running stage may use.
pub struct StageCx<'a> {
    pub name: String,
    pub kind: String,
    /// Where the stage's output lives (a local directory or a URL).
    pub out: Loc,
    /// A local directory for the stage's own files (checkpoints, journals,
    /// artifacts before upload): `out` itself when local, else a folder in
    /// the scratch space.
    pub dir: PathBuf,
    /// Directory relative to which input paths are shown.
    pub base_dir: PathBuf,
    pub inputs: Vec<Input>,
    pub input_schemas: Vec<SchemaRef>,
    pub output_schema: SchemaRef,
    pub threads: usize,
    pub quarantine: bool,
    pub shard_opts: ShardOptions,
    pub fingerprint: String,
    pub fx: &'a Functions,
    pub rt: tokio::runtime::Handle,
    pub progress: &'a Progress,
    pub task: Task,
    /// Where [`StageCx::run_query_units`] runs each unit's query (`None`:
    /// in this process).
    pub remote: crate::engine::Remote,
    /// Run only this phase (its index); earlier ones must be complete.
    pub only_phase: Option<usize>,
    /// Wait at the end of each phase for the other tasks' units.
    pub wait: bool,
    pub(crate) phases: Vec<Phase>,
    pub(crate) next_phase: AtomicUsize,
    pub(crate) outcome: Mutex<Option<Manifest>>,
    pub(crate) notes: Mutex<Vec<String>>,
    /// When this process started the stage: the manifest's wall time covers
    /// every phase it ran, not only the last.
    pub(crate) started: Instant,
    /// Set once the remote engine answered ([`StageCx::check_remote`]).
    pub(crate) remote_ok: std::sync::OnceLock<()>,
}

/// A deterministic slice of a stage's work.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: usize,
    pub label: String,
    /// Input bytes, for progress and throughput.
    pub bytes: u64,
}

/// The writers and counters one unit fills.
pub struct UnitOut<'a> {
    cx: &'a StageCx<'a>,
    unit: usize,
    main: ShardWriter,
    rejected: Option<ShardWriter>,
    quarantine: Option<ShardWriter>,
    /// Shards the query engine wrote ([`UnitOut::adopt`]): output, rejected.
    adopted: (Vec<ShardInfo>, Vec<ShardInfo>),
    artifacts: Vec<ShardInfo>,
    notes: Vec<String>,
    pub counts: Counts,
}

impl UnitOut<'_> {
    /// A shard that the query engine wrote itself at `rel` under the stage
    /// directory, with `rows` rows: recorded as output (`rejected`: in
    /// `rejected/`) after a check that it is there, with its size and
    /// checksum as this process reads it.
    pub fn adopt(&mut self, rel: &str, rows: u64, rejected: bool) -> Result<()> {
        let info = written_file(&self.cx.dest().loc, rel, rows)?;
        if rejected {
            self.adopted.1.push(info);
        } else {
            self.adopted.0.push(info);
        }
        Ok(())
    }

    /// Write kept rows.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.main.write(batch)
    }

    /// Write rows to `rejected/` (schema: input + rejected columns).
    pub fn reject(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let w = self.rejected.get_or_insert_with(|| {
            ShardWriter::new(
                &self.cx.dest(),
                "rejected",
                self.unit,
                batch.schema(),
                self.cx.shard_opts.clone(),
            )
        });
        w.write(batch)
    }

    /// Where to write an artifact (a non-Parquet file) at `rel` under the
    /// stage directory; parent directories are created. Write it under a
    /// `.tmp` name and rename, then register it with [`UnitOut::artifact`].
    pub fn artifact_path(&self, rel: &str) -> Result<std::path::PathBuf> {
        let p = self.cx.dir.join(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d)?;
        }
        Ok(p)
    }

    /// Register a finished artifact (checksummed into the unit's commit
    /// marker and the manifest; uploaded when the output is remote). `rows`
    /// is what it holds (e.g. tokens).
    pub fn artifact(&mut self, rel: &str, rows: u64) -> Result<()> {
        let p = self.cx.dir.join(rel);
        let info = ShardInfo {
            path: rel.to_string(),
            rows,
            bytes: std::fs::metadata(&p)?.len(),
            xxh3: shards::checksum(&p)?,
        };
        if self.cx.out.is_remote() {
            self.cx.out.join(rel).upload(&p)?;
        }
        self.artifacts.push(info);
        Ok(())
    }

    /// A side table of this unit (e.g. `duplicates/`): Parquet shards in
    /// `subdir`, registered as artifacts by [`UnitOut::keep`].
    pub fn side_writer(&self, subdir: &str, schema: SchemaRef) -> ShardWriter {
        ShardWriter::new(
            &self.cx.dest(),
            subdir,
            self.unit,
            schema,
            self.cx.shard_opts.clone(),
        )
    }

    /// Finish a side table and register its shards.
    pub fn keep(&mut self, w: ShardWriter) -> Result<()> {
        self.artifacts.extend(w.finish()?);
        Ok(())
    }

    /// A line for the run summary, kept in the unit's commit (so whichever
    /// task completes the stage reports it).
    pub fn note(&mut self, line: impl Into<String>) {
        self.notes.push(line.into());
    }

    /// Write rows to `quarantine/` (schema: [`curate_schemas::quarantine`]).
    pub fn quarantine(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let w = self.quarantine.get_or_insert_with(|| {
            ShardWriter::new(
                &self.cx.dest(),
                "quarantine",
                self.unit,
                curate_schemas::quarantine(),
                self.cx.shard_opts.clone(),
            )
        });
        w.write(batch)
    }
}

/// What a unit's query is, for [`StageCx::run_output_units`].
#[derive(Debug, Clone, Copy)]
pub enum QueryOutput<'a> {
    /// Its rows are the unit's output, as they come.
    Rows,
    /// Its last column, `reason`, is NULL for kept rows: those (without
    /// the column) are the output; the others go to `rejected/` with
    /// `rejected_reason` and `rejected_by`, each reason's drops counted.
    /// `costly`: the query costs more than writing its rows once and
    /// reading them twice (`extract`'s HTML parsing, `decontaminate`'s
    /// n-gram check). On a remote engine, which writes the kept and the
    /// rejected rows with one query each, the query's rows are then written
    /// once to a staging file that both read; otherwise both run it.
    /// `only`: the one reason the query can give (a constant, as in the
    /// dedups' filter phases): the rejected rows are its count, with no
    /// count query on a remote engine.
    Split {
        reason: &'a str,
        costly: bool,
        only: Option<&'a str>,
    },
}

/// What one unit of an intermediate phase writes: work tables under the
/// phase's directory, recorded in its commit marker.
pub struct WorkOut<'a> {
    cx: &'a StageCx<'a>,
    dest: Dest,
    unit: usize,
    files: Vec<ShardInfo>,
    /// Rows the unit read (for progress and the marker); a unit whose work
    /// is one [`WorkOut::write_query`] counts the rows it wrote.
    pub rows_in: u64,
    /// (times, bytes) the unit's queries spilled (see [`crate::stages::global::query_files`]).
    pub spilled: (u64, u64),
}

impl WorkOut<'_> {
    /// A writer of work-table shards `<phase>/<subdir>/part-UUUUU-SSS.parquet`
    /// (uncompressed, small row groups: see [`ShardOptions::work_table`]).
    pub fn writer(&self, subdir: &str, schema: SchemaRef) -> ShardWriter {
        ShardWriter::new(
            &self.dest,
            subdir,
            self.unit,
            schema,
            ShardOptions {
                target_bytes: u64::MAX,
                work_table: true,
                ..self.cx.shard_opts.clone()
            },
        )
    }

    /// [`Self::writer`] with files named after another unit (`part-<unit>-SSS`):
    /// a single-task phase writing one file per unit of the next phase.
    pub fn writer_for(&self, subdir: &str, unit: usize, schema: SchemaRef) -> ShardWriter {
        ShardWriter::new(
            &self.dest,
            subdir,
            unit,
            schema,
            ShardOptions {
                target_bytes: u64::MAX,
                work_table: true,
                ..self.cx.shard_opts.clone()
            },
        )
    }

    /// The rows of `sql` over `files` (registered as `table` with
    /// `schema`) into this unit's work file `<subdir>/part-UUUUU-000.parquet`
    /// (`out_schema`, the query's columns): with `--engine ballista` an
    /// executor runs the query and writes the file, which never passes
    /// through this process; otherwise it runs here in `ctx` (its memory
    /// pool and spill directory; spills counted). The same file either way;
    /// no rows, no file. Returns the rows written.
    #[allow(clippy::too_many_arguments)]
    pub fn write_query(
        &mut self,
        ctx: &datafusion::prelude::SessionContext,
        subdir: &str,
        table: &str,
        files: &[Loc],
        schema: &SchemaRef,
        sql: &str,
        out_schema: SchemaRef,
    ) -> Result<u64> {
        if files.is_empty() {
            return Ok(0);
        }
        let Some(remote) = &self.cx.remote else {
            let mut w = self.writer(subdir, out_schema);
            let mut rows = 0u64;
            let cx = self.cx;
            crate::stages::global::query_files(
                cx,
                ctx,
                &mut self.spilled,
                table,
                files,
                schema,
                sql,
                |b| {
                    rows += b.num_rows() as u64;
                    w.write(&b)
                },
            )?;
            self.keep(w)?;
            return Ok(rows);
        };
        self.cx.check_remote(remote.as_ref())?;
        let rel = shards::shard_name(subdir, self.unit, 0);
        let dest = self.dest.loc.join(&rel);
        let opts = ShardOptions {
            target_bytes: u64::MAX,
            work_table: true,
            ..self.cx.shard_opts.clone()
        }
        .sink_options(&out_schema)?;
        let what = || {
            format!(
                "stage `{}`, work unit {} of {}: on {}",
                self.cx.name,
                self.unit,
                self.dest.loc,
                remote.describe()
            )
        };
        let from = (table, files, schema);
        let rows = self
            .cx
            .write_remote(remote.as_ref(), from, sql, &dest, &opts, what)?;
        if rows > 0 {
            self.files.push(written_file(&self.dest.loc, &rel, rows)?);
        }
        Ok(rows)
    }

    /// Finish a writer and record its files in the unit's commit.
    pub fn keep(&mut self, w: ShardWriter) -> Result<()> {
        self.files.extend(w.finish()?);
        Ok(())
    }

    /// Write a small JSON file of this unit at `rel` and record it.
    pub fn put_json(&mut self, rel: &str, value: &impl serde::Serialize) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(value)?;
        self.dest.loc.join(rel).put(&bytes)?;
        self.files.push(ShardInfo {
            path: rel.to_string(),
            rows: 0,
            bytes: bytes.len() as u64,
            xxh3: format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes)),
        });
        Ok(())
    }

    /// The phase's directory.
    pub fn dir(&self) -> &Loc {
        &self.dest.loc
    }
}

/// The record of a file an engine wrote at `dir/rel` with `rows` rows,
/// after a check that it is there: its size and checksum as this process
/// reads it.
fn written_file(dir: &Loc, rel: &str, rows: u64) -> Result<ShardInfo> {
    let loc = dir.join(rel);
    let meta = loc.head()?.with_context(|| {
        format!("{loc}: the engine reported {rows} rows written there, but there is no such file")
    })?;
    Ok(ShardInfo {
        path: rel.to_string(),
        rows,
        bytes: meta.size,
        xxh3: loc.checksum()?,
    })
}

/// What a finished intermediate phase committed.
pub struct PhaseDone {
    pub dir: Loc,
    pub units: BTreeMap<usize, UnitRecord>,
}

impl PhaseDone {
    /// (times, bytes) the units of this phase spilled to disk.
    pub fn spilled(&self) -> (u64, u64) {
        self.units.values().fold((0, 0), |a, r| {
            (a.0 + r.counts.spills, a.1 + r.counts.spilled_bytes)
        })
    }

    /// Files of every unit whose path (relative to the phase directory)
    /// starts with `prefix`, in unit order.
    pub fn files(&self, prefix: &str) -> Vec<Loc> {
        self.units
            .values()
            .flat_map(|r| r.shards.iter())
            .filter(|s| s.path.starts_with(prefix))
            .map(|s| self.dir.join(&s.path))
            .collect()
    }

    /// [`Self::files`] of one unit.
    pub fn unit_files(&self, unit: usize, prefix: &str) -> Vec<Loc> {
        self.units
            .get(&unit)
            .map(|r| {
                r.shards
                    .iter()
                    .filter(|s| s.path.starts_with(prefix))
                    .map(|s| self.dir.join(&s.path))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Seconds between checks for other tasks' units while waiting at a barrier.
fn poll_interval() -> Duration {
    let ms = std::env::var("CURATE_POLL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Duration::from_millis(ms)
}

impl StageCx<'_> {
    /// Upstream Parquet shards, in order, of every stage input.
    pub fn input_shards(&self) -> Vec<Loc> {
        self.input_shard_infos()
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    /// Upstream shards with what their manifests say of them.
    pub fn input_shard_infos(&self) -> Vec<(Loc, ShardInfo)> {
        let mut out = vec![];
        for i in &self.inputs {
            if let Input::Stage { dir, manifest, .. } = i {
                out.extend(
                    manifest
                        .shards
                        .iter()
                        .map(|s| (dir.join(&s.path), s.clone())),
                );
            }
        }
        out
    }

    /// A line for the run summary (e.g. a validation loss), computed after
    /// the stage's units (inside a unit, use [`UnitOut::note`]).
    pub fn note(&self, line: impl Into<String>) {
        lock(&self.notes).push(line.into());
    }

    /// Input files of a path-input stage, in order.
    pub fn input_files(&self) -> Vec<Loc> {
        let mut out = vec![];
        for i in &self.inputs {
            if let Input::Files(f) = i {
                out.extend(f.iter().cloned());
            }
        }
        out
    }

    /// How a file is named in errors, quarantine rows and `source`: local
    /// paths relative to the workflow's directory, URLs as they are.
    pub fn display_path(&self, p: &Loc) -> String {
        match p.as_path() {
            Some(p) => p
                .strip_prefix(&self.base_dir)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned(),
            None => p.to_string(),
        }
    }

    /// A local path with the bytes of `loc` (downloaded into the stage's
    /// local directory when remote): for readers that need a file.
    pub fn local(&self, loc: &Loc) -> Result<PathBuf> {
        loc.fetch(&self.dir.join("_inputs"))
    }

    /// [`Self::local`], or `None` when the file is not there.
    pub fn local_if_exists(&self, loc: &Loc) -> Result<Option<PathBuf>> {
        loc.fetch_if_exists(&self.dir.join("_inputs"))
    }

    /// The stage output with its local staging directory.
    pub fn dest(&self) -> Dest {
        Dest {
            loc: self.out.clone(),
            scratch: self.dir.clone(),
        }
    }

    /// Where the stage's intermediate phases keep their files:
    /// `_work/<fingerprint prefix>/`, so outputs of another configuration
    /// are never mistaken for this one's.
    pub fn work_root(&self) -> Loc {
        self.out
            .join(&format!("{}/{}", shards::WORK_DIR, &self.fingerprint[..16]))
    }

    /// The manifest this task built when it found the stage complete (after
    /// [`Self::run_units`] returned).
    pub fn manifest(&self) -> Option<Manifest> {
        lock(&self.outcome).clone()
    }

    /// Run `f` over every unit of the stage's last phase that this task owns
    /// and no run has committed, on `self.threads` threads, committing each
    /// unit atomically; then, if every unit is committed, prepare the
    /// stage's manifest. Returns [`NotComplete`] when other tasks still have
    /// units and this task does not wait for them.
    pub fn run_units<F>(&self, units: Vec<Unit>, f: F) -> Result<()>
    where
        F: Fn(&Unit, &mut UnitOut) -> Result<()> + Sync,
    {
        self.run_units_on(self.threads, units, f)
    }

    /// [`Self::run_units`] on `workers` threads: for stages whose units wait
    /// on I/O (a teacher LLM) rather than compute, so more units than cores
    /// must be in flight to keep the I/O busy.
    pub fn run_units_on<F>(&self, workers: usize, units: Vec<Unit>, f: F) -> Result<()>
    where
        F: Fn(&Unit, &mut UnitOut) -> Result<()> + Sync,
    {
        let phase = self.enter_phase(true)?;
        let Some(phase) = phase else {
            bail!("stage `{}`: its last phase was not entered", self.name)
        };
        let dest = self.dest();
        let (records, resumed) = self.run_marked(&phase, &dest, &units, workers, |unit| {
            self.run_unit(unit, &f)
        })?;
        shards::sweep_stale(&dest.loc, &records, units.len())?;
        // A remote engine's sink makes the folder of a file it writes; one
        // that holds no shard in the end (`rejected/` of a stage that
        // rejected nothing, `_split/`) goes, as a local run makes none.
        if let Some(d) = dest.loc.as_path() {
            for sub in ["rejected", "_split"] {
                let _ = std::fs::remove_dir(d.join(sub));
            }
        }
        let mut counts = Counts::default();
        let (mut main, mut rej, mut quar, mut arts, mut notes) =
            (vec![], vec![], vec![], vec![], vec![]);
        for r in records.values() {
            counts.add(&r.counts);
            arts.extend(r.artifacts.iter().cloned());
            main.extend(r.shards.iter().cloned());
            rej.extend(r.rejected.iter().cloned());
            quar.extend(r.quarantine.iter().cloned());
            notes.extend(r.notes.iter().cloned());
        }
        let manifest = Manifest {
            stage: self.name.clone(),
            kind: self.kind.clone(),
            schema_version: curate_schemas::SCHEMA_VERSION.into(),
            fingerprint: self.fingerprint.clone(),
            columns: self
                .output_schema
                .fields()
                .iter()
                .map(|f| format!("{}: {}", f.name(), f.data_type()))
                .collect(),
            units: units.len(),
            shards: main,
            rejected: rej,
            quarantine: quar,
            counts,
            wall_seconds: self.started.elapsed().as_secs_f64(),
            resumed_units: resumed,
            artifacts: arts,
            notes,
            provenance: None,
        };
        *lock(&self.outcome) = Some(manifest);
        Ok(())
    }

    /// Run a stage whose work on a unit is one query: `sql` over table
    /// `input` (the `shards`, with columns `schema`), planned once for the
    /// stage with one partition per shard ([`UnitFiles`]). DataFusion
    /// executes unit `i`'s partition on its runtime; `f` gets the unit's
    /// result batches, in order, and writes them; the unit then commits as
    /// in [`Self::run_units`].
    pub fn run_query_units<F>(
        &self,
        schema: SchemaRef,
        shards: &[(Loc, u64)],
        sql: &str,
        f: F,
    ) -> Result<()>
    where
        F: Fn(&Unit, &mut UnitOut, &mut dyn Iterator<Item = Result<RecordBatch>>) -> Result<()>
            + Sync,
    {
        self.run_query_groups(schema, &singletons(shards), sql, f)
    }

    /// [`Self::run_query_units`] where unit `i` reads the files of
    /// `groups[i]`, in order (one partition of the plan each).
    pub fn run_query_groups<F>(
        &self,
        schema: SchemaRef,
        groups: &[Vec<(Loc, u64)>],
        sql: &str,
        f: F,
    ) -> Result<()>
    where
        F: Fn(&Unit, &mut UnitOut, &mut dyn Iterator<Item = Result<RecordBatch>>) -> Result<()>
            + Sync,
    {
        if let Some(remote) = &self.remote {
            return self.run_query_units_remote(remote.as_ref(), schema, groups, sql, f);
        }
        use futures::StreamExt;
        let units = units_of_groups(groups);
        let table = UnitFiles::new(schema, groups)?;
        let parts = table.partitions().max(1);
        let mut cfg = datafusion::prelude::SessionConfig::new()
            .with_target_partitions(parts)
            .with_batch_size(4096)
            .with_round_robin_repartition(false)
            .with_repartition_file_scans(false);
        cfg.options_mut().execution.parquet.schema_force_view_types = false;
        // Partition `i` must read shard `i` and nothing else (DataFusion 55
        // otherwise lets idle partitions steal files from their siblings).
        cfg.options_mut().execution.enable_file_stream_work_stealing = false;
        let ctx = datafusion::prelude::SessionContext::new_with_config(cfg);
        self.fx.register(&ctx);
        crate::storage::register_stores(&ctx);
        ctx.register_table("input", std::sync::Arc::new(table))?;
        let plan = self
            .rt
            .block_on(async { ctx.sql(sql).await?.create_physical_plan().await })?;
        tracing::debug!(
            stage = %self.name,
            "plan:\n{}",
            datafusion::physical_plan::displayable(plan.as_ref()).indent(false)
        );
        let got = plan.properties().output_partitioning().partition_count();
        if !groups.is_empty() && got != groups.len() {
            bail!(
                "internal: the plan of stage `{}` has {got} partitions for {} units:\n{}",
                self.name,
                groups.len(),
                datafusion::physical_plan::displayable(plan.as_ref()).indent(false)
            );
        }
        let task_ctx = ctx.task_ctx();
        self.run_units(units, |unit, out| {
            let mut stream = plan.execute(unit.id, task_ctx.clone())?;
            let (tx, rx) = std::sync::mpsc::sync_channel(2);
            self.rt.spawn(async move {
                while let Some(b) = stream.next().await {
                    if tx.send(b).is_err() {
                        break;
                    }
                }
            });
            let mut batches = rx.into_iter().map(|b| b.map_err(anyhow::Error::from));
            f(unit, out, &mut batches)
        })
    }

    /// Run a stage whose unit output is its query's rows (`how`): `sql`
    /// over table `input` as in [`Self::run_query_units`]. Locally the
    /// rows are written here; on a remote engine (`--engine ballista`) the
    /// engine writes each unit's shard ([`crate::engine::RemoteQueries::write_files`])
    /// and only row counts come back; the unit commits here either way.
    pub fn run_output_units(
        &self,
        schema: SchemaRef,
        shards: &[(Loc, u64)],
        sql: &str,
        how: QueryOutput,
    ) -> Result<()> {
        self.run_output_groups(schema, &singletons(shards), sql, how)
    }

    /// [`Self::run_output_units`] where unit `i` reads the files of
    /// `groups[i]`, in order.
    pub fn run_output_groups(
        &self,
        schema: SchemaRef,
        groups: &[Vec<(Loc, u64)>],
        sql: &str,
        how: QueryOutput,
    ) -> Result<()> {
        match &self.remote {
            None => self.run_query_groups(schema, groups, sql, |_, out, batches| {
                for b in batches {
                    write_as(self, out, b?, how)?;
                }
                Ok(())
            }),
            Some(remote) => {
                self.write_output_units_remote(remote.as_ref(), schema, groups, sql, how)
            }
        }
    }

    /// What a unit's failed job was, for its error: stage, unit, engine.
    fn on_remote(&self, unit: &Unit, remote: &dyn crate::engine::RemoteQueries) -> String {
        format!(
            "stage `{}`, unit {} ({}): on {}",
            self.name,
            unit.id,
            unit.label,
            remote.describe()
        )
    }

    /// A clear error, before any unit runs, when the remote engine cannot
    /// be reached.
    pub(crate) fn check_remote(&self, remote: &dyn crate::engine::RemoteQueries) -> Result<()> {
        self.rt.block_on(self.check_remote_async(remote))
    }

    /// [`Self::check_remote`] in async code. Asks the engine once per stage:
    /// a clear error before a query's result stream would give a bare
    /// connection error; a scheduler lost later fails its jobs, which say so.
    pub(crate) async fn check_remote_async(
        &self,
        remote: &dyn crate::engine::RemoteQueries,
    ) -> Result<()> {
        if self.remote_ok.get().is_some() {
            return Ok(());
        }
        remote.check().await.with_context(|| {
            format!(
                "stage `{}`: {} is not reachable (nothing was run or committed)",
                self.name,
                remote.describe()
            )
        })?;
        self.remote_ok.get_or_init(|| ());
        Ok(())
    }

    /// [`Self::run_output_units`] on a remote engine: per unit, one job
    /// that writes `part-UUUUU-000.parquet`; with [`QueryOutput::Split`],
    /// one more for `rejected/` and a count of its reasons.
    fn write_output_units_remote(
        &self,
        remote: &dyn crate::engine::RemoteQueries,
        schema: SchemaRef,
        groups: &[Vec<(Loc, u64)>],
        sql: &str,
        how: QueryOutput,
    ) -> Result<()> {
        self.check_remote(remote)?;
        let units = units_of_groups(groups);
        self.run_units(units, |unit, out| {
            let files: Vec<Loc> = groups[unit.id].iter().map(|(l, _)| l.clone()).collect();
            self.write_unit_remote(remote, out, unit, &files, &schema, sql, how)
        })
    }

    /// Inside a unit of [`Self::run_units`]: `sql` over `files` (table
    /// `input`, columns `schema`, read in order) is the unit's output
    /// (`how`), written here or, on a remote engine, by the engine, as
    /// [`Self::run_output_units`] does. For a stage whose query differs by
    /// unit (the dedup stages' filter phases: each shard's duplicates).
    pub fn write_unit_query(
        &self,
        out: &mut UnitOut,
        unit: &Unit,
        files: &[(Loc, u64)],
        schema: &SchemaRef,
        sql: &str,
        how: QueryOutput,
    ) -> Result<()> {
        if let Some(remote) = &self.remote {
            let files: Vec<Loc> = files.iter().map(|(l, _)| l.clone()).collect();
            return self.write_unit_remote(remote.as_ref(), out, unit, &files, schema, sql, how);
        }
        use futures::StreamExt;
        let table = UnitFiles::new(schema.clone(), &[files.to_vec()])?;
        let ctx = self.fx.session(1);
        ctx.register_table("input", std::sync::Arc::new(table))?;
        self.rt.block_on(async {
            let mut stream = ctx.sql(sql).await?.execute_stream().await?;
            while let Some(b) = stream.next().await {
                write_as(self, out, b?, how)?;
            }
            anyhow::Ok(())
        })
    }

    /// One job on `remote` that writes `sql`'s rows over `from` (table
    /// name, files, schema) to `dest`; the rows written. A failed job can
    /// leave the file it began: the unit is not committed, so it is removed
    /// (a rerun, or the sweep after a complete run, would too), and so is a
    /// file of no rows (a local run writes none).
    fn write_remote(
        &self,
        remote: &dyn crate::engine::RemoteQueries,
        from: (&str, &[Loc], &SchemaRef),
        sql: &str,
        dest: &Loc,
        opts: &datafusion::common::config::TableParquetOptions,
        what: impl FnOnce() -> String,
    ) -> Result<u64> {
        let job = remote.write_files(from.0, from.1, from.2.clone(), sql, dest, opts);
        match self.rt.block_on(job) {
            Ok(0) => {
                dest.delete()?;
                Ok(0)
            }
            Ok(n) => Ok(n),
            Err(e) => {
                // (`delete` is a no-op where there is no file.)
                if let Err(d) = dest.delete() {
                    tracing::warn!("removing {dest} after a failed job: {d:#}");
                }
                Err(e.context(what()))
            }
        }
    }

    /// The schema of a costly split's staging file: the query's columns as
    /// it gives them (no field metadata), so that the shards written from it
    /// are those the query would write, then `reason`; and the input
    /// table's schema metadata, which a query passes on.
    fn split_staging_schema(&self, reason: &str, input: &SchemaRef) -> SchemaRef {
        use datafusion::arrow::datatypes::{DataType, Field, Schema};
        let mut f: Vec<_> = self
            .output_schema
            .fields()
            .iter()
            .map(|f| {
                std::sync::Arc::new(Field::new(f.name(), f.data_type().clone(), f.is_nullable()))
            })
            .collect();
        f.push(std::sync::Arc::new(Field::new(
            reason,
            DataType::Utf8,
            true,
        )));
        std::sync::Arc::new(Schema::new_with_metadata(f, input.metadata().clone()))
    }

    /// One unit's job(s) on a remote engine: the query's rows into
    /// `part-UUUUU-000.parquet`; with [`QueryOutput::Split`], the kept
    /// rows there, the others into `rejected/` and a count of its reasons.
    #[allow(clippy::too_many_arguments)]
    fn write_unit_remote(
        &self,
        remote: &dyn crate::engine::RemoteQueries,
        out: &mut UnitOut,
        unit: &Unit,
        files: &[Loc],
        schema: &SchemaRef,
        sql: &str,
        how: QueryOutput,
    ) -> Result<()> {
        use crate::stages::{ident, literal};
        let out_cols: Vec<String> = self
            .output_schema
            .fields()
            .iter()
            .map(|f| ident(f.name()))
            .collect();
        let rejected_schema = curate_schemas::rejected(&self.output_schema);
        let what = || self.on_remote(unit, remote);
        // One query's rows into `rel`; a file of no rows is removed (as a
        // local run writes none).
        // (`from`: the table the query reads: `input`, the unit's files, or
        // a staging file of the unit's query rows.)
        let write = |out: &mut UnitOut,
                     from: (&str, &[Loc], &SchemaRef),
                     q: &str,
                     rel: &str,
                     opts: &datafusion::common::config::TableParquetOptions,
                     adopt: Option<bool>| {
            let dest = self.dest().loc.join(rel);
            let rows = self.write_remote(remote, from, q, &dest, opts, what)?;
            if let (true, Some(rejected)) = (rows > 0, adopt) {
                out.adopt(rel, rows, rejected)?;
            }
            anyhow::Ok(rows)
        };
        let main_rel = shards::shard_name("", unit.id, 0);
        let main_opts = self.shard_opts.sink_options(&self.output_schema)?;
        let input = ("input", files, schema);
        match how {
            QueryOutput::Rows => {
                out.counts.rows_in += write(out, input, sql, &main_rel, &main_opts, Some(false))?;
            }
            QueryOutput::Split {
                reason,
                costly,
                only,
            } => {
                let r = ident(reason);
                // A costly query's rows, once, in a staging file (removed
                // below; one a killed run leaves is swept at the end of a
                // complete run).
                // (set only for a costly query: the staging file, and the
                // table over it that the two writes read.)
                let staged: (Loc, SchemaRef);
                let mut remove_staged = None;
                let (from, src, any) = if costly {
                    let staged_rel = shards::shard_name("_split", unit.id, 0);
                    staged = (
                        self.dest().loc.join(&staged_rel),
                        self.split_staging_schema(reason, schema),
                    );
                    let staged_schema = &staged.1;
                    remove_staged = Some(staged.0.clone());
                    let opts = ShardOptions {
                        work_table: true,
                        ..self.shard_opts.clone()
                    }
                    .sink_options(staged_schema)?;
                    let q = format!(
                        "SELECT {}, CAST({r} AS VARCHAR) AS {r} FROM ({sql}) AS q",
                        out_cols.join(", ")
                    );
                    let n = write(out, input, &q, &staged_rel, &opts, None)?;
                    let from = ("staged", std::slice::from_ref(&staged.0), staged_schema);
                    (from, "staged".to_string(), n > 0)
                } else {
                    (input, format!("({sql}) AS q"), true)
                };
                let kept = format!(
                    "SELECT {} FROM {src} WHERE {r} IS NULL",
                    out_cols.join(", ")
                );
                let rejected = format!(
                    "SELECT {}, CAST({r} AS VARCHAR) AS {}, {} AS {} FROM {src} WHERE {r} IS NOT NULL",
                    out_cols.join(", "),
                    ident(curate_schemas::col::REJECTED_REASON),
                    literal(&self.name),
                    ident(curate_schemas::col::REJECTED_BY),
                );
                let rej_rel = shards::shard_name("rejected", unit.id, 0);
                let rej_opts = self.shard_opts.sink_options(&rejected_schema)?;
                let split = (|| {
                    if !any {
                        return Ok((0, 0));
                    }
                    let n_kept = write(out, from, &kept, &main_rel, &main_opts, Some(false))?;
                    let n_rej = write(out, from, &rejected, &rej_rel, &rej_opts, Some(true))?;
                    anyhow::Ok((n_kept, n_rej))
                })();
                if let Some(f) = remove_staged {
                    f.delete()?;
                }
                let (n_kept, n_rej) = split?;
                out.counts.rows_in += n_kept + n_rej;
                if let (Some(r), true) = (only, n_rej > 0) {
                    out.counts.drop(r, n_rej);
                } else if n_rej > 0 {
                    let reasons = format!(
                        "SELECT {0}, count(*) FROM rejected GROUP BY {0}",
                        ident(curate_schemas::col::REJECTED_REASON)
                    );
                    let rel = self.dest().loc.join(&rej_rel);
                    let batches: Vec<RecordBatch> = self
                        .rt
                        .block_on(async {
                            use futures::TryStreamExt;
                            let s = remote
                                .execute_files(
                                    "rejected",
                                    std::slice::from_ref(&rel),
                                    rejected_schema.clone(),
                                    &reasons,
                                )
                                .await?;
                            anyhow::Ok(s.try_collect().await?)
                        })
                        .with_context(what)?;
                    for (reason, n) in crate::stages::string_counts(&batches)? {
                        out.counts.drop(&reason, n);
                    }
                }
            }
        }
        Ok(())
    }

    /// [`StageCx::run_query_units`] on a remote engine: one job per unit,
    /// its query over that unit's shard; the result stream comes back here
    /// and the unit is written and committed as in a local run.
    fn run_query_units_remote<F>(
        &self,
        remote: &dyn crate::engine::RemoteQueries,
        schema: SchemaRef,
        groups: &[Vec<(Loc, u64)>],
        sql: &str,
        f: F,
    ) -> Result<()>
    where
        F: Fn(&Unit, &mut UnitOut, &mut dyn Iterator<Item = Result<RecordBatch>>) -> Result<()>
            + Sync,
    {
        use futures::StreamExt;
        self.check_remote(remote)?;
        let units = units_of_groups(groups);
        self.run_units(units, |unit, out| {
            let files: Vec<Loc> = groups[unit.id].iter().map(|(l, _)| l.clone()).collect();
            let mut stream = self
                .rt
                .block_on(remote.execute_files("input", &files, schema.clone(), sql))
                .with_context(|| self.on_remote(unit, remote))?;
            let (tx, rx) = std::sync::mpsc::sync_channel(2);
            self.rt.spawn(async move {
                while let Some(b) = stream.next().await {
                    if tx.send(b).is_err() {
                        break;
                    }
                }
            });
            let what = format!("stage `{}` on {}", self.name, remote.describe());
            let mut batches = rx
                .into_iter()
                .map(|b| b.map_err(|e| anyhow::Error::from(e).context(what.clone())));
            f(unit, out, &mut batches)
        })
    }

    /// Run one intermediate phase (`name`, as declared in
    /// [`Stage::phases`]): `f` writes each unit's work tables through its
    /// [`WorkOut`]; units commit under the phase's directory. Returns what
    /// every unit committed, for the next phase to read. Skipped (but read,
    /// and checked complete) when an array task runs a later phase.
    pub fn work_phase<F>(&self, name: &str, units: Vec<Unit>, f: F) -> Result<PhaseDone>
    where
        F: Fn(&Unit, &mut WorkOut) -> Result<()> + Sync,
    {
        let dir = self.work_root().join(name);
        let phase = self.enter_phase(false)?;
        let expected = self.phases.get(self.next_phase.load(Ordering::SeqCst) - 1);
        if expected.map(|p| p.name) != Some(name) {
            bail!(
                "internal: stage `{}` ran phase `{name}`, but its declared phases are {:?}",
                self.name,
                self.phases.iter().map(|p| p.name).collect::<Vec<_>>()
            );
        }
        let dest = Dest {
            loc: dir.clone(),
            scratch: self.dir.join(shards::WORK_DIR).join(name),
        };
        match phase {
            None => {
                // An earlier phase of a stage run with `--phase`: it must be complete.
                let all: Vec<usize> = (0..units.len()).collect();
                let found = shards::read_units(&dir, &self.fingerprint, &all)?;
                let missing: Vec<usize> =
                    all.into_iter().filter(|u| !found.contains_key(u)).collect();
                if !missing.is_empty() {
                    bail!(
                        "stage `{}`: phase `{name}` is not complete ({} of {} units missing, e.g. unit {}): run `--phase {}:{name}` with every task first",
                        self.name,
                        missing.len(),
                        units.len(),
                        missing[0],
                        self.name
                    );
                }
                Ok(PhaseDone { dir, units: found })
            }
            Some(phase) => {
                let (records, _) =
                    self.run_marked(&phase, &dest, &units, self.threads, |unit| {
                        let t = Instant::now();
                        let mut out = WorkOut {
                            cx: self,
                            dest: dest.clone(),
                            unit: unit.id,
                            files: vec![],
                            rows_in: 0,
                            spilled: (0, 0),
                        };
                        f(unit, &mut out)?;
                        Ok(UnitRecord {
                            unit: unit.id,
                            label: unit.label.clone(),
                            fingerprint: self.fingerprint.clone(),
                            shards: out.files,
                            rejected: vec![],
                            quarantine: vec![],
                            counts: Counts {
                                rows_in: out.rows_in,
                                bytes_in: unit.bytes,
                                spills: out.spilled.0,
                                spilled_bytes: out.spilled.1,
                                ..Default::default()
                            },
                            seconds: t.elapsed().as_secs_f64(),
                            artifacts: vec![],
                            notes: vec![],
                        })
                    })?;
                Ok(PhaseDone {
                    dir,
                    units: records,
                })
            }
        }
    }

    /// Move to the next phase. `Some(name)` when this invocation runs it,
    /// `None` when it is an earlier phase than the one asked for (check it,
    /// skip it), and [`NotComplete`] when it comes after the one asked for.
    fn enter_phase(&self, last: bool) -> Result<Option<String>> {
        let i = self.next_phase.fetch_add(1, Ordering::SeqCst);
        let Some(p) = self.phases.get(i) else {
            bail!(
                "internal: stage `{}` ran more phases than it declares ({})",
                self.name,
                self.phases.len()
            );
        };
        if last && i + 1 != self.phases.len() {
            bail!(
                "internal: stage `{}` wrote its table in phase `{}`, not in its last phase",
                self.name,
                p.name
            );
        }
        match self.only_phase {
            Some(j) if i < j => Ok(None),
            Some(j) if i > j => Err(NotComplete {
                stage: self.name.clone(),
                phase: p.name.to_string(),
                missing: vec![],
            }
            .into()),
            _ => Ok(Some(p.name.to_string())),
        }
    }

    /// The unit loop shared by every phase: recover, run this task's
    /// uncommitted units, commit each (create-if-absent marker), then wait
    /// for (or report) the units of other tasks. Returns every unit's
    /// record once the phase is complete, and how many were committed
    /// before this run.
    fn run_marked<F>(
        &self,
        phase: &str,
        dest: &Dest,
        units: &[Unit],
        workers: usize,
        f: F,
    ) -> Result<(BTreeMap<usize, UnitRecord>, usize)>
    where
        F: Fn(&Unit) -> Result<UnitRecord> + Sync,
    {
        let label = if self.phases.len() > 1 {
            format!("{}:{phase}", self.name)
        } else {
            self.name.clone()
        };
        dest.loc.ensure_dir()?;
        shards::check_task_count(&dest.loc, &self.fingerprint, self.task, &label)?;
        let owns = |id: usize| self.task.owns(id);
        let committed = shards::recover(&dest.loc, &self.fingerprint, units.len(), &owns)?;
        let resumed = committed.len();
        let todo: Vec<&Unit> = units
            .iter()
            .filter(|u| owns(u.id) && !committed.contains_key(&u.id))
            .collect();
        let mine = units.iter().filter(|u| owns(u.id)).count();
        let bar = self.progress.stage_bar(&label, mine as u64);
        bar.set_position((mine - todo.len()) as u64);
        if resumed > 0 {
            tracing::info!(
                stage = %label,
                "resuming: {resumed} of {} units already committed",
                units.len()
            );
        }
        let records = Mutex::new(committed);
        let next = AtomicUsize::new(0);
        install_panic_hook();
        let failed = AtomicBool::new(false);
        let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        let workers = workers.max(1).min(todo.len().max(1));
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    if failed.load(Ordering::SeqCst) {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(unit) = todo.get(i) else { return };
                    let _fault_scope = crate::fault::Scope::enter(&self.name, unit.id);
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        f(unit).and_then(|rec| {
                            crate::fault::point(&self.name, unit.id, "before-marker");
                            let won = shards::commit_unit(&dest.loc, &rec)?;
                            if !won {
                                tracing::warn!(
                                    stage = %label,
                                    "unit {} was committed by another task while this one ran it; keeping that commit",
                                    unit.id
                                );
                            }
                            crate::fault::point(&self.name, unit.id, "after-marker");
                            Ok(rec)
                        })
                    }))
                    .unwrap_or_else(|p| Err(anyhow!("panicked: {}", panic_message(&p))));
                    // A unit that failed here may have been committed by a
                    // racing task (which may then have completed the stage and
                    // removed the work files this one was reading): keep that.
                    let r = r.or_else(|e| {
                        match shards::read_units(&dest.loc, &self.fingerprint, &[unit.id]) {
                            Ok(mut found) if found.contains_key(&unit.id) => {
                                tracing::warn!(
                                    stage = %label,
                                    "unit {} failed here ({e:#}) but another task committed it; keeping that commit",
                                    unit.id
                                );
                                found.remove(&unit.id).with_context(|| {
                                    format!("unit {}: its commit vanished", unit.id)
                                })
                            }
                            _ => Err(e),
                        }
                    });
                    // What the unit freed goes back to the system now, not
                    // at the end of the stage (see [`release_free_memory`]).
                    release_free_memory();
                    match r {
                        Ok(rec) => {
                            bar.inc(1, &rec.label, rec.counts.rows_in);
                            lock(&records).insert(rec.unit, rec);
                        }
                        Err(e) => {
                            failed.store(true, Ordering::SeqCst);
                            lock(&first_error).get_or_insert(
                                e.context(format!("{label}: unit {} ({})", unit.id, unit.label)),
                            );
                            return;
                        }
                    }
                });
            }
        });
        if let Some(e) = first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            bar.abandon();
            return Err(e);
        }
        bar.finish();
        let mut records = records.into_inner().unwrap_or_else(|p| p.into_inner());
        // Other tasks' units: read their commits (waiting for them if asked).
        let mut waited = Instant::now();
        loop {
            let missing: Vec<usize> = (0..units.len())
                .filter(|u| !records.contains_key(u))
                .collect();
            if missing.is_empty() {
                break;
            }
            let found = shards::read_units(&dest.loc, &self.fingerprint, &missing)?;
            let still: Vec<usize> = missing
                .iter()
                .copied()
                .filter(|u| !found.contains_key(u))
                .collect();
            records.extend(found);
            if still.is_empty() {
                break;
            }
            if !self.wait {
                return Err(NotComplete {
                    stage: self.name.clone(),
                    phase: phase.to_string(),
                    missing: still,
                }
                .into());
            }
            if waited.elapsed() > Duration::from_secs(30) {
                tracing::info!(
                    stage = %label,
                    "{}: waiting for {} unit(s) of other tasks (e.g. unit {})",
                    self.task,
                    still.len(),
                    still[0]
                );
                waited = Instant::now();
            }
            std::thread::sleep(poll_interval());
        }
        if !last_phase_of(&self.phases, phase) {
            // Every unit is committed: mark the phase done for `curate wait`.
            dest.loc.join(shards::DONE).put_if_absent(b"{}")?;
        }
        Ok((records, resumed))
    }

    fn run_unit<F>(&self, unit: &Unit, f: &F) -> Result<UnitRecord>
    where
        F: Fn(&Unit, &mut UnitOut) -> Result<()> + Sync,
    {
        let t = Instant::now();
        let mut out = UnitOut {
            cx: self,
            unit: unit.id,
            main: ShardWriter::new(
                &self.dest(),
                "",
                unit.id,
                self.output_schema.clone(),
                self.shard_opts.clone(),
            ),
            rejected: None,
            quarantine: None,
            adopted: (vec![], vec![]),
            artifacts: vec![],
            notes: vec![],
            counts: Counts {
                bytes_in: unit.bytes,
                ..Default::default()
            },
        };
        f(unit, &mut out)?;
        let finish = |w: Option<ShardWriter>| -> Result<Vec<ShardInfo>> {
            w.map(|w| w.finish()).unwrap_or_else(|| Ok(vec![]))
        };
        let (mut shards, mut rejected) = out.adopted;
        shards.extend(out.main.finish()?);
        crate::fault::point(&self.name, unit.id, "after-shards");
        rejected.extend(finish(out.rejected)?);
        let quarantine = finish(out.quarantine)?;
        let mut counts = out.counts;
        counts.rows_out = shards.iter().map(|s| s.rows).sum();
        counts.bytes_out = shards.iter().map(|s| s.bytes).sum();
        Ok(UnitRecord {
            unit: unit.id,
            label: unit.label.clone(),
            fingerprint: self.fingerprint.clone(),
            shards,
            rejected,
            quarantine,
            counts,
            seconds: t.elapsed().as_secs_f64(),
            artifacts: out.artifacts,
            notes: out.notes,
        })
    }
}

fn last_phase_of(phases: &[Phase], name: &str) -> bool {
    phases.last().is_some_and(|p| p.name == name) || phases.len() == 1
}

/// Lock a mutex, going on with its data if a panicking thread poisoned it
/// (the panic itself is reported as the unit's error).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

thread_local! {
    /// Where the last panic on this thread happened (set by the hook).
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Record each panic's location for [`panic_message`] (installed once; the
/// previous hook still prints the panic).
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            PANIC_AT.with(|c| *c.borrow_mut() = at);
            prev(info);
        }));
    });
}

/// The message of a panic caught on this thread, with its location (when
/// [`install_panic_hook`] ran).
pub fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    let msg = if let Some(s) = p.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    };
    match PANIC_AT.with(|c| c.borrow_mut().take()) {
        Some(at) => format!("{msg} (at {at})"),
        None => msg,
    }
}

/// One batch of a unit's query written locally as `how` says.
fn write_as(cx: &StageCx, out: &mut UnitOut, b: RecordBatch, how: QueryOutput) -> Result<()> {
    match how {
        QueryOutput::Rows => {
            out.counts.rows_in += b.num_rows() as u64;
            out.write(&b)
        }
        QueryOutput::Split { reason, .. } => {
            crate::stages::filter::split_rejected(cx, out, b, reason)
        }
    }
}

/// Units for files or shards of known sizes, labelled by the last two
/// components of their path.
pub fn units_of(locs: &[(Loc, u64)]) -> Vec<Unit> {
    units_of_groups(&singletons(locs))
}

/// Each file or shard a group of its own.
pub fn singletons(locs: &[(Loc, u64)]) -> Vec<Vec<(Loc, u64)>> {
    locs.iter().map(|l| vec![l.clone()]).collect()
}

/// Units for groups of files (unit `i` reads `groups[i]`), labelled by the
/// last two components of the first file's path (and the last's, for a
/// group of more than one).
pub fn units_of_groups(groups: &[Vec<(Loc, u64)>]) -> Vec<Unit> {
    let short = |l: &Loc| {
        let s = l.to_string();
        s.rsplit('/')
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("/")
    };
    groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let label = match g.as_slice() {
                [] => String::new(),
                [one] => short(&one.0),
                [first, .., last] => format!("{} .. {}", short(&first.0), short(&last.0)),
            };
            Unit {
                id: i,
                label,
                bytes: g.iter().map(|(_, b)| b).sum(),
            }
        })
        .collect()
}

/// Return the heap's free pages to the system. glibc keeps memory freed by
/// small allocations (a unit's batches, row buffers) in its heap, and trims
/// only the top: one block still in use above them kept them resident, so a
/// stage's phases added up (`dedup_minhash` at 8.8M documents: the heap the
/// `buckets` phase left was still resident under the `cluster` phase's
/// arrays). `malloc_trim` hands back every whole free page; called once per
/// unit of work, it costs well under a millisecond.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn caught_panics_name_their_message_and_location() {
        super::install_panic_hook();
        let v: Vec<u8> = vec![];
        let p = std::panic::catch_unwind(|| v[std::hint::black_box(3)]).unwrap_err();
        let m = super::panic_message(&p);
        assert!(
            m.contains("index out of bounds") && m.contains("pipeline/src/stage.rs:"),
            "{m}"
        );
    }
}
