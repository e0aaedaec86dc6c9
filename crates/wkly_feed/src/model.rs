//! The data this crate hands out: a parsed feed, its entries and the warnings about them.
//!
//! Plain data with owned strings and unix-millisecond times, so callers never see feed-rs,
//! chrono or url types. These are not wkly's domain types (stories, sources): turning an
//! entry into a story is the pipeline's job.

/// Which syndication format a feed was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeedKind {
    /// RSS 0.90, 0.91 or 0.92.
    Rss0,
    /// RSS 1.0 (RDF).
    Rss1,
    /// RSS 2.0 (and the 0.93/0.94 drafts and unversioned `<rss>` documents read as such).
    Rss2,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.0 or 1.1.
    JsonFeed,
}

/// A feed read from bytes: its channel data, the entries that could be read, and what
/// went wrong along the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    /// The format the feed was written in.
    pub kind: FeedKind,
    /// The feed's title as plain text (empty when the feed has none).
    pub title: String,
    /// The website the feed belongs to (absolute http/https), if it says.
    pub site_url: Option<String>,
    /// The feed's description as plain text, if any.
    pub description: Option<String>,
    /// The feed's declared language, lowercased (e.g. `en-gb`), if any.
    pub language: Option<String>,
    /// The entries in document order, at most `ParseLimits::max_entries` of them.
    pub entries: Vec<FeedEntry>,
    /// Everything that was skipped, dropped or repaired, in the order it happened.
    pub warnings: Vec<FeedWarning>,
}

/// One entry (item) of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// A stable identifier: the feed's guid/id, else the entry URL, else a hash of title and
    /// date (`wkly:` followed by 16 hex digits). The same entry yields the same id on every fetch.
    pub id: String,
    /// The entry's web page: absolute, http or https, without fragment or tracking parameters.
    /// `None` when the entry has no usable link (it then has a title).
    pub url: Option<String>,
    /// The title as plain text, whitespace collapsed (may be empty when `url` is set).
    pub title: String,
    /// The summary as plain text: HTML stripped, entities decoded, whitespace collapsed.
    /// Falls back to the text of the content; empty when the feed gives neither.
    pub summary: String,
    /// The entry body as HTML exactly as the feed gave it (not sanitised): the full content
    /// when present, else the HTML description. Empty when the feed gives neither.
    pub content_html: String,
    /// The first author's name (or e-mail), falling back to the feed's author.
    pub author: Option<String>,
    /// When the entry was first published, as unix milliseconds.
    pub published_at: Option<i64>,
    /// When the entry was last updated, as unix milliseconds.
    pub updated_at: Option<i64>,
    /// Category labels in document order, without duplicates.
    pub categories: Vec<String>,
    /// A representative image (absolute http/https), from media thumbnails, image
    /// enclosures or JSON Feed's `image`.
    pub image_url: Option<String>,
}

/// Something in the feed that was skipped, dropped or repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedWarning {
    /// The position of the entry in the document (0-based), when the warning is about one.
    pub entry_index: Option<usize>,
    /// What kind of problem it was, for counting and tests.
    pub kind: FeedWarningKind,
    /// A sentence for operators.
    pub message: String,
}

/// The kinds of [`FeedWarning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FeedWarningKind {
    /// An entry could not be read, or had neither a title nor a link, and was skipped.
    EntrySkipped,
    /// Entries beyond `ParseLimits::max_entries` were dropped.
    EntriesDropped,
    /// An entry's link was unusable (not http/https, or relative without a base) and was left out.
    LinkRejected,
    /// Some fields of an entry had the wrong type and were ignored.
    FieldsIgnored,
    /// Bytes that were invalid in the document's encoding were replaced with U+FFFD.
    InvalidBytesReplaced,
    /// The document was not well-formed, so its entries were read one by one.
    DocumentRepaired,
    /// The `base_url` argument was not an absolute URL and was ignored.
    BaseUrlIgnored,
}

impl FeedWarning {
    pub(crate) fn feed(kind: FeedWarningKind, message: impl Into<String>) -> Self {
        FeedWarning { entry_index: None, kind, message: message.into() }
    }

    pub(crate) fn entry(index: usize, kind: FeedWarningKind, message: impl Into<String>) -> Self {
        FeedWarning { entry_index: Some(index), kind, message: message.into() }
    }
}
