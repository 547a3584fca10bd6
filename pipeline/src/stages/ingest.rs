//! `ingest`: raw corpora (JSONL plain/.gz/.zst, Parquet, plain text, WARC and
//! WET) into the documents table. Streaming: one input file is one unit, read record by
//! record with bounded memory (an over-long record is skipped, not buffered).

use std::fmt::Display;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use curate_schemas as schemas;
use datafusion::arrow::array::{
    Array, ArrayBuilder, ArrayRef, StringArray, StringBuilder, UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use serde::Deserialize;

use crate::functions::Functions;
use crate::stage::{params, InputKind, ParamError, Stage, StageCx, StageKind, Unit, UnitOut};

mod compressed;
mod tables;
mod warc;

pub struct Ingest;

#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jsonl,
    Parquet,
    Text,
    /// WARC and WET (see [`warc`]).
    Warc,
    /// CSV with a header row (`.tsv`: tab-separated; see [`tables`]).
    Csv,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Default)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    /// The whole file is one document.
    #[default]
    File,
    /// Every non-empty line is one document.
    Line,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Input format; by default from the extension (.jsonl/.json/.ndjson,
    /// .parquet, .txt; each but .parquet optionally .gz or .zst).
    #[serde(default)]
    format: Option<Format>,
    #[serde(default = "default_text_field")]
    text_field: String,
    #[serde(default = "default_url_field")]
    url_field: String,
    #[serde(default)]
    text_mode: TextMode,
    /// Extra record fields carried as text columns after the document
    /// columns (e.g. a `label` to train a classifier on); a missing or null
    /// field is NULL, a non-string JSON value its JSON text.
    #[serde(default)]
    fields: Vec<String>,
    /// Records longer than this (bytes) are errors / quarantined.
    #[serde(default = "default_max_doc_bytes")]
    max_doc_bytes: u64,
    /// WARC: keep textual non-HTML responses (decoded) instead of skipping them.
    #[serde(default)]
    keep_non_html: bool,
}

fn default_text_field() -> String {
    "text".into()
}
fn default_url_field() -> String {
    "url".into()
}
fn default_max_doc_bytes() -> u64 {
    16 * 1024 * 1024
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes. 3: in
/// quarantine mode a compressed file is read only up to its last member
/// that passed its check.
pub const REVISION: u32 = 3;

impl StageKind for Ingest {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "ingest"
    }
    fn summary(&self) -> &'static str {
        "read JSONL(.gz/.zst), Parquet, text or WARC/WET files into the documents table"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Paths
    }
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.max_doc_bytes == 0 {
            return Err(ParamError {
                path: vec!["max_doc_bytes".into()],
                message: "must be positive".into(),
            });
        }
        if p.format == Some(Format::Warc) && !p.fields.is_empty() {
            return Err(ParamError {
                path: vec!["fields".into()],
                message: "not with format: warc (its columns are fixed)".into(),
            });
        }
        Ok(Box::new(IngestStage { p }))
    }
}

struct IngestStage {
    p: Params,
}

pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let base = &compressed::plain_name(&name);
    if base.ends_with(".jsonl") || base.ends_with(".json") || base.ends_with(".ndjson") {
        Some(Format::Jsonl)
    } else if base.ends_with(".parquet") && base.len() == name.len() {
        Some(Format::Parquet)
    } else if base.ends_with(".txt") || base.ends_with(".text") {
        Some(Format::Text)
    } else if base.ends_with(".warc") || base.ends_with(".wet") {
        Some(Format::Warc)
    } else if base.ends_with(".csv") || base.ends_with(".tsv") {
        Some(Format::Csv)
    } else {
        None
    }
}

/// A `BufRead` that counts the bytes consumed from it.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        self.inner.consume(n)
    }
}

/// Open a file, decompressing .gz (multi-member) and .zst by extension.
/// With `verify` (quarantine mode) a compressed file is checked first and
/// read only up to the end of its last member that passed its check (see
/// [`compressed`]).
pub fn open_decoded(path: &Path, verify: bool) -> Result<Box<dyn Read + Send>> {
    let codec = compressed::codec_of(path);
    let verified = match codec {
        Some(c) if verify => Some(
            compressed::verified_prefix(path, c)
                .with_context(|| format!("reading {}", path.display()))?,
        ),
        _ => None,
    };
    let f = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let r: Box<dyn Read + Send> = match codec {
        Some(compressed::Codec::Gzip) => {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(f)))
        }
        Some(compressed::Codec::Zstd) => Box::new(zstd::Decoder::new(f)?),
        None => Box::new(f),
    };
    Ok(match verified {
        Some(v) => match compressed::UpToFailure::new(r, v) {
            Ok(cut) => Box::new(cut),
            Err(r) => r,
        },
        None => r,
    })
}

impl IngestStage {
    /// The documents table plus the extra `fields`.
    fn schema(&self) -> SchemaRef {
        let warc = self.p.format == Some(Format::Warc);
        if self.p.fields.is_empty() && !warc {
            return schemas::documents();
        }
        let d = schemas::documents();
        let mut fields: Vec<datafusion::arrow::datatypes::Field> =
            d.fields().iter().map(|f| f.as_ref().clone()).collect();
        if warc {
            fields.extend(schemas::warc_fields());
        }
        for f in &self.p.fields {
            fields.push(datafusion::arrow::datatypes::Field::new(
                f,
                DataType::Utf8,
                true,
            ));
        }
        Arc::new(datafusion::arrow::datatypes::Schema::new_with_metadata(
            fields,
            d.metadata().clone(),
        ))
    }
}

impl Stage for IngestStage {
    fn output_schema(&self, _: &[SchemaRef], _: &Functions) -> Result<SchemaRef> {
        Ok(self.schema())
    }

    fn explain(&self, _: &[SchemaRef], _: &Functions) -> Result<String> {
        Ok(format!(
            "scan files (format: {}, text field '{}', url field '{}', max record {} bytes) -> documents",
            self.p
                .format
                .map(|f| format!("{f:?}").to_lowercase())
                .unwrap_or_else(|| "by extension".into()),
            self.p.text_field,
            self.p.url_field,
            self.p.max_doc_bytes
        ))
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let files = cx.input_files();
        for f in &files {
            match (self.p.format, format_of(Path::new(&f.file_name()))) {
                (None, None) => bail!(
                    "{}: unknown input format; set `format:` to jsonl, parquet, text, csv or warc",
                    cx.display_path(f)
                ),
                (None, Some(Format::Warc)) => bail!(
                    "{}: a WARC/WET file; set `format: warc` (it adds the columns {})",
                    cx.display_path(f),
                    schemas::warc_fields()
                        .iter()
                        .map(|f| f.name().as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => {}
            }
        }
        let mut units = vec![];
        for (i, f) in files.iter().enumerate() {
            units.push(Unit {
                id: i,
                label: cx.display_path(f),
                bytes: f.head()?.map(|m| m.size).unwrap_or(0),
            });
        }
        cx.run_units(units, |unit, out| {
            let loc = &files[unit.id];
            let mut sink = DocSink::new(&unit.label, cx.quarantine, self.schema());
            let Some(path) = &cx.local_if_exists(loc)? else {
                // Listed when the stage started, gone now: a bad record
                // (quarantine) or an error naming the file (fail).
                let reason =
                    "unreadable input: the file is gone (it was listed when the stage started)";
                sink.bad(out, 0, reason.into(), &[])?;
                return sink.flush(out);
            };
            let format = self
                .p
                .format
                .or_else(|| format_of(Path::new(&loc.file_name())))
                .with_context(|| format!("{}: unknown input format", unit.label))?;
            match format {
                Format::Jsonl => self.read_jsonl(path, &loc.file_name(), &mut sink, out)?,
                Format::Text => self.read_text(path, &mut sink, out)?,
                Format::Parquet => self.read_parquet(path, &mut sink, out)?,
                Format::Csv => tables::read_csv(self, path, &mut sink, out)?,
                Format::Warc => {
                    let o = warc::WarcOptions {
                        max_doc_bytes: self.p.max_doc_bytes,
                        keep_non_html: self.p.keep_non_html,
                    };
                    warc::read(path, &o, &mut sink, out)?
                }
            }
            sink.flush(out)
        })
    }
}

/// Accumulates documents and quarantine rows into batches.
struct DocSink {
    source: String,
    quarantine_mode: bool,
    ids: StringBuilder,
    texts: StringBuilder,
    records: UInt64Builder,
    urls: StringBuilder,
    extras: Vec<StringBuilder>,
    schema: SchemaRef,
    pending_bytes: usize,
    q: Vec<(u64, String, String)>,
}

const BATCH_BYTES: usize = 8 * 1024 * 1024;
const BATCH_ROWS: usize = 8192;

impl DocSink {
    fn new(source: &str, quarantine_mode: bool, schema: SchemaRef) -> Self {
        let n_extra = schema.fields().len() - schemas::documents().fields().len();
        DocSink {
            source: source.to_string(),
            quarantine_mode,
            ids: StringBuilder::new(),
            texts: StringBuilder::new(),
            records: UInt64Builder::new(),
            urls: StringBuilder::new(),
            extras: (0..n_extra).map(|_| StringBuilder::new()).collect(),
            schema,
            pending_bytes: 0,
            q: vec![],
        }
    }

    fn push(
        &mut self,
        out: &mut UnitOut,
        record: u64,
        text: &str,
        url: Option<&str>,
        extra: &[Option<String>],
    ) -> Result<()> {
        for (i, b) in self.extras.iter_mut().enumerate() {
            b.append_option(extra.get(i).cloned().flatten());
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(self.source.as_bytes());
        h.update(b"\n");
        h.update(&record.to_le_bytes());
        h.update(text.as_bytes());
        self.ids.append_value(format!("{:032x}", h.digest128()));
        self.texts.append_value(text);
        self.records.append_value(record);
        self.urls.append_option(url);
        self.pending_bytes += text.len();
        out.counts.rows_in += 1;
        if self.pending_bytes >= BATCH_BYTES || self.records.len() >= BATCH_ROWS {
            self.flush_docs(out)?;
        }
        Ok(())
    }

    /// A bad record: an error naming file and line, or a quarantine row.
    fn bad(&mut self, out: &mut UnitOut, line: u64, reason: String, raw: &[u8]) -> Result<()> {
        if !self.quarantine_mode {
            bail!("{}:{}: {}", self.source, line, reason);
        }
        out.counts.rows_in += 1;
        let kind = reason.split(':').next().unwrap_or("bad record").to_string();
        out.counts.drop(&format!("quarantine: {kind}"), 1);
        let excerpt_len = raw.len().min(200);
        let excerpt = String::from_utf8_lossy(&raw[..excerpt_len]).into_owned();
        self.q.push((line, reason, excerpt));
        Ok(())
    }

    fn flush_docs(&mut self, out: &mut UnitOut) -> Result<()> {
        if self.records.len() == 0 {
            return Ok(());
        }
        let n = self.records.len();
        let source: ArrayRef = Arc::new(StringArray::from(vec![self.source.as_str(); n]));
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.ids.finish()),
            Arc::new(self.texts.finish()),
            source,
            Arc::new(self.records.finish()),
            Arc::new(self.urls.finish()),
        ];
        for b in &mut self.extras {
            cols.push(Arc::new(b.finish()));
        }
        let batch = RecordBatch::try_new(self.schema.clone(), cols)?;
        self.pending_bytes = 0;
        out.write(&batch)
    }

    fn flush(&mut self, out: &mut UnitOut) -> Result<()> {
        self.flush_docs(out)?;
        if !self.q.is_empty() {
            let q = std::mem::take(&mut self.q);
            let n = q.len();
            let batch = RecordBatch::try_new(
                schemas::quarantine(),
                vec![
                    Arc::new(StringArray::from(vec![self.source.as_str(); n])),
                    Arc::new(datafusion::arrow::array::UInt64Array::from(
                        q.iter().map(|r| r.0).collect::<Vec<_>>(),
                    )),
                    Arc::new(StringArray::from(
                        q.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
                    )),
                    Arc::new(StringArray::from(
                        q.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
                    )),
                ],
            )?;
            out.quarantine(&batch)?;
        }
        Ok(())
    }
}

/// The bad-record reason for a field that is not a JSON string.
fn wrong_type(field: &str, x: &serde_json::Value) -> String {
    format!(
        "wrong JSON type: field '{field}' is {}, not a string",
        json_kind(x)
    )
}

/// "a number", "an array", ... for error messages.
fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The first byte that is not whitespace, without consuming it.
fn first_non_blank(r: &mut impl BufRead) -> std::io::Result<Option<u8>> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let b = buf[i];
                r.consume(i);
                return Ok(Some(b));
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// serde_json appends "at line 1 column N" (of the one-line record); we
/// report the file's line number instead.
fn strip_position(msg: &str) -> &str {
    msg.rsplit_once(" at line ").map(|(m, _)| m).unwrap_or(msg)
}

/// Outcome of reading one line with a length cap.
enum Line {
    Eof,
    /// The line (without the trailing newline) fits in `buf`.
    Ok,
    /// The line was longer than the cap; its first bytes are in `buf` and
    /// the rest was read and discarded. Holds the full length.
    TooLong(u64),
}

/// Read one `\n`-terminated line into `buf`, never holding more than `max`
/// bytes of it in memory.
fn read_line_bounded(r: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take as u64;
        r.consume(if done { take + 1 } else { take });
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::Eof);
    }
    if buf.last() == Some(&b'\r') && total as usize == buf.len() {
        buf.pop();
        total -= 1;
    }
    if total as usize > max {
        buf.truncate(max.min(256));
        Ok(Line::TooLong(total))
    } else {
        Ok(Line::Ok)
    }
}

impl IngestStage {
    /// One parsed JSON record (line `line` of JSONL, or element `line` of a
    /// JSON array): a document, or a bad record naming what is wrong.
    fn json_record(
        &self,
        v: &serde_json::Value,
        line: u64,
        raw: &[u8],
        sink: &mut DocSink,
        out: &mut UnitOut,
    ) -> Result<()> {
        let Some(obj) = v.as_object() else {
            let reason = format!(
                "wrong JSON type: the record is {}, not an object",
                json_kind(v)
            );
            return sink.bad(out, line, reason, raw);
        };
        let doc_text = match obj.get(&self.p.text_field) {
            Some(serde_json::Value::String(t)) => t.as_str(),
            None | Some(serde_json::Value::Null) => {
                let reason = format!(
                    "missing field: no string field '{}' in the record",
                    self.p.text_field
                );
                return sink.bad(out, line, reason, raw);
            }
            Some(x) => {
                return sink.bad(out, line, wrong_type(&self.p.text_field, x), raw);
            }
        };
        if doc_text.len() as u64 > self.p.max_doc_bytes {
            let reason = format!(
                "record too long: {} bytes > max_doc_bytes {}",
                doc_text.len(),
                self.p.max_doc_bytes
            );
            return sink.bad(out, line, reason, raw);
        }
        let url = match obj.get(&self.p.url_field) {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(u)) => Some(u.as_str()),
            Some(x) => {
                return sink.bad(out, line, wrong_type(&self.p.url_field, x), raw);
            }
        };
        let extra: Vec<Option<String>> = self
            .p
            .fields
            .iter()
            .map(|f| match obj.get(f) {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(x) => Some(x.to_string()),
            })
            .collect();
        sink.push(out, line, doc_text, url, &extra)
    }

    /// A JSON array of records (a `.json` file whose first non-blank byte
    /// is `[`), streamed element by element; `source_record` is the
    /// element's index (from 1). Malformed JSON ends the file: the elements
    /// before it are kept, the error names its line and column.
    fn read_json_array(
        &self,
        r: impl BufRead,
        sink: &mut DocSink,
        out: &mut UnitOut,
    ) -> Result<()> {
        use serde::de::{Deserializer as _, Error as _, SeqAccess, Visitor};
        struct Elements<'a, 'u> {
            stage: &'a IngestStage,
            sink: &'a mut DocSink,
            out: &'a mut UnitOut<'u>,
            n: u64,
            failed: Option<anyhow::Error>,
        }
        impl<'de> Visitor<'de> for &mut Elements<'_, '_> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON array of records")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
                while let Some(v) = seq.next_element::<serde_json::Value>()? {
                    self.n += 1;
                    let raw = v.to_string();
                    let raw = &raw.as_bytes()[..raw.len().min(256)];
                    if let Err(e) = self.stage.json_record(&v, self.n, raw, self.sink, self.out) {
                        self.failed = Some(e);
                        return Err(A::Error::custom("stopped"));
                    }
                }
                Ok(())
            }
        }
        let mut de = serde_json::Deserializer::from_reader(r);
        let mut el = Elements {
            stage: self,
            sink,
            out,
            n: 0,
            failed: None,
        };
        let res = (&mut de).deserialize_seq(&mut el).and_then(|()| de.end());
        if let Some(e) = el.failed {
            return Err(e);
        }
        match res {
            Ok(()) => Ok(()),
            Err(e) => {
                let reason = format!(
                    "malformed JSON: {} (in the JSON array after element {}, line {} column {})",
                    strip_position(&e.to_string()),
                    el.n,
                    e.line(),
                    e.column()
                );
                el.sink.bad(el.out, e.line() as u64, reason, &[])
            }
        }
    }

    /// JSON lines, or one JSON array when `name` (the input's file name)
    /// ends in `.json` (optionally `.gz` / `.zst`) and its first non-blank
    /// byte is `[`.
    fn read_jsonl(
        &self,
        path: &Path,
        name: &str,
        sink: &mut DocSink,
        out: &mut UnitOut,
    ) -> Result<()> {
        let mut r = BufReader::with_capacity(1 << 20, open_decoded(path, sink.quarantine_mode)?);
        // A `.json` file may hold one JSON array rather than JSON lines (in
        // a `.jsonl` file a first line `[...]` is a record of the wrong type).
        if compressed::plain_name(name).ends_with(".json") {
            match first_non_blank(&mut r) {
                Ok(Some(b'[')) => return self.read_json_array(r, sink, out),
                Ok(_) => {}
                Err(e) => return sink.bad(out, 1, format!("unreadable input: {e}"), &[]),
            }
        }
        let max = self.p.max_doc_bytes as usize;
        let mut buf = Vec::new();
        let mut line_no = 0u64;
        loop {
            line_no += 1;
            let line = match read_line_bounded(&mut r, &mut buf, max) {
                Ok(l) => l,
                Err(e) => {
                    // A corrupt compressed stream cannot be resynchronised:
                    // keep what was read, report, and end this file.
                    return sink.bad(out, line_no, format!("unreadable input: {e}"), &buf);
                }
            };
            match line {
                Line::Eof => return Ok(()),
                Line::TooLong(n) => {
                    let reason = format!("record too long: {n} bytes > max_doc_bytes {max}");
                    sink.bad(out, line_no, reason, &buf)?;
                    continue;
                }
                Line::Ok => {}
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let text = match std::str::from_utf8(&buf) {
                Ok(t) => t,
                Err(e) => {
                    let reason = format!("invalid UTF-8: {e}");
                    sink.bad(out, line_no, reason, &buf)?;
                    continue;
                }
            };
            let v: serde_json::Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    let reason = format!(
                        "malformed JSON: {} (column {} of the line)",
                        strip_position(&e.to_string()),
                        e.column()
                    );
                    sink.bad(out, line_no, reason, &buf)?;
                    continue;
                }
            };
            self.json_record(&v, line_no, &buf, sink, out)?;
        }
    }

    fn read_text(&self, path: &Path, sink: &mut DocSink, out: &mut UnitOut) -> Result<()> {
        let max = self.p.max_doc_bytes as usize;
        let mut r = BufReader::with_capacity(1 << 20, open_decoded(path, sink.quarantine_mode)?);
        match self.p.text_mode {
            TextMode::File => {
                let mut buf = Vec::new();
                let res = (&mut r).take(max as u64 + 1).read_to_end(&mut buf);
                if let Err(e) = res {
                    return sink.bad(out, 1, format!("unreadable input: {e}"), &buf);
                }
                if buf.len() > max {
                    let mut rest = 0u64;
                    let mut chunk = vec![0u8; 1 << 16];
                    loop {
                        match r.read(&mut chunk) {
                            Ok(0) => break,
                            Ok(n) => rest += n as u64,
                            Err(e) => {
                                return sink.bad(out, 1, format!("unreadable input: {e}"), &buf)
                            }
                        }
                    }
                    let n = buf.len() as u64 + rest;
                    let reason = format!("record too long: {n} bytes > max_doc_bytes {max}");
                    return sink.bad(out, 1, reason, &buf);
                }
                match String::from_utf8(buf) {
                    Ok(t) if t.trim().is_empty() => Ok(()),
                    Ok(t) => sink.push(out, 0, &t, None, &[]),
                    Err(e) => {
                        let reason = format!("invalid UTF-8: {}", e.utf8_error());
                        sink.bad(out, 1, reason, e.as_bytes())
                    }
                }
            }
            TextMode::Line => {
                let mut buf = Vec::new();
                let mut line_no = 0u64;
                loop {
                    line_no += 1;
                    match read_line_bounded(&mut r, &mut buf, max) {
                        Err(e) => {
                            return sink.bad(out, line_no, format!("unreadable input: {e}"), &buf)
                        }
                        Ok(Line::Eof) => return Ok(()),
                        Ok(Line::TooLong(n)) => {
                            let reason =
                                format!("record too long: {n} bytes > max_doc_bytes {max}");
                            sink.bad(out, line_no, reason, &buf)?;
                        }
                        Ok(Line::Ok) => match std::str::from_utf8(&buf) {
                            Ok(t) if t.trim().is_empty() => {}
                            Ok(t) => sink.push(out, line_no, t, None, &[])?,
                            Err(e) => {
                                let reason = format!("invalid UTF-8: {e}");
                                sink.bad(out, line_no, reason, &buf)?;
                            }
                        },
                    }
                }
            }
        }
    }

    fn read_parquet(&self, path: &Path, sink: &mut DocSink, out: &mut UnitOut) -> Result<()> {
        use parquet::arrow::arrow_reader::{
            ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
        };
        let f = File::open(path).with_context(|| format!("opening {}", sink.source))?;
        let meta = match ArrowReaderMetadata::load(&f, ArrowReaderOptions::default()) {
            Ok(m) => m,
            Err(e) => {
                let reason = format!("unreadable input: not a readable Parquet file: {e}");
                return sink.bad(out, 0, reason, &[]);
            }
        };
        let batch_rows = parquet_batch_rows(meta.metadata(), &self.p.text_field);
        let mut row = 0u64;
        // Row group by row group: a corrupt page costs the rest of its row
        // group (one bad record at its first unread row), not the file.
        for rg in 0..meta.metadata().num_row_groups() {
            let rg_end = row + meta.metadata().row_group(rg).num_rows().max(0) as u64;
            // The rest of the row group, from `row`, is one bad record.
            let unreadable = |sink: &mut DocSink, out: &mut UnitOut, row: u64, e: &dyn Display| {
                let reason = format!(
                    "unreadable input: row group {rg} (rows {}..={rg_end} not read): {e}",
                    row + 1
                );
                sink.bad(out, row + 1, reason, &[])
            };
            let reader =
                ParquetRecordBatchReaderBuilder::new_with_metadata(f.try_clone()?, meta.clone())
                    .with_row_groups(vec![rg])
                    .with_batch_size(batch_rows)
                    .build();
            let reader = match reader {
                Ok(r) => r,
                Err(e) => {
                    unreadable(sink, out, row, &e)?;
                    row = rg_end;
                    continue;
                }
            };
            for batch in reader {
                let batch = match batch {
                    Ok(b) => b,
                    Err(e) => {
                        unreadable(sink, out, row, &e)?;
                        row = rg_end;
                        break;
                    }
                };
                let text = match batch.column_by_name(&self.p.text_field) {
                    Some(c) => c,
                    None => bail!(
                        "{}: no column '{}' (columns: {})",
                        sink.source,
                        self.p.text_field,
                        batch
                            .schema()
                            .fields()
                            .iter()
                            .map(|f| f.name().as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                // A column that cannot be read as text is an error naming it
                // and the file (every row of the batch, under quarantine).
                let first = row + 1;
                let as_text = |name: &str,
                               c: Option<&ArrayRef>|
                 -> Result<Option<StringArray>, String> {
                    let Some(c) = c else { return Ok(None) };
                    let t = cast(c, &DataType::Utf8).map_err(|e| {
                    format!(
                        "uncastable column: column '{name}' is {}, which cannot be read as text: {e}",
                        c.data_type()
                    )
                })?;
                    match t.as_any().downcast_ref::<StringArray>() {
                        Some(s) => Ok(Some(s.clone())),
                        None => Err(format!(
                            "uncastable column: column '{name}' did not cast to text"
                        )),
                    }
                };
                let cols = as_text(&self.p.text_field, Some(text)).and_then(|t| {
                    let u = as_text(&self.p.url_field, batch.column_by_name(&self.p.url_field))?;
                    let mut ex = vec![];
                    for f in &self.p.fields {
                        ex.push(as_text(f, batch.column_by_name(f))?);
                    }
                    Ok((t, u, ex))
                });
                let (text, url, extras) = match cols {
                    Ok((Some(t), u, ex)) => (t, u, ex),
                    Ok((None, ..)) => bail!("{}: no column '{}'", sink.source, self.p.text_field),
                    Err(reason) => {
                        // `fail`: stops at the batch's first row.
                        for r in 0..batch.num_rows() as u64 {
                            sink.bad(out, first + r, reason.clone(), &[])?;
                        }
                        row += batch.num_rows() as u64;
                        continue;
                    }
                };
                let url = url.as_ref();
                // A value the cast turned into NULL (e.g. a binary value that
                // is not UTF-8) is a bad row, not a silent NULL.
                let mut checked: Vec<(&str, &ArrayRef, &StringArray)> = vec![];
                if let Some(c) = batch.column_by_name(&self.p.text_field) {
                    checked.push((&self.p.text_field, c, &text));
                }
                if let (Some(c), Some(u)) = (batch.column_by_name(&self.p.url_field), url) {
                    checked.push((&self.p.url_field, c, u));
                }
                for (f, e) in self.p.fields.iter().zip(&extras) {
                    if let (Some(c), Some(e)) = (batch.column_by_name(f), e) {
                        checked.push((f, c, e));
                    }
                }
                'rows: for i in 0..batch.num_rows() {
                    row += 1;
                    for (name, src, cast) in &checked {
                        if src.is_valid(i) && cast.is_null(i) {
                            let reason = format!(
                            "uncastable value: column '{name}' ({}) holds a value that is not text",
                            src.data_type()
                        );
                            sink.bad(out, row, reason, &[])?;
                            continue 'rows;
                        }
                    }
                    if text.is_null(i) {
                        sink.bad(
                            out,
                            row,
                            format!("missing field: null '{}'", self.p.text_field),
                            &[],
                        )?;
                        continue;
                    }
                    let t = text.value(i);
                    if t.len() > self.p.max_doc_bytes as usize {
                        let reason = format!(
                            "record too long: {} bytes > max_doc_bytes {}",
                            t.len(),
                            self.p.max_doc_bytes
                        );
                        sink.bad(out, row, reason, &t.as_bytes()[..256.min(t.len())])?;
                        continue;
                    }
                    let u = url.and_then(|u| (!u.is_null(i)).then(|| u.value(i)));
                    let extra: Vec<Option<String>> = extras
                        .iter()
                        .map(|c| {
                            let c = c.as_ref()?;
                            (!c.is_null(i)).then(|| c.value(i).to_string())
                        })
                        .collect();
                    sink.push(out, row, t, u, &extra)?;
                }
            }
        }
        Ok(())
    }
}

/// Rows per Parquet batch: 4096, fewer when the text column's values are
/// large (its uncompressed bytes per row in the file's largest row group),
/// so that a batch holds about `BATCH_BYTES` of text. A value is whole in
/// memory (its page, then the batch) before its length can be checked
/// against `max_doc_bytes`; this bounds how many such values are at once.
fn parquet_batch_rows(meta: &parquet::file::metadata::ParquetMetaData, text: &str) -> usize {
    let mut per_row = 1u64;
    for rg in meta.row_groups() {
        let n = rg.num_rows().max(1) as u64;
        for c in rg.columns() {
            if c.column_path().parts().first().map(String::as_str) == Some(text) {
                per_row = per_row.max(c.uncompressed_size().max(0) as u64 / n);
            }
        }
    }
    (BATCH_BYTES as u64 / per_row).clamp(1, 4096) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\r\nthis line is long\nlast";
        let mut r = BufReader::with_capacity(4, &data[..]);
        let mut buf = vec![];
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Ok
        ));
        assert_eq!(buf, b"short");
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::TooLong(17)
        ));
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Ok
        ));
        assert_eq!(buf, b"last");
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Eof
        ));
    }

    #[test]
    fn parquet_batches_shrink_with_large_values() {
        use parquet::arrow::ArrowWriter;
        let meta = |value_len: usize, rows: usize| {
            let col: ArrayRef = Arc::new(StringArray::from_iter_values(
                (0..rows).map(|i| format!("{i}{}", "x".repeat(value_len))),
            ));
            let b = RecordBatch::try_from_iter([("text", col)]).unwrap();
            let mut w = ArrowWriter::try_new(Vec::new(), b.schema(), None).unwrap();
            w.write(&b).unwrap();
            w.close().unwrap()
        };
        // Small values: the usual 4096 rows.
        assert_eq!(parquet_batch_rows(&meta(100, 50), "text"), 4096);
        // 2 MB values: about BATCH_BYTES (8 MB) of text per batch.
        assert_eq!(parquet_batch_rows(&meta(2 << 20, 6), "text"), 3);
        // One value above BATCH_BYTES: one row at a time.
        assert_eq!(parquet_batch_rows(&meta(20 << 20, 1), "text"), 1);
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a/b.jsonl.gz")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("b.JSON.zst")), Some(Format::Jsonl));
        assert_eq!(format_of(Path::new("b.parquet")), Some(Format::Parquet));
        assert_eq!(format_of(Path::new("b.txt.gz")), Some(Format::Text));
        assert_eq!(format_of(Path::new("b.csv")), Some(Format::Csv));
        assert_eq!(format_of(Path::new("b.tsv.gz")), Some(Format::Csv));
        assert_eq!(format_of(Path::new("b.xml")), None);
    }
}
