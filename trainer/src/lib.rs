//! Placeholder crate: see README's architecture section.
