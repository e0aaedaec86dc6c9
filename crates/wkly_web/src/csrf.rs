//! Cross-site request forgery: every state-changing request must come from one of our own
//! pages.
//!
//! Two checks. First, the browser's own word on where the request came from:
//! `Sec-Fetch-Site` must be `same-origin` (or `none`, a request the reader typed), and
//! where a browser does not send it, `Origin` (or failing that `Referer`) must be this
//! site. A request that says nothing about its origin is refused. Second, a request made
//! with a signed-in session must carry that session's CSRF token in the form (the pages
//! put it in a hidden field), compared in constant time. Signed-out forms (sign-in, the
//! anonymous vote on a cached page) rely on the first check: their pages are shared by
//! every stranger and cannot hold a per-visitor token.

use axum::http::{HeaderMap, header};
use wkly_app::accounts::secrets::same_secret;

use crate::error::WebError;
use crate::session::Visitor;
use crate::state::AppState;

/// Refuses a state-changing request that did not come from this site's pages.
pub(crate) fn check(
    state: &AppState,
    headers: &HeaderMap,
    visitor: &Visitor,
    form_token: Option<&str>,
) -> Result<(), WebError> {
    check_origin(state, headers)?;
    if let Some(reader) = &visitor.reader {
        let ok = form_token.is_some_and(|t| same_secret(t, &reader.csrf_token));
        if !ok {
            return Err(WebError::Forbidden(
                "This form has expired (it was opened before you last signed in or out). Reload the page and try again.",
            ));
        }
    }
    Ok(())
}

const CROSS_SITE: &str =
    "This request came from another site, so it was not carried out. Use the form on this site instead.";

fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), WebError> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(WebError::Forbidden(CROSS_SITE)),
        };
    }
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(origin_of));
    match claimed {
        Some(origin) if own_origins(state, headers).iter().any(|o| o.eq_ignore_ascii_case(&origin)) => Ok(()),
        Some(_) => Err(WebError::Forbidden(CROSS_SITE)),
        None => Err(WebError::Forbidden(
            "Your browser did not say which page sent this form, so it was not carried out. Submit it from this site's page.",
        )),
    }
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The origins this site answers as: the configured public one and the Host asked for.
fn own_origins(state: &AppState, headers: &HeaderMap) -> Vec<String> {
    let mut origins = Vec::new();
    if let Some(o) = origin_of(&state.base_url) {
        origins.push(o);
    }
    if let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) {
        let scheme = if state.secure_cookies { "https" } else { "http" };
        origins.push(format!("{scheme}://{host}"));
    }
    origins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_and_host() {
        assert_eq!(origin_of("https://news.example.org/s/x?y#z").as_deref(), Some("https://news.example.org"));
        assert_eq!(origin_of("http://127.0.0.1:8080").as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(origin_of("nonsense"), None);
        assert_eq!(origin_of("https:///path"), None);
    }
}
