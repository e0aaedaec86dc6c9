//! The one place feed-rs is called, and the guard around it.
//!
//! Each call builds a fresh feed-rs parser: a parser that failed inside an entry keeps
//! half-open MediaRSS state and panics on its next use, so parsers are never reused. Each
//! call also runs under `catch_unwind`, because feed-rs unwraps on some hostile input
//! (e.g. an `itunes:duration` too large for a `u64`); a panic there becomes a parse failure
//! for that document or entry instead of taking the caller down. (With `panic = "abort"`
//! this guard cannot help; wkly does not build that way.)
//!
//! Deliberately not configured: feed-rs's sanitiser (off; wkly sanitises once, later) and
//! its id generator (ids are made stable in `entry`, not random).

use std::panic::{AssertUnwindSafe, catch_unwind};

use feed_rs::model::Feed;
use feed_rs::parser::{Builder, ParseErrorKind, ParseFeedError};
use url::Url;

/// Why feed-rs returned no feed.
pub(crate) enum Failure {
    /// The document has a feed root but no channel/content feed-rs recognises.
    NoFeedRoot,
    /// Anything else, in words.
    Broken(String),
}

/// Parses a whole document with feed-rs.
pub(crate) fn parse(document: &[u8], base: Option<&Url>) -> Result<Feed, Failure> {
    let parser = Builder::new()
        .sanitize_content(false)
        // An empty id tells `entry::convert` to make a stable one (feed-rs's default
        // falls back to a random UUID).
        .id_generator(|_, _, _| String::new())
        .base_uri(base.map(Url::as_str))
        .build();
    match catch_unwind(AssertUnwindSafe(|| parser.parse(document))) {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))) => Err(Failure::NoFeedRoot),
        Ok(Err(error)) => Err(Failure::Broken(error.to_string())),
        Err(_) => Err(Failure::Broken("the feed parser crashed on this input".into())),
    }
}

impl Failure {
    pub(crate) fn describe(&self) -> String {
        match self {
            Failure::NoFeedRoot => "no channel or feed content was found".into(),
            Failure::Broken(reason) => reason.clone(),
        }
    }
}
