//! Removes what is on an article page but is not the article, before the
//! readability scorer sees the page.
//!
//! dom_smoothie picks the block with the most paragraph-like text. It does
//! that well, but the block it picks still carries share bars, bylines,
//! captions, inline ads, "related" lists and newsletter boxes, and on a short
//! article the biggest block can be the whole page. News sites name these
//! parts predictably, so they are removed here by element name and by
//! `class`/`id` tokens (`c-share-bar` → `c`, `share`, `bar`; `Comments_root`
//! → `comments`, `root`).
//!
//! Guard rails: `html`, `body` and `main` are never removed, and no element
//! holding half or more of the page's text is removed (a wrapper called
//! `content-with-sidebar` is not a sidebar), except comment sections, which
//! can outgrow the article they sit under (recognised as such when they do
//! not hold the page's `<h1>`).
//!
//! It does not judge paragraphs by their words; that is [`crate::text`]'s job.

use std::collections::HashMap;

use dom_query::{Document, NodeData, NodeId, NodeRef};

/// Elements that are never article text.
const ALWAYS_DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "button",
    "select",
    "textarea",
    "input",
    "dialog",
    "figcaption",
];

/// Elements that are page furniture unless they hold most of the page.
const FURNITURE_TAGS: &[&str] = &["nav", "footer", "aside", "header", "form", "menu"];

/// Class or id tokens of comment sections: removed whatever their size.
const COMMENT_TOKENS: &[&str] =
    &["comment", "comments", "commentlist", "disqus", "respond", "kommentare", "comentarios", "commentaires"];

/// Class or id tokens of page furniture, matched whole.
const FURNITURE_TOKENS: &[&str] = &[
    // advertising
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "sponsor",
    "sponsored",
    "promo",
    "promotion",
    "banner",
    "anzeige",
    "werbung",
    "publicidad",
    // consent and sign-up
    "cookie",
    "cookies",
    "consent",
    "cmp",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "paywall",
    "login",
    "signin",
    "donate",
    "donation",
    "membership",
    "cta",
    "abo",
    // sharing and recirculation
    "share",
    "sharing",
    "sharebar",
    "social",
    "teilen",
    "compartir",
    "redes",
    "related",
    "recirc",
    "recommended",
    "recommendations",
    "trending",
    "popular",
    "stories",
    "ticker",
    "teaser",
    "teasers",
    // article furniture
    "kicker",
    "eyebrow",
    "label",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "author",
    "authors",
    "bio",
    "meta",
    "date",
    "time",
    "timestamp",
    "tags",
    "tag",
    "topics",
    "toolbar",
    "tools",
    "actions",
    "print",
    "caption",
    "credit",
    "credits",
    "gallery",
    "slideshow",
    "carousel",
    "embed",
    "video",
    "player",
    "poll",
    "survey",
    "feedback",
    "disclaimer",
    "disclosure",
    "copyright",
    "toc",
    "pullquote",
    // page furniture
    "footer",
    "header",
    "masthead",
    "nav",
    "navigation",
    "menu",
    "sidebar",
    "rail",
    "widget",
    "skip",
];

/// Blocks whose text is mostly links: "Related: <a>…</a>" paragraphs, link
/// lists, and the menu column of a table layout.
const LINK_DENSE_TAGS: &[&str] = &["p", "ul", "ol", "dl", "div", "section", "td"];

/// `article` elements are often classed with the site's tags and
/// categories (`tag-video`), so only these tokens mark one as furniture:
/// the teaser cards of a "more news" strip.
const ARTICLE_FURNITURE_TOKENS: &[&str] = &["teaser", "teasers", "card", "promo", "related", "recirc"];

/// Removes boilerplate from `doc` in place.
pub(crate) fn remove_boilerplate(doc: &Document) {
    doc.select(&ALWAYS_DROP_TAGS.join(",")).remove();
    let Some(body) = doc.body() else {
        return;
    };
    let sizes = TextSizes::measure(&body);
    let page_chars = sizes.of(&body).chars;
    let mut stack: Vec<NodeRef<'_>> = body.element_children();
    stack.reverse();
    while let Some(node) = stack.pop() {
        match verdict(&node, &sizes, page_chars) {
            Verdict::Remove => node.remove_from_parent(),
            Verdict::Keep => {
                let mut children = node.element_children();
                children.reverse();
                stack.extend(children);
            }
        }
    }
}

enum Verdict {
    Remove,
    Keep,
}

fn verdict(node: &NodeRef<'_>, sizes: &TextSizes, page_chars: usize) -> Verdict {
    let Some(name) = node.node_name() else {
        return Verdict::Keep;
    };
    let name = name.to_ascii_lowercase();
    if matches!(name.as_str(), "html" | "body" | "main") {
        return Verdict::Keep;
    }
    let size = sizes.of(node);
    let tokens = attribute_tokens(node);
    let has = |set: &[&str]| tokens.iter().any(|t| set.contains(&t.as_str()));
    let comments = has(COMMENT_TOKENS);
    // A wrapper that merely mentions comments (`has-comments`) holds the headline.
    if comments && !size.holds_h1 {
        return Verdict::Remove;
    }
    let furniture = comments
        || FURNITURE_TAGS.contains(&name.as_str())
        || (name == "time" && !inside_prose(node))
        || if name == "article" { has(ARTICLE_FURNITURE_TOKENS) } else { has(FURNITURE_TOKENS) };
    if furniture && size.chars * 2 < page_chars {
        return Verdict::Remove;
    }
    // Mostly links, and too short to be prose with a few links in it.
    if LINK_DENSE_TAGS.contains(&name.as_str())
        && size.chars > 0
        && size.chars <= 400
        && size.link_chars * 2 > size.chars
    {
        return Verdict::Remove;
    }
    Verdict::Keep
}

/// A `<time>` in a sentence ("on <time>Tuesday</time>") is text; one
/// standing alone under a block is a timestamp.
fn inside_prose(node: &NodeRef<'_>) -> bool {
    node.parent().and_then(|p| p.node_name()).is_some_and(|p| {
        !matches!(
            &*p.to_ascii_lowercase(),
            "div" | "article" | "section" | "header" | "footer" | "main" | "body" | "aside"
        )
    })
}

/// Non-whitespace characters under each element, and how many of them are
/// inside links, measured once for the whole page.
struct TextSizes {
    by_node: HashMap<NodeId, Size>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Size {
    chars: usize,
    link_chars: usize,
    holds_h1: bool,
}

impl TextSizes {
    fn measure(root: &NodeRef<'_>) -> Self {
        let mut by_node: HashMap<NodeId, Size> = HashMap::new();
        // Post-order without recursion: (node, children done).
        let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(*root, false)];
        while let Some((node, done)) = stack.pop() {
            if !done {
                stack.push((node, true));
                stack.extend(node.children_it(false).filter(|c| c.is_element()).map(|c| (c, false)));
                continue;
            }
            let is_link = node.has_name("a");
            let mut size = Size { holds_h1: node.has_name("h1"), ..Size::default() };
            for child in node.children_it(false) {
                if child.is_text() {
                    let n = child.query_or(0, |t| match &t.data {
                        NodeData::Text { contents } => contents.chars().filter(|c| !c.is_whitespace()).count(),
                        _ => 0,
                    });
                    size.chars += n;
                    if is_link {
                        size.link_chars += n;
                    }
                } else if let Some(child_size) = by_node.get(&child.id) {
                    size.chars += child_size.chars;
                    size.link_chars += if is_link { child_size.chars } else { child_size.link_chars };
                    size.holds_h1 |= child_size.holds_h1;
                }
            }
            by_node.insert(node.id, size);
        }
        TextSizes { by_node }
    }

    fn of(&self, node: &NodeRef<'_>) -> Size {
        self.by_node.get(&node.id).copied().unwrap_or_default()
    }
}

/// The `class` and `id` of `node` split into lowercase word tokens, on
/// punctuation and on camelCase boundaries.
fn attribute_tokens(node: &NodeRef<'_>) -> Vec<String> {
    let mut tokens = Vec::new();
    for value in [node.attr("class"), node.attr("id")].into_iter().flatten() {
        split_tokens(&value, &mut tokens);
    }
    tokens
}

fn split_tokens(value: &str, out: &mut Vec<String>) {
    let mut current = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphanumeric() {
            push_token(&mut current, out);
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            push_token(&mut current, out);
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    push_token(&mut current, out);
}

fn push_token(current: &mut String, out: &mut Vec<String>) {
    if !current.is_empty() {
        out.push(std::mem::take(current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(value: &str) -> Vec<String> {
        let mut out = Vec::new();
        split_tokens(value, &mut out);
        out
    }

    #[test]
    fn class_names_split_on_punctuation_and_camel_case() {
        assert_eq!(tokens("c-share-bar"), ["c", "share", "bar"]);
        assert_eq!(tokens("Comments_root__m3"), ["comments", "root", "m3"]);
        assert_eq!(tokens("ArticleBody_body__k1"), ["article", "body", "body", "k1"]);
        assert_eq!(tokens("hd-teaser  ad"), ["hd", "teaser", "ad"]);
    }

    fn cleaned_body_text(html: &str) -> String {
        let doc = Document::from(html);
        remove_boilerplate(&doc);
        doc.select("body").text().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn share_bars_and_inline_ads_are_removed_from_the_article() {
        let html = r#"<body><article><div class="share-bar">Share on Facebook</div>
            <p>First paragraph of the story with enough words.</p>
            <div class="ad ad-inline">Advertisement</div>
            <p>Second paragraph of the story.</p></article></body>"#;
        assert_eq!(
            cleaned_body_text(html),
            "First paragraph of the story with enough words. Second paragraph of the story."
        );
    }

    #[test]
    fn a_wrapper_holding_most_of_the_page_survives_a_furniture_class() {
        let html = r#"<body><div class="layout-with-sidebar"><p>The whole story lives in here and it is long.</p></div>
            <div class="sidebar">Most read</div></body>"#;
        assert_eq!(cleaned_body_text(html), "The whole story lives in here and it is long.");
    }

    #[test]
    fn a_comment_section_longer_than_the_article_is_removed() {
        let html = r#"<body><article><p>Short story.</p></article>
            <section id="comments"><p>A very long comment that goes on and on about many things at length.</p></section></body>"#;
        assert_eq!(cleaned_body_text(html), "Short story.");
    }

    #[test]
    fn a_paragraph_that_is_mostly_a_link_is_removed() {
        let html = r#"<body><p>Real words in a real paragraph.</p><p>Related: <a href="/x">Another story about something else</a></p></body>"#;
        assert_eq!(cleaned_body_text(html), "Real words in a real paragraph.");
    }
}
