//! robots.txt: what a site allows us to fetch, fetched once per origin and cached.
//!
//! The rules are read with `texting_robots` for our product token (see
//! [`crate::FetchPolicy::robots_token`]). Following RFC 9309: a 4xx answer means no
//! rules ("allow all"); a 5xx or 429 answer means "unreachable", and we stay away until
//! it can be read; a file that cannot be parsed at all is treated as no rules. When the
//! site cannot be reached at all (network failure, timeout, refused address) the page is
//! not fetched either, and the caller gets that error itself, uncached. Only the first
//! 512 KiB are read. An unreachable robots.txt is cached for
//! at most ten minutes, so a brief outage does not keep a source dark for the full TTL.
//!
//! The fetching itself (through the same address policy and host politeness as every
//! other request) is the fetcher's; this module only holds the cache and the verdicts.
//! `Crawl-delay` and `Sitemap` lines are not used.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use texting_robots::Robot;
use tokio::sync::Mutex as AsyncMutex;
use tokio::time::Instant;

use crate::FetchError;

/// The most of a robots.txt we read; RFC 9309 asks crawlers to parse at least 500 KiB.
pub(crate) const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// The longest we trust "robots.txt was unreachable".
const UNREACHABLE_TTL: Duration = Duration::from_secs(10 * 60);

/// How many origins we remember before forgetting the expired ones.
const PRUNE_ABOVE: usize = 1024;

/// What one origin's robots.txt says about us.
#[derive(Debug)]
pub(crate) enum RobotsRules {
    /// No robots.txt (or none we could parse): everything is allowed.
    AllowAll,
    /// The rules that apply to our product token.
    Rules(Robot),
    /// robots.txt could not be read; nothing is allowed for now.
    Unreachable(String),
}

impl RobotsRules {
    /// The verdict for a robots.txt fetch that ended in `result`, or the error itself
    /// when the site could not be reached at all (refused address, network failure,
    /// timeout): that is the caller's news, and it is not cached.
    pub(crate) fn from_fetch(result: Result<Vec<u8>, FetchError>, token: &str) -> Result<RobotsRules, FetchError> {
        let rules = match result {
            Ok(body) => Robot::new(token, &body).map_or(RobotsRules::AllowAll, RobotsRules::Rules),
            // 429 is a 4xx, but it says "come back later", not "there is no file".
            Err(FetchError::Http { status, .. }) if (400..500).contains(&status) && status != 429 => {
                RobotsRules::AllowAll
            }
            // RFC 9309 2.3.1.2: after too many redirects the file may be taken as unavailable.
            Err(FetchError::TooManyRedirects { .. }) => RobotsRules::AllowAll,
            Err(error @ (FetchError::Blocked { .. } | FetchError::Network { .. } | FetchError::Timeout)) => {
                return Err(error);
            }
            Err(error) => RobotsRules::Unreachable(error.to_string()),
        };
        Ok(rules)
    }

    /// Whether `url` may be fetched; `origin` names the site in the error.
    pub(crate) fn check(&self, url: &str, origin: &str) -> Result<(), FetchError> {
        match self {
            RobotsRules::AllowAll => Ok(()),
            RobotsRules::Rules(robot) if robot.allowed(url) => Ok(()),
            RobotsRules::Rules(_) => Err(FetchError::RobotsDisallowed { url: url.to_owned() }),
            RobotsRules::Unreachable(reason) => {
                Err(FetchError::RobotsUnreachable { origin: origin.to_owned(), reason: reason.clone() })
            }
        }
    }
}

#[derive(Debug)]
struct Cached {
    rules: Arc<RobotsRules>,
    expires: Instant,
}

type Slot = Arc<AsyncMutex<Option<Cached>>>;

/// robots.txt verdicts per origin; shared by all clones of a fetcher.
#[derive(Debug)]
pub(crate) struct RobotsCache {
    ttl: Duration,
    origins: Mutex<HashMap<String, Slot>>,
}

impl RobotsCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        RobotsCache { ttl, origins: Mutex::new(HashMap::new()) }
    }

    /// The rules for `origin`, calling `load` when none are cached or they expired.
    /// Concurrent callers for one origin wait for a single load; a failed load is not
    /// cached.
    pub(crate) async fn rules<F, Fut>(&self, origin: &str, load: F) -> Result<Arc<RobotsRules>, FetchError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<RobotsRules, FetchError>>,
    {
        let slot = {
            let mut origins = self.origins.lock().unwrap_or_else(PoisonError::into_inner);
            if origins.len() > PRUNE_ABOVE {
                prune_expired(&mut origins);
            }
            Arc::clone(origins.entry(origin.to_owned()).or_default())
        };
        let mut cached = slot.lock().await;
        if let Some(entry) = cached.as_ref()
            && entry.expires > Instant::now()
        {
            return Ok(Arc::clone(&entry.rules));
        }
        let rules = Arc::new(load().await?);
        let ttl = match *rules {
            RobotsRules::Unreachable(_) => self.ttl.min(UNREACHABLE_TTL),
            RobotsRules::AllowAll | RobotsRules::Rules(_) => self.ttl,
        };
        *cached = Some(Cached { rules: Arc::clone(&rules), expires: Instant::now() + ttl });
        Ok(rules)
    }
}

fn prune_expired(origins: &mut HashMap<String, Slot>) {
    let now = Instant::now();
    origins.retain(|_, slot| match slot.try_lock() {
        Ok(cached) => cached.as_ref().is_some_and(|entry| entry.expires > now),
        Err(_) => true,
    });
}
