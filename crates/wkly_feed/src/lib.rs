//! Feeds in: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 1.0 and JSON Feed 1.0/1.1 bytes become a
//! [`ParsedFeed`] of [`FeedEntry`]s plus [`FeedWarning`]s; OPML subscription lists are read
//! and written.
//!
//! Pure: bytes in, data out. The crate does no network, file or clock access and has no
//! async runtime; it is safe to run on hostile input. It is built for feeds as they are
//! found, not as specified:
//!
//! - A feed never fails as a whole because of its entries. An entry that cannot be read or
//!   has neither title nor link is skipped with a warning; a document that is not
//!   well-formed is repaired (stray `&`s escaped, then entries read one by one). Only a
//!   body that is not a feed at all (or whose channel is unreadable) is an error.
//! - Hostile input is bounded: bodies over [`ParseLimits::max_bytes`] are refused before
//!   reading, entries beyond [`ParseLimits::max_entries`] are dropped, and XML entities
//!   from a DTD (internal or external) are never expanded or fetched.
//! - The declared encoding is honoured (BOM, then XML declaration), and invalid bytes are
//!   replaced rather than fatal.
//!
//! Deliberately not done here: fetching (wkly_fetch), sanitising HTML (done once, later),
//! extracting articles from pages (wkly_extract), or mapping entries to stories.

mod detect;
mod encoding;
mod entry;
mod error;
mod feedrs;
mod json_feed;
mod link;
mod media;
mod model;
mod opml;
mod repair;
mod text;
mod xml_feed;

pub use error::FeedError;
pub use model::{FeedEntry, FeedKind, FeedWarning, FeedWarningKind, ParsedFeed};
pub use opml::{OpmlSource, parse_opml, write_opml};
pub use text::html_to_paragraphs;

use detect::Syntax;

/// Bounds on what one document may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Bodies longer than this many bytes are refused with [`FeedError::TooLarge`].
    pub max_bytes: usize,
    /// Entries after this many are dropped with a [`FeedWarningKind::EntriesDropped`] warning.
    pub max_entries: usize,
}

impl ParseLimits {
    /// 10 MiB.
    pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;
    /// 1000 entries.
    pub const DEFAULT_MAX_ENTRIES: usize = 1000;
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits { max_bytes: Self::DEFAULT_MAX_BYTES, max_entries: Self::DEFAULT_MAX_ENTRIES }
    }
}

/// Parses a feed with the default [`ParseLimits`].
///
/// `base_url` is where the feed was fetched from; relative links are resolved against it
/// (after any `xml:base`), else against the feed's own site link.
///
/// # Errors
///
/// See [`parse_feed_with_limits`].
pub fn parse_feed(bytes: &[u8], base_url: Option<&str>) -> Result<ParsedFeed, FeedError> {
    parse_feed_with_limits(bytes, base_url, ParseLimits::default())
}

/// Parses a feed, refusing bodies over `limits.max_bytes` and keeping at most
/// `limits.max_entries` entries.
///
/// # Errors
///
/// - [`FeedError::TooLarge`] when the body is longer than `limits.max_bytes`;
/// - [`FeedError::NotAFeed`] when the body is not a feed (an HTML page, an empty body,
///   plain text, binary data, other XML or JSON);
/// - [`FeedError::Malformed`] when it is a feed but not even its channel can be read.
pub fn parse_feed_with_limits(
    bytes: &[u8],
    base_url: Option<&str>,
    limits: ParseLimits,
) -> Result<ParsedFeed, FeedError> {
    if bytes.len() > limits.max_bytes {
        return Err(FeedError::TooLarge { limit: limits.max_bytes });
    }
    let mut warnings = Vec::new();
    let base = base_url.and_then(|raw| match link::resolve(raw, None) {
        Ok(url) => Some(url),
        Err(_) => {
            warnings.push(FeedWarning::feed(
                FeedWarningKind::BaseUrlIgnored,
                format!("base URL {raw:?} is not an absolute http or https URL and was ignored"),
            ));
            None
        }
    });

    let decoded = encoding::decode(bytes);
    let text = decoded.text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let text = encoding::declare_utf8(text);
    let syntax = detect::detect(&text)?;
    if decoded.had_errors {
        warnings.push(FeedWarning::feed(
            FeedWarningKind::InvalidBytesReplaced,
            format!("bytes that are invalid in {} were replaced with U+FFFD", decoded.encoding.name()),
        ));
    }
    match syntax {
        Syntax::Json => json_feed::parse(&text, base.as_ref(), &limits, warnings),
        Syntax::Xml(root) => xml_feed::parse(&text, &root, base.as_ref(), &limits, warnings),
    }
}
