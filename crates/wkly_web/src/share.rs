//! The share block: prefilled links to common networks, built on the server so they work
//! without JavaScript. Nothing is sent anywhere until the reader follows a link.

pub(crate) struct ShareLinks {
    /// "<headline> - via @<handle>", the prefilled post.
    pub text: String,
    pub url: String,
    pub x: String,
    pub bluesky: String,
    pub linkedin: String,
    pub facebook: String,
    pub email: String,
}

impl ShareLinks {
    pub fn new(headline: &str, handle: &str, url: &str) -> ShareLinks {
        let text = format!("{headline} - via @{handle}");
        let t = percent_encode(&text);
        let u = percent_encode(url);
        ShareLinks {
            x: format!("https://twitter.com/intent/tweet?text={t}&url={u}"),
            bluesky: format!("https://bsky.app/intent/compose?text={}", percent_encode(&format!("{text} {url}"))),
            linkedin: format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
            email: format!(
                "mailto:?subject={}&body={}",
                percent_encode(headline),
                percent_encode(&format!("{text}\n\n{url}"))
            ),
            text,
            url: url.to_string(),
        }
    }
}

/// The share page of a Mastodon server, or `None` when `server` is not a plain host name.
pub(crate) fn mastodon_share_url(server: &str, text: &str, url: &str) -> Option<String> {
    let host = server.trim().trim_start_matches("https://").trim_end_matches('/').to_ascii_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    valid.then(|| format!("https://{host}/share?text={}", percent_encode(&format!("{text} {url}"))))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_x_intent_carries_headline_via_handle() {
        let s = ShareLinks::new("Rates rise & bonds fall", "TheWkly", "http://127.0.0.1:8080/s/rates");
        assert_eq!(s.text, "Rates rise & bonds fall - via @TheWkly");
        assert!(s.x.starts_with("https://twitter.com/intent/tweet?text=Rates%20rise%20%26%20bonds%20fall%20-%20via%20%40TheWkly&url=http%3A%2F%2F"));
    }

    #[test]
    fn mastodon_servers_must_be_host_names() {
        assert!(
            mastodon_share_url("mastodon.social", "t", "u")
                .is_some_and(|u| u.starts_with("https://mastodon.social/share?text="))
        );
        for bad in ["", "localhost", "evil.example/path", "a..b", "javascript:alert(1)", "x.example@y.example"] {
            assert_eq!(mastodon_share_url(bad, "t", "u"), None, "{bad}");
        }
    }
}
