//! The article object of a page's JSON-LD (`<script type="application/ld+json">`).
//!
//! Publishers describe an article with schema.org `NewsArticle` and its
//! relatives, alone, in an array, or inside an `@graph` next to `WebSite`
//! and `BreadcrumbList` objects. This module finds the first article-typed
//! object and reads the few fields wkly uses. Blocks that are not valid JSON
//! are skipped; nothing here fails.

use dom_query::Document;
use serde_json::Value;

/// schema.org types that describe one article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
];

/// What wkly reads from a page's JSON-LD article object.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct JsonLdArticle {
    pub headline: Option<String>,
    /// Names of the authors that are people; organisations only when no
    /// person is named.
    pub authors: Vec<String>,
    pub date_published: Option<String>,
    pub image: Option<String>,
}

/// The first article object in the page's JSON-LD blocks, if any.
pub(crate) fn article(doc: &Document) -> Option<JsonLdArticle> {
    let scripts = doc.select(r#"script[type="application/ld+json" i]"#);
    for script in scripts.nodes() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            continue;
        };
        let mut objects = Vec::new();
        collect_objects(&value, &mut objects);
        if let Some(found) = objects.into_iter().find(|o| is_article(o)) {
            return Some(read_article(found));
        }
    }
    None
}

/// Top-level objects, the members of top-level arrays, and `@graph` members.
fn collect_objects<'v>(value: &'v Value, out: &mut Vec<&'v Value>) {
    match value {
        Value::Array(items) => {
            for item in items {
                if item.is_object() {
                    collect_objects(item, out);
                }
            }
        }
        Value::Object(map) => {
            out.push(value);
            if let Some(Value::Array(graph)) = map.get("@graph") {
                out.extend(graph.iter().filter(|v| v.is_object()));
            }
        }
        _ => {}
    }
}

fn is_article(object: &Value) -> bool {
    match object.get("@type") {
        Some(Value::String(t)) => is_article_type(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
        _ => false,
    }
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    ARTICLE_TYPES.contains(&t)
}

fn read_article(object: &Value) -> JsonLdArticle {
    JsonLdArticle {
        headline: object.get("headline").or_else(|| object.get("name")).and_then(text),
        authors: object.get("author").map(author_names).unwrap_or_default(),
        date_published: object.get("datePublished").and_then(text),
        image: object.get("image").and_then(image_url),
    }
}

/// A non-empty string, or the first non-empty string of an array.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => {
            let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
            (!s.is_empty()).then_some(s)
        }
        Value::Array(items) => items.iter().find_map(text),
        _ => None,
    }
}

fn author_names(value: &Value) -> Vec<String> {
    let mut people = Vec::new();
    let mut organisations = Vec::new();
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for item in items {
        match item {
            Value::String(_) => people.extend(text(item)),
            Value::Object(map) => {
                let Some(name) = map.get("name").and_then(text) else {
                    continue;
                };
                let is_organisation = map
                    .get("@type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.ends_with("Organization") || t == "NewsMediaOrganization");
                if is_organisation {
                    organisations.push(name);
                } else {
                    people.push(name);
                }
            }
            _ => {}
        }
    }
    if people.is_empty() { organisations } else { people }
}

/// `"url"`, `{"url": "url"}`, `["url", ...]` or `[{"url": "url"}, ...]`.
fn image_url(value: &Value) -> Option<String> {
    match value {
        Value::String(_) => text(value),
        Value::Object(map) => map.get("url").or_else(|| map.get("contentUrl")).and_then(text),
        Value::Array(items) => items.iter().find_map(image_url),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str, expected: Option<JsonLdArticle>) {
        let html = format!(r#"<html><head><script type="application/ld+json">{json}</script></head></html>"#);
        assert_eq!(article(&Document::from(html)), expected);
    }

    #[test]
    fn an_article_inside_a_graph_is_found() {
        check(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
               {"@type":"NewsArticle","headline":"Hi","datePublished":"2024-01-02",
                "author":{"@type":"Person","name":"Ann"},"image":{"@type":"ImageObject","url":"https://x.example/a.jpg"}}]}"#,
            Some(JsonLdArticle {
                headline: Some("Hi".into()),
                authors: vec!["Ann".into()],
                date_published: Some("2024-01-02".into()),
                image: Some("https://x.example/a.jpg".into()),
            }),
        );
    }

    #[test]
    fn people_are_preferred_to_organisations_as_authors() {
        check(
            r#"[{"@type":["NewsArticle"],"author":[{"@type":"Organization","name":"Desk"},{"@type":"Person","name":["Bo"]},"Cy"]}]"#,
            Some(JsonLdArticle { authors: vec!["Bo".into(), "Cy".into()], ..JsonLdArticle::default() }),
        );
    }

    #[test]
    fn invalid_json_and_non_article_types_are_ignored() {
        check(r#"{"@type":"NewsArticle", oops}"#, None);
        check(r#"{"@type":"BreadcrumbList","name":"x"}"#, None);
    }
}
