//! Entry and image URLs: resolving relative links, refusing non-web schemes, and removing
//! fragments and tracking parameters so the same article has one URL.
//!
//! Deliberately not done: following redirects or reading `<link rel=canonical>` (that needs
//! the network or the page; it belongs to the fetcher and the extractor), or rewriting hosts
//! (`www.`, `amp.`), which changes what a URL means.

use url::Url;

/// Query parameters that only tell the publisher where a click came from.
const TRACKING_PARAMETERS: &[&str] = &["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid"];

/// Why a link could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkProblem {
    /// A relative link and nothing to resolve it against.
    RelativeWithoutBase,
    /// Not http or https (`javascript:`, `data:`, `mailto:` ...).
    NotWeb,
    /// Not a URL at all.
    Invalid,
}

impl LinkProblem {
    pub(crate) fn describe(&self, href: &str) -> String {
        let href: String = href.chars().take(120).collect();
        match self {
            LinkProblem::RelativeWithoutBase => {
                format!("link {href:?} is relative and the feed gives no base URL")
            }
            LinkProblem::NotWeb => format!("link {href:?} is not an http or https URL"),
            LinkProblem::Invalid => format!("link {href:?} is not a valid URL"),
        }
    }
}

/// Resolves `href` against `base` and checks that it is a web URL.
pub(crate) fn resolve(href: &str, base: Option<&Url>) -> Result<Url, LinkProblem> {
    let href = href.trim();
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(base) => base.join(href).map_err(|_| LinkProblem::Invalid)?,
            None => return Err(LinkProblem::RelativeWithoutBase),
        },
        Err(_) => return Err(LinkProblem::Invalid),
    };
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err(LinkProblem::Invalid),
        _ => Err(LinkProblem::NotWeb),
    }
}

/// Resolves an entry link and removes its fragment and tracking parameters.
pub(crate) fn entry_url(href: &str, base: Option<&Url>) -> Result<String, LinkProblem> {
    let mut url = resolve(href, base)?;
    strip_tracking(&mut url);
    Ok(url.into())
}

/// Removes the fragment and tracking parameters (`utm_*`, `fbclid`, ...). Other parameters
/// keep their order and their exact encoding.
pub(crate) fn strip_tracking(url: &mut Url) {
    url.set_fragment(None);
    let Some(query) = url.query() else {
        return;
    };
    let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !is_tracking(pair)).collect();
    let kept = kept.join("&");
    url.set_query(if kept.is_empty() { None } else { Some(&kept) });
}

fn is_tracking(pair: &str) -> bool {
    let Some((key, _)) = url::form_urlencoded::parse(pair.as_bytes()).next() else {
        return false;
    };
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_") || TRACKING_PARAMETERS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragments_are_removed() {
        let cases = [
            ("https://a.example/p?id=7&utm_source=rss&utm_medium=feed#comments", "https://a.example/p?id=7"),
            ("https://a.example/p?UTM_Campaign=x&fbclid=1&gclid=2", "https://a.example/p"),
            ("https://a.example/p?mc_cid=1&q=a%20b&mc_eid=2", "https://a.example/p?q=a%20b"),
            ("https://a.example/p?utm=keep&xutm_source=keep", "https://a.example/p?utm=keep&xutm_source=keep"),
            ("https://a.example/p?&&a=1&", "https://a.example/p?a=1"),
        ];
        for (input, expected) in cases {
            assert_eq!(entry_url(input, None).as_deref(), Ok(expected), "input: {input}");
        }
    }

    #[test]
    fn relative_links_need_a_base_and_only_web_schemes_pass() {
        let base = Url::parse("https://news.example/section/").ok();
        assert_eq!(entry_url("../story/1", base.as_ref()).as_deref(), Ok("https://news.example/story/1"));
        assert_eq!(entry_url("/story/1", None), Err(LinkProblem::RelativeWithoutBase));
        assert_eq!(entry_url("javascript:alert(1)", base.as_ref()), Err(LinkProblem::NotWeb));
        assert_eq!(entry_url("data:text/html,hi", None), Err(LinkProblem::NotWeb));
        assert_eq!(entry_url("http://", None), Err(LinkProblem::Invalid));
    }
}
