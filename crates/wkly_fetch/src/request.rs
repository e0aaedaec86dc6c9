//! What a caller asks for and what it gets back.
//!
//! Plain data: the validators (`ETag`, `Last-Modified`) are the caller's to store between
//! fetches; this crate keeps no per-URL state.

use crate::charset::decode_text;

/// One URL to fetch, with what we remember from the last time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchRequest {
    /// Absolute `http` or `https` URL.
    pub url: String,
    /// The `ETag` of the last successful fetch, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last successful fetch, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// More request headers, such as `Accept`. `User-Agent`, `Accept-Encoding`, `Host`,
    /// the conditional headers and the framing headers are the fetcher's and are refused
    /// here. `Authorization` and `Cookie` are dropped when a redirect leaves the host.
    pub extra_headers: Vec<(String, String)>,
}

impl FetchRequest {
    /// A plain request for `url`, without validators or extra headers.
    pub fn new(url: impl Into<String>) -> Self {
        FetchRequest { url: url.into(), ..FetchRequest::default() }
    }
}

/// What a successful fetch produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The server answered 304: what the caller has is still current.
    NotModified,
    /// The server sent a body.
    Fetched(FetchedBody),
}

/// A 2xx response, its body read and decompressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedBody {
    /// The URL after redirects.
    pub final_url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header as sent.
    pub content_type: Option<String>,
    /// The `charset` parameter of `Content-Type`, unquoted.
    pub header_charset: Option<String>,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// The `ETag` to send next time.
    pub etag: Option<String>,
    /// The `Last-Modified` to send next time.
    pub last_modified: Option<String>,
}

impl FetchedBody {
    /// The body as text; see [`decode_text`].
    pub fn text(&self) -> (String, &'static str) {
        decode_text(&self.body, self.header_charset.as_deref())
    }
}

/// The `charset` parameter of a `Content-Type` value.
pub(crate) fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        let value = value.trim().trim_matches('"').trim();
        (name.trim().eq_ignore_ascii_case("charset") && !value.is_empty()).then(|| value.to_owned())
    })
}
