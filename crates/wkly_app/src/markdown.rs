//! Editor-written markdown to HTML that is safe to put in a page.
//!
//! Raw HTML in the source is shown as text, never rendered, and links may only point to
//! http(s), mailto or the site itself, so a file cannot smuggle script into a page.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, parser);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_href(&url) { url } else { CowStr::Borrowed("#") }
}

/// Whether a link target may go into an `href`: http(s), mailto, or this site's own paths.
/// Anything else (`javascript:`, `data:`, protocol-relative `//host`) is refused.
pub fn is_safe_href(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#')
}

/// `url` when it is safe in an `href`, otherwise `#`.
pub fn safe_href(url: String) -> String {
    if is_safe_href(&url) { url } else { "#".into() }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_renders_and_raw_html_stays_text() {
        assert_eq!(to_html("Rates **rose**."), "<p>Rates <strong>rose</strong>.</p>\n");
        let out = to_html("<script>alert(1)</script>\n\nok <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script") && !out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn only_safe_link_schemes_survive() {
        let out = to_html("[a](javascript:alert(1)) [b](https://x.example/) [c](//evil.example) [d](/r/x)");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("href=\"https://x.example/\""), "{out}");
        assert!(!out.contains("//evil.example"), "{out}");
        assert!(out.contains("href=\"/r/x\""), "{out}");
    }
}
