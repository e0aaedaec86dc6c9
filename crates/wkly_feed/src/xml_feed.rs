//! RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 1.0, read with feed-rs.
//!
//! Before feed-rs: root elements feed-rs does not dispatch on are rewritten (an `<rss>`
//! without version or with 0.93/0.94/2.0.1 is read as 2.0; RSS 0.90's namespace is read as
//! RSS 1.0's). After a rejection: the `repair` module's second chances, so a broken
//! entry costs only itself.
//!
//! Deliberately not done: resolving DTD entities of any kind. feed-rs keeps references it
//! does not know (`&lol9;`, `&xxe;`) as literal text, so entity expansion and external
//! entities cannot happen; this module never adds a resolver.

use std::borrow::Cow;

use feed_rs::model::{Feed, FeedType};
use url::Url;

use crate::detect::XmlRoot;
use crate::entry::{self, Channel};
use crate::feedrs::{self, Failure};
use crate::media;
use crate::model::{FeedKind, FeedWarning, FeedWarningKind, ParsedFeed};
use crate::repair;
use crate::{FeedError, ParseLimits};

const RSS_090_NAMESPACE: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_10_NAMESPACE: &str = "http://purl.org/rss/1.0/";

/// The largest channel header (everything before the first entry) the entry-by-entry
/// repair accepts: each entry is parsed behind a copy of it.
const MAX_REPAIR_HEADER: usize = 64 * 1024;

/// Parses an XML feed whose root element `detect` found.
pub(crate) fn parse(
    text: &str,
    root: &XmlRoot,
    base: Option<&Url>,
    limits: &ParseLimits,
    mut warnings: Vec<FeedWarning>,
) -> Result<ParsedFeed, FeedError> {
    let (text, kind_override) = normalise_root(text, root);
    let first_error = match feedrs::parse(text.as_bytes(), base) {
        Ok(feed) => {
            return Ok(from_feed(feed, &text, kind_override, base, limits, warnings));
        }
        Err(Failure::NoFeedRoot) => {
            return Err(FeedError::Malformed {
                reason: format!(
                    "the <{}> document has no {}",
                    root.name,
                    if root.local_name == "feed" { "content" } else { "<channel>" }
                ),
            });
        }
        Err(failure) => failure.describe(),
    };

    let text = match repair::escape_stray_ampersands(&text) {
        Some(escaped) => match feedrs::parse(escaped.as_bytes(), base) {
            Ok(feed) => {
                warnings.push(FeedWarning::feed(
                    FeedWarningKind::DocumentRepaired,
                    format!("the document is not well-formed XML ({first_error}); stray '&' characters were escaped"),
                ));
                return Ok(from_feed(feed, &escaped, kind_override, base, limits, warnings));
            }
            Err(_) => Cow::Owned(escaped),
        },
        None => text,
    };
    entry_by_entry(&text, root, &first_error, kind_override, base, limits, warnings)
}

/// The last resort: the channel header is parsed alone, then each entry behind a copy of it.
fn entry_by_entry(
    text: &str,
    root: &XmlRoot,
    first_error: &str,
    kind_override: Option<FeedKind>,
    base: Option<&Url>,
    limits: &ParseLimits,
    mut warnings: Vec<FeedWarning>,
) -> Result<ParsedFeed, FeedError> {
    let malformed = |why: &str| FeedError::Malformed { reason: format!("{first_error}{why}") };
    let tag = if root.local_name == "feed" { "entry" } else { "item" };
    let ranges = repair::entry_ranges(text, tag);
    let Some(first) = ranges.first() else {
        return Err(malformed(""));
    };
    let header = &text[..first.start];
    if header.len() > MAX_REPAIR_HEADER {
        return Err(malformed("; the channel header is too large to repair"));
    }
    let closing = repair::closing_tags(header).ok_or_else(|| malformed("; the channel header itself is broken"))?;
    let channel_feed = feedrs::parse(format!("{header}{closing}").as_bytes(), base)
        .map_err(|_| malformed("; the channel header itself is broken"))?;

    warnings.push(FeedWarning::feed(
        FeedWarningKind::DocumentRepaired,
        format!("the document could not be read as a whole ({first_error}); its entries were read one by one"),
    ));
    let kind = kind_override.unwrap_or_else(|| kind_of(&channel_feed.feed_type));
    let channel = Channel::from_feed(&channel_feed, kind, base);
    let mut entries = Vec::new();
    for (index, range) in ranges.iter().enumerate().take(limits.max_entries) {
        let document = format!("{header}{}{closing}", &text[range.clone()]);
        match feedrs::parse(document.as_bytes(), base) {
            Ok(mut feed) if feed.entries.len() == 1 => {
                let entry = feed.entries.remove(0);
                let image = media::entry_images(&document).into_iter().next().flatten();
                entries.extend(entry::convert(entry, index, kind, &channel, image.as_deref(), &mut warnings));
            }
            Ok(_) => warnings.push(FeedWarning::entry(
                index,
                FeedWarningKind::EntrySkipped,
                "entry could not be read as one entry",
            )),
            Err(failure) => warnings.push(FeedWarning::entry(
                index,
                FeedWarningKind::EntrySkipped,
                format!("entry could not be read: {}", failure.describe()),
            )),
        }
    }
    push_dropped(ranges.len(), limits, &mut warnings);
    Ok(assemble(kind, channel, entries, warnings))
}

fn from_feed(
    feed: Feed,
    text: &str,
    kind_override: Option<FeedKind>,
    base: Option<&Url>,
    limits: &ParseLimits,
    mut warnings: Vec<FeedWarning>,
) -> ParsedFeed {
    let kind = kind_override.unwrap_or_else(|| kind_of(&feed.feed_type));
    let channel = Channel::from_feed(&feed, kind, base);
    let total = feed.entries.len();
    let images = media::entry_images(text);
    let mut entries = Vec::new();
    for (index, entry) in feed.entries.into_iter().enumerate().take(limits.max_entries) {
        let image = images.get(index).cloned().flatten();
        entries.extend(entry::convert(entry, index, kind, &channel, image.as_deref(), &mut warnings));
    }
    push_dropped(total, limits, &mut warnings);
    assemble(kind, channel, entries, warnings)
}

pub(crate) fn assemble(
    kind: FeedKind,
    channel: Channel,
    entries: Vec<crate::FeedEntry>,
    warnings: Vec<FeedWarning>,
) -> ParsedFeed {
    ParsedFeed {
        kind,
        title: channel.title,
        site_url: channel.site_url,
        description: channel.description,
        language: channel.language,
        entries,
        warnings,
    }
}

pub(crate) fn push_dropped(total: usize, limits: &ParseLimits, warnings: &mut Vec<FeedWarning>) {
    if total > limits.max_entries {
        warnings.push(FeedWarning::feed(
            FeedWarningKind::EntriesDropped,
            format!(
                "the feed has {total} entries; the {} beyond the limit of {} were dropped",
                total - limits.max_entries,
                limits.max_entries
            ),
        ));
    }
}

pub(crate) fn kind_of(feed_type: &FeedType) -> FeedKind {
    match feed_type {
        FeedType::Atom => FeedKind::Atom,
        FeedType::JSON => FeedKind::JsonFeed,
        FeedType::RSS0 => FeedKind::Rss0,
        FeedType::RSS1 => FeedKind::Rss1,
        FeedType::RSS2 => FeedKind::Rss2,
    }
}

/// Rewrites root elements feed-rs would refuse into ones it reads, and says which kind the
/// feed really is when the rewrite hides it.
fn normalise_root<'a>(text: &'a str, root: &XmlRoot) -> (Cow<'a, str>, Option<FeedKind>) {
    match root.local_name.as_str() {
        "rss" if !matches!(root.attribute("version"), Some("2.0" | "0.91" | "0.92")) => {
            (rewrite_root(text, root, "version", "2.0"), Some(FeedKind::Rss2))
        }
        "RDF" if root.attribute("xmlns") == Some(RSS_090_NAMESPACE) => {
            (rewrite_root(text, root, "xmlns", RSS_10_NAMESPACE), Some(FeedKind::Rss0))
        }
        _ => (Cow::Borrowed(text), None),
    }
}

fn rewrite_root<'a>(text: &'a str, root: &XmlRoot, key: &str, value: &str) -> Cow<'a, str> {
    let mut tag = format!("<{}", root.name);
    for (name, current) in &root.attributes {
        if name != key {
            tag.push_str(&format!(" {name}=\"{}\"", escape_attribute(current)));
        }
    }
    tag.push_str(&format!(" {key}=\"{value}\""));
    tag.push_str(if root.empty { "/>" } else { ">" });
    Cow::Owned(format!("{}{tag}{}", &text[..root.start], &text[root.end..]))
}

fn escape_attribute(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}
