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
    let Some(ErrorPage { status, message }) =
        response.extensions().get::<ErrorPage>().cloned().or_else(|| rejection(&response))
    else {
        return response;
    };
    let mut headers = response.headers().clone();
    let mut page = error_page(&state, &path, status, message);
    for name in [axum::http::header::RETRY_AFTER, axum::http::header::ALLOW] {
        if let Some(value) = headers.remove(&name) {
            page.headers_mut().insert(name, value);
        }
    }
    page
}

/// A refusal the framework wrote itself before any handler ran (a path segment that is not
/// a number, a form body that is not a form, a method the route does not take): a bare or
/// plain-text 4xx. It gets the site's page too, with a message that fits.
fn rejection(response: &Response) -> Option<ErrorPage> {
    let status = response.status();
    let plain = match response.headers().get(axum::http::header::CONTENT_TYPE) {
        None => true,
        Some(v) => v.as_bytes().starts_with(b"text/plain"),
    };
    if !plain {
        return None;
    }
    let message = match status {
        StatusCode::BAD_REQUEST => "That address or form was not in a shape this site understands.",
        StatusCode::METHOD_NOT_ALLOWED => "That page can't be used this way. Try opening it from a link on the site.",
        StatusCode::PAYLOAD_TOO_LARGE => "What you sent is too long for this form.",
        StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY => {
            "That form arrived incomplete or in a shape this site does not accept. Please go back and send it again."
        }
        _ => return None,
    };
    Some(ErrorPage { status, message: Some(message) })
}

fn error_page(state: &AppState, path: &str, status: StatusCode, message: Option<&'static str>) -> Response {
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
        (s, Some(message)) if s.is_client_error() => ("That request didn't work", message),
        _ => ("Something went wrong on our side", "The problem has been logged. Please try again in a moment."),
    };
    let mut layout = Layout::new(state, path, heading, message);
    layout.noindex = true;
    let page = ErrorTemplate { layout, status: status.as_u16(), heading, message };
    match render(&page) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, heading).into_response(),
    }
}
