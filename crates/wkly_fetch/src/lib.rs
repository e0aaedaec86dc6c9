//! `wkly_fetch` is the one crate in wkly that talks HTTP to the outside world.
//!
//! A [`Fetcher`] turns a [`FetchRequest`] (a URL plus the validators remembered from the
//! last visit) into a [`FetchOutcome`]: either "not modified" or a decompressed body with
//! its new validators. On the way it enforces wkly's outbound policy, set by
//! [`FetchPolicy`]:
//!
//! - **address policy**: loopback, private, link-local, unspecified and multicast
//!   addresses are refused after DNS resolution, for every resolved address and on every
//!   redirect hop, so a feed URL cannot be used to reach the operator's own network;
//! - **robots.txt**: fetched once per origin, cached, obeyed for our product token;
//! - **politeness**: one request at a time per host, with a pause between them, and the
//!   server's `Retry-After` honoured;
//! - **retries**: transient failures retried with exponential backoff and jitter;
//! - **caps**: bytes on the wire, bytes after decompression, redirects and time are all
//!   bounded, so a hostile server can waste at most a known amount of our resources.
//!
//! [`decode_text`] turns the bytes into text, picking the encoding the way browsers do.
//!
//! What this crate deliberately does not do: parse feeds or HTML (wkly_feed and
//! wkly_extract), store validators or schedule refreshes (the pipeline), keep cookies,
//! use proxies, or speak HTTP/2. It sends only `GET`.

mod address;
mod body;
mod charset;
mod error;
mod fetcher;
mod policy;
mod politeness;
mod request;
mod retry;
mod robots;
mod tls;

pub use address::address_block_reason;
pub use charset::decode_text;
pub use error::FetchError;
pub use fetcher::Fetcher;
pub use policy::FetchPolicy;
pub use request::{FetchOutcome, FetchRequest, FetchedBody};
