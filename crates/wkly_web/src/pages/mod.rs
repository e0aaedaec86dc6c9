//! Page handlers, a module per resource. Each handler extracts, calls a use case and
//! renders; the helpers here cache anonymous pages and set the headers every page needs.

pub(crate) mod account;
pub(crate) mod admin;
pub(crate) mod comment;
pub(crate) mod health;
pub(crate) mod home;
pub(crate) mod profile;
pub(crate) mod roadmap;
pub(crate) mod story;

use std::any::Any;
use std::future::Future;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wkly_core::fingerprint::content_hash;

use crate::error::{ErrorPage, WebError};
use crate::session::Visitor;
use crate::state::{AppState, CachedPage};

pub(crate) fn render<T: askama::Template>(t: &T) -> Result<String, WebError> {
    Ok(t.render()?)
}

/// Serves the cached copy of an anonymous page, or renders it with `render` (which
/// returns `None` for "no such page") and caches it. Answers `If-None-Match` with 304.
/// A visitor with a session or browser cookie gets a fresh page of their own that no
/// cache keeps.
pub(crate) async fn cached_page<F>(
    state: &AppState,
    key: String,
    headers: &HeaderMap,
    visitor: &Visitor,
    render: F,
) -> Result<Response, WebError>
where
    F: Future<Output = Result<Option<String>, WebError>>,
{
    if visitor.is_personal() {
        let html = render.await?.ok_or(WebError::NotFound)?;
        return Ok(private_page(html));
    }
    let page = match state.cache.get(&key) {
        Some(page) => page,
        None => {
            let html = render.await?.ok_or(WebError::NotFound)?;
            let page = CachedPage { etag: format!("\"{}\"", content_hash(&html)), body: Bytes::from(html) };
            state.cache.put(key, page.clone());
            page
        }
    };
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == page.etag.as_bytes()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, page.etag)]).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=0, must-revalidate")),
            (header::ETAG, HeaderValue::from_str(&page.etag).unwrap_or(HeaderValue::from_static("\"0\""))),
        ],
        page.body,
    )
        .into_response())
}

/// A page made for one visitor: never stored by a browser cache or a proxy.
pub(crate) fn private_page(html: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        html,
    )
        .into_response()
}

/// The cache key of a request: its path and query.
pub(crate) fn cache_key(uri: &axum::http::Uri) -> String {
    uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| uri.path().to_string())
}

pub(crate) async fn not_found() -> WebError {
    WebError::NotFound
}

/// Headers every response carries: a strict content security policy (no inline script),
/// no framing, no MIME sniffing, and a referrer policy that keeps paths private.
pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
             base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    response
}

/// A panic in a handler is a bug: log it and show the 500 page.
pub(crate) fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    tracing::error!(panic = %detail, "handler panicked");
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.extensions_mut().insert(ErrorPage { status: StatusCode::INTERNAL_SERVER_ERROR, message: None });
    response
}
