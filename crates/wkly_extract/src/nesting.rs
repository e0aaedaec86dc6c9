//! A linear pre-pass that caps how deeply elements nest before the HTML
//! reaches the parser.
//!
//! html5ever's tree builder scans the stack of open elements for every start
//! tag, so 50,000 nested `<div>`s cost it seconds, and readability-style
//! scoring on such a tree costs minutes. Real article pages nest a few dozen
//! levels. Past [`MAX_DEPTH`] this pass drops start tags (and the end tags
//! that would close them), keeping all text: the tree comes out flatter, not
//! shorter.
//!
//! It is a tokenizer, not a parser: it knows comments, raw-text elements
//! (`script`, `style`, `textarea`, ...), quoted attribute values, void
//! elements and the elements whose end tag is optional (which cannot pile
//! up, since each one closes the one before). What it gets wrong on odd
//! markup only changes how a pathological page is flattened; the output
//! still goes through a real HTML parser. It does not touch pages that stay
//! under the cap.

use std::borrow::Cow;
use std::collections::HashMap;

/// Elements nested deeper than this are flattened.
pub(crate) const MAX_DEPTH: usize = 256;

/// `html` with nesting capped at `max_depth` counted elements.
pub(crate) fn cap_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut open_counts: HashMap<String, usize> = HashMap::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    // Byte ranges of tags to leave out; only filled once the cap is hit.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let Some(tag) = scan_tag(bytes, start) else {
            i = start + 1;
            continue;
        };
        i = tag.end;
        match tag.kind {
            TagKind::Skip => {}
            TagKind::Start { raw_text } => {
                let name = tag.name;
                if raw_text {
                    i = skip_raw_text(bytes, i, &name);
                    continue;
                }
                if !counts_towards_depth(&name) {
                    continue;
                }
                if open.len() >= max_depth {
                    cuts.push((start, tag.end));
                    *dropped.entry(name).or_default() += 1;
                } else {
                    *open_counts.entry(name.clone()).or_default() += 1;
                    open.push(name);
                }
            }
            TagKind::End => {
                let name = tag.name;
                if let Some(n) = dropped.get_mut(&name)
                    && *n > 0
                {
                    *n -= 1;
                    cuts.push((start, tag.end));
                } else if open_counts.get(&name).is_some_and(|n| *n > 0) {
                    // Close up to and including the innermost open element of
                    // that name, as the tree builder would.
                    while let Some(top) = open.pop() {
                        if let Some(n) = open_counts.get_mut(&top) {
                            *n = n.saturating_sub(1);
                        }
                        if top == name {
                            break;
                        }
                    }
                }
            }
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        out.push_str(&html[from..start]);
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

enum TagKind {
    Start {
        raw_text: bool,
    },
    End,
    /// Comments, doctypes, processing instructions.
    Skip,
}

struct Tag {
    kind: TagKind,
    /// Lowercased element name; empty for [`TagKind::Skip`].
    name: String,
    /// Byte offset just past the tag.
    end: usize,
}

/// The tag starting at `bytes[start] == b'<'`, or `None` when that `<` is text.
fn scan_tag(bytes: &[u8], start: usize) -> Option<Tag> {
    let rest = &bytes[start + 1..];
    if rest.starts_with(b"!--") {
        let end = find(bytes, start + 4, b"-->").map_or(bytes.len(), |p| p + 3);
        return Some(Tag { kind: TagKind::Skip, name: String::new(), end });
    }
    if matches!(rest.first(), Some(b'!' | b'?')) {
        let end = memchr(b'>', rest).map_or(bytes.len(), |p| start + 1 + p + 1);
        return Some(Tag { kind: TagKind::Skip, name: String::new(), end });
    }
    let (is_end, name_start) = if rest.first() == Some(&b'/') { (true, start + 2) } else { (false, start + 1) };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut j = name_start;
    while j < bytes.len() && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
        j += 1;
    }
    let name = String::from_utf8_lossy(&bytes[name_start..j]).to_ascii_lowercase();
    // Attributes: a `>` inside a quoted value does not end the tag.
    let mut quote: Option<u8> = None;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            // Only a quote right after `=` (and optional spaces) opens a value.
            None if (b == b'"' || b == b'\'') && previous_non_space(bytes, name_start, j) == Some(b'=') => {
                quote = Some(b);
            }
            None if b == b'>' => break,
            None => {}
        }
        j += 1;
    }
    let end = (j + 1).min(bytes.len());
    let kind = if is_end { TagKind::End } else { TagKind::Start { raw_text: is_raw_text(&name) } };
    Some(Tag { kind, name, end })
}

fn previous_non_space(bytes: &[u8], floor: usize, j: usize) -> Option<u8> {
    bytes[floor..j].iter().rev().find(|b| !b.is_ascii_whitespace()).copied()
}

/// Offset just past the `</name ...>` that ends a raw-text element, or the end.
fn skip_raw_text(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let after = p + 2;
        let candidate = bytes.get(after..after + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return memchr(b'>', &bytes[after..]).map_or(bytes.len(), |q| after + q + 1);
        }
        i = after;
    }
    bytes.len()
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Void elements never open, and elements with an optional end tag close
/// their predecessor, so neither can stack up.
fn counts_towards_depth(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
            | "frame"
            | "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rtc"
            | "rp"
            | "tr"
            | "td"
            | "th"
            | "tbody"
            | "thead"
            | "tfoot"
            | "colgroup"
            | "caption"
    )
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, max_depth: usize, expected: &str) {
        assert_eq!(cap_nesting(html, max_depth), expected);
    }

    #[test]
    fn a_page_under_the_cap_is_returned_untouched() {
        let html = "<div><section><p>text</p></section></div>";
        assert!(matches!(cap_nesting(html, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn start_and_end_tags_past_the_cap_are_dropped_but_text_is_kept() {
        check("<div><div><div>deep</div></div></div>", 2, "<div><div>deep</div></div>");
    }

    #[test]
    fn unclosed_elements_are_capped_too() {
        check("<b><b><b><b>x", 2, "<b><b>x");
    }

    #[test]
    fn paragraphs_and_list_items_do_not_count_towards_depth() {
        let html = "<div><p>a<p>b<p>c<li>d<li>e</div>";
        check(html, 1, html);
    }

    #[test]
    fn tags_inside_comments_scripts_and_attributes_are_not_counted() {
        let html = r#"<div title="a > <div>"><!-- <div><div> --><script>"<div><div>"</script>x</div>"#;
        check(html, 1, html);
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        let html = "<div>1 < 2 and 3 <4</div>";
        check(html, 1, html);
    }
}
