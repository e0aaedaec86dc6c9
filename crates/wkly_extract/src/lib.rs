//! An article page's HTML in; its main text and metadata out.
//!
//! [`extract`] finds the article on a news page — the paragraphs a reader
//! came for, without navigation, share bars, ads, "related" lists, captions
//! or comments — and reads the page's title, byline, publication time, lead
//! image, language, canonical URL and dateline. [`clean_url`] is the
//! tracking-parameter cleaner it uses for canonical URLs.
//!
//! How: the HTML is parsed once (html5ever, through dom_query). Metadata is
//! read from that tree first; then known page furniture is removed
//! (`boilerplate.rs`) and [dom_smoothie], a port of Mozilla's Readability,
//! picks the article block, which is rendered to plain paragraphs
//! (`text.rs`). The choice of dom_smoothie over the other Rust extractors
//! was measured: see the README and `examples/compare.rs`.
//!
//! Pure: no IO, no clock, no global state; the same input gives the same
//! output. It does not fetch pages, decode bytes (the caller passes UTF-8
//! text), sanitise HTML for display, or judge whether the article is news.
//! Hostile input is bounded: pages over [`MAX_HTML_BYTES`] or
//! [`MAX_ELEMENTS`] are refused and element nesting is capped before parsing
//! (`nesting.rs`), so no input makes it panic or run for long.
//!
//! [dom_smoothie]: https://docs.rs/dom_smoothie

mod boilerplate;
mod byline;
mod canonical;
mod dateline;
mod error;
mod image;
mod jsonld;
mod lang;
mod meta;
mod nesting;
mod published;
mod text;
mod title;

use dom_query::Document;
use url::Url;

pub use canonical::clean_url;
pub use error::ExtractError;

/// Pages larger than this many bytes are refused with [`ExtractError::TooLarge`].
pub const MAX_HTML_BYTES: usize = 5 * 1024 * 1024;

/// Pages with more elements than this are refused with
/// [`ExtractError::TooManyElements`]. Large live blogs have tens of
/// thousands; scoring costs grow with the count (about a second per 200,000
/// in a release build).
pub const MAX_ELEMENTS: usize = 200_000;

/// An article shorter than this many words is reported as
/// [`ExtractError::NoArticle`]: what is left is a teaser, a caption or a
/// cookie notice, not an article.
pub const MIN_ARTICLE_WORDS: usize = 25;

/// What [`extract`] found on an article page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The headline: JSON-LD `headline`, else `og:title`, else the page
    /// `<title>` without the site name.
    pub title: Option<String>,
    /// Who wrote it, as displayed: "Ann Lee" or "Ann Lee and Bo Chan".
    pub byline: Option<String>,
    /// First publication, unix milliseconds: from JSON-LD `datePublished`,
    /// `article:published_time`, `<time datetime>`, or a date `<meta>`.
    pub published_at: Option<i64>,
    /// The lead image, an absolute `http(s)` URL (`og:image`, JSON-LD `image`).
    pub image: Option<String>,
    /// The declared `<html lang>` (a BCP 47 tag, e.g. `en-GB`); without one,
    /// the ISO 639-1 code whatlang identifies from the text, when the text
    /// has at least 20 words and the identification is reliable.
    pub lang: Option<String>,
    /// `<link rel="canonical">`, else `og:url`, else the page URL; absolute,
    /// with tracking parameters and the fragment removed (see [`clean_url`]).
    pub canonical_url: Option<String>,
    /// The main text: paragraphs separated by one blank line, whitespace
    /// within a paragraph collapsed to single spaces.
    pub text: String,
    /// The place of a leading dateline ("TOKYO" from "TOKYO — …", "Tokyo"
    /// from "Tokyo (Agency) - …"). The dateline stays in [`Article::text`].
    pub dateline: Option<String>,
}

/// Extracts the article from `html`, the page fetched from `page_url`.
///
/// `page_url`, when given, must be an absolute `http(s)` URL; relative
/// links (canonical, image) are resolved against it.
///
/// # Errors
///
/// - [`ExtractError::TooLarge`] when `html` is over [`MAX_HTML_BYTES`];
/// - [`ExtractError::TooManyElements`] when the parsed page has over
///   [`MAX_ELEMENTS`] elements;
/// - [`ExtractError::InvalidPageUrl`] when `page_url` is not an absolute
///   `http(s)` URL;
/// - [`ExtractError::NoArticle`] when no main text of at least
///   [`MIN_ARTICLE_WORDS`] words is found.
///
/// ```
/// let html = r#"<html lang="en"><head><title>Bridge reopens | Town News</title>
///   <link rel="canonical" href="/news/bridge?utm_source=rss"></head>
///   <body><nav><a href="/">Home</a></nav><article><h1>Bridge reopens</h1>
///   <p>TOWNSVILLE — The old bridge over the river reopened on Monday after two years
///   of repairs, and the first cars crossed it shortly after dawn.</p>
///   <p>Officials said the repairs cost less than expected and finished a month early.</p>
///   </article></body></html>"#;
/// let article = wkly_extract::extract(html, Some("https://town.example/x")).unwrap();
/// assert_eq!(article.canonical_url.as_deref(), Some("https://town.example/news/bridge"));
/// assert_eq!(article.dateline.as_deref(), Some("TOWNSVILLE"));
/// assert!(article.text.starts_with("TOWNSVILLE — The old bridge"));
/// assert!(article.text.contains("dawn.\n\nOfficials said"));
/// ```
pub fn extract(html: &str, page_url: Option<&str>) -> Result<Article, ExtractError> {
    if html.len() > MAX_HTML_BYTES {
        return Err(ExtractError::TooLarge { limit: MAX_HTML_BYTES, actual: html.len() });
    }
    let page_url = page_url.map(parse_page_url).transpose()?;
    let html = nesting::cap_nesting(html, nesting::MAX_DEPTH);
    let doc = Document::from(html.as_ref());
    let elements = doc.root().descendants_it().filter(|n| n.is_element()).count();
    if elements > MAX_ELEMENTS {
        return Err(ExtractError::TooManyElements { limit: MAX_ELEMENTS, actual: elements });
    }

    // Metadata first: the cleaning below removes bylines, dates and scripts.
    let json_ld = jsonld::article(&doc).unwrap_or_default();
    let canonical_url = canonical::canonical_url(&doc, page_url.as_ref());
    let base = page_url.clone().or_else(|| canonical_url.as_deref().and_then(|u| Url::parse(u).ok()));
    let mut title = title::title(&doc, json_ld.headline.as_deref());
    let mut byline = byline::byline(&doc, &json_ld.authors);
    let published_at = published::published_at(&doc, json_ld.date_published.as_deref());
    let image = image::image(&doc, json_ld.image.as_deref(), base.as_ref());
    let declared_lang = lang::declared(&doc);

    boilerplate::remove_boilerplate(&doc);
    let config = dom_smoothie::Config {
        // Read above, from the uncleaned page.
        disable_json_ld: true,
        ..dom_smoothie::Config::default()
    };
    let no_article = ExtractError::NoArticle { min_words: MIN_ARTICLE_WORDS };
    let mut readability =
        dom_smoothie::Readability::with_document(doc, page_url.as_ref().map(Url::as_str), Some(config))
            .map_err(|_| no_article.clone())?;
    let found = readability.parse().map_err(|_| no_article.clone())?;
    if title.is_none() {
        title = Some(meta::collapse(&found.title)).filter(|t| !t.is_empty());
    }

    let cleaned = text::drop_furniture(text::paragraphs(&found.content), title.as_deref(), byline.as_deref());
    let paragraphs = cleaned.paragraphs;
    byline = byline.or(cleaned.byline_line);
    let words: usize = paragraphs.iter().map(|p| p.split_whitespace().count()).sum();
    if words < MIN_ARTICLE_WORDS {
        return Err(no_article);
    }
    let text = paragraphs.join("\n\n");
    let dateline = paragraphs.first().and_then(|p| dateline::dateline(p));
    let lang = declared_lang.or_else(|| lang::detected(&text));

    Ok(Article { title, byline, published_at, image, lang, canonical_url, text, dateline })
}

fn parse_page_url(url: &str) -> Result<Url, ExtractError> {
    meta::absolute_http_url(url, None)
        .filter(|_| !url.trim_start().starts_with("//"))
        .ok_or_else(|| ExtractError::InvalidPageUrl { url: url.to_string() })
}
