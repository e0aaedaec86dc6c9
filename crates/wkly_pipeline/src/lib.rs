//! wkly's ingestion pipeline: a module per stage, each an idempotent job handler, and the
//! worker that claims jobs from the database queue and runs them.
//!
//! Stages: `ingest` (read a source and keep its raw bytes as fetches), `parse` (turn a
//! fetch's feed, or an article page, into articles, stored once), `cluster` (place each new
//! or changed article in the story of its event, or start one) and `enrich` (write a
//! story's labels, summary and perspectives from its whole coverage). Each stage is keyed
//! by content — a fetch by its bytes, an article by its canonical URL, text and simhash, a
//! placement by the article — so a crash repeats at most the stage that was running and
//! never writes a second copy.
//!
//! HTTP goes through `wkly_fetch` (conditional GET, politeness, robots.txt, caps, address
//! policy); article pages are read with `wkly_extract`; text is understood by the
//! configured [`Enricher`] (the builtin one is `wkly_nlp`).

mod stages;
mod worker;

use std::sync::Arc;

use wkly_core::enrich::Enricher;
use wkly_core::job::Job;
use wkly_core::{Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::jobs::{EnqueueOutcome, NewJob};

pub use stages::CLUSTER_WINDOW_MS;
pub use worker::{JobResult, Summary};

/// How often a source is read again after a successful read.
pub const REFRESH_AFTER_MS: i64 = 30 * 60 * 1000;
/// How long to wait before reading a source again after a failure.
pub const RETRY_SOURCE_AFTER_MS: i64 = 60 * 60 * 1000;
/// Attempts a job gets before it ends `dead` with its error.
pub const MAX_ATTEMPTS: i64 = 5;
/// A job running longer than this is taken to be abandoned by a worker that died, and
/// runs again. Every stage is bounded well below it (fetch timeouts, file caps).
pub const JOB_LEASE_MS: i64 = 10 * 60 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] wkly_store::StoreError),
    /// The job's input cannot be processed; the message says why, in plain words.
    #[error("{0}")]
    Input(String),
}

/// The pipeline: the store it works on, the fetcher it reads the web with, and the name
/// its worker claims jobs under.
#[derive(Clone)]
pub struct Pipeline {
    store: Store,
    fetcher: wkly_fetch::Fetcher,
    worker_id: String,
    enricher: Arc<dyn Enricher>,
    taxonomy: Arc<Taxonomy>,
}

impl Pipeline {
    /// A pipeline with the builtin enrichment backend and the default taxonomy.
    pub fn new(store: Store, fetcher: wkly_fetch::Fetcher, worker_id: impl Into<String>) -> Pipeline {
        Pipeline {
            store,
            fetcher,
            worker_id: worker_id.into(),
            enricher: Arc::new(wkly_nlp::Builtin),
            taxonomy: Arc::new(Taxonomy::default()),
        }
    }

    /// Labels stories with the operator's categories and goals.
    pub fn with_taxonomy(mut self, taxonomy: Taxonomy) -> Pipeline {
        self.taxonomy = Arc::new(taxonomy);
        self
    }

    /// Enriches with another backend (a model service that falls back to the builtin one).
    pub fn with_enricher(mut self, enricher: Arc<dyn Enricher>) -> Pipeline {
        self.enricher = enricher;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Enqueues a job now. Jobs with the same content key are enqueued once.
    pub async fn enqueue(&self, job: &Job, dedupe_key: Option<String>) -> Result<EnqueueOutcome, PipelineError> {
        let payload = serde_json::to_value(job).map_err(|e| PipelineError::Input(format!("job payload: {e}")))?;
        Ok(self
            .store
            .enqueue_job(&NewJob {
                kind: job.kind().into(),
                payload,
                dedupe_key,
                run_at: Timestamp::now().millis(),
                max_attempts: MAX_ATTEMPTS,
            })
            .await?)
    }

    /// Puts abandoned jobs back in the queue: those running longer than [`JOB_LEASE_MS`],
    /// and at once those held by a worker `is_gone` recognises as dead (a process of this
    /// host that no longer exists). Returns how many were requeued.
    pub async fn recover_abandoned_jobs(&self, is_gone: impl Fn(&str) -> bool) -> Result<u64, PipelineError> {
        let mut n = self.store.requeue_stale_jobs(Timestamp::now().millis() - JOB_LEASE_MS).await?;
        for holder in self.store.list_job_holders().await? {
            if holder != self.worker_id && is_gone(&holder) {
                n += self.store.requeue_jobs_held_by(&holder).await?;
            }
        }
        if n > 0 {
            tracing::info!(jobs = n, "requeued jobs abandoned by a stopped worker");
        }
        Ok(n)
    }

    /// Enqueues a read of every source that is due; returns how many were enqueued.
    pub async fn enqueue_due_sources(&self) -> Result<usize, PipelineError> {
        let now = Timestamp::now().millis();
        let mut n = 0;
        for s in self.store.list_due_sources(now).await? {
            // One read per scheduled time: a second `wkly ingest` before it ran adds nothing.
            let key = format!("ingest:{}:{}", s.id, s.next_fetch_at.unwrap_or(0));
            if self.enqueue(&Job::IngestSource { source_id: s.id }, Some(key)).await? == EnqueueOutcome::Enqueued {
                n += 1;
            }
        }
        Ok(n)
    }
}
