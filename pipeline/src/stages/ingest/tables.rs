//! Tabular inputs: CSV/TSV files with a header row (what labelled data sets
//! often ship as), streamed record by record. (JSON files holding one array
//! of records are read by `IngestStage::read_json_array`.)
//!
//! CSV: RFC 4180 quoting (fields may hold newlines), `.tsv` is tab-separated;
//! `text_field`, `url_field` and `fields` name header columns; a record's
//! `source_record` is the line it starts on (the header is line 1). A record
//! with the wrong number of fields or invalid UTF-8 is a bad record (error or
//! quarantine row, with its line); the rest of the file is read.

use std::path::Path;

use anyhow::{bail, Result};

use super::{open_decoded, DocSink, IngestStage};
use crate::stage::UnitOut;

pub(super) fn read_csv(
    st: &IngestStage,
    path: &Path,
    sink: &mut DocSink,
    out: &mut UnitOut,
) -> Result<()> {
    let tsv = super::compressed::plain_name(&path.to_string_lossy()).ends_with(".tsv");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(if tsv { b'\t' } else { b',' })
        .from_reader(open_decoded(path, sink.quarantine_mode)?);
    let header = match r.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => return sink.bad(out, 1, format!("unreadable header: {e}"), &[]),
    };
    if header.is_empty() {
        // An empty file has no records (and no header to check).
        return match r.read_byte_record(&mut csv::ByteRecord::new()) {
            Ok(false) => Ok(()),
            Ok(true) => sink.bad(out, 1, "malformed CSV: an empty header row".into(), &[]),
            Err(e) => sink.bad(out, 1, format!("unreadable input: {e}"), &[]),
        };
    }
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let col = |name: &str| names.iter().position(|h| h == name);
    let Some(text_i) = col(&st.p.text_field) else {
        bail!(
            "{}:1: no column '{}' in the header (columns: {})",
            sink.source,
            st.p.text_field,
            names.join(", ")
        );
    };
    let url_i = col(&st.p.url_field);
    let mut extra_i = vec![];
    for f in &st.p.fields {
        match col(f) {
            Some(i) => extra_i.push(i),
            None => bail!(
                "{}:1: no column '{f}' (named in `fields`) in the header (columns: {})",
                sink.source,
                names.join(", ")
            ),
        }
    }
    let mut rec = csv::ByteRecord::new();
    loop {
        let line = r.position().line();
        match r.read_byte_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("malformed CSV: {len} fields, the header has {expected_len}"),
                    csv::ErrorKind::Io(_) => {
                        return sink.bad(out, line, format!("unreadable input: {e}"), &[])
                    }
                    _ => format!("malformed CSV: {e}"),
                };
                sink.bad(out, line, reason, &[])?;
                continue;
            }
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(line);
        let field = |i: usize| -> Result<&str, String> {
            std::str::from_utf8(rec.get(i).unwrap_or_default())
                .map_err(|e| format!("invalid UTF-8 in column '{}': {e}", names[i]))
        };
        let raw = &rec.as_slice()[..rec.as_slice().len().min(256)];
        let text = match field(text_i) {
            Ok(t) => t,
            Err(reason) => {
                sink.bad(out, line, reason, raw)?;
                continue;
            }
        };
        if text.len() as u64 > st.p.max_doc_bytes {
            let reason = format!(
                "record too long: {} bytes > max_doc_bytes {}",
                text.len(),
                st.p.max_doc_bytes
            );
            sink.bad(out, line, reason, raw)?;
            continue;
        }
        let mut extra = vec![];
        let mut bad = None;
        for &i in &extra_i {
            match field(i) {
                Ok(v) => extra.push(Some(v.to_string())),
                Err(reason) => bad = Some(reason),
            }
        }
        let url = url_i.and_then(|i| field(i).ok()).filter(|u| !u.is_empty());
        if let Some(reason) = bad {
            sink.bad(out, line, reason, raw)?;
            continue;
        }
        sink.push(out, line, text, url, &extra)?;
    }
}
