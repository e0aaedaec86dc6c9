//! Turns the article HTML that the scorer selected into plain text:
//! paragraphs separated by one blank line, whitespace collapsed, and the
//! few lines that are furniture whatever their markup ("Advertisement",
//! "Story continues below advertisement", a repeated headline or byline)
//! left out.
//!
//! Block elements, `<br>` and table rows end a paragraph; table cells are
//! joined by a space. Captions, scripts and form controls never reach the
//! text. It does not decide which part of the page is the article: that
//! is [`crate::boilerplate`] and dom_smoothie.

use dom_query::{Document, NodeRef};

use crate::byline;

/// Elements whose end (and start) closes the paragraph being built.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
    "br",
];

/// Elements whose text is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "figcaption",
    "caption",
    "button",
    "select",
    "textarea",
    "svg",
    "iframe",
];

/// Lines that are page furniture wherever they appear, compared lowercased
/// and with surrounding punctuation removed.
const FURNITURE_LINES: &[&str] = &[
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "story continues below",
    "article continues below",
    "continue reading below",
    "continue reading",
    "skip advertisement",
    "read more",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "anzeige",
    "werbung",
    "publicidad",
    "sigue leyendo",
];

/// One paragraph of rendered text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub text: String,
    /// It came from an `<h1>`–`<h6>`.
    pub heading: bool,
}

/// The paragraphs of an HTML fragment, in order, whitespace collapsed.
pub(crate) fn paragraphs(html: &str) -> Vec<Paragraph> {
    let fragment = Document::fragment(html);
    let mut out = Vec::new();
    let mut current = String::new();
    // (node, leaving): `leaving` marks the end of an element's children.
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(fragment.root(), false)];
    while let Some((node, leaving)) = stack.pop() {
        if node.is_text() {
            current.push_str(&node.text());
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase());
        let name = name.as_deref().unwrap_or("");
        if leaving {
            if BLOCK_TAGS.contains(&name) {
                let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                flush(&mut current, &mut out, heading);
            } else if matches!(name, "td" | "th") {
                current.push(' ');
            }
            continue;
        }
        if node.is_element() {
            if SKIPPED_TAGS.contains(&name) {
                continue;
            }
            if BLOCK_TAGS.contains(&name) {
                flush(&mut current, &mut out, false);
            }
        }
        stack.push((node, true));
        let mut children = node.children();
        children.reverse();
        stack.extend(children.into_iter().map(|c| (c, false)));
    }
    flush(&mut current, &mut out, false);
    out
}

fn flush(current: &mut String, out: &mut Vec<Paragraph>, heading: bool) {
    let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
    current.clear();
    if !text.is_empty() {
        out.push(Paragraph { text, heading });
    }
}

/// The article's paragraphs after [`drop_furniture`].
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleaned {
    pub paragraphs: Vec<String>,
    /// The name from a "By …" line dropped from the top of the text.
    pub byline_line: Option<String>,
}

/// `paragraphs` without furniture lines, copyright notices, leading lines
/// that repeat the headline or the byline, an author bio that starts with
/// the byline ("Ann Lee is a reporter …"), and headings left with nothing
/// under them at the end.
pub(crate) fn drop_furniture(paragraphs: Vec<Paragraph>, title: Option<&str>, byline: Option<&str>) -> Cleaned {
    let title = title.map(comparable);
    let mut byline = byline.map(comparable).filter(|b| !b.is_empty());
    let mut cleaned = Cleaned::default();
    let mut last_is_heading = Vec::new();
    for Paragraph { text: p, heading } in paragraphs {
        let key = comparable(&p);
        if key.is_empty() || FURNITURE_LINES.contains(&key.as_str()) || is_copyright(&p, &key) {
            continue;
        }
        if cleaned.paragraphs.is_empty() {
            if is_headline(&key, title.as_deref()) {
                continue;
            }
            if let Some(b) = &byline
                && (key == *b || (key.contains(b.as_str()) && word_count(&key) <= 12))
            {
                continue;
            }
            if key.starts_with("by ") && word_count(&key) <= 8 {
                if cleaned.byline_line.is_none() {
                    cleaned.byline_line = byline::clean(&p);
                    byline = byline.or_else(|| cleaned.byline_line.as_deref().map(comparable));
                }
                continue;
            }
        } else if byline.as_deref().is_some_and(|b| is_author_bio(&key, b)) {
            continue;
        }
        cleaned.paragraphs.push(p);
        last_is_heading.push(heading);
    }
    while last_is_heading.pop() == Some(true) {
        cleaned.paragraphs.pop();
    }
    cleaned
}

/// The headline, or a line the `<title>` contains ("Headline" in
/// "Site - Headline").
fn is_headline(key: &str, title: Option<&str>) -> bool {
    title.is_some_and(|t| t == key || (word_count(key) >= 3 && word_count(key) <= 30 && t.contains(key)))
}

fn is_copyright(raw: &str, key: &str) -> bool {
    let raw = raw.trim_start();
    (key.starts_with("copyright ") || raw.starts_with('©') || raw.starts_with("(c) ") || raw.starts_with("(C) "))
        && word_count(key) <= 40
}

/// "Ann Lee is a retired teacher …", "Ann Lee and Bo Chan are …".
fn is_author_bio(key: &str, byline: &str) -> bool {
    key.strip_prefix(byline).is_some_and(|rest| rest.starts_with(" is ") || rest.starts_with(" are "))
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Lowercased, whitespace collapsed, punctuation trimmed from both ends.
fn comparable(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: &[&str]) {
        let texts: Vec<String> = paragraphs(html).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, expected);
    }

    fn plain(lines: &[&str]) -> Vec<Paragraph> {
        lines.iter().map(|l| Paragraph { text: l.to_string(), heading: false }).collect()
    }

    #[test]
    fn block_elements_become_paragraphs_and_inline_ones_do_not() {
        check(
            "<div><p>One <b>bold</b>  word.</p><p>Two\n lines</p>tail</div>",
            &["One bold word.", "Two lines", "tail"],
        );
    }

    #[test]
    fn line_breaks_split_paragraphs() {
        check("<div>first<br><br>second<br>third</div>", &["first", "second", "third"]);
    }

    #[test]
    fn table_rows_are_paragraphs_with_cells_joined_by_spaces() {
        check(
            "<table><caption>Results</caption><tr><th>Name</th><th>Votes</th></tr><tr><td>Ada</td><td>12</td></tr></table>",
            &["Name Votes", "Ada 12"],
        );
    }

    #[test]
    fn scripts_styles_and_captions_never_reach_the_text() {
        check(
            "<div><script>var x = 'leak';</script><style>p{}</style><figure><img><figcaption>Photo: A</figcaption></figure><p>Body</p></div>",
            &["Body"],
        );
    }

    #[test]
    fn furniture_lines_and_a_leading_headline_and_byline_are_dropped() {
        let paras = plain(&["Storm hits coast", "By Ann Lee", "The storm hit.", "Advertisement", "It rained."]);
        assert_eq!(
            drop_furniture(paras, Some("Storm hits coast"), Some("Ann Lee")).paragraphs,
            ["The storm hit.", "It rained."]
        );
    }

    #[test]
    fn a_by_line_at_the_top_is_dropped_and_remembered() {
        let paras = plain(&[
            "Town News - Bridge reopens after repairs",
            "By Earl Tuttle, Staff Writer",
            "The bridge reopened.",
            "© 2024 Town News. All rights reserved.",
        ]);
        let cleaned = drop_furniture(paras, Some("Hill News | Town News - Bridge reopens after repairs"), None);
        assert_eq!(cleaned.byline_line.as_deref(), Some("Earl Tuttle, Staff Writer"));
        assert_eq!(cleaned.paragraphs, ["The bridge reopened."]);
    }

    #[test]
    fn an_author_bio_after_the_text_is_dropped() {
        let paras = plain(&["Libraries matter.", "Sam Achter is a retired teacher. The views expressed are his own."]);
        assert_eq!(drop_furniture(paras, None, Some("Sam Achter")).paragraphs, ["Libraries matter."]);
    }

    #[test]
    fn headings_with_nothing_under_them_at_the_end_are_dropped() {
        let paras = paragraphs("<div><h2>Intro</h2><p>Text.</p><h3>More news</h3><h4>Also</h4></div>");
        assert_eq!(drop_furniture(paras, None, None).paragraphs, ["Intro", "Text."]);
    }
}
