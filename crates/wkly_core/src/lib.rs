//! wkly's domain vocabulary: the words every other crate speaks.
//!
//! Ids, validated newtypes (`Slug`), the taxonomy of categories and reader goals,
//! sentiment, reactions, story status, timestamps and provenance of generated fields.
//!
//! This crate deliberately does no IO: no tokio, no SQL, no HTTP. Anything here can be
//! used from a pure engine, a test or a template without pulling in a runtime.

pub mod account;
pub mod enrich;
pub mod fingerprint;
pub mod id;
pub mod job;
pub mod provenance;
pub mod reaction;
pub mod role;
pub mod sentiment;
pub mod slug;
pub mod status;
pub mod taxonomy;
pub mod timestamp;

pub use account::{Email, Password, UserName};
pub use id::new_id;
pub use provenance::{Provenance, StoryField};
pub use reaction::Reaction;
pub use role::Role;
pub use sentiment::Sentiment;
pub use slug::Slug;
pub use status::{CommentStatus, StoryStatus};
pub use taxonomy::{Category, Goal, Taxonomy};
pub use timestamp::Timestamp;

/// A value that failed to parse into one of the core types, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {problem}")]
pub struct ParseError {
    pub what: &'static str,
    pub problem: String,
}

impl ParseError {
    pub fn new(what: &'static str, problem: impl Into<String>) -> Self {
        Self { what, problem: problem.into() }
    }
}
