//! Character sets: declared single-byte encodings, byte-order marks, and invalid bytes.

use expect_test::expect;

use crate::support::{check, render};

#[test]
fn a_feed_declared_iso_8859_1_decodes_correctly() {
    check(
        "latin1.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Gazette du Lac
        site_url: https://gazette-du-lac.example/
        description: Café, crème brûlée et naïveté à Genève.
        entry 0:
          id: https://gazette-du-lac.example/ete
          url: https://gazette-du-lac.example/ete
          title: Été brûlant à la plage
          summary: Température « record » : 35 °C.
          content_html: Température « record » : 35 °C.
    "#]],
    );
}

#[test]
fn a_feed_declared_windows_1252_decodes_smart_quotes_and_the_euro_sign() {
    check(
        "cp1252.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Dockside Daily
        site_url: https://dockside.example/
        entry 0:
          id: https://dockside.example/fish
          url: https://dockside.example/fish
          title: “Smart quotes” — and the € price of fish…
          summary: It’s £20 a kilo.
          content_html: It’s £20 a kilo.
    "#]],
    );
}

#[test]
fn a_utf8_byte_order_mark_is_skipped() {
    check(
        "bom.xml",
        None,
        expect![[r#"
        kind: Atom
        title: Byte Order Herald
        entry 0:
          id: urn:boh:1
          url: https://boh.example/fest
          title: Straßenfest – großer Erfolg
          updated_at: 1704067200000
    "#]],
    );
}

#[test]
fn a_utf16_feed_with_a_byte_order_mark_is_read() {
    check(
        "utf16.xml",
        None,
        expect![[r#"
        kind: Atom
        title: Byte Order Herald
        entry 0:
          id: urn:boh:1
          url: https://boh.example/fest
          title: Straßenfest – großer Erfolg
          updated_at: 1704067200000
    "#]],
    );
}

#[test]
fn invalid_utf8_is_replaced_not_fatal() {
    check(
        "invalid_utf8.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Mangled Bytes Times
        site_url: https://mangled.example/
        entry 0:
          id: https://mangled.example/cafe
          url: https://mangled.example/cafe
          title: Caf�� opens
        warning InvalidBytesReplaced: bytes that are invalid in UTF-8 were replaced with U+FFFD
    "#]],
    );
}

#[test]
fn invalid_utf8_in_a_json_feed_is_replaced_not_fatal() {
    let body = b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Caf\xe9 News\", \
        \"items\": [{\"id\": \"1\", \"url\": \"https://cafe.example/1\", \"title\": \"Cr\xe8me\"}]}";
    let feed = wkly_feed::parse_feed(body, None).unwrap();
    expect![[r#"
        kind: JsonFeed
        title: Caf� News
        entry 0:
          id: 1
          url: https://cafe.example/1
          title: Cr�me
        warning InvalidBytesReplaced: bytes that are invalid in UTF-8 were replaced with U+FFFD
    "#]]
    .assert_eq(&render(&feed));
}
