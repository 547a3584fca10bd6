//! Execution: stages in dependency order (independent stages concurrently),
//! skipping committed stages and resuming interrupted ones.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Instant, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::functions::Functions;
use crate::progress::Progress;
use crate::shards::{self, Manifest, ShardOptions};
use crate::stage::{Input, StageCx};
use crate::workflow::{Inputs, StageDecl, Workflow};

/// What happened to one stage in a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StageReport {
    pub name: String,
    pub kind: String,
    /// `ran`, `resumed` (some units were committed by an earlier run) or
    /// `skipped` (already committed with the same fingerprint).
    pub status: String,
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

fn stage_dir(wf: &Workflow, s: &StageDecl) -> PathBuf {
    s.stage
        .output_dir()
        .unwrap_or_else(|| wf.output.join(&s.name))
}

/// Refuse to clean up a directory curate did not create.
fn check_dir_is_ours(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir)?.peekable();
    if entries.peek().is_none()
        || dir.join(shards::MANIFEST).exists()
        || ["_units", "_work", "_checkpoint", "_journal"]
            .iter()
            .any(|d| dir.join(d).exists())
    {
        return Ok(());
    }
    bail!(
        "refusing to write into {}: it is not empty and was not written by curate",
        dir.display()
    )
}

fn fingerprint(s: &StageDecl, inputs: &[Input]) -> Result<String> {
    let mut parts = vec![
        serde_json::json!(s.kind.name()),
        s.params.clone(),
        serde_json::json!([
            s.common.shard_size,
            s.common.zstd_level,
            s.common.quarantine
        ]),
        serde_json::json!(curate_schemas::SCHEMA_VERSION),
    ];
    // Revision 1 adds nothing, so fingerprints of unchanged stages stay valid.
    if s.kind.revision() > 1 {
        parts.push(serde_json::json!({ "revision": s.kind.revision() }));
    }
    for i in inputs {
        match i {
            Input::Files(files) => {
                for f in files {
                    let m = std::fs::metadata(f)?;
                    let mtime = m
                        .modified()?
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0);
                    parts.push(serde_json::json!([
                        f.to_string_lossy(),
                        m.len(),
                        mtime.to_string()
                    ]));
                }
            }
            Input::Stage { manifest, .. } => {
                parts.push(serde_json::json!(manifest.fingerprint));
                for sh in manifest.shards.iter().chain(&manifest.artifacts) {
                    parts.push(serde_json::json!(sh.xxh3));
                }
            }
        }
    }
    let bytes = serde_json::to_vec(&parts)?;
    Ok(format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes)))
}

fn run_stage(
    wf: &Workflow,
    s: &StageDecl,
    done: &HashMap<String, StageReport>,
    fx: &Functions,
    rt: &tokio::runtime::Runtime,
    progress: &Progress,
) -> Result<StageReport> {
    let dir = stage_dir(wf, s);
    let inputs: Vec<Input> = match &s.inputs {
        Inputs::Files(f) => vec![Input::Files(f.clone())],
        Inputs::Stages(names) => names
            .iter()
            .map(|n| {
                let r = &done[n];
                Input::Stage {
                    name: n.clone(),
                    dir: r.dir.clone(),
                    manifest: Box::new(r.manifest.clone()),
                }
            })
            .collect(),
    };
    let fp = fingerprint(s, &inputs)?;
    check_dir_is_ours(&dir)?;
    if let Some(m) = shards::read_manifest(&dir)? {
        if m.fingerprint == fp && shards::verify_manifest(&dir, &m)? {
            tracing::info!(stage = %s.name, "already committed, skipping");
            return Ok(StageReport {
                name: s.name.clone(),
                kind: s.kind.name().into(),
                status: "skipped".into(),
                dir,
                manifest: m,
            });
        }
        tracing::info!(stage = %s.name, "parameters or inputs changed: recomputing");
        std::fs::remove_file(dir.join(shards::MANIFEST))?;
    }
    let cx = StageCx {
        name: s.name.clone(),
        kind: s.kind.name().into(),
        dir: dir.clone(),
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
        },
        fingerprint: fp,
        fx,
        rt: rt.handle().clone(),
        progress,
        outcome: Mutex::new(None),
        notes: Mutex::new(vec![]),
    };
    s.stage.run(&cx)?;
    let mut manifest = cx
        .outcome
        .into_inner()
        .unwrap()
        .context("stage finished without writing its manifest")?;
    let notes = cx.notes.into_inner().unwrap();
    if !notes.is_empty() {
        manifest.notes = notes;
        shards::write_json_atomic(&dir.join(shards::MANIFEST), &manifest)?;
    }
    let status = if manifest.resumed_units > 0 {
        "resumed"
    } else {
        "ran"
    };
    Ok(StageReport {
        name: s.name.clone(),
        kind: s.kind.name().into(),
        status: status.into(),
        dir,
        manifest,
    })
}

/// Run a validated workflow to completion; returns one report per stage in
/// topological order and writes `run.json`.
pub fn run(wf: &Workflow, progress: &Progress) -> Result<Vec<StageReport>> {
    let started = Instant::now();
    std::fs::create_dir_all(&wf.output)
        .with_context(|| format!("creating {}", wf.output.display()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(wf.threads.max(1))
        .enable_all()
        .build()?;
    let fx = Functions::default();
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
                    let done = &done;
                    let fx = &fx;
                    let rt = &rt;
                    (
                        s.name.clone(),
                        sc.spawn(move || run_stage(wf, s, done, fx, rt, progress)),
                    )
                })
                .collect();
            handles
                .into_iter()
                .map(|(n, h)| (n, h.join().unwrap_or_else(|_| bail!("stage panicked"))))
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
        .map(|s| done.remove(&s.name).unwrap())
        .collect();
    let record = RunRecord {
        workflow: wf.file.display().to_string(),
        stages: reports.clone(),
        wall_seconds: started.elapsed().as_secs_f64(),
    };
    shards::write_json_atomic(&wf.output.join(RUN_RECORD), &record)?;
    Ok(reports)
}
