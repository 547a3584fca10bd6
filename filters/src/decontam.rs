//! Benchmark decontamination: word n-grams of evaluation passages, hashed,
//! and the first one a document shares with them. The `decontaminate`
//! stage builds an [`EvalGrams`] index from its evaluation sets, writes it
//! ([`EvalGrams::to_bytes`]) where every process that scans the corpus can
//! open it, and calls `curate_contamination(text, 'LOCATION#xxh3=HEX')`,
//! which loads it once per process and file version ([`cached`]).
//!
//! Text is normalized the same way on both sides: lowercased, every
//! character that is neither alphanumeric nor whitespace removed, split on
//! whitespace.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use once_cell::sync::Lazy;

/// Lowercased words with punctuation removed.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn gram_hash(ws: &[String]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(w.as_bytes());
    }
    h.digest()
}

/// The evaluation sets' n-grams: hash -> index of the first set holding it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalGrams {
    pub n: usize,
    pub sets: Vec<String>,
    grams: HashMap<u64, u32>,
}

/// The first line of an index file.
const MAGIC: &[u8] = b"curate-ngrams 1\n";

impl EvalGrams {
    pub fn new(n: usize) -> Self {
        EvalGrams {
            n,
            sets: vec![],
            grams: HashMap::new(),
        }
    }

    /// Distinct n-grams held.
    pub fn len(&self) -> usize {
        self.grams.len()
    }

    pub fn is_empty(&self) -> bool {
        self.grams.is_empty()
    }

    /// Add a passage of set `set` (an index into `sets`); returns its n-grams.
    pub fn add(&mut self, set: u32, text: &str) -> usize {
        let w = words(text);
        if w.len() < self.n {
            return 0;
        }
        for g in w.windows(self.n) {
            self.grams.entry(gram_hash(g)).or_insert(set);
        }
        w.len() - self.n + 1
    }

    /// The first n-gram of `text` found in an evaluation set: (set, words).
    pub fn find(&self, text: &str) -> Option<(&str, String)> {
        let w = words(text);
        if w.len() < self.n {
            return None;
        }
        w.windows(self.n).find_map(|g| {
            self.grams
                .get(&gram_hash(g))
                .map(|&s| (self.sets[s as usize].as_str(), g.join(" ")))
        })
    }

    /// The index as a file: a magic line, a JSON line `{"n": N, "sets":
    /// [...]}`, then (hash u64, set u32) little-endian, sorted by hash (the
    /// same sets give the same bytes, so the same content hash).
    pub fn to_bytes(&self) -> Vec<u8> {
        let head = serde_json::json!({"n": self.n, "sets": self.sets}).to_string();
        let mut v: Vec<(u64, u32)> = self.grams.iter().map(|(h, s)| (*h, *s)).collect();
        v.sort_unstable();
        let mut out = Vec::with_capacity(MAGIC.len() + head.len() + 1 + v.len() * 12);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(head.as_bytes());
        out.push(b'\n');
        for (h, s) in v {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&s.to_le_bytes());
        }
        out
    }

    /// An index from [`Self::to_bytes`]'s bytes.
    pub fn from_bytes(b: &[u8]) -> Result<EvalGrams, String> {
        let rest = b
            .strip_prefix(MAGIC)
            .ok_or("not a curate n-gram index (no header)")?;
        let nl = rest
            .iter()
            .position(|&c| c == b'\n')
            .ok_or("truncated n-gram index (no set line)")?;
        let head: serde_json::Value =
            serde_json::from_slice(&rest[..nl]).map_err(|e| format!("n-gram index header: {e}"))?;
        let n = head["n"]
            .as_u64()
            .filter(|&n| n > 0)
            .ok_or("n-gram index header: no n")? as usize;
        let sets: Vec<String> = head["sets"]
            .as_array()
            .ok_or("n-gram index header: no sets")?
            .iter()
            .map(|s| s.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or("n-gram index header: a set name is not text")?;
        let body = &rest[nl + 1..];
        if body.len() % 12 != 0 {
            return Err(format!(
                "truncated n-gram index ({} bytes of entries, not a multiple of 12)",
                body.len()
            ));
        }
        let mut grams = HashMap::with_capacity(body.len() / 12);
        for e in body.chunks_exact(12) {
            let h = u64::from_le_bytes(e[..8].try_into().map_err(|_| "entry")?);
            let s = u32::from_le_bytes(e[8..].try_into().map_err(|_| "entry")?);
            if s as usize >= sets.len() {
                return Err(format!("n-gram index: set {s} of {}", sets.len()));
            }
            grams.insert(h, s);
        }
        Ok(EvalGrams { n, sets, grams })
    }
}

static CACHE: crate::model_file::Loaded<EvalGrams> = Lazy::new(Default::default);

/// Load the index at `path` once per process (keyed by canonical path and
/// modification time, so a rebuilt index is reloaded).
pub fn cached(path: &Path) -> Result<Arc<EvalGrams>, String> {
    crate::model_file::load_once(&CACHE, path, |p| {
        let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
        EvalGrams::from_bytes(&bytes).map_err(|e| format!("{}: {e}", p.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_and_matching() {
        assert_eq!(
            words("Hello, World!  It's 42."),
            ["hello", "world", "its", "42"]
        );
        let mut g = EvalGrams::new(3);
        g.sets.push("quiz".into());
        assert_eq!(g.add(0, "The quick brown fox jumps"), 3);
        assert_eq!(g.add(0, "too short"), 0);
        let (set, gram) = g.find("Yesterday THE quick, brown dog slept").unwrap();
        assert_eq!((set, gram.as_str()), ("quiz", "the quick brown"));
        assert!(g.find("the quick red fox").is_none());
    }

    #[test]
    fn index_round_trips_and_refuses_damage() {
        let mut g = EvalGrams::new(2);
        g.sets = vec!["a".into(), "b".into()];
        g.add(0, "one two three");
        g.add(1, "two three four five");
        let b = g.to_bytes();
        assert_eq!(EvalGrams::from_bytes(&b).unwrap(), g);
        // The same sets give the same bytes.
        let mut h = EvalGrams::new(2);
        h.sets = g.sets.clone();
        h.add(0, "one two three");
        h.add(1, "two three four five");
        assert_eq!(h.to_bytes(), b);
        assert!(EvalGrams::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(EvalGrams::from_bytes(b"something else").is_err());
    }
}
