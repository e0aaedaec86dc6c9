//! The headline of the article.
//!
//! Sources, in order: JSON-LD `headline`, `og:title`, `twitter:title`, then
//! the page's first `<h1>` when the `<title>` contains it (the `<title>`
//! usually adds the site name: "Headline | Site"). Failing all of those,
//! [`crate::extract`] falls back to dom_smoothie's reading of `<title>`.

use dom_query::Document;

use crate::meta;

/// The headline from the page's metadata and `<h1>`.
pub(crate) fn title(doc: &Document, json_ld_headline: Option<&str>) -> Option<String> {
    json_ld_headline
        .map(meta::collapse)
        .filter(|t| !t.is_empty())
        .or_else(|| meta::content(doc, &["og:title", "twitter:title"]))
        .or_else(|| h1_within_title(doc))
}

fn h1_within_title(doc: &Document) -> Option<String> {
    let title = meta::collapse(&doc.select("head title").text());
    if title.is_empty() {
        return None;
    }
    doc.select("h1").nodes().iter().find_map(|h1| {
        let text = meta::collapse(&h1.text());
        (!text.is_empty() && title.contains(&text)).then_some(text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, json_ld: Option<&str>, expected: Option<&str>) {
        assert_eq!(title(&Document::from(html), json_ld).as_deref(), expected);
    }

    #[test]
    fn json_ld_then_open_graph_then_the_h1_inside_the_title() {
        let html = r#"<head><title>Bridge reopens | Town News</title><meta property="og:title" content="OG"></head><h1>Bridge reopens</h1>"#;
        check(html, Some("LD"), Some("LD"));
        check(html, None, Some("OG"));
        check(
            r#"<head><title>Bridge reopens | Town News</title></head><h1>Town News</h1><h1>Bridge reopens</h1>"#,
            None,
            Some("Town News"),
        );
        check(r#"<head><title>Town News</title></head><h1>Something else</h1>"#, None, None);
    }
}
