//! Scorers and filters: pure functions over text, wrapped as DataFusion UDFs.
//!
//! - [`heuristics`]: Gopher quality, Gopher repetition, C4 and FineWeb rules
//!   (ports of datatrove's filters with their default thresholds).
//! - [`decontam`]: benchmark n-gram indexes for decontamination.
//! - [`dedup`]: normalization and hashing for exact dedup.
//! - [`minhash`]: MinHash signatures and LSH band keys for near-dedup.
//! - [`extract`]: HTML to main text, title and language; charsets.
//! - [`pii`]: e-mail, IP and phone number redaction.
//! - [`bias`]: identity-term lexicons and the dataset bias audit.
//! - [`classifier`]: fastText models (language ID, educational quality,
//!   toxicity), in process.
//! - [`regressor`]: ridge regression on character n-grams (educational
//!   quality from human labels).
//! - [`model_file`]: model locations (a path plus the file's content hash)
//!   that every process running a query checks.
//! - [`udf`]: the DataFusion wrappers and the function registry.

pub mod bias;
pub mod classifier;
pub mod decontam;
pub mod dedup;
pub mod extract;
pub mod heuristics;
pub mod minhash;
pub mod model_file;
pub mod pii;
pub mod regressor;
#[cfg(feature = "udf")]
pub mod udf;
