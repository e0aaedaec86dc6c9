//! [`Fetcher`]: one `GET`, with the whole outbound policy around it.
//!
//! A fetch walks its redirect chain hop by hop (reqwest's own redirect following is off),
//! and every hop goes through the same steps: the address policy for IP-literal hosts
//! (host names are checked by the resolver), robots.txt, the host's politeness gate,
//! the request with its timeouts, retries of transient failures, and the capped body.
//! Doing the redirects here is what makes each hop obey robots.txt and politeness of the
//! host it goes to.
//!
//! Not here: anything about what the body means, and any memory of URLs between calls
//! beyond robots.txt and politeness state.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::SystemTime;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, redirect};
use url::{Host, Url};

use crate::address::{AddressRefused, GuardedResolver, check_address};
use crate::body::{ACCEPTED_ENCODINGS, BodyLimits, Coding, Overflow, read_body};
use crate::error::error_chain;
use crate::politeness::HostGates;
use crate::request::charset_of;
use crate::retry::{Backoff, parse_retry_after};
use crate::robots::{MAX_ROBOTS_BYTES, RobotsCache, RobotsRules};
use crate::{FetchError, FetchOutcome, FetchPolicy, FetchRequest, FetchedBody, tls};

/// Headers the fetcher sets (or must not be set at all); refused in
/// [`FetchRequest::extra_headers`].
const RESERVED_HEADERS: [HeaderName; 10] = [
    header::USER_AGENT,
    header::ACCEPT_ENCODING,
    header::HOST,
    header::CONTENT_LENGTH,
    header::TRANSFER_ENCODING,
    header::CONNECTION,
    header::TE,
    header::UPGRADE,
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
];

/// Headers that must not follow a redirect to another host.
const CREDENTIAL_HEADERS: [HeaderName; 3] = [header::AUTHORIZATION, header::COOKIE, header::PROXY_AUTHORIZATION];

/// Fetches URLs under a [`FetchPolicy`].
///
/// Cheap to clone: clones share the HTTP connection pool, the per-host politeness state
/// and the robots.txt cache, so one fetcher per process is the intended use.
#[derive(Debug, Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: reqwest::Client,
    policy: FetchPolicy,
    gates: HostGates,
    robots: RobotsCache,
    backoff: Backoff,
}

/// How one request ended, short of an error.
enum Exchange {
    NotModified,
    Redirect(Url),
    Body(FetchedBody),
}

impl Fetcher {
    /// Builds a fetcher; fails only on an unusable policy or TLS setup.
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, FetchError> {
        check_policy(&policy)?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls::client_config()?)
            .dns_resolver(GuardedResolver { allow_private_addresses: policy.allow_private_addresses })
            // A proxy would resolve names itself, out of the address policy's sight.
            .no_proxy()
            .redirect(redirect::Policy::none())
            .user_agent(policy.user_agent.as_str())
            .connect_timeout(policy.connect_timeout)
            .read_timeout(policy.read_timeout)
            .build()
            .map_err(|error| FetchError::Setup { reason: error_chain(&error) })?;
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client,
                gates: HostGates::new(policy.per_host_min_delay),
                robots: RobotsCache::new(policy.robots_cache_ttl),
                backoff: Backoff::new(policy.retry_base_delay, policy.max_retry_after),
                policy,
            }),
        })
    }

    /// The policy this fetcher enforces.
    pub fn policy(&self) -> &FetchPolicy {
        &self.inner.policy
    }

    /// Fetches `request.url`, following redirects, under the policy.
    pub async fn fetch(&self, request: &FetchRequest) -> Result<FetchOutcome, FetchError> {
        let policy = &self.inner.policy;
        let mut url = parse_url(&request.url)?;
        let mut headers = request_headers(request)?;
        let limits = BodyLimits {
            wire: policy.max_body_bytes,
            decoded: policy.max_decompressed_bytes,
            overflow: Overflow::Refuse,
        };
        let mut redirects = 0;
        loop {
            self.check_literal_address(&url)?;
            if policy.respect_robots_txt {
                self.check_robots(&url).await?;
            }
            match self.exchange_with_retries(&url, &headers, limits, policy.max_attempts).await? {
                Exchange::NotModified => return Ok(FetchOutcome::NotModified),
                Exchange::Body(body) => return Ok(FetchOutcome::Fetched(body)),
                Exchange::Redirect(next) => {
                    redirects += 1;
                    if redirects > policy.max_redirects {
                        return Err(FetchError::TooManyRedirects { limit: policy.max_redirects });
                    }
                    if next.host_str() != url.host_str() {
                        for name in &CREDENTIAL_HEADERS {
                            headers.remove(name);
                        }
                    }
                    url = next;
                }
            }
        }
    }

    /// IP-literal hosts never reach the resolver, so they are checked here.
    fn check_literal_address(&self, url: &Url) -> Result<(), FetchError> {
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => ip.into(),
            Some(Host::Ipv6(ip)) => ip.into(),
            Some(Host::Domain(_)) => return Ok(()),
            None => return Err(invalid_url(url.as_str(), "it has no host")),
        };
        check_address(None, ip, self.inner.policy.allow_private_addresses)
            .map_err(|refused| FetchError::Blocked { reason: refused.reason })
    }

    async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let origin = url.origin().ascii_serialization();
        let rules = self.inner.robots.rules(&origin, || self.load_robots(url)).await?;
        rules.check(url.as_str(), &origin)
    }

    /// Fetches the robots.txt of `url`'s origin: one attempt, redirects followed, the
    /// first [`MAX_ROBOTS_BYTES`] kept. An error means the site itself is out of reach.
    async fn load_robots(&self, url: &Url) -> Result<RobotsRules, FetchError> {
        let policy = &self.inner.policy;
        let limits = BodyLimits { wire: MAX_ROBOTS_BYTES, decoded: MAX_ROBOTS_BYTES, overflow: Overflow::Truncate };
        let headers = HeaderMap::new();
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        let mut redirects = 0;
        let result = loop {
            if let Err(error) = self.check_literal_address(&robots_url) {
                break Err(error);
            }
            match self.exchange_with_retries(&robots_url, &headers, limits, 1).await {
                Ok(Exchange::Body(fetched)) => break Ok(fetched.body),
                Ok(Exchange::NotModified) => break Ok(Vec::new()),
                Ok(Exchange::Redirect(next)) => {
                    redirects += 1;
                    if redirects > policy.max_redirects {
                        break Err(FetchError::TooManyRedirects { limit: policy.max_redirects });
                    }
                    robots_url = next;
                }
                Err(error) => break Err(error),
            }
        };
        RobotsRules::from_fetch(result, policy.robots_token())
    }

    /// One hop: waits for the host's turn, sends, and retries transient failures.
    async fn exchange_with_retries(
        &self,
        url: &Url,
        headers: &HeaderMap,
        limits: BodyLimits,
        max_attempts: u32,
    ) -> Result<Exchange, FetchError> {
        let policy = &self.inner.policy;
        let host = url.host_str().unwrap_or_default();
        let mut attempt = 1;
        loop {
            let mut turn = self.inner.gates.wait_turn(host).await;
            let result = match tokio::time::timeout(policy.total_timeout, self.exchange(url, headers, limits)).await {
                Ok(result) => result,
                Err(_elapsed) => Err(FetchError::Timeout),
            };
            let error = match result {
                Ok(exchange) => return Ok(exchange),
                Err(error) => error,
            };
            if !error.is_retryable() || attempt >= max_attempts {
                return Err(error);
            }
            let wait = match error.retry_after() {
                Some(wait) if wait > policy.max_retry_after => return Err(error),
                Some(wait) => wait,
                None => self.inner.backoff.wait_after(attempt),
            };
            // The wait happens in the host gate, so other requests to the host wait too.
            turn.hold_off(wait);
            drop(turn);
            attempt += 1;
        }
    }

    /// One request and its body, no retries.
    async fn exchange(&self, url: &Url, headers: &HeaderMap, limits: BodyLimits) -> Result<Exchange, FetchError> {
        let mut response = self
            .inner
            .client
            .get(url.clone())
            .headers(headers.clone())
            .header(header::ACCEPT_ENCODING, ACCEPTED_ENCODINGS)
            .send()
            .await
            .map_err(from_reqwest)?;
        let status = response.status();
        let response_headers = response.headers();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Exchange::NotModified);
        }
        if status.is_redirection()
            && let Some(location) = response_headers.get(header::LOCATION)
        {
            return redirect_target(url, location).map(Exchange::Redirect);
        }
        if !status.is_success() {
            return Err(FetchError::Http {
                status: status.as_u16(),
                retry_after: header_text(response_headers, &header::RETRY_AFTER)
                    .and_then(|value| parse_retry_after(&value, SystemTime::now())),
            });
        }
        let coding = Coding::from_header(header_text(response_headers, &header::CONTENT_ENCODING).as_deref())?;
        let content_type = header_text(response_headers, &header::CONTENT_TYPE);
        let etag = header_text(response_headers, &header::ETAG);
        let last_modified = header_text(response_headers, &header::LAST_MODIFIED);
        let body = read_body(&mut response, coding, limits, from_reqwest).await?;
        Ok(Exchange::Body(FetchedBody {
            final_url: url.to_string(),
            status: status.as_u16(),
            header_charset: content_type.as_deref().and_then(charset_of),
            content_type,
            body,
            etag,
            last_modified,
        }))
    }
}

fn check_policy(policy: &FetchPolicy) -> Result<(), FetchError> {
    let problem = if policy.user_agent.trim().is_empty() {
        Some("user_agent must not be empty")
    } else if HeaderValue::from_str(&policy.user_agent).is_err() {
        Some("user_agent has characters a header cannot carry")
    } else if policy.connect_timeout.is_zero() || policy.read_timeout.is_zero() || policy.total_timeout.is_zero() {
        Some("timeouts must be longer than zero")
    } else if policy.max_attempts == 0 {
        Some("max_attempts must be at least 1")
    } else {
        None
    };
    match problem {
        Some(reason) => Err(FetchError::Setup { reason: reason.to_owned() }),
        None => Ok(()),
    }
}

fn parse_url(raw: &str) -> Result<Url, FetchError> {
    let mut url = Url::parse(raw.trim()).map_err(|error| invalid_url(raw, &error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid_url(raw, "only http and https URLs are fetched"));
    }
    if url.host().is_none() {
        return Err(invalid_url(raw, "it has no host"));
    }
    url.set_fragment(None);
    Ok(url)
}

fn redirect_target(from: &Url, location: &HeaderValue) -> Result<Url, FetchError> {
    let location = String::from_utf8_lossy(location.as_bytes());
    let target =
        from.join(location.trim()).map_err(|error| invalid_url(&location, &format!("bad redirect target: {error}")))?;
    parse_url(target.as_str())
}

fn invalid_url(url: &str, reason: &str) -> FetchError {
    FetchError::InvalidUrl { url: url.to_owned(), reason: reason.to_owned() }
}

fn request_headers(request: &FetchRequest) -> Result<HeaderMap, FetchError> {
    let mut headers = HeaderMap::new();
    for (name, value) in &request.extra_headers {
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| FetchError::InvalidHeader {
            name: name.clone(),
            reason: "not a valid header name".to_owned(),
        })?;
        if RESERVED_HEADERS.contains(&header_name) {
            return Err(FetchError::InvalidHeader {
                name: name.clone(),
                reason: "the fetcher sets this header itself".to_owned(),
            });
        }
        headers.append(header_name, header_value(name, value)?);
    }
    if let Some(etag) = &request.etag {
        headers.insert(header::IF_NONE_MATCH, header_value("If-None-Match", etag)?);
    }
    if let Some(last_modified) = &request.last_modified {
        headers.insert(header::IF_MODIFIED_SINCE, header_value("If-Modified-Since", last_modified)?);
    }
    Ok(headers)
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, FetchError> {
    HeaderValue::from_str(value.trim()).map_err(|_| FetchError::InvalidHeader {
        name: name.to_owned(),
        reason: "the value has characters a header cannot carry".to_owned(),
    })
}

fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers.get(name).map(|value| String::from_utf8_lossy(value.as_bytes()).trim().to_owned())
}

/// Turns reqwest's error into ours, finding our address refusal inside the chain.
fn from_reqwest(error: reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn StdError + 'static)> = Some(&error);
    while let Some(current) = source {
        if let Some(refused) = current.downcast_ref::<AddressRefused>() {
            return FetchError::Blocked { reason: refused.reason.clone() };
        }
        source = current.source();
    }
    if error.is_timeout() {
        return FetchError::Timeout;
    }
    // reqwest's outer layer repeats the URL, which the caller knows; the causes are the news.
    FetchError::Network { message: error.source().map_or_else(|| error.to_string(), error_chain) }
}
