//! Small pieces every form handler needs: where to send the reader back to, how to encode
//! a value into a query, and the answer to a form post (a redirect without script, a
//! fragment for the page's script).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A local path to return to after a form: it must start with one `/` and hold no
/// scheme, host, backslash or control character, so it can never send the reader to
/// another site. Anything else becomes `fallback`.
pub(crate) fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control())
                && n.len() <= 512 =>
        {
            n.to_string()
        }
        _ => fallback.to_string(),
    }
}

/// The sign-in page that comes back to `next` (a local path) afterwards.
pub(crate) fn sign_in_href(next: &str) -> String {
    format!("/signin?next={}", url_encode(next))
}

/// Percent-encodes a value for a query string.
pub(crate) fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The page's script asks for a fragment to swap in place; a plain form wants a redirect.
pub(crate) fn wants_fragment(headers: &HeaderMap) -> bool {
    headers.get("x-wkly-fragment").is_some()
}

/// 303 See Other to `to`, with extra headers (cookies).
pub(crate) fn see_other(to: &str, set_cookies: Vec<HeaderValue>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let h = response.headers_mut();
    h.insert(header::LOCATION, HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")));
    for c in set_cookies {
        h.append(header::SET_COOKIE, c);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An HTML fragment for the page's script, never cached.
pub(crate) fn fragment(status: StatusCode, html: String, set_cookies: Vec<HeaderValue>) -> Response {
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in set_cookies {
        h.append(header::SET_COOKIE, c);
    }
    response
}

/// `axum::Form` whose rejection (wrong content type, undecodable body, a body over the
/// limit) is the site's "that request didn't work" page instead of a bare text reply.
pub(crate) struct Form<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for Form<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::WebError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(Form(v)),
            Err(e) => {
                tracing::debug!(error = %e, "form rejected");
                Err(crate::error::WebError::BadRequest("The form could not be read. Reload the page and try again."))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        for ok in ["/", "/s/a-story#poll", "/u/ana?x=1"] {
            assert_eq!(safe_next(Some(ok), "/"), ok);
        }
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "s/x",
            "/a\r\nSet-Cookie: x=1",
        ] {
            assert_eq!(safe_next(Some(bad), "/home"), "/home", "{bad:?}");
        }
        assert_eq!(safe_next(None, "/x"), "/x");
    }

    #[test]
    fn values_are_percent_encoded() {
        assert_eq!(url_encode("/s/a b?c=d&e"), "/s/a%20b%3Fc%3Dd%26e");
        assert_eq!(url_encode("é"), "%C3%A9");
    }
}
