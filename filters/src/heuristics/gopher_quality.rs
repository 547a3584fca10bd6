//! Port of `datatrove.pipeline.filters.gopher_quality_filter.GopherQualityFilter.filter`.

use super::chars::{
    char_len, count_substr, py_lstrip, py_rstrip, py_splitlines, DT_PUNCT, PY_ALPHA,
};
use super::tokenizer::Span;
use super::{on, on_f, GopherQualityConfig};

/// Up to 7 bytes packed into a u64, with the length in the top byte (so "a" and "a\0"
/// differ).
#[inline]
fn pack8(b: &[u8]) -> Option<u64> {
    if b.len() > 7 {
        return None;
    }
    let mut v = (b.len() as u64) << 56;
    for (i, &c) in b.iter().enumerate() {
        v |= (c as u64) << (8 * i);
    }
    Some(v)
}

pub(super) fn run(text: &str, words: &[Span], cfg: &GopherQualityConfig) -> Option<&'static str> {
    let n_words = words.len();
    let mut n_non_symbol = 0usize;
    let mut non_symbol_chars = 0usize;
    let mut n_alpha_words = 0usize;
    for &(s, e) in words {
        let w = &text[s as usize..e as usize];
        let b = w.as_bytes();
        let (non_symbol, has_alpha) = if b.is_ascii() {
            (
                b.iter().any(|&c| !DT_PUNCT.contains_ascii(c)),
                b.iter().any(|c| c.is_ascii_alphabetic()),
            )
        } else {
            (
                w.chars().any(|c| !DT_PUNCT.contains(c)),
                w.chars().any(|c| PY_ALPHA.contains(c)),
            )
        };
        if non_symbol {
            n_non_symbol += 1;
            non_symbol_chars += if b.is_ascii() { b.len() } else { char_len(w) };
        }
        n_alpha_words += has_alpha as usize;
    }

    if let Some(min) = on(cfg.min_doc_words) {
        if n_non_symbol < min as usize {
            return Some("gopher_short_doc");
        }
    }
    if let Some(max) = on(cfg.max_doc_words) {
        if n_non_symbol > max as usize {
            return Some("gopher_long_doc");
        }
    }

    // np.mean of an empty list is nan (every comparison false)
    let avg = non_symbol_chars as f64 / n_non_symbol as f64;
    if let Some(min) = on_f(cfg.min_avg_word_length) {
        if avg < min {
            return Some("gopher_below_avg_threshold");
        }
    }
    if let Some(max) = on_f(cfg.max_avg_word_length) {
        if avg > max {
            return Some("gopher_above_avg_threshold");
        }
    }

    let nw = n_words as f64;
    if let Some(r) = on_f(cfg.max_symbol_word_ratio) {
        let hashes = text.bytes().filter(|&c| c == b'#').count();
        if hashes as f64 / nw > r {
            return Some("gopher_too_many_hashes");
        }
        let ell = count_substr(text, "...") + count_substr(text, "\u{2026}");
        if ell as f64 / nw > r {
            return Some("gopher_too_many_ellipsis");
        }
    }

    let bullets = on_f(cfg.max_bullet_lines_ratio);
    let ellipsis = on_f(cfg.max_ellipsis_lines_ratio);
    if bullets.is_some() || ellipsis.is_some() {
        let (mut n_lines, mut n_bullet, mut n_ell) = (0usize, 0usize, 0usize);
        for line in py_splitlines(text) {
            n_lines += 1;
            let l = py_lstrip(line);
            n_bullet += (l.starts_with('\u{2022}') || l.starts_with('-')) as usize;
            let r = py_rstrip(line);
            n_ell += (r.ends_with("...") || r.ends_with('\u{2026}')) as usize;
        }
        let nl = n_lines as f64;
        if let Some(t) = bullets {
            if n_bullet as f64 / nl > t {
                return Some("gopher_too_many_bullets");
            }
        }
        if let Some(t) = ellipsis {
            if n_ell as f64 / nl > t {
                return Some("gopher_too_many_end_ellipsis");
            }
        }
    }

    if let Some(t) = on_f(cfg.max_non_alpha_words_ratio) {
        if (n_alpha_words as f64 / nw) < t {
            return Some("gopher_below_alpha_threshold");
        }
    }

    if let Some(min) = on(cfg.min_stop_words) {
        // distinct stop words present (a set in datatrove; duplicates in the list count
        // once); words of <= 8 bytes are compared as packed integers
        let sw = &cfg.stop_words;
        let packed: Vec<Option<u64>> = sw.iter().map(|s| pack8(s.as_bytes())).collect();
        let mut found = vec![false; sw.len()];
        let mut n_found = 0usize;
        let max_len = sw.iter().map(|s| s.len()).max().unwrap_or(0);
        for &(s, e) in words {
            if (e - s) as usize > max_len {
                continue;
            }
            let w = &text.as_bytes()[s as usize..e as usize];
            let k = match pack8(w) {
                Some(p) => packed.iter().position(|&x| x == Some(p)),
                None => sw.iter().position(|x| x.as_bytes() == w),
            };
            if let Some(k) = k {
                if !found[k] {
                    found[k] = true;
                    n_found += 1;
                    if n_found >= min as usize {
                        break;
                    }
                }
            }
        }
        if n_found < min as usize {
            return Some("gopher_enough_stop_words");
        }
    }
    None
}
