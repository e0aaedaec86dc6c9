//! What every handler shares: the store, the site's configuration and the page cache.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use wkly_config::{Config, SiteConfig};
use wkly_core::Taxonomy;
use wkly_store::Store;

use wkly_app::accounts::mail::{MailContext, MailOutcome};
use wkly_mail::Mailer;

use crate::assets::Assets;
use crate::ratelimit::RateLimiter;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The shared parts behind an [`AppState`]; opaque outside this crate.
pub struct Inner {
    pub(crate) store: Store,
    pub(crate) site: SiteConfig,
    pub(crate) taxonomy: Taxonomy,
    /// Origin for canonical and share links, without a trailing slash.
    pub(crate) base_url: String,
    pub(crate) cache: PageCache,
    /// The newest stories for "related news", kept as long as a cached page.
    pub(crate) recent: wkly_app::pages::RecentStories,
    pub(crate) assets: Assets,
    pub(crate) limiter: RateLimiter,
    /// Trust `X-Forwarded-For` for the client's address.
    pub(crate) behind_proxy: bool,
    /// Cookies carry `Secure`: the public origin is HTTPS.
    pub(crate) secure_cookies: bool,
    /// Account mail: the configured sender, the site's name and origin for links.
    pub(crate) mail: MailContext,
}

impl AppState {
    /// `listen_url` is used for links when the configuration sets no `site.base_url`.
    pub fn new(store: Store, config: &Config, listen_url: String) -> AppState {
        let base_url = if config.site.base_url.is_empty() { listen_url } else { config.site.base_url.clone() };
        let secure = base_url.starts_with("https://");
        let mailer = Mailer::from_config(&config.mail, &config.site.name, &config.data_dir).unwrap_or_else(|e| {
            // `wkly` checks this before it serves; a caller that did not gets no mail.
            tracing::error!(error = %e, "mail is off: the [mail] settings cannot be used");
            Mailer::disabled()
        });
        let mail = MailContext::new(mailer, config.site.name.clone(), base_url.clone());
        let limiter = RateLimiter::new(config.server.rate_limits, Some(store.clone()));
        AppState(Arc::new(Inner {
            store,
            site: config.site.clone(),
            taxonomy: config.taxonomy.clone(),
            base_url,
            cache: PageCache::new(Duration::from_secs(config.cache.page_ttl_secs)),
            recent: wkly_app::pages::RecentStories::new(Duration::from_secs(config.cache.page_ttl_secs)),
            assets: Assets::new(),
            limiter,
            behind_proxy: config.server.behind_proxy,
            secure_cookies: secure,
            mail,
        }))
    }

    /// The account mail settings, and the bell of this node's outbox drainer: whoever
    /// runs `wkly_app::accounts::mail::run_outbox` for this state passes it this.
    pub fn mail_context(&self) -> MailContext {
        self.mail.clone()
    }

    /// Logs what became of queueing a mail after an action that happened whatever it says
    /// (the reader is not told: the action stands, and the mail is secondary).
    pub(crate) fn log_mail(&self, queued: Result<MailOutcome, wkly_app::AppError>) {
        match queued {
            Ok(outcome) => tracing::debug!(?outcome, "account mail"),
            Err(e) => tracing::warn!(error = %e, "account mail not queued"),
        }
    }

    /// Forgets every cached page (after a write that changes what pages show).
    pub fn invalidate_pages(&self) {
        self.0.cache.clear();
        self.0.recent.forget();
    }

    /// Forgets the cached pages of one story (after a vote, reaction or comment on it).
    pub(crate) fn invalidate_story(&self, slug: &str) {
        let prefix = format!("/s/{slug}");
        self.0.cache.remove_where(|key| {
            key.strip_prefix(&prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
        });
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// A rendered page with its validator.
#[derive(Clone)]
pub(crate) struct CachedPage {
    pub body: Bytes,
    pub etag: String,
}

/// Rendered anonymous pages by path and query. Bounded: when full it starts again empty,
/// which costs one render per page and keeps memory flat under crawls of odd URLs.
pub(crate) struct PageCache {
    ttl: Duration,
    entries: RwLock<HashMap<String, (Instant, CachedPage)>>,
}

const MAX_ENTRIES: usize = 4096;

impl PageCache {
    fn new(ttl: Duration) -> Self {
        Self { ttl, entries: RwLock::new(HashMap::new()) }
    }

    pub fn get(&self, key: &str) -> Option<CachedPage> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, page)| page.clone())
    }

    pub fn put(&self, key: String, page: CachedPage) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), page));
    }

    pub fn remove_where(&self, doomed: impl Fn(&str) -> bool) {
        self.entries.write().unwrap_or_else(|e| e.into_inner()).retain(|k, _| !doomed(k));
    }

    pub fn clear(&self) {
        self.entries.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
