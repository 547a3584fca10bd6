//! Port of `datatrove.pipeline.filters.fineweb_quality_filter.FineWebQualityFilter.filter`.

use super::chars::{char_len, is_py_space, DT_TERMINAL};
use super::tokenizer::FxBuild;
use super::FineWebConfig;
use std::collections::HashSet;

/// `n_words`: number of spaCy word tokens, or `None` to let this function tokenize lazily
/// through `count_words` (only called when the cheap bound below is inconclusive).
pub(super) fn run(
    text: &str,
    cfg: &FineWebConfig,
    n_words: Option<usize>,
    count_words: impl FnOnce() -> usize,
) -> Option<&'static str> {
    let is_blank = |l: &str| l.chars().all(is_py_space);
    let (mut n, mut n_punct, mut n_short) = (0usize, 0usize, 0usize);
    for line in text.split('\n') {
        if is_blank(line) {
            continue;
        }
        n += 1;
        // line.endswith(stop_chars): every TERMINAL_PUNCTUATION entry is one char
        if line
            .chars()
            .next_back()
            .is_some_and(|c| DT_TERMINAL.contains(c))
        {
            n_punct += 1;
        }
        if line.len() <= cfg.short_line_length || char_len(line) <= cfg.short_line_length {
            n_short += 1;
        }
    }
    if n == 0 {
        return Some("empty");
    }
    let ratio = n_punct as f64 / n as f64;
    if ratio < cfg.line_punct_thr && !(ratio == 0.0 && cfg.line_punct_exclude_zero) {
        return Some("line_punct_ratio");
    }
    if n_short as f64 / n as f64 > cfg.short_line_thr {
        return Some("short_line_ratio");
    }
    let mut seen: HashSet<&str, FxBuild> = HashSet::with_capacity_and_hasher(n, FxBuild::default());
    let mut dup_chars = 0usize;
    for line in text.split('\n') {
        if is_blank(line) {
            continue;
        }
        if !seen.insert(line) {
            dup_chars += char_len(line);
        }
    }
    let n_newlines = text.bytes().filter(|&c| c == b'\n').count();
    let non_nl_chars = char_len(text) - n_newlines;
    if dup_chars as f64 / non_nl_chars as f64 > cfg.char_duplicates_ratio {
        return Some("char_dup_ratio");
    }
    let nl = n_newlines as f64;
    let words = match n_words {
        Some(w) => w,
        None => {
            // Every whitespace-separated chunk yields >= 1 word token, so if the ratio
            // already passes with the chunk count it passes with the word count.
            let chunks = text.split(is_py_space).filter(|c| !c.is_empty()).count();
            if nl / chunks as f64 <= cfg.new_line_ratio {
                return None;
            }
            count_words()
        }
    };
    if nl / words as f64 > cfg.new_line_ratio {
        return Some("list_ratio");
    }
    None
}
