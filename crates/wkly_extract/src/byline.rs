//! Who wrote the article, as one display string ("Ann Lee and Bo Chan").
//!
//! Sources, in order: the people named as JSON-LD `author` (organisations
//! when no person is named); author `<meta>` tags; then the page itself:
//! `itemprop="author"`, `rel="author"` links, elements whose class says
//! byline or author, and finally a short element reading "By Ann Lee"
//! (or "Por", "Von", "Par", "Door") followed by capitalised names. The
//! prefix is removed, and so is what follows a `|` or `·` ("Ann Lee |
//! May 2"). Profile URLs (`article:author` is often one) are not names.

use dom_query::Document;

use crate::meta;

const AUTHOR_META: &[&str] =
    &["author", "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "article:author"];

/// Selectors for byline elements on the page, by preference. Each may
/// match several elements (one per author).
const BYLINE_SELECTORS: &[&str] = &[
    r#"[itemprop="author"] [itemprop="name"]"#,
    r#"[itemprop="author"]"#,
    r#"a[rel~="author"]"#,
    ".byline .author",
    ".byline",
    r#"[class*="byline"]"#,
    r#"[class*="author"]"#,
];

/// Longer than this, a "byline" element is an author bio or a whole block.
const MAX_BYLINE_CHARS: usize = 100;

/// The byline of the page.
pub(crate) fn byline(doc: &Document, json_ld_authors: &[String]) -> Option<String> {
    if let Some(b) = join_names(json_ld_authors.iter().filter_map(|n| clean(n))) {
        return Some(b);
    }
    if let Some(b) = meta::content(doc, AUTHOR_META).and_then(|m| clean(&m)) {
        return Some(b);
    }
    BYLINE_SELECTORS
        .iter()
        .find_map(|selector| {
            let names = doc.select(selector).nodes().iter().filter_map(|n| clean(&n.text())).collect::<Vec<_>>();
            join_names(names.into_iter())
        })
        .or_else(|| by_line_in_text(doc))
}

/// Prefixes that open a byline, lowercase, with their space.
const BY_PREFIXES: &[&str] = &["by ", "von ", "por ", "par ", "door "];

/// Words allowed in lowercase between names: "Ann Lee and Bo Chan",
/// "Lucía Romero y Vidal", "Jan van Dijk".
const NAME_CONNECTORS: &[&str] =
    &["and", "und", "y", "e", "et", "en", "de", "del", "da", "van", "von", "der", "la", "le"];

/// A short element whose text is "By" and a few capitalised names. Found
/// from the text nodes that start with a prefix, so wrappers are never
/// measured whole.
fn by_line_in_text(doc: &Document) -> Option<String> {
    let body = doc.body()?;
    body.descendants_it()
        .filter(|n| n.is_text())
        .filter(|t| {
            // "By Ann", or "By " before a link or <b> holding the name.
            let text = format!("{} ", t.text().trim_start());
            BY_PREFIXES.iter().any(|p| text.is_char_boundary(p.len()) && text[..p.len()].eq_ignore_ascii_case(p))
        })
        .find_map(|t| {
            let parent = t.parent()?;
            if parent.normalized_char_count() > MAX_BYLINE_CHARS {
                return None;
            }
            let name = clean(&parent.text())?;
            let words: Vec<&str> = name.split_whitespace().collect();
            let name_like = (1..=8).contains(&words.len())
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        || NAME_CONNECTORS.contains(&w.to_lowercase().as_str())
                        || *w == "&"
                });
            name_like.then_some(name)
        })
}

/// "Ann", "Ann and Bo", "Ann, Bo and Cy"; duplicates dropped.
fn join_names(names: impl Iterator<Item = String>) -> Option<String> {
    let mut unique: Vec<String> = Vec::new();
    for name in names {
        if !unique.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            unique.push(name);
        }
    }
    match unique.len() {
        0 => None,
        1 => unique.pop(),
        _ => {
            let last = unique.pop()?;
            Some(format!("{} and {last}", unique.join(", ")))
        }
    }
}

/// A byline without "By", whitespace collapsed; `None` if it is empty, a
/// URL, or too long to be a name.
pub(crate) fn clean(raw: &str) -> Option<String> {
    let text = meta::collapse(raw);
    let mut text = text.as_str();
    for prefix in ["by ", "von ", "por ", "par ", "door ", "di "] {
        if text.len() > prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix) {
            text = &text[prefix.len()..];
            break;
        }
    }
    // "Ann Lee | May 2, 2025", "Ann Lee · Staff": the name comes first.
    let text = text.split(['|', '·']).next().unwrap_or(text);
    let text = text.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':'));
    let looks_like_url = text.contains("://") || text.starts_with("www.");
    let ok = !text.is_empty()
        && !looks_like_url
        && text.chars().count() <= MAX_BYLINE_CHARS
        && text.chars().any(char::is_alphabetic);
    ok.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, json_ld: &[&str], expected: Option<&str>) {
        let authors: Vec<String> = json_ld.iter().map(|s| s.to_string()).collect();
        assert_eq!(byline(&Document::from(html), &authors).as_deref(), expected);
    }

    #[test]
    fn json_ld_authors_come_first_and_are_joined() {
        check(
            r#"<meta name="author" content="Meta Name">"#,
            &["Ann Lee", "Bo Chan", "Cy Diaz"],
            Some("Ann Lee, Bo Chan and Cy Diaz"),
        );
    }

    #[test]
    fn a_profile_url_is_not_a_name() {
        check(
            r#"<meta property="article:author" content="https://news.example/staff/ann"><span class="byline">By Ann Lee</span>"#,
            &[],
            Some("Ann Lee"),
        );
    }

    #[test]
    fn several_author_links_make_one_byline() {
        check(
            r#"<p>By <a rel="author" href="/a">Ann Lee</a> and <a rel="author" href="/b">Bo Chan</a></p>"#,
            &[],
            Some("Ann Lee and Bo Chan"),
        );
    }

    #[test]
    fn a_short_by_line_on_the_page_is_the_last_resort() {
        check(
            r#"<div class="cookie">By clicking accept you agree to cookies</div><div class="m"><span>By Noor Siddiqui</span><span>May 2</span></div>"#,
            &[],
            Some("Noor Siddiqui"),
        );
        check(
            r#"<p class="firma">Por <b>Lucía Romero Vidal</b> | 3 de diciembre</p>"#,
            &[],
            Some("Lucía Romero Vidal"),
        );
    }

    #[test]
    fn an_author_bio_is_too_long_to_be_a_byline() {
        check(
            r#"<div class="author-bio">Ann Lee has covered the city council for the paper since 2012 and before that reported on schools for a decade.</div>"#,
            &[],
            None,
        );
    }
}
