//! JSON Feed 1.0 and 1.1, read with feed-rs one item at a time.
//!
//! feed-rs deserialises a JSON Feed in one piece, so a single item with a numeric `id` (which
//! the spec says readers must accept) or a `tags` string instead of a list fails the whole
//! feed. Here the document is read as plain JSON first; each item is checked field by field
//! (numbers coerced to string ids, fields of the wrong type dropped with a warning) and then
//! handed to feed-rs on its own, so a broken item costs only itself. `image`/`banner_image`,
//! which feed-rs does not map, are read here.
//!
//! Deliberately not done: JSON Feed versions other than 1.x, and the `_extension` objects.

use serde_json::{Map, Value};
use url::Url;

use crate::entry::{self, Channel};
use crate::feedrs;
use crate::link;
use crate::model::{FeedKind, FeedWarning, FeedWarningKind, ParsedFeed};
use crate::xml_feed::{assemble, push_dropped};
use crate::{FeedError, ParseLimits};

/// The version feed-rs is given, whatever 1.x the document declares (feed-rs insists on
/// the `https` form, which some 1.0 feeds do not use).
const VERSION: &str = "https://jsonfeed.org/version/1.1";

const HEADER_STRING_FIELDS: &[&str] = &["home_page_url", "feed_url", "description", "language", "icon", "favicon"];

const ITEM_STRING_FIELDS: &[&str] = &[
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "language",
];

/// Parses a body that starts with `{`.
pub(crate) fn parse(
    text: &str,
    base: Option<&Url>,
    limits: &ParseLimits,
    mut warnings: Vec<FeedWarning>,
) -> Result<ParsedFeed, FeedError> {
    let not_json_feed = || FeedError::NotAFeed { found: "a JSON document that is not a JSON Feed".into() };
    let value: Value = serde_json::from_str(text).map_err(|error| {
        if text.contains("jsonfeed.org/version/") {
            FeedError::Malformed { reason: format!("invalid JSON: {error}") }
        } else {
            FeedError::NotAFeed { found: "malformed JSON".into() }
        }
    })?;
    let Value::Object(mut document) = value else {
        return Err(not_json_feed());
    };
    let version = document.get("version").and_then(Value::as_str).unwrap_or_default().to_string();
    if !version.contains("jsonfeed.org/version/") {
        return Err(not_json_feed());
    }
    if !version.contains("jsonfeed.org/version/1") {
        return Err(FeedError::Malformed { reason: format!("unsupported JSON Feed version {version:?}") });
    }

    let items = match document.remove("items") {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let header = header(document);
    let home_page = header.get("home_page_url").and_then(Value::as_str).map(str::to_owned);
    let feed_url = header.get("feed_url").and_then(Value::as_str).map(str::to_owned);

    let channel_feed = serde_json::to_vec(&Value::Object(header))
        .ok()
        .and_then(|bytes| feedrs::parse(&bytes, None).ok())
        .ok_or_else(|| FeedError::Malformed { reason: "the JSON Feed's top-level fields cannot be read".into() })?;
    let mut channel = Channel::from_feed(&channel_feed, FeedKind::JsonFeed, base);
    // feed-rs lists home_page_url and feed_url alike; only the first is the site.
    let site = home_page.and_then(|href| link::resolve(&href, base).ok());
    channel.site_url = site.as_ref().map(Url::to_string);
    channel.base = base.cloned().or(site).or_else(|| feed_url.and_then(|href| link::resolve(&href, None).ok()));

    let total = items.len();
    let mut entries = Vec::new();
    for (index, item) in items.into_iter().enumerate().take(limits.max_entries) {
        let Value::Object(mut item) = item else {
            warnings.push(FeedWarning::entry(index, FeedWarningKind::EntrySkipped, "entry is not a JSON object"));
            continue;
        };
        let ignored = normalise_item(&mut item);
        if !ignored.is_empty() {
            warnings.push(FeedWarning::entry(
                index,
                FeedWarningKind::FieldsIgnored,
                format!("fields of the wrong type were ignored: {}", ignored.join(", ")),
            ));
        }
        let image =
            ["image", "banner_image"].iter().find_map(|key| item.get(*key).and_then(Value::as_str)).map(str::to_owned);
        let single = serde_json::json!({ "version": VERSION, "title": "", "items": [item] });
        let parsed = serde_json::to_vec(&single)
            .map_err(|error| error.to_string())
            .and_then(|bytes| feedrs::parse(&bytes, None).map_err(|f| f.describe()));
        match parsed {
            Ok(mut feed) if feed.entries.len() == 1 => {
                let entry = feed.entries.remove(0);
                entries.extend(entry::convert(
                    entry,
                    index,
                    FeedKind::JsonFeed,
                    &channel,
                    image.as_deref(),
                    &mut warnings,
                ));
            }
            Ok(_) => warnings.push(FeedWarning::entry(
                index,
                FeedWarningKind::EntrySkipped,
                "entry could not be read as one entry",
            )),
            Err(error) => warnings.push(FeedWarning::entry(
                index,
                FeedWarningKind::EntrySkipped,
                format!("entry could not be read: {error}"),
            )),
        }
    }
    push_dropped(total, limits, &mut warnings);
    Ok(assemble(FeedKind::JsonFeed, channel, entries, warnings))
}

/// The top-level fields feed-rs can read, with the required ones present.
fn header(mut document: Map<String, Value>) -> Map<String, Value> {
    let mut header = Map::new();
    header.insert("version".into(), VERSION.into());
    let title = match document.remove("title") {
        Some(Value::String(title)) => title,
        _ => String::new(),
    };
    header.insert("title".into(), title.into());
    for key in HEADER_STRING_FIELDS {
        if let Some(value @ Value::String(_)) = document.remove(*key) {
            header.insert((*key).into(), value);
        }
    }
    if let Some(author) = document.remove("author").and_then(author) {
        header.insert("author".into(), author);
    }
    if let Some(Value::Array(authors)) = document.remove("authors") {
        let authors: Vec<Value> = authors.into_iter().filter_map(author).collect();
        header.insert("authors".into(), authors.into());
    }
    header.insert("items".into(), Value::Array(Vec::new()));
    header
}

/// Makes an item readable by feed-rs: ids that are numbers become strings, and fields of the
/// wrong type are removed. Returns the names of the fields that were removed.
fn normalise_item(item: &mut Map<String, Value>) -> Vec<String> {
    let mut ignored = Vec::new();
    match item.remove("id") {
        Some(Value::String(id)) => {
            item.insert("id".into(), id.into());
        }
        Some(Value::Number(id)) => {
            item.insert("id".into(), id.to_string().into());
        }
        Some(Value::Null) | None => {}
        Some(_) => ignored.push("id".to_string()),
    }
    for key in ITEM_STRING_FIELDS {
        match item.get(*key) {
            Some(Value::String(_)) | None => {}
            Some(Value::Null) => {
                item.remove(*key);
            }
            Some(_) => {
                item.remove(*key);
                ignored.push((*key).to_string());
            }
        }
    }
    match item.remove("tags") {
        Some(Value::Array(tags)) => {
            let count = tags.len();
            let tags: Vec<Value> = tags.into_iter().filter(Value::is_string).collect();
            if tags.len() != count {
                ignored.push("tags (some)".into());
            }
            item.insert("tags".into(), tags.into());
        }
        Some(Value::Null) | None => {}
        Some(_) => ignored.push("tags".into()),
    }
    match item.remove("author") {
        Some(Value::Null) | None => {}
        Some(value) => match author(value) {
            Some(author) => {
                item.insert("author".into(), author);
            }
            None => ignored.push("author".into()),
        },
    }
    match item.remove("authors") {
        Some(Value::Array(authors)) => {
            let authors: Vec<Value> = authors.into_iter().filter_map(author).collect();
            item.insert("authors".into(), authors.into());
        }
        Some(Value::Null) | None => {}
        Some(_) => ignored.push("authors".into()),
    }
    match item.remove("attachments") {
        Some(Value::Array(attachments)) => {
            let attachments: Vec<Value> = attachments.into_iter().filter(is_attachment).collect();
            item.insert("attachments".into(), attachments.into());
        }
        Some(Value::Null) | None => {}
        Some(_) => ignored.push("attachments".into()),
    }
    ignored
}

/// An author object with only the string fields feed-rs reads.
fn author(value: Value) -> Option<Value> {
    let Value::Object(mut fields) = value else {
        return None;
    };
    let mut author = Map::new();
    for key in ["name", "url"] {
        if let Some(value @ Value::String(_)) = fields.remove(key) {
            author.insert(key.into(), value);
        }
    }
    Some(Value::Object(author))
}

fn is_attachment(value: &Value) -> bool {
    value.get("url").is_some_and(Value::is_string)
        && value.get("mime_type").is_some_and(Value::is_string)
        && value.get("title").is_none_or(|t| t.is_string() || t.is_null())
        && value.get("size_in_bytes").is_none_or(|s| s.is_u64() || s.is_null())
}
