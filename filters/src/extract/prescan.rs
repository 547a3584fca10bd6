//! A pass over a page before html5ever parses it that drops what can never
//! be page text: the contents of `<script>` and `<style>` elements and of
//! HTML comments (a comment becomes `<!---->`, so the tree keeps its node).
//! On the pages of the extraction benchmark these are about 45% of the
//! bytes, and tokenizing them was about an eighth of the extraction's work.
//!
//! The pass follows the WHATWG tokenizer where it decides what is markup:
//! the data state, tags with their quoted and unquoted attribute values,
//! comments, doctypes and bogus comments, the RAWTEXT and RCDATA elements
//! (`title`, `textarea`, `xmp`, `iframe`, `noembed`, `noframes`,
//! `noscript`: html5ever parses with scripting on), the script data
//! states with their escapes (`<!--` ... `<script>` ... `-->`), and
//! foreign content (`svg`, `math`: no raw text there, CDATA sections),
//! element by element. Where the tree builder would change how later bytes
//! are tokenized in ways this pass does not follow (`template`,
//! `frameset`, `plaintext`; in foreign content, tags that leave it or
//! return to HTML, and end tags other than the current element's), it
//! stops and hands the rest of the page on as it is, as it does a page
//! with a NUL byte. The tree html5ever builds from
//! the result differs from the one it builds from the page only by the
//! missing script and style text and comment text, which extraction never
//! reads; `tests` checks that the extracted text is the same.

use std::borrow::Cow;

use memchr::memchr;

/// Start tags after which the rest of the page is left as it is.
const STOP: &[&[u8]] = &[b"template", b"frameset", b"plaintext"];
/// Start tags in foreign content after which the rest of the page is left
/// as it is: those that break out of it (and `font`, which may), HTML
/// integration points, and nested `svg`/`math` (whose end tags the
/// element-by-element tracking here would not follow).
const FOREIGN_STOP: &[&[u8]] = &[
    b"b",
    b"big",
    b"blockquote",
    b"body",
    b"br",
    b"center",
    b"code",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"em",
    b"embed",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"head",
    b"hr",
    b"i",
    b"img",
    b"li",
    b"listing",
    b"menu",
    b"meta",
    b"nobr",
    b"ol",
    b"p",
    b"pre",
    b"ruby",
    b"s",
    b"small",
    b"span",
    b"strong",
    b"strike",
    b"sub",
    b"sup",
    b"table",
    b"tt",
    b"u",
    b"ul",
    b"var",
    b"font",
    b"foreignobject",
    b"desc",
    b"title",
    b"mi",
    b"mo",
    b"mn",
    b"ms",
    b"mtext",
    b"annotation-xml",
    b"svg",
    b"math",
];
/// HTML and MathML text integration points (in `FOREIGN_STOP`).
const INTEGRATION: &[&[u8]] = &[
    b"foreignobject",
    b"desc",
    b"title",
    b"mi",
    b"mo",
    b"mn",
    b"ms",
    b"mtext",
    b"annotation-xml",
];
/// RAWTEXT and RCDATA elements whose contents are kept (skipped, not parsed).
const RAW_KEPT: &[&[u8]] = &[
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

fn ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The page without script and style contents and comment text (borrowed
/// when there is nothing to drop).
pub fn strip(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    if memchr(0, b).is_some() {
        return Cow::Borrowed(html);
    }
    let mut out: Vec<u8> = vec![];
    // b[..copied] has been handled: copied to `out` or dropped.
    let mut copied = 0;
    let mut cut = |from: usize, to: usize, with: &[u8], out: &mut Vec<u8>| {
        if out.is_empty() {
            out.reserve(b.len() / 2);
        }
        out.extend_from_slice(&b[copied..from]);
        out.extend_from_slice(with);
        copied = to;
    };
    // Open elements of the foreign content (`svg`, `math`) the page is in,
    // lowercase; empty in HTML content.
    let mut foreign: Vec<&[u8]> = vec![];
    let mut i = 0;
    while let Some(k) = memchr(b'<', &b[i..]) {
        let lt = i + k;
        let next = b.get(lt + 1).copied();
        i = match next {
            Some(b'!') if b[lt + 2..].starts_with(b"--") => {
                let end = comment_end(b, lt + 4);
                if end - lt > b"<!---->".len() && foreign.is_empty() {
                    cut(lt, end, b"<!---->", &mut out);
                }
                end
            }
            // A CDATA section (foreign content only): to `]]>`.
            Some(b'!') if !foreign.is_empty() && b[lt + 2..].starts_with(b"[CDATA[") => {
                match memchr::memmem::find(&b[lt + 9..], b"]]>") {
                    Some(k) => lt + 9 + k + 3,
                    None => break,
                }
            }
            // Doctype, bogus comment, processing instruction: to the next `>`.
            Some(b'!' | b'?') => after(b, b'>', lt + 2),
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => match tag(b, lt + 2) {
                    Some((name_end, end, _)) => {
                        if let Some(top) = foreign.last() {
                            // The current foreign element's end tag closes
                            // it; any other can close HTML elements around
                            // the foreign content.
                            if !top.eq_ignore_ascii_case(&b[lt + 2..name_end]) {
                                break;
                            }
                            foreign.pop();
                        }
                        end
                    }
                    None => break,
                },
                Some(b'>') => lt + 3,
                Some(_) => after(b, b'>', lt + 2),
                None => break,
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let Some((name_end, end, self_closing)) = tag(b, lt + 1) else {
                    break;
                };
                let name = &b[lt + 1..name_end];
                let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
                if !foreign.is_empty() {
                    // Tags that leave foreign content or return to HTML
                    // parsing inside it (integration points).
                    // An integration point holding only text (an icon's
                    // `<title>`) is parsed the same either way.
                    let text_only = || {
                        self_closing
                            || memchr(b'<', &b[end..]).is_some_and(|k| is_end_tag(b, end + k, name))
                    };
                    if FOREIGN_STOP.iter().any(|n| is(n))
                        && !(INTEGRATION.iter().any(|n| is(n)) && text_only())
                    {
                        break;
                    }
                    if !self_closing {
                        foreign.push(name);
                    }
                    end
                } else if is(b"script") {
                    let close = script_end(b, end);
                    cut(end, close, b"", &mut out);
                    close
                } else if is(b"style") {
                    let close = raw_end(b, end, b"style");
                    cut(end, close, b"", &mut out);
                    close
                } else if let Some(n) = RAW_KEPT.iter().find(|n| is(n)) {
                    raw_end(b, end, n)
                } else if is(b"svg") || is(b"math") {
                    if !self_closing {
                        foreign.push(name);
                    }
                    end
                } else if STOP.iter().any(|n| is(n)) {
                    break;
                } else {
                    end
                }
            }
            _ => lt + 1,
        };
        if i >= b.len() {
            break;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.extend_from_slice(&b[copied..]);
    // Cuts fall before `<` or after `>`: always UTF-8.
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Borrowed(html),
    }
}

/// Just after the next `c` at or after `p` (the end of the page if none).
fn after(b: &[u8], c: u8, p: usize) -> usize {
    match b.get(p..).and_then(|s| memchr(c, s)) {
        Some(k) => p + k + 1,
        None => b.len(),
    }
}

/// The end of a comment whose text starts at `p` (after `<!--`): `<!-->`
/// and `<!--->` end at once; otherwise the first `-->` or `--!>` (a nested
/// `<!--` leaves the tokenizer in the comment-end state, and its `-->`
/// also ends the comment).
fn comment_end(b: &[u8], p: usize) -> usize {
    let rest = b.get(p..).unwrap_or(&[]);
    if rest.starts_with(b">") {
        return p + 1;
    }
    if rest.starts_with(b"->") {
        return p + 2;
    }
    let mut q = p;
    while let Some(k) = b.get(q..).and_then(|s| memchr(b'-', s)) {
        let d = q + k;
        if b.get(d + 1) == Some(&b'-') {
            if b.get(d + 2) == Some(&b'>') {
                return d + 3;
            }
            if b.get(d + 2..d + 4) == Some(b"!>") {
                return d + 4;
            }
        }
        q = d + 1;
    }
    b.len()
}

/// A tag whose name starts at `p`: (end of the name, just after its `>`,
/// whether it ends `/>`),
/// through the attribute states (quoted values may hold `>`); `None` when
/// the page ends inside the tag (html5ever drops such a tag).
fn tag(b: &[u8], p: usize) -> Option<(usize, usize, bool)> {
    #[derive(Clone, Copy)]
    enum S {
        TagName,
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let mut s = S::TagName;
    let mut name_end = p;
    let mut q = p;
    while q < b.len() {
        let c = b[q];
        match s {
            S::TagName => {
                if ws(c) {
                    name_end = q;
                    s = S::BeforeName;
                } else if c == b'/' {
                    name_end = q;
                    s = S::SelfClosing;
                } else if c == b'>' {
                    return Some((q, q + 1, false));
                }
            }
            S::BeforeName => {
                if ws(c) {
                } else if c == b'/' || c == b'>' {
                    s = S::AfterName;
                    continue;
                } else {
                    // `=` starts a name too.
                    s = S::Name;
                }
            }
            S::Name => {
                if ws(c) || c == b'/' || c == b'>' {
                    s = S::AfterName;
                    continue;
                } else if c == b'=' {
                    s = S::BeforeValue;
                }
            }
            S::AfterName => {
                if ws(c) {
                } else if c == b'/' {
                    s = S::SelfClosing;
                } else if c == b'=' {
                    s = S::BeforeValue;
                } else if c == b'>' {
                    return Some((name_end, q + 1, false));
                } else {
                    s = S::Name;
                }
            }
            S::BeforeValue => {
                if ws(c) {
                } else if c == b'"' || c == b'\'' {
                    s = S::Quoted(c);
                } else if c == b'>' {
                    return Some((name_end, q + 1, false));
                } else {
                    s = S::Unquoted;
                    continue;
                }
            }
            S::Quoted(quote) => match memchr(quote, &b[q..]) {
                Some(k) => {
                    q += k;
                    s = S::AfterQuoted;
                }
                None => return None,
            },
            S::Unquoted => {
                if ws(c) {
                    s = S::BeforeName;
                } else if c == b'>' {
                    return Some((name_end, q + 1, false));
                }
            }
            S::AfterQuoted => {
                if ws(c) {
                    s = S::BeforeName;
                } else if c == b'/' {
                    s = S::SelfClosing;
                } else if c == b'>' {
                    return Some((name_end, q + 1, false));
                } else {
                    s = S::BeforeName;
                    continue;
                }
            }
            S::SelfClosing => {
                if c == b'>' {
                    return Some((name_end, q + 1, true));
                }
                s = S::BeforeName;
                continue;
            }
        }
        q += 1;
    }
    None
}

/// Is there an end tag `</name` (any case) followed by whitespace, `/` or
/// `>` at `p`? (The tokenizer's "appropriate end tag" test.)
fn is_end_tag(b: &[u8], p: usize, name: &[u8]) -> bool {
    let n = name.len();
    b.get(p..p + 2) == Some(b"</")
        && b.get(p + 2..p + 2 + n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
        && b.get(p + 2 + n)
            .is_some_and(|&c| ws(c) || c == b'/' || c == b'>')
}

/// Where the RAWTEXT / RCDATA contents starting at `p` end: the `<` of the
/// first `</name` end tag, or the end of the page.
fn raw_end(b: &[u8], mut p: usize, name: &[u8]) -> usize {
    while let Some(k) = memchr(b'<', &b[p..]) {
        let lt = p + k;
        if is_end_tag(b, lt, name) {
            return lt;
        }
        p = lt + 1;
    }
    b.len()
}

/// ASCII letters from `p`: their end.
fn letters(b: &[u8], p: usize) -> usize {
    p + b[p.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count()
}

/// Where a script's contents starting at `p` end: the `<` of its `</script`
/// end tag, through the script data states, escaped (`<!--`) and double
/// escaped (`<!--<script>`, in which `</script>` does not end the script).
fn script_end(b: &[u8], mut p: usize) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        Data,
        Escaped,
        EscapedDash,
        EscapedDashDash,
        Double,
        DoubleDash,
        DoubleDashDash,
    }
    let mut s = S::Data;
    while p < b.len() {
        let c = b[p];
        match s {
            S::Data => {
                let Some(k) = memchr(b'<', &b[p..]) else {
                    return b.len();
                };
                p += k;
                if is_end_tag(b, p, b"script") {
                    return p;
                }
                if b[p + 1..].starts_with(b"!--") {
                    s = S::EscapedDashDash;
                    p += 4;
                } else {
                    p += 1;
                }
                continue;
            }
            S::Escaped | S::EscapedDash | S::EscapedDashDash => {
                if c == b'<' {
                    if is_end_tag(b, p, b"script") {
                        return p;
                    }
                    if b.get(p + 1).is_some_and(u8::is_ascii_alphabetic) {
                        // Script data double escape start.
                        let end = letters(b, p + 1);
                        let Some(&d) = b.get(end) else {
                            return b.len();
                        };
                        if ws(d) || d == b'/' || d == b'>' {
                            s = if b[p + 1..end].eq_ignore_ascii_case(b"script") {
                                S::Double
                            } else {
                                S::Escaped
                            };
                            p = end + 1;
                        } else {
                            s = S::Escaped;
                            p = end;
                        }
                        continue;
                    }
                    s = S::Escaped;
                } else if c == b'-' {
                    s = match s {
                        S::Escaped => S::EscapedDash,
                        _ => S::EscapedDashDash,
                    };
                } else if c == b'>' && s == S::EscapedDashDash {
                    s = S::Data;
                } else {
                    s = S::Escaped;
                }
            }
            S::Double | S::DoubleDash | S::DoubleDashDash => {
                if c == b'<' {
                    if b.get(p + 1) == Some(&b'/') {
                        // Script data double escape end.
                        let end = letters(b, p + 2);
                        let Some(&d) = b.get(end) else {
                            return b.len();
                        };
                        if ws(d) || d == b'/' || d == b'>' {
                            s = if b[p + 2..end].eq_ignore_ascii_case(b"script") {
                                S::Escaped
                            } else {
                                S::Double
                            };
                            p = end + 1;
                        } else {
                            s = S::Double;
                            p = end;
                        }
                        continue;
                    }
                    s = S::Double;
                } else if c == b'-' {
                    s = match s {
                        S::Double => S::DoubleDash,
                        _ => S::DoubleDashDash,
                    };
                } else if c == b'>' && s == S::DoubleDashDash {
                    s = S::Data;
                } else {
                    s = S::Double;
                }
            }
        }
        p += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::dom::{Data, Dom, NONE};

    /// The tree as text: elements with attributes, text (not a script's or
    /// style's), comments as `#other`, with depth.
    fn dump(html: &str) -> String {
        let d = Dom::parse(html);
        let mut out = String::new();
        let mut depth = vec![0usize; d.nodes.len()];
        for i in d.preorder(0) {
            let n = &d.nodes[i as usize];
            if n.parent != NONE {
                depth[i as usize] = depth[n.parent as usize] + 1;
            }
            let pad = " ".repeat(depth[i as usize]);
            match &n.data {
                Data::Document => out.push_str("#document\n"),
                Data::Element { name, attrs } => {
                    out.push_str(&format!("{pad}<{:?} {}", name.ns, &*name.local));
                    for a in attrs {
                        out.push_str(&format!(" {}={:?}", &*a.name.local, &*a.value));
                    }
                    out.push_str(">\n");
                }
                Data::Text(t) => out.push_str(&format!("{pad}{:?}\n", &**t)),
                Data::Other => out.push_str(&format!("{pad}#other\n")),
            }
        }
        out
    }

    fn same_tree(html: &str) {
        let s = strip(html);
        assert_eq!(dump(html), dump(&s), "page {html:?}\nstripped {s:?}");
    }

    #[test]
    fn drops_script_style_and_comment_text() {
        let page = "<html><head><title>T <b></title><style>p{}</style>\
                    <script>if (a<b) x = '</p>';</script></head>\
                    <body><!-- a -- b --><p title='x>y'>Hi</p><textarea><script>keep</script></textarea>\
                    <noscript><style>n</style></noscript><p>End</p></body></html>";
        let s = strip(page);
        assert_eq!(
            s,
            "<html><head><title>T <b></title><style></style>\
             <script></script></head>\
             <body><!----><p title='x>y'>Hi</p><textarea><script>keep</script></textarea>\
             <noscript><style>n</style></noscript><p>End</p></body></html>"
        );
        same_tree(page);
    }

    #[test]
    fn script_escapes() {
        // `<!--<script>`: the first `</script>` does not end the script.
        let page = "<script><!--<script>x</script>y--></script><p>after</p>";
        assert_eq!(strip(page), "<script></script><p>after</p>");
        same_tree(page);
        // Escaped but not double escaped: `</script>` ends it.
        let page = "<script><!-- a </script><p>out</p>-->";
        assert_eq!(strip(page), "<script></script><p>out</p>-->");
        same_tree(page);
        // Unterminated: the rest of the page is the script.
        assert_eq!(strip("<p>a<script>b<p>c"), "<p>a<script>");
    }

    #[test]
    fn foreign_content_and_stops() {
        // svg: its <style> is not raw text and is kept; its text-only title
        // is followed; after </svg>, HTML again.
        let page = "<svg><title>Icon</title><style>a<g>c</g></style></svg><style>x</style><p>t</p>";
        same_tree(page);
        assert!(strip(page).ends_with("<style></style><p>t</p>"));
        // A tag that leaves foreign content: the rest is kept as it is.
        let page = "<svg><p>x</p><style>y</style>";
        assert_eq!(strip(page), page);
        same_tree(page);
        for page in [
            "<template><style>a</style></template><script>b</script>",
            "<plaintext><script>a</script>",
            "a\0<script>b</script>",
        ] {
            assert_eq!(strip(page), page);
            same_tree(page);
        }
        let page = "<svg><![CDATA[ <style> ]]><style>q</style></svg><script>z</script>";
        same_tree(page);
        assert!(strip(page).ends_with("</svg><script></script>"));
    }

    /// Random pages made of the tokens that steer the tokenizer: the tree
    /// html5ever builds from the stripped page is always the same.
    #[test]
    fn random_pages_keep_their_tree() {
        const TOKENS: &[&str] = &[
            "<script>",
            "</script>",
            "</script ",
            "<SCRIPT type=x>",
            "</ScRiPt>",
            "<script/>",
            "<style>",
            "</style>",
            "</style/>",
            "<!--",
            "-->",
            "--!>",
            "<!-->",
            "<!--->",
            "-",
            "--",
            "<",
            ">",
            "/",
            "=",
            "\"",
            "'",
            " ",
            "\n",
            "\r\n",
            "text",
            "é",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<b>",
            "</b>",
            "<a href=\"x>y\">",
            "<a title='</script>'>",
            "<a b=c>",
            "<a b",
            "<!DOCTYPE html>",
            "<?php x ?>",
            "</ p>",
            "</>",
            "<br/>",
            "<svg>",
            "</svg>",
            "<svg/>",
            "<math>",
            "</math>",
            "<mi>",
            "</mi>",
            "<title>",
            "</title>",
            "<desc>",
            "</desc>",
            "<g>",
            "</g>",
            "<path d=\"M0\"/>",
            "<![CDATA[",
            "]]>",
            "<textarea>",
            "</textarea>",
            "<noscript>",
            "</noscript>",
            "<iframe>",
            "</iframe>",
            "<xmp>",
            "</xmp>",
            "<table>",
            "<td>",
            "<template>",
            "<select>",
            "<option>",
            "</select>",
            "<font color=red>",
            "<foreignObject>",
            "</foreignObject>",
            "&amp;",
            "<!x>",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut changed = 0;
        for _ in 0..50_000 {
            let n = 1 + next() % 24;
            let page: String = (0..n)
                .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
                .collect();
            same_tree(&page);
            changed += usize::from(strip(&page) != page);
        }
        // Most pages have something to drop: the comparison means something.
        assert!(changed > 10_000, "only {changed} of 50,000 pages changed");
    }

    /// The 110 real pages of `web/trafilatura-cache` in the shared data:
    /// `CURATE_SHARED_DATA`, or `../shared/data` beside the checkout (the
    /// e2e tests' rule).
    #[test]
    fn real_pages_keep_their_tree() {
        let data = std::env::var_os("CURATE_SHARED_DATA")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")
            });
        let dir = data.join("web/trafilatura-cache");
        let mut pages = 0;
        let mut saved = 0;
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e} (set CURATE_SHARED_DATA)", dir.display()));
        for e in entries {
            let path = e.expect("dir entry").path();
            let bytes = std::fs::read(&path).expect("page");
            let html = crate::extract::charset::decode(&bytes, None, None).text;
            let s = strip(&html);
            saved += html.len() - s.len();
            assert_eq!(dump(&html), dump(&s), "{}", path.display());
            pages += 1;
        }
        assert_eq!(pages, 110);
        assert!(saved > 4_000_000, "{saved} bytes dropped");
    }
}
