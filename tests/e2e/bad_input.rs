//! Bad input: corrupt gzip, invalid UTF-8, malformed JSON, a 50 MB line.
//! `on_error: fail` stops with an error naming file and line; `quarantine`
//! keeps a quarantine row and processes everything else.

use super::*;
use std::io::Write;

fn good_lines(n: usize, tag: &str) -> String {
    let sents = sentences();
    let mut rng = Lcg(7);
    let mut s = String::new();
    for i in 0..n {
        let mut d: serde_json::Value = serde_json::from_str(&doc(&mut rng, &sents, 3)).unwrap();
        d["text"] = format!("{tag} {i}: {}", d["text"].as_str().unwrap()).into();
        s.push_str(&d.to_string());
        s.push('\n');
    }
    s
}

fn setup(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in").join(name), bytes).unwrap();
    std::fs::write(dir.join("in/good.jsonl"), good_lines(100, "good")).unwrap();
}

fn wf(dir: &Path, mode: &str) -> PathBuf {
    workflow(
        dir,
        &format!("on_error: {mode}\nstages:\n  raw: {{uses: ingest, inputs: \"in/*\"}}\n"),
    )
}

/// Runs with `fail` (expects an error naming `file:line`) and with
/// `quarantine` (expects the good file whole and one quarantine reason).
fn check(
    name: &str,
    bytes: Vec<u8>,
    line: Option<u64>,
    reason: &str,
) -> (usize, Vec<serde_json::Value>) {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path(), name, &bytes);
    let o = curate()
        .arg("run")
        .arg(wf(tmp.path(), "fail"))
        .arg("-o")
        .arg(tmp.path().join("o1"))
        .output()
        .unwrap();
    assert!(
        !o.status.success(),
        "a bad record must fail the run in `fail` mode"
    );
    let err = stderr(&o);
    let at = match line {
        Some(l) => format!("in/{name}:{l}: {reason}"),
        None => format!("in/{name}:"),
    };
    assert!(err.contains(&at), "expected `{at}` in:\n{err}");
    assert!(err.contains(reason), "expected `{reason}` in:\n{err}");

    let out = tmp.path().join("o2");
    run_ok(
        curate()
            .arg("run")
            .arg(wf(tmp.path(), "quarantine"))
            .arg("-o")
            .arg(&out),
    );
    let sources = column(&out.join("raw"), "source");
    let good = sources
        .iter()
        .filter(|s| s.as_deref() == Some("in/good.jsonl"))
        .count();
    assert_eq!(good, 100, "the good file must be complete");
    let bad_kept = sources.len() - good;
    let q = read_batches(&out.join("raw/quarantine"));
    let mut rows = vec![];
    for b in &q {
        let file = b
            .column_by_name("file")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let reasons = b
            .column_by_name("reason")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let lines = b
            .column_by_name("line")
            .unwrap()
            .as_any()
            .downcast_ref::<arrow_array::UInt64Array>()
            .unwrap();
        for i in 0..b.num_rows() {
            rows.push(serde_json::json!({"file": file.value(i), "line": lines.value(i), "reason": reasons.value(i)}));
        }
    }
    assert!(!rows.is_empty(), "no quarantine row");
    assert!(
        rows.iter().all(|r| r["file"] == format!("in/{name}")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r["reason"].as_str().unwrap().starts_with(reason)),
        "{rows:?}"
    );
    if let Some(l) = line {
        assert!(rows.iter().any(|r| r["line"] == l), "{rows:?}");
    }
    let m = manifest(&out.join("raw"));
    let dropped: u64 = m["counts"]["drops"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(dropped as usize, rows.len());
    (bad_kept, rows)
}

#[test]
fn invalid_utf8_line() {
    let mut bytes = good_lines(5, "bad").into_bytes();
    let mut line3 = b"{\"text\": \"caf\xff\xfe is broken\"}\n".to_vec();
    let at = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    bytes.splice(at..at, line3.drain(..));
    let (kept, rows) = check("utf8.jsonl", bytes, Some(3), "invalid UTF-8");
    assert_eq!(kept, 5);
    assert_eq!(rows.len(), 1);
}

#[test]
fn malformed_json_line() {
    let mut s = good_lines(4, "bad");
    s.insert_str(0, "{\"text\": \"unterminated\n");
    let (kept, rows) = check("malformed.jsonl", s.into_bytes(), Some(1), "malformed JSON");
    assert_eq!(kept, 4);
    assert_eq!(rows.len(), 1);
}

#[test]
fn fifty_megabyte_line() {
    let mut s = good_lines(1, "bad");
    let huge = "a".repeat(50 * 1024 * 1024);
    s.push_str(&serde_json::json!({ "text": huge }).to_string());
    s.push('\n');
    s.push_str(&good_lines(2, "after"));
    let (kept, rows) = check("huge.jsonl", s.into_bytes(), Some(2), "record too long");
    assert_eq!(kept, 3, "records before and after the huge one are kept");
    assert_eq!(rows.len(), 1);
}

/// A gzip file of two members (as `cat a.gz b.gz` or bgzip writes), bytes
/// overwritten in the second: its CRC fails only at its end, after records
/// that may decode into other text. The first member's records are kept, no
/// record of the second is (one quarantine row names the member and its
/// byte offset).
#[test]
fn corrupt_gzip() {
    let member = |s: &str| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(s.as_bytes()).unwrap();
        enc.finish().unwrap()
    };
    let mut bytes = member(&good_lines(1000, "gz"));
    let first = bytes.len();
    let second = member(&good_lines(1000, "gz2"));
    bytes.extend_from_slice(&second);
    let mid = first + second.len() * 2 / 3;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let (kept, rows) = check("corrupt.jsonl.gz", bytes, None, "");
    assert_eq!(kept, 1000, "the first member's records are kept, no others");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let reason = rows[0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(&format!(
            "unreadable input: gzip member 2 (at byte {first} of the file) failed its check"
        )),
        "{rows:?}"
    );
}

/// A `.json` file holding a JSON array is read element by element (not as
/// JSON lines); an element of the wrong type is a bad record at its index.
#[test]
fn json_array_with_a_wrong_type() {
    let body = r#"[
  {"text": "first element of the array", "url": "http://a"},
  {"text": 5},
  {"text": "third element"}
]"#;
    let (kept, rows) = check(
        "arr.json",
        body.as_bytes().to_vec(),
        Some(2),
        "wrong JSON type: field 'text' is a number, not a string",
    );
    assert_eq!((kept, rows.len()), (2, 1), "{rows:?}");
}

/// A truncated JSON array keeps the elements before the break.
#[test]
fn truncated_json_array() {
    let body = r#"[{"text": "one whole element"}, {"text": "two whole elements"}, {"text": "thr"#;
    let (kept, rows) = check("cut.json", body.as_bytes().to_vec(), None, "malformed JSON");
    assert_eq!((kept, rows.len()), (2, 1), "{rows:?}");
}

/// A JSON line that is not an object, and a `url` that is not a string.
#[test]
fn wrong_json_types_in_lines() {
    let body = "{\"text\": \"fine line\"}\n[1, 2]\n{\"text\": \"bad url\", \"url\": 7}\n";
    let (kept, rows) = check(
        "types.jsonl",
        body.as_bytes().to_vec(),
        Some(2),
        "wrong JSON type: the record is an array, not an object",
    );
    assert_eq!((kept, rows.len()), (1, 2), "{rows:?}");
    assert!(
        rows.iter().any(|r| r["line"] == 3
            && r["reason"] == "wrong JSON type: field 'url' is a number, not a string"),
        "{rows:?}"
    );
}

/// A Parquet `url` value that is not text (binary, not UTF-8) is a bad row
/// naming the column, never a silent NULL; the other rows are kept.
#[test]
fn parquet_url_that_is_not_text() {
    use arrow_array::{ArrayRef, BinaryArray};
    use std::sync::Arc;
    let text: ArrayRef = Arc::new(StringArray::from(vec!["row one", "row two", "row three"]));
    let url: ArrayRef = Arc::new(BinaryArray::from(vec![
        &b"http://ok"[..],
        &b"\xff\xfe not utf-8"[..],
        &b"http://fine"[..],
    ]));
    let batch = RecordBatch::try_from_iter(vec![("text", text), ("url", url)]).unwrap();
    let mut bytes = vec![];
    {
        let mut w = parquet::arrow::ArrowWriter::try_new(&mut bytes, batch.schema(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }
    let (kept, rows) = check(
        "bin.parquet",
        bytes,
        Some(2),
        "uncastable value: column 'url' (Binary) holds a value that is not text",
    );
    assert_eq!((kept, rows.len()), (2, 1), "{rows:?}");
}

/// A NULL in `dedup_exact`'s text column (here `url`, absent from one
/// record) fails the stage with the shard and row, instead of letting that
/// document escape deduplication; nothing of the stage is committed.
#[test]
fn dedup_exact_names_the_row_of_a_null_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut s = String::new();
    for (i, line) in good_lines(20, "u").lines().enumerate() {
        let mut d: serde_json::Value = serde_json::from_str(line).unwrap();
        d["url"] = format!("https://example.com/{i}").into();
        s.push_str(&d.to_string());
        s.push('\n');
    }
    s.push_str("{\"text\": \"no url here\"}\n");
    std::fs::write(dir.join("in/a.jsonl"), s).unwrap();
    let wf = workflow(
        dir,
        "stages:\n  raw: {uses: ingest, inputs: \"in/*\"}\n  exact: {uses: dedup_exact, inputs: [raw], text_column: url}\n",
    );
    let o = curate()
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg(dir.join("o"))
        .output()
        .unwrap();
    assert!(!o.status.success(), "a NULL text must fail dedup_exact");
    let err = stderr(&o);
    assert!(
        err.contains("raw/part-00000-000.parquet: row 21: `url` is NULL"),
        "{err}"
    );
    assert!(!dir.join("o/exact/manifest.json").exists());
}
