//! curate's last two stages as plain library code: byte-level BPE training
//! ([`bpe`]), llm.c/nanoGPT token files ([`tokens`]), and a small Llama-style
//! GPT in candle ([`model`], [`train`], [`sample`]) whose checkpoints load in
//! Hugging Face `transformers` as `LlamaForCausalLM`.
//!
//! Nothing here knows about Parquet or DataFusion; the pipeline stages in
//! `curate-pipeline` feed it text and token files.

/// The tensor library, for callers that hand tensors to the model.
pub use candle_core;
pub mod bpe;
#[cfg(feature = "cuda")]
pub mod gpu;
pub mod model;
pub mod sample;
pub mod tokens;
pub mod train;
