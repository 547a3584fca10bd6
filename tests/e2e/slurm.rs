//! Slurm for real: a one-node cluster (Debian's slurmctld, slurmd and munge
//! on 127.0.0.1, `scripts/slurm_local.sh`) runs `curate submit --slurm` of a
//! workflow with exact and near dedup as 3-task array jobs, one per phase,
//! chained afterok; the output equals a local run. Fails (never skips) when
//! Slurm cannot start here.

use super::*;
use std::process::Command;
use std::time::{Duration, Instant};

struct Slurm;

impl Slurm {
    fn start() -> Slurm {
        let o = Command::new(repo().join("scripts/slurm_local.sh"))
            .arg("start")
            .output()
            .expect("scripts/slurm_local.sh");
        assert!(
            o.status.success(),
            "Slurm did not start:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        Slurm
    }
}

impl Drop for Slurm {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("scripts/slurm_local.sh"))
            .arg("stop")
            .output();
    }
}

/// The states of a job's tasks (`scontrol show job -o`).
fn job_states(id: &str) -> Vec<String> {
    let o = Command::new("scontrol")
        .args(["show", "job", "-o", id])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter_map(|l| {
            l.split_whitespace()
                .find_map(|w| w.strip_prefix("JobState="))
                .map(str::to_string)
        })
        .collect()
}

const WF: &str = r#"
name: slurm
stages:
  raw:
    uses: ingest
    inputs: [CORPUS/*.jsonl.gz, CORPUS/*.jsonl.zst]
    shard_size: 100KB
  scored: {uses: heuristics, inputs: [raw]}
  good: {uses: filter, inputs: [scored], where: "word_count >= 20"}
  unique: {uses: dedup_exact, inputs: [good], partition_rows: 200}
  near: {uses: dedup_minhash, inputs: [unique], partition_rows: 1000}
  final: {uses: write, inputs: [near]}
cluster:
  tasks: 3
  cpus_per_task: 1
  mem: 1G
  time: "00:10:00"
"#;

#[test]
fn submit_slurm_runs_the_phases_as_chained_array_jobs() {
    let slurm = Slurm::start();
    let tmp = tempfile::tempdir().unwrap();
    let corpus = repo().join("workflows/corpus");
    let wf = workflow(tmp.path(), &WF.replace("CORPUS", corpus.to_str().unwrap()));
    let local = tmp.path().join("local");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&local));

    let out = tmp.path().join("slurm");
    let o = run_ok(
        curate()
            .current_dir(tmp.path())
            .arg("submit")
            .arg("--slurm")
            .arg(&wf)
            .arg("-o")
            .arg(&out),
    );
    let ids: Vec<String> = stdout(&o)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert_eq!(ids.len(), 11, "one job per phase:\n{}", stdout(&o));
    // Wait for the chain; every array task must end COMPLETED.
    let started = Instant::now();
    loop {
        let states: Vec<String> = ids.iter().flat_map(|i| job_states(i)).collect();
        if states.iter().any(|s| {
            [
                "FAILED",
                "CANCELLED",
                "TIMEOUT",
                "NODE_FAIL",
                "OUT_OF_MEMORY",
            ]
            .contains(&s.as_str())
        }) {
            let logs = std::fs::read_dir(out.join("_submit/logs"))
                .map(|rd| {
                    rd.flatten()
                        .map(|e| {
                            format!(
                                "{}:\n{}",
                                e.path().display(),
                                std::fs::read_to_string(e.path()).unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            panic!("a job failed: {states:?}\n{logs}");
        }
        if !states.is_empty()
            && states.iter().all(|s| s == "COMPLETED")
            && states.len() >= ids.len()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "jobs still running: {states:?}"
        );
        std::thread::sleep(Duration::from_secs(1));
    }
    for s in ["raw", "scored", "good", "unique", "near", "final"] {
        assert_eq!(
            column(&out.join(s), "doc_id"),
            column(&local.join(s), "doc_id"),
            "{s}"
        );
        assert_eq!(
            column(&out.join(s).join("rejected"), "doc_id"),
            column(&local.join(s).join("rejected"), "doc_id"),
            "{s}"
        );
        assert_eq!(
            manifest(&out.join(s))["counts"],
            manifest(&local.join(s))["counts"],
            "{s}"
        );
    }
    // Parallel phases ran as 3 tasks, the union-find as one.
    let script = std::fs::read_to_string(out.join("_submit/08-near-cluster.sbatch")).unwrap();
    assert!(script.contains("#SBATCH --array=0\n"), "{script}");
    let script = std::fs::read_to_string(out.join("_submit/07-near-buckets.sbatch")).unwrap();
    assert!(script.contains("#SBATCH --array=0-2\n"), "{script}");
    // Everything committed: a second submit has nothing to do.
    let o = run_ok(
        curate()
            .current_dir(tmp.path())
            .arg("submit")
            .arg("--slurm")
            .arg(&wf)
            .arg("-o")
            .arg(&out),
    );
    assert!(stdout(&o).contains("nothing to submit"), "{}", stdout(&o));
    drop(slurm);
}
