//! Each `Article` field, one small page per rule: where the value comes
//! from, in which order sources are tried, and what is refused.

use wkly_extract::{Article, extract};

use crate::page;

const PAGE_URL: &str = "https://news.example/section/story";

fn extracted(head: &str, body: &str) -> Article {
    extract(&page(head, body), Some(PAGE_URL)).unwrap()
}

fn json_ld(json: &str) -> String {
    format!(r#"<script type="application/ld+json">{json}</script>"#)
}

// title

#[test]
fn the_title_comes_from_json_ld_then_open_graph_then_the_h1_inside_the_title() {
    let og = r#"<meta property="og:title" content="Open Graph headline">"#;
    let title = "<title>Channel to be dredged | Harbour News</title>";
    let h1 = "<h1>Channel to be dredged</h1>";
    let ld = json_ld(r#"{"@type":"NewsArticle","headline":"JSON-LD headline"}"#);
    let check = |head: String, expected: &str| assert_eq!(extracted(&head, h1).title.as_deref(), Some(expected));
    check(format!("{title}{og}{ld}"), "JSON-LD headline");
    check(format!("{title}{og}"), "Open Graph headline");
    check(title.to_string(), "Channel to be dredged");
}

#[test]
fn the_headline_is_not_repeated_at_the_top_of_the_text() {
    let a = extracted(r#"<meta property="og:title" content="Channel to be dredged">"#, "");
    let doc = page(r#"<meta property="og:title" content="Channel to be dredged">"#, "");
    let with_h1 = doc.replace("<article>", "<article><h1>Channel to be dredged</h1>");
    let b = extract(&with_h1, Some(PAGE_URL)).unwrap();
    assert_eq!(a.text, b.text);
    assert!(b.text.starts_with("The harbour board"));
}

// byline

#[test]
fn the_byline_comes_from_json_ld_people_then_meta_then_the_page() {
    let check = |head: &str, body: &str, expected: Option<&str>| {
        assert_eq!(extracted(head, body).byline.as_deref(), expected, "{head} {body}");
    };
    let ld = json_ld(
        r#"{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}]}"#,
    );
    let meta = r#"<meta name="author" content="Meta Author">"#;
    let rel = r#"<p>By <a rel="author" href="/staff/cy">Cy Diaz</a></p>"#;
    check(&format!("{ld}{meta}"), rel, Some("Ann Lee and Bo Chan"));
    check(meta, rel, Some("Meta Author"));
    check("", rel, Some("Cy Diaz"));
    check("", r#"<div class="story-meta"><span>By Dee Evans</span> <span>May 2</span></div>"#, Some("Dee Evans"));
    check("", "", None);
}

// published_at

#[test]
fn the_publication_time_comes_from_json_ld_then_meta_then_time_elements() {
    let check = |head: &str, body: &str, expected: Option<i64>| {
        assert_eq!(extracted(head, body).published_at, expected, "{head} {body}");
    };
    let ld = json_ld(r#"{"@type":"NewsArticle","datePublished":"2025-03-14T08:30:00+01:00"}"#);
    let og = r#"<meta property="article:published_time" content="2025-03-15T00:00:00Z">"#;
    let time = r#"<time datetime="2025-03-16">March 16</time>"#;
    let date_meta = r#"<meta name="date" content="2025-03-17">"#;
    check(&format!("{date_meta}{og}{ld}"), time, Some(1_741_937_400_000));
    check(&format!("{date_meta}{og}"), time, Some(1_741_996_800_000));
    check(date_meta, time, Some(1_742_083_200_000));
    check(date_meta, "", Some(1_742_169_600_000));
    check(r#"<meta name="date" content="last Tuesday">"#, "", None);
}

#[test]
fn an_unparseable_json_ld_date_falls_through_to_the_next_source() {
    let ld = json_ld(r#"{"@type":"NewsArticle","datePublished":"Friday"}"#);
    let og = r#"<meta property="article:published_time" content="2025-03-15T00:00:00Z">"#;
    assert_eq!(extracted(&format!("{ld}{og}"), "").published_at, Some(1_741_996_800_000));
}

// image

#[test]
fn the_image_is_absolute_and_http() {
    let check = |head: &str, expected: Option<&str>| {
        assert_eq!(extracted(head, "").image.as_deref(), expected, "{head}");
    };
    check(r#"<meta property="og:image" content="/img/a.jpg">"#, Some("https://news.example/img/a.jpg"));
    check(r#"<meta property="og:image" content="//cdn.example/a.jpg">"#, Some("https://cdn.example/a.jpg"));
    check(
        &json_ld(r#"{"@type":"NewsArticle","image":[{"@type":"ImageObject","url":"https://cdn.example/ld.jpg"}]}"#),
        Some("https://cdn.example/ld.jpg"),
    );
    check(
        &format!(
            r#"<meta property="og:image" content="javascript:alert(1)">{}"#,
            json_ld(r#"{"@type":"NewsArticle","image":"https://cdn.example/ld.jpg"}"#)
        ),
        Some("https://cdn.example/ld.jpg"),
    );
    check(r#"<meta name="twitter:image" content="https://cdn.example/tw.jpg">"#, Some("https://cdn.example/tw.jpg"));
    check(r#"<meta property="og:image" content="data:image/png;base64,AAAA">"#, None);
}

#[test]
fn without_a_page_url_a_relative_image_resolves_against_the_canonical_url() {
    let html = page(
        r#"<link rel="canonical" href="https://news.example/a/story"><meta property="og:image" content="/img/a.jpg">"#,
        "",
    );
    assert_eq!(extract(&html, None).unwrap().image.as_deref(), Some("https://news.example/img/a.jpg"));
}

// lang

#[test]
fn the_declared_language_wins_over_detection() {
    let html = page("", "").replace("<html>", r#"<html lang="en-GB">"#);
    assert_eq!(extract(&html, None).unwrap().lang.as_deref(), Some("en-GB"));
}

#[test]
fn without_a_declared_language_it_is_detected_from_the_text() {
    let html = "<html><body><article><p>El ayuntamiento aprobó el lunes un plan para renovar el mercado \
        central, que lleva cerrado desde el invierno pasado por problemas en la cubierta y en la \
        instalación eléctrica. Los comerciantes esperan volver a abrir sus puestos antes del verano.</p>\
        </article></body></html>";
    assert_eq!(extract(html, None).unwrap().lang.as_deref(), Some("es"));
}

// canonical_url

#[test]
fn the_canonical_url_comes_from_the_link_then_og_url_then_the_page_url() {
    let check = |head: &str, page_url: Option<&str>, expected: Option<&str>| {
        let a = extract(&page(head, ""), page_url).unwrap();
        assert_eq!(a.canonical_url.as_deref(), expected, "{head}");
    };
    let link = r#"<link rel="canonical" href="https://news.example/a?id=1&amp;utm_source=rss#top">"#;
    let og = r#"<meta property="og:url" content="https://news.example/og?fbclid=x">"#;
    check(&format!("{og}{link}"), Some(PAGE_URL), Some("https://news.example/a?id=1"));
    check(og, Some(PAGE_URL), Some("https://news.example/og"));
    check("", Some("https://news.example/p?gclid=1&ref=tw&x=2"), Some("https://news.example/p?x=2"));
    check("", None, None);
}

#[test]
fn a_relative_canonical_is_resolved_against_the_page_url() {
    let head = r#"<link rel="canonical" href="../other/story?mc_cid=1&amp;cmpid=2">"#;
    let a = extract(&page(head, ""), Some(PAGE_URL)).unwrap();
    assert_eq!(a.canonical_url.as_deref(), Some("https://news.example/other/story"));
}

#[test]
fn a_relative_canonical_without_a_page_url_is_skipped() {
    let head = r#"<link rel="canonical" href="/story"><meta property="og:url" content="https://news.example/og">"#;
    assert_eq!(extract(&page(head, ""), None).unwrap().canonical_url.as_deref(), Some("https://news.example/og"));
}

#[test]
fn a_javascript_canonical_is_rejected() {
    let head = r#"<link rel="canonical" href="javascript:alert(document.cookie)">"#;
    let a = extract(&page(head, ""), Some(PAGE_URL)).unwrap();
    assert_eq!(a.canonical_url.as_deref(), Some(PAGE_URL));
    let a = extract(&page(head, ""), None).unwrap();
    assert_eq!(a.canonical_url, None);
}

// dateline

#[test]
fn a_leading_dateline_is_read_and_left_in_the_text() {
    let check = |opening: &str, expected: Option<&str>| {
        let html = page("", "").replace("The harbour board voted", &format!("{opening} The harbour board voted"));
        let a = extract(&html, None).unwrap();
        assert_eq!(a.dateline.as_deref(), expected, "{opening}");
        assert!(a.text.starts_with(opening.trim()), "{}", a.text);
    };
    check("TOKYO —", Some("TOKYO"));
    check("Tokyo (Pacific Wire) -", Some("Tokyo"));
    check("LONDON, March 5 (Finance Journal) -", Some("LONDON"));
    check("", None);
}
