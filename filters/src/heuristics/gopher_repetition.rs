//! Port of `datatrove.pipeline.filters.gopher_repetition_filter.GopherRepetitionFilter.filter`.
//!
//! n-grams are never materialised as strings:
//! * `" ".join(words[i:i+n])` (top n-grams) is keyed by mixing per-word hashes; two such
//!   n-grams are equal iff their word sequences are equal (words never contain spaces);
//! * `"".join(words[i:i+n])` (duplicated n-grams) is keyed by a polynomial hash (mod
//!   2^61-1) of the concatenated bytes, computed in O(1) per n-gram from prefix hashes at
//!   word boundaries, so `["ab","c"]` and `["a","bc"]` collide exactly as the Python
//!   strings do.
//!
//! Both use open-addressing tables of 64-bit keys; a false "equal" needs a 61/64-bit
//! hash collision.

use super::chars::{char_len, py_strip};
use super::tokenizer::{FxBuild, Span};
use super::GopherRepetitionConfig;
use std::collections::HashSet;

const M61: u64 = (1 << 61) - 1;
const BASE: u64 = 0x0a2b_3c4d_5e6f_7183 % M61;
const POW_TABLE: usize = 4096;

#[inline]
const fn mulmod(a: u64, b: u64) -> u64 {
    let p = (a as u128) * (b as u128);
    let r = ((p as u64) & M61) + ((p >> 61) as u64);
    if r >= M61 {
        r - M61
    } else {
        r
    }
}

#[inline]
fn addmod(a: u64, b: u64) -> u64 {
    let r = a + b;
    if r >= M61 {
        r - M61
    } else {
        r
    }
}

#[inline]
fn submod(a: u64, b: u64) -> u64 {
    if a >= b {
        a - b
    } else {
        a + M61 - b
    }
}

/// `BASE^i mod M61` for `i < POW_TABLE` (computed at compile time).
static POWS: [u64; POW_TABLE] = {
    let mut v = [0u64; POW_TABLE];
    let mut p = 1u64;
    let mut i = 0;
    while i < POW_TABLE {
        v[i] = p;
        p = mulmod(p, BASE);
        i += 1;
    }
    v
};

#[inline]
fn pow_base(mut e: usize) -> u64 {
    if e < POW_TABLE {
        return POWS[e];
    }
    let mut r = 1u64;
    let mut b = BASE;
    while e > 0 {
        if e & 1 == 1 {
            r = mulmod(r, b);
        }
        b = mulmod(b, b);
        e >>= 1;
    }
    r
}

/// Order-dependent combination of word hashes (a polynomial in 2^64 with an odd base,
/// followed by a xor-shift so that the table index sees all bits).
#[inline]
fn mix(k: u64, x: u64) -> u64 {
    let k = k.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(x);
    k ^ (k >> 29)
}

/// Open-addressing (linear probing) hash table of 56-bit keys: a set (`T = u64`) or a
/// counter (`T = (key, count << 32 | first position)`). The top 8 bits of a stored key
/// hold a generation tag, so `reset` is O(1): slots of older generations read as empty
/// and the allocation is only cleared every 255 resets.
pub(super) struct Table<T> {
    slots: Vec<T>,
    mask: usize,
    shift: u32,
    gen: u64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            slots: Vec::new(),
            mask: 0,
            shift: 0,
            gen: 0,
        }
    }
}

pub(super) trait Slot: Copy + Default {
    fn key(&self) -> u64;
}

impl Slot for u64 {
    #[inline]
    fn key(&self) -> u64 {
        *self
    }
}

impl Slot for (u64, u64) {
    #[inline]
    fn key(&self) -> u64 {
        self.0
    }
}

const KEY_BITS: u64 = (1 << 56) - 1;

impl<T: Slot> Table<T> {
    fn reset(&mut self, n: usize) {
        let cap = (n * 2).next_power_of_two().max(64);
        if self.slots.len() < cap {
            self.slots = vec![T::default(); cap];
            self.gen = 0;
        }
        self.gen += 1;
        if self.gen > 255 {
            self.slots.fill(T::default());
            self.gen = 1;
        }
        self.mask = cap - 1;
        self.shift = 64 - cap.trailing_zeros();
    }

    #[inline]
    fn tag(&self, key: u64) -> u64 {
        (key & KEY_BITS) | (self.gen << 56)
    }

    /// Slot holding `key` (tagged) or the empty slot where it belongs.
    #[inline]
    fn slot(&self, key: u64) -> (usize, bool) {
        let tagged = self.tag(key);
        let slots = &self.slots[..=self.mask];
        let mut i = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize & self.mask;
        loop {
            let k = slots[i].key();
            if k == tagged {
                return (i, true);
            }
            if k >> 56 != self.gen {
                return (i, false);
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Releases memory kept from a huge document.
    pub(super) fn shrink(&mut self) {
        if self.slots.len() > 1 << 20 {
            *self = Table::default();
        }
    }
}

impl Table<u64> {
    /// Inserts `key`; returns true if it was already present.
    #[inline]
    fn insert(&mut self, key: u64) -> bool {
        let (i, found) = self.slot(key);
        if !found {
            self.slots[i] = self.tag(key);
        }
        found
    }
}

impl Table<(u64, u64)> {
    /// Increments the count of `key` (inserting it with `first = pos`); returns
    /// `(count, first)`.
    #[inline]
    fn count(&mut self, key: u64, pos: usize) -> (u64, usize) {
        let (i, found) = self.slot(key);
        let tagged = self.tag(key);
        let e = &mut self.slots[i];
        if found {
            e.1 += 1 << 32;
        } else {
            *e = (tagged, (1 << 32) | pos as u64);
        }
        (e.1 >> 32, (e.1 & 0xffff_ffff) as usize)
    }
}

/// Per-document word data shared by the n-gram rules.
#[derive(Default)]
pub(super) struct Scratch {
    /// cumulative char lengths at word boundaries (len = n_words + 1)
    cl: Vec<u64>,
    /// polynomial prefix hash of the concatenated word bytes at word boundaries
    g: Vec<u64>,
    /// cumulative byte lengths at word boundaries
    off: Vec<u64>,
    /// per-word hash
    wh: Vec<u64>,
    /// n-gram keys of the current pass
    keys: Vec<u64>,
    pub(super) counter: Table<(u64, u64)>,
    pub(super) set: Table<u64>,
}

fn find_duplicates<'a>(items: impl Iterator<Item = &'a str>) -> (usize, usize, usize) {
    let mut seen: HashSet<&str, FxBuild> = HashSet::default();
    let (mut n, mut dup, mut dup_chars) = (0usize, 0usize, 0usize);
    for it in items {
        n += 1;
        if !seen.insert(it) {
            dup += 1;
            dup_chars += char_len(it);
        }
    }
    (n, dup, dup_chars)
}

/// `re.split(r"\n{2,}", s)`
fn split_paragraphs(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut pos = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut i = pos;
        while let Some(k) = find_nl(s, i) {
            let at = i + k;
            if at + 1 < b.len() && b[at + 1] == b'\n' {
                let item = &s[pos..at];
                let mut j = at;
                while j < b.len() && b[j] == b'\n' {
                    j += 1;
                }
                pos = j;
                return Some(item);
            }
            i = at + 1;
        }
        done = true;
        Some(&s[pos..])
    })
}

/// `re.split("\n+", s)`
fn split_newline_runs(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    let mut pos = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let i = match find_nl(s, pos) {
            Some(k) => pos + k,
            None => {
                done = true;
                return Some(&s[pos..]);
            }
        };
        let item = &s[pos..i];
        let mut j = i;
        while j < b.len() && b[j] == b'\n' {
            j += 1;
        }
        pos = j;
        Some(item)
    })
}

/// Offset of the first `'\n'` in `s[from..]` (`str::find(char)` uses `memchr`).
#[inline]
fn find_nl(s: &str, from: usize) -> Option<usize> {
    s[from..].find('\n')
}

pub(super) fn top_ngram_name(n: usize) -> &'static str {
    const NAMES: [&str; 11] = [
        "top_0_gram",
        "top_1_gram",
        "top_2_gram",
        "top_3_gram",
        "top_4_gram",
        "top_5_gram",
        "top_6_gram",
        "top_7_gram",
        "top_8_gram",
        "top_9_gram",
        "top_10_gram",
    ];
    NAMES.get(n).copied().unwrap_or("top_n_gram")
}

pub(super) fn dup_ngram_name(n: usize) -> &'static str {
    const NAMES: [&str; 16] = [
        "duplicated_0_n_grams",
        "duplicated_1_n_grams",
        "duplicated_2_n_grams",
        "duplicated_3_n_grams",
        "duplicated_4_n_grams",
        "duplicated_5_n_grams",
        "duplicated_6_n_grams",
        "duplicated_7_n_grams",
        "duplicated_8_n_grams",
        "duplicated_9_n_grams",
        "duplicated_10_n_grams",
        "duplicated_11_n_grams",
        "duplicated_12_n_grams",
        "duplicated_13_n_grams",
        "duplicated_14_n_grams",
        "duplicated_15_n_grams",
    ];
    NAMES.get(n).copied().unwrap_or("duplicated_n_n_grams")
}

#[inline]
fn on_frac(x: Option<f64>) -> Option<f64> {
    x.filter(|&v| v != 0.0)
}

/// The paragraph / line rules (everything before word tokenization).
pub(super) fn run_lines(
    text: &str,
    text_chars: f64,
    cfg: &GopherRepetitionConfig,
) -> Option<&'static str> {
    if text.is_empty() {
        return Some("empty");
    }
    let (n_par, par_dup, par_chars) = find_duplicates(split_paragraphs(py_strip(text)));
    if let Some(t) = on_frac(cfg.dup_para_frac) {
        if par_dup as f64 / n_par as f64 > t {
            return Some("dup_para_frac");
        }
    }
    if let Some(t) = on_frac(cfg.dup_para_char_frac) {
        if par_chars as f64 / text_chars > t {
            return Some("dup_para_char_frac");
        }
    }
    let (n_lines, line_dup, line_chars) = find_duplicates(split_newline_runs(text));
    if let Some(t) = on_frac(cfg.dup_line_frac) {
        if line_dup as f64 / n_lines as f64 > t {
            return Some("dup_line_frac");
        }
    }
    if let Some(t) = on_frac(cfg.dup_line_char_frac) {
        if line_chars as f64 / text_chars > t {
            return Some("dup_line_char_frac");
        }
    }
    None
}

/// The n-gram rules.
pub(super) fn run_ngrams(
    text: &str,
    text_chars: f64,
    words: &[Span],
    cfg: &GopherRepetitionConfig,
    sc: &mut Scratch,
) -> Option<&'static str> {
    let nw = words.len();
    sc.cl.clear();
    sc.g.clear();
    sc.off.clear();
    sc.wh.clear();
    sc.cl.push(0);
    sc.g.push(0);
    sc.off.push(0);
    let (mut cl, mut g, mut off) = (0u64, 0u64, 0u64);
    for &(s, e) in words {
        let w = &text.as_bytes()[s as usize..e as usize];
        let mut h = 0u64;
        for &c in w {
            h = addmod(mulmod(h, BASE), c as u64 + 1);
        }
        let len = w.len();
        g = addmod(mulmod(g, pow_base(len)), h);
        off += len as u64;
        cl += if w.is_ascii() {
            len as u64
        } else {
            text[s as usize..e as usize].chars().count() as u64
        };
        sc.cl.push(cl);
        sc.g.push(g);
        sc.off.push(off);
        // word identity for the space-joined n-grams: content hash + length
        sc.wh.push(mix(h, len as u64) | 1);
    }

    for &(n, frac) in &cfg.top_n_grams {
        if n == 0 || nw < n {
            continue;
        }
        let t = &mut sc.counter;
        t.reset(nw - n + 1);
        let (mut best_count, mut best_first) = (0u64, 0usize);
        for (i, w) in sc.wh.windows(n).enumerate() {
            let k = w[1..].iter().fold(w[0], |k, &x| mix(k, x));
            let (c, first) = t.count(k, i);
            // Counter.most_common(1): max count, ties -> first inserted
            if c > best_count || (c == best_count && first < best_first) {
                best_count = c;
                best_first = first;
            }
        }
        let ngram_chars = sc.cl[best_first + n] - sc.cl[best_first] + (n as u64 - 1);
        if (ngram_chars * best_count) as f64 / text_chars > frac {
            return Some(top_ngram_name(n));
        }
    }

    for &(n, frac) in &cfg.dup_n_grams {
        if n == 0 {
            continue;
        }
        let mut repeated = 0u64;
        if nw >= n {
            let count = nw - n + 1;
            // keys of "".join(words[i:i+n]): 56 bits of the 61-bit hash mixed with the
            // byte length
            sc.keys.clear();
            sc.keys.extend(
                sc.g[n..]
                    .iter()
                    .zip(&sc.g)
                    .zip(sc.off[n..].iter().zip(&sc.off))
                    .map(|((&gb, &ga), (&ob, &oa))| {
                        let len = (ob - oa) as usize;
                        mix(submod(gb, mulmod(ga, pow_base(len))), len as u64)
                    }),
            );
            let keys = &sc.keys[..count];
            let t = &mut sc.set;
            t.reset(count);
            let mut idx = 0usize;
            while idx < count {
                if t.insert(keys[idx]) {
                    repeated += sc.cl[idx + n] - sc.cl[idx];
                    idx += n;
                    if repeated as f64 / text_chars > frac {
                        // `repeated / len(text) > frac` can only stay true from here on
                        break;
                    }
                } else {
                    idx += 1;
                }
            }
        }
        if repeated as f64 / text_chars > frac {
            return Some(dup_ngram_name(n));
        }
    }
    None
}
