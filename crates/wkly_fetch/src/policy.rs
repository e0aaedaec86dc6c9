//! The knobs of the outbound policy, with wkly's defaults.
//!
//! Plain data only: the values are checked once, in [`crate::Fetcher::new`], and enforced
//! by the fetcher. No config-file parsing happens here (that is wkly_config's job).

use std::time::Duration;

/// How wkly behaves towards the servers it fetches from.
///
/// Every field has a default suited to polling news feeds; tests shrink the limits and
/// delays so they run fast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Sent as `User-Agent` on every request. Its first token (up to `/` or a space,
    /// `wkly` by default) is the name we look for in robots.txt.
    pub user_agent: String,
    /// Allow loopback, private, link-local and similar non-public addresses. Off in
    /// production; tests that talk to 127.0.0.1 turn it on. Unspecified (0.0.0.0, ::) and
    /// multicast addresses stay refused even then.
    pub allow_private_addresses: bool,
    /// How long to wait for a TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// How long to wait for the next bytes from the server (headers or body).
    pub read_timeout: Duration,
    /// How long one attempt may take, from sending the request to the last body byte.
    pub total_timeout: Duration,
    /// Largest body accepted as sent on the wire (still compressed).
    pub max_body_bytes: usize,
    /// Largest body accepted after decompression.
    pub max_decompressed_bytes: usize,
    /// How many redirects one fetch may follow.
    pub max_redirects: usize,
    /// Pause between the end of one request to a host and the start of the next.
    pub per_host_min_delay: Duration,
    /// Attempts per request, first one included (1 means no retries).
    pub max_attempts: u32,
    /// The first retry waits about this long; each later one about twice as long as the
    /// one before (with jitter), never longer than `max_retry_after`.
    pub retry_base_delay: Duration,
    /// The longest `Retry-After` we wait for in-process; a longer one ends the fetch with
    /// [`crate::FetchError::Http`] carrying the wait, for the caller to reschedule.
    pub max_retry_after: Duration,
    /// Fetch and obey robots.txt.
    pub respect_robots_txt: bool,
    /// How long a fetched robots.txt is trusted before it is fetched again.
    pub robots_cache_ttl: Duration,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            user_agent: "wkly/0.1 (+https://github.com/wkly)".to_owned(),
            allow_private_addresses: false,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(60),
            max_body_bytes: 10 * 1024 * 1024,
            max_decompressed_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            per_host_min_delay: Duration::from_secs(1),
            max_attempts: 3,
            retry_base_delay: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(10 * 60),
            respect_robots_txt: true,
            robots_cache_ttl: Duration::from_secs(60 * 60),
        }
    }
}

impl FetchPolicy {
    /// The name we look for in robots.txt `User-agent` lines: the user agent's first
    /// token, without its version (`wkly` for `wkly/0.1 (+https://…)`).
    pub fn robots_token(&self) -> &str {
        self.user_agent
            .split(|c: char| c == '/' || c.is_whitespace())
            .next()
            .filter(|token| !token.is_empty())
            .unwrap_or("*")
    }
}
