//! [`FetchError`]: every way a fetch can fail, in the caller's terms.
//!
//! "Not modified" is not here: it is a [`crate::FetchOutcome`]. Messages are plain words
//! fit for an operator's log or an editor's source page; the details of reqwest and hyper
//! stay inside `Network { message }`.

use std::error::Error as StdError;
use std::time::Duration;

/// Why a fetch did not produce a body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The URL is not an absolute `http` or `https` URL with a host.
    #[error("{url:?} is not a URL we can fetch: {reason}")]
    InvalidUrl {
        /// The URL as given (or as found in a `Location` header).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An extra request header has an invalid name or value, or is one the fetcher sets.
    #[error("the request header {name:?} cannot be sent: {reason}")]
    InvalidHeader {
        /// The header name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The URL leads to an address wkly does not connect to (loopback, private network, …).
    #[error("we do not fetch from {reason}")]
    Blocked {
        /// Which host and address, and what kind of address it is.
        reason: String,
    },
    /// The site's robots.txt does not allow us to fetch this URL.
    #[error("robots.txt does not allow us to fetch {url}")]
    RobotsDisallowed {
        /// The URL that was refused.
        url: String,
    },
    /// The site's robots.txt could not be read (server error, timeout, …); RFC 9309 says
    /// to stay away until it can.
    #[error("robots.txt of {origin} could not be read, so we stay away for now: {reason}")]
    RobotsUnreachable {
        /// Scheme, host and port of the site.
        origin: String,
        /// Why robots.txt could not be read.
        reason: String,
    },
    /// The body is larger than we accept (on the wire or after decompression).
    #[error("the response is larger than our limit of {limit} bytes")]
    TooLarge {
        /// The limit that was reached, in bytes.
        limit: usize,
    },
    /// The server did not connect, answer or finish the body in time.
    #[error("the server took too long to answer")]
    Timeout,
    /// The server redirected us more often than we follow.
    #[error("the server redirected us more than {limit} times")]
    TooManyRedirects {
        /// How many redirects we follow.
        limit: usize,
    },
    /// The server answered with a status other than success, redirect or not modified.
    #[error("{}", http_message(*status, *retry_after))]
    Http {
        /// The HTTP status code.
        status: u16,
        /// How long the server asked us to wait (`Retry-After`), if it did.
        retry_after: Option<Duration>,
    },
    /// The body is compressed in a way we did not ask for, or the compressed data is corrupt.
    #[error("the response body could not be decoded: {reason}")]
    Undecodable {
        /// What went wrong.
        reason: String,
    },
    /// The connection failed: DNS, refused, reset, TLS, broken HTTP.
    #[error("the connection to the server failed: {message}")]
    Network {
        /// The underlying error chain, for logs.
        message: String,
    },
    /// The policy is unusable or the HTTP client could not be built.
    #[error("the fetcher could not be set up: {reason}")]
    Setup {
        /// What went wrong.
        reason: String,
    },
}

impl FetchError {
    /// Whether trying again later, with nothing changed on our side, may succeed:
    /// timeouts, network failures, unreadable robots.txt, and the statuses 408, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout | FetchError::Network { .. } | FetchError::RobotsUnreachable { .. } => true,
            FetchError::Http { status, .. } => *status == 408 || *status == 429 || (500..600).contains(status),
            FetchError::InvalidUrl { .. }
            | FetchError::InvalidHeader { .. }
            | FetchError::Blocked { .. }
            | FetchError::RobotsDisallowed { .. }
            | FetchError::TooLarge { .. }
            | FetchError::TooManyRedirects { .. }
            | FetchError::Undecodable { .. }
            | FetchError::Setup { .. } => false,
        }
    }

    /// The wait the server asked for, when it answered 429 or 503 with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

fn http_message(status: u16, retry_after: Option<Duration>) -> String {
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|code| code.canonical_reason());
    let mut message = match reason {
        Some(reason) => format!("the server answered {status} {reason}"),
        None => format!("the server answered {status}"),
    };
    if let Some(wait) = retry_after {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        message.push_str(&format!("; it asked us to wait {seconds} s"));
    }
    message
}

/// Flattens an error and its sources into one line, skipping repeats (reqwest and hyper
/// often repeat their inner message).
pub(crate) fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current = Some(error);
    while let Some(err) = current {
        let text = err.to_string();
        if !parts.iter().any(|seen| seen.contains(&text)) {
            parts.push(text);
        }
        current = err.source();
    }
    parts.join(": ")
}
