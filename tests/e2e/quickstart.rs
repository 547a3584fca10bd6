//! The README's example workflow, through the real binary, read back by
//! independent readers (pyarrow and DuckDB).

use super::*;

#[test]
fn quickstart_runs_reruns_and_opens_in_pyarrow_and_duckdb() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let wf = repo().join("workflows/quickstart.yaml");
    let o = run_ok(curate().arg("run").arg(&wf).arg("--output").arg(&out_dir));
    let summary = stdout(&o);
    for stage in ["raw", "notes", "scored", "good", "unique", "clean", "final"] {
        assert!(summary.contains(stage), "summary lacks {stage}:\n{summary}");
    }
    assert!(summary.contains("drops per reason"), "{summary}");
    assert!(summary.contains("exact_duplicate"), "{summary}");
    assert!(summary.contains("pii: "), "{summary}");

    // Row accounting: nothing silently vanishes.
    let raw = manifest(&out_dir.join("raw"));
    let notes = manifest(&out_dir.join("notes"));
    let scored = manifest(&out_dir.join("scored"));
    let good = manifest(&out_dir.join("good"));
    let unique = manifest(&out_dir.join("unique"));
    let n = |m: &serde_json::Value, k: &str| m["counts"][k].as_u64().unwrap();
    assert_eq!(
        n(&raw, "rows_out") + n(&notes, "rows_out"),
        n(&scored, "rows_in")
    );
    assert_eq!(n(&scored, "rows_in"), n(&scored, "rows_out"));
    let good_rejected = column(&out_dir.join("good/rejected"), "rejected_reason").len() as u64;
    assert!(
        good_rejected > 0,
        "the filter should reject some web boilerplate"
    );
    assert_eq!(n(&good, "rows_in"), n(&good, "rows_out") + good_rejected);
    let dup_rejected = column(&out_dir.join("unique/rejected"), "rejected_reason");
    assert!(dup_rejected
        .iter()
        .all(|r| r.as_deref() == Some("exact_duplicate")));
    assert!(
        dup_rejected.len() >= 10,
        "the corpus ships 25 re-cased duplicates"
    );
    assert_eq!(
        n(&unique, "rows_in"),
        n(&unique, "rows_out") + dup_rejected.len() as u64
    );

    // The final dataset in pyarrow and DuckDB.
    let final_dir = out_dir.join("final");
    let final_rows = n(&manifest(&final_dir), "rows_out");
    assert_eq!(final_rows, n(&unique, "rows_out"));
    let script = r#"
import sys, glob, json
import pyarrow.parquet as pq, duckdb, polars
d = sys.argv[1]
con = duckdb.connect()
q = lambda sql: con.execute(sql).fetchone()[0]
files = sorted(glob.glob(d + "/*.parquet"))
t = pq.read_table(files)
meta = pq.read_metadata(files[0]).metadata
res = {
  "rows": t.num_rows,
  "columns": t.column_names,
  "text_type": str(t.schema.field("text").type),
  "kv_version": meta[b"curate.schema_version"].decode(),
  "arrow_version": (t.schema.metadata or {}).get(b"curate.schema_version", b"").decode(),
  "duck_rows": q(f"select count(*) from read_parquet('{d}/*.parquet')"),
  "duck_unique": q(f"select count(distinct doc_id) from read_parquet('{d}/*.parquet')"),
  "duck_min_words": q(f"select min(word_count) from read_parquet('{d}/*.parquet')"),
  "polars_rows": polars.read_parquet(files).height,
}
print(json.dumps(res))
"#;
    let py = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&final_dir)
        .output()
        .expect("python3");
    assert!(
        py.status.success(),
        "pyarrow/duckdb/polars check failed (run .ci/run to install them): {}",
        String::from_utf8_lossy(&py.stderr)
    );
    let res: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(res["rows"].as_u64().unwrap(), final_rows);
    assert_eq!(res["duck_rows"].as_u64().unwrap(), final_rows);
    assert_eq!(res["polars_rows"].as_u64().unwrap(), final_rows);
    assert_eq!(res["duck_unique"].as_u64().unwrap(), final_rows);
    assert!(res["duck_min_words"].as_u64().unwrap() >= 50);
    assert_eq!(res["kv_version"], curate_schemas::SCHEMA_VERSION);
    assert_eq!(res["arrow_version"], curate_schemas::SCHEMA_VERSION);
    assert_eq!(res["text_type"], "string");
    let cols: Vec<&str> = res["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in [
        "doc_id",
        "text",
        "source",
        "url",
        "word_count",
        "gopher_quality_ok",
        "c4_ok",
        "fineweb_ok",
        "drop_reason",
        "pii_email",
        "pii_ip",
        "pii_phone",
    ] {
        assert!(cols.contains(&c), "missing column {c} in {cols:?}");
    }

    // Rerun: every stage is committed and skipped; same summary numbers.
    let o2 = run_ok(curate().arg("run").arg(&wf).arg("--output").arg(&out_dir));
    let s2 = stdout(&o2);
    assert_eq!(s2.matches("skipped").count(), 7, "{s2}");
    // `curate stats` prints the same table for the existing output.
    let st = run_ok(curate().arg("stats").arg(&out_dir));
    assert!(stdout(&st).contains("exact_duplicate"));
    let st1 = run_ok(curate().arg("stats").arg(out_dir.join("good")));
    assert!(
        stdout(&st1).contains("filter: gopher_quality_ok"),
        "{}",
        stdout(&st1)
    );
}
