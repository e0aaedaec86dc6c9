//! OPML subscription lists: reading nested folders, writing, and the round trip.

use expect_test::expect;
use wkly_feed::{FeedError, OpmlSource, parse_opml, write_opml};

use crate::support::fixture;

fn render(sources: &[OpmlSource]) -> String {
    sources
        .iter()
        .map(|s| {
            format!(
                "{} <{}> html={} category={}\n",
                s.title,
                s.xml_url,
                s.html_url.as_deref().unwrap_or("-"),
                s.category.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn nested_outlines_are_flattened_with_their_innermost_folder_as_category() {
    let sources = parse_opml(&fixture("subscriptions.opml")).unwrap();
    expect![[r#"
        The Harbour Ledger <https://harbourledger.example/feed.xml> html=https://harbourledger.example/ category=Local
        Valley Gazette <https://valleygazette.example/rss> html=- category=Valley
        Marsh Lane & Co <https://marshlane.example/feed.xml> html=- category=Local
        Courrier des Collines <https://courrier-collines.example/atom.xml> html=- category=World/Europe
        https://untitled.example/feed <https://untitled.example/feed> html=- category=-
    "#]]
    .assert_eq(&render(&sources));
}

fn awkward_sources() -> Vec<OpmlSource> {
    let source = |title: &str, xml_url: &str, html_url: Option<&str>, category: Option<&str>| OpmlSource {
        title: title.into(),
        xml_url: xml_url.into(),
        html_url: html_url.map(Into::into),
        category: category.map(Into::into),
    };
    vec![
        source(
            "Smith & Daughters <Weekly>",
            "https://sd.example/feed?a=1&b=2",
            Some("https://sd.example/"),
            Some("Local & \"Regional\""),
        ),
        source("L'Écho des Montagnes — 日本語ニュース", "https://echo.example/rss", None, Some("Local & \"Regional\"")),
        source("Quotes \"double\" and 'single'", "https://quotes.example/atom.xml", None, None),
        source("Tabs\tand\nnewlines", "https://ws.example/feed", None, Some("Ünïcödé/Sub")),
        source("Back in the first folder", "https://back.example/feed", None, Some("Local & \"Regional\"")),
    ]
}

#[test]
fn written_opml_reads_back_as_the_same_list() {
    let sources = awkward_sources();
    let written = write_opml("Desk & <Friends>", &sources);
    assert_eq!(parse_opml(written.as_bytes()).unwrap(), sources);
}

#[test]
fn written_opml_is_escaped_opml_2() {
    let written = write_opml("Desk & <Friends>", &awkward_sources()[..3]);
    expect![[r#"
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head>
            <title>Desk &amp; &lt;Friends&gt;</title>
          </head>
          <body>
            <outline text="Local &amp; &quot;Regional&quot;" title="Local &amp; &quot;Regional&quot;">
              <outline type="rss" text="Smith &amp; Daughters &lt;Weekly&gt;" title="Smith &amp; Daughters &lt;Weekly&gt;" xmlUrl="https://sd.example/feed?a=1&amp;b=2" htmlUrl="https://sd.example/"/>
              <outline type="rss" text="L&apos;Écho des Montagnes — 日本語ニュース" title="L&apos;Écho des Montagnes — 日本語ニュース" xmlUrl="https://echo.example/rss"/>
            </outline>
            <outline type="rss" text="Quotes &quot;double&quot; and &apos;single&apos;" title="Quotes &quot;double&quot; and &apos;single&apos;" xmlUrl="https://quotes.example/atom.xml"/>
          </body>
        </opml>
    "#]].assert_eq(&written);
}

#[test]
fn an_opml_entity_bomb_is_not_expanded() {
    let bomb = br#"<?xml version="1.0"?>
<!DOCTYPE opml [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY ext SYSTEM "file:///etc/passwd">
]>
<opml version="2.0"><body>
  <outline text="&c;&ext;" xmlUrl="https://bomb.example/feed"/>
</body></opml>"#;
    let sources = parse_opml(bomb).unwrap();
    expect![[r#"
        &c;&ext; <https://bomb.example/feed> html=- category=-
    "#]]
    .assert_eq(&render(&sources));
}

#[test]
fn documents_that_are_not_opml_are_refused_with_a_reason() {
    let cases: [(&[u8], expect_test::Expect); 4] = [
        (
            &fixture("html_page.html"),
            expect!["the document is not a readable OPML subscription list: it is an HTML page"],
        ),
        (
            &fixture("rss2.xml"),
            expect!["the document is not a readable OPML subscription list: its root element is <rss>, not <opml>"],
        ),
        (b"", expect!["the document is not a readable OPML subscription list: it is an empty body"]),
        (
            b"<opml version='2.0'><body><outline text='x'></body></opml>",
            expect![
                "the document is not a readable OPML subscription list: it is not well-formed XML (ill-formed document: expected `</outline>`, but `</body>` was found at byte 44)"
            ],
        ),
    ];
    for (bytes, expected) in cases {
        let error: FeedError = parse_opml(bytes).unwrap_err();
        expected.assert_eq(&error.to_string());
    }
}

#[test]
fn an_iso_8859_1_opml_file_decodes_correctly() {
    let mut bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?><opml version='1.0'><body>".to_vec();
    bytes.extend_from_slice(b"<outline text='Caf\xe9 Cr\xe8me' xmlUrl='https://cafe.example/rss'/></body></opml>");
    let sources = parse_opml(&bytes).unwrap();
    assert_eq!(sources[0].title, "Caf\u{e9} Cr\u{e8}me");
}
