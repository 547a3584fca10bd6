//! Synthetic data with a teacher LLM: an OpenAI-compatible client with
//! retries, rate limits and usage accounting ([`client`]), a crash-safe
//! request journal ([`journal`]), and the TinyStories recipe: vocabulary,
//! prompt sampling from minijinja templates and story validation
//! ([`tinystories`]), and FineWeb-Edu annotation: the educational-value
//! prompt and its score parser ([`edu`]).

pub mod client;
pub mod edu;
pub mod journal;
pub mod tinystories;
