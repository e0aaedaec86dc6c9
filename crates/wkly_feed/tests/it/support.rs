//! Fixture loading and a readable rendering of a parsed feed for snapshot comparisons.

use std::fmt::Write as _;
use std::path::PathBuf;

use expect_test::Expect;
use wkly_feed::{FeedError, ParsedFeed, parse_feed};

/// The bytes of `testdata/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Parses a fixture that must be a feed.
pub fn parse_fixture(name: &str, base_url: Option<&str>) -> ParsedFeed {
    parse_feed(&fixture(name), base_url).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Parses `testdata/<name>` and compares the rendering with `expected`.
pub fn check(name: &str, base_url: Option<&str>, expected: Expect) {
    expected.assert_eq(&render(&parse_fixture(name, base_url)));
}

/// Parses bytes that must not be a feed and compares the error message with `expected`.
pub fn check_error(bytes: &[u8], expected: Expect) {
    let error: FeedError = match parse_feed(bytes, None) {
        Ok(feed) => panic!("expected an error, got {}", render(&feed)),
        Err(error) => error,
    };
    expected.assert_eq(&error.to_string());
}

/// One line per field, `None`s and empty lists left out.
pub fn render(feed: &ParsedFeed) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "kind: {:?}", feed.kind);
    let _ = writeln!(out, "title: {}", feed.title);
    optional(&mut out, "", "site_url", feed.site_url.as_deref());
    optional(&mut out, "", "description", feed.description.as_deref());
    optional(&mut out, "", "language", feed.language.as_deref());
    for (i, entry) in feed.entries.iter().enumerate() {
        let _ = writeln!(out, "entry {i}:");
        let _ = writeln!(out, "  id: {}", entry.id);
        optional(&mut out, "  ", "url", entry.url.as_deref());
        let _ = writeln!(out, "  title: {}", entry.title);
        if !entry.summary.is_empty() {
            let _ = writeln!(out, "  summary: {}", entry.summary);
        }
        if !entry.content_html.is_empty() {
            let _ = writeln!(out, "  content_html: {}", entry.content_html);
        }
        optional(&mut out, "  ", "author", entry.author.as_deref());
        optional(&mut out, "  ", "published_at", entry.published_at.map(|t| t.to_string()).as_deref());
        optional(&mut out, "  ", "updated_at", entry.updated_at.map(|t| t.to_string()).as_deref());
        if !entry.categories.is_empty() {
            let _ = writeln!(out, "  categories: {}", entry.categories.join(" | "));
        }
        optional(&mut out, "  ", "image_url", entry.image_url.as_deref());
    }
    for warning in &feed.warnings {
        let at = warning.entry_index.map(|i| format!(" entry {i}")).unwrap_or_default();
        let _ = writeln!(out, "warning{at} {:?}: {}", warning.kind, warning.message);
    }
    out
}

fn optional(out: &mut String, indent: &str, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{indent}{name}: {value}");
    }
}
