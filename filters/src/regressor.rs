//! A ridge regressor over hashed character n-gram TF-IDF and document-shape
//! features: the educational-quality model that learns from a few hundred
//! human labels (`train_regressor`, scored by `curate_edu`).
//!
//! Features of a text (lowercased):
//! - character n-grams (`minn`..=`maxn`, default 3-5) of the text with
//!   whitespace runs collapsed to one space (scikit-learn's `char` analyzer;
//!   across word boundaries, which measured better here than `char_wb`),
//!   hashed (xxh3) into `buckets` slots;
//!   sublinear term frequency `1 + ln(tf)` times the smoothed inverse document
//!   frequency of the training rows `ln((1 + n) / (1 + df)) + 1`, the vector
//!   scaled to unit length (scikit-learn's `TfidfTransformer(sublinear_tf=True)`);
//! - [`DENSE`] shape features (log length in characters and words, mean word
//!   length, digit, punctuation and upper-case shares, log line count, mean
//!   line length, distinct-word share), standardized on the training rows and
//!   scaled by `dense_scale`.
//!
//! Training minimizes `sum_i s_i (y_i - b - x_i w)^2 + alpha |w|^2` (weights
//! `s_i`, unpenalized intercept `b`: scikit-learn's `Ridge` with
//! `sample_weight`) by conjugate gradients on the normal equations with the
//! centering done implicitly, so the sparse rows stay sparse.
//!
//! The model file: the line `CURATE-RIDGE 1`, one line of JSON (settings,
//! standardization, intercept, training facts), then `buckets` little-endian
//! f32 IDF values and `buckets + DENSE` f32 weights.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::Arc;

use once_cell::sync::Lazy;

/// First line of a model file.
pub const MAGIC: &str = "CURATE-RIDGE 1";

/// Names of the dense shape features, in order.
pub const DENSE: [&str; 9] = [
    "log_chars",
    "log_words",
    "mean_word_len",
    "digit_share",
    "log_lines",
    "punct_share",
    "distinct_word_share",
    "mean_line_len",
    "upper_share",
];
const ND: usize = DENSE.len();
const HASH_SEED: u64 = 0x6564_755f_7269_6467; // "edu_ridg"

/// Feature and training settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RidgeConfig {
    pub minn: usize,
    pub maxn: usize,
    /// Hash slots for the n-grams (a power of two is not required).
    pub buckets: usize,
    /// L2 penalty.
    pub alpha: f64,
    /// Factor on the standardized shape features (0: n-grams only).
    pub dense_scale: f64,
    /// Conjugate-gradient stop: relative residual.
    pub tol: f64,
    pub max_iter: usize,
}

impl Default for RidgeConfig {
    fn default() -> Self {
        RidgeConfig {
            minn: 3,
            maxn: 5,
            buckets: 1 << 18,
            alpha: 1.0,
            dense_scale: 0.3,
            tol: 1e-6,
            max_iter: 2000,
        }
    }
}

impl RidgeConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.minn == 0 || self.maxn < self.minn {
            return Err(format!(
                "n-gram range {}-{} must satisfy 1 <= minn <= maxn",
                self.minn, self.maxn
            ));
        }
        if self.buckets == 0 || self.buckets > 1 << 26 {
            return Err("buckets must be in 1..=67108864".into());
        }
        if !(self.alpha > 0.0 && self.alpha.is_finite()) {
            return Err("alpha must be positive".into());
        }
        if !(self.dense_scale >= 0.0 && self.dense_scale.is_finite()) {
            return Err("dense_scale must be >= 0".into());
        }
        Ok(())
    }
}

/// A text's raw features: n-gram slot counts (sorted by slot) and the shape
/// features before standardization.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    pub grams: Vec<(u32, f32)>,
    pub dense: [f64; ND],
}

/// Character n-grams of `text` (lowercased, every run of whitespace one
/// space: scikit-learn's `char` analyzer, which keeps a lone newline or tab)
/// hashed into slots, with counts; sorted by slot.
pub fn ngram_counts(text: &str, minn: usize, maxn: usize, buckets: usize) -> Vec<(u32, f32)> {
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                chars.push(' ');
            }
            space = true;
        } else {
            chars.extend(c.to_lowercase());
            space = false;
        }
    }
    let mut counts: HashMap<u32, f32> = HashMap::new();
    let mut buf = String::new();
    for n in minn..=maxn.min(chars.len()) {
        for w in chars.windows(n) {
            buf.clear();
            buf.extend(w);
            let h = xxhash_rust::xxh3::xxh3_64_with_seed(buf.as_bytes(), HASH_SEED);
            *counts.entry((h % buckets as u64) as u32).or_default() += 1.0;
        }
    }
    let mut v: Vec<(u32, f32)> = counts.into_iter().collect();
    v.sort_unstable_by_key(|x| x.0);
    v
}

/// The shape features ([`DENSE`] order).
pub fn shape(text: &str) -> [f64; ND] {
    let chars = text.chars().count().max(1) as f64;
    let (mut digits, mut punct, mut upper) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        if c.is_numeric() {
            digits += 1;
        } else if matches!(c, '.' | ',' | ';' | ':' | '!' | '?') {
            punct += 1;
        } else if c.is_uppercase() {
            upper += 1;
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let nw = words.len().max(1) as f64;
    let mean_word = if words.is_empty() {
        0.0
    } else {
        words.iter().map(|w| w.chars().count()).sum::<usize>() as f64 / nw
    };
    let distinct: std::collections::HashSet<String> =
        words.iter().map(|w| w.to_lowercase()).collect();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mean_line = if lines.is_empty() {
        0.0
    } else {
        lines.iter().map(|l| l.chars().count()).sum::<usize>() as f64 / lines.len() as f64
    };
    [
        (text.chars().count() as f64).ln_1p(),
        (words.len() as f64).ln_1p(),
        mean_word,
        digits as f64 / chars,
        (lines.len() as f64).ln_1p(),
        punct as f64 / chars,
        distinct.len() as f64 / nw,
        mean_line,
        upper as f64 / chars,
    ]
}

pub fn raw(text: &str, cfg: &RidgeConfig) -> Raw {
    Raw {
        grams: ngram_counts(text, cfg.minn, cfg.maxn, cfg.buckets),
        dense: shape(text),
    }
}

/// What the model file's JSON line holds.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Header {
    pub config: RidgeConfig,
    pub dense_mean: Vec<f64>,
    pub dense_sd: Vec<f64>,
    pub intercept: f64,
    pub train_rows: usize,
    pub cg_iterations: usize,
    pub cg_residual: f64,
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Ridge {
    pub header: Header,
    idf: Vec<f32>,
    /// `buckets` n-gram weights, then the [`DENSE`] weights.
    w: Vec<f32>,
}

/// One training row: features, target, weight.
pub struct Row {
    pub raw: Raw,
    pub y: f64,
    pub weight: f64,
}

impl Ridge {
    /// The sparse feature vector (n-gram slots, then `buckets + k` for the
    /// shape features).
    fn vector(&self, r: &Raw) -> Vec<(u32, f64)> {
        vectorize(r, &self.idf, &self.header)
    }

    pub fn predict_raw(&self, r: &Raw) -> f64 {
        self.header.intercept
            + self
                .vector(r)
                .iter()
                .map(|&(j, v)| v * self.w[j as usize] as f64)
                .sum::<f64>()
    }

    pub fn predict(&self, text: &str) -> f64 {
        self.predict_raw(&raw(text, &self.header.config))
    }

    /// Train on `rows` (at least two with different targets).
    pub fn train(rows: &[Row], cfg: &RidgeConfig) -> Result<Ridge, String> {
        cfg.check()?;
        if rows.len() < 2 {
            return Err(format!(
                "needs at least 2 training rows, got {}",
                rows.len()
            ));
        }
        for (i, r) in rows.iter().enumerate() {
            if !(r.y.is_finite() && r.weight > 0.0 && r.weight.is_finite()) {
                return Err(format!(
                    "row {i}: target {} / weight {} must be finite (weight > 0)",
                    r.y, r.weight
                ));
            }
        }
        let n = rows.len() as f64;
        let mut df = vec![0u32; cfg.buckets];
        for r in rows {
            for &(j, _) in &r.raw.grams {
                df[j as usize] += 1;
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (((1.0 + n) / (1.0 + d as f64)).ln() + 1.0) as f32)
            .collect();
        let mut mean = vec![0.0; ND];
        let mut sd = vec![0.0; ND];
        for r in rows {
            for (m, v) in mean.iter_mut().zip(&r.raw.dense) {
                *m += v / n;
            }
        }
        for r in rows {
            for ((s, m), v) in sd.iter_mut().zip(&mean).zip(&r.raw.dense) {
                *s += (v - m).powi(2) / n;
            }
        }
        for s in &mut sd {
            *s = if *s > 0.0 { s.sqrt() } else { 1.0 };
        }
        let mut header = Header {
            config: cfg.clone(),
            dense_mean: mean,
            dense_sd: sd,
            intercept: 0.0,
            train_rows: rows.len(),
            cg_iterations: 0,
            cg_residual: 0.0,
        };
        let x: Vec<Vec<(u32, f64)>> = rows
            .iter()
            .map(|r| vectorize(&r.raw, &idf, &header))
            .collect();
        let s: Vec<f64> = rows.iter().map(|r| r.weight).collect();
        let y: Vec<f64> = rows.iter().map(|r| r.y).collect();
        let (w, b, iters, res) = solve(&x, &y, &s, cfg.buckets + ND, cfg);
        header.intercept = b;
        header.cg_iterations = iters;
        header.cg_residual = res;
        Ok(Ridge {
            header,
            idf,
            w: w.iter().map(|&v| v as f32).collect(),
        })
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        writeln!(f, "{MAGIC}")?;
        writeln!(f, "{}", serde_json::to_string(&self.header)?)?;
        for v in self.idf.iter().chain(&self.w) {
            f.write_all(&v.to_le_bytes())?;
        }
        f.flush()
    }

    pub fn load(path: &Path) -> Result<Ridge, String> {
        let e = |m: String| format!("{}: {m}", path.display());
        let f = std::fs::File::open(path).map_err(|x| e(x.to_string()))?;
        let mut r = BufReader::new(f);
        let mut line = String::new();
        r.read_line(&mut line).map_err(|x| e(x.to_string()))?;
        if line.trim_end() != MAGIC {
            return Err(e(format!("not a curate ridge model (no `{MAGIC}` line)")));
        }
        line.clear();
        r.read_line(&mut line).map_err(|x| e(x.to_string()))?;
        let header: Header =
            serde_json::from_str(&line).map_err(|x| e(format!("bad header: {x}")))?;
        header.config.check().map_err(e)?;
        if header.dense_mean.len() != ND || header.dense_sd.len() != ND {
            return Err(e(format!("header has not {ND} shape features")));
        }
        let nb = header.config.buckets;
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes).map_err(|x| e(x.to_string()))?;
        if bytes.len() != 4 * (2 * nb + ND) {
            return Err(e(format!(
                "{} bytes of weights, expected {} (truncated file?)",
                bytes.len(),
                4 * (2 * nb + ND)
            )));
        }
        let vals: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Ridge {
            header,
            idf: vals[..nb].to_vec(),
            w: vals[nb..].to_vec(),
        })
    }
}

fn vectorize(r: &Raw, idf: &[f32], h: &Header) -> Vec<(u32, f64)> {
    let mut v: Vec<(u32, f64)> = r
        .grams
        .iter()
        .map(|&(j, c)| (j, (1.0 + (c as f64).ln()) * idf[j as usize] as f64))
        .collect();
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.1 /= norm;
        }
    }
    if h.config.dense_scale > 0.0 {
        let nb = h.config.buckets as u32;
        for k in 0..ND {
            let z = (r.dense[k] - h.dense_mean[k]) / h.dense_sd[k];
            v.push((nb + k as u32, z * h.config.dense_scale));
        }
    }
    v
}

/// Weighted ridge with an unpenalized intercept by conjugate gradients on
/// `(Xc' S Xc + alpha I) w = Xc' S yc`, `Xc` the weighted-centered rows
/// (never formed). Returns (w, intercept, iterations, relative residual).
fn solve(
    x: &[Vec<(u32, f64)>],
    y: &[f64],
    s: &[f64],
    dim: usize,
    cfg: &RidgeConfig,
) -> (Vec<f64>, f64, usize, f64) {
    let total: f64 = s.iter().sum();
    let mut xbar = vec![0.0; dim];
    for (row, &si) in x.iter().zip(s) {
        for &(j, v) in row {
            xbar[j as usize] += si * v / total;
        }
    }
    let ybar: f64 = y.iter().zip(s).map(|(a, b)| a * b).sum::<f64>() / total;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
    // u = S Xc v;  A v = Xc' u + alpha v.
    let apply = |v: &[f64]| -> Vec<f64> {
        let xv_bar = dot(&xbar, v);
        let u: Vec<f64> = x
            .iter()
            .zip(s)
            .map(|(row, &si)| {
                si * (row.iter().map(|&(j, a)| a * v[j as usize]).sum::<f64>() - xv_bar)
            })
            .collect();
        let usum: f64 = u.iter().sum();
        let mut out: Vec<f64> = v.iter().map(|a| cfg.alpha * a).collect();
        for (row, &ui) in x.iter().zip(&u) {
            for &(j, a) in row {
                out[j as usize] += a * ui;
            }
        }
        for (o, xb) in out.iter_mut().zip(&xbar) {
            *o -= xb * usum;
        }
        out
    };
    // b = Xc' S yc
    let mut rhs = vec![0.0; dim];
    for ((row, &si), &yi) in x.iter().zip(s).zip(y) {
        for &(j, a) in row {
            rhs[j as usize] += a * si * (yi - ybar);
        }
    }
    let rsum: f64 = s.iter().zip(y).map(|(si, yi)| si * (yi - ybar)).sum();
    for (o, xb) in rhs.iter_mut().zip(&xbar) {
        *o -= xb * rsum;
    }
    let bnorm = dot(&rhs, &rhs).sqrt();
    let mut w = vec![0.0; dim];
    if bnorm == 0.0 {
        return (w, ybar, 0, 0.0);
    }
    let mut r = rhs.clone();
    let mut p = r.clone();
    let mut rr = dot(&r, &r);
    let mut it = 0;
    while it < cfg.max_iter && rr.sqrt() / bnorm > cfg.tol {
        let ap = apply(&p);
        let a = rr / dot(&p, &ap);
        for j in 0..dim {
            w[j] += a * p[j];
            r[j] -= a * ap[j];
        }
        let rr2 = dot(&r, &r);
        let beta = rr2 / rr;
        for j in 0..dim {
            p[j] = r[j] + beta * p[j];
        }
        rr = rr2;
        it += 1;
    }
    let b = ybar - dot(&xbar, &w);
    (w, b, it, rr.sqrt() / bnorm)
}

/// The deterministic held-out split every trainer shares (`train_classifier`,
/// `train_regressor`, the `curate_holdout` SQL function): a row is held out
/// when the seeded xxh3 of its text falls in the first `share` of the range.
pub fn held_out(text: &str, seed: u64, share: f64) -> bool {
    let h = xxhash_rust::xxh3::xxh3_64_with_seed(text.as_bytes(), seed);
    ((h % 1_000_000) as f64 / 1e6) < share
}

/// Whether `path` is a ridge model file (starts with [`MAGIC`]).
pub fn is_model(path: &Path) -> bool {
    let mut head = [0u8; MAGIC.len()];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *MAGIC.as_bytes()
}

static CACHE: crate::model_file::Loaded<Ridge> = Lazy::new(Default::default);

/// Load `path` once per process (keyed by canonical path and modification
/// time, so a retrained model is reloaded).
pub fn cached(path: &Path) -> Result<Arc<Ridge>, String> {
    crate::model_file::load_once(&CACHE, path, Ridge::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_ngrams_match_sklearn_counts() {
        // scikit-learn 1.9.1: CountVectorizer(analyzer='char', ngram_range=(3,5))
        // .fit_transform([t]): 'Ab abc' gives 9 distinct n-grams, 9 in all;
        // '  Ab\n\tabc  x' 17 distinct, 18 in all (' ab' twice).
        let total = |v: &[(u32, f32)]| v.iter().map(|x| x.1).sum::<f32>();
        let v = ngram_counts("Ab abc", 3, 5, 1 << 20);
        assert_eq!((v.len(), total(&v)), (9, 9.0));
        let v = ngram_counts("  Ab\n\tabc  x", 3, 5, 1 << 20);
        assert_eq!((v.len(), total(&v)), (17, 18.0));
        assert_eq!(ngram_counts("", 3, 5, 16), vec![]);
        assert_eq!(ngram_counts("ab", 3, 5, 16), vec![]);
    }

    #[test]
    fn shape_features() {
        let f = shape("Hello world 42.\nSecond line!");
        assert!((f[0] - (28f64).ln_1p()).abs() < 1e-12);
        assert!((f[1] - (5f64).ln_1p()).abs() < 1e-12); // Hello world 42 Second line
        assert!((f[3] - 2.0 / 28.0).abs() < 1e-12);
        assert!((f[4] - 3f64.ln()).abs() < 1e-12);
        assert!((f[5] - 2.0 / 28.0).abs() < 1e-12);
        assert!((f[8] - 2.0 / 28.0).abs() < 1e-12);
    }

    fn rows(texts: &[(&str, f64)], cfg: &RidgeConfig) -> Vec<Row> {
        texts
            .iter()
            .map(|(t, y)| Row {
                raw: raw(t, cfg),
                y: *y,
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn ridge_matches_closed_form_on_a_tiny_problem() {
        // Two slots, no shape features: compare with the closed form
        // solved by hand (weighted centering, 2x2 system).
        let cfg = RidgeConfig {
            buckets: 2,
            dense_scale: 0.0,
            alpha: 0.5,
            tol: 1e-12,
            ..Default::default()
        };
        let x = vec![
            vec![(0u32, 1.0)],
            vec![(1u32, 1.0)],
            vec![(0u32, 0.6), (1, 0.8)],
        ];
        let y = [1.0, 3.0, 2.0];
        let s = [1.0, 2.0, 1.0];
        let (w, b, _, res) = solve(&x, &y, &s, 2, &cfg);
        assert!(res < 1e-10);
        // Reference: sklearn.linear_model.Ridge(alpha=0.5).fit(
        //   [[1,0],[0,1],[0.6,0.8]], [1,3,2], sample_weight=[1,2,1])
        // computed by hand with numpy: solve((Xc'SXc + .5I), Xc'S yc).
        let total = 4.0;
        let xb = [(1.0 + 0.6) / total, (2.0 + 0.8) / total];
        let yb = (1.0 + 6.0 + 2.0) / total;
        let xs = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]];
        let mut a = [[0.5, 0.0], [0.0, 0.5]];
        let mut r = [0.0, 0.0];
        for i in 0..3 {
            let xc = [xs[i][0] - xb[0], xs[i][1] - xb[1]];
            for p in 0..2 {
                r[p] += s[i] * xc[p] * (y[i] - yb);
                for q in 0..2 {
                    a[p][q] += s[i] * xc[p] * xc[q];
                }
            }
        }
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        let w0 = (r[0] * a[1][1] - a[0][1] * r[1]) / det;
        let w1 = (a[0][0] * r[1] - a[1][0] * r[0]) / det;
        assert!(
            (w[0] - w0).abs() < 1e-9 && (w[1] - w1).abs() < 1e-9,
            "{w:?}"
        );
        assert!((b - (yb - xb[0] * w0 - xb[1] * w1)).abs() < 1e-9);
    }

    #[test]
    fn learns_a_signal_and_round_trips_through_the_file() {
        let cfg = RidgeConfig {
            buckets: 1 << 12,
            ..Default::default()
        };
        let mut data = vec![];
        for i in 0..30 {
            data.push((
                format!("photosynthesis converts light energy chloroplast lesson {i}"),
                3.0,
            ));
            data.push((
                format!("buy now cheap discount casino bonus click {i}"),
                0.0,
            ));
        }
        let d: Vec<(&str, f64)> = data.iter().map(|(t, y)| (t.as_str(), *y)).collect();
        let m = Ridge::train(&rows(&d, &cfg), &cfg).unwrap();
        let hi = m.predict("the chloroplast and light energy in photosynthesis");
        let lo = m.predict("casino bonus, click to buy cheap");
        assert!(hi > 2.0 && lo < 1.0, "{hi} {lo}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.ridge");
        m.save(&p).unwrap();
        assert!(is_model(&p));
        let back = Ridge::load(&p).unwrap();
        let t = "photosynthesis lesson";
        assert!((back.predict(t) - m.predict(t)).abs() < 1e-5);
        // A truncated file is refused with its reason.
        let bytes = std::fs::read(&p).unwrap();
        std::fs::write(&p, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Ridge::load(&p).unwrap_err().contains("truncated"));
    }

    #[test]
    fn refuses_bad_rows() {
        let cfg = RidgeConfig::default();
        let mut r = rows(&[("a b c", 1.0), ("d e f", 2.0)], &cfg);
        r[1].y = f64::NAN;
        assert!(Ridge::train(&r, &cfg).unwrap_err().contains("row 1"));
    }
}
