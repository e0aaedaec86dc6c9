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
    Internal(String),
}

impl From<wkly_app::AppError> for WebError {
    fn from(e: wkly_app::AppError) -> Self {
        WebError::Internal(e.to_string())
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
    error_page(&state, &path, status, message)
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
