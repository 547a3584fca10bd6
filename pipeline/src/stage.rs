//! The stage abstraction: a stage kind builds a stage from its parameters; a
//! stage declares its output schema, explains its plan and runs over units.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Result;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use serde::de::DeserializeOwned;

use crate::functions::Functions;
use crate::progress::Progress;
use crate::shards::{self, Counts, Manifest, ShardInfo, ShardOptions, ShardWriter, UnitRecord};

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
    /// Bumped when the stage's output for the same parameters changes (e.g.
    /// a new default): part of the resume fingerprint, so outputs of the old
    /// behavior are recomputed instead of reused.
    fn revision(&self) -> u32 {
        1
    }
}

/// A configured stage.
pub trait Stage: Send + Sync {
    /// Schema of the main output, given the main-output schemas of the input
    /// stages (empty for path inputs). Errors here are validation errors.
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef>;
    /// The plan, for `curate validate` and `curate run --dry-run`.
    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String>;
    fn run(&self, cx: &StageCx) -> Result<()>;
    /// Files named by the stage's parameters (key path, path as written),
    /// checked to exist relative to the workflow at validation.
    fn param_files(&self) -> Vec<(Vec<&'static str>, PathBuf)> {
        vec![]
    }
    /// Where the stage writes, if not `<workflow output>/<stage name>`.
    fn output_dir(&self) -> Option<PathBuf> {
        None
    }
}

/// An input of a running stage.
#[derive(Debug, Clone)]
pub enum Input {
    Files(Vec<PathBuf>),
    Stage {
        name: String,
        dir: PathBuf,
        manifest: Box<Manifest>,
    },
}

/// Everything a running stage may use.
pub struct StageCx<'a> {
    pub name: String,
    pub kind: String,
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
    pub(crate) outcome: Mutex<Option<Manifest>>,
    pub(crate) notes: Mutex<Vec<String>>,
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
    artifacts: Vec<ShardInfo>,
    pub counts: Counts,
}

impl UnitOut<'_> {
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
                &self.cx.dir,
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
    /// marker and the manifest). `rows` is what it holds (e.g. tokens).
    pub fn artifact(&mut self, rel: &str, rows: u64) -> Result<()> {
        let p = self.cx.dir.join(rel);
        self.artifacts.push(ShardInfo {
            path: rel.to_string(),
            rows,
            bytes: std::fs::metadata(&p)?.len(),
            xxh3: shards::checksum(&p)?,
        });
        Ok(())
    }

    /// Write rows to `quarantine/` (schema: [`curate_schemas::quarantine`]).
    pub fn quarantine(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        let w = self.quarantine.get_or_insert_with(|| {
            ShardWriter::new(
                &self.cx.dir,
                "quarantine",
                self.unit,
                curate_schemas::quarantine(),
                self.cx.shard_opts.clone(),
            )
        });
        w.write(batch)
    }
}

impl StageCx<'_> {
    /// Upstream Parquet shards, in order, of every stage input.
    pub fn input_shards(&self) -> Vec<PathBuf> {
        let mut out = vec![];
        for i in &self.inputs {
            if let Input::Stage { dir, manifest, .. } = i {
                out.extend(manifest.shards.iter().map(|s| dir.join(&s.path)));
            }
        }
        out
    }

    /// A line for the run summary (e.g. a validation loss).
    pub fn note(&self, line: impl Into<String>) {
        self.notes.lock().unwrap().push(line.into());
    }

    /// Input files of a path-input stage, in order.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut out = vec![];
        for i in &self.inputs {
            if let Input::Files(f) = i {
                out.extend(f.iter().cloned());
            }
        }
        out
    }

    /// How a file is named in errors, quarantine rows and `source`.
    pub fn display_path(&self, p: &Path) -> String {
        p.strip_prefix(&self.base_dir)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    }

    /// Run `f` over every unit not committed by an earlier run, on
    /// `self.threads` threads, committing each unit atomically; then write the
    /// stage's manifest.
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
        let started = Instant::now();
        std::fs::create_dir_all(&self.dir)?;
        let committed = shards::recover(&self.dir, &self.fingerprint)?;
        let resumed = units
            .iter()
            .filter(|u| committed.contains_key(&u.id))
            .count();
        let todo: Vec<&Unit> = units
            .iter()
            .filter(|u| !committed.contains_key(&u.id))
            .collect();
        let bar = self.progress.stage_bar(&self.name, units.len() as u64);
        bar.set_position(resumed as u64);
        if resumed > 0 {
            tracing::info!(
                stage = %self.name,
                "resuming: {resumed} of {} units already committed",
                units.len()
            );
        }
        let records = Mutex::new(committed);
        let next = AtomicUsize::new(0);
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
                    match self.run_unit(unit, &f) {
                        Ok(rec) => {
                            bar.inc(1, &rec.label, rec.counts.rows_in);
                            records.lock().unwrap().insert(rec.unit, rec);
                        }
                        Err(e) => {
                            failed.store(true, Ordering::SeqCst);
                            first_error.lock().unwrap().get_or_insert(e);
                            return;
                        }
                    }
                });
            }
        });
        if let Some(e) = first_error.into_inner().unwrap() {
            bar.abandon();
            return Err(e);
        }
        bar.finish();
        let records = records.into_inner().unwrap();
        let mut counts = Counts::default();
        let (mut main, mut rej, mut quar, mut arts) = (vec![], vec![], vec![], vec![]);
        for r in records.values() {
            counts.add(&r.counts);
            arts.extend(r.artifacts.iter().cloned());
            main.extend(r.shards.iter().cloned());
            rej.extend(r.rejected.iter().cloned());
            quar.extend(r.quarantine.iter().cloned());
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
            wall_seconds: started.elapsed().as_secs_f64(),
            resumed_units: resumed,
            artifacts: arts,
            notes: vec![],
        };
        shards::write_json_atomic(&self.dir.join(shards::MANIFEST), &manifest)?;
        *self.outcome.lock().unwrap() = Some(manifest);
        Ok(())
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
                &self.dir,
                "",
                unit.id,
                self.output_schema.clone(),
                self.shard_opts.clone(),
            ),
            rejected: None,
            quarantine: None,
            artifacts: vec![],
            counts: Counts {
                bytes_in: unit.bytes,
                ..Default::default()
            },
        };
        f(unit, &mut out)?;
        let finish = |w: Option<ShardWriter>| -> Result<Vec<ShardInfo>> {
            w.map(|w| w.finish()).unwrap_or_else(|| Ok(vec![]))
        };
        let shards = out.main.finish()?;
        let rejected = finish(out.rejected)?;
        let quarantine = finish(out.quarantine)?;
        let mut counts = out.counts;
        counts.rows_out = shards.iter().map(|s| s.rows).sum();
        counts.bytes_out = shards.iter().map(|s| s.bytes).sum();
        let rec = UnitRecord {
            unit: unit.id,
            label: unit.label.clone(),
            fingerprint: self.fingerprint.clone(),
            shards,
            rejected,
            quarantine,
            counts,
            seconds: t.elapsed().as_secs_f64(),
            artifacts: out.artifacts,
        };
        shards::write_json_atomic(&shards::unit_marker(&self.dir, unit.id), &rec)?;
        Ok(rec)
    }
}
