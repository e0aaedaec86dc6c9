//! Second chances for XML feeds that are not well-formed.
//!
//! Two repairs, tried in order when feed-rs rejects a document: escape stray `&`s (the most
//! common breakage, e.g. `<title>Q&A</title>`), then cut the document into its entries and
//! read each one on its own behind the channel header, so one broken entry costs only
//! itself. Both work on text, skipping CDATA sections, comments, processing instructions
//! and the DOCTYPE so their content is never changed or split.
//!
//! Deliberately not a general XML fixer: no guessing of missing end tags inside an entry,
//! no re-nesting. An entry that is still broken after these repairs is skipped with a warning.

use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::Event;

/// Escapes every `&` that does not start a character or entity reference. Returns `None`
/// when there was none, so the caller knows a retry would not help.
pub(crate) fn escape_stray_ampersands(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find(['<', '&']) {
        let pos = at + offset;
        if text[pos..].starts_with('<') {
            at = skip_unparsed(text, pos).unwrap_or(pos + 1);
            continue;
        }
        if !starts_reference(&text[pos + 1..]) {
            out.push_str(&text[copied..pos]);
            out.push_str("&amp;");
            copied = pos + 1;
            changed = true;
        }
        at = pos + 1;
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The byte ranges of the `<tag>...</tag>` elements (entries) in document order. An entry
/// that is not closed before the next one starts, or before the end, is still returned (it
/// will fail to parse and be reported).
pub(crate) fn entry_ranges(text: &str, tag: &str) -> Vec<Range<usize>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut ranges = Vec::new();
    let mut current: Option<usize> = None;
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let pos = at + offset;
        if let Some(after) = skip_unparsed(text, pos) {
            at = after;
            continue;
        }
        let rest = &text[pos..];
        if is_tag(rest, &open) {
            if let Some(start) = current.take() {
                ranges.push(start..pos);
            }
            let tag_end = rest.find('>').map_or(text.len(), |gt| pos + gt + 1);
            if text[..tag_end].ends_with("/>") {
                ranges.push(pos..tag_end);
            } else {
                current = Some(pos);
            }
            at = tag_end;
        } else if is_tag(rest, &close) {
            let tag_end = rest.find('>').map_or(text.len(), |gt| pos + gt + 1);
            if let Some(start) = current.take() {
                ranges.push(start..tag_end);
            }
            at = tag_end;
        } else {
            at = pos + 1;
        }
    }
    if let Some(start) = current {
        ranges.push(start..text.len());
    }
    ranges
}

/// The end tags that close every element still open at the end of `prefix`, innermost
/// first, e.g. `</channel></rss>`. `None` when the prefix itself is not well-formed.
pub(crate) fn closing_tags(prefix: &str) -> Option<String> {
    let mut reader = Reader::from_str(prefix);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag)) => open.push(tag.name().as_ref().to_string()),
            Ok(Event::End(_)) => {
                open.pop()?;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    if open.is_empty() {
        return None;
    }
    Some(open.iter().rev().map(|name| format!("</{name}>")).collect())
}

/// If `pos` starts a CDATA section, comment, processing instruction or DOCTYPE, the
/// position just after it (or the end of the text when it is never closed).
fn skip_unparsed(text: &str, pos: usize) -> Option<usize> {
    let rest = &text[pos..];
    let (opener, closer) = if rest.starts_with("<![CDATA[") {
        ("<![CDATA[", "]]>")
    } else if rest.starts_with("<!--") {
        ("<!--", "-->")
    } else if rest.starts_with("<?") {
        ("<?", "?>")
    } else if rest.starts_with("<!") {
        // A DOCTYPE may hold an internal subset whose declarations contain `>`.
        let gt = rest.find('>').unwrap_or(rest.len());
        let closer = if rest[..gt].contains('[') { "]>" } else { ">" };
        ("<!", closer)
    } else {
        return None;
    };
    let body = pos + opener.len();
    Some(text[body..].find(closer).map_or(text.len(), |end| body + end + closer.len()))
}

fn is_tag(rest: &str, name: &str) -> bool {
    rest.starts_with(name)
        && rest[name.len()..].chars().next().is_some_and(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
}

/// Whether text after an `&` is a well-formed reference (`#38;`, `#x26;`, `name;`).
fn starts_reference(after: &str) -> bool {
    const MAX_NAME: usize = 64;
    let Some(end) = after.char_indices().take(MAX_NAME).find(|(_, c)| *c == ';') else {
        return false;
    };
    let body = &after[..end.0];
    if let Some(hex) = body.strip_prefix("#x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(decimal) = body.strip_prefix('#') {
        return !decimal.is_empty() && decimal.chars().all(|c| c.is_ascii_digit());
    }
    let mut chars = body.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_ampersands_are_escaped_outside_cdata_and_comments() {
        let cases = [
            ("<t>Q&A &amp; more</t>", Some("<t>Q&amp;A &amp; more</t>")),
            ("<t>a & b; c</t>", Some("<t>a &amp; b; c</t>")),
            ("<t>&#38;&#x26;&lt;&nbsp;</t>", None),
            ("<t><![CDATA[R&D]]><!-- a&b --></t>", None),
            ("<t>x&</t>", Some("<t>x&amp;</t>")),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_stray_ampersands(input).as_deref(), expected, "input: {input}");
        }
    }

    #[test]
    fn entries_are_found_without_looking_into_cdata() {
        let text = "<rss><channel><title>t</title>\
            <item><title>a</title></item>\
            <item><description><![CDATA[<item>not one</item>]]></description></item>\
            <itemize/><item><title>unclosed\
            <item/>\
            <item><title>last";
        let ranges: Vec<&str> = entry_ranges(text, "item").into_iter().map(|range| &text[range]).collect();
        assert_eq!(
            ranges,
            [
                "<item><title>a</title></item>",
                "<item><description><![CDATA[<item>not one</item>]]></description></item>",
                "<item><title>unclosed",
                "<item/>",
                "<item><title>last",
            ]
        );
    }

    #[test]
    fn open_elements_are_closed_innermost_first() {
        assert_eq!(
            closing_tags("<?xml version='1.0'?><rdf:RDF xmlns:rdf='r'><channel><title>x</title>").as_deref(),
            Some("</channel></rdf:RDF>")
        );
        assert_eq!(closing_tags("<rss><channel></rss>"), None);
    }
}
