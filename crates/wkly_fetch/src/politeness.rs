//! Per-host politeness: one request at a time per host, and a pause between them.
//!
//! Each host has a slot behind an async mutex. Whoever holds a [`HostTurn`] is the only
//! request to that host; when the turn ends (after the last body byte was read) the slot
//! records the earliest instant the next request may start. A server's `Retry-After` or
//! our own retry backoff pushes that instant further, for every caller sharing the
//! [`HostGates`], not only for the request that saw it.
//!
//! Not here: robots.txt `Crawl-delay` (not honoured yet) and any global rate limit across
//! hosts (the pipeline's job queue bounds concurrency).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

/// How many hosts we remember before forgetting the idle ones.
const PRUNE_ABOVE: usize = 1024;

#[derive(Debug, Default)]
struct HostSlot {
    not_before: Option<Instant>,
}

/// The politeness state of every host we have talked to; shared by all clones of a fetcher.
#[derive(Debug)]
pub(crate) struct HostGates {
    min_delay: Duration,
    hosts: Mutex<HashMap<String, Arc<AsyncMutex<HostSlot>>>>,
}

/// The right to send one request to a host. Dropping it ends the request.
#[derive(Debug)]
pub(crate) struct HostTurn {
    slot: OwnedMutexGuard<HostSlot>,
    min_delay: Duration,
    hold_off: Option<Duration>,
}

impl HostGates {
    pub(crate) fn new(min_delay: Duration) -> Self {
        HostGates { min_delay, hosts: Mutex::new(HashMap::new()) }
    }

    /// Waits until no other request to `host` is running and the pause after the last
    /// one (or the server's requested wait) is over.
    pub(crate) async fn wait_turn(&self, host: &str) -> HostTurn {
        let slot = {
            let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
            if hosts.len() > PRUNE_ABOVE {
                prune_idle(&mut hosts);
            }
            Arc::clone(hosts.entry(host.to_owned()).or_default())
        };
        let slot = slot.lock_owned().await;
        if let Some(not_before) = slot.not_before {
            tokio::time::sleep_until(not_before).await;
        }
        HostTurn { slot, min_delay: self.min_delay, hold_off: None }
    }
}

impl HostTurn {
    /// Keeps the host quiet for `wait` after this request instead of the usual pause
    /// (whichever is longer).
    pub(crate) fn hold_off(&mut self, wait: Duration) {
        self.hold_off = Some(wait);
    }
}

impl Drop for HostTurn {
    fn drop(&mut self) {
        let pause = self.hold_off.map_or(self.min_delay, |wait| wait.max(self.min_delay));
        self.slot.not_before = Some(Instant::now() + pause);
    }
}

/// Forgets hosts nobody is waiting for and whose pause is over.
fn prune_idle(hosts: &mut HashMap<String, Arc<AsyncMutex<HostSlot>>>) {
    let now = Instant::now();
    hosts.retain(|_, slot| {
        if Arc::strong_count(slot) > 1 {
            return true;
        }
        match slot.try_lock() {
            Ok(state) => state.not_before.is_some_and(|not_before| not_before > now),
            Err(_) => true,
        }
    });
}
