//! Character classes (exact code point sets generated from spaCy / Python / datatrove,
//! see `tables.rs`) and small Python-compatible string helpers.

use std::sync::OnceLock;

use super::tables;

/// A set of code points: an ASCII bitmask plus sorted inclusive ranges for the rest,
/// and a bitmap of the Basic Multilingual Plane built on first use (8 KB), so a
/// non-ASCII character of most scripts is one lookup, not a binary search.
pub(super) struct CharClass {
    ascii: [bool; 128],
    ranges: &'static [(u32, u32)],
    bmp: OnceLock<Box<[u64; 1024]>>,
}

impl CharClass {
    pub(super) const fn new(ranges: &'static [(u32, u32)]) -> Self {
        let mut ascii = [false; 128];
        let mut i = 0;
        while i < ranges.len() {
            let (lo, hi) = ranges[i];
            let mut c = lo;
            while c <= hi && c < 128 {
                ascii[c as usize] = true;
                c += 1;
            }
            i += 1;
        }
        CharClass {
            ascii,
            ranges,
            bmp: OnceLock::new(),
        }
    }

    fn bmp(&self) -> &[u64; 1024] {
        self.bmp.get_or_init(|| {
            let mut bits = Box::new([0u64; 1024]);
            for &(lo, hi) in self.ranges {
                for c in lo..=hi.min(0xFFFF) {
                    bits[c as usize >> 6] |= 1 << (c & 63);
                }
            }
            bits
        })
    }

    #[inline]
    pub(super) fn contains(&self, c: char) -> bool {
        let c = c as u32;
        if c < 128 {
            return self.ascii[c as usize];
        }
        self.contains_slow(c)
    }

    #[inline]
    pub(super) fn contains_ascii(&self, b: u8) -> bool {
        b < 128 && self.ascii[b as usize]
    }

    #[inline(never)]
    fn contains_slow(&self, c: u32) -> bool {
        if c <= 0xFFFF {
            return self.bmp()[c as usize >> 6] >> (c & 63) & 1 == 1;
        }
        let r = self.ranges;
        // first range with hi >= c
        let idx = r.partition_point(|&(_, hi)| hi < c);
        idx < r.len() && r[idx].0 <= c
    }
}

pub(super) static ALPHA: CharClass = CharClass::new(tables::ALPHA);
pub(super) static ALPHA_LOWER: CharClass = CharClass::new(tables::ALPHA_LOWER);
pub(super) static ALPHA_UPPER: CharClass = CharClass::new(tables::ALPHA_UPPER);
pub(super) static QUOTES: CharClass = CharClass::new(tables::QUOTES);
pub(super) static ICONS: CharClass = CharClass::new(tables::ICONS);
pub(super) static SUFFIX_DOT_LB: CharClass = CharClass::new(tables::SUFFIX_DOT_LB);
pub(super) static PREFIX_CHARS: CharClass = CharClass::new(tables::PREFIX_CHARS);
pub(super) static SUFFIX_CHARS: CharClass = CharClass::new(tables::SUFFIX_CHARS);
pub(super) static SENT_PUNCT: CharClass = CharClass::new(tables::SENT_PUNCT);
pub(super) static UNICODE_P: CharClass = CharClass::new(tables::UNICODE_P);
pub(super) static PY_ALPHA: CharClass = CharClass::new(tables::PY_ALPHA);
pub(super) static PY_SPACE: CharClass = CharClass::new(tables::PY_SPACE);
pub(super) static DT_PUNCT: CharClass = CharClass::new(tables::DT_PUNCT);
pub(super) static DT_TERMINAL: CharClass = CharClass::new(tables::DT_TERMINAL);
pub(super) static PY_LINEBREAK: CharClass = CharClass::new(tables::PY_LINEBREAK);
pub(super) static DT_SIMPLIFY_PUNCT: CharClass = CharClass::new(tables::DT_SIMPLIFY_PUNCT);
pub(super) static PY_MN: CharClass = CharClass::new(tables::PY_MN);

/// Python `str.isspace()` for one char.
#[inline]
pub(super) fn is_py_space(c: char) -> bool {
    PY_SPACE.contains(c)
}

/// Python `str.strip()` (strips `str.isspace()` characters).
#[inline]
pub(super) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

#[inline]
pub(super) fn py_lstrip(s: &str) -> &str {
    s.trim_start_matches(is_py_space)
}

#[inline]
pub(super) fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// Python `len(s)`: number of code points.
#[inline]
pub(super) fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Bytes that may start a Python line break.
static LINEBREAK_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let lead = [b'\n', 0x0b, 0x0c, b'\r', 0x1c, 0x1d, 0x1e, 0xC2, 0xE2];
    let mut i = 0;
    while i < lead.len() {
        t[lead[i] as usize] = true;
        i += 1;
    }
    t
};

/// Python `str.splitlines()` (no keepends) as an iterator.
pub(super) struct PyLines<'a> {
    s: &'a str,
    pos: usize,
}

pub(super) fn py_splitlines(s: &str) -> PyLines<'_> {
    PyLines { s, pos: 0 }
}

impl<'a> Iterator for PyLines<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.s;
        let b = s.as_bytes();
        let start = self.pos;
        if start >= b.len() {
            return None;
        }
        let mut i = start;
        while i < b.len() {
            let c = b[i];
            if !LINEBREAK_LEAD[c as usize] {
                i += 1;
                continue;
            }
            if c < 0x80 {
                // ASCII line breaks: \n \x0b \x0c \r \x1c \x1d \x1e (\r\n is one break)
                let mut next = i + 1;
                if c == b'\r' && next < b.len() && b[next] == b'\n' {
                    next += 1;
                }
                self.pos = next;
                return Some(&s[start..i]);
            }
            // U+0085 (C2 85), U+2028/U+2029 (E2 80 A8/A9)
            // ok-unwrap: `i` is a char boundary before the end: a char follows.
            let ch = s[i..].chars().next().unwrap();
            let l = ch.len_utf8();
            if PY_LINEBREAK.contains(ch) {
                self.pos = i + l;
                return Some(&s[start..i]);
            }
            i += l;
        }
        self.pos = b.len();
        Some(&s[start..])
    }
}

/// Non-overlapping occurrences of `pat` in `s` (Python `str.count`).
#[inline]
pub(super) fn count_substr(s: &str, pat: &str) -> usize {
    s.matches(pat).count()
}

/// Python `str.lower()` restricted to what matters for ASCII needles: ASCII letters are
/// lowercased, U+212A KELVIN SIGN becomes `k`, U+0130 becomes `i` + U+0307; every other
/// non-ASCII char is kept (no other code point lowercases to something containing ASCII).
pub(super) fn lower_for_ascii_search(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    for c in s.chars() {
        match c {
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            '\u{212A}' => out.push('k'),
            '\u{130}' => out.push_str("i\u{307}"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heuristics_chars_basic() {
        assert!(ALPHA.contains('a') && ALPHA.contains('Z') && !ALPHA.contains('1'));
        assert!(ALPHA_LOWER.contains('é') && !ALPHA_LOWER.contains('É'));
        assert!(PY_SPACE.contains('\u{3000}') && PY_SPACE.contains('\u{1f}'));
        assert!(!PY_SPACE.contains('\u{200b}'));
        assert!(DT_TERMINAL.contains('.') && DT_TERMINAL.contains('。'));
        let v: Vec<_> = py_splitlines("a\r\nb\rc\u{2028}d\n").collect();
        assert_eq!(v, ["a", "b", "c", "d"]);
        assert_eq!(py_splitlines("").count(), 0);
        assert_eq!(py_splitlines("\n").collect::<Vec<_>>(), [""]);
        assert_eq!(py_splitlines("\n\nx").collect::<Vec<_>>(), ["", "", "x"]);
    }

    /// The BMP bitmap answers exactly as the ranges do, for every class and
    /// every code point (and beyond the BMP the ranges answer).
    #[test]
    fn bitmap_equals_ranges() {
        let classes = [
            &ALPHA,
            &ALPHA_LOWER,
            &ALPHA_UPPER,
            &QUOTES,
            &ICONS,
            &SUFFIX_DOT_LB,
            &PREFIX_CHARS,
            &SUFFIX_CHARS,
            &SENT_PUNCT,
            &UNICODE_P,
            &PY_ALPHA,
            &PY_SPACE,
            &DT_PUNCT,
            &DT_TERMINAL,
            &PY_LINEBREAK,
            &DT_SIMPLIFY_PUNCT,
            &PY_MN,
        ];
        for class in classes {
            for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
                let r = class.ranges;
                let i = r.partition_point(|&(_, hi)| hi < c as u32);
                let want = i < r.len() && r[i].0 <= c as u32;
                assert_eq!(class.contains(c), want, "{:x}", c as u32);
            }
        }
    }
}
