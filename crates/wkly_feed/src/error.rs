//! The one error type of this crate.
//!
//! An error means "there is nothing to ingest here": the body is not a feed, is too large,
//! or is too broken to read any entry from. Problems with single entries are never errors;
//! they are [`FeedWarning`](crate::FeedWarning)s beside the entries that could be read.

/// Why a document could not be read as a feed or a subscription list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    /// The body is something other than a feed: an HTML page, an empty body, plain text,
    /// binary data, or XML/JSON of another kind. `found` says what it is, in words.
    #[error("the document is not a feed: it is {found}")]
    NotAFeed {
        /// What the body looks like instead, e.g. "an HTML page" or "an empty body".
        found: String,
    },

    /// The body is larger than the configured limit and was not read.
    #[error("the document is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes that was exceeded.
        limit: usize,
    },

    /// The body is a feed, but so broken that not even its channel could be read.
    #[error("the feed is too broken to read: {reason}")]
    Malformed {
        /// What is wrong, for a log line or an operator.
        reason: String,
    },

    /// The body given as a subscription list is not OPML (or is broken XML).
    #[error("the document is not a readable OPML subscription list: {reason}")]
    NotOpml {
        /// What is wrong, e.g. "it is an HTML page".
        reason: String,
    },
}
