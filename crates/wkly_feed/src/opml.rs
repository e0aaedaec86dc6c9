//! OPML subscription lists: reading one into a flat list of sources, and writing one.
//!
//! Reading flattens nested outlines: a source's category is the text of the innermost
//! enclosing outline that is not itself a feed, else its own `category` attribute (the first
//! path in it). Outlines without `xmlUrl` are folders or links, never sources. Writing groups
//! consecutive sources of one category into a folder outline, so writing then reading gives
//! back the same list in the same order.
//!
//! Deliberately not done: DTD entities (never expanded; unknown references stay literal),
//! fetching or validating the feed URLs, or keeping OPML's other attributes.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::FeedError;
use crate::ParseLimits;
use crate::encoding;

/// One subscription from an OPML list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OpmlSource {
    /// The display name (`text`, else `title`, else the feed URL).
    pub title: String,
    /// The feed's URL (`xmlUrl`), as written.
    pub xml_url: String,
    /// The website's URL (`htmlUrl`), if given.
    pub html_url: Option<String>,
    /// The folder the source was filed under, if any.
    pub category: Option<String>,
}

/// Reads the sources of an OPML subscription list, in document order.
///
/// # Errors
///
/// [`FeedError::TooLarge`] over the default byte limit, and [`FeedError::NotOpml`] when the
/// body is not OPML or is not well-formed XML (a half-read import would lose sources
/// silently).
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<OpmlSource>, FeedError> {
    let limit = ParseLimits::default().max_bytes;
    if bytes.len() > limit {
        return Err(FeedError::TooLarge { limit });
    }
    let not_opml = |reason: &str| FeedError::NotOpml { reason: reason.to_string() };
    let decoded = encoding::decode(bytes);
    let text = encoding::declare_utf8(decoded.text.trim_start());
    if text.is_empty() {
        return Err(not_opml("it is an empty body"));
    }

    let mut reader = Reader::from_str(&text);
    let mut sources = Vec::new();
    // One entry per open <outline>: the folder name it gives its children, if any.
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut seen_root = false;
    loop {
        let (tag, is_start) = match reader.read_event() {
            Ok(Event::Start(tag)) => (tag, true),
            Ok(Event::Empty(tag)) => (tag, false),
            Ok(Event::End(tag)) => {
                if tag.local_name().as_ref() == "outline" {
                    folders.pop();
                }
                continue;
            }
            Ok(Event::DocType(doctype)) => {
                if doctype.trim_start().to_ascii_lowercase().starts_with("html") {
                    return Err(not_opml("it is an HTML page"));
                }
                continue;
            }
            Ok(Event::Eof) => break,
            Ok(_) => continue,
            Err(error) => {
                return Err(FeedError::NotOpml {
                    reason: format!("it is not well-formed XML ({error} at byte {})", reader.error_position()),
                });
            }
        };
        let name = tag.local_name().as_ref().to_string();
        if !seen_root {
            if name.eq_ignore_ascii_case("html") {
                return Err(not_opml("it is an HTML page"));
            }
            if name != "opml" {
                return Err(FeedError::NotOpml { reason: format!("its root element is <{name}>, not <opml>") });
            }
            seen_root = true;
            continue;
        }
        if name != "outline" {
            continue;
        }
        let outline = Outline::read(&tag);
        let folder = match &outline.xml_url {
            Some(xml_url) => {
                let category = folders.iter().rev().find_map(Clone::clone).or_else(|| outline.category_attribute());
                sources.push(OpmlSource {
                    title: outline.label().unwrap_or_else(|| xml_url.clone()),
                    xml_url: xml_url.clone(),
                    html_url: outline.html_url.clone(),
                    category,
                });
                None
            }
            None => outline.label(),
        };
        if is_start {
            folders.push(folder);
        }
    }
    if !seen_root {
        return Err(not_opml("it has no elements"));
    }
    Ok(sources)
}

/// Writes an OPML 2.0 document listing `sources`, grouping consecutive sources of the same
/// category into a folder outline.
pub fn write_opml(title: &str, sources: &[OpmlSource]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!("  <head>\n    <title>{}</title>\n  </head>\n  <body>\n", escape(title)));
    let mut rest = sources;
    while let Some(first) = rest.first() {
        let run = rest.iter().take_while(|s| s.category == first.category).count();
        let (group, after) = rest.split_at(run);
        match &first.category {
            Some(category) => {
                let category = escape(category);
                out.push_str(&format!("    <outline text=\"{category}\" title=\"{category}\">\n"));
                for source in group {
                    write_source(&mut out, source, "      ");
                }
                out.push_str("    </outline>\n");
            }
            None => {
                for source in group {
                    write_source(&mut out, source, "    ");
                }
            }
        }
        rest = after;
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_source(out: &mut String, source: &OpmlSource, indent: &str) {
    let title = escape(&source.title);
    out.push_str(&format!(
        "{indent}<outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"",
        escape(&source.xml_url)
    ));
    if let Some(html_url) = &source.html_url {
        out.push_str(&format!(" htmlUrl=\"{}\"", escape(html_url)));
    }
    out.push_str("/>\n");
}

/// Escapes text for an attribute value or element content. Whitespace other than spaces is
/// written as a reference so parsers do not normalise it away; characters XML 1.0 cannot
/// carry are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The attributes of an `<outline>` that matter here. Names are matched case-insensitively
/// because exporters disagree (`xmlUrl`, `xmlurl`).
struct Outline {
    text: Option<String>,
    title: Option<String>,
    xml_url: Option<String>,
    html_url: Option<String>,
    category: Option<String>,
}

impl Outline {
    fn read(tag: &BytesStart<'_>) -> Outline {
        let mut outline = Outline { text: None, title: None, xml_url: None, html_url: None, category: None };
        for attribute in tag.attributes().with_checks(false).flatten() {
            // References are resolved (predefined, numeric, HTML named); an unknown one
            // keeps the raw value rather than being looked up anywhere.
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| attribute.value.to_string());
            let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
            let key = attribute.key.local_name().as_ref().to_ascii_lowercase();
            match key.as_str() {
                "text" => outline.text = value,
                "title" => outline.title = value,
                "xmlurl" => outline.xml_url = value,
                "htmlurl" => outline.html_url = value,
                "category" => outline.category = value,
                _ => {}
            }
        }
        outline
    }

    fn label(&self) -> Option<String> {
        self.text.clone().or_else(|| self.title.clone())
    }

    /// OPML's `category` is a comma-separated list of slash-delimited paths; the first path
    /// is taken, without its outer slashes.
    fn category_attribute(&self) -> Option<String> {
        let first = self.category.as_deref()?.split(',').next()?;
        Some(first.trim().trim_matches('/').trim().to_string()).filter(|c| !c.is_empty())
    }
}
