//! MinHash signatures and LSH band keys for near-duplicate detection.
//!
//! Two shingling schemes share the LSH machinery ([`Scheme`]):
//!
//! * [`Scheme::Datatrove`] (the default) reproduces datatrove's
//!   `MinhashDedupSignature` bit for bit, so a corpus deduplicated here matches
//!   FineWeb's recipe: `simplify_text` (lowercase, digit runs -> `0`,
//!   punctuation -> space, whitespace collapsed, accents removed; see
//!   [`crate::heuristics::simplify_text`]), spaCy's English word tokenizer
//!   (the port in [`crate::heuristics`]), word 5-grams joined by one space and
//!   hashed with xxHash64 (seed 0); a document with fewer than 5 words has no
//!   shingles and is never a near duplicate. The hash functions are
//!   `h_i(x) = ((a_i * x + b_i) mod 2^64) mod (2^61 - 1)` (numpy's uint64
//!   arithmetic wraps) with `a_i`, `b_i` drawn exactly as
//!   `np.random.RandomState(seed).randint(1 | 0, 2^61 - 1, dtype=uint64)`.
//! * [`Scheme::Fast`] is described step by step below.
//!
//! `Scheme::Fast` for one document:
//!
//! 1. **Normalization**: Unicode lowercase; every character that is neither
//!    alphanumeric nor whitespace (punctuation, symbols) is removed; words are
//!    the runs of non-whitespace left (so every run of whitespace collapses to
//!    one separator and leading/trailing whitespace is ignored). Accents are
//!    kept. `"Hello,  WORLD!"` and `"hello world"` are the same two words.
//! 2. **Shingles**: every run of `ngram` (5) consecutive words, hashed to a
//!    u64 with xxh3 (of the words' xxh3 hashes); a document with fewer than
//!    `ngram` words (but at least one) is one shingle of all its words; a
//!    document with no words has no shingles, no signature and no bands: it is
//!    never a near-duplicate of anything (exact dedup handles empty texts).
//!    The shingle *set* is what MinHash compares (repeats count once).
//! 3. **MinHash**: `num_hashes` (112) universal hash functions
//!    `h_i(x) = (a_i * x + b_i) mod (2^61 - 1)` with `a_i`, `b_i` drawn from a
//!    splitmix64 generator seeded with `seed` (deterministic across runs and
//!    machines); the signature is the minimum of each `h_i` over the shingles.
//!    For two documents the probability that `sig_a[i] == sig_b[i]` is their
//!    Jaccard similarity `s` of the shingle sets.
//! 4. **LSH bands**: the signature is cut into `bands` (14) bands of `rows`
//!    (8) values; band `j`'s key is the xxh3 of `(j, its 8 values)`. Two
//!    documents become *candidates* when any band key is equal, which happens
//!    with probability `P(s) = 1 - (1 - s^rows)^bands`. For 14 x 8:
//!
//! | Jaccard `s` | 0.5   | 0.6   | 0.7   | 0.8   | 0.9    |
//! |-------------|-------|-------|-------|-------|--------|
//! | `P(s)`      | 0.053 | 0.211 | 0.565 | 0.924 | 0.9996 |
//!
//! (the S-curve's midpoint is near s = 0.7; pairs at s >= 0.8 are found with
//! probability >= 92% each, and clusters of several copies almost surely).

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};
use xxhash_rust::xxh64::xxh64;

/// How documents become shingles and how the hash functions are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// datatrove / FineWeb: `simplify_text`, spaCy English words, xxHash64
    /// of the space-joined 5-gram, numpy-drawn parameters (see module docs).
    #[default]
    Datatrove,
    /// Whitespace words stripped of non-alphanumerics, xxh3 shingles,
    /// splitmix64-drawn parameters; a text of 1-4 words is one shingle.
    Fast,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Datatrove => "datatrove",
            Scheme::Fast => "fast",
        }
    }
}

/// The Mersenne prime 2^61 - 1, modulus of the universal hash functions.
pub const MERSENNE_61: u64 = (1 << 61) - 1;

/// MinHash / LSH parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MinHashConfig {
    /// Words per shingle.
    pub ngram: usize,
    /// Bands; `bands * rows` is the number of hash functions.
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
    /// Seed of the hash functions' parameters.
    pub seed: u64,
    /// Shingling and hash-function scheme.
    pub scheme: Scheme,
}

impl Default for MinHashConfig {
    /// FineWeb's settings: 5-grams, 112 hashes as 14 bands of 8.
    fn default() -> Self {
        MinHashConfig {
            ngram: 5,
            bands: 14,
            rows: 8,
            seed: 1,
            scheme: Scheme::Datatrove,
        }
    }
}

impl MinHashConfig {
    pub fn num_hashes(&self) -> usize {
        self.bands * self.rows
    }

    /// The configuration as one string, e.g.
    /// `scheme=datatrove,ngram=5,bands=14,rows=8,seed=1`: the literal
    /// argument of `curate_minhash_signature(text, spec)`, so a function
    /// resolved by name (on a Ballista executor) computes with the stage's
    /// settings, not the registry's defaults.
    pub fn spec(&self) -> String {
        format!(
            "scheme={},ngram={},bands={},rows={},seed={}",
            self.scheme.name(),
            self.ngram,
            self.bands,
            self.rows,
            self.seed
        )
    }

    /// Parse [`MinHashConfig::spec`]'s form (every key once, in any order).
    pub fn from_spec(spec: &str) -> Result<MinHashConfig, String> {
        let (mut scheme, mut ngram, mut bands, mut rows, mut seed) = (None, None, None, None, None);
        for part in spec.split(',') {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` is not key=value"))?;
            let num = || {
                v.trim()
                    .parse::<u64>()
                    .map_err(|_| format!("`{k}`: `{v}` is not a number"))
            };
            match k.trim() {
                "scheme" => {
                    scheme = Some(match v.trim() {
                        "datatrove" => Scheme::Datatrove,
                        "fast" => Scheme::Fast,
                        other => return Err(format!("unknown scheme `{other}`")),
                    })
                }
                "ngram" => ngram = Some(num()? as usize),
                "bands" => bands = Some(num()? as usize),
                "rows" => rows = Some(num()? as usize),
                "seed" => seed = Some(num()?),
                other => return Err(format!("unknown key `{other}`")),
            }
        }
        let missing = |k: &str| format!("`{k}` is missing");
        let cfg = MinHashConfig {
            scheme: scheme.ok_or_else(|| missing("scheme"))?,
            ngram: ngram.ok_or_else(|| missing("ngram"))?,
            bands: bands.ok_or_else(|| missing("bands"))?,
            rows: rows.ok_or_else(|| missing("rows"))?,
            seed: seed.ok_or_else(|| missing("seed"))?,
        };
        if cfg.ngram == 0 || cfg.bands == 0 || cfg.rows == 0 {
            return Err("ngram, bands and rows must be at least 1".into());
        }
        Ok(cfg)
    }

    /// Probability that two documents of Jaccard similarity `s` share at
    /// least one band key: `1 - (1 - s^rows)^bands`.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// A configured hasher: the config plus the drawn hash-function parameters.
#[derive(Debug, Clone)]
pub struct MinHasher {
    cfg: MinHashConfig,
    /// `(a, b)` per hash function, `1 <= a < p`, `0 <= b < p`.
    params: Vec<(u64, u64)>,
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// numpy's legacy `RandomState` generator (MT19937 with `init_genrand`
/// seeding), enough of it to reproduce `randint(low, high, dtype=uint64)`.
struct NumpyRandomState {
    mt: [u32; 624],
    pos: usize,
}

impl NumpyRandomState {
    /// `np.random.RandomState(seed)` for a seed in `0..2^32`.
    fn new(seed: u32) -> Self {
        let mut mt = [0u32; 624];
        mt[0] = seed;
        for i in 1..624 {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        NumpyRandomState { mt, pos: 624 }
    }

    fn next_u32(&mut self) -> u32 {
        if self.pos >= 624 {
            for i in 0..624 {
                let y = (self.mt[i] & 0x8000_0000) | (self.mt[(i + 1) % 624] & 0x7fff_ffff);
                let mut v = self.mt[(i + 397) % 624] ^ (y >> 1);
                if y & 1 == 1 {
                    v ^= 0x9908_b0df;
                }
                self.mt[i] = v;
            }
            self.pos = 0;
        }
        let mut y = self.mt[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn next_u64(&mut self) -> u64 {
        let hi = self.next_u32() as u64;
        (hi << 32) | self.next_u32() as u64
    }

    /// `randint(low, high, dtype=np.uint64)` for `high - low > 2^32`: numpy's
    /// masked rejection sampling (`random_bounded_uint64_fill`, `use_masked`).
    fn randint_u64(&mut self, low: u64, high: u64) -> u64 {
        let rng = high - 1 - low;
        debug_assert!(rng > u32::MAX as u64);
        let mask = u64::MAX >> rng.leading_zeros();
        loop {
            let v = self.next_u64() & mask;
            if v <= rng {
                return low + v;
            }
        }
    }
}

/// datatrove's shingles: xxHash64 of each space-joined word `ngram`-gram of
/// `simplify_text(text)` split by the spaCy English tokenizer; none when the
/// text has fewer than `ngram` words. Sorted and distinct.
pub fn datatrove_shingles(text: &str, ngram: usize) -> Vec<u64> {
    let ngram = ngram.max(1);
    let simple = crate::heuristics::simplify_text(text);
    let words = crate::heuristics::split_into_words(&simple);
    if words.len() < ngram {
        return vec![];
    }
    let mut buf = String::new();
    let mut out: Vec<u64> = words
        .windows(ngram)
        .map(|ws| {
            buf.clear();
            for (i, w) in ws.iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(w);
            }
            xxh64(buf.as_bytes(), 0)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `v mod (2^61 - 1)` for any u64 (numpy's `% p` on uint64): `2^61 = 1`
/// modulo the prime, so `v = q 2^61 + r` folds to `q + r <= p + 7`, and one
/// subtraction finishes. Cheaper than the division `%` compiles to.
#[inline(always)]
fn mod_m61_u64(v: u64) -> u64 {
    let s = (v & MERSENNE_61) + (v >> 61);
    if s >= MERSENNE_61 {
        s - MERSENNE_61
    } else {
        s
    }
}

/// `v mod (2^61 - 1)` for `v < 2^125`.
#[inline]
fn mod_m61(v: u128) -> u64 {
    let p = MERSENNE_61 as u128;
    let s = (v & p) + (v >> 61);
    let s = (s & p) + (s >> 61);
    let s = s as u64;
    if s >= MERSENNE_61 {
        s - MERSENNE_61
    } else {
        s
    }
}

/// The words of a text after normalization (see the module docs).
pub fn normalized_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().filter_map(|w| {
        let mut out = String::with_capacity(w.len());
        for c in w.chars().filter(|c| c.is_alphanumeric()) {
            out.extend(c.to_lowercase());
        }
        (!out.is_empty()).then_some(out)
    })
}

/// The normalized text: normalized words joined by single spaces.
pub fn normalize(text: &str) -> String {
    normalized_words(text).collect::<Vec<_>>().join(" ")
}

/// The shingle set of a text: sorted, distinct u64 hashes of its word
/// `ngram`-grams (see the module docs).
pub fn shingles(text: &str, ngram: usize) -> Vec<u64> {
    let ngram = ngram.max(1);
    let words: Vec<u64> = normalized_words(text)
        .map(|w| xxh3_64(w.as_bytes()))
        .collect();
    if words.is_empty() {
        return vec![];
    }
    let hash = |ws: &[u64]| {
        let mut bytes = Vec::with_capacity(ws.len() * 8);
        for w in ws {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        xxh3_64(&bytes)
    };
    let mut out: Vec<u64> = if words.len() < ngram {
        vec![hash(&words)]
    } else {
        words.windows(ngram).map(hash).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, distinct shingle sets.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

impl MinHasher {
    /// Draws the hash functions' parameters. For [`Scheme::Datatrove`] the
    /// seed must be below 2^32 (numpy's limit; larger seeds are reduced mod
    /// 2^32).
    pub fn new(cfg: MinHashConfig) -> Self {
        let n = cfg.num_hashes();
        let params = match cfg.scheme {
            Scheme::Fast => {
                let mut state = cfg.seed;
                (0..n)
                    .map(|_| {
                        let a = 1 + splitmix64(&mut state) % (MERSENNE_61 - 1);
                        let b = splitmix64(&mut state) % MERSENNE_61;
                        (a, b)
                    })
                    .collect()
            }
            Scheme::Datatrove => {
                // gen.randint(1, p, size=n) then gen.randint(0, p, size=n).
                let mut gen = NumpyRandomState::new(cfg.seed as u32);
                let a: Vec<u64> = (0..n).map(|_| gen.randint_u64(1, MERSENNE_61)).collect();
                let b: Vec<u64> = (0..n).map(|_| gen.randint_u64(0, MERSENNE_61)).collect();
                a.into_iter().zip(b).collect()
            }
        };
        MinHasher { cfg, params }
    }

    /// The shingle set of a text under the configured scheme (sorted,
    /// distinct).
    pub fn shingles(&self, text: &str) -> Vec<u64> {
        match self.cfg.scheme {
            Scheme::Fast => shingles(text, self.cfg.ngram),
            Scheme::Datatrove => datatrove_shingles(text, self.cfg.ngram),
        }
    }

    pub fn config(&self) -> &MinHashConfig {
        &self.cfg
    }

    /// MinHash signature of a shingle set (`num_hashes` values), or `None`
    /// for an empty set.
    pub fn signature_of(&self, shingles: &[u64]) -> Option<Vec<u64>> {
        if shingles.is_empty() {
            return None;
        }
        let mut sig = vec![u64::MAX; self.params.len()];
        match self.cfg.scheme {
            Scheme::Fast => {
                for &x in shingles {
                    let x = (x % MERSENNE_61) as u128;
                    for (m, &(a, b)) in sig.iter_mut().zip(&self.params) {
                        let h = mod_m61(a as u128 * x + b as u128);
                        if h < *m {
                            *m = h;
                        }
                    }
                }
            }
            Scheme::Datatrove => {
                // numpy: (shingles * a + b) % p in wrapping uint64.
                for &x in shingles {
                    for (m, &(a, b)) in sig.iter_mut().zip(&self.params) {
                        let h = mod_m61_u64(x.wrapping_mul(a).wrapping_add(b));
                        if h < *m {
                            *m = h;
                        }
                    }
                }
            }
        }
        Some(sig)
    }

    /// MinHash signature of a text, `None` when it has no words.
    pub fn signature(&self, text: &str) -> Option<Vec<u64>> {
        self.signature_of(&self.shingles(text))
    }

    /// The `bands` LSH keys of a signature.
    pub fn band_keys(&self, sig: &[u64]) -> Vec<u64> {
        sig.chunks(self.cfg.rows)
            .take(self.cfg.bands)
            .enumerate()
            .map(|(band, vals)| {
                let mut bytes = Vec::with_capacity(vals.len() * 8);
                for v in vals {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, band as u64)
            })
            .collect()
    }

    /// Band keys of a text (`bands` values), `None` when it has no words.
    pub fn bands(&self, text: &str) -> Option<Vec<u64>> {
        self.signature(text).map(|s| self.band_keys(&s))
    }
}

/// MinHash estimate of the Jaccard similarity: the share of equal values.
pub fn estimated_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f64 / a.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Once upon a time, in a big forest, there lived a rhinoceros named Roxy. \
        Roxy loved to climb. She climbed trees, rocks, and hills. One day, Roxy found an icy hill. \
        She had never seen anything like it before. It was shiny and cold, and she wanted to climb it.";

    fn words(n: usize, seed: u64) -> Vec<String> {
        let mut s = seed;
        (0..n)
            .map(|_| format!("w{}", splitmix64(&mut s) % 5000))
            .collect()
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize("  Hello,  WORLD!\n\tdon't  -- stop. "),
            "hello world dont stop"
        );
        assert_eq!(normalize("École été"), "école été");
        assert_eq!(
            shingles("Hello, World! A b c.", 5),
            shingles("hello world a b c", 5)
        );
        assert_eq!(shingles("a b", 5).len(), 1);
        assert!(shingles(" ... !!", 5).is_empty());
        assert_eq!(shingles("a b c d e f", 5).len(), 2);
    }

    #[test]
    fn identical_docs_same_bands() {
        let h = MinHasher::new(MinHashConfig::default());
        let b1 = h.bands(TEXT).unwrap();
        let b2 = h.bands(&TEXT.to_uppercase().replace(',', " ")).unwrap();
        assert_eq!(b1.len(), 14);
        assert_eq!(b1, b2);
        // Deterministic across hasher instances.
        assert_eq!(
            MinHasher::new(MinHashConfig::default())
                .bands(TEXT)
                .unwrap(),
            b1
        );
        assert!(h.bands("").is_none());
    }

    fn fast() -> MinHashConfig {
        MinHashConfig {
            scheme: Scheme::Fast,
            ..Default::default()
        }
    }

    #[test]
    fn fast_mod_equals_remainder() {
        let mut state = 7u64;
        let mut vals = vec![
            0,
            1,
            MERSENNE_61 - 1,
            MERSENNE_61,
            MERSENNE_61 + 1,
            u64::MAX,
        ];
        vals.extend((0..8u64).flat_map(|q| [q << 61, (q << 61) | MERSENNE_61, (q << 61) + 6]));
        vals.extend((0..100_000).map(|_| splitmix64(&mut state)));
        for v in vals {
            assert_eq!(mod_m61_u64(v), v % MERSENNE_61, "{v}");
        }
    }

    #[test]
    fn spec_round_trips_and_rejects_bad_specs() {
        for c in [MinHashConfig::default(), fast()] {
            assert_eq!(MinHashConfig::from_spec(&c.spec()).unwrap(), c);
        }
        assert_eq!(
            MinHashConfig::default().spec(),
            "scheme=datatrove,ngram=5,bands=14,rows=8,seed=1"
        );
        for bad in [
            "",
            "scheme=datatrove",
            "scheme=x,ngram=5,bands=14,rows=8,seed=1",
            "scheme=fast,ngram=0,bands=14,rows=8,seed=1",
            "scheme=fast,ngram=5,bands=14,rows=8,seed=-1",
            "scheme=fast,ngram=5,bands=14,rows=8,seed=1,extra=2",
        ] {
            assert!(MinHashConfig::from_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn disjoint_docs_different_bands() {
        let h = MinHasher::new(fast());
        let a = words(200, 1).join(" ");
        let b = words(200, 2).join(" ");
        let (ba, bb) = (h.bands(&a).unwrap(), h.bands(&b).unwrap());
        assert!(ba.iter().zip(&bb).all(|(x, y)| x != y));
        let sa = h.signature(&a).unwrap();
        let sb = h.signature(&b).unwrap();
        assert!(estimated_jaccard(&sa, &sb) < 0.1);
    }

    #[test]
    fn estimated_jaccard_close_to_exact() {
        let h = MinHasher::new(MinHashConfig {
            bands: 32,
            rows: 8,
            ..fast()
        });
        let base = words(400, 7);
        let mut s = 99u64;
        for replace_every in [3usize, 10, 30, 100] {
            let mut edited = base.clone();
            for (i, w) in edited.iter_mut().enumerate() {
                if i % replace_every == (splitmix64(&mut s) % replace_every as u64) as usize {
                    *w = format!("x{i}");
                }
            }
            let (a, b) = (base.join(" "), edited.join(" "));
            let exact = jaccard(&shingles(&a, 5), &shingles(&b, 5));
            let est = estimated_jaccard(&h.signature(&a).unwrap(), &h.signature(&b).unwrap());
            // 256 hashes: standard error <= 0.032.
            assert!(
                (exact - est).abs() < 0.1,
                "every {replace_every}: exact {exact:.3}, estimated {est:.3}"
            );
        }
    }

    #[test]
    fn numpy_random_state_parameters() {
        // np.random.RandomState(1): randint(1, p, uint64, 112), randint(0, p, ...).
        let h = MinHasher::new(MinHashConfig::default());
        let a: Vec<u64> = h.params.iter().map(|p| p.0).collect();
        let b: Vec<u64> = h.params.iter().map(|p| p.1).collect();
        assert_eq!(
            a[..3],
            [775169054918279404, 1758426461858698313, 2109959069025162]
        );
        assert_eq!(a[111], 223865076026037746);
        assert_eq!(
            b[..3],
            [
                1062448801025099917,
                1324811268927594100,
                1217488311597731462
            ]
        );
        assert_eq!(b[111], 1097409548522419201);
        let mut g = NumpyRandomState::new(42);
        let v: Vec<u64> = (0..4).map(|_| g.randint_u64(1, MERSENNE_61)).collect();
        assert_eq!(
            v,
            [
                2297359619001564596,
                1396682528897996047,
                1973689801170867272,
                1819927849474927637
            ]
        );
    }

    #[test]
    fn datatrove_signatures() {
        // Values printed by datatrove 0.10.1's MinhashDedupSignature
        // (get_shingles / get_signature, default MinhashConfig).
        assert_eq!(xxh64(b"hello world foo bar baz", 0), 5587187255992174781);
        let h = MinHasher::new(MinHashConfig::default());
        let cases: [(&str, usize, [u64; 3], u64); 2] = [
            (
                TEXT,
                46,
                [42106375643581428, 60915883219011009, 7663159564241890],
                1169988380260697,
            ),
            (
                "Le café coûte 3,50 € — c'est cher!  Très cher, vraiment cher aujourd'hui.",
                10,
                [80585948298791853, 39472784507467720, 100296740320527560],
                232147836833716800,
            ),
        ];
        for (text, n, first, last) in cases {
            assert_eq!(h.shingles(text).len(), n, "{text}");
            let sig = h.signature(text).unwrap();
            assert_eq!(sig[..3], first, "{text}");
            assert_eq!(sig[111], last, "{text}");
        }
        assert!(h.signature("four words only here").is_none());
    }

    #[test]
    fn s_curve_matches_docs() {
        let c = MinHashConfig::default();
        assert_eq!(c.num_hashes(), 112);
        let p: Vec<String> = [0.5, 0.6, 0.7, 0.8, 0.9]
            .iter()
            .map(|&s| format!("{:.3}", c.candidate_probability(s)))
            .collect();
        assert_eq!(p, ["0.053", "0.211", "0.565", "0.924", "1.000"]);
        assert!((c.candidate_probability(0.9) - 0.9996).abs() < 1e-4);
    }

    #[test]
    fn mod_m61_is_mod() {
        for v in [
            0u128,
            1,
            MERSENNE_61 as u128,
            (1u128 << 124) + 12345,
            u64::MAX as u128 * 3,
        ] {
            assert_eq!(mod_m61(v) as u128, v % MERSENNE_61 as u128);
        }
    }
}
