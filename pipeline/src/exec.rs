//! Execution: stages in dependency order (independent stages concurrently),
//! skipping committed stages and resuming interrupted ones; as one process,
//! or as task `i` of `N` array tasks, either through the whole workflow
//! (waiting for the other tasks at each phase's end) or one phase at a time
//! (`--phase`, one batch job per phase; see `curate submit`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::functions::Functions;
use crate::progress::Progress;
use crate::shards::{self, Manifest, ShardOptions};
use crate::stage::{lock, panic_message, Input, NotComplete, Phase, StageCx, Task};
use crate::storage::Loc;
use crate::workflow::{Inputs, StageDecl, Workflow};

/// What happened to one stage in a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StageReport {
    pub name: String,
    pub kind: String,
    /// `ran`, `resumed` (some units were committed by an earlier run),
    /// `skipped` (already committed with the same fingerprint) or `partial`
    /// (an array task committed its share; other tasks' units remain).
    pub status: String,
    /// The stage's directory: a local path or a URL.
    pub dir: PathBuf,
    pub manifest: Manifest,
}

/// `run.json` in the output directory.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunRecord {
    pub workflow: String,
    pub stages: Vec<StageReport>,
    pub wall_seconds: f64,
}

pub const RUN_RECORD: &str = "run.json";

/// How this process takes part in a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub task: Task,
    /// Run only this phase (`stage:phase`, or `stage` for a one-phase
    /// stage); the stages it reads must be complete.
    pub phase: Option<String>,
    /// Where query-shaped stages run their per-unit queries (`None`: here).
    pub remote: crate::engine::Remote,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            task: Task::SOLO,
            phase: None,
            remote: None,
        }
    }
}

/// One phase of the workflow: the unit of a batch job.
#[derive(Debug, Clone)]
pub struct PhaseRef {
    /// Index of the stage in `wf.stages` (topological order).
    pub stage_index: usize,
    pub stage: String,
    pub index: usize,
    pub phase: Phase,
}

impl PhaseRef {
    /// `stage:phase`, as `--phase` takes it.
    pub fn id(&self) -> String {
        format!("{}:{}", self.stage, self.phase.name)
    }
}

/// Every phase of the workflow, in the order they must run.
pub fn phases(wf: &Workflow) -> Vec<PhaseRef> {
    let mut out = vec![];
    for (i, s) in wf.stages.iter().enumerate() {
        for (j, p) in s.stage.phases().into_iter().enumerate() {
            out.push(PhaseRef {
                stage_index: i,
                stage: s.name.clone(),
                index: j,
                phase: p,
            });
        }
    }
    out
}

/// The phase a `--phase` argument names.
pub fn find_phase(wf: &Workflow, spec: &str) -> Result<PhaseRef> {
    let all = phases(wf);
    let (stage, phase) = match spec.split_once(':') {
        Some((s, p)) => (s, Some(p)),
        None => (spec, None),
    };
    let of_stage: Vec<&PhaseRef> = all.iter().filter(|p| p.stage == stage).collect();
    if of_stage.is_empty() {
        bail!(
            "--phase {spec}: no stage `{stage}` in the workflow (phases: {})",
            all.iter().map(PhaseRef::id).collect::<Vec<_>>().join(", ")
        );
    }
    match phase {
        Some(p) => of_stage
            .iter()
            .find(|r| r.phase.name == p)
            .map(|r| (*r).clone())
            .with_context(|| {
                format!(
                    "--phase {spec}: stage `{stage}` has no phase `{p}` (its phases: {})",
                    of_stage
                        .iter()
                        .map(|r| format!("{stage}:{}", r.phase.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        None if of_stage.len() == 1 => Ok(of_stage[0].clone()),
        None => bail!(
            "--phase {spec}: stage `{stage}` has several phases; name one: {}",
            of_stage
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub fn stage_dir(wf: &Workflow, s: &StageDecl) -> Result<Loc> {
    match s.stage.output_dir() {
        Some(d) => Loc::parse(&d, Path::new("")),
        None => Ok(wf.output.join(&s.name)),
    }
}

/// Refuse to clean up a directory curate did not create.
fn check_dir_is_ours(dir: &Loc) -> Result<()> {
    let listing = dir.list()?;
    if listing.is_empty() {
        return Ok(());
    }
    let ours = ["_units/", "_work/", "_checkpoint/", "_journal/"];
    // Another task of this run may have just begun: its `_tasks.json` or a
    // staging file (`.<name>.<id>.tmp`) is the first thing it writes.
    if listing.iter().any(|(n, _)| {
        n == shards::MANIFEST
            || n == shards::TASKS_FILE
            || ours.iter().any(|o| n.starts_with(o))
            || (n.starts_with('.') && n.ends_with(".tmp"))
    }) {
        return Ok(());
    }
    bail!("refusing to write into {dir}: it is not empty and was not written by curate")
}

/// Deletes the staging files that a killed run left in the output root
/// (`.run_facts.json.<id>.tmp`, `.run.json.<id>.tmp`): those of exited
/// processes on this host only, as for shards
/// ([`crate::storage::abandoned_staging`]).
/// Run-level files are written to local outputs only.
fn sweep_run_files(out: &Loc) -> Result<()> {
    let Some(dir) = out.as_path() else {
        return Ok(());
    };
    for e in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let e = e?;
        let name = e.file_name();
        let name = name.to_string_lossy();
        if e.file_type()?.is_file() && crate::storage::abandoned_staging(&name) {
            std::fs::remove_file(e.path())
                .with_context(|| format!("deleting {}", e.path().display()))?;
        }
    }
    Ok(())
}

/// The resume fingerprint of a stage (see [`crate::fingerprint`]).
fn fingerprint(wf: &Workflow, s: &StageDecl, inputs: &[Input]) -> Result<String> {
    Ok(crate::fingerprint::compute(wf, s, inputs)?.0)
}

fn inputs_of(s: &StageDecl, done: &HashMap<String, StageReport>) -> Vec<Input> {
    match &s.inputs {
        Inputs::Files(f) => vec![Input::Files(f.clone())],
        Inputs::Stages(names) => names
            .iter()
            .map(|n| {
                let r = &done[n];
                Input::Stage {
                    name: n.clone(),
                    dir: Loc::parse(&r.dir.to_string_lossy(), Path::new(""))
                        .unwrap_or_else(|_| Loc::local(&r.dir)),
                    manifest: Box::new(r.manifest.clone()),
                }
            })
            .collect(),
    }
}

/// The committed output of a stage with this fingerprint, if intact.
fn committed(dir: &Loc, fp: &str, deep: bool) -> Result<Option<Manifest>> {
    match shards::read_manifest(dir)? {
        Some(m) if m.fingerprint == fp && shards::verify_manifest(dir, &m, deep)? => Ok(Some(m)),
        _ => Ok(None),
    }
}

struct Env<'a> {
    wf: &'a Workflow,
    fx: &'a Functions,
    rt: &'a tokio::runtime::Runtime,
    progress: &'a Progress,
    task: Task,
    remote: crate::engine::Remote,
}

fn report(s: &StageDecl, status: &str, dir: &Loc, manifest: Manifest) -> StageReport {
    StageReport {
        name: s.name.clone(),
        kind: s.kind.name().into(),
        status: status.into(),
        dir: PathBuf::from(dir.to_string()),
        manifest,
    }
}

fn run_stage(
    env: &Env,
    s: &StageDecl,
    done: &HashMap<String, StageReport>,
    only_phase: Option<usize>,
) -> Result<StageReport> {
    let wf = env.wf;
    let dir = stage_dir(wf, s)?;
    let inputs = inputs_of(s, done);
    let (fp, provenance) = crate::fingerprint::compute(wf, s, &inputs)?;
    check_dir_is_ours(&dir)?;
    let deep = dir.as_path().is_some() && env.task == Task::SOLO && only_phase.is_none();
    match shards::read_manifest(&dir)? {
        Some(m) if m.fingerprint == fp && shards::verify_manifest(&dir, &m, deep)? => {
            tracing::info!(stage = %s.name, "already committed, skipping");
            // A kill between the manifest and the removal of the work
            // files (fault point `after-manifest`) leaves them behind.
            if s.stage.phases().len() > 1 {
                dir.join(shards::WORK_DIR).delete_all()?;
            }
            return Ok(report(s, "skipped", &dir, m));
        }
        Some(m) => {
            let why =
                crate::fingerprint::reasons(s.kind.name(), m.provenance.as_ref(), &provenance);
            tracing::info!(stage = %s.name, "recomputing: {}", why.join("; "));
            dir.join(shards::MANIFEST).delete()?;
        }
        None => {}
    }
    // Work files of other configurations of this stage.
    let work = dir.join(shards::WORK_DIR);
    if only_phase.unwrap_or(0) == 0 {
        let mine = &fp[..16];
        let mut stale: HashSet<String> = HashSet::new();
        for (name, _) in work.list()? {
            let top = name.split('/').next().unwrap_or_default().to_string();
            if top != mine {
                stale.insert(top);
            }
        }
        for t in stale {
            work.join(&t).delete_all()?;
        }
    }
    let local_dir = dir.work_dir();
    std::fs::create_dir_all(&local_dir)
        .with_context(|| format!("creating {}", local_dir.display()))?;
    let phases = s.stage.phases();
    let cx = StageCx {
        name: s.name.clone(),
        kind: s.kind.name().into(),
        out: dir.clone(),
        dir: local_dir,
        base_dir: wf.base_dir.clone(),
        inputs,
        input_schemas: wf.input_schemas(s),
        output_schema: s.output_schema.clone(),
        threads: wf.threads,
        quarantine: s.common.quarantine,
        shard_opts: ShardOptions {
            target_bytes: s.common.shard_size,
            zstd_level: s.common.zstd_level,
            stage: s.name.clone(),
            work_table: false,
            roll: !s.stage.unit_is_shard(),
        },
        fingerprint: fp,
        fx: env.fx,
        rt: env.rt.handle().clone(),
        progress: env.progress,
        task: env.task,
        remote: env.remote.clone(),
        only_phase,
        wait: env.task.count > 1 && only_phase.is_none(),
        phases,
        next_phase: AtomicUsize::new(0),
        outcome: Mutex::new(None),
        notes: Mutex::new(vec![]),
        started: std::time::Instant::now(),
        remote_ok: std::sync::OnceLock::new(),
    };
    crate::stage::install_panic_hook();
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.stage.run(&cx)))
        .unwrap_or_else(|p| bail!("panicked: {}", panic_message(&p)));
    if let Err(e) = ran {
        if let Some(nc) = e.downcast_ref::<NotComplete>() {
            tracing::info!(stage = %s.name, "{}: {nc}", env.task);
            let m = Manifest {
                stage: s.name.clone(),
                kind: s.kind.name().into(),
                fingerprint: cx.fingerprint.clone(),
                notes: vec![nc.to_string()],
                ..Default::default()
            };
            return Ok(report(s, "partial", &dir, m));
        }
        return Err(e);
    }
    let mut manifest = lock(&cx.outcome)
        .take()
        .context("stage finished without writing its table")?;
    manifest.notes.extend(lock(&cx.notes).drain(..));
    manifest.provenance = Some(provenance);
    crate::fault::point(&s.name, 0, "before-manifest");
    let bytes = serde_json::to_vec_pretty(&manifest)?;
    if !dir.join(shards::MANIFEST).put_if_absent(&bytes)? {
        // Another task completed the stage at the same time: its manifest stands.
        if let Some(m) = shards::read_manifest(&dir)? {
            manifest = m;
        }
    }
    crate::fault::point(&s.name, 0, "after-manifest");
    // Intermediate phases are no longer needed once the stage is committed.
    if cx.phases.len() > 1 {
        work.delete_all()?;
    }
    let status = if manifest.resumed_units > 0 {
        "resumed"
    } else {
        "ran"
    };
    Ok(report(s, status, &dir, manifest))
}

/// Stages whose committed output matches the workflow as it is now (their
/// inputs committed too), by name.
pub fn committed_stages(wf: &Workflow) -> Result<HashMap<String, StageReport>> {
    let mut done: HashMap<String, StageReport> = HashMap::new();
    for s in &wf.stages {
        let ready = match &s.inputs {
            Inputs::Stages(ins) => ins.iter().all(|i| done.contains_key(i)),
            Inputs::Files(_) => true,
        };
        if !ready {
            continue;
        }
        let dir = stage_dir(wf, s)?;
        let fp = fingerprint(wf, s, &inputs_of(s, &done))?;
        if let Some(m) = committed(&dir, &fp, false)? {
            done.insert(s.name.clone(), report(s, "committed", &dir, m));
        }
    }
    Ok(done)
}

/// Whether phase `p` is complete: the stage's manifest for its last phase,
/// the phase's `_done.json` for the others.
pub fn phase_complete(wf: &Workflow, p: &PhaseRef) -> Result<bool> {
    let done = committed_stages(wf)?;
    if done.contains_key(&p.stage) {
        return Ok(true);
    }
    let s = &wf.stages[p.stage_index];
    if let Inputs::Stages(ins) = &s.inputs {
        if !ins.iter().all(|i| done.contains_key(i)) {
            return Ok(false);
        }
    }
    if p.index + 1 == s.stage.phases().len() {
        return Ok(false);
    }
    let dir = stage_dir(wf, s)?;
    let fp = fingerprint(wf, s, &inputs_of(s, &done))?;
    dir.join(&format!(
        "{}/{}/{}/{}",
        shards::WORK_DIR,
        &fp[..16],
        p.phase.name,
        shards::DONE
    ))
    .exists()
}

/// The stages `target` reads, directly or not, in topological order.
fn ancestors(wf: &Workflow, target: usize) -> Vec<usize> {
    let mut need: HashSet<String> = HashSet::new();
    let mut out = vec![];
    let mut stack = vec![wf.stages[target].name.clone()];
    while let Some(n) = stack.pop() {
        if let Some(s) = wf.stage(&n) {
            if let Inputs::Stages(ins) = &s.inputs {
                for i in ins {
                    if need.insert(i.clone()) {
                        stack.push(i.clone());
                    }
                }
            }
        }
    }
    for (i, s) in wf.stages.iter().enumerate() {
        if need.contains(&s.name) {
            out.push(i);
        }
    }
    out
}

/// Run a validated workflow to completion as one process; returns one
/// report per stage in topological order and writes `run.json`.
pub fn run(wf: &Workflow, progress: &Progress) -> Result<Vec<StageReport>> {
    run_with(wf, progress, &RunOptions::default())
}

/// Run a workflow as the task and phase `opts` say.
pub fn run_with(wf: &Workflow, progress: &Progress, opts: &RunOptions) -> Result<Vec<StageReport>> {
    let started = Instant::now();
    wf.output.ensure_dir()?;
    sweep_run_files(&wf.output)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(wf.threads.max(1))
        .enable_all()
        .build()?;
    let fx = Functions::default();
    let env = Env {
        wf,
        fx: &fx,
        rt: &rt,
        progress,
        task: opts.task,
        remote: opts.remote.clone(),
    };
    if let Some(spec) = &opts.phase {
        let target = find_phase(wf, spec)?;
        let mut done: HashMap<String, StageReport> = HashMap::new();
        for i in ancestors(wf, target.stage_index) {
            let s = &wf.stages[i];
            let dir = stage_dir(wf, s)?;
            let fp = fingerprint(wf, s, &inputs_of(s, &done))?;
            match committed(&dir, &fp, false)? {
                Some(m) => {
                    done.insert(s.name.clone(), report(s, "skipped", &dir, m));
                }
                None => bail!(
                    "{}: phase {} reads stage `{}`, which is not complete (run its phases first: {})",
                    opts.task,
                    target.id(),
                    s.name,
                    phases(wf)
                        .iter()
                        .filter(|p| p.stage == s.name)
                        .map(PhaseRef::id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        let s = &wf.stages[target.stage_index];
        let r = run_stage(&env, s, &done, Some(target.index))
            .with_context(|| format!("stage `{}` failed ({})", s.name, opts.task))?;
        let last =
            target.stage_index + 1 == wf.stages.len() && target.index + 1 == s.stage.phases().len();
        if last && r.status != "partial" {
            write_run_record(wf, started)?;
        }
        return Ok(vec![r]);
    }
    let mut done: HashMap<String, StageReport> = HashMap::new();
    let mut finished: HashSet<String> = HashSet::new();
    while finished.len() < wf.stages.len() {
        let wave: Vec<&StageDecl> = wf
            .stages
            .iter()
            .filter(|s| !finished.contains(&s.name))
            .filter(|s| match &s.inputs {
                Inputs::Stages(ins) => ins.iter().all(|i| finished.contains(i)),
                Inputs::Files(_) => true,
            })
            .collect();
        let results: Vec<(String, Result<StageReport>)> = std::thread::scope(|sc| {
            let handles: Vec<_> = wave
                .iter()
                .map(|s| {
                    let (done, env) = (&done, &env);
                    (
                        s.name.clone(),
                        sc.spawn(move || run_stage(env, s, done, None)),
                    )
                })
                .collect();
            handles
                .into_iter()
                .map(|(n, h)| {
                    let r = h
                        .join()
                        .unwrap_or_else(|p| bail!("panicked: {}", panic_message(&p)));
                    (n, r)
                })
                .collect()
        });
        for (name, r) in results {
            let report = r.with_context(|| format!("stage `{name}` failed"))?;
            finished.insert(name.clone());
            done.insert(name, report);
        }
    }
    let reports: Vec<StageReport> = wf
        .stages
        .iter()
        .filter_map(|s| done.remove(&s.name))
        .collect();
    let record = RunRecord {
        workflow: wf.file.display().to_string(),
        stages: reports.clone(),
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    shards::write_json(&wf.output.join(RUN_RECORD), &record)?;
    Ok(reports)
}

/// `run.json` from the stages' manifests (after the last phase of an
/// array-task run).
fn write_run_record(wf: &Workflow, started: Instant) -> Result<()> {
    let mut stages = vec![];
    for s in &wf.stages {
        let dir = stage_dir(wf, s)?;
        if let Some(m) = shards::read_manifest(&dir)? {
            stages.push(report(s, "committed", &dir, m));
        }
    }
    let record = RunRecord {
        workflow: wf.file.display().to_string(),
        stages,
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    shards::write_json(&wf.output.join(RUN_RECORD), &record)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run-level staging file left by a killed process is swept at the
    /// next run's start; a live process's and published files stay.
    #[test]
    fn run_start_sweeps_dead_run_files() {
        let dir = tempfile::tempdir().unwrap();
        let host = crate::storage::host_name();
        let dead = format!(".run_facts.json.{host}~999999999~3.tmp");
        let live = format!(".run.json.{host}~{}~0.tmp", std::process::id());
        for n in [dead.as_str(), live.as_str(), "run_facts.json"] {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        sweep_run_files(&Loc::local(dir.path())).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [live, "run_facts.json".to_string()]);
    }
}
