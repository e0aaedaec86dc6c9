//! Static files compiled into the binary, served with a content fingerprint in the URL so
//! browsers may keep them forever.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use wkly_core::fingerprint::content_hash;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const FILES: &[Asset] = &[
    Asset { name: "app.css", content_type: "text/css; charset=utf-8", bytes: include_bytes!("../static/app.css") },
    Asset { name: "app.js", content_type: "text/javascript; charset=utf-8", bytes: include_bytes!("../static/app.js") },
    Asset { name: "favicon.svg", content_type: "image/svg+xml", bytes: include_bytes!("../static/favicon.svg") },
];

pub(crate) struct Assets {
    /// `(name, versioned URL)` for each file.
    urls: Vec<(&'static str, String)>,
}

impl Assets {
    pub fn new() -> Self {
        let urls = FILES
            .iter()
            .map(|a| {
                let version = content_hash(&String::from_utf8_lossy(a.bytes));
                (a.name, format!("/static/{}?v={}", a.name, &version[..10]))
            })
            .collect();
        Assets { urls }
    }

    /// The versioned URL of an embedded file.
    pub fn url(&self, name: &str) -> &str {
        self.urls.iter().find(|(n, _)| *n == name).map(|(_, u)| u.as_str()).unwrap_or("/static/missing")
    }
}

pub(crate) async fn serve(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|a| a.name == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(a.content_type)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
