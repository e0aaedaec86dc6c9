//! The one error type of the web layer. Readers see a friendly 404 or 500 page; the
//! details go to the log once, where the error is turned into a response.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::layout::Layout;
use crate::pages::render;
use crate::state::AppState;

#[derive(Debug)]
pub(crate) enum WebError {
    NotFound,
    /// The request cannot be served as sent; the message tells the reader what to change.
    BadRequest(&'static str),
    /// Refused for a reason the reader can act on (a cross-site form, a stale token, a
    /// page only its owner may see).
    Forbidden(&'static str),
    /// A rate limit: try again after this many seconds.
    TooManyRequests {
        retry_after_secs: u64,
    },
    Internal(String),
}

impl From<wkly_app::AppError> for WebError {
    fn from(e: wkly_app::AppError) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl From<crate::ratelimit::RetryAfter> for WebError {
    fn from(r: crate::ratelimit::RetryAfter) -> Self {
        WebError::TooManyRequests { retry_after_secs: r.secs() }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

/// Marks a response whose body the error-page middleware should fill in.
#[derive(Clone)]
pub(crate) struct ErrorPage {
    pub status: StatusCode,
    pub message: Option<&'static str>,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            WebError::NotFound => (StatusCode::NOT_FOUND, None),
            WebError::BadRequest(message) => (StatusCode::BAD_REQUEST, Some(message)),
            WebError::Forbidden(message) => (StatusCode::FORBIDDEN, Some(message)),
            WebError::TooManyRequests { retry_after_secs } => {
                let mut response = StatusCode::TOO_MANY_REQUESTS.into_response();
                if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
                }
                response.extensions_mut().insert(ErrorPage {
                    status: StatusCode::TOO_MANY_REQUESTS,
                    message: Some(
                        "You have done that many times in a short while. Please wait a little and try again.",
                    ),
                });
                return response;
            }
            WebError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(ErrorPage { status, message });
        response
    }
}

#[derive(askama::Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    layout: Layout,
    status: u16,
    heading: &'static str,
    message: &'static str,
}

/// Replaces the empty body of an error response with the site's error page.
pub(crate) async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let Some(ErrorPage { status, message }) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let retry_after = response.headers().get(axum::http::header::RETRY_AFTER).cloned();
    error_page(&state, &path, status, message, retry_after)
}

fn error_page(
    state: &AppState,
    path: &str,
    status: StatusCode,
    message: Option<&'static str>,
    retry_after: Option<axum::http::HeaderValue>,
) -> Response {
    let (heading, message) = match (status, message) {
        (StatusCode::NOT_FOUND, _) => (
            "We couldn't find that page",
            "The story or page may have moved, or the link may be mistyped. Try the latest news instead.",
        ),
        (StatusCode::BAD_REQUEST, message) => {
            ("That request didn't work", message.unwrap_or("Please check what you entered and try again."))
        }
        (StatusCode::FORBIDDEN, message) => {
            ("That wasn't allowed", message.unwrap_or("You don't have permission to do that."))
        }
        (StatusCode::TOO_MANY_REQUESTS, message) => ("Slow down a little", message.unwrap_or("Please try again soon.")),
        _ => ("Something went wrong on our side", "The problem has been logged. Please try again in a moment."),
    };
    let mut layout = Layout::new(state, path, heading, message);
    layout.noindex = true;
    let page = ErrorTemplate { layout, status: status.as_u16(), heading, message };
    let mut response = match render(&page) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, heading).into_response(),
    };
    if let Some(retry) = retry_after {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, retry);
    }
    response
}
