//! Port of `datatrove.pipeline.filters.c4_filters.C4QualityFilter.filter` (keep/drop
//! verdict only; datatrove also rewrites the text, dropping lines, which we don't).

use super::chars::{char_len, is_py_space, lower_for_ascii_search, py_splitlines, py_strip};
use super::tokenizer::{Scratch as TokScratch, Span, TOKENIZER};
use super::C4Config;
use once_cell::sync::Lazy;
use regex::Regex;
use std::borrow::Cow;

/// `CITATION_REGEX = re.compile(r"\[\d*]|\[edit]|\[citation needed]")` (`\d` is
/// Unicode `Nd` in both engines).
static CITATION: Lazy<Regex> =
    // ok-unwrap: a constant pattern (compiled by every test run).
    Lazy::new(|| Regex::new(r"\[\d*\]|\[edit\]|\[citation needed\]").expect("citation regex"));

const POLICY_SUBSTRINGS: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// Matches iff `line.lower()` contains "lorem ipsum", "javascript" or a policy phrase:
/// ASCII letters case-insensitively, plus U+212A KELVIN SIGN for `k` (the only
/// non-ASCII code point Python lowercases to a letter of these needles; U+0130 becomes
/// "i\u{307}", which cannot match). Not `(?i)`, which would also fold U+017F to `s`.
static NEEDLES: Lazy<Regex> = Lazy::new(|| {
    let alts: Vec<String> = ["lorem ipsum", "javascript"]
        .iter()
        .chain(POLICY_SUBSTRINGS.iter())
        .map(|needle| {
            needle
                .chars()
                .map(|c| match c {
                    'k' => "[kK\\x{212A}]".to_string(),
                    c if c.is_ascii_lowercase() => format!("[{c}{}]", c.to_ascii_uppercase()),
                    c => regex::escape(&c.to_string()),
                })
                .collect()
        })
        .collect();
    // ok-unwrap: a constant pattern (compiled by every test run).
    Regex::new(&alts.join("|")).expect("needle regex")
});

#[derive(Default)]
pub(super) struct Scratch {
    lower: String,
    tok: TokScratch,
    toks: Vec<Span>,
}

pub(super) fn run(text: &str, cfg: &C4Config, sc: &mut Scratch) -> Option<&'static str> {
    let mut num_sentences: i64 = 0;
    let min_sent = cfg.min_num_sentences as i64;
    for raw in py_splitlines(text) {
        let stripped = py_strip(raw);
        let line: Cow<str> = if cfg.remove_citations && stripped.as_bytes().contains(&b'[') {
            CITATION.replace_all(stripped, "")
        } else {
            Cow::Borrowed(stripped)
        };
        // All the per-line `continue` conditions are independent, so the cheapest go first.
        if cfg.filter_no_terminal_punct {
            let ok = matches!(
                line.as_bytes().last(),
                Some(b'.' | b'?' | b'!' | b'"' | b'\'')
            ) && !line.ends_with("...");
            if !ok {
                continue;
            }
        }
        // words = line.split() (on the stripped line, before citation removal)
        let mut n_words = 0i64;
        let mut too_long = false;
        for w in stripped.split(is_py_space) {
            if w.is_empty() {
                continue;
            }
            n_words += 1;
            if cfg.max_word_length != -1
                && w.len() > cfg.max_word_length as usize
                && char_len(w) > cfg.max_word_length as usize
            {
                too_long = true;
                break;
            }
        }
        if too_long || n_words < cfg.min_words_per_line as i64 {
            continue;
        }
        // Cheap exact prefilter on the original line; only lowercase on a hit.
        let need_lower = (cfg.filter_lorem_ipsum || cfg.filter_javascript || cfg.filter_policy)
            && NEEDLES.is_match(&line);
        sc.lower.clear();
        if need_lower {
            lower_for_ascii_search(&line, &mut sc.lower);
        }
        let l = sc.lower.as_str();
        if cfg.filter_lorem_ipsum && l.contains("lorem ipsum") {
            return Some("lorem_ipsum");
        }
        if cfg.filter_javascript && l.contains("javascript") {
            continue;
        }
        if cfg.filter_curly_bracket && line.as_bytes().contains(&b'{') {
            return Some("curly_bracket");
        }
        if cfg.filter_policy && POLICY_SUBSTRINGS.iter().any(|p| l.contains(p)) {
            continue;
        }
        // Once the minimum is reached the exact count no longer matters (only the
        // document-level lorem ipsum / curly bracket rules can still fire).
        if min_sent != -1 && num_sentences < min_sent {
            num_sentences += TOKENIZER.count_sentences(&line, &mut sc.tok, &mut sc.toks) as i64;
        }
    }
    if num_sentences < min_sent {
        return Some("too_few_sentences");
    }
    None
}
