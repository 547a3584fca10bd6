//! Byte-level BPE training with the `tokenizers` crate, the same pipeline as
//! GPT-2 and Hugging Face's `ByteLevelBPETokenizer`: ByteLevel pre-tokenizer
//! (GPT-2 split regex, no prefix space), BPE model over the 256 byte symbols,
//! ByteLevel decoder. Special tokens are added first, so `<|endoftext|>` is id 0.

use std::path::Path;

use anyhow::{anyhow, Result};
use tokenizers::decoders::byte_level::ByteLevel as ByteLevelDecoder;
use tokenizers::models::bpe::{BpeTrainerBuilder, BPE};
use tokenizers::models::{ModelWrapper, TrainerWrapper};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
pub use tokenizers::Tokenizer;
use tokenizers::{AddedToken, TokenizerBuilder};
use tokenizers::{DecoderWrapper, NormalizerWrapper, PostProcessorWrapper, PreTokenizerWrapper};

/// The end-of-text token separating documents in token files.
pub const EOT: &str = "<|endoftext|>";

#[derive(Debug, Clone)]
pub struct BpeConfig {
    pub vocab_size: usize,
    pub min_frequency: u64,
    /// Special tokens, in id order from 0. [`EOT`] is added if missing.
    pub special_tokens: Vec<String>,
}

impl Default for BpeConfig {
    fn default() -> Self {
        BpeConfig {
            vocab_size: 8192,
            min_frequency: 2,
            special_tokens: vec![EOT.to_string()],
        }
    }
}

/// Train a byte-level BPE tokenizer on `texts`.
pub fn train<I, S>(cfg: &BpeConfig, texts: I) -> Result<Tokenizer>
where
    I: Iterator<Item = S> + Send,
    S: AsRef<str> + Send,
{
    let mut specials = cfg.special_tokens.clone();
    if !specials.iter().any(|s| s == EOT) {
        specials.insert(0, EOT.to_string());
    }
    let mut trainer: TrainerWrapper = BpeTrainerBuilder::new()
        .show_progress(false)
        .vocab_size(cfg.vocab_size)
        .min_frequency(cfg.min_frequency)
        .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
        .special_tokens(
            specials
                .iter()
                .map(|s| AddedToken::from(s.clone(), true))
                .collect(),
        )
        .build()
        .into();
    let byte_level = ByteLevel::new(false, true, true);
    let mut tok: Tokenizer = TokenizerBuilder::<
        ModelWrapper,
        NormalizerWrapper,
        PreTokenizerWrapper,
        PostProcessorWrapper,
        DecoderWrapper,
    >::new()
    .with_model(BPE::default().into())
    .with_normalizer(None)
    .with_pre_tokenizer(Some(byte_level.into()))
    .with_post_processor(Some(byte_level.into()))
    .with_decoder(Some(ByteLevelDecoder::default().into()))
    .build()
    .map_err(|e| anyhow!("building tokenizer: {e}"))?
    .into();
    tok.train(&mut trainer, texts)
        .map_err(|e| anyhow!("training BPE: {e}"))?;
    Ok(tok)
}

pub fn save(tok: &Tokenizer, path: &Path) -> Result<()> {
    tok.save(path, true)
        .map_err(|e| anyhow!("writing {}: {e}", path.display()))
}

pub fn load(path: &Path) -> Result<Tokenizer> {
    Tokenizer::from_file(path).map_err(|e| anyhow!("reading {}: {e}", path.display()))
}

/// Id of the end-of-text token.
pub fn eot_id(tok: &Tokenizer) -> Result<u32> {
    tok.token_to_id(EOT)
        .ok_or_else(|| anyhow!("tokenizer has no {EOT} token"))
}

/// Encode without special-token processing (documents are plain text).
pub fn encode(tok: &Tokenizer, text: &str) -> Result<Vec<u32>> {
    Ok(tok
        .encode_fast(text, false)
        .map_err(|e| anyhow!("encoding: {e}"))?
        .get_ids()
        .to_vec())
}

pub fn decode(tok: &Tokenizer, ids: &[u32]) -> Result<String> {
    tok.decode(ids, false).map_err(|e| anyhow!("decoding: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<String> {
        let base = [
            "Once upon a time there was a little dog named Max.",
            "Max liked to run in the park with his friend Lily.",
            "One day, Lily found a shiny red ball under a tree.",
            "The sun was warm and the birds sang happy songs.",
        ];
        (0..200).map(|i| format!("{} {}", base[i % 4], i)).collect()
    }

    #[test]
    fn trains_round_trips_and_keeps_eot_first() {
        let cfg = BpeConfig {
            vocab_size: 400,
            ..Default::default()
        };
        let tok = train(&cfg, corpus().into_iter()).unwrap();
        assert_eq!(eot_id(&tok).unwrap(), 0);
        let v = tok.get_vocab_size(true);
        assert!(v > 256 + 1 && v <= 400, "vocab {v}");
        let text = "Once upon a time, Lily's dog ran — naïve café 🐕!";
        let ids = encode(&tok, text).unwrap();
        assert_eq!(decode(&tok, &ids).unwrap(), text);
        // Merges learned: the training text compresses well below 1 token/byte.
        let seen = encode(&tok, &corpus()[0]).unwrap();
        assert!(seen.len() * 3 < corpus()[0].len(), "{} tokens", seen.len());
        // The EOT string inside text is a special token, not split.
        let ids = tok.encode_fast("a<|endoftext|>b", false).unwrap();
        assert!(ids.get_ids().contains(&0));
    }
}
