//! Array tasks: the same workflow as one process, as N processes per phase
//! (`--phase`, as Slurm array jobs run it), and as N processes through the
//! whole workflow (waiting at each phase's end, as a Kubernetes Indexed Job
//! runs it): identical rows, shards, rejected and removed sets. A task
//! killed at an injected point and rerun changes nothing; bad task
//! arguments are clear errors.

use super::*;
use std::process::{Child, Stdio};

/// 12 input files of real sentences with exact and near duplicates planted
/// across files, and short documents to filter.
fn make_corpus(dir: &Path) {
    let sents = sentences();
    let mut rng = Lcg(7);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut originals: Vec<String> = vec![];
    for f in 0..12 {
        let mut s = String::new();
        for i in 0..250 {
            let text = if i % 40 == 3 && !originals.is_empty() {
                // An exact copy (case and spacing changed) of an earlier document.
                let o = &originals[rng.below(originals.len())];
                format!("  {}  ", o.to_uppercase())
            } else if i % 17 == 5 && !originals.is_empty() {
                // A near copy: one word changed.
                let o = &originals[rng.below(originals.len())];
                let mut w: Vec<&str> = o.split(' ').collect();
                let k = rng.below(w.len());
                w[k] = "Zanzibar";
                w.join(" ")
            } else {
                let n = 2 + rng.below(10);
                let mut words = vec![];
                for _ in 0..n {
                    words.push(sents[rng.below(sents.len())].clone());
                }
                words.join(" ")
            };
            if i % 9 == 0 {
                originals.push(text.clone());
            }
            s.push_str(&serde_json::json!({ "text": text }).to_string());
            s.push('\n');
        }
        std::fs::write(dir.join(format!("in/part{f:02}.jsonl")), s).unwrap();
    }
}

const WF: &str = r#"
name: scale
threads: 2
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl", shard_size: 40KB}
  scored: {uses: heuristics, inputs: [raw]}
  good: {uses: filter, inputs: [scored], where: "word_count >= 8"}
  unique: {uses: dedup_exact, inputs: [good], partition_rows: 700}
  near: {uses: dedup_minhash, inputs: [unique], partition_rows: 4000}
  final: {uses: write, inputs: [near], shard_size: 200KB}
"#;

const STAGES: [&str; 6] = ["raw", "scored", "good", "unique", "near", "final"];

/// Everything a user could read of a run, per stage: shard file names,
/// the doc_ids and texts of each table in shard order, and the counts.
fn snapshot(out: &Path) -> Snapshot {
    let mut v = vec![];
    for s in STAGES {
        let d = out.join(s);
        let m = manifest(&d);
        let names: Vec<String> = parquet_files(&d)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let mut ids = column(&d, "doc_id");
        ids.extend(column(&d, "text"));
        let mut rej = column(&d.join("rejected"), "doc_id");
        rej.extend(column(&d.join("rejected"), "rejected_reason"));
        if s == "near" {
            rej.extend(column(&d.join("duplicates"), "kept_doc_id"));
        }
        v.push((s.to_string(), names, ids, rej, m["counts"].clone()));
    }
    v
}

type Snapshot = Vec<(
    String,
    Vec<String>,
    Vec<Option<String>>,
    Vec<Option<String>>,
    serde_json::Value,
)>;

/// Compare two snapshots stage by stage, naming the first difference.
fn assert_same(got: &Snapshot, want: &Snapshot, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: stages");
    for (g, w) in got.iter().zip(want) {
        let s = &w.0;
        assert_eq!(g.1, w.1, "{what}: stage `{s}`: shard files differ");
        assert_eq!(g.4, w.4, "{what}: stage `{s}`: counts differ");
        assert_eq!(
            g.2.len(),
            w.2.len(),
            "{what}: stage `{s}`: row count differs"
        );
        if let Some(i) = (0..g.2.len()).find(|&i| g.2[i] != w.2[i]) {
            panic!(
                "{what}: stage `{s}`: row {i} differs: {:?} vs {:?}",
                g.2[i], w.2[i]
            );
        }
        assert_eq!(
            g.3.len(),
            w.3.len(),
            "{what}: stage `{s}`: rejected count differs"
        );
        if let Some(i) = (0..g.3.len()).find(|&i| g.3[i] != w.3[i]) {
            panic!(
                "{what}: stage `{s}`: rejected row {i} differs: {:?} vs {:?}",
                g.3[i], w.3[i]
            );
        }
    }
}

fn spawn(cmd: &mut std::process::Command) -> Child {
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn wait_ok(children: Vec<Child>) {
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "task failed ({:?}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `curate plan --json`: the phase ids in run order.
fn phases(wf: &Path) -> Vec<String> {
    let out = run_ok(curate().arg("plan").arg("--json").arg(wf));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

/// One task of one phase.
fn task(wf: &Path, out: &Path, phase: &str, i: usize, n: usize) -> std::process::Command {
    let mut c = curate();
    c.arg("run")
        .arg("--phase")
        .arg(phase)
        .arg("--task-index")
        .arg(i.to_string())
        .arg("--task-count")
        .arg(n.to_string())
        .arg("-o")
        .arg(out)
        .arg(wf);
    c
}

/// No staging files and no Parquet file that the manifests do not list.
fn assert_clean(out: &Path) {
    for s in STAGES {
        let d = out.join(s);
        let m = manifest(&d);
        let mut listed: Vec<String> = vec![];
        for key in ["shards", "rejected", "quarantine", "artifacts"] {
            for f in m[key].as_array().unwrap() {
                listed.push(f["path"].as_str().unwrap().to_string());
            }
        }
        for sub in ["", "rejected", "quarantine", "duplicates"] {
            let dir = if sub.is_empty() {
                d.clone()
            } else {
                d.join(sub)
            };
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                assert!(!name.ends_with(".tmp"), "{s}: staging file {name} left");
                if name.ends_with(".parquet") {
                    let rel = if sub.is_empty() {
                        name.clone()
                    } else {
                        format!("{sub}/{name}")
                    };
                    assert!(listed.contains(&rel), "{s}: {rel} is not in the manifest");
                }
            }
        }
        assert!(!d.join("_work").exists(), "{s}: _work/ left behind");
    }
}

#[test]
fn array_tasks_give_the_one_process_output() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(tmp.path(), WF);
    let one = tmp.path().join("one");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&one));
    let reference = snapshot(&one);
    // Something to compare: every stage kept and dropped rows.
    let m = manifest(&one.join("unique"));
    assert!(
        m["counts"]["drops"]["exact_duplicate"].as_u64().unwrap() > 10,
        "{m}"
    );
    let m = manifest(&one.join("near"));
    assert!(
        m["counts"]["drops"]["near_duplicate"].as_u64().unwrap() > 10,
        "{m}"
    );
    let shards = |s: &str| manifest(&one.join(s))["shards"].as_array().unwrap().len();
    assert_eq!(shards("raw"), 12);
    assert!(
        shards("final") > 1,
        "final: {} shard(s)\n{}\n{}",
        shards("final"),
        manifest(&one.join("final")),
        manifest(&one.join("near"))
    );

    // The plan names the phases; the union-find runs in one task.
    let plan = phases(&wf);
    assert_eq!(
        plan,
        [
            "raw:run",
            "scored:run",
            "good:run",
            "unique:hash",
            "unique:group",
            "unique:filter",
            "near:signatures",
            "near:buckets",
            "near:cluster",
            "near:filter",
            "final:write"
        ]
    );
    let text = stdout(&run_ok(curate().arg("plan").arg(&wf)));
    assert!(
        text.contains("near:cluster") && text.contains("[one task]"),
        "{text}"
    );

    // N = 3 tasks per phase, one batch of processes per phase.
    let phased = tmp.path().join("phased");
    for p in &plan {
        wait_ok(
            (0..3)
                .map(|i| spawn(&mut task(&wf, &phased, p, i, 3)))
                .collect(),
        );
    }
    assert_same(&snapshot(&phased), &reference, "3 tasks per phase");
    assert_clean(&phased);

    // N = 3 processes through the whole workflow at once, meeting at each phase's end.
    let together = tmp.path().join("together");
    let children = (0..3)
        .map(|i| {
            let mut c = curate();
            c.arg("run")
                .arg("--task-index")
                .arg(i.to_string())
                .arg("--task-count")
                .arg("3")
                .arg("-o")
                .arg(&together)
                .arg(&wf)
                .env("CURATE_POLL_MS", "100");
            spawn(&mut c)
        })
        .collect();
    wait_ok(children);
    assert_same(&snapshot(&together), &reference, "3 concurrent tasks");
    assert_clean(&together);

    // Slurm's variables stand for the flags; N may change between phases.
    let slurm = tmp.path().join("slurm");
    for (k, p) in plan.iter().enumerate() {
        let n = 1 + k % 3;
        let children = (0..n)
            .map(|i| {
                let mut c = curate();
                c.arg("run")
                    .arg("--phase")
                    .arg(p)
                    .arg("-o")
                    .arg(&slurm)
                    .arg(&wf)
                    .env("SLURM_ARRAY_TASK_ID", (10 + i).to_string())
                    .env("SLURM_ARRAY_TASK_MIN", "10")
                    .env("SLURM_ARRAY_TASK_COUNT", n.to_string());
                spawn(&mut c)
            })
            .collect();
        wait_ok(children);
    }
    assert_same(&snapshot(&slurm), &reference, "Slurm-variable tasks");
}

#[test]
fn killed_task_reruns_to_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(tmp.path(), WF);
    let one = tmp.path().join("one");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&one));
    let reference = snapshot(&one);

    let out = tmp.path().join("killed");
    // Task 1 dies: in `near:buckets` just before committing a unit (its work
    // files written), and in `unique:filter` after its first shards.
    let kills = [
        ("near:buckets", "near:*:before-marker"),
        ("unique:filter", "unique:*:after-shards"),
        ("near:cluster", "near:0:before-marker"),
        ("raw:run", "raw:*:after-marker"),
    ];
    for p in phases(&wf) {
        let fault = kills.iter().find(|k| k.0 == p).map(|k| k.1);
        let victim = if p == "near:cluster" { 0 } else { 1 };
        let mut children = vec![];
        for i in 0..3 {
            let mut c = task(&wf, &out, &p, i, 3);
            if i == victim {
                if let Some(f) = fault {
                    c.env("CURATE_FAULT", f);
                }
            }
            children.push((i, spawn(&mut c)));
        }
        for (i, c) in children {
            let o = c.wait_with_output().unwrap();
            if i == victim && fault.is_some() {
                use std::os::unix::process::ExitStatusExt;
                assert_eq!(
                    o.status.signal(),
                    Some(9),
                    "{p}: task {i} was not killed: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                assert!(String::from_utf8_lossy(&o.stderr).contains("CURATE_FAULT"));
            } else {
                assert!(
                    o.status.success(),
                    "{p} task {i}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
        }
        if fault.is_some() {
            // The next phase refuses to start while this one is incomplete.
            // Then the killed task is rerun alone.
            run_ok(&mut task(&wf, &out, &p, victim, 3));
        }
    }
    assert_same(&snapshot(&out), &reference, "killed and rerun tasks");
    assert_clean(&out);
}

#[test]
fn racing_tasks_commit_each_unit_once() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(tmp.path(), WF);
    let one = tmp.path().join("one");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&one));

    // Two processes that both think they are task 0 of 1 reach the commit of
    // `raw`'s unit 0 together: each waits 8 s before its marker, which
    // covers the second process's start even on a loaded machine.
    let out = tmp.path().join("race");
    let children: Vec<Child> = (0..2)
        .map(|_| {
            let mut c = curate();
            c.arg("run")
                .arg("--phase")
                .arg("raw:run")
                .arg("-o")
                .arg(&out)
                .arg(&wf)
                .env("CURATE_PAUSE", "raw:0:before-marker:8000");
            spawn(&mut c)
        })
        .collect();
    let outs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let lost: usize = outs
        .iter()
        .map(|o| {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8_lossy(&o.stderr)
                .matches("committed by another task")
                .count()
        })
        .sum();
    assert!(lost >= 1, "the two tasks never raced for a unit");
    // One manifest, and the rows of a single run.
    assert_eq!(
        column(&out.join("raw"), "doc_id"),
        column(&one.join("raw"), "doc_id")
    );
    assert_eq!(
        manifest(&out.join("raw"))["counts"],
        manifest(&one.join("raw"))["counts"]
    );
}

#[test]
fn bad_task_arguments_are_clear_errors() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(tmp.path(), WF);
    let out = tmp.path().join("out");
    let fails = |c: &mut std::process::Command| -> String {
        let o = c.output().unwrap();
        assert!(!o.status.success(), "should fail: {}", stdout(&o));
        stderr(&o)
    };
    let e = fails(&mut task(&wf, &out, "raw:run", 3, 3));
    assert!(e.contains("task index 3 is outside 0..3"), "{e}");
    let e = fails(curate().arg("run").arg("--task-count").arg("4").arg(&wf));
    assert!(e.contains("needs --task-index"), "{e}");
    let e = fails(&mut task(&wf, &out, "near:nope", 0, 1));
    assert!(
        e.contains("has no phase `nope`") && e.contains("near:cluster"),
        "{e}"
    );
    // A later stage before the stages it reads.
    let e = fails(&mut task(&wf, &out, "scored:run", 0, 2));
    assert!(
        e.contains("reads stage `raw`, which is not complete"),
        "{e}"
    );
    assert!(!out.join("scored").join("manifest.json").exists());
    // The count changes within a phase.
    run_ok(&mut task(&wf, &out, "raw:run", 0, 3));
    let e = fails(&mut task(&wf, &out, "raw:run", 1, 2));
    assert!(e.contains("started with 3 task(s)"), "{e}");
    for i in 1..3 {
        run_ok(&mut task(&wf, &out, "raw:run", i, 3));
    }
    for p in ["scored:run", "good:run", "unique:hash"] {
        run_ok(&mut task(&wf, &out, p, 0, 1));
    }
    // A phase before the one it follows: nothing committed.
    let e = fails(&mut task(&wf, &out, "unique:filter", 0, 1));
    assert!(e.contains("phase `group` is not complete"), "{e}");
    assert!(!out.join("unique").join("manifest.json").exists());
    assert!(
        !out.join("unique").join("_units").exists()
            || std::fs::read_dir(out.join("unique/_units"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn submit_dry_run_prints_chained_array_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(
        tmp.path(),
        &format!(
            "{WF}cluster:\n  tasks: 4\n  cpus_per_task: 2\n  mem: 4G\n  time: \"01:00:00\"\n  partition: debug\n  image: curate:test\n  phases:\n    near:cluster: {{mem: 8G}}\n"
        ),
    );
    let out = stdout(&run_ok(
        curate()
            .arg("submit")
            .arg("--slurm")
            .arg("--dry-run")
            .arg(&wf),
    ));
    assert_eq!(out.matches("#!/bin/bash").count(), 11, "{out}");
    assert_eq!(out.matches("--dependency=afterok").count(), 10, "{out}");
    assert!(out.contains("#SBATCH --array=0-3"), "{out}");
    assert!(out.contains("#SBATCH --array=0\n"), "{out}");
    assert!(
        out.contains("#SBATCH --mem=8192M") && out.contains("#SBATCH --mem=4096M"),
        "{out}"
    );
    assert!(
        out.contains("#SBATCH --partition=debug") && out.contains("--phase near:cluster"),
        "{out}"
    );
    // Kubernetes: one Indexed Job per phase, each waiting for the one before.
    let k8s = tmp.path().join("k8s");
    run_ok(curate().arg("plan").arg("--k8s").arg(&k8s).arg(&wf));
    let mut files: Vec<_> = std::fs::read_dir(&k8s)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // The workflow travels as a ConfigMap, then one Job per phase.
    assert_eq!(files.len(), 12);
    let cm = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        cm.contains("kind: ConfigMap") && cm.contains("uses: dedup_minhash"),
        "{cm}"
    );
    let first = std::fs::read_to_string(&files[1]).unwrap();
    assert!(
        first.contains("completionMode: Indexed")
            && !first.contains("initContainers")
            && first.contains("\"/etc/curate/wf.yaml\"")
            && first.contains("mountPath: /etc/curate"),
        "{first}"
    );
    let later = std::fs::read_to_string(&files[9]).unwrap();
    assert!(
        later.contains("\"wait\", \"--phase\", \"near:buckets\"")
            && later.contains("completions: 1"),
        "{later}"
    );

    // The block is validated like the rest.
    let bad = workflow(
        tmp.path(),
        &format!("{WF}cluster:\n  tasks: 0\n  mem: lots\n  phases:\n    near:nope: {{}}\n"),
    );
    let o = curate().arg("validate").arg(&bad).output().unwrap();
    let e = stderr(&o);
    assert!(!o.status.success());
    assert!(
        e.contains("tasks must be at least 1")
            && e.contains("mem `lots`")
            && e.contains("no phase `near:nope`"),
        "{e}"
    );
}
