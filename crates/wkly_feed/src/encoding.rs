//! Bytes to UTF-8 text, before any parser sees them.
//!
//! The character set is taken from a byte-order mark, else from the `encoding` in the XML
//! declaration, else UTF-8. Bytes invalid in that encoding become U+FFFD instead of
//! failing the document. Decoding ourselves (rather than leaving it to feed-rs) gives the
//! sniffing, the repair path and JSON Feed the same text, and makes invalid UTF-8 harmless.
//!
//! Deliberately not done: guessing an undeclared encoding from the bytes (a feed that lies
//! about its encoding gets replacement characters, not a heuristic), or honouring an HTTP
//! `Content-Type` charset (the fetcher may pass bytes only; the declaration wins).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

/// Text decoded from a feed body.
pub(crate) struct Decoded {
    /// The body as UTF-8, without byte-order mark.
    pub text: String,
    /// The encoding the bytes were read as.
    pub encoding: &'static Encoding,
    /// Whether some bytes were invalid in that encoding and replaced with U+FFFD.
    pub had_errors: bool,
}

/// How far into the body an XML declaration is looked for.
const DECLARATION_WINDOW: usize = 1024;

/// Decodes a body to UTF-8 text following its BOM or XML declaration.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, bom_len),
        None => (declared_encoding(bytes).unwrap_or(UTF_8), 0),
    };
    let body = bytes.get(bom_len..).unwrap_or_default();
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    Decoded { text: text.into_owned(), encoding, had_errors }
}

/// The encoding named in an XML declaration at the start of the body, if it names one that
/// can be read byte by byte. A document that declares UTF-16 but reached us readable as ASCII
/// (no BOM) is not UTF-16, so such labels map to UTF-8.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !is_declaration(head) {
        return None;
    }
    let end = find(head, b"?>")?;
    let declaration = &head[..end];
    let after = &declaration[find(declaration, b"encoding")? + b"encoding".len()..];
    let after = trim_ascii_start(after).strip_prefix(b"=")?;
    let after = trim_ascii_start(after);
    let (&quote, rest) = after.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let label = &rest[..rest.iter().position(|&b| b == quote)?];
    Encoding::for_label(label).map(Encoding::output_encoding)
}

/// Replaces the XML declaration at the start of `text` (if any) with one declaring UTF-8, so
/// that a parser reading the already-decoded text does not decode it a second time.
pub(crate) fn declare_utf8(text: &str) -> Cow<'_, str> {
    const UTF8_DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    if !is_declaration(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match text.find("?>") {
        Some(end) => Cow::Owned(format!("{UTF8_DECLARATION}{}", &text[end + 2..])),
        None => Cow::Borrowed(text),
    }
}

/// Whether `text` starts with an XML declaration (and not, say, `<?xml-stylesheet`).
fn is_declaration(text: &[u8]) -> bool {
    text.starts_with(b"<?xml") && text.get(5).is_some_and(u8::is_ascii_whitespace)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &[u8], expected_encoding: &str, expected_text: &str) {
        let decoded = decode(input);
        assert_eq!(decoded.encoding.name(), expected_encoding);
        assert_eq!(decoded.text, expected_text);
    }

    #[test]
    fn the_declared_encoding_decides_how_bytes_are_read() {
        check(
            b"<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\xe9</a>",
            "windows-1252",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>caf\u{e9}</a>",
        );
        check(
            b"  <?xml version=\"1.0\" encoding = \"windows-1252\" ?><a>\x93q\x94</a>",
            "windows-1252",
            "  <?xml version=\"1.0\" encoding = \"windows-1252\" ?><a>\u{201c}q\u{201d}</a>",
        );
    }

    #[test]
    fn a_byte_order_mark_wins_over_the_declaration_and_is_removed() {
        check(
            b"\xef\xbb\xbf<?xml version='1.0' encoding='ISO-8859-1'?><a>\xc3\xa9</a>",
            "UTF-8",
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>\u{e9}</a>",
        );
    }

    #[test]
    fn a_declared_utf16_without_bom_is_read_as_utf8() {
        check(b"<?xml version='1.0' encoding='UTF-16'?><a/>", "UTF-8", "<?xml version='1.0' encoding='UTF-16'?><a/>");
    }

    #[test]
    fn unknown_labels_and_missing_declarations_mean_utf8() {
        check(b"<?xml encoding='x-klingon'?><a/>", "UTF-8", "<?xml encoding='x-klingon'?><a/>");
        check(b"{\"a\": \"\xc3\xa9\"}", "UTF-8", "{\"a\": \"\u{e9}\"}");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let decoded = decode(b"<a>ok \xff\xfe bad</a>");
        assert!(decoded.had_errors);
        assert_eq!(decoded.text, "<a>ok \u{fffd}\u{fffd} bad</a>");
    }

    #[test]
    fn the_declaration_is_rewritten_to_utf8() {
        assert_eq!(
            declare_utf8("<?xml version='1.0' encoding='ISO-8859-1'?><a/>"),
            r#"<?xml version="1.0" encoding="UTF-8"?><a/>"#
        );
        assert_eq!(declare_utf8("<a/>"), "<a/>");
        assert_eq!(declare_utf8("<?xml-stylesheet href='s.xsl'?><a/>"), "<?xml-stylesheet href='s.xsl'?><a/>");
    }
}
