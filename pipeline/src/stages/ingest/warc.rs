//! WARC and WET files (`format: warc`): `.warc`, `.warc.gz` (one gzip member
//! per record, as Common Crawl and warcio write them; a file compressed as
//! one stream works too), `.wet`, `.warc.wet.gz`.
//!
//! One row per `response` record with an HTML payload (and `resource`
//! records of HTML), or per `conversion` record (WET plain text):
//! - `text`: the payload as UTF-8 (HTML for responses; the `extract` stage
//!   turns it into main text), decoded from the charset of the HTTP
//!   `Content-Type`, else the page's `<meta>`, else detection (see
//!   `curate_filters::extract::charset`); chunked transfer coding and gzip /
//!   deflate content coding are undone;
//! - `url` (`WARC-Target-URI`), `warc_date`, `warc_record_id`,
//!   `content_type` (the payload's MIME type), `charset` (the encoding used);
//! - `source_record`: the byte offset of the record in the file (of its
//!   gzip member in a `.gz` file), as CDX indexes give it.
//!
//! Skipped and counted (`warc: ...` in the drops): `warcinfo`, `request`,
//! `metadata`, `revisit` records; responses that are not 2xx; non-HTML
//! responses (kept as decoded text with `keep_non_html: true` when their
//! type is textual); empty payloads.
//!
//! Quarantined (or an error naming file and offset, with `on_error: fail`),
//! with the reading going on after the record: a header that is not a WARC
//! header, a missing or wrong `Content-Length` (a plain file is searched for
//! the next record; in a `.gz` file the next member is the next record), a
//! record cut short, a corrupt gzip member (the next gzip header is searched
//! for), a block larger than `max_doc_bytes` (streamed past, never held in
//! memory). The quarantine row's `line` is the record's byte offset.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use anyhow::Result;
use curate_filters::extract::charset;

use super::{Counting, DocSink};
use crate::stage::UnitOut;

/// Longest header line, and all header lines of a record together.
const MAX_LINE: usize = 64 * 1024;
const MAX_HEADER: usize = 1 << 20;

pub(super) struct WarcOptions {
    pub max_doc_bytes: u64,
    pub keep_non_html: bool,
}

/// A `BufRead` with bytes pushed back in front of it.
struct Pushback<R> {
    front: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> Pushback<R> {
    fn new(inner: R) -> Self {
        Pushback {
            front: vec![],
            at: 0,
            inner,
        }
    }
    fn unread(&mut self, bytes: &[u8]) {
        let mut v = bytes.to_vec();
        v.extend_from_slice(&self.front[self.at..]);
        self.front = v;
        self.at = 0;
    }
}

impl<R: BufRead> Read for Pushback<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Pushback<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.front.len() {
            Ok(&self.front[self.at..])
        } else {
            self.inner.fill_buf()
        }
    }
    fn consume(&mut self, n: usize) {
        if self.at < self.front.len() {
            self.at += n;
            if self.at >= self.front.len() {
                self.front.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(n)
        }
    }
}

/// Outcome of reading one record from a stream of records.
enum Next {
    /// No more records in this stream.
    End,
    /// A record was read (or skipped, or quarantined); go on.
    More,
    /// The stream cannot be read on from here (a plain file resynchronises,
    /// a gzip member is left).
    Lost,
}

pub(super) fn read(
    path: &Path,
    opts: &WarcOptions,
    sink: &mut DocSink,
    out: &mut UnitOut,
) -> Result<()> {
    let gz = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_lowercase().ends_with(".gz"));
    let f = File::open(path)?;
    let mut file = Counting {
        inner: BufReader::with_capacity(1 << 20, f),
        pos: 0,
    };
    if !gz {
        let mut r = Pushback::new(&mut file);
        let base = Offsets::Plain;
        loop {
            match read_record(&mut r, &base, opts, sink, out)? {
                Next::End => return Ok(()),
                Next::More => {}
                Next::Lost => {
                    if !resync_plain(&mut r)? {
                        return Ok(());
                    }
                }
            }
        }
    }
    // One gzip member after another; records inside each.
    loop {
        if file.fill_buf()?.is_empty() {
            return Ok(());
        }
        let member_start = file.pos;
        let base = Offsets::Member(member_start);
        let outcome = {
            let dec = flate2::bufread::GzDecoder::new(&mut file);
            let mut r = Pushback::new(BufReader::with_capacity(1 << 16, dec));
            let mut outcome: Result<()> = Ok(());
            loop {
                match read_record(&mut r, &base, opts, sink, out) {
                    Ok(Next::More) => {}
                    Ok(Next::End) => break,
                    Ok(Next::Lost) => {
                        // Skip what is left of the member.
                        if let Err(e) = io::copy(&mut r, &mut io::sink()) {
                            outcome = Err(e.into());
                        }
                        break;
                    }
                    Err(e) => {
                        outcome = Err(e);
                        break;
                    }
                }
            }
            outcome
        };
        if let Err(e) = outcome {
            // A corrupt or truncated member: report it, then look for the
            // next gzip header after its start.
            let io = e.downcast_ref::<io::Error>().map(|e| e.to_string());
            match io {
                Some(msg) => {
                    sink.bad(
                        out,
                        member_start,
                        format!("corrupt gzip member: {msg} (byte offset {member_start})"),
                        &[],
                    )?;
                    // The decoder may have read into the members after the
                    // bad one: look again from just after its start.
                    let mut f = File::open(path)?;
                    std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(member_start + 1))?;
                    file = Counting {
                        inner: BufReader::with_capacity(1 << 20, f),
                        pos: member_start + 1,
                    };
                    if !resync_gzip(&mut file)? {
                        return Ok(());
                    }
                }
                None => return Err(e),
            }
        }
    }
}

/// How a record's byte offset is known.
enum Offsets {
    /// A plain file: the position in the stream (counted by the caller).
    Plain,
    /// Inside a gzip member starting at this compressed offset.
    Member(u64),
}

/// Position of the reader in the plain file: `Counting` below `Pushback`.
fn plain_pos<R: BufRead>(r: &Pushback<&mut Counting<R>>) -> u64 {
    r.inner.pos - (r.front.len() - r.at) as u64
}

trait Positioned {
    fn position(&self) -> Option<u64>;
}

impl<R: BufRead> Positioned for Pushback<&mut Counting<R>> {
    fn position(&self) -> Option<u64> {
        Some(plain_pos(self))
    }
}

impl<R: Read> Positioned for Pushback<BufReader<R>> {
    fn position(&self) -> Option<u64> {
        None
    }
}

/// Skip to the next line that starts a WARC record (`WARC/1.`).
fn resync_plain<R: BufRead>(r: &mut Pushback<&mut Counting<R>>) -> Result<bool> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = read_line_capped(r, &mut line, MAX_LINE)?;
        if n == 0 {
            return Ok(false);
        }
        if line.starts_with(b"WARC/1.") {
            r.unread(&line);
            return Ok(true);
        }
    }
}

/// Find the next gzip member header (`1f 8b 08`); the reader is left at it.
fn resync_gzip<R: BufRead>(file: &mut Counting<R>) -> Result<bool> {
    loop {
        let buf = file.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        if let Some(i) = buf.windows(3).position(|w| w == [0x1f, 0x8b, 0x08]) {
            file.consume(i);
            return Ok(true);
        }
        // Keep the last two bytes: a header may straddle the buffer.
        let keep = 2.min(buf.len());
        let n = buf.len() - keep;
        if n == 0 {
            // Fewer than 3 bytes left and no header.
            let k = buf.len();
            file.consume(k);
            return Ok(false);
        }
        file.consume(n);
    }
}

/// Read up to and including `\n`, keeping at most `max` bytes of it.
/// Returns the number of bytes consumed (0 at the end).
fn read_line_capped(r: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> io::Result<usize> {
    let mut total = 0;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(total);
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = max.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        r.consume(take);
        total += take;
        if done {
            return Ok(total);
        }
    }
}

/// Header fields by (case-insensitive) name.
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn parse(lines: &[u8]) -> Headers {
        let text = String::from_utf8_lossy(lines);
        let mut v: Vec<(String, String)> = vec![];
        for l in text.split('\n') {
            let l = l.trim_end_matches('\r');
            if l.starts_with([' ', '\t']) {
                // A folded continuation line.
                if let Some(last) = v.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(l.trim());
                }
                continue;
            }
            if let Some((k, val)) = l.split_once(':') {
                v.push((k.trim().to_string(), val.trim().to_string()));
            }
        }
        Headers(v)
    }
}

/// Read the header block (lines up to an empty line) into `buf`. Returns
/// false when the stream ended before any byte.
fn read_header_block(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
    buf.clear();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = read_line_capped(r, &mut line, MAX_LINE)?;
        if n == 0 {
            return Ok(if buf.is_empty() { None } else { Some(false) });
        }
        if line == b"\r\n" || line == b"\n" {
            return Ok(Some(true));
        }
        if buf.len() + line.len() > MAX_HEADER {
            return Ok(Some(false));
        }
        buf.extend_from_slice(&line);
    }
}

/// Read one record. Errors are I/O errors of the underlying stream (a
/// corrupt gzip member); malformed records are quarantined here.
fn read_record<R: BufRead>(
    r: &mut Pushback<R>,
    base: &Offsets,
    opts: &WarcOptions,
    sink: &mut DocSink,
    out: &mut UnitOut,
) -> Result<Next>
where
    Pushback<R>: Positioned,
{
    // Skip blank lines between records.
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(Next::End);
        }
        let n = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if n == 0 {
            break;
        }
        r.consume(n);
    }
    let offset = match base {
        Offsets::Plain => r.position().unwrap_or(0),
        Offsets::Member(m) => *m,
    };
    let mut first = Vec::new();
    read_line_capped(r, &mut first, MAX_LINE)?;
    if !first.starts_with(b"WARC/") {
        let reason = format!(
            "not a WARC record: at byte offset {offset} the line does not start with WARC/"
        );
        sink.bad(out, offset, reason, &first)?;
        return Ok(Next::Lost);
    }
    let mut head = Vec::new();
    match read_header_block(r, &mut head)? {
        Some(true) => {}
        _ => {
            let reason =
                format!("truncated record: at byte offset {offset} the WARC header does not end");
            sink.bad(out, offset, reason, &head)?;
            return Ok(Next::Lost);
        }
    }
    let h = Headers::parse(&head);
    let Some(len) = h
        .get("Content-Length")
        .and_then(|v| v.trim().parse::<u64>().ok())
    else {
        let reason = format!("malformed record: no valid Content-Length (byte offset {offset})");
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::Lost);
    };
    let wtype = h.get("WARC-Type").unwrap_or("").to_ascii_lowercase();

    // The block: held in memory only up to max_doc_bytes (plus room for
    // HTTP headers); a longer one is streamed past.
    let limit = opts.max_doc_bytes + MAX_HEADER as u64;
    if len > limit {
        let skipped = io::copy(&mut r.by_ref().take(len), &mut io::sink())?;
        if skipped < len {
            let reason = format!(
                "truncated record: Content-Length {len}, the stream ends after {skipped} bytes (byte offset {offset})"
            );
            sink.bad(out, offset, reason, &head)?;
            return Ok(Next::End);
        }
        if !trailer_ok(r)? {
            let reason = format!(
                "malformed record: no blank line after its {len}-byte block, Content-Length is wrong (byte offset {offset})"
            );
            sink.bad(out, offset, reason, &head)?;
            return Ok(Next::Lost);
        }
        let reason = format!(
            "record too long: {len} bytes > max_doc_bytes {} (byte offset {offset})",
            opts.max_doc_bytes
        );
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::More);
    }
    let mut block = Vec::with_capacity(len as usize);
    r.by_ref().take(len).read_to_end(&mut block)?;
    // A Content-Length too large swallows the next record(s): find where
    // the next one starts and put it back.
    if let Some(p) = find(&block, b"\r\n\r\nWARC/1.") {
        r.unread(&block[p + 4..]);
        let reason = format!(
            "malformed record: Content-Length {len} is wrong, the next record starts after {p} bytes (byte offset {offset})"
        );
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::More);
    }
    if (block.len() as u64) < len {
        let reason = format!(
            "truncated record: Content-Length {len}, the {} ends after {} bytes (byte offset {offset})",
            if matches!(base, Offsets::Member(_)) {
                "gzip member"
            } else {
                "file"
            },
            block.len()
        );
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::End);
    }
    if !trailer_ok(r)? {
        let reason = format!(
            "malformed record: no blank line after its {len}-byte block, Content-Length is wrong (byte offset {offset})"
        );
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::Lost);
    }

    let skip = |out: &mut UnitOut, why: &str| {
        out.counts.rows_in += 1;
        out.counts.drop(why, 1);
    };
    let url = h.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']));
    let date = h.get("WARC-Date");
    let id = h.get("WARC-Record-ID");
    let (mime, payload, http_charset) = match wtype.as_str() {
        "conversion" => (
            h.get("Content-Type").unwrap_or("text/plain").to_string(),
            block,
            Some("utf-8".to_string()),
        ),
        "response" => {
            let ct = h.get("Content-Type").unwrap_or("").to_ascii_lowercase();
            if !ct.starts_with("application/http") {
                // A response without HTTP headers (e.g. DNS): nothing to read.
                skip(out, "warc: response not HTTP");
                return Ok(Next::More);
            }
            match http_payload(&block, opts.max_doc_bytes) {
                Err(why) => {
                    let reason = format!("malformed HTTP response: {why} (byte offset {offset})");
                    sink.bad(out, offset, reason, &block[..block.len().min(512)])?;
                    return Ok(Next::More);
                }
                Ok(Http::NotOk(status)) => {
                    skip(out, &format!("warc: HTTP status {}xx", status / 100));
                    return Ok(Next::More);
                }
                Ok(Http::Ok {
                    mime,
                    charset,
                    body,
                }) => (mime, body, charset),
            }
        }
        "resource" => {
            let ct = h.get("Content-Type").unwrap_or("");
            let cs = charset::charset_param(ct).map(String::from);
            (mime_of(ct), block, cs)
        }
        "" => {
            skip(out, "warc: record without WARC-Type");
            return Ok(Next::More);
        }
        other => {
            skip(out, &format!("warc: {other} record"));
            return Ok(Next::More);
        }
    };
    let html = matches!(mime.as_str(), "text/html" | "application/xhtml+xml");
    let textual = mime.starts_with("text/")
        || mime.ends_with("+xml")
        || mime.ends_with("/xml")
        || mime.ends_with("/json");
    if wtype != "conversion" && !html && !(opts.keep_non_html && textual) {
        skip(out, "warc: not HTML");
        return Ok(Next::More);
    }
    if payload.iter().all(|b| b.is_ascii_whitespace()) {
        skip(out, "warc: empty payload");
        return Ok(Next::More);
    }
    if payload.len() as u64 > opts.max_doc_bytes {
        let reason = format!(
            "record too long: {} bytes > max_doc_bytes {} (byte offset {offset})",
            payload.len(),
            opts.max_doc_bytes
        );
        sink.bad(out, offset, reason, &head)?;
        return Ok(Next::More);
    }
    let tld = url.and_then(tld_of);
    let d = charset::decode(&payload, http_charset.as_deref(), tld.as_deref());
    sink.push(
        out,
        offset,
        &d.text,
        url,
        &[
            date.map(String::from),
            id.map(String::from),
            Some(mime),
            Some(d.encoding.to_string()),
        ],
    )?;
    Ok(Next::More)
}

/// After a block: `\r\n\r\n` (or `\n\n`), or the end of the stream.
fn trailer_ok(r: &mut impl BufRead) -> io::Result<bool> {
    let mut got = Vec::with_capacity(4);
    while got.len() < 4 {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let b = buf[0];
        if b != b'\r' && b != b'\n' {
            break;
        }
        got.push(b);
        r.consume(1);
    }
    let eof = r.fill_buf()?.is_empty();
    Ok(got == b"\r\n\r\n"
        || got == b"\n\n"
        || (eof && got.iter().filter(|&&b| b == b'\n').count() <= 2))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `text/html; charset=x` -> `text/html`.
fn mime_of(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The top-level domain of a URL, lowercase ASCII letters only.
fn tld_of(url: &str) -> Option<Vec<u8>> {
    let host = url
        .split("://")
        .nth(1)?
        .split(['/', ':', '?', '#'])
        .next()?;
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_lowercase())).then(|| tld.into_bytes())
}

enum Http {
    Ok {
        mime: String,
        charset: Option<String>,
        body: Vec<u8>,
    },
    NotOk(u16),
}

/// Split an HTTP response into status, headers and the decoded body.
fn http_payload(block: &[u8], max: u64) -> std::result::Result<Http, String> {
    let (head_end, body_start) = match find(block, b"\r\n\r\n") {
        Some(p) => (p, p + 4),
        None => match find(block, b"\n\n") {
            Some(p) => (p, p + 2),
            None => return Err("no end of the HTTP headers".into()),
        },
    };
    let head = &block[..head_end];
    let status_line = head.split(|&b| b == b'\n').next().unwrap_or(b"");
    let status_line = String::from_utf8_lossy(status_line);
    let mut it = status_line.split_whitespace();
    if !it.next().is_some_and(|v| v.starts_with("HTTP/")) {
        return Err(format!("status line {:?}", status_line.trim()));
    }
    let status: u16 = it
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("status line {:?}", status_line.trim()))?;
    if !(200..300).contains(&status) {
        return Ok(Http::NotOk(status));
    }
    let h = Headers::parse(&head[status_line.len().min(head.len())..]);
    let ct = h.get("Content-Type").unwrap_or("");
    let mime = mime_of(ct);
    let charset = charset::charset_param(ct).map(String::from);
    let mut body = block[body_start..].to_vec();
    if h.get("Transfer-Encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        if let Some(b) = dechunk(&body) {
            body = b;
        }
    }
    match h
        .get("Content-Encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("identity") => {}
        Some("gzip") | Some("x-gzip") => {
            body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)
                .map_err(|e| format!("gzip content: {e}"))?;
        }
        Some("deflate") => {
            body = inflate(flate2::read::ZlibDecoder::new(&body[..]), max)
                .or_else(|_| inflate(flate2::read::DeflateDecoder::new(&body[..]), max))
                .map_err(|e| format!("deflate content: {e}"))?;
        }
        Some(other) => return Err(format!("unsupported Content-Encoding {other}")),
    }
    Ok(Http::Ok {
        mime,
        charset,
        body,
    })
}

fn inflate(r: impl Read, max: u64) -> io::Result<Vec<u8>> {
    let mut v = Vec::new();
    r.take(max + 1).read_to_end(&mut v)?;
    Ok(v)
}

/// Undo chunked transfer coding; `None` when the body is not chunked.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    loop {
        let eol = find(&body[i..], b"\r\n")? + i;
        let size_str = std::str::from_utf8(&body[i..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        i = eol + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(i..i + size)?);
        i += size + 2;
        if i > body.len() {
            return Some(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_bodies() {
        let b = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n6\r\n world\r\n0\r\n\r\n";
        match http_payload(b, 1000).unwrap() {
            Http::Ok {
                mime,
                charset,
                body,
            } => {
                assert_eq!(mime, "text/html");
                assert_eq!(charset.as_deref(), Some("ISO-8859-1"));
                assert_eq!(body, b"Hello world");
            }
            Http::NotOk(_) => panic!(),
        }
        assert!(matches!(
            http_payload(b"HTTP/1.1 404 Not Found\r\n\r\nx", 10).unwrap(),
            Http::NotOk(404)
        ));
        assert!(http_payload(b"garbage", 10).is_err());
        assert_eq!(
            tld_of("https://www.Example.co.JP/x").as_deref(),
            Some(&b"jp"[..])
        );
        assert_eq!(tld_of("http://127.0.0.1/"), None);
    }
}
