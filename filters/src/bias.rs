//! Lexicon-based identity mentions and a dataset-level bias audit.
//!
//! The word lists live in `filters/lexicons/` (see its README for sources):
//! one file per identity axis, gendered terms, occupations. A document's
//! words are lowercased and matched longest phrase first (up to three
//! words), so "african american" counts once, not as two mentions.

use std::collections::{BTreeMap, HashMap};

use once_cell::sync::Lazy;

/// The identity axes, in the order of the `identity_mentions` struct.
pub const AXES: [&str; 7] = [
    "gender",
    "race_ethnicity",
    "religion",
    "nationality",
    "age",
    "disability",
    "sexual_orientation",
];

const AXIS_FILES: [&str; 7] = [
    include_str!("../lexicons/gender.txt"),
    include_str!("../lexicons/race_ethnicity.txt"),
    include_str!("../lexicons/religion.txt"),
    include_str!("../lexicons/nationality.txt"),
    include_str!("../lexicons/age.txt"),
    include_str!("../lexicons/disability.txt"),
    include_str!("../lexicons/sexual_orientation.txt"),
];
const FEMALE: &str = include_str!("../lexicons/gendered_female.txt");
const MALE: &str = include_str!("../lexicons/gendered_male.txt");
const OCCUPATIONS: &str = include_str!("../lexicons/occupations.txt");

/// Longest phrase, in words, of any lexicon.
const MAX_WORDS: usize = 3;

/// Words either side of an occupation that count as "near" it.
pub const WINDOW: usize = 10;

fn terms(file: &str) -> impl Iterator<Item = String> + '_ {
    file.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| words(l).join(" "))
        .filter(|t| !t.is_empty())
}

/// Lowercased words of a text (the text is lowercased, then split).
pub fn words(text: &str) -> Vec<String> {
    split_words(&text.to_lowercase())
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Words: runs of letters and digits, with apostrophes inside a word kept
/// ("don't", "o'neill"); everything else separates ("african-american" is
/// two words). Several times faster than UAX #29 segmentation, and the same
/// on the English text the lexicons are for.
fn split_words(s: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut start: Option<usize> = None;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if (c == '\'' || c == '\u{2019}')
            && start.is_some()
            && it.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            // an apostrophe inside a word
        } else if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// What a phrase is in the lexicons.
#[derive(Default, Clone)]
struct Entry {
    /// Bit i: the phrase mentions axis i.
    axes: u8,
    female: bool,
    male: bool,
    occupation: bool,
    /// The first word of a phrase of two or more words.
    starts_phrase: bool,
}

impl Entry {
    fn is_term(&self) -> bool {
        self.axes != 0 || self.female || self.male || self.occupation
    }
}

type Map = HashMap<String, Entry, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

struct Lexicons {
    /// Every term, and the first word of every multi-word term.
    phrases: Map,
}

static LEX: Lazy<Lexicons> = Lazy::new(|| {
    let mut phrases = Map::default();
    for (i, f) in AXIS_FILES.iter().enumerate() {
        for t in terms(f) {
            phrases.entry(t).or_default().axes |= 1 << i;
        }
    }
    for t in terms(FEMALE) {
        phrases.entry(t).or_default().female = true;
    }
    for t in terms(MALE) {
        phrases.entry(t).or_default().male = true;
    }
    for t in terms(OCCUPATIONS) {
        phrases.entry(t).or_default().occupation = true;
    }
    let starts: Vec<String> = phrases
        .keys()
        .filter_map(|p| p.split_once(' ').map(|(w, _)| w.to_string()))
        .collect();
    for w in starts {
        phrases.entry(w).or_default().starts_phrase = true;
    }
    Lexicons { phrases }
});

/// One matched phrase: its words' span and entry.
struct Hit<'a> {
    start: usize,
    phrase: String,
    entry: &'a Entry,
}

fn matches(text: &str) -> Vec<Hit<'static>> {
    let lex = &*LEX;
    let lower = text.to_lowercase();
    let ws: Vec<&str> = split_words(&lower);
    let mut out = vec![];
    let mut buf = String::new();
    let mut i = 0;
    while i < ws.len() {
        let mut found = None;
        let one = lex.phrases.get(ws[i]);
        // Longer phrases first, built only after a word that starts one.
        if one.is_some_and(|e| e.starts_phrase) {
            for n in (2..=MAX_WORDS.min(ws.len() - i)).rev() {
                buf.clear();
                buf.push_str(ws[i]);
                for w in &ws[i + 1..i + n] {
                    buf.push(' ');
                    buf.push_str(w);
                }
                if let Some(e) = lex.phrases.get(buf.as_str()).filter(|e| e.is_term()) {
                    found = Some((n, buf.clone(), e));
                    break;
                }
            }
        }
        if found.is_none() {
            if let Some(e) = one.filter(|e| e.is_term()) {
                found = Some((1, ws[i].to_string(), e));
            }
        }
        match found {
            Some((n, phrase, entry)) => {
                out.push(Hit {
                    start: i,
                    phrase,
                    entry,
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// Mentions per axis (in [`AXES`] order) in one text.
pub fn identity_mentions(text: &str) -> [u32; 7] {
    let mut c = [0u32; 7];
    for h in matches(text) {
        for (i, n) in c.iter_mut().enumerate() {
            if h.entry.axes & (1 << i) != 0 {
                *n += 1;
            }
        }
    }
    c
}

/// Dataset-level audit: mentions per axis and term, and gendered terms near
/// occupations.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Audit {
    pub docs: u64,
    /// Documents with at least one mention, per axis.
    pub docs_mentioning: [u64; 7],
    /// Mentions per axis and term.
    pub terms: [BTreeMap<String, u64>; 7],
    /// Per occupation term: (female terms, male terms) within
    /// [`WINDOW`] words of it.
    pub occupations: BTreeMap<String, (u64, u64)>,
}

impl Audit {
    pub fn add(&mut self, text: &str) {
        self.docs += 1;
        let hits = matches(text);
        let mut seen = 0u8;
        for h in &hits {
            for (i, t) in self.terms.iter_mut().enumerate() {
                if h.entry.axes & (1 << i) != 0 {
                    *t.entry(h.phrase.clone()).or_default() += 1;
                    seen |= 1 << i;
                }
            }
        }
        for (i, d) in self.docs_mentioning.iter_mut().enumerate() {
            if seen & (1 << i) != 0 {
                *d += 1;
            }
        }
        for (k, h) in hits.iter().enumerate() {
            if !h.entry.occupation {
                continue;
            }
            let (mut f, mut m) = (0, 0);
            // Hits are in text order: look left and right until out of the window.
            for o in hits[..k].iter().rev() {
                if h.start - o.start > WINDOW {
                    break;
                }
                f += o.entry.female as u64;
                m += o.entry.male as u64;
            }
            for o in &hits[k + 1..] {
                if o.start - h.start > WINDOW {
                    break;
                }
                f += o.entry.female as u64;
                m += o.entry.male as u64;
            }
            let e = self.occupations.entry(h.phrase.clone()).or_default();
            e.0 += f;
            e.1 += m;
        }
    }

    pub fn merge(&mut self, o: &Audit) {
        self.docs += o.docs;
        for i in 0..7 {
            self.docs_mentioning[i] += o.docs_mentioning[i];
            for (t, n) in &o.terms[i] {
                *self.terms[i].entry(t.clone()).or_default() += n;
            }
        }
        for (t, (f, m)) in &o.occupations {
            let e = self.occupations.entry(t.clone()).or_default();
            e.0 += f;
            e.1 += m;
        }
    }

    /// Occupations with at least `min` gendered terms near them, as
    /// (term, female, male, female share), most female-skewed first.
    pub fn skew(&self, min: u64) -> Vec<(String, u64, u64, f64)> {
        let mut v: Vec<_> = self
            .occupations
            .iter()
            .filter(|(_, (f, m))| f + m >= min.max(1))
            .map(|(t, (f, m))| (t.clone(), *f, *m, *f as f64 / (f + m) as f64))
            .collect();
        v.sort_by(|a, b| b.3.total_cmp(&a.3).then(a.0.cmp(&b.0)));
        v
    }

    /// Every count, for storing partial audits and merging them later
    /// ([`Audit::from_raw`] reads it back).
    pub fn to_raw(&self) -> serde_json::Value {
        serde_json::json!({
            "docs": self.docs,
            "docs_mentioning": self.docs_mentioning,
            "terms": self.terms,
            "occupations": self.occupations,
        })
    }

    pub fn from_raw(v: &serde_json::Value) -> Option<Audit> {
        let mut a = Audit {
            docs: v["docs"].as_u64()?,
            ..Default::default()
        };
        for i in 0..7 {
            a.docs_mentioning[i] = v["docs_mentioning"][i].as_u64()?;
            for (t, n) in v["terms"][i].as_object()? {
                a.terms[i].insert(t.clone(), n.as_u64()?);
            }
        }
        for (t, fm) in v["occupations"].as_object()? {
            a.occupations
                .insert(t.clone(), (fm[0].as_u64()?, fm[1].as_u64()?));
        }
        Some(a)
    }

    /// The audit as JSON (the `bias` stage writes it beside its shards).
    pub fn to_json(&self) -> serde_json::Value {
        let axes: serde_json::Map<String, serde_json::Value> = AXES
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut terms: Vec<(&String, &u64)> = self.terms[i].iter().collect();
                terms.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
                (
                    a.to_string(),
                    serde_json::json!({
                        "mentions": self.terms[i].values().sum::<u64>(),
                        "docs": self.docs_mentioning[i],
                        "doc_share": self.docs_mentioning[i] as f64 / self.docs.max(1) as f64,
                        "terms": terms.iter().map(|(t, n)| serde_json::json!([t, n])).collect::<Vec<_>>(),
                    }),
                )
            })
            .collect();
        let occ: Vec<serde_json::Value> = self
            .skew(1)
            .into_iter()
            .map(|(t, f, m, s)| {
                serde_json::json!({"occupation": t, "female_terms_near": f, "male_terms_near": m, "female_share": s})
            })
            .collect();
        serde_json::json!({
            "docs": self.docs,
            "window_words": WINDOW,
            "axes": axes,
            "occupations": occ,
        })
    }

    /// Summary lines for the run report.
    pub fn lines(&self, top: usize) -> Vec<String> {
        let mut out = vec![];
        for (i, a) in AXES.iter().enumerate() {
            let total: u64 = self.terms[i].values().sum();
            let mut terms: Vec<(&String, &u64)> = self.terms[i].iter().collect();
            terms.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
            out.push(format!(
                "bias: {a}: {total} mentions in {} of {} docs ({:.1}%){}{}",
                self.docs_mentioning[i],
                self.docs,
                100.0 * self.docs_mentioning[i] as f64 / self.docs.max(1) as f64,
                if terms.is_empty() { "" } else { "; top: " },
                terms
                    .iter()
                    .take(top)
                    .map(|(t, n)| format!("{t} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let skew = self.skew(3);
        if skew.is_empty() {
            out.push("bias: no occupation has 3 or more gendered terms within 10 words".into());
        } else {
            let fmt = |v: &[(String, u64, u64, f64)]| {
                v.iter()
                    .map(|(t, f, m, s)| format!("{t} {:.0}% ({f} female, {m} male)", 100.0 * s))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let n = top.min(skew.len());
            out.push(format!(
                "bias: most female-skewed occupations (female share of gendered terms within {WINDOW} words): {}",
                fmt(&skew[..n])
            ));
            let mut low: Vec<_> = skew.iter().rev().take(n).cloned().collect();
            low.retain(|x| !skew[..n].iter().any(|y| y.0 == x.0));
            if !low.is_empty() {
                out.push(format!("bias: most male-skewed: {}", fmt(&low)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words() {
        assert_eq!(
            split_words("don't stop, o'neill: african-american 3.5 'quoted'"),
            ["don't", "stop", "o'neill", "african", "american", "3", "5", "quoted"]
        );
    }

    #[test]
    fn counts_axes_longest_phrase_first() {
        let c = identity_mentions("She met a Muslim nurse and two elderly men from Mexico.");
        let g = AXES.iter().position(|a| *a == "gender").unwrap();
        let r = AXES.iter().position(|a| *a == "religion").unwrap();
        let a = AXES.iter().position(|a| *a == "age").unwrap();
        assert_eq!(c[g], 2, "she, men");
        assert_eq!(c[r], 1);
        assert_eq!(c[a], 1);
        assert_eq!(identity_mentions("The function returns a value."), [0; 7]);
    }

    #[test]
    fn audit_counts_gendered_terms_near_occupations() {
        let mut a = Audit::default();
        a.add("She is a nurse. He is an engineer.");
        a.add("The nurse said she would come.");
        let mut b = Audit::default();
        b.add("The engineer and his son.");
        a.merge(&b);
        assert_eq!(a.docs, 3);
        assert_eq!(a.occupations["nurse"], (2, 1), "she x2; he within 10 words");
        assert_eq!(a.occupations["engineer"], (1, 3), "she, he; his, son");
        assert_eq!(Audit::from_raw(&a.to_raw()).as_ref(), Some(&a));
        let s = a.skew(1);
        assert_eq!(s[0].0, "nurse");
        assert!(a.to_json()["axes"]["gender"]["mentions"].as_u64().unwrap() >= 4);
        assert!(a.lines(5).iter().any(|l| l.contains("nurse")));
    }
}
