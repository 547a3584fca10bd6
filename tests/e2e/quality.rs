//! Labelled-data inputs and the quality loop through the binary.

use super::*;

#[test]
fn csv_and_json_array_records_keep_their_location() {
    let dir = tempfile::tempdir().unwrap();
    // CSV: a quoted field over two lines (record starts on line 2), a row
    // with a missing field (line 4), a good row (line 5).
    std::fs::write(
        dir.path().join("t.csv"),
        "text,label,p\n\"two\nlines, quoted\",1,0.5\nshort row,2\ngood row,3,0.1\n",
    )
    .unwrap();
    // JSON array: two records, then a syntax error in the third.
    std::fs::write(
        dir.path().join("a.json"),
        "[\n {\"text\": \"first\", \"label\": 1},\n {\"text\": \"second\", \"label\": 2},\n {\"text\": oops}\n]\n",
    )
    .unwrap();
    let wf = workflow(
        dir.path(),
        r#"
on_error: quarantine
stages:
  t: {uses: ingest, inputs: [t.csv], fields: [label]}
  a: {uses: ingest, inputs: [a.json], fields: [label]}
"#,
    );
    let out = dir.path().join("out");
    run_ok(curate().args(["run", "-o"]).arg(&out).arg(&wf));
    assert_eq!(
        column(&out.join("t"), "text"),
        [
            Some("two\nlines, quoted".to_string()),
            Some("good row".into())
        ]
    );
    assert_eq!(u64_column(&out.join("t"), "source_record"), [2, 5]);
    assert_eq!(
        column(&out.join("t"), "label"),
        [Some("1".to_string()), Some("3".into())]
    );
    let reasons = column(&out.join("t/quarantine"), "reason");
    assert_eq!(
        reasons,
        [Some(
            "malformed CSV: 2 fields, the header has 3".to_string()
        )]
    );
    assert_eq!(u64_column(&out.join("t/quarantine"), "line"), [4]);

    assert_eq!(
        column(&out.join("a"), "text"),
        [Some("first".to_string()), Some("second".into())]
    );
    assert_eq!(u64_column(&out.join("a"), "source_record"), [1, 2]);
    let reasons = column(&out.join("a/quarantine"), "reason");
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0]
            .as_deref()
            .unwrap()
            .starts_with("malformed JSON: expected value (line 4"),
        "{reasons:?}"
    );
    assert_eq!(u64_column(&out.join("a/quarantine"), "line"), [3]);
}
