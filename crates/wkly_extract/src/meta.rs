//! Reading `<meta>` tags and resolving the URLs found in them.
//!
//! Pages spell the same tag several ways (`property="og:image"`,
//! `name="og:image"`, `NAME="OG:Image"`), so names are matched
//! case-insensitively against both attributes.

use dom_query::Document;
use url::Url;

/// The first non-empty `content` of a `<meta>` whose `name`, `property` or
/// `itemprop` is one of `names` (lowercase), in the order of `names`.
pub(crate) fn content(doc: &Document, names: &[&str]) -> Option<String> {
    let metas = doc.select("meta[content]");
    for wanted in names {
        for meta in metas.nodes() {
            let matches = ["name", "property", "itemprop"]
                .iter()
                .any(|attr| meta.attr(attr).is_some_and(|v| v.trim().eq_ignore_ascii_case(wanted)));
            if !matches {
                continue;
            }
            if let Some(value) = meta.attr("content").map(|c| collapse(&c))
                && !value.is_empty()
            {
                return Some(value);
            }
        }
    }
    None
}

/// Whitespace collapsed to single spaces, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `href` made absolute against `base`, if it is or becomes an `http(s)` URL.
/// A protocol-relative `//host/path` without a base is taken as `https`.
pub(crate) fn absolute_http_url(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    let parsed = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(base) => base.join(href).ok()?,
            None if href.starts_with("//") => Url::parse(&format!("https:{href}")).ok()?,
            None => return None,
        },
        Err(_) => return None,
    };
    (matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some()).then_some(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_names_match_any_attribute_and_any_case() {
        let doc = Document::from(r#"<meta NAME="OG:Title" content=" A  title "><meta property="og:image" content="">"#);
        assert_eq!(content(&doc, &["og:title"]), Some("A title".into()));
        assert_eq!(content(&doc, &["og:image"]), None);
    }

    #[test]
    fn urls_resolve_against_the_base_and_only_http_survives() {
        let base = Url::parse("https://news.example/a/b").ok();
        let resolve = |href| absolute_http_url(href, base.as_ref()).map(String::from);
        assert_eq!(resolve("/img.jpg"), Some("https://news.example/img.jpg".into()));
        assert_eq!(resolve("javascript:alert(1)"), None);
        assert_eq!(resolve("data:image/png;base64,AAAA"), None);
        assert_eq!(
            absolute_http_url("//cdn.example/x.jpg", None).map(String::from),
            Some("https://cdn.example/x.jpg".into())
        );
        assert_eq!(absolute_http_url("/img.jpg", None), None);
    }
}
