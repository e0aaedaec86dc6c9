//! Readers' comment text to the HTML a story page shows without escaping.
//!
//! Comments are untrusted, unlike editors' markdown ([`crate::markdown`]), so they pass
//! two walls. First pulldown-cmark reads a CommonMark subset: raw HTML becomes text,
//! headings become paragraphs, images leave only their alt text, and block nesting stops
//! at [`MAX_NESTING`] levels. Then ammonia re-parses the result and keeps only an explicit
//! list of tags (`p br em strong code pre blockquote ul ol li a`), `href` on links with an
//! http, https or mailto target (relative ones are dropped), `start` on numbered lists,
//! and sets `rel="nofollow ugc noopener"` on every link. Nothing else — no attribute, no
//! style, no other tag — can come out.
//!
//! [`clean_text`] is applied to what a reader typed before it is stored or rendered; it
//! does not check length (the use cases do).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Block quotes and lists nested deeper than this lose their extra levels (the words stay).
pub const MAX_NESTING: usize = 8;

const TAGS: [&str; 11] = ["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"];

static SANITISER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = Builder::empty();
    b.tags(HashSet::from(TAGS))
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"])), ("ol", HashSet::from(["start"]))]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("nofollow ugc noopener"))
        .strip_comments(true);
    b
});

/// What a reader typed, made safe to store: line breaks as `\n`, no control characters
/// other than newline and tab (NUL included), no bidirectional override or isolate
/// characters (they can make text read differently from what it is), trimmed.
pub fn clean_text(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter(|&c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A comment's markdown as sanitised HTML.
pub fn render(markdown: &str) -> String {
    let mut nesting = Nesting::default();
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::empty()).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = allowed_target(dest_url);
            links.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(event),
        Event::Start(tag @ (Tag::BlockQuote(_) | Tag::List(_) | Tag::Item)) => {
            nesting.open(matches!(tag, Tag::Item)).then_some(Event::Start(tag))
        }
        Event::End(end @ (TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item)) => {
            nesting.close(matches!(end, TagEnd::Item)).then_some(Event::End(end))
        }
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, events);
    SANITISER.clean(&out).to_string()
}

/// Whether a link target is one ammonia will keep; a link it would strip of its `href`
/// becomes plain words instead of an empty `<a>`. Ammonia still has the last word.
fn allowed_target(url: &str) -> bool {
    // Browsers ignore tabs and newlines inside a scheme ("java\tscript:").
    let lower: String = url.trim().chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>();
    let lower = lower.to_ascii_lowercase();
    ["http://", "https://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// Which open block containers were kept, so each end matches its start.
#[derive(Default)]
struct Nesting {
    open: Vec<bool>,
    kept_levels: usize,
}

impl Nesting {
    /// Whether to keep a container's start. An item goes with its list; a quote or list
    /// is kept while fewer than [`MAX_NESTING`] are open.
    fn open(&mut self, item: bool) -> bool {
        let keep = if item { self.open.last().copied().unwrap_or(true) } else { self.kept_levels < MAX_NESTING };
        if keep && !item {
            self.kept_levels += 1;
        }
        self.open.push(keep);
        keep
    }

    fn close(&mut self, item: bool) -> bool {
        let keep = self.open.pop().unwrap_or(false);
        if keep && !item {
            self.kept_levels = self.kept_levels.saturating_sub(1);
        }
        keep
    }
}

#[cfg(test)]
mod tests {
    use super::{clean_text, render};

    #[test]
    fn the_subset_renders() {
        assert_eq!(render("Rates **rose**, _again_."), "<p>Rates <strong>rose</strong>, <em>again</em>.</p>\n");
        assert_eq!(
            render("[docs](https://example.org/a?b=1&c=2)"),
            "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">docs</a></p>\n"
        );
        assert_eq!(render("# Big\n\ntext"), "<p>Big</p>\n<p>text</p>\n");
        assert_eq!(render("![a cat](https://example.org/cat.png)"), "<p>a cat</p>\n");
        assert_eq!(render("3. three\n4. four"), "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
        assert_eq!(render("[x](javascript:alert(1)) [y](/local)"), "<p>x y</p>\n", "refused links are words");
    }

    #[test]
    fn deep_nesting_is_flattened_beyond_the_limit() {
        let out = render(&format!("{} deep", ">".repeat(40)));
        assert_eq!(out.matches("<blockquote>").count(), super::MAX_NESTING, "{out}");
        assert_eq!(out.matches("<blockquote>").count(), out.matches("</blockquote>").count());
        let list = render(&(0..30).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect::<String>());
        assert!(list.matches("<ul>").count() <= super::MAX_NESTING, "{list}");
        assert_eq!(list.matches("<li>").count(), list.matches("</li>").count(), "{list}");
    }

    #[test]
    fn typed_text_loses_controls_and_direction_overrides() {
        assert_eq!(clean_text("  a\r\nb\rc\0d\u{202E}e\u{2066}f\u{7}\t "), "a\nb\ncdef");
    }
}
