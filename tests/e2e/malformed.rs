//! A generated corpus of malformed inputs through `ingest`, in both
//! `on_error` modes: no panic; every bad record reported with its file and
//! line (row, element or byte offset); every good record kept, whole.
//!
//! Each case is one file of good records (sentences from the repository's
//! corpus) with bad ones planted by a seeded generator, or a good file
//! corrupted afterwards (compressed streams, Parquet). For a corrupted
//! compressed stream what can be recovered is what an independent decoder
//! (flate2 / zstd read to the first error) yields before the corruption:
//! its whole lines are the records ingest must keep, and the line the
//! stream breaks in must be reported.
//!
//! Quarantine mode: all cases in one `curate run` (one ingest stage for the
//! JSON/CSV/Parquet files, one for WARC). Fail mode: every case with a bad
//! record in a run of its own (the run must stop with `file:line: reason`
//! naming the case's first bad record), the cases without one in one run
//! that must succeed. `CURATE_MALFORMED_CASES=N` changes the count (default
//! 1,100, i.e. 100 per class).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray, UInt64Array};

use super::*;

const MAX_DOC: usize = 4096;

/// A file and what ingest must make of it.
struct Case {
    class: &'static str,
    /// Under `in/` (`warc/` for WARC files).
    name: String,
    bytes: Vec<u8>,
    /// (record, text) ingest must keep, in order.
    good: Vec<(u64, String)>,
    /// (line, reason prefix) ingest must report, in order; "" = any reason.
    bad: Vec<(u64, &'static str)>,
    /// A corrupted compressed stream: the original text of each line, and
    /// whether an independent decoder fails on it. How far a decoder gets
    /// before it reports the corruption depends on how it is read (a
    /// checksum is checked at the end of what was decoded), so these cases
    /// are checked for what must hold: the corruption is reported (a row
    /// `unreadable input` at the line the stream breaks in), every line
    /// before it is kept with its original text or reported, none after it.
    stream: Option<(Vec<String>, bool)>,
}

/// A file's bytes, its good records (line, text) and bad ones (line, reason).
type Planted = (Vec<u8>, Vec<(u64, String)>, Vec<(u64, &'static str)>);

struct Gen {
    rng: Lcg,
    sents: Vec<String>,
}

impl Gen {
    fn text(&mut self) -> String {
        let n = 1 + self.rng.below(4);
        (0..n)
            .map(|_| self.sents[self.rng.below(self.sents.len())].clone())
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn line(&mut self) -> (String, String) {
        let t = self.text();
        (serde_json::json!({ "text": t }).to_string(), t)
    }
    /// `n` good JSON lines and 1 to `max_bad` bad lines planted at random
    /// places by `bad(gen) -> (bytes, reason)`.
    fn jsonl(
        &mut self,
        n: usize,
        max_bad: usize,
        bad: &mut dyn FnMut(&mut Gen) -> (Vec<u8>, &'static str),
    ) -> Planted {
        let n_bad = 1 + self.rng.below(max_bad);
        let total = n + n_bad;
        let mut bad_at = BTreeSet::new();
        while bad_at.len() < n_bad {
            bad_at.insert(self.rng.below(total));
        }
        let (mut bytes, mut good, mut bads) = (vec![], vec![], vec![]);
        for i in 0..total {
            let line_no = i as u64 + 1;
            if bad_at.contains(&i) {
                let (b, reason) = bad(self);
                bytes.extend_from_slice(&b);
                bads.push((line_no, reason));
            } else {
                let (l, t) = self.line();
                bytes.extend_from_slice(l.as_bytes());
                good.push((line_no, t));
            }
            bytes.push(b'\n');
        }
        (bytes, good, bads)
    }
}

fn gz(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

fn zst(b: &[u8]) -> Vec<u8> {
    // With the content checksum, as the zstd CLI writes by default.
    let mut e = zstd::Encoder::new(Vec::new(), 3).unwrap();
    e.include_checksum(true).unwrap();
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

/// What an independent decoder recovers from a (corrupted) stream: the
/// bytes before the first error, and whether there was one.
fn decode(bytes: &[u8], zstd_stream: bool) -> (Vec<u8>, bool) {
    let mut r: Box<dyn Read> = if zstd_stream {
        match zstd::Decoder::new(bytes) {
            Ok(d) => Box::new(d),
            Err(_) => return (vec![], true),
        }
    } else {
        Box::new(flate2::read::MultiGzDecoder::new(bytes))
    };
    let mut out = vec![];
    let mut buf = [0u8; 4096];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return (out, false),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(_) => return (out, true),
        }
    }
}

fn parquet_bytes(texts: &[Option<String>], rows_per_group: usize) -> Vec<u8> {
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;
    let col: arrow_array::ArrayRef = Arc::new(StringArray::from(texts.to_vec()));
    let batch = RecordBatch::try_from_iter_with_nullable([("text", col, true)]).unwrap();
    let schema = batch.schema();
    let props = WriterProperties::builder()
        .set_max_row_group_row_count(Some(rows_per_group))
        .set_dictionary_enabled(false)
        .build();
    let mut buf = vec![];
    let mut w = ArrowWriter::try_new(&mut buf, schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    buf
}

const CLASSES: &[&str] = &[
    "invalid_utf8",
    "broken_json",
    "wrong_json_type",
    "null_and_empty_text",
    "long_line",
    "empty_file",
    "json_array_truncated",
    "csv_field_count",
    "gzip_truncated_or_corrupt",
    "zstd_truncated_or_corrupt",
    "parquet_bad_footer",
    "parquet_bad_page",
    "parquet_null_long_empty",
    "warc_broken_records",
];

fn make(g: &mut Gen, class: &'static str, i: usize) -> Case {
    let n = 3 + g.rng.below(6);
    let case = |ext: &str, bytes, good, bad| Case {
        class,
        name: format!("{class}-{i:04}.{ext}"),
        bytes,
        good,
        bad,
        stream: None,
    };
    match class {
        "invalid_utf8" => {
            let (b, good, bad) = g.jsonl(n, 3, &mut |g| {
                let mut l = g.line().0.into_bytes();
                // Inside the text value: after `{"text": "`.
                let at = 10 + g.rng.below(l.len() - 12);
                let junk: &[u8] =
                    [&[0xff][..], &[0xc3], &[0xe2, 0x82], &[0xed, 0xa0, 0x80]][g.rng.below(4)];
                l.splice(at..at, junk.iter().copied());
                (l, "invalid UTF-8")
            });
            case("jsonl", b, good, bad)
        }
        "broken_json" => {
            let (b, good, bad) = g.jsonl(n, 3, &mut |g| {
                let l = g.line().0.into_bytes();
                let broken = match g.rng.below(3) {
                    // cut short (at a character boundary: not invalid UTF-8)
                    0 => {
                        let mut cut = 1 + g.rng.below(l.len() - 1);
                        while (l[cut] as i8) < -0x40 {
                            cut -= 1;
                        }
                        l[..cut].to_vec()
                    }
                    // a quote or brace removed
                    1 => {
                        let mut l = l.clone();
                        let p = [0, 1, l.len() - 1][g.rng.below(3)];
                        l.remove(p);
                        l
                    }
                    // trailing garbage
                    _ => [&l[..], b" }x"].concat(),
                };
                (broken, "malformed JSON")
            });
            case("jsonl", b, good, bad)
        }
        "wrong_json_type" => {
            let (b, good, bad) = g.jsonl(n, 3, &mut |g| {
                let t = g.text();
                let v = match g.rng.below(7) {
                    0 => serde_json::json!({ "text": 5 }),
                    1 => serde_json::json!({ "text": [t] }),
                    2 => serde_json::json!({ "text": { "t": t } }),
                    3 => serde_json::json!({ "text": true }),
                    4 => serde_json::json!([1, 2]),
                    5 => serde_json::json!(t),
                    _ => serde_json::json!({ "text": t, "url": 7 }),
                };
                (v.to_string().into_bytes(), "wrong JSON type")
            });
            case("jsonl", b, good, bad)
        }
        "null_and_empty_text" => {
            // NULL and missing text are bad; an empty string is a document.
            let mut empties = vec![];
            let (b, mut good, bad) = g.jsonl(n, 3, &mut |g| {
                let v = if g.rng.below(2) == 0 {
                    serde_json::json!({ "text": null })
                } else {
                    serde_json::json!({ "url": "https://example.org/" })
                };
                (v.to_string().into_bytes(), "missing field")
            });
            let mut b = b;
            let k = 1 + g.rng.below(2);
            for j in 0..k {
                b.extend_from_slice(b"{\"text\": \"\"}\n");
                empties.push(((n + bad.len() + j + 1) as u64, String::new()));
            }
            good.extend(empties);
            case("jsonl", b, good, bad)
        }
        "long_line" => {
            let (b, good, bad) = g.jsonl(n, 2, &mut |g| {
                let len = MAX_DOC + 1 + g.rng.below(200_000);
                let t: String = (0..len).map(|k| (b'a' + (k % 26) as u8) as char).collect();
                (
                    serde_json::json!({ "text": t }).to_string().into_bytes(),
                    "record too long",
                )
            });
            case("jsonl", b, good, bad)
        }
        "empty_file" => {
            let (ext, bytes) = match i % 6 {
                0 => ("jsonl", vec![]),
                1 => ("jsonl", b"\n\n  \n".to_vec()),
                2 => ("jsonl.gz", gz(b"")),
                3 => ("jsonl.zst", zst(b"")),
                4 => ("json", b"[]".to_vec()),
                _ => ("csv", vec![]),
            };
            case(ext, bytes, vec![], vec![])
        }
        "json_array_truncated" => {
            // One element per line; wrong types inside are bad elements,
            // then the array is cut: the elements before the cut are kept,
            // the cut is reported at its line.
            let mut body = b"[\n".to_vec();
            let (mut good, mut bad, mut ends) = (vec![], vec![], vec![]);
            for k in 1..=n as u64 {
                if g.rng.below(4) == 0 {
                    body.extend_from_slice(b"{\"text\": 42}");
                    bad.push((k, "wrong JSON type"));
                } else {
                    let (l, t) = g.line();
                    body.extend_from_slice(l.as_bytes());
                    good.push((k, t));
                }
                ends.push(body.len());
                body.extend_from_slice(if k < n as u64 { b",\n" } else { b"\n]\n" });
            }
            // Cut somewhere after the `[` and before the final `]`.
            let cut = 2 + g.rng.below(body.len() - 4);
            body.truncate(cut);
            let whole = ends.iter().filter(|&&e| e <= cut).count() as u64;
            good.retain(|r| r.0 <= whole);
            bad.retain(|r| r.0 <= whole);
            let line = 1 + body.iter().filter(|&&b| b == b'\n').count() as u64;
            bad.push((line, "malformed JSON"));
            case("json", body, good, bad)
        }
        "csv_field_count" => {
            let mut s = b"text,url\n".to_vec();
            let (mut good, mut bad) = (vec![], vec![]);
            let total = n + 1 + g.rng.below(3);
            let mut bad_at = BTreeSet::new();
            while bad_at.len() < total - n {
                bad_at.insert(g.rng.below(total));
            }
            for k in 0..total {
                // A quoted text may hold newlines: a record's line is where it starts.
                let line = 1 + s.iter().filter(|&&b| b == b'\n').count() as u64;
                let t = g.text();
                let q = format!("\"{}\"", t.replace('"', "\"\""));
                if bad_at.contains(&k) {
                    let row = if g.rng.below(2) == 0 {
                        q
                    } else {
                        format!("{q},https://example.org/{k},extra")
                    };
                    s.extend_from_slice(row.as_bytes());
                    bad.push((line, "malformed CSV"));
                } else {
                    s.extend_from_slice(format!("{q},https://example.org/{k}").as_bytes());
                    good.push((line, t));
                }
                s.push(b'\n');
            }
            case("csv", s, good, bad)
        }
        "gzip_truncated_or_corrupt" | "zstd_truncated_or_corrupt" => {
            let is_zstd = class.starts_with("zstd");
            let lines: Vec<String> = (0..n.max(4) * 8).map(|_| g.line().0).collect();
            // One to three members (frames), as `cat a.gz b.gz` or bgzip
            // make: a failed check costs its own member, not the ones before.
            let parts = 1 + g.rng.below(3);
            let per = lines.len().div_ceil(parts);
            let mut z = vec![];
            for chunk in lines.chunks(per) {
                let plain = chunk.iter().map(|l| format!("{l}\n")).collect::<String>();
                z.extend(if is_zstd {
                    zst(plain.as_bytes())
                } else {
                    gz(plain.as_bytes())
                });
            }
            if g.rng.below(2) == 0 {
                z.truncate(g.rng.below(z.len()));
            } else {
                // Overwrite a run of bytes somewhere after the header.
                let at = 12 + g.rng.below(z.len() - 16);
                let len = 1 + g.rng.below(16).min(z.len() - at - 1);
                for b in &mut z[at..at + len] {
                    *b = g.rng.next_u64() as u8;
                }
            }
            let errored = decode(&z, is_zstd).1;
            let texts = lines
                .iter()
                .map(|l| {
                    serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect();
            let mut c = case(
                if is_zstd { "jsonl.zst" } else { "jsonl.gz" },
                z,
                vec![],
                vec![],
            );
            c.stream = Some((texts, errored));
            c
        }
        "parquet_bad_footer" => {
            let texts: Vec<Option<String>> = (0..n).map(|_| Some(g.text())).collect();
            let mut p = parquet_bytes(&texts, 4);
            let l = p.len();
            match g.rng.below(4) {
                0 => p.truncate(l - 1 - g.rng.below(16)),
                // the footer length
                1 => p[l - 8..l - 4].copy_from_slice(&u32::MAX.to_le_bytes()),
                // the magic
                2 => p[l - 1] = b'X',
                _ => p.truncate(g.rng.below(l / 2)),
            }
            case("parquet", p, vec![], vec![(0, "unreadable input")])
        }
        "parquet_bad_page" => {
            // Row groups of 4 rows; one row group's page header overwritten:
            // its rows are one bad record (at its first row), every other
            // row group is kept.
            let rows = 8 + g.rng.below(9);
            let texts: Vec<Option<String>> = (0..rows).map(|_| Some(g.text())).collect();
            let mut p = parquet_bytes(&texts, 4);
            let tmp = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(tmp.path(), &p).unwrap();
            let meta = parquet::file::reader::FileReader::metadata(
                &parquet::file::serialized_reader::SerializedFileReader::new(
                    std::fs::File::open(tmp.path()).unwrap(),
                )
                .unwrap(),
            )
            .clone();
            let groups = meta.num_row_groups();
            let broken = g.rng.below(groups);
            let at = meta.row_group(broken).column(0).data_page_offset() as usize;
            for b in &mut p[at..at + 4] {
                *b = 0xff;
            }
            let first = (broken * 4) as u64;
            let good = texts
                .iter()
                .enumerate()
                .filter(|(r, _)| r / 4 != broken)
                .map(|(r, t)| (r as u64 + 1, t.clone().unwrap()))
                .collect();
            case("parquet", p, good, vec![(first + 1, "unreadable input")])
        }
        "parquet_null_long_empty" => {
            let rows = n + 3;
            let (mut texts, mut good, mut bad) = (vec![], vec![], vec![]);
            for r in 0..rows {
                let row = r as u64 + 1;
                match g.rng.below(5) {
                    0 => {
                        texts.push(None);
                        bad.push((row, "missing field"));
                    }
                    1 => {
                        let len = MAX_DOC + 1 + g.rng.below(100_000);
                        texts.push(Some("x".repeat(len)));
                        bad.push((row, "record too long"));
                    }
                    2 => {
                        texts.push(Some(String::new()));
                        good.push((row, String::new()));
                    }
                    _ => {
                        let t = g.text();
                        texts.push(Some(t.clone()));
                        good.push((row, t));
                    }
                }
            }
            case(
                "parquet",
                parquet_bytes(&texts, 1 + g.rng.below(4)),
                good,
                bad,
            )
        }
        "warc_broken_records" => {
            let mut b = vec![];
            let (mut good, mut bad) = (vec![], vec![]);
            let total = n + 1;
            let broken = 1 + g.rng.below(total - 1);
            for k in 0..total {
                let off = b.len() as u64;
                let t = g.text();
                let html = format!("<html><body><p>{t}</p></body></html>");
                let uri = format!("https://example.org/{i}/{k}");
                let mut rec = super::web::response(&uri, html.as_bytes());
                if k == broken {
                    let how = g.rng.below(3);
                    match how {
                        // a line that is not a WARC header before the
                        // record: reported, and the record after it read
                        0 => {
                            good.push((off + 14, html.clone()));
                            rec = [&b"GARBAGE LINE\r\n"[..], &rec].concat();
                        }
                        // Content-Length too short
                        1 => {
                            let s = String::from_utf8(rec.clone()).unwrap();
                            let h = s.find("Content-Length: ").unwrap() + 16;
                            let e = h + s[h..].find('\r').unwrap();
                            let len: usize = s[h..e].parse().unwrap();
                            rec = format!("{}{}{}", &s[..h], len - 10 - g.rng.below(20), &s[e..])
                                .into_bytes();
                        }
                        // the last record cut short
                        _ => {}
                    }
                    if how == 2 {
                        // moved to the end, cut there
                        continue;
                    }
                    bad.push((off, ""));
                } else {
                    good.push((off, html));
                }
                b.extend_from_slice(&rec);
            }
            // The cut record at the end (always: a truncated last record).
            let off = b.len() as u64;
            let rec = super::web::response(
                &format!("https://example.org/{i}/cut"),
                b"<html><body>cut</body></html>",
            );
            let cut = 20 + g.rng.below(rec.len() - 30);
            b.extend_from_slice(&rec[..cut]);
            bad.push((off, ""));
            Case {
                class,
                name: format!("{class}-{i:04}.warc"),
                bytes: b,
                good,
                bad,
                stream: None,
            }
        }
        _ => unreachable!("{class}"),
    }
}

/// (file -> [(record, text)]) of the kept rows, (file -> [(line, reason)])
/// of the quarantine rows.
type Kept = BTreeMap<String, Vec<(u64, String)>>;
type Quarantined = BTreeMap<String, Vec<(u64, String)>>;

fn read_out(stage: &Path) -> (Kept, Quarantined) {
    let mut kept: Kept = BTreeMap::new();
    for b in read_batches(stage) {
        let s = b.column_by_name("source").unwrap();
        let s = s.as_any().downcast_ref::<StringArray>().unwrap();
        let r = b.column_by_name("source_record").unwrap();
        let r = r.as_any().downcast_ref::<UInt64Array>().unwrap();
        let t = b.column_by_name("text").unwrap();
        let t = t.as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..b.num_rows() {
            kept.entry(s.value(i).to_string())
                .or_default()
                .push((r.value(i), t.value(i).to_string()));
        }
    }
    let mut q: Quarantined = BTreeMap::new();
    for b in read_batches(&stage.join("quarantine")) {
        let f = b.column_by_name("file").unwrap();
        let f = f.as_any().downcast_ref::<StringArray>().unwrap();
        let l = b.column_by_name("line").unwrap();
        let l = l.as_any().downcast_ref::<UInt64Array>().unwrap();
        let r = b.column_by_name("reason").unwrap();
        let r = r.as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..b.num_rows() {
            q.entry(f.value(i).to_string())
                .or_default()
                .push((l.value(i), r.value(i).to_string()));
        }
    }
    (kept, q)
}

fn wf_yaml(mode: &str, json_glob: &str, warc_glob: &str) -> String {
    let mut y = format!("name: malformed\non_error: {mode}\nthreads: 2\nstages:\n");
    if !json_glob.is_empty() {
        y += &format!(
            "  docs: {{uses: ingest, inputs: \"{json_glob}\", max_doc_bytes: {MAX_DOC}}}\n"
        );
    }
    if !warc_glob.is_empty() {
        y += &format!(
            "  web: {{uses: ingest, inputs: \"{warc_glob}\", format: warc, max_doc_bytes: {MAX_DOC}}}\n"
        );
    }
    y
}

fn no_panic(o: &std::process::Output, what: &str) {
    let e = stderr(o);
    assert!(!e.contains("panicked"), "{what}: a panic:\n{e}");
    use std::os::unix::process::ExitStatusExt;
    assert!(
        o.status.signal().is_none(),
        "{what}: killed by a signal: {:?}",
        o.status
    );
}

#[test]
fn generated_malformed_inputs_in_both_modes() {
    let per_class: usize = std::env::var("CURATE_MALFORMED_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(|n: usize| n.div_ceil(CLASSES.len()))
        .unwrap_or(100);
    let mut g = Gen {
        rng: Lcg(0x6d616c66),
        sents: sentences(),
    };
    let mut cases = vec![];
    for i in 0..per_class {
        for class in CLASSES {
            cases.push(make(&mut g, class, i));
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("CURATE_MALFORMED_KEEP").is_some();
    let dir = &if keep {
        tmp.keep()
    } else {
        tmp.path().to_path_buf()
    };
    if std::env::var_os("CURATE_MALFORMED_KEEP").is_some() {
        eprintln!("malformed: cases kept in {}", dir.display());
    }
    for c in &cases {
        let sub = if c.name.ends_with(".warc") {
            "warc"
        } else {
            "in"
        };
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        std::fs::write(dir.join(sub).join(&c.name), &c.bytes).unwrap();
    }
    let file_of = |c: &Case| {
        let sub = if c.name.ends_with(".warc") {
            "warc"
        } else {
            "in"
        };
        format!("{sub}/{}", c.name)
    };

    // Quarantine: everything in one run.
    let t0 = std::time::Instant::now();
    let wf = dir.join("q.yaml");
    std::fs::write(&wf, wf_yaml("quarantine", "in/*", "warc/*")).unwrap();
    let o = curate()
        .arg("run")
        .arg(&wf)
        .arg("-o")
        .arg(dir.join("q"))
        .output()
        .unwrap();
    no_panic(&o, "quarantine run");
    assert!(o.status.success(), "quarantine run failed:\n{}", stderr(&o));
    let (mut kept, mut q) = read_out(&dir.join("q/docs"));
    let (k2, q2) = read_out(&dir.join("q/web"));
    kept.extend(k2);
    q.extend(q2);
    let (mut n_good, mut n_bad) = (0usize, 0usize);
    let mut by_class: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for c in &cases {
        let f = file_of(c);
        let got_kept = kept.remove(&f).unwrap_or_default();
        if let Some((texts, errored)) = &c.stream {
            let got_q = q.remove(&f).unwrap_or_default();
            let unreadable: Vec<u64> = got_q
                .iter()
                .filter(|r| r.1.starts_with("unreadable input"))
                .map(|r| r.0)
                .collect();
            assert!(
                !*errored || !unreadable.is_empty(),
                "{f}: the corruption is not reported: {got_q:?}"
            );
            let brk = unreadable
                .iter()
                .max()
                .copied()
                .unwrap_or(texts.len() as u64 + 1);
            for (l, t) in &got_kept {
                assert!(*l < brk, "{f}: record {l} kept after the break at {brk}");
                // A byte changed inside a gzip member / zstd frame can
                // decode into other text, caught only by the checksum at
                // the member's end: quarantine mode checks every member
                // before reading, so no record of a failed one is kept.
                assert_eq!(
                    texts.get(*l as usize - 1),
                    Some(t),
                    "{f}: record {l} kept with altered text; quarantined: {got_q:?}"
                );
            }
            let reported: BTreeSet<u64> = got_q.iter().map(|r| r.0).collect();
            let kept_lines: BTreeSet<u64> = got_kept.iter().map(|r| r.0).collect();
            for l in 1..brk {
                assert!(
                    kept_lines.contains(&l) || reported.contains(&l),
                    "{f}: line {l} before the break at {brk} neither kept nor reported"
                );
            }
            assert!(reported.iter().all(|&l| l <= brk), "{f}: {got_q:?}");
            n_good += got_kept.len();
            n_bad += got_q.len();
            let e = by_class.entry(c.class).or_default();
            e.0 += 1;
            e.1 += got_kept.len();
            e.2 += got_q.len();
            continue;
        }
        assert_eq!(
            got_kept.iter().map(|r| r.0).collect::<Vec<_>>(),
            c.good.iter().map(|r| r.0).collect::<Vec<_>>(),
            "{f} ({}): kept records differ; quarantined: {:?}",
            c.class,
            q.get(&f)
        );
        assert!(got_kept == c.good, "{f}: a kept record's text differs");
        let got_q = q.remove(&f).unwrap_or_default();
        assert_eq!(
            got_q.iter().map(|r| r.0).collect::<Vec<_>>(),
            c.bad.iter().map(|r| r.0).collect::<Vec<_>>(),
            "{f} ({}): quarantined records differ: {got_q:?}",
            c.class
        );
        for ((_, got), (_, want)) in got_q.iter().zip(&c.bad) {
            assert!(
                got.starts_with(want),
                "{f}: reason `{got}`, expected `{want}...`"
            );
        }
        n_good += c.good.len();
        n_bad += c.bad.len();
        let e = by_class.entry(c.class).or_default();
        e.0 += 1;
        e.1 += c.good.len();
        e.2 += c.bad.len();
    }
    assert!(kept.is_empty() && q.is_empty(), "rows from unknown files");
    let q_secs = t0.elapsed().as_secs_f64();

    // Fail: the cases without a bad record in one run, which succeeds...
    let t1 = std::time::Instant::now();
    let clean: Vec<&Case> = cases
        .iter()
        .filter(|c| c.bad.is_empty() && c.stream.is_none())
        .collect();
    let cdir = dir.join("clean");
    std::fs::create_dir_all(cdir.join("in")).unwrap();
    for c in &clean {
        std::fs::write(cdir.join("in").join(&c.name), &c.bytes).unwrap();
    }
    if !clean.is_empty() {
        let wf = cdir.join("f.yaml");
        std::fs::write(&wf, wf_yaml("fail", "in/*", "")).unwrap();
        let o = curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(cdir.join("o"))
            .output()
            .unwrap();
        no_panic(&o, "fail run of the clean cases");
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // ...and every other case in a run of its own, which stops naming the
    // case's first bad record.
    let bad_cases: Vec<&Case> = cases
        .iter()
        .filter(|c| !c.bad.is_empty() || c.stream.as_ref().is_some_and(|s| s.1))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(c) = bad_cases.get(i) else { return };
                let d = dir.join(format!("f{i}"));
                let sub = if c.name.ends_with(".warc") {
                    "warc"
                } else {
                    "in"
                };
                std::fs::create_dir_all(d.join(sub)).unwrap();
                std::fs::write(d.join(sub).join(&c.name), &c.bytes).unwrap();
                let wf = d.join("f.yaml");
                let y = if sub == "warc" {
                    wf_yaml("fail", "", "warc/*")
                } else {
                    wf_yaml("fail", "in/*", "")
                };
                std::fs::write(&wf, y).unwrap();
                let o = curate()
                    .arg("run")
                    .arg(&wf)
                    .arg("-o")
                    .arg(d.join("o"))
                    .output()
                    .unwrap();
                let f = file_of(c);
                no_panic(&o, &f);
                assert!(!o.status.success(), "{f}: `fail` mode did not stop");
                let err = stderr(&o);
                match c.bad.first() {
                    Some((line, reason)) => {
                        let at = format!("{f}:{line}: {reason}");
                        assert!(err.contains(&at), "{f}: expected `{at}` in:\n{err}");
                    }
                    // A corrupted stream: stops at some line of the file.
                    None => {
                        let at = err.find(&format!("{f}:")).map(|p| &err[p + f.len() + 1..]);
                        let line = at.and_then(|a| a.split(':').next()?.parse::<u64>().ok());
                        assert!(line.is_some(), "{f}: expected `{f}:<line>:` in:\n{err}");
                    }
                }
                std::fs::remove_dir_all(&d).unwrap();
            });
        }
    });
    let f_secs = t1.elapsed().as_secs_f64();
    let table: Vec<String> = by_class
        .iter()
        .map(|(k, v)| format!("{k}: {} cases, {} good / {} bad records", v.0, v.1, v.2))
        .collect();
    eprintln!(
        "malformed: {} cases in {} classes; quarantine: one run, {} good records kept whole, {} bad records quarantined with file and line/offset ({q_secs:.1}s); fail: {} runs stopped at the case's first bad record with file:line, 1 run of {} clean cases succeeded ({f_secs:.1}s); no panic\n  {}",
        cases.len(),
        by_class.len(),
        n_good,
        n_bad,
        bad_cases.len(),
        clean.len(),
        table.join("\n  ")
    );
    assert!(cases.len() >= 1000 || std::env::var("CURATE_MALFORMED_CASES").is_ok());
}

/// A file listed when `ingest` starts and gone when its unit runs (deleted
/// while unit 0 is held at its commit by `CURATE_PAUSE`): with
/// `on_error: quarantine` one quarantine row names it and the other files
/// are kept whole; with `fail` the run stops naming it.
#[test]
fn a_file_that_vanishes_mid_run() {
    for mode in ["quarantine", "fail"] {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("in")).unwrap();
        for (name, n) in [("a", 3), ("b", 2), ("c", 4)] {
            let body: String = (0..n)
                .map(|i| format!("{{\"text\": \"{name} record {i}\"}}\n"))
                .collect();
            std::fs::write(d.path().join(format!("in/{name}.jsonl")), body).unwrap();
        }
        let wf = d.path().join("v.yaml");
        std::fs::write(
            &wf,
            format!("on_error: {mode}\nstages:\n  docs: {{uses: ingest, inputs: \"in/*\"}}\n"),
        )
        .unwrap();
        let trace = d.path().join("trace");
        let child = curate()
            .arg("run")
            .arg(&wf)
            .arg("-o")
            .arg(d.path().join("o"))
            .arg("--threads")
            .arg("1")
            .env("CURATE_FAULT_TRACE", &trace)
            .env("CURATE_PAUSE", "docs:0:before-marker:3000")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Unit 0 (a.jsonl) is paused at its commit; units run in order on
        // one thread, so b.jsonl has not been opened yet.
        let t = std::time::Instant::now();
        while !std::fs::read_to_string(&trace)
            .unwrap_or_default()
            .contains("docs:0:before-marker")
        {
            assert!(
                t.elapsed().as_secs() < 60,
                "unit 0 never reached its commit"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::remove_file(d.path().join("in/b.jsonl")).unwrap();
        let o = child.wait_with_output().unwrap();
        no_panic(&o, mode);
        let err = stderr(&o);
        if mode == "fail" {
            assert!(!o.status.success(), "the run went on without in/b.jsonl");
            assert!(
                err.contains("in/b.jsonl:0: unreadable input: the file is gone"),
                "{err}"
            );
            continue;
        }
        assert!(o.status.success(), "{err}");
        let (kept, q) = read_out(&d.path().join("o/docs"));
        let texts = |f: &str| -> Vec<String> {
            kept.get(f)
                .map(|v| v.iter().map(|r| r.1.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(texts("in/a.jsonl").len(), 3);
        assert_eq!(texts("in/c.jsonl").len(), 4, "{kept:?}");
        assert!(!kept.contains_key("in/b.jsonl"));
        let rows = &q["in/b.jsonl"];
        assert_eq!(rows.len(), 1, "{q:?}");
        assert!(
            rows[0].1.starts_with("unreadable input: the file is gone"),
            "{q:?}"
        );
        assert_eq!(q.len(), 1, "{q:?}");
    }
}
