//! SIGKILL mid-stage (at a fault point), rerun: output identical to an
//! uninterrupted run, no row lost or doubled. (`faults.rs` kills at every
//! point and at seeded random times.)

use super::*;

fn make_corpus(dir: &Path) {
    let sents = sentences();
    let mut rng = Lcg(42);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for f in 0..16 {
        let mut s = String::new();
        for i in 0..1500 {
            // Some exact duplicates across files, some short docs to filter.
            let line = if i % 50 == 7 {
                serde_json::json!({"text": format!("Duplicate document number {}. It is here many times over.", i % 3)}).to_string()
            } else {
                let n = 1 + rng.below(12);
                doc(&mut rng, &sents, n)
            };
            s.push_str(&line);
            s.push('\n');
        }
        std::fs::write(dir.join(format!("in/part{f:02}.jsonl")), s).unwrap();
    }
}

const WF: &str = r#"
name: resume
threads: 1
stages:
  raw: {uses: ingest, inputs: "in/*.jsonl"}
  scored: {uses: heuristics, inputs: [raw]}
  good: {uses: filter, inputs: [scored], where: "word_count >= 20"}
  unique: {uses: dedup_exact, inputs: [good]}
"#;

type Snapshot = Vec<(
    String,
    Vec<Option<String>>,
    Vec<Option<String>>,
    serde_json::Value,
)>;

/// Everything a run produced that a user could read, per stage.
fn snapshot(out: &Path) -> Snapshot {
    ["raw", "scored", "good", "unique"]
        .iter()
        .map(|s| {
            let d = out.join(s);
            let m = manifest(&d);
            (
                s.to_string(),
                column(&d, "doc_id"),
                column(&d.join("rejected"), "doc_id"),
                m["counts"].clone(),
            )
        })
        .collect()
}

#[test]
fn sigkill_mid_stage_then_rerun_matches_uninterrupted_run() {
    let tmp = tempfile::tempdir().unwrap();
    make_corpus(tmp.path());
    let wf = workflow(tmp.path(), WF);

    // Uninterrupted reference run.
    let clean = tmp.path().join("clean");
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&clean));

    // Killed run: SIGKILL right after `scored` commits its second unit
    // (threads: 1, so units 0 and 1 are committed, 2..15 are not): a fault
    // point, not a timer that may miss the window.
    let killed = tmp.path().join("killed");
    let o = curate()
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg(&killed)
        .env("CURATE_FAULT", "scored:1:after-marker")
        .output()
        .unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(o.status.signal(), Some(9), "{}", stderr(&o));
    let units = std::fs::read_dir(killed.join("scored/_units"))
        .unwrap()
        .count();
    assert_eq!(units, 2, "two committed units at the kill");
    assert!(
        !killed.join("scored/manifest.json").exists(),
        "the kill must land mid-stage"
    );
    assert!(!killed.join("unique").exists());

    // Rerun resumes and finishes.
    let o = run_ok(curate().arg("run").arg(&wf).arg("-o").arg(&killed));
    let summary = stdout(&o);
    assert!(summary.contains("resumed"), "{summary}");

    let a = snapshot(&clean);
    let b = snapshot(&killed);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.0, y.0);
        assert_eq!(x.1.len(), y.1.len(), "{}: row count differs", x.0);
        assert_eq!(x.1, y.1, "{}: kept rows differ", x.0);
        assert_eq!(x.2, y.2, "{}: rejected rows differ", x.0);
        assert_eq!(x.3["rows_in"], y.3["rows_in"], "{}", x.0);
        assert_eq!(x.3["drops"], y.3["drops"], "{}", x.0);
    }
    // No doubles in the final output.
    let ids = &b[3].1;
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    assert_eq!(a[0].1.len(), 16 * 1500);
}
