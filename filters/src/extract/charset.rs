//! Bytes of a web page to UTF-8 text. The encoding comes from, in order: a
//! byte-order mark; the HTTP `Content-Type` charset; a `<meta charset>` /
//! `<meta http-equiv="Content-Type">` in the first 4 KiB; detection
//! (`chardetng`, Firefox's detector). Labels are resolved as browsers do
//! (`encoding_rs`, the WHATWG Encoding Standard: `iso-8859-1` means
//! windows-1252). A declaration that the bytes contradict is not trusted:
//! bytes that are valid UTF-8 with non-ASCII characters are UTF-8 whatever
//! was declared (legacy single-byte text almost never forms valid multi-byte
//! UTF-8), and a declared encoding that finds malformed sequences gives way
//! to detection. Invalid sequences that remain become U+FFFD.

use encoding_rs::{Encoding, UTF_8};

/// Where the encoding of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bom,
    Http,
    Meta,
    /// Valid UTF-8 although something else was declared (or nothing).
    Utf8Valid,
    Detected,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Bom => "bom",
            Source::Http => "http",
            Source::Meta => "meta",
            Source::Utf8Valid => "utf8",
            Source::Detected => "detected",
        }
    }
}

#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// WHATWG name of the encoding used (`UTF-8`, `windows-1252`, `Shift_JIS`, ...).
    pub encoding: &'static str,
    pub source: Source,
    /// The label that was declared (HTTP or meta) when it was not used.
    pub overridden: Option<String>,
    /// Malformed sequences replaced by U+FFFD.
    pub had_errors: bool,
}

/// The `charset` parameter of a `Content-Type` value (`text/html; charset=utf-8`).
pub fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// The charset a `<meta>` tag declares in the first 4 KiB of `bytes`.
pub fn meta_charset(bytes: &[u8]) -> Option<&[u8]> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut i = 0;
    while let Some(off) = find_ci(&head[i..], b"<meta") {
        let start = i + off + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(c) = find_ci(tag, b"charset") {
            let mut v = &tag[c + 7..];
            v = trim_ascii_start(v);
            if let Some(rest) = v.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|&b| {
                        !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
                    })
                    .unwrap_or(rest.len());
                if len > 0 {
                    return Some(&rest[..len]);
                }
            }
        }
        i = end;
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Decode a page. `http_charset` is the charset of the HTTP `Content-Type`
/// header, if any; `tld` (e.g. `b"jp"`) helps detection.
pub fn decode(bytes: &[u8], http_charset: Option<&str>, tld: Option<&[u8]>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            source: Source::Bom,
            overridden: None,
            had_errors,
        };
    }
    let declared: Option<(String, Source)> = http_charset
        .map(|c| (c.to_string(), Source::Http))
        .or_else(|| {
            meta_charset(bytes).map(|c| (String::from_utf8_lossy(c).into_owned(), Source::Meta))
        });
    let utf8 = std::str::from_utf8(bytes).ok();
    let declared_enc = declared
        .as_ref()
        .and_then(|(l, s)| Encoding::for_label(l.as_bytes()).map(|e| (e, *s)))
        // A page cannot really be UTF-16 once it was read as ASCII-compatible
        // bytes to find the label: browsers treat that label as UTF-8.
        .map(|(e, s)| (e.output_encoding(), s));
    if let Some(t) = utf8 {
        let declared_other = declared_enc.is_some_and(|(e, _)| e != UTF_8);
        let source = match declared_enc {
            Some((e, s)) if e == UTF_8 => s,
            _ => Source::Utf8Valid,
        };
        // Pure ASCII decodes the same in every ASCII-compatible encoding.
        if !declared_other || !t.is_ascii() {
            return Decoded {
                text: t.to_string(),
                encoding: UTF_8.name(),
                source: if t.is_ascii() && declared_enc.is_none() {
                    Source::Detected
                } else {
                    source
                },
                overridden: declared_other.then(|| declared.clone().unwrap().0),
                had_errors: false,
            };
        }
    }
    if let Some((enc, source)) = declared_enc {
        if enc != UTF_8 {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if !had_errors {
                return Decoded {
                    text: text.into_owned(),
                    encoding: enc.name(),
                    source,
                    overridden: None,
                    had_errors,
                };
            }
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes[..bytes.len().min(1 << 16)], bytes.len() <= 1 << 16);
    // chardetng panics on a TLD that is not lowercase ASCII letters.
    let tld = tld.filter(|t| !t.is_empty() && t.iter().all(u8::is_ascii_lowercase));
    let enc = det.guess(tld, chardetng::Utf8Detection::Allow);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        source: Source::Detected,
        overridden: declared.map(|d| d.0),
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_then_meta_then_detection() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe aus K\xf6ln</body></html>";
        let d = decode(latin1, None, None);
        assert_eq!(d.source, Source::Meta);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Grüße aus Köln"));

        let d = decode(latin1, Some("windows-1252"), None);
        assert_eq!(d.source, Source::Http);

        // Declared UTF-8, but the bytes are Latin-1: detection wins.
        let d = decode(latin1, Some("utf-8"), None);
        assert_eq!(d.source, Source::Detected);
        assert!(d.text.contains("Grüße aus Köln"), "{}", d.text);
        assert_eq!(d.overridden.as_deref(), Some("utf-8"));
    }

    #[test]
    fn valid_utf8_beats_a_wrong_declaration() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>Grüße, 東京</p>";
        let d = decode(page.as_bytes(), None, None);
        assert_eq!(d.source, Source::Utf8Valid);
        assert!(d.text.contains("Grüße, 東京"));
        assert_eq!(d.overridden.as_deref(), Some("ISO-8859-1"));
    }

    #[test]
    fn detects_legacy_cjk() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(
            "<p>日本語のテキストです。これは文字コードの自動判定のテストです。東京都の天気は晴れです。</p>",
        );
        let d = decode(&sjis, None, Some(b"jp"));
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("東京都の天気"));
    }

    #[test]
    fn content_type_parameter() {
        assert_eq!(charset_param("text/html; charset=UTF-8"), Some("UTF-8"));
        assert_eq!(
            charset_param("text/html;charset=\"koi8-r\""),
            Some("koi8-r")
        );
        assert_eq!(charset_param("text/html"), None);
    }
}
