//! Bytes to text: choosing the character encoding of a fetched body.
//!
//! The order is the one browsers and feed readers converge on: a byte-order mark, then
//! the `charset` of the HTTP `Content-Type`, then an XML declaration's `encoding`, then
//! an HTML `<meta charset>` or `http-equiv` in the first 4 KiB, else UTF-8. Invalid
//! sequences become U+FFFD instead of failing. Labels follow the WHATWG Encoding
//! Standard, so `ISO-8859-1` and `US-ASCII` decode as windows-1252, as in every browser.
//!
//! Not here: guessing an encoding from byte statistics, and any parsing beyond finding
//! the declaration.

use encoding_rs::{Encoding, UTF_8};

/// How far into an HTML document we look for `<meta charset>` (the HTML standard's
/// prescan reads 1024 bytes; real pages put long `<head>`s first).
const META_SCAN_BYTES: usize = 4096;

/// How far into an XML document we look for the end of the declaration.
const XML_DECLARATION_BYTES: usize = 1024;

/// Decodes `body` to text and names the encoding used (WHATWG name, e.g. `"UTF-8"`,
/// `"windows-1252"`).
///
/// `header_charset` is the `charset` parameter of the response's `Content-Type`, as in
/// [`crate::FetchedBody::header_charset`]. An unknown label is ignored, and the next
/// source of truth is tried.
pub fn decode_text(body: &[u8], header_charset: Option<&str>) -> (String, &'static str) {
    if let Some((encoding, bom_length)) = Encoding::for_bom(body) {
        let (text, _) = encoding.decode_without_bom_handling(&body[bom_length..]);
        return (text.into_owned(), encoding.name());
    }
    let encoding = header_charset
        .and_then(|label| Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes()))
        .or_else(|| xml_declared_encoding(body).map(in_document_encoding))
        .or_else(|| html_meta_encoding(body).map(in_document_encoding))
        .unwrap_or(UTF_8);
    let (text, _) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), encoding.name())
}

/// A document whose declaration we could read as ASCII is not UTF-16, whatever it says
/// (the HTML standard's rule, applied to XML as well).
fn in_document_encoding(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE { UTF_8 } else { encoding }
}

/// `encoding="…"` from `<?xml version="1.0" encoding="…"?>` at the start of `body`.
fn xml_declared_encoding(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(XML_DECLARATION_BYTES)];
    let start = head.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let declaration = head[start..].strip_prefix(b"<?xml")?;
    let end = find(declaration, b"?>")?;
    let declaration = &declaration[..end];
    let after_name = &declaration[find(declaration, b"encoding")? + b"encoding".len()..];
    let label = attribute_value(after_name)?;
    Encoding::for_label(label)
}

/// The charset of the first `<meta charset=…>` or `<meta http-equiv … content="…;
/// charset=…">` in the first 4 KiB of `body`.
fn html_meta_encoding(body: &[u8]) -> Option<&'static Encoding> {
    let head = body[..body.len().min(META_SCAN_BYTES)].to_ascii_lowercase();
    let mut rest = head.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        let tag = &rest[at + b"<meta".len()..];
        let tag = &tag[..find(tag, b">").unwrap_or(tag.len())];
        if let Some(found) = find(tag, b"charset")
            .and_then(|at| attribute_value(&tag[at + b"charset".len()..]))
            .and_then(Encoding::for_label)
        {
            return Some(found);
        }
        rest = &rest[at + b"<meta".len()..];
    }
    None
}

/// The value after `= "…"`, `='…'` or `=…` at the start of `text` (spaces allowed around
/// `=`); an unquoted value ends at a space, `;`, `>`, `/` or a quote.
fn attribute_value(text: &[u8]) -> Option<&[u8]> {
    let text = trim_start(text).strip_prefix(b"=")?;
    let text = trim_start(text);
    let (quote, text) = match text.first() {
        Some(&quote @ (b'"' | b'\'')) => (Some(quote), &text[1..]),
        _ => (None, text),
    };
    let end = text
        .iter()
        .position(|&byte| match quote {
            Some(quote) => byte == quote,
            None => byte.is_ascii_whitespace() || matches!(byte, b';' | b'>' | b'/' | b'"' | b'\''),
        })
        .unwrap_or(text.len());
    let value = text[..end].trim_ascii();
    (!value.is_empty()).then_some(value)
}

fn trim_start(text: &[u8]) -> &[u8] {
    let start = text.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(text.len());
    &text[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
