//! Feeds as found in the wild: broken entries, broken XML, missing dates, too many entries.

use expect_test::expect;
use wkly_feed::{FeedWarningKind, ParseLimits, parse_feed, parse_feed_with_limits};

use crate::support::{check, parse_fixture};

#[test]
fn a_broken_entry_is_skipped_with_a_warning_and_the_rest_is_kept() {
    check(
        "broken_entry.xml",
        None,
        expect![[r#"
            kind: Rss2
            title: Quarry Road Courier
            site_url: https://quarryroad.example/
            description: Local news.
            entry 0:
              id: https://quarryroad.example/1
              url: https://quarryroad.example/1
              title: First good story
              published_at: 1712224800000
              updated_at: 1712224800000
            entry 1:
              id: https://quarryroad.example/4
              url: https://quarryroad.example/4
              title: Last good story
              published_at: 1712232000000
              updated_at: 1712232000000
            warning DocumentRepaired: the document could not be read as a whole (unable to parse XML: Parser error: ill-formed document: expected `</b>`, but `</i>` was found); its entries were read one by one
            warning entry 1 EntrySkipped: entry could not be read: unable to parse XML: Parser error: ill-formed document: expected `</b>`, but `</i>` was found
            warning entry 2 EntrySkipped: entry has neither a title nor a usable link
        "#]],
    );
}

#[test]
fn stray_ampersands_are_repaired_instead_of_failing_the_feed() {
    check(
        "stray_ampersand.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Smith & Daughters Gazette
        site_url: https://smithdaughters.example/
        entry 0:
          id: https://smithdaughters.example/rd?a=1&b=2
          url: https://smithdaughters.example/rd?a=1&b=2
          title: R&D budget & more
        warning DocumentRepaired: the document is not well-formed XML (unable to parse XML: Parser error: ill-formed document: entity or character reference not closed: `;` not found before end of input); stray '&' characters were escaped
    "#]],
    );
}

#[test]
fn a_truncated_feed_keeps_its_complete_entries() {
    check(
        "truncated.xml",
        None,
        expect![[r#"
            kind: Rss2
            title: Cut Short Weekly
            site_url: https://cutshort.example/
            entry 0:
              id: https://cutshort.example/complete
              url: https://cutshort.example/complete
              title: Complete story
            warning DocumentRepaired: the document could not be read as a whole (unable to parse XML: Parser error: syntax error: tag not closed: `>` not found before end of input); its entries were read one by one
            warning entry 1 EntrySkipped: entry could not be read: unable to parse XML: Parser error: ill-formed document: expected `</title>`, but `</channel>` was found
        "#]],
    );
}

#[test]
fn a_feed_without_dates_keeps_its_entries() {
    check(
        "no_dates.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Timeless Notes
        site_url: https://timeless.example/
        entry 0:
          id: https://timeless.example/a
          url: https://timeless.example/a
          title: A note without a date
        entry 1:
          id: wkly:5c38ead6c4e26beb
          title: A note with a date nobody can read
        entry 2:
          id: wkly:c8b1eed43c8f1e9a
          title: A note without a date
    "#]],
    );
}

#[test]
fn ids_without_guid_or_link_are_the_same_on_every_parse() {
    let first = parse_fixture("no_dates.xml", None);
    let second = parse_fixture("no_dates.xml", None);
    let ids = |feed: &wkly_feed::ParsedFeed| feed.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&first), ids(&second));
    assert!(ids(&first)[1].starts_with("wkly:"));
}

/// An RSS 2.0 feed with `count` numbered items.
fn numbered_feed(count: usize) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Bulk Wire</title>\
         <link>https://bulkwire.example/</link>",
    );
    for i in 0..count {
        xml.push_str(&format!("<item><title>Story {i}</title><link>https://bulkwire.example/{i}</link></item>"));
    }
    xml.push_str("</channel></rss>");
    xml.into_bytes()
}

#[test]
fn entries_beyond_the_default_limit_of_1000_are_dropped_with_one_warning() {
    let feed = parse_feed(&numbered_feed(2000), None).unwrap();
    assert_eq!(feed.entries.len(), 1000);
    assert_eq!(feed.entries[999].title, "Story 999");
    let warnings: Vec<_> = feed.warnings.iter().map(|w| (w.kind, w.message.as_str())).collect();
    assert_eq!(
        warnings,
        [(
            FeedWarningKind::EntriesDropped,
            "the feed has 2000 entries; the 1000 beyond the limit of 1000 were dropped"
        )]
    );
}

#[test]
fn the_entry_limit_also_bounds_a_feed_read_entry_by_entry() {
    // A broken last item forces the entry-by-entry path.
    let mut bytes = numbered_feed(30);
    let close = b"</channel></rss>".len();
    bytes.truncate(bytes.len() - close);
    bytes.extend_from_slice(b"<item><title>broken</i></item></channel></rss>");
    let limits = ParseLimits { max_entries: 10, ..ParseLimits::default() };
    let feed = parse_feed_with_limits(&bytes, None, limits).unwrap();
    assert_eq!(feed.entries.len(), 10);
    let kinds: Vec<_> = feed.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [FeedWarningKind::DocumentRepaired, FeedWarningKind::EntriesDropped]);
}
