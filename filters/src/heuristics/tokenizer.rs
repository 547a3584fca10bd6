//! Pure-Rust port of the word tokenizer datatrove uses for English.
//!
//! datatrove maps `Languages.english` ("eng") to `SpaCyTokenizer("en")`, i.e.
//! `spacy.blank("en")` plus the rule-based `sentencizer` pipe (no statistical model and no
//! NLTK/punkt data is involved). This module re-implements spaCy 3.8's
//! `Tokenizer._tokenize_affixes` / `_split_affixes` / `_attach_tokens` /
//! `_apply_special_cases` for the English defaults, and `Sentencizer.predict`:
//!
//! * whitespace chunking on Python `str.isspace()`; a single `' '` after a chunk is
//!   absorbed, any other whitespace run becomes its own token (dropped from word lists by
//!   datatrove's `strip_strings`, but it counts for the sentencizer);
//! * prefix / suffix / infix rules (`spacy.lang.punctuation`, English infixes), with the
//!   regex look-behinds/look-aheads hand-coded over exact character classes extracted
//!   from spaCy (`tables.rs`);
//! * the 1,347 English tokenizer exceptions (special cases) and the post-hoc
//!   special-case matcher that re-merges e.g. `word:)` into `word`, `:)`;
//! * spaCy's `URL_MATCH` pattern (Rust `regex`, with Python's `\w` class spelled out;
//!   its three negative look-aheads that exclude private IPv4 ranges are applied as a
//!   separate check).
//!
//! Validation: identical word lists and per-line sentence counts on the 24k-document
//! benchmark corpus and on 80k adversarial fuzz documents
//! (`scripts/bench/fuzz_tokenizer.py`: every special case, emoticons, URLs, units,
//! quotes, dashes, 30+ scripts, all whitespace kinds, glued with and without spaces).
//!
//! Known divergences from spaCy (none observed in the tests above):
//! * If the IPv4 branch of the URL pattern is rejected by the private-range look-ahead
//!   we do not retry other `user@` splits as Python's backtracking would.
//! * Character classes are exact for the Python that generated `tables.rs` (CPython 3.11,
//!   Unicode 14.0); `\d` in the URL pattern is Rust's `\p{Nd}` (a newer Unicode), so code
//!   points assigned after Unicode 14 may be classified differently.
//! * spaCy's tokenizer cache and its hash-keyed special-case table (64-bit MurmurHash
//!   keys) are not reproduced; a hash collision there would be a spaCy bug.
//! * spaCy refuses texts of 2**30 chars or more (`E025`); we tokenize them (up to the
//!   first 4 GiB: token spans are `u32` byte offsets).

use super::chars::{
    is_py_space, ALPHA, ALPHA_LOWER, ALPHA_UPPER, ICONS, PREFIX_CHARS, QUOTES, SENT_PUNCT,
    SUFFIX_CHARS, SUFFIX_DOT_LB, UNICODE_P,
};
use super::tables;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Byte span `[start, end)` of a token in the original text.
pub(super) type Span = (u32, u32);

/// Small, fast non-cryptographic hasher (FxHash-style) for short string keys.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher {
    hash: u64,
}

const FX_K: u64 = 0x517c_c1b7_2722_0a95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(FX_K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut b = bytes;
        while b.len() >= 8 {
            // ok-unwrap: a slice of exactly that many bytes.
            self.add(u64::from_le_bytes(b[..8].try_into().unwrap()));
            b = &b[8..];
        }
        if b.len() >= 4 {
            // ok-unwrap: a slice of exactly that many bytes.
            self.add(u32::from_le_bytes(b[..4].try_into().unwrap()) as u64);
            b = &b[4..];
        }
        for &x in b {
            self.add(x as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(super) type FxBuild = BuildHasherDefault<FxHasher>;
pub(super) type FxMap<K, V> = HashMap<K, V, FxBuild>;

pub(super) struct Tokenizer {
    specials: FxMap<&'static str, &'static [u16]>,
    max_special_len: usize,
    /// Special cases also matched after affix splitting: key -> affix-only piece lengths.
    matcher: FxMap<&'static str, &'static [u16]>,
    max_matcher_len: usize,
    /// bit `len-1` of `[b]` set if some matcher pattern's first piece starts with byte
    /// `b` and is `len` bytes long (lengths >= 16 share bit 15)
    first_piece: [u16; 256],
    last_piece: [u16; 256],
    url_host: Regex,
    url_ip: Regex,
    ip_private: Regex,
}

pub(super) static TOKENIZER: Lazy<Tokenizer> = Lazy::new(Tokenizer::new);

/// Units and currencies (suffixes after a digit) and their maximum byte length.
static UNITS_CURRENCY: Lazy<(std::collections::HashSet<&'static str, FxBuild>, usize)> =
    Lazy::new(|| {
        let all = tables::UNITS.iter().chain(tables::CURRENCY).copied();
        (all.clone().collect(), all.map(str::len).max().unwrap_or(0))
    });

/// Reusable buffers for tokenizing one chunk.
#[derive(Default)]
pub(super) struct Scratch {
    prefixes: Vec<Span>,
    suffixes: Vec<Span>,
    chars: Vec<(u32, char)>,
    cands: Vec<(u32, u32, bool)>,
    accepted: Vec<(u32, u32)>,
    buf: String,
    seen: Vec<bool>,
    tmp: Vec<Span>,
}

/// `^(?:(?:[\w\+\-\.]{2,})://)?(?:\S+(?::\S*)?@)?` with `{w}` = Python's `\w`; `\S` is
/// `.` because chunks never contain whitespace.
const URL_HEAD: &str = r"(?s)^(?:(?:[{w}+\-.]{2,})://)?(?:.+(?::.*)?@)?";
const URL_TAIL: &str = r"(?::\d{2,5})?(?:[/?#].*)?$";
const URL_IP: &str = r"(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))";
const URL_HOSTCHAR: &str = r"A-Za-z0-9\x{a1}-\x{ffff}";

impl Tokenizer {
    fn new() -> Self {
        let mut specials: FxMap<&'static str, &'static [u16]> = FxMap::default();
        let mut max_special_len = 0;
        for &(k, v) in tables::SPECIALS {
            specials.insert(k, v);
            max_special_len = max_special_len.max(k.len());
        }
        let mut matcher: FxMap<&'static str, &'static [u16]> = FxMap::default();
        let mut max_matcher_len = 0;
        let mut first_piece = [0u16; 256];
        let mut last_piece = [0u16; 256];
        for &(k, v) in tables::MATCHER {
            matcher.insert(k, v);
            max_matcher_len = max_matcher_len.max(k.len());
            // ok-unwrap: a constant table of non-empty entries.
            let (f, l) = (v[0] as usize, *v.last().unwrap() as usize);
            first_piece[k.as_bytes()[0] as usize] |= len_bit(f);
            last_piece[k.as_bytes()[k.len() - l] as usize] |= len_bit(l);
        }
        let hc = URL_HOSTCHAR;
        let head = URL_HEAD.replace("{w}", tables::PY_WORD_RE);
        let host = format!(
            "{head}(?:(?:(?:[{hc}][{hc}_\\-]{{0,62}})?[{hc}]\\.)+(?:[{al}]{{2,63}})){URL_TAIL}",
            al = tables::ALPHA_LOWER_RE
        );
        let ip = format!("{head}({URL_IP}){URL_TAIL}");
        let build = |p: &str| {
            regex::RegexBuilder::new(p)
                .size_limit(1 << 26)
                .dfa_size_limit(1 << 26)
                .build()
                // ok-unwrap: a constant pattern (compiled by every test run).
                .expect("url regex")
        };
        Tokenizer {
            specials,
            max_special_len,
            matcher,
            max_matcher_len,
            first_piece,
            last_piece,
            url_host: build(&host),
            url_ip: build(&ip),
            ip_private: build(
                r"^(?:(?:10|127)(?:\.\d{1,3}){3}|(?:169\.254|192\.168)(?:\.\d{1,3}){2}|172\.(?:1[6-9]|2\d|3[0-1])(?:\.\d{1,3}){2})",
            ),
        }
    }

    #[inline]
    fn special(&self, s: &str) -> Option<&'static [u16]> {
        if s.len() > self.max_special_len {
            return None;
        }
        self.specials.get(s).copied()
    }

    /// spaCy `URL_MATCH` (see module docs for divergences).
    fn url_match(&self, s: &str) -> bool {
        if !s.as_bytes().contains(&b'.') {
            return false; // every URL alternative needs a dot
        }
        if self.url_host.is_match(s) {
            return true;
        }
        if let Some(c) = self.url_ip.captures(s) {
            // ok-unwrap: group 1 is not optional in the pattern.
            let m = c.get(1).unwrap();
            return !self.ip_private.is_match(&s[m.start()..]);
        }
        false
    }

    /// Tokenizes the whole text into word tokens (whitespace tokens are dropped, as
    /// datatrove's `strip_strings` does), appending byte spans to `out`.
    pub(super) fn words(&self, text: &str, out: &mut Vec<Span>, sc: &mut Scratch) {
        self.tokenize(text, false, out, sc);
    }

    /// spaCy's `Tokenizer.__call__`. With `emit_ws`, whitespace tokens are emitted too
    /// (every whitespace run except a single `' '` right after a chunk, which spaCy
    /// stores as the previous token's trailing space).
    pub(super) fn tokenize(
        &self,
        text: &str,
        emit_ws: bool,
        out: &mut Vec<Span>,
        sc: &mut Scratch,
    ) {
        // Spans are u32 byte offsets: only the first 4 GiB are tokenized (spaCy itself
        // refuses texts of 2**30 chars or more).
        let text = if text.len() > u32::MAX as usize {
            let mut end = u32::MAX as usize;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[..end]
        } else {
            text
        };
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0;
        // A "segment" is a run of chunks separated by exactly one ' ': spaCy's special-case
        // matcher can only match token sequences inside one segment.
        let mut seg_start = out.len();
        let mut seg_cand = false;
        while i < n {
            // whitespace run
            let ws_start = i;
            while i < n {
                let c = b[i];
                if c < 0x80 {
                    if !is_ascii_py_space(c) {
                        break;
                    }
                    i += 1;
                } else {
                    // ok-unwrap: `i` is a char boundary before the end: a char follows.
                    let ch = text[i..].chars().next().unwrap();
                    if !is_py_space(ch) {
                        break;
                    }
                    i += ch.len_utf8();
                }
            }
            if i > ws_start {
                let single_space = ws_start > 0 && i - ws_start == 1 && b[ws_start] == b' ';
                if !single_space {
                    if seg_cand {
                        self.segment_matcher(text, seg_start, out, sc);
                    }
                    seg_cand = false;
                    if emit_ws {
                        let s = if ws_start > 0 && b[ws_start] == b' ' {
                            ws_start + 1
                        } else {
                            ws_start
                        };
                        out.push((s as u32, i as u32));
                    }
                    seg_start = out.len();
                }
            }
            if i >= n {
                break;
            }
            // chunk
            let start = i;
            let mut ascii_letters = true;
            loop {
                while i < n && BYTE_CLASS[b[i] as usize] == B_LETTER {
                    i += 1;
                }
                if i >= n {
                    break;
                }
                match BYTE_CLASS[b[i] as usize] {
                    B_OTHER => {
                        ascii_letters = false;
                        i += 1;
                    }
                    B_SPACE => break,
                    _ => {
                        // ok-unwrap: `i` is a char boundary before the end: a char follows.
                        let ch = text[i..].chars().next().unwrap();
                        if is_py_space(ch) {
                            break;
                        }
                        ascii_letters = false;
                        i += ch.len_utf8();
                    }
                }
            }
            if ascii_letters {
                // No affix or infix rule can fire on [A-Za-z]+; only special cases ("cannot").
                match self.special(&text[start..i]) {
                    Some(p) => push_pieces(out, start, p),
                    None => out.push((start as u32, i as u32)),
                }
            } else {
                let k0 = out.len();
                self.tokenize_chunk(text, start, i, out, sc);
                if !seg_cand && out.len() - k0 >= 2 {
                    sc.cands.clear();
                    seg_cand =
                        self.find_candidates(text, &out[k0..], true, &mut sc.cands, &mut sc.buf);
                }
            }
        }
        if seg_cand {
            self.segment_matcher(text, seg_start, out, sc);
        }
    }

    fn tokenize_chunk(
        &self,
        text: &str,
        cs: usize,
        ce: usize,
        out: &mut Vec<Span>,
        sc: &mut Scratch,
    ) {
        let (mut a, mut b) = (cs, ce);
        sc.prefixes.clear();
        sc.suffixes.clear();
        let mut last_size = usize::MAX;
        // --- _split_affixes
        while a < b && b - a != last_size {
            if self.special(&text[a..b]).is_some() {
                break;
            }
            last_size = b - a;
            let pre = find_prefix(&text[a..b]);
            if pre != 0 && a + pre < b && self.special(&text[a + pre..b]).is_some() {
                sc.prefixes.push((a as u32, (a + pre) as u32));
                a += pre;
                break;
            }
            let suf = find_suffix(&text[a + pre..b]);
            if suf != 0 && b - suf > a && self.special(&text[a..b - suf]).is_some() {
                sc.suffixes.push(((b - suf) as u32, b as u32));
                b -= suf;
                break;
            }
            if pre != 0 && suf != 0 && pre + suf <= b - a {
                sc.prefixes.push((a as u32, (a + pre) as u32));
                sc.suffixes.push(((b - suf) as u32, b as u32));
                a += pre;
                b -= suf;
            } else if pre != 0 {
                sc.prefixes.push((a as u32, (a + pre) as u32));
                a += pre;
            } else if suf != 0 {
                sc.suffixes.push(((b - suf) as u32, b as u32));
                b -= suf;
            }
        }
        // --- _attach_tokens
        out.extend_from_slice(&sc.prefixes);
        if a < b {
            let s = &text[a..b];
            if let Some(p) = self.special(s) {
                push_pieces(out, a, p);
            } else if self.url_match(s) {
                out.push((a as u32, b as u32));
            } else {
                self.split_infixes(text, a, b, out, sc);
            }
        }
        out.extend(sc.suffixes.iter().rev());
    }

    fn split_infixes(&self, text: &str, a: usize, b: usize, out: &mut Vec<Span>, sc: &mut Scratch) {
        let s = &text[a..b];
        // Fast path: every infix rule needs one of these ASCII chars or a non-ASCII char.
        if s.bytes().all(|c| {
            c < 0x80
                && !matches!(
                    c,
                    b'.' | b'+'
                        | b'-'
                        | b'*'
                        | b'^'
                        | b','
                        | b'~'
                        | b':'
                        | b'<'
                        | b'>'
                        | b'='
                        | b'/'
                )
        }) {
            out.push((a as u32, b as u32));
            return;
        }
        let ch = &mut sc.chars;
        ch.clear();
        ch.extend(s.char_indices().map(|(o, c)| ((a + o) as u32, c)));
        let n = ch.len();
        let off = |i: usize| if i < n { ch[i].0 } else { b as u32 };
        let mut start = 0usize; // char index where the pending token starts
        let mut p = 0usize;
        while p < n {
            let c = ch[p].1;
            let prev = if p > 0 { Some(ch[p - 1].1) } else { None };
            let next = ch.get(p + 1).map(|x| x.1);
            let mut m_end = 0usize; // char index of the match end, 0 = no match
            if c == '.' && next == Some('.') {
                let mut e = p + 1;
                while e < n && ch[e].1 == '.' {
                    e += 1;
                }
                m_end = e;
            } else if c == '…' || ICONS.contains(c) {
                m_end = p + 1;
            } else if let Some(pv) = prev {
                let next_alpha = next.is_some_and(|x| ALPHA.contains(x));
                // (?<=[0-9])[+\-\*^](?=[0-9-])
                let digit_op = matches!(c, '+' | '-' | '*' | '^')
                    && pv.is_ascii_digit()
                    && next.is_some_and(|x| x.is_ascii_digit() || x == '-');
                // (?<=[{al}{q}])\.(?=[{au}{q}])
                let dot_upper = c == '.'
                    && (ALPHA_LOWER.contains(pv) || QUOTES.contains(pv))
                    && next.is_some_and(|x| ALPHA_UPPER.contains(x) || QUOTES.contains(x));
                // (?<=[{a}]),(?=[{a}])
                let comma = c == ',' && ALPHA.contains(pv) && next_alpha;
                if digit_op || dot_upper || comma {
                    m_end = p + 1;
                } else if ALPHA.contains(pv) || pv.is_ascii_digit() {
                    // (?:-|–|—|--|---|——|~)(?=[alpha]), tried in this order
                    let at = |i: usize| ch.get(i).map(|x| x.1);
                    let alpha_at = |i: usize| at(i).is_some_and(|x| ALPHA.contains(x));
                    if c == '-' {
                        if alpha_at(p + 1) {
                            m_end = p + 1;
                        } else if at(p + 1) == Some('-') && alpha_at(p + 2) {
                            m_end = p + 2;
                        } else if at(p + 1) == Some('-')
                            && at(p + 2) == Some('-')
                            && alpha_at(p + 3)
                        {
                            m_end = p + 3;
                        }
                    } else if c == '–' || c == '~' {
                        if alpha_at(p + 1) {
                            m_end = p + 1;
                        }
                    } else if c == '—' {
                        if alpha_at(p + 1) {
                            m_end = p + 1;
                        } else if at(p + 1) == Some('—') && alpha_at(p + 2) {
                            m_end = p + 2;
                        }
                    } else if matches!(c, ':' | '<' | '>' | '=' | '/') && next_alpha {
                        m_end = p + 1;
                    }
                }
            }
            if m_end == 0 {
                p += 1;
                continue;
            }
            // a match [p, m_end)
            if p != 0 {
                if p != start {
                    out.push((off(start), off(p)));
                }
                out.push((off(p), off(m_end)));
                start = m_end;
            }
            p = m_end;
        }
        if start < n {
            out.push((off(start), b as u32));
        }
    }

    /// Finds spaCy special-case matcher candidates among `toks` (spans of >= 2 tokens
    /// whose texts are the affix-only tokenization of a special case). Tokens of one
    /// segment are either adjacent or separated by one space. Returns whether any was
    /// found; with `first_only` stops at the first one.
    fn find_candidates(
        &self,
        text: &str,
        toks: &[Span],
        first_only: bool,
        cands: &mut Vec<(u32, u32, bool)>,
        buf: &mut String,
    ) -> bool {
        let tb = text.as_bytes();
        let n = toks.len();
        let mut found = false;
        let gate = |table: &[u16; 256], t: Span| {
            table[tb[t.0 as usize] as usize] & len_bit((t.1 - t.0) as usize) != 0
        };
        for i in 0..n.saturating_sub(1) {
            if !gate(&self.first_piece, toks[i]) {
                continue;
            }
            let mut gap = false;
            let mut len = (toks[i].1 - toks[i].0) as usize;
            for j in i + 1..n {
                gap |= toks[j].0 != toks[j - 1].1;
                len += (toks[j].1 - toks[j].0) as usize;
                if len > self.max_matcher_len {
                    break;
                }
                if !gate(&self.last_piece, toks[j]) {
                    continue;
                }
                let key = if gap {
                    buf.clear();
                    for t in &toks[i..=j] {
                        buf.push_str(&text[t.0 as usize..t.1 as usize]);
                    }
                    buf.as_str()
                } else {
                    &text[toks[i].0 as usize..toks[j].1 as usize]
                };
                let Some(pat) = self.matcher.get(key) else {
                    continue;
                };
                if pat.len() != j - i + 1
                    || !pat
                        .iter()
                        .zip(&toks[i..=j])
                        .all(|(&l, t)| (t.1 - t.0) as usize == l as usize)
                {
                    continue;
                }
                found = true;
                cands.push((i as u32, (j + 1) as u32, gap));
                if first_only {
                    return true;
                }
            }
        }
        found
    }

    /// spaCy `_apply_special_cases` over the segment `out[seg..]`: token runs spelling a
    /// special case that contains affix characters (e.g. `:)` split as `:` `)`) are
    /// re-merged, longest match first. Matches spanning a space are never retokenized
    /// (their text is no special case) but still block overlapping matches, as in spaCy.
    fn segment_matcher(&self, text: &str, seg: usize, out: &mut Vec<Span>, sc: &mut Scratch) {
        let toks = &out[seg..];
        let n = toks.len();
        sc.cands.clear();
        self.find_candidates(text, toks, false, &mut sc.cands, &mut sc.buf);
        if sc.cands.is_empty() {
            return;
        }
        // _filter_special_spans: sort by (len asc, start desc), take from the back.
        sc.cands
            .sort_by(|x, y| (x.1 - x.0).cmp(&(y.1 - y.0)).then(y.0.cmp(&x.0)));
        sc.seen.clear();
        sc.seen.resize(n, false);
        sc.accepted.clear();
        for &(s, e, gap) in sc.cands.iter().rev() {
            if !sc.seen[s as usize] && !sc.seen[e as usize - 1] && !gap {
                sc.accepted.push((s, e));
            }
            for k in s..e {
                sc.seen[k as usize] = true;
            }
        }
        if sc.accepted.is_empty() {
            return;
        }
        sc.accepted.sort_by_key(|x| x.0);
        sc.tmp.clear();
        let mut i = 0usize;
        let mut acc = sc.accepted.iter().peekable();
        while i < n {
            if let Some(&&(s, e)) = acc.peek() {
                if s as usize == i {
                    let (a, b) = (toks[i].0 as usize, toks[e as usize - 1].1 as usize);
                    push_pieces(&mut sc.tmp, a, self.specials[&text[a..b]]);
                    i = e as usize;
                    acc.next();
                    continue;
                }
            }
            sc.tmp.push(toks[i]);
            i += 1;
        }
        out.truncate(seg);
        out.extend_from_slice(&sc.tmp);
    }

    /// Number of sentences spaCy's `sentencizer` finds in `line` (as used by datatrove's
    /// `split_into_sentences`, i.e. `len(doc.sents)`, at least 1 for a non-empty line).
    pub(super) fn count_sentences(
        &self,
        line: &str,
        sc: &mut Scratch,
        toks: &mut Vec<Span>,
    ) -> usize {
        toks.clear();
        self.tokenize(line, true, toks, sc);
        let mut count = 1usize;
        let mut seen_period = false;
        for &(s, e) in toks.iter() {
            let t = &line[s as usize..e as usize];
            let mut it = t.chars();
            // ok-unwrap: tokens are never empty.
            let c0 = it.next().unwrap();
            let in_pc = it.as_str().is_empty() && SENT_PUNCT.contains(c0);
            if seen_period && !in_pc && !t.chars().all(|c| UNICODE_P.contains(c)) {
                count += 1;
                seen_period = false;
            } else if in_pc {
                seen_period = true;
            }
        }
        count
    }
}

#[inline]
fn len_bit(len: usize) -> u16 {
    1 << (len.clamp(1, 16) - 1)
}

#[inline]
fn push_pieces(out: &mut Vec<Span>, start: usize, pieces: &[u16]) {
    let mut p = start as u32;
    for &l in pieces {
        out.push((p, p + l as u32));
        p += l as u32;
    }
}

const B_LETTER: u8 = 0;
const B_OTHER: u8 = 1;
const B_SPACE: u8 = 2;
const B_NONASCII: u8 = 3;

/// Byte classes for chunk scanning: ASCII letter, other ASCII, ASCII `isspace()`, non-ASCII.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [B_NONASCII; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = if (c as u8).is_ascii_alphabetic() {
            B_LETTER
        } else if is_ascii_py_space(c as u8) {
            B_SPACE
        } else {
            B_OTHER
        };
        c += 1;
    }
    t
};

/// Python `isspace()` for ASCII bytes: \t \n \x0b \x0c \r \x1c-\x1f and space.
#[inline]
pub(super) const fn is_ascii_py_space(c: u8) -> bool {
    matches!(c, b'\t'..=b'\r' | 0x1c..=0x1f | b' ')
}

/// Length in bytes of spaCy's prefix match at the start of `s` (0 = none).
#[inline]
fn find_prefix(s: &str) -> usize {
    let b = s.as_bytes();
    match b[0] {
        b'.' => {
            let run = b.iter().take_while(|&&c| c == b'.').count();
            if run >= 2 {
                run
            } else {
                0
            }
        }
        b'+' => {
            if b.len() > 1 && b[1].is_ascii_digit() {
                0
            } else {
                1
            }
        }
        c if c < 0x80 => {
            if PREFIX_CHARS.contains_ascii(c) {
                1
            } else if s.starts_with("US$") {
                3
            } else if s.starts_with("C$") || s.starts_with("A$") {
                2
            } else {
                0
            }
        }
        _ => {
            // ok-unwrap: `i` is a char boundary before the end: a char follows.
            let c = s.chars().next().unwrap();
            if PREFIX_CHARS.contains(c) {
                c.len_utf8()
            } else {
                0
            }
        }
    }
}

/// Length in bytes of spaCy's suffix match at the end of `s` (0 = none). Python's
/// `re.search` over `alt1$|alt2$|...` returns the leftmost-starting match, i.e. the
/// longest suffix any alternative can match.
fn find_suffix(s: &str) -> usize {
    let mut rev = s.chars().rev();
    let Some(last) = rev.next() else {
        return 0;
    };
    let p1 = rev.next();
    let p2 = rev.next();
    let mut best = 0usize;
    if SUFFIX_CHARS.contains(last) {
        best = last.len_utf8();
    }
    match last {
        '.' => {
            let run = s.bytes().rev().take_while(|&c| c == b'.').count();
            if run >= 2 {
                best = best.max(run);
            } else if let Some(p1) = p1 {
                if SUFFIX_DOT_LB.contains(p1)
                    || (ALPHA_UPPER.contains(p1) && p2.is_some_and(|c| ALPHA_UPPER.contains(c)))
                    || (p2 == Some('°') && matches!(p1, 'F' | 'f' | 'C' | 'c' | 'K' | 'k'))
                {
                    best = best.max(1);
                }
            }
        }
        '…' if p1 == Some('…') => best = best.max(6),
        's' | 'S' => {
            if p1 == Some('\'') {
                best = best.max(2);
            } else if p1 == Some('’') {
                best = best.max(4);
            }
        }
        '+' if p1.is_some_and(|c| c.is_ascii_digit()) => best = best.max(1),
        _ => {}
    }
    // (?<=[0-9])(?:CURRENCY) and (?<=[0-9])(?:UNITS): no unit/currency contains an
    // ASCII digit, so the only candidate is everything after the last ASCII digit.
    // (Only the last MAX_UNIT_LEN + 1 bytes are scanned: keeps huge chunks linear.)
    let from = s.len().saturating_sub(UNITS_CURRENCY.1 + 1);
    if let Some(d) = s.as_bytes()[from..]
        .iter()
        .rposition(|c| c.is_ascii_digit())
    {
        let tail = &s[from + d + 1..];
        if tail.len() > best && UNITS_CURRENCY.0.contains(tail) {
            best = tail.len();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut out = vec![];
        let mut sc = Scratch::default();
        TOKENIZER.words(s, &mut out, &mut sc);
        out.iter()
            .map(|&(a, b)| &s[a as usize..b as usize])
            .collect()
    }

    #[test]
    fn heuristics_tokenizer_matches_spacy_examples() {
        // expected outputs recorded from spacy.blank("en") 3.8
        assert_eq!(toks("I have 8 ) things"), ["I", "have", "8", ")", "things"]);
        assert_eq!(toks("word:) yes"), ["word", ":)", "yes"]);
        assert_eq!(toks("(Dr.) x"), ["(", "Dr.", ")", "x"]);
        assert_eq!(toks("hello :-) there"), ["hello", ":-)", "there"]);
        assert_eq!(toks("a 10a.m. b"), ["a", "10", "a.m.", "b"]);
        assert_eq!(toks("x(:y"), ["x(:y"]);
        assert_eq!(
            toks("don't dont DON'T Don't cannot gonna U.S. e.g. etc."),
            [
                "do", "n't", "do", "nt", "DON'T", "Do", "n't", "can", "not", "gon", "na", "U.S.",
                "e.g.", "etc", "."
            ]
        );
        assert_eq!(
            toks("3.5km $5 US$5 5% 10-20 well-known a/b a.B x,y ...hi hi... hi.."),
            [
                "3.5", "km", "$", "5", "US$", "5", "5", "%", "10", "-", "20", "well", "-", "known",
                "a", "/", "b", "a.", "B", "x", ",", "y", "...", "hi", "hi", "...", "hi", ".."
            ]
        );
        assert_eq!(
            toks("http://www.example.com/foo?a=1. ok www.google.com. x"),
            [
                "http://www.example.com/foo?a=1",
                ".",
                "ok",
                "www.google.com",
                ".",
                "x"
            ]
        );
        assert_eq!(toks("I'm gr8 :-))) <3"), ["I", "'m", "gr8", ":-)))", "<3"]);
        assert_eq!(
            toks("\"Hello,\" she said. 'Yes.'"),
            ["\"", "Hello", ",", "\"", "she", "said", ".", "'", "Yes", ".", "'"]
        );
        assert_eq!(toks("a  b\n\nc \n d"), ["a", "b", "c", "d"]);
        // special-case matcher: in-chunk merge, blocked by a match across a single space
        assert_eq!(toks("''abc"), ["''", "abc"]);
        assert_eq!(toks("x ' ''abc"), ["x", "'", "'", "'", "abc"]);
        assert_eq!(toks("a ''abc"), ["a", "''", "abc"]);
        assert_eq!(toks("' word:)"), ["'", "word", ":)"]);
    }

    #[test]
    fn heuristics_sentencizer_counts() {
        let mut sc = Scratch::default();
        let mut v = vec![];
        let t = &*TOKENIZER;
        assert_eq!(t.count_sentences("Hello world.", &mut sc, &mut v), 1);
        assert_eq!(t.count_sentences("Hello. World!", &mut sc, &mut v), 2);
        assert_eq!(t.count_sentences("Wait... what", &mut sc, &mut v), 1);
        assert_eq!(
            t.count_sentences("He said \"yes.\" Then left.", &mut sc, &mut v),
            2
        );
        // "A." / "B." are tokenizer exceptions (one token), so no sentence break
        assert_eq!(t.count_sentences("A.\tB. C", &mut sc, &mut v), 1);
        // whitespace tokens ("\t", " ") start new sentences after a period
        assert_eq!(
            t.count_sentences("Hi.\tthere.  Yes. no", &mut sc, &mut v),
            4
        );
        assert_eq!(t.count_sentences("The U.S. is big.", &mut sc, &mut v), 1);
    }
}
