//! Each supported format read from a fixture, snapshot of everything we hand out.

use expect_test::expect;

use crate::support::check;

#[test]
fn an_rss2_feed_yields_clean_entries_with_html_content_and_images() {
    check(
        "rss2.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: The Harbour Ledger
        site_url: https://harbourledger.example/
        description: Port, tides and town news from Saltmarsh Bay.
        language: en-gb
        entry 0:
          id: hl-2024-0117
          url: https://harbourledger.example/news/ferry-winter?ref=home
          title: Ferry timetable changes for the winter season
          summary: The Saltmarsh ferry runs hourly from Monday.
          content_html: <p>The <strong>Saltmarsh ferry</strong> runs hourly from Monday.</p><p>Full timetable inside.</p>
          author: Mara Quill
          published_at: 1705480200000
          updated_at: 1705480200000
          categories: Transport | Saltmarsh Bay
          image_url: https://cdn.harbourledger.example/img/ferry.jpg
        entry 1:
          id: https://harbourledger.example/news/harbour-master
          url: https://harbourledger.example/news/harbour-master
          title: Q&A: the new harbour master “Tess” Arlow
          summary: An interview. Lots of whitespace & entities.
          content_html: An interview.   Lots of
                whitespace &amp; entities.
          author: Tess Arlow
          published_at: 1705421100000
          updated_at: 1705421100000
          image_url: https://cdn.harbourledger.example/img/tess.png
        entry 2:
          id: https://harbourledger.example/news/lighthouse
          url: https://harbourledger.example/news/lighthouse
          title: Lighthouse reopens to visitors
          summary: The lighthouse is open again.
          content_html: The lighthouse is open again.
          published_at: 1705320000000
          updated_at: 1705320000000
    "#]],
    );
}

#[test]
fn an_rss1_rdf_feed_is_read_with_dublin_core_dates_and_authors() {
    check(
        "rss1.rdf",
        None,
        expect![[r#"
        kind: Rss1
        title: Valley Gazette
        site_url: https://valleygazette.example/
        description: News from the upper valley.
        language: en-us
        entry 0:
          id: https://valleygazette.example/2024/03/bridge
          url: https://valleygazette.example/2024/03/bridge
          title: Old stone bridge gets a new deck
          summary: Works start in April.
          content_html: Works start in <em>April</em>.
          author: Ivo Brenn
          published_at: 1709367300000
        entry 1:
          id: https://valleygazette.example/2024/03/market
          url: https://valleygazette.example/2024/03/market
          title: Saturday market moves indoors
          summary: Because of the weather.
          content_html: Because of the weather.
          published_at: 1709316000000
    "#]],
    );
}

#[test]
fn an_rss091_feed_with_a_doctype_is_read_without_dates() {
    check(
        "rss091.xml",
        None,
        expect![[r#"
        kind: Rss0
        title: Old Mill Bulletin
        site_url: http://oldmill.example/
        description: Weekly notes from the Old Mill.
        language: en
        entry 0:
          id: http://oldmill.example/notes/wheel.html
          url: http://oldmill.example/notes/wheel.html
          title: Water wheel repaired
          summary: The wheel turns again.
          content_html: The wheel turns again.
        entry 1:
          id: http://oldmill.example/notes/flour.html
          url: http://oldmill.example/notes/flour.html
          title: Flour prices steady
    "#]],
    );
}

#[test]
fn an_rss090_feed_is_read_although_feed_rs_ignores_its_namespace() {
    check(
        "rss090.rdf",
        None,
        expect![[r#"
        kind: Rss0
        title: Pocket Almanac
        site_url: http://almanac.example/
        description: The oldest feed format there is.
        entry 0:
          id: http://almanac.example/frost
          url: http://almanac.example/frost
          title: First frost expected
    "#]],
    );
}

#[test]
fn an_rss_document_without_version_is_read_as_rss2() {
    check(
        "rss_unversioned.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: No Version Voice
        site_url: https://noversion.example/
        entry 0:
          id: https://noversion.example/a
          url: https://noversion.example/a
          title: Read as RSS 2.0
    "#]],
    );
}

#[test]
fn an_atom_feed_gives_html_titles_as_text_and_inherits_the_feed_author() {
    check(
        "atom.xml",
        None,
        expect![[r#"
        kind: Atom
        title: Le Courrier des Collines
        site_url: https://courrier-collines.example/
        description: Actualités des collines
        language: fr-fr
        entry 0:
          id: tag:courrier-collines.example,2024:fete
          url: https://courrier-collines.example/fete
          title: Fête du village : le programme
          summary: Musique, bal et feu d’artifice.
          content_html: <p>Le programme <em>complet</em>.</p>
          author: Élodie Marchand
          published_at: 1714712400000
          updated_at: 1714815000000
          categories: Fête | culture
          image_url: https://courrier-collines.example/img/fete.jpg
        entry 1:
          id: tag:courrier-collines.example,2024:route
          url: https://courrier-collines.example/route
          title: Route fermée & déviation
          summary: Travaux sur la D12.
          author: Rédaction
          updated_at: 1714651200000
    "#]],
    );
}

#[test]
fn a_json_feed_11_coerces_numeric_ids_and_skips_broken_items() {
    check(
        "jsonfeed11.json",
        None,
        expect![[r#"
        kind: JsonFeed
        title: Riverside Dispatch
        site_url: https://riverside-dispatch.example/
        description: Short news from the riverside.
        language: en-au
        entry 0:
          id: rd-501
          url: https://riverside-dispatch.example/posts/flood-gates?id=5
          title: Flood gates tested
          summary: The gates closed in four minutes.
          content_html: <p>The gates closed in <b>four</b> minutes.</p>
          author: Kiri Hale
          published_at: 1717963200000
          updated_at: 1717970400000
          categories: weather | river
          image_url: https://riverside-dispatch.example/img/gates.jpg
        entry 1:
          id: 502
          url: https://riverside-dispatch.example/posts/rowing-club
          title: Rowing club wins regatta
          summary: A plain text body with <angle> brackets & ampersands.
          content_html: A plain text body with &lt;angle&gt; brackets &amp; ampersands.
          author: Dispatch Staff
          published_at: 1717947000000
        warning entry 1 FieldsIgnored: fields of the wrong type were ignored: tags
        warning entry 2 EntrySkipped: entry has neither a title nor a usable link
        warning entry 3 EntrySkipped: entry is not a JSON object
    "#]],
    );
}

#[test]
fn a_json_feed_10_with_an_http_version_url_is_read() {
    check(
        "jsonfeed10.json",
        None,
        expect![[r#"
        kind: JsonFeed
        title: Lantern Street Notes
        site_url: https://lantern.example/
        entry 0:
          id: 1
          url: https://lantern.example/1
          title: Streetlights replaced
          summary: All forty lamps are LEDs now.
          content_html: All forty lamps are LEDs now.
          author: Wen Lantern
          published_at: 1698969600000
    "#]],
    );
}
