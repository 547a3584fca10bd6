//! datatrove's `simplify_text` (`datatrove.utils.text`, default `TextNormConfig`),
//! the normalization its MinHash dedup applies before word tokenization.
//!
//! In datatrove's order:
//! 1. `str.lower()` (full Unicode lowercase, final sigma included);
//! 2. every run of decimal digits (`\p{Nd}+`), optionally followed by one separator
//!    out of `.,،٫⎖⎗⎘` and more digits, becomes `0`;
//! 3. every character of datatrove's `PUNCTUATION` (ASCII punctuation, C0/C1
//!    controls except `\t` and `\n`, and a list of CJK / typographic marks) becomes
//!    a space;
//! 4. the text is `strip()`ped and every run of `str.isspace()` characters becomes one
//!    space;
//! 5. Unicode NFD, then every nonspacing mark (category `Mn`) is removed, so accents
//!    go (`é` -> `e`);
//! 6. `strip()` again.
//!
//! Character classes come from CPython 3.11 / Unicode 14.0 (`tables.rs`); lowercase
//! and NFD use Rust's tables (a newer Unicode), so code points assigned after
//! Unicode 14 may differ.

use super::chars::{is_py_space, DT_SIMPLIFY_PUNCT, PY_MN};
use once_cell::sync::Lazy;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

static NUMBERS: Lazy<Regex> =
    // ok-unwrap: a constant pattern (compiled by every test run).
    Lazy::new(|| Regex::new(r"\p{Nd}+(?:[.,،٫⎖⎗⎘]\p{Nd}+)?").expect("numbers regex"));

/// datatrove's `simplify_text(text)` with the default `TextNormConfig` (see the
/// module docs).
pub fn simplify_text(text: &str) -> String {
    let lower = text.to_lowercase();
    let numbered = NUMBERS.replace_all(&lower, "0");
    // Punctuation to spaces, then strip and collapse whitespace runs, in one pass.
    let mut out = String::with_capacity(numbered.len());
    let mut pending_space = false;
    for c in numbered.chars() {
        let c = if DT_SIMPLIFY_PUNCT.contains(c) {
            ' '
        } else {
            c
        };
        if is_py_space(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    let needs_nfd = !out.is_ascii();
    if !needs_nfd {
        return out;
    }
    let stripped: String = out.nfd().filter(|&c| !PY_MN.contains(c)).collect();
    let t = stripped.trim_matches(is_py_space);
    if t.len() == stripped.len() {
        stripped
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::simplify_text;

    #[test]
    fn matches_datatrove_examples() {
        // Expected values printed by datatrove 0.10.1's simplify_text.
        for (input, want) in [
            (
                "Hello,  WORLD!\n\tdon't -- stop. ",
                "hello world don t stop",
            ),
            ("Price: 1,299.99 USD on 3/4", "price 0 0 usd on 0 0"),
            ("École été — naïve", "ecole ete naive"),
            ("ΟΔΟΣ", "οδος"),
            ("  \u{3000}tab\x0bcontrol\u{85}x ", "tab control x"),
            ("１２３ and ٣٤", "0 and 0"),
            ("", ""),
        ] {
            assert_eq!(simplify_text(input), want, "input {input:?}");
        }
    }
}
