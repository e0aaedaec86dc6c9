//! Telling what a body is before parsing it: an XML feed, a JSON document, or something
//! that is not a feed at all (and then, in words, what it is instead).
//!
//! Deliberately shallow: only the start of the document is read (up to the root element),
//! and no feed is parsed here. Whether a JSON document is a JSON Feed is decided by
//! `json_feed`, which has to read it anyway.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::FeedError;

/// What a body turned out to be.
pub(crate) enum Syntax {
    /// XML whose root element is a feed root (`rss`, `RDF`, `feed`).
    Xml(XmlRoot),
    /// Something starting with `{`.
    Json,
}

/// The root element of an XML feed, with its place in the text so it can be rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlRoot {
    /// The qualified name as written, e.g. `rdf:RDF`.
    pub name: String,
    /// The local name, e.g. `RDF`.
    pub local_name: String,
    /// Attributes as (qualified name, unescaped value).
    pub attributes: Vec<(String, String)>,
    /// Byte range of the start tag in the text.
    pub start: usize,
    pub end: usize,
    /// Whether the root is an empty element (`<rss/>`).
    pub empty: bool,
}

impl XmlRoot {
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// How many leading characters are inspected for signs of binary data.
const BINARY_WINDOW: usize = 512;

/// Decides what `text` (decoded, without BOM, leading whitespace removed) is.
pub(crate) fn detect(text: &str) -> Result<Syntax, FeedError> {
    let not_a_feed = |found: &str| FeedError::NotAFeed { found: found.to_string() };
    if text.is_empty() {
        return Err(not_a_feed("an empty body"));
    }
    if looks_binary(text) {
        return Err(not_a_feed("binary data"));
    }
    if text.starts_with('{') {
        return Ok(Syntax::Json);
    }
    if text.starts_with('[') {
        return Err(not_a_feed("a JSON document that is not a JSON Feed"));
    }
    if !text.starts_with('<') {
        return Err(not_a_feed("plain text, neither XML nor JSON"));
    }
    let root = find_root(text).map_err(|found| FeedError::NotAFeed { found })?;
    match root.local_name.as_str() {
        "rss" | "RDF" | "feed" => Ok(Syntax::Xml(root)),
        "opml" => Err(not_a_feed("an OPML subscription list")),
        name if is_html_root(name) => Err(not_a_feed("an HTML page")),
        _ => Err(FeedError::NotAFeed { found: format!("an XML document whose root element is <{}>", root.name) }),
    }
}

/// Reads up to the root element. Errors say what the document is instead.
pub(crate) fn find_root(text: &str) -> Result<XmlRoot, String> {
    let mut reader = Reader::from_str(text);
    loop {
        let start = position(&reader);
        match reader.read_event() {
            Ok(Event::Start(tag)) => return Ok(root(&tag, start, position(&reader), false)),
            Ok(Event::Empty(tag)) => return Ok(root(&tag, start, position(&reader), true)),
            Ok(Event::DocType(doctype)) => {
                if doctype.trim_start().to_ascii_lowercase().starts_with("html") {
                    return Err("an HTML page".into());
                }
            }
            Ok(Event::Eof) => return Err("an XML document without elements".into()),
            Ok(_) => {}
            Err(_) if mentions_html(text) => return Err("an HTML page".into()),
            Err(_) => return Err("text that is not well-formed XML".into()),
        }
    }
}

fn root(tag: &BytesStart<'_>, start: usize, end: usize, empty: bool) -> XmlRoot {
    let attributes = tag
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|attribute| {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| attribute.value.to_string());
            (attribute.key.as_ref().to_string(), value)
        })
        .collect();
    XmlRoot {
        name: tag.name().as_ref().to_string(),
        local_name: tag.local_name().as_ref().to_string(),
        attributes,
        start,
        end,
        empty,
    }
}

fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

fn is_html_root(name: &str) -> bool {
    matches!(name.to_ascii_lowercase().as_str(), "html" | "head" | "body")
}

fn mentions_html(text: &str) -> bool {
    let head: String = text.chars().take(1024).collect::<String>().to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

fn looks_binary(text: &str) -> bool {
    let mut suspicious = 0;
    let mut total = 0;
    for c in text.chars().take(BINARY_WINDOW) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c == char::REPLACEMENT_CHARACTER || (c.is_control() && !c.is_whitespace()) {
            suspicious += 1;
        }
    }
    suspicious * 4 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> String {
        match detect(text) {
            Ok(Syntax::Json) => "JSON".into(),
            Ok(Syntax::Xml(root)) => format!("XML <{}>", root.name),
            Err(FeedError::NotAFeed { found }) => found,
            Err(other) => format!("{other:?}"),
        }
    }

    #[test]
    fn bodies_are_told_apart_by_their_start() {
        let cases = [
            ("", "an empty body"),
            ("{\"version\": 1}", "JSON"),
            ("[1, 2]", "a JSON document that is not a JSON Feed"),
            ("hello world", "plain text, neither XML nor JSON"),
            ("<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>", "XML <rss>"),
            ("<rdf:RDF xmlns:rdf='r'/>", "XML <rdf:RDF>"),
            ("<!-- hi --><feed xmlns='http://www.w3.org/2005/Atom'>", "XML <feed>"),
            ("<!DOCTYPE html><html><body>hi", "an HTML page"),
            ("<!doctype HTML>\n<meta charset=utf-8><p>hi", "an HTML page"),
            ("<html lang=en><head>", "an HTML page"),
            ("<opml version='2.0'/>", "an OPML subscription list"),
            ("<svg xmlns='http://www.w3.org/2000/svg'/>", "an XML document whose root element is <svg>"),
            ("<", "text that is not well-formed XML"),
            ("\u{fffd}\u{fffd}\u{fffd}PNG\u{1a}\u{fffd}", "binary data"),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), expected, "input: {text:?}");
        }
    }

    #[test]
    fn the_root_start_tag_is_located_exactly() {
        let text = "<?xml version='1.0'?>\n<rss version=\"0.94\" xmlns:a='x&amp;y'>\n<channel/></rss>";
        let root = find_root(text).unwrap();
        assert_eq!(&text[root.start..root.end], "<rss version=\"0.94\" xmlns:a='x&amp;y'>");
        assert_eq!(root.attribute("version"), Some("0.94"));
        assert_eq!(root.attribute("xmlns:a"), Some("x&y"));
    }
}
