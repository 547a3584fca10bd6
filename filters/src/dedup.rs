//! Text normalization and hashing for exact deduplication.
//!
//! Normalization (documented in the README): Unicode lowercase, every run of
//! Unicode whitespace collapsed to one ASCII space, leading and trailing
//! whitespace removed. Two documents are exact duplicates when the 128-bit
//! xxh3 hashes of their normalized texts are equal.

use xxhash_rust::xxh3::xxh3_128;

/// The normalized form used for exact dedup.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// 128-bit hash of the normalized text.
pub fn norm_hash(text: &str) -> u128 {
    xxh3_128(normalize(text).as_bytes())
}

/// [`norm_hash`] as 32 hex digits (the `curate_norm_hash` SQL function).
pub fn norm_hash_hex(text: &str) -> String {
    format!("{:032x}", norm_hash(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_case_do_not_matter() {
        assert_eq!(
            norm_hash("Hello   World\n\tagain "),
            norm_hash("hello world again")
        );
        assert_ne!(norm_hash("hello world"), norm_hash("hello, world"));
        assert_eq!(normalize("  ÉCOLE  Été "), "école été");
    }
}
