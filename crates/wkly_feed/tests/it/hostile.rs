//! Input meant to hurt: entity bombs, external entities, huge bodies, and bodies that are
//! not feeds at all.

use expect_test::expect;
use wkly_feed::{FeedError, ParseLimits, parse_feed, parse_feed_with_limits};

use crate::support::{check, check_error, fixture};

#[test]
fn an_entity_bomb_is_not_expanded() {
    check(
        "billion_laughs.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: &lol9;
        site_url: https://laughs.example/
        entry 0:
          id: https://laughs.example/bomb
          url: https://laughs.example/bomb
          title: Entity bomb &lol9;
          summary: &lol9;&lol9;&lol9;
          content_html: &lol9;&lol9;&lol9;
    "#]],
    );
}

#[test]
fn external_entities_are_never_resolved() {
    check(
        "external_entity.xml",
        None,
        expect![[r#"
        kind: Atom
        title: External &secret;
        entry 0:
          id: urn:xxe:1
          url: https://xxe.example/leak
          title: Leak &secret;&remote;
          summary: &secret;
          content_html: &secret;
          updated_at: 1704067200000
    "#]],
    );
}

#[test]
fn a_body_over_the_byte_limit_is_refused_before_reading() {
    let limits = ParseLimits { max_bytes: 1024, ..ParseLimits::default() };
    let body = fixture("rss2.xml");
    assert!(body.len() > 1024);
    assert_eq!(parse_feed_with_limits(&body, None, limits), Err(FeedError::TooLarge { limit: 1024 }));
}

#[test]
fn the_default_byte_limit_is_ten_mebibytes() {
    let body = vec![b' '; 10 * 1024 * 1024 + 1];
    assert_eq!(parse_feed(&body, None), Err(FeedError::TooLarge { limit: 10 * 1024 * 1024 }));
}

#[test]
fn an_html_page_is_not_a_feed() {
    check_error(&fixture("html_page.html"), expect!["the document is not a feed: it is an HTML page"]);
}

#[test]
fn an_empty_body_is_not_a_feed() {
    check_error(&fixture("empty.xml"), expect!["the document is not a feed: it is an empty body"]);
    check_error(b" \n\t ", expect!["the document is not a feed: it is an empty body"]);
}

#[test]
fn binary_garbage_is_not_a_feed() {
    check_error(&fixture("garbage.bin"), expect!["the document is not a feed: it is binary data"]);
}

#[test]
fn other_documents_say_what_they_are() {
    let cases: [(&[u8], expect_test::Expect); 8] = [
        (b"Service Unavailable", expect!["the document is not a feed: it is plain text, neither XML nor JSON"]),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>",
            expect!["the document is not a feed: it is an XML document whose root element is <svg>"],
        ),
        (b"{\"status\": \"ok\"}", expect!["the document is not a feed: it is a JSON document that is not a JSON Feed"]),
        (
            b"{\"version\": \"https://jsonfeed.org/version/2\", \"title\": \"x\", \"items\": []}",
            expect![[
                r#"the feed is too broken to read: unsupported JSON Feed version "https://jsonfeed.org/version/2""#
            ]],
        ),
        (&fixture("subscriptions.opml"), expect!["the document is not a feed: it is an OPML subscription list"]),
        (
            b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\"",
            expect!["the feed is too broken to read: invalid JSON: EOF while parsing an object at line 1 column 68"],
        ),
        (b"{\"a\": 1", expect!["the document is not a feed: it is malformed JSON"]),
        (
            b"<rss version='2.0'><title>no channel</title></rss>",
            expect!["the feed is too broken to read: the <rss> document has no <channel>"],
        ),
    ];
    for (bytes, expected) in cases {
        check_error(bytes, expected);
    }
}

#[test]
fn an_entry_that_crashes_feed_rs_costs_only_itself() {
    check(
        "parser_crash.xml",
        None,
        expect![[r#"
            kind: Rss2
            title: Overflow Radio
            site_url: https://overflow-radio.example/
            entry 0:
              id: https://overflow-radio.example/1
              url: https://overflow-radio.example/1
              title: A normal episode
            warning DocumentRepaired: the document could not be read as a whole (the feed parser crashed on this input); its entries were read one by one
            warning entry 1 EntrySkipped: entry could not be read: the feed parser crashed on this input
        "#]],
    );
}

/// Deterministic pseudo-random mutations (truncation, byte flips, stray `&` and `<`,
/// deletions, duplicated spans) of well-formed fixtures: whatever comes out, nothing panics.
#[test]
fn mutilated_feeds_and_opml_never_panic() {
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap()
    };
    for name in ["rss2.xml", "atom.xml", "jsonfeed11.json", "subscriptions.opml"] {
        let original = fixture(name);
        for _ in 0..150 {
            let mut bytes = original.clone();
            for _ in 0..=next() % 4 {
                if bytes.is_empty() {
                    break;
                }
                let at = next() % bytes.len();
                match next() % 6 {
                    0 => bytes.truncate(at),
                    1 => bytes[at] = u8::try_from(next() % 256).unwrap(),
                    2 => bytes.insert(at, b'&'),
                    3 => bytes.insert(at, b'<'),
                    4 => {
                        bytes.remove(at);
                    }
                    _ => {
                        let end = (at + next() % 50).min(bytes.len());
                        let span = bytes[at..end].to_vec();
                        bytes.splice(at..at, span);
                    }
                }
            }
            let _ = parse_feed(&bytes, Some("https://base.example/feeds/"));
            let _ = wkly_feed::parse_opml(&bytes);
        }
    }
}
