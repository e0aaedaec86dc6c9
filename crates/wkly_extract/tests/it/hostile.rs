//! Input meant to break a parser or its caller: broken markup, deep
//! nesting, huge text, code where text should be, and URLs that must not
//! be followed. Each must end in an `Article` or an `ExtractError`, never
//! a panic or a hang.

use wkly_extract::{ExtractError, MAX_ELEMENTS, MAX_HTML_BYTES, MIN_ARTICLE_WORDS, extract};

use crate::page;

const PARAGRAPH: &str = "The harbour board voted on Monday to dredge the northern channel before the spring tides, \
    ending a dispute with fishing crews that had lasted most of the winter.";

fn no_article() -> ExtractError {
    ExtractError::NoArticle { min_words: MIN_ARTICLE_WORDS }
}

#[test]
fn an_unclosed_title_swallows_the_page_as_browsers_do() {
    let html = format!("<html><head><title>Broken<body><article><p>{PARAGRAPH}</p></article>");
    assert_eq!(extract(&html, None), Err(no_article()));
}

#[test]
fn broken_and_unclosed_html_still_yields_its_text() {
    let html = format!(
        "<html><head><title>Broken</title><body><div class=story><p>{PARAGRAPH}<p>Crews said the <b>silted <i>channel</b> had</i> \
         forced them to wait <span>for high water twice a day<div><table><td>and the board agreed to pay"
    );
    let a = extract(&html, None).unwrap();
    assert!(a.text.contains("dredge the northern channel"), "{}", a.text);
    assert!(a.text.contains("twice a day"), "{}", a.text);
}

#[test]
fn fifty_thousand_nested_divs_neither_overflow_nor_hang() {
    let html =
        format!("<html><body>{}<p>{PARAGRAPH}</p>{}</body></html>", "<div>".repeat(50_000), "</div>".repeat(50_000));
    assert_eq!(extract(&html, None).unwrap().text, PARAGRAPH);
    let unclosed = format!("<html><body>{}<p>{PARAGRAPH}", "<div class=x>".repeat(50_000));
    assert_eq!(extract(&unclosed, None).unwrap().text, PARAGRAPH);
}

#[test]
fn fifty_thousand_nested_tables_and_formatting_tags_neither_overflow_nor_hang() {
    for opener in ["<table><tr><td>", "<b>", "<span><a href=#>"] {
        let html = format!("<html><body>{}<p>{PARAGRAPH}</p>", opener.repeat(50_000));
        let outcome = extract(&html, None);
        assert!(
            matches!(&outcome, Ok(a) if a.text.contains("dredge"))
                || matches!(outcome, Err(ExtractError::TooManyElements { .. })),
            "{opener}: {outcome:?}"
        );
    }
}

#[test]
fn a_four_mebibyte_text_node_is_extracted_whole() {
    let words = "tide ".repeat(4 * 1024 * 1024 / 5);
    let html = format!("<html><body><article><p>{words}</p></article></body></html>");
    let a = extract(&html, None).unwrap();
    assert_eq!(a.text.len(), words.trim_end().len());
}

#[test]
fn script_style_and_template_contents_never_leak_into_the_text() {
    let html = page(
        r#"<script>var leakedHead = "LEAKMARKER";</script><style>.LEAKMARKER{color:red}</style>"#,
        r#"<noscript>LEAKMARKER enable javascript</noscript><template><p>LEAKMARKER template</p></template>
           <script type="application/json">{"body":"LEAKMARKER in json"}</script>"#,
    )
    .replace(
        "<p>Crews said",
        r#"<script>document.write("LEAKMARKER inline")</script><style>p::after{content:"LEAKMARKER"}</style><p>Crews said"#,
    )
    .replace("the spring tides", r#"the spring <script>LEAKMARKER()</script>tides"#);
    let a = extract(&html, None).unwrap();
    assert!(a.text.contains("spring tides"), "{}", a.text);
    assert!(!a.text.contains("LEAKMARKER"), "{}", a.text);
}

#[test]
fn html_over_five_mebibytes_is_refused_before_parsing() {
    let html = format!("<p>{}</p>", "a".repeat(MAX_HTML_BYTES));
    assert_eq!(extract(&html, None), Err(ExtractError::TooLarge { limit: MAX_HTML_BYTES, actual: MAX_HTML_BYTES + 7 }));
}

#[test]
fn a_page_with_too_many_elements_is_refused() {
    let html = format!("<html><body><p>{PARAGRAPH}</p>{}</body></html>", "<i></i>".repeat(MAX_ELEMENTS));
    assert!(matches!(extract(&html, None), Err(ExtractError::TooManyElements { limit: MAX_ELEMENTS, .. })));
}

#[test]
fn pages_without_an_article_are_no_article() {
    for html in [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><footer>© 2025 Town News</footer></body></html>",
        "<p>Too short to be an article at all.</p>",
        "<!-- an unclosed comment swallows everything <article><p>text</p></article>",
        "<script>var a = 1;</script>",
    ] {
        assert_eq!(extract(html, None), Err(no_article()), "{html:?}");
    }
}

#[test]
fn control_characters_nul_bytes_and_stray_markup_do_not_panic() {
    let html = format!(
        "\u{feff}<html\0><body \u{1}=\"\"><p>{PARAGRAPH}\0\u{7}</p><<<>>><p attr='unterminated>{PARAGRAPH}</p>\
         &#0;&#xD800;&#99999999;&bogus; <svg><p>{PARAGRAPH}</svg>"
    );
    let _ = extract(&html, Some("https://news.example/a"));
}

#[test]
fn a_page_url_that_is_not_absolute_http_is_an_error() {
    for url in ["/relative", "javascript:alert(1)", "ftp://files.example/a", "not a url", "//cdn.example/a"] {
        assert_eq!(
            extract(&page("", ""), Some(url)),
            Err(ExtractError::InvalidPageUrl { url: url.to_string() }),
            "{url}"
        );
    }
}

#[test]
fn a_javascript_or_data_canonical_is_never_returned() {
    for href in ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>x</script>", "vbscript:x"] {
        let head = format!(r#"<link rel="canonical" href="{href}"><meta property="og:url" content="{href}">"#);
        assert_eq!(extract(&page(&head, ""), None).unwrap().canonical_url, None, "{href}");
    }
}
