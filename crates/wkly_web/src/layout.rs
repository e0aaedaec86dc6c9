//! What every page's frame needs: the site's name, navigation, assets and the `<head>`
//! metadata (canonical link, Open Graph, Twitter card, JSON-LD).

use wkly_core::Timestamp;

use crate::session::Visitor;
use crate::state::AppState;

pub(crate) struct NavItem {
    pub href: String,
    pub name: String,
    pub current: bool,
}

pub(crate) struct Layout {
    pub site_name: String,
    pub tagline: String,
    pub handle: String,
    pub demo_notice: bool,
    /// The `<title>`: "Page – Site".
    pub title: String,
    /// Title for link previews (without the site name).
    pub share_title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub css: String,
    pub js: String,
    pub favicon: String,
    pub nav: Vec<NavItem>,
    pub goals: Vec<NavItem>,
    pub is_home: bool,
    pub roadmaps_current: bool,
    /// Pre-serialised JSON-LD, already safe inside a `<script>` element.
    pub json_ld: Option<String>,
    pub published: Option<String>,
    pub section: Option<String>,
    pub noindex: bool,
    /// The page's path, for "sign in and come back here" links.
    pub path: String,
    /// The signed-in reader's name, if any (their pages are never cached).
    pub reader_name: Option<String>,
    pub can_moderate: bool,
    /// The session's CSRF token for forms (empty when signed out).
    pub csrf: String,
}

impl Layout {
    pub fn new(state: &AppState, path: &str, title: &str, description: &str) -> Layout {
        let current_category = path.strip_prefix("/c/");
        let nav: Vec<NavItem> = state
            .taxonomy
            .categories
            .iter()
            .map(|c| NavItem {
                href: format!("/c/{}", c.key),
                name: c.name.clone(),
                current: current_category == Some(c.key.as_str()),
            })
            .collect();
        let full_title = if path == "/" {
            format!("{} – {}", state.site.name, state.site.tagline)
        } else {
            format!("{title} – {}", state.site.name)
        };
        Layout {
            site_name: state.site.name.clone(),
            tagline: state.site.tagline.clone(),
            handle: state.site.handle.clone(),
            demo_notice: state.site.demo_notice,
            title: full_title,
            share_title: title.to_string(),
            description: description.to_string(),
            canonical: format!("{}{}", state.base_url, path),
            og_type: "website",
            css: state.assets.url("app.css").to_string(),
            js: state.assets.url("app.js").to_string(),
            favicon: state.assets.url("favicon.svg").to_string(),
            nav,
            goals: state
                .taxonomy
                .goals
                .iter()
                .map(|g| NavItem {
                    href: format!("/g/{}", g.key),
                    name: g.name.clone(),
                    current: path == format!("/g/{}", g.key),
                })
                .collect(),
            is_home: path == "/",
            roadmaps_current: path == "/r" || path.starts_with("/r/"),
            json_ld: None,
            published: None,
            section: None,
            noindex: false,
            path: path.to_string(),
            reader_name: None,
            can_moderate: false,
            csrf: String::new(),
        }
    }

    /// The frame for this visitor: a signed-in reader sees their name and a sign-out form.
    pub fn for_visitor(state: &AppState, visitor: &Visitor, path: &str, title: &str, description: &str) -> Layout {
        let mut layout = Layout::new(state, path, title, description);
        if let Some(r) = &visitor.reader {
            layout.reader_name = Some(r.name.clone());
            layout.can_moderate = r.can_moderate();
            layout.csrf = r.csrf_token.clone();
        }
        layout
    }

    /// `/signin?next=<this page>`.
    pub fn sign_in_href(&self) -> String {
        crate::forms::sign_in_href(&self.path)
    }
}

/// JSON made safe to sit inside `<script type="application/ld+json">`: no `<` can close
/// the element early.
pub(crate) fn script_safe_json(value: &serde_json::Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Human dates in templates: `{{ story.published_at.date() }}`.
pub(crate) trait When {
    fn date(&self) -> String;
    fn datetime(&self) -> String;
    fn iso(&self) -> String;
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl When for Timestamp {
    /// "Nov 3, 2026"
    fn date(&self) -> String {
        let d = self.to_datetime();
        format!("{} {}, {}", MONTHS[usize::from(u8::from(d.month())) - 1], d.day(), d.year())
    }

    /// "Nov 3, 2026, 4:36 PM UTC"
    fn datetime(&self) -> String {
        let d = self.to_datetime();
        let (hour, half) = match d.hour() {
            0 => (12, "AM"),
            h @ 1..=11 => (h, "AM"),
            12 => (12, "PM"),
            h => (h - 12, "PM"),
        };
        format!("{}, {}:{:02} {} UTC", self.date(), hour, d.minute(), half)
    }

    fn iso(&self) -> String {
        self.to_rfc3339()
    }
}

impl<T: When> When for Option<T> {
    fn date(&self) -> String {
        self.as_ref().map(When::date).unwrap_or_default()
    }

    fn datetime(&self) -> String {
        self.as_ref().map(When::datetime).unwrap_or_default()
    }

    fn iso(&self) -> String {
        self.as_ref().map(When::iso).unwrap_or_default()
    }
}

/// Cuts `text` at a word boundary to at most `max` characters, adding "…".
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    format!("{}…", out.trim_end_matches([',', ';', ':', '-', '–']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_like_a_news_site() {
        let t = Timestamp::parse_rfc3339("2026-05-03T16:36:00Z").expect("time");
        assert_eq!(t.date(), "May 3, 2026");
        assert_eq!(t.datetime(), "May 3, 2026, 4:36 PM UTC");
        let midnight = Timestamp::parse_rfc3339("2026-05-03T00:05:00Z").expect("time");
        assert_eq!(midnight.datetime(), "May 3, 2026, 12:05 AM UTC");
    }

    #[test]
    fn headlines_shorten_at_a_word() {
        assert_eq!(shorten("Japan Hints at Selling US Bonds to Gain Trade Leverage", 28), "Japan Hints at Selling US…");
        assert_eq!(shorten("Short", 28), "Short");
    }

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let out = script_safe_json(&v);
        assert!(!out.contains('<'), "{out}");
    }
}
