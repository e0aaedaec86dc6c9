//! The article's lead image, as an absolute `http(s)` URL.
//!
//! Sources, in order: `og:image` (and its `:secure_url`/`:url` forms), the
//! JSON-LD `image`, `twitter:image`, `<link rel="image_src">`. Relative URLs
//! are resolved against the page URL, or against the canonical URL when no
//! page URL was given; a URL that cannot be made absolute, or is not
//! `http(s)` (`data:`, `javascript:`), is skipped.

use dom_query::Document;
use url::Url;

use crate::meta;

const IMAGE_META: &[&str] = &["og:image:secure_url", "og:image:url", "og:image"];
const TWITTER_META: &[&str] = &["twitter:image", "twitter:image:src"];

/// The lead image of the page.
pub(crate) fn image(doc: &Document, json_ld_image: Option<&str>, base: Option<&Url>) -> Option<String> {
    let resolve = |href: &str| meta::absolute_http_url(href, base).map(String::from);
    meta::content(doc, IMAGE_META)
        .and_then(|h| resolve(&h))
        .or_else(|| json_ld_image.and_then(resolve))
        .or_else(|| meta::content(doc, TWITTER_META).and_then(|h| resolve(&h)))
        .or_else(|| doc.select(r#"link[rel="image_src"][href]"#).attr("href").and_then(|h| resolve(&h)))
}
