//! HTML fragments to plain text for titles and summaries.
//!
//! Tags are dropped (block-level ones leave a space), `script`/`style`/`template` bodies
//! and comments are removed, character references are decoded once (`&amp;lt;` stays
//! `&lt;`), and whitespace is collapsed to single spaces.
//!
//! Deliberately not an HTML parser and not a sanitiser: the output is text, never markup,
//! so there is nothing to sanitise; extracting an article from a page is `wkly_extract`'s job.

/// Elements whose content is not text for a reader.
const SKIPPED_ELEMENTS: &[&str] = &["script", "style", "template"];

/// Elements that flow inside a line: dropping them must not separate words.
const INLINE_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
];

/// The longest entity name looked for (HTML5's longest is 31 characters).
const MAX_ENTITY_NAME: usize = 32;

/// Converts an HTML fragment to plain text with collapsed whitespace.
pub(crate) fn html_to_text(html: &str) -> String {
    collapse_whitespace(&strip_tags(html, " "))
}

/// Converts an HTML fragment (a feed entry's full content) to plain text that keeps its
/// paragraphs: block elements end a paragraph, paragraphs are separated by a blank line,
/// whitespace inside a paragraph is collapsed.
pub fn html_to_paragraphs(html: &str) -> String {
    // Line breaks in the source are layout, not paragraphs: only block tags separate them.
    let flat = html.replace(['\n', '\r'], " ");
    strip_tags(&flat, "\n")
        .split('\n')
        .map(collapse_whitespace)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Drops tags, comments and skipped elements, decodes references, and puts `block` where a
/// block-level element starts or ends.
fn strip_tags(html: &str, block: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(pos) = rest.find(['<', '&']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if rest.starts_with('&') {
            let (decoded, consumed) = decode_reference(rest);
            out.push_str(&decoded);
            rest = &rest[consumed..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            out.push(' ');
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            out.push(' ');
        } else if let Some(tag) = Tag::parse(rest) {
            rest = &rest[tag.len..];
            if !tag.closing && SKIPPED_ELEMENTS.contains(&tag.name.as_str()) {
                rest = skip_element_body(rest, &tag.name);
            }
            if !INLINE_ELEMENTS.contains(&tag.name.as_str()) {
                out.push_str(block);
            }
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Decodes character references (`&amp;`, `&#8217;`, `&eacute;`) in text that is not HTML,
/// e.g. an RSS title escaped twice by its publisher. Tags are left alone.
pub(crate) fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let (decoded, consumed) = decode_reference(&rest[pos..]);
        out.push_str(&decoded);
        rest = &rest[pos + consumed..];
    }
    out.push_str(rest);
    out
}

/// Trims and collapses runs of whitespace (including no-break spaces) to one space, and
/// drops control characters.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        let word: String = word.chars().filter(|c| !c.is_control()).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Decodes the reference at the start of `text` (which starts with `&`), returning the
/// replacement and how many bytes it used. Something that is not a reference stays `&`.
fn decode_reference(text: &str) -> (String, usize) {
    let literal = (String::from("&"), 1);
    let Some(end) = text
        .get(1..)
        .and_then(|body| body.char_indices().take(MAX_ENTITY_NAME + 2).find(|(_, c)| *c == ';'))
        .map(|(i, _)| i + 1)
    else {
        return literal;
    };
    let name = &text[1..end];
    let consumed = end + 1;
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16),
            None => number.parse::<u32>(),
        };
        return match code {
            Ok(code) => (
                char::from_u32(code).filter(|c| *c != '\0').unwrap_or(char::REPLACEMENT_CHARACTER).to_string(),
                consumed,
            ),
            Err(_) => literal,
        };
    }
    match quick_xml::escape::resolve_html5_entity(name) {
        Some(resolved) => (resolved.to_string(), consumed),
        None => literal,
    }
}

/// Skips past the end tag of a `script`-like element, or to the end if it never closes.
fn skip_element_body<'a>(rest: &'a str, name: &str) -> &'a str {
    let mut search = 0;
    while let Some(offset) = rest[search..].find("</") {
        let at = search + offset;
        if let Some(tag) = Tag::parse(&rest[at..])
            && tag.closing
            && tag.name == name
        {
            return &rest[at + tag.len..];
        }
        search = at + 2;
    }
    ""
}

/// A start or end tag at the start of some HTML.
struct Tag {
    /// The lowercase element name.
    name: String,
    closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

impl Tag {
    fn parse(html: &str) -> Option<Tag> {
        let after = html.strip_prefix('<')?;
        let (closing, after) = match after.strip_prefix('/') {
            Some(after) => (true, after),
            None => (false, after),
        };
        if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name_len =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(after.len());
        let name = after[..name_len].to_ascii_lowercase();
        // Find the closing `>` outside quoted attribute values.
        let mut quote = None;
        for (i, c) in after[name_len..].char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    let len = html.len() - after.len() + name_len + i + 1;
                    return Some(Tag { name, closing, len });
                }
                _ => {}
            }
        }
        // An unterminated tag swallows the rest: it is markup, not text.
        Some(Tag { name, closing, len: html.len() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text_with_collapsed_whitespace() {
        let cases = [
            ("<p>Hello <b>world</b></p>\n\n<p>Again</p>", "Hello world Again"),
            ("caf&eacute; &amp; cr&#232;me &#x2014; ok", "caf\u{e9} & cr\u{e8}me \u{2014} ok"),
            ("a&nbsp;&nbsp;b", "a b"),
            ("x<script>alert('<p>')</script>y", "x y"),
            ("<style>p{color:red}</style>text", "text"),
            ("before<!-- a <b>comment</b> -->after", "before after"),
            ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
            ("&amp;lt;b&amp;gt; is shown", "&lt;b&gt; is shown"),
            ("AT&T & co", "AT&T & co"),
            ("<a href=\"x>y\">link</a> text", "link text"),
            ("line<br/>break", "line break"),
            ("unterminated <img src='x", "unterminated"),
            ("&#0; &#xD800; &#99999999;", "\u{fffd} \u{fffd} \u{fffd}"),
            ("&unknown; stays", "&unknown; stays"),
        ];
        for (html, expected) in cases {
            assert_eq!(html_to_text(html), expected, "input: {html:?}");
        }
    }

    #[test]
    fn full_content_keeps_its_paragraphs() {
        let html = "<p>First  para\nwraps here.</p>\n<p>Second &amp; <b>bold</b>.</p><ul><li>One</li><li>Two</li></ul>\
                    <script>x()</script><div><br></div>Tail";
        assert_eq!(html_to_paragraphs(html), "First para wraps here.\n\nSecond & bold.\n\nOne\n\nTwo\n\nTail");
        assert_eq!(html_to_paragraphs(""), "");
        assert_eq!(html_to_paragraphs("plain text, no tags"), "plain text, no tags");
    }

    #[test]
    fn references_in_plain_text_are_decoded_once() {
        assert_eq!(decode_references("AT&amp;T &lt;b&gt; &amp;amp;"), "AT&T <b> &amp;");
    }
}
