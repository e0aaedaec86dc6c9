//! The canonical URL of an article, and the tracking-parameter cleaner that
//! makes two shares of the same article compare equal.
//!
//! Candidates, in order: `<link rel="canonical">`, `og:url`, the URL the
//! page was fetched from. Each is resolved against the page URL, must be
//! `http` or `https` (a `javascript:` canonical is skipped, not followed),
//! and is cleaned. Other query parameters keep their order and their
//! original encoding: only whole `name=value` pairs are removed.

use dom_query::Document;
use url::Url;

use crate::meta;

/// Query parameters that identify a campaign or a click, not a page.
const TRACKING_PARAMS: &[&str] = &["fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid"];

/// The page's canonical URL, absolute and cleaned, if any candidate is usable.
pub(crate) fn canonical_url(doc: &Document, page_url: Option<&Url>) -> Option<String> {
    let links = doc.select("link[rel][href]");
    let from_link = links.nodes().iter().find_map(|link| {
        let is_canonical = link
            .attr("rel")
            .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")));
        if !is_canonical {
            return None;
        }
        link.attr("href")
            .and_then(|href| meta::absolute_http_url(&href, page_url))
            .and_then(|url| clean_url(url.as_str()))
    });
    from_link
        .or_else(|| {
            meta::content(doc, &["og:url"])
                .and_then(|href| meta::absolute_http_url(&href, page_url))
                .and_then(|url| clean_url(url.as_str()))
        })
        .or_else(|| page_url.and_then(|url| clean_url(url.as_str())))
}

/// `url` without its fragment and without tracking query parameters
/// (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`, `ref`, `cmpid`).
///
/// Returns `None` unless `url` is an absolute `http` or `https` URL. The
/// scheme and host are lowercased, as URL parsing does; everything else is
/// kept as written.
///
/// ```
/// assert_eq!(
///     wkly_extract::clean_url("https://News.example/a?id=7&utm_source=rss&fbclid=x#top"),
///     Some("https://news.example/a?id=7".to_string()),
/// );
/// assert_eq!(wkly_extract::clean_url("javascript:alert(1)"), None);
/// ```
pub fn clean_url(url: &str) -> Option<String> {
    let mut url = meta::absolute_http_url(url, None)?;
    if url.cannot_be_a_base() {
        return None;
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !is_tracking(pair)).collect();
        let kept = kept.join("&");
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
    }
    Some(url.into())
}

fn is_tracking(pair: &str) -> bool {
    let name = pair.split('=').next().unwrap_or(pair);
    let name = percent_decode_lowercase(name);
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

/// Parameter names are ASCII in practice; decode `%5F`-style escapes so an
/// encoded `utm%5Fsource` is recognised too.
fn percent_decode_lowercase(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Ok(hex) = std::str::from_utf8(hex)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: Option<&str>) {
        assert_eq!(clean_url(url).as_deref(), expected, "{url}");
    }

    #[test]
    fn tracking_parameters_and_fragments_are_removed() {
        check(
            "https://a.example/p?utm_source=x&id=1&UTM_Medium=y&fbclid=z&gclid=g&mc_cid=1&mc_eid=2&ref=tw&cmpid=c#frag",
            Some("https://a.example/p?id=1"),
        );
        check("https://a.example/p?utm%5Fsource=x", Some("https://a.example/p"));
        check("https://a.example/p?#", Some("https://a.example/p"));
    }

    #[test]
    fn other_parameters_keep_their_order_and_encoding() {
        check(
            "https://a.example/s?q=a%20b&utm_campaign=c&page=2&referrer=kept",
            Some("https://a.example/s?q=a%20b&page=2&referrer=kept"),
        );
    }

    #[test]
    fn only_absolute_http_urls_are_cleaned() {
        check("javascript:alert(1)", None);
        check("/relative/path", None);
        check("mailto:desk@news.example", None);
        check("ftp://a.example/file", None);
        check("HTTP://A.EXAMPLE/Path", Some("http://a.example/Path"));
    }
}
