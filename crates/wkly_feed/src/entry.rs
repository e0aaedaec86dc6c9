//! From feed-rs's model to ours: the channel fields and one [`FeedEntry`] per feed-rs entry.
//!
//! This is where wkly's rules live: which link is the article, how an id is made stable,
//! when text is HTML, which image represents the entry, and when an entry is not worth
//! keeping (neither a title nor a usable link).
//!
//! Deliberately not done here: reading bytes (see `xml_feed`, `json_feed`), sanitising
//! `content_html`, or deciding whether an entry is news.

use feed_rs::model::{Entry, Feed, Link, Person, Text};
use url::Url;

use crate::link;
use crate::model::{FeedEntry, FeedKind, FeedWarning, FeedWarningKind};
use crate::text::{collapse_whitespace, decode_references, html_to_text};

/// The channel-level fields, and what entries inherit from the channel.
pub(crate) struct Channel {
    pub title: String,
    pub site_url: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// What relative entry links are resolved against: the caller's base URL, else the site.
    pub base: Option<Url>,
    /// The feed's authors, for entries that name none.
    pub authors: Vec<String>,
}

impl Channel {
    pub(crate) fn from_feed(feed: &Feed, kind: FeedKind, base: Option<&Url>) -> Channel {
        let site = feed.links.iter().filter(|l| is_page_link(l)).find_map(|l| link::resolve(&l.href, base).ok());
        let mut channel = Channel {
            title: feed.title.as_ref().map(|t| title_text(t, kind)).unwrap_or_default(),
            site_url: site.as_ref().map(|url| url.to_string()),
            description: feed.description.as_ref().map(|t| summary_text(t, kind)).filter(|d| !d.is_empty()),
            language: feed.language.as_deref().map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()),
            base: None,
            authors: feed.authors.iter().filter_map(person_name).collect(),
        };
        channel.base = base.cloned().or(site);
        channel
    }
}

/// Turns one feed-rs entry into ours, or `None` (with a warning) when it has neither a
/// title nor a usable link. `extra_image` is an image found outside feed-rs's model (JSON
/// Feed's `image`, Media RSS thumbnails feed-rs drops).
pub(crate) fn convert(
    entry: Entry,
    index: usize,
    kind: FeedKind,
    channel: &Channel,
    extra_image: Option<&str>,
    warnings: &mut Vec<FeedWarning>,
) -> Option<FeedEntry> {
    let title = entry.title.as_ref().map(|t| title_text(t, kind)).unwrap_or_default();
    let source_id = entry.id.trim().to_string();

    let href = entry
        .links
        .iter()
        .find(|l| is_page_link(l))
        .map(|l| l.href.clone())
        // RSS guids are permalinks unless marked otherwise; many feeds have no <link>.
        .or_else(|| is_web_url(&source_id).then(|| source_id.clone()));
    let url = href.and_then(|href| match link::entry_url(&href, channel.base.as_ref()) {
        Ok(url) => Some(url),
        Err(problem) => {
            warnings.push(FeedWarning::entry(index, FeedWarningKind::LinkRejected, problem.describe(&href)));
            None
        }
    });
    if title.is_empty() && url.is_none() {
        warnings.push(FeedWarning::entry(
            index,
            FeedWarningKind::EntrySkipped,
            "entry has neither a title nor a usable link",
        ));
        return None;
    }

    let published_at = entry.published.map(|t| t.timestamp_millis());
    let updated_at = entry.updated.map(|t| t.timestamp_millis());
    let id = if !source_id.is_empty() {
        source_id
    } else if let Some(url) = &url {
        url.clone()
    } else {
        hashed_id(&title, published_at.or(updated_at))
    };

    let content_html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref().map(|body| (body, &c.content_type)))
        .filter(|(body, _)| !body.trim().is_empty())
        .map(|(body, media_type)| if is_html(media_type.as_ref()) { body.to_string() } else { escape_html(body) })
        .or_else(|| entry.summary.as_ref().filter(|s| summary_is_html(s, kind)).map(|s| s.content.clone()))
        .unwrap_or_default();
    let summary = entry
        .summary
        .as_ref()
        .map(|s| summary_text(s, kind))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| html_to_text(&content_html));

    let author = entry.authors.iter().find_map(person_name).or_else(|| channel.authors.first().cloned());

    let mut categories: Vec<String> = Vec::new();
    for category in &entry.categories {
        let label = category.label.as_deref().filter(|l| !l.trim().is_empty()).unwrap_or(&category.term);
        let label = collapse_whitespace(&decode_references(label));
        if !label.is_empty() && !categories.contains(&label) {
            categories.push(label);
        }
    }

    let image_url = image_candidates(&entry, extra_image)
        .into_iter()
        .find_map(|href| link::resolve(&href, channel.base.as_ref()).ok())
        .map(String::from);

    Some(FeedEntry { id, url, title, summary, content_html, author, published_at, updated_at, categories, image_url })
}

/// Image URLs in order of preference: media thumbnails, image media, the format's own
/// image field, image enclosures among the links.
fn image_candidates(entry: &Entry, extra_image: Option<&str>) -> Vec<String> {
    let thumbnails = entry.media.iter().flat_map(|m| &m.thumbnails).map(|t| t.image.uri.clone());
    let images = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .filter(|c| c.content_type.as_ref().is_some_and(|t| t.to_string().starts_with("image/")))
        .filter_map(|c| c.url.as_ref().map(Url::to_string));
    let enclosures = entry
        .links
        .iter()
        .filter(|l| {
            l.rel.as_deref() == Some("enclosure") && l.media_type.as_deref().is_some_and(|t| t.starts_with("image/"))
        })
        .map(|l| l.href.clone());
    thumbnails.chain(images).chain(extra_image.map(str::to_string)).chain(enclosures).collect()
}

/// Whether a link points at the entry's (or feed's) web page rather than at comments,
/// the feed itself, or an attachment.
fn is_page_link(link: &Link) -> bool {
    let rel_ok = matches!(link.rel.as_deref(), None | Some("alternate"));
    let type_ok = link.media_type.as_deref().is_none_or(is_html);
    link.target.is_none() && rel_ok && type_ok && !link.href.trim().is_empty()
}

fn is_web_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn is_html(media_type: &str) -> bool {
    media_type.contains("html")
}

/// Titles: HTML when the feed says so; RSS titles are plain text but often escaped twice
/// (`AT&amp;amp;T`), so their references are decoded once.
fn title_text(text: &Text, kind: FeedKind) -> String {
    if is_html(text.content_type.as_ref()) {
        html_to_text(&text.content)
    } else if matches!(kind, FeedKind::Rss0 | FeedKind::Rss1 | FeedKind::Rss2) {
        collapse_whitespace(&decode_references(&text.content))
    } else {
        collapse_whitespace(&text.content)
    }
}

/// RSS descriptions are HTML in practice whatever they are labelled; Atom and JSON Feed
/// say which they are.
fn summary_is_html(text: &Text, kind: FeedKind) -> bool {
    matches!(kind, FeedKind::Rss0 | FeedKind::Rss1 | FeedKind::Rss2) || is_html(text.content_type.as_ref())
}

fn summary_text(text: &Text, kind: FeedKind) -> String {
    if summary_is_html(text, kind) { html_to_text(&text.content) } else { collapse_whitespace(&text.content) }
}

/// A person's display name, else their e-mail address.
fn person_name(person: &Person) -> Option<String> {
    let trim = |s: &str| collapse_whitespace(s.trim_matches(|c: char| c.is_whitespace() || "()<>[]\"".contains(c)));
    person
        .name
        .as_deref()
        .map(trim)
        .filter(|n| !n.is_empty())
        .or_else(|| person.email.as_deref().map(trim).filter(|e| !e.is_empty()))
}

/// An id for an entry with neither guid nor link: FNV-1a over title and date, which is
/// stable across runs and Rust versions (unlike `DefaultHasher`).
fn hashed_id(title: &str, date: Option<i64>) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let date = date.map(|d| d.to_string()).unwrap_or_default();
    let hash = title
        .bytes()
        .chain([0x1f])
        .chain(date.bytes())
        .fold(OFFSET, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME));
    format!("wkly:{hash:016x}")
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_ids_are_stable_and_depend_on_title_and_date() {
        assert_eq!(hashed_id("A title", Some(1)), hashed_id("A title", Some(1)));
        assert_ne!(hashed_id("A title", Some(1)), hashed_id("A title", Some(2)));
        assert_ne!(hashed_id("A title", None), hashed_id("Another", None));
        // Pinned so that a change of algorithm, which would duplicate stories, fails here.
        assert_eq!(hashed_id("", None), "wkly:af63d24c8601db8e");
    }

    #[test]
    fn plain_content_is_escaped_into_html() {
        assert_eq!(escape_html("1 < 2 & \"q\""), "1 &lt; 2 &amp; &quot;q&quot;");
    }
}
