//! fastText classifiers in process, for language ID, educational quality and
//! toxicity.
//!
//! Built on the `fasttext` crate 0.7.8, which compiles fastText 0.9.2's own
//! C++ sources: a model's predictions equal the `fasttext` CLI's
//! `predict-prob` on the same text, to the printed digits (the e2e tests
//! check it). The pure-Rust `fasttext` 0.8.0 was measured too: about 2x
//! faster on `.bin` models, but wrong on quantized hierarchical-softmax
//! models such as `lid.176.ftz` (it answers `ar` for every line) and on
//! word-bigram models (probabilities off by up to 0.1 on most documents).
//!
//! A document is scored as the CLI scores one input line: line breaks become
//! spaces and the line ends with `\n`, so that fastText counts the
//! end-of-sentence token as the CLI does (without it probabilities differ by
//! up to 0.085 on lid.176).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use fasttext::{Args, FastText, LossName, ModelName};
use once_cell::sync::Lazy;

/// fastText's label prefix.
pub const LABEL_PREFIX: &str = "__label__";

/// A loaded supervised fastText model.
pub struct Classifier {
    ft: FastText,
    /// Labels without the prefix, in the model's order.
    labels: Vec<String>,
    /// The labels as numbers, when they all are (educational scores).
    values: Option<Vec<f32>>,
    path: PathBuf,
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("path", &self.path)
            .field("labels", &self.labels.len())
            .finish()
    }
}

/// The document as one CLI input line (see the module docs).
pub fn as_line(text: &str) -> String {
    let mut b = Vec::with_capacity(text.len() + 1);
    b.extend_from_slice(text.as_bytes());
    // All replaced bytes are ASCII, so the bytes stay UTF-8 (a byte loop the
    // compiler vectorizes; a char loop costs ~3% of a prediction).
    for x in &mut b {
        if matches!(*x, b'\n' | b'\r' | 0 | 0x0b | 0x0c) {
            *x = b' ';
        }
    }
    b.push(b'\n');
    // Only ASCII bytes were replaced by ASCII: still the UTF-8 of `text`.
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One line of a fastText training file.
pub fn train_line(label: &str, text: &str) -> String {
    let label: String = label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    format!("{LABEL_PREFIX}{label} {}", as_line(text))
}

impl Classifier {
    pub fn load(path: &Path) -> Result<Classifier, String> {
        let p = path
            .to_str()
            .ok_or_else(|| format!("{}: non-UTF-8 path", path.display()))?;
        if !path.is_file() {
            return Err(format!("{}: no such model file", path.display()));
        }
        let mut ft = FastText::new();
        ft.load_model(p)
            .map_err(|e| format!("{}: not a fastText model: {e}", path.display()))?;
        let (labels, _) = ft
            .get_labels()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if labels.is_empty() {
            return Err(format!(
                "{}: not a supervised model (no labels)",
                path.display()
            ));
        }
        let labels: Vec<String> = labels
            .into_iter()
            .map(|l| l.strip_prefix(LABEL_PREFIX).unwrap_or(&l).to_string())
            .collect();
        let values = labels.iter().map(|l| l.parse::<f32>().ok()).collect();
        Ok(Classifier {
            ft,
            labels,
            values,
            path: path.to_path_buf(),
        })
    }

    /// Labels without the `__label__` prefix, in the model's order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Whether every label is a number (what [`Self::expected`] needs).
    pub fn numeric(&self) -> bool {
        self.values.is_some()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `k` most likely labels (all for `k` < 1) with their
    /// probabilities, most likely first; labels without the prefix. An
    /// error if fastText refuses the text or predicts nothing (never a
    /// made-up label).
    pub fn predict(&self, text: &str, k: i32) -> Result<Vec<(String, f32)>, String> {
        let k = if k < 1 { self.labels.len() as i32 } else { k };
        let p = self
            .ft
            .predict(&as_line(text), k, 0.0)
            .map_err(|e| format!("{}: fastText prediction failed: {e}", self.path.display()))?;
        if p.is_empty() {
            return Err(format!(
                "{}: fastText predicted no label for this text",
                self.path.display()
            ));
        }
        Ok(p.into_iter()
            .map(|p| {
                let l = match p.label.strip_prefix(LABEL_PREFIX) {
                    Some(l) => l.to_string(),
                    None => p.label,
                };
                (l, p.prob)
            })
            .collect())
    }

    /// The best label and its probability.
    pub fn top(&self, text: &str) -> Result<(String, f32), String> {
        self.predict(text, 1)?
            .into_iter()
            .next()
            .ok_or_else(|| format!("{}: no prediction", self.path.display()))
    }

    /// The probability of every label, in [`Self::labels`] order.
    pub fn probs(&self, text: &str) -> Result<Vec<f32>, String> {
        let mut out = vec![0.0; self.labels.len()];
        for (l, p) in self.predict(text, -1)? {
            match self.labels.iter().position(|x| *x == l) {
                Some(i) => out[i] = p,
                None => {
                    return Err(format!(
                        "{}: predicted label `{l}` is not among the model's labels",
                        self.path.display()
                    ))
                }
            }
        }
        Ok(out)
    }

    /// The expected value of the labels read as numbers (e.g. educational
    /// scores 0-5); `Ok(None)` if a label is not a number.
    pub fn expected(&self, text: &str) -> Result<Option<f32>, String> {
        let Some(values) = self.values.as_ref() else {
            return Ok(None);
        };
        let probs = self.probs(text)?;
        let total: f32 = probs.iter().sum();
        if total <= 0.0 || !total.is_finite() {
            return Err(format!(
                "{}: label probabilities sum to {total}",
                self.path.display()
            ));
        }
        Ok(Some(
            values.iter().zip(&probs).map(|(v, p)| v * p).sum::<f32>() / total,
        ))
    }
}

static CACHE: crate::model_file::Loaded<Classifier> = Lazy::new(Default::default);

/// Load `path` once per process (keyed by its canonical path and
/// modification time, so a retrained model is reloaded).
pub fn cached(path: &Path) -> Result<Arc<Classifier>, String> {
    crate::model_file::load_once(&CACHE, path, Classifier::load)
}

/// Loss of a supervised model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    Softmax,
    Hs,
    Ova,
}

/// Training settings; the defaults are the CLI's `supervised` defaults
/// (except `threads`: 1, so that training is deterministic).
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub epoch: i32,
    pub lr: f64,
    pub dim: i32,
    pub word_ngrams: i32,
    pub min_count: i32,
    pub minn: i32,
    pub maxn: i32,
    /// Hash buckets for word n-grams and subwords; the CLI's 2,000,000 makes
    /// an 800 MB model at dim 100, so the default is smaller. Unused (0)
    /// without n-grams or subwords, as in the CLI.
    pub bucket: i32,
    pub loss: Loss,
    pub threads: i32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epoch: 5,
            lr: 0.1,
            dim: 100,
            word_ngrams: 1,
            min_count: 1,
            minn: 0,
            maxn: 0,
            bucket: 200_000,
            loss: Loss::Softmax,
            threads: 1,
        }
    }
}

impl TrainConfig {
    /// The equivalent CLI arguments (after `fasttext supervised -input F
    /// -output O`), for parity checks and the run report.
    pub fn cli_args(&self) -> Vec<String> {
        let loss = match self.loss {
            Loss::Softmax => "softmax",
            Loss::Hs => "hs",
            Loss::Ova => "ova",
        };
        [
            ("-epoch", self.epoch.to_string()),
            ("-lr", self.lr.to_string()),
            ("-dim", self.dim.to_string()),
            ("-wordNgrams", self.word_ngrams.to_string()),
            ("-minCount", self.min_count.to_string()),
            ("-minn", self.minn.to_string()),
            ("-maxn", self.maxn.to_string()),
            ("-bucket", self.effective_bucket().to_string()),
            ("-loss", loss.to_string()),
            ("-thread", self.threads.to_string()),
        ]
        .into_iter()
        .flat_map(|(k, v)| [k.to_string(), v])
        .collect()
    }

    fn effective_bucket(&self) -> i32 {
        if self.word_ngrams <= 1 && self.maxn == 0 {
            0
        } else {
            self.bucket
        }
    }
}

/// Train a supervised model on a fastText training file (lines of
/// `__label__X text`) and save it at `output` (a `.bin`).
pub fn train(input: &Path, output: &Path, cfg: &TrainConfig) -> Result<Classifier, String> {
    let inp = input.to_str().ok_or("non-UTF-8 training file path")?;
    let out = output.to_str().ok_or("non-UTF-8 model path")?;
    let mut a = Args::new();
    a.set_input(inp)?;
    a.set_model(ModelName::SUP);
    a.set_loss(match cfg.loss {
        Loss::Softmax => LossName::SOFTMAX,
        Loss::Hs => LossName::HS,
        Loss::Ova => LossName::OVA,
    });
    a.set_epoch(cfg.epoch);
    a.set_lr(cfg.lr);
    a.set_dim(cfg.dim);
    a.set_word_ngrams(cfg.word_ngrams);
    a.set_min_count(cfg.min_count);
    a.set_minn(cfg.minn);
    a.set_maxn(cfg.maxn);
    a.set_bucket(cfg.effective_bucket());
    a.set_thread(cfg.threads.max(1));
    a.set_verbose(0);
    let mut ft = FastText::new();
    ft.train(&a)
        .map_err(|e| format!("training on {}: {e}", input.display()))?;
    ft.save_model(out)
        .map_err(|e| format!("saving {}: {e}", output.display()))?;
    drop(ft);
    Classifier::load(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_single_and_end_with_newline() {
        assert_eq!(as_line("a\nb\r\nc\0d"), "a b  c d\n");
        assert_eq!(train_line("edu 3", "x\ny"), "__label__edu_3 x y\n");
    }

    #[test]
    fn trains_and_predicts_a_separable_task() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("train.txt");
        let mut s = String::new();
        for i in 0..200 {
            s += &train_line("pos", &format!("good great lovely fine {i}"));
            s += &train_line("neg", &format!("bad awful terrible poor {i}"));
        }
        std::fs::write(&input, s).unwrap();
        let cfg = TrainConfig {
            epoch: 10,
            ..Default::default()
        };
        let c = train(&input, &dir.path().join("m.bin"), &cfg).unwrap();
        assert_eq!(c.labels().len(), 2);
        assert_eq!(c.top("a lovely great day").unwrap().0, "pos");
        assert_eq!(c.top("an awful\nterrible day").unwrap().0, "neg");
        let p = c.probs("good").unwrap();
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 0.01);
        assert!(c.expected("good").unwrap().is_none());
        // Empty text and text of unknown words still get a real prediction
        // (the end-of-line token), never a made-up "" / 0.0.
        let (l, p) = c.top("").unwrap();
        assert!(!l.is_empty() && p > 0.0);
        assert!(Classifier::load(&dir.path().join("missing.bin")).is_err());
        std::fs::write(dir.path().join("junk.bin"), b"not a model").unwrap();
        assert!(Classifier::load(&dir.path().join("junk.bin")).is_err());
    }
}
