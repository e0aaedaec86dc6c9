//! Claims jobs from the queue and runs them; failures go back to the queue with backoff
//! and end `dead`, with their error, once out of attempts.

use std::time::Duration;

use wkly_core::Timestamp;
use wkly_core::job::Job;

use crate::stages::{self, StageStats};
use crate::{Pipeline, PipelineError};

/// What one job did.
#[derive(Debug)]
pub struct JobResult {
    pub kind: String,
    pub outcome: Result<StageStats, String>,
    /// Wall time from claiming the job to recording its outcome.
    pub elapsed: Duration,
}

/// What a run of the worker did, added up.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub jobs_done: usize,
    pub jobs_failed: usize,
    pub stats: StageStats,
    /// Plain-words reasons of failed jobs.
    pub failures: Vec<String>,
    /// Per job kind: how many ran and their total wall time, for `wkly ingest` and benchmarks.
    pub time_by_kind: std::collections::BTreeMap<String, (usize, Duration)>,
}

impl Summary {
    pub fn add(&mut self, r: &JobResult) {
        let slot = self.time_by_kind.entry(r.kind.clone()).or_default();
        slot.0 += 1;
        slot.1 += r.elapsed;
        match &r.outcome {
            Ok(stats) => {
                self.jobs_done += 1;
                self.stats.add(stats);
            }
            Err(reason) => {
                self.jobs_failed += 1;
                self.failures.push(reason.clone());
            }
        }
    }
}

/// Backoff before retry `attempt` (1-based): 30 s, 1 min, 2 min, … capped at an hour.
fn backoff_ms(attempt: i64) -> i64 {
    let exp = attempt.clamp(1, 8) - 1;
    (30_000i64 << exp).min(3_600_000)
}

impl Pipeline {
    /// Claims and runs one due job; `None` when the queue has nothing due.
    pub async fn run_once(&self) -> Result<Option<JobResult>, PipelineError> {
        let started = std::time::Instant::now();
        let now = Timestamp::now().millis();
        let Some(job) = self.store.claim_job(&self.worker_id, now).await? else {
            return Ok(None);
        };
        let parsed: Result<Job, String> = serde_json::from_value(job.payload.0.clone())
            .map_err(|e| format!("job {} has an unreadable payload: {e}", job.id));
        let outcome = match parsed {
            Ok(message) => stages::run(self, &message).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match &outcome {
            Ok(_) => self.store.complete_job(&job.id).await?,
            Err(reason) => {
                tracing::warn!(job.kind = %job.kind, job.id = %job.id, job.attempts = job.attempts, error = %reason, "job failed");
                self.store.fail_job(&job.id, reason, Timestamp::now().millis() + backoff_ms(job.attempts)).await?;
            }
        }
        Ok(Some(JobResult { kind: job.kind, outcome, elapsed: started.elapsed() }))
    }

    /// Runs due jobs until none is left or `max_jobs` have run, calling `progress` after
    /// each. Jobs a stage enqueues along the way run too.
    pub async fn run_until_idle(
        &self,
        max_jobs: usize,
        mut progress: impl FnMut(&JobResult),
    ) -> Result<Summary, PipelineError> {
        let mut summary = Summary::default();
        for _ in 0..max_jobs {
            match self.run_once().await? {
                Some(result) => {
                    summary.add(&result);
                    progress(&result);
                }
                None => break,
            }
        }
        Ok(summary)
    }

    /// Works until `shutdown` resolves: runs due jobs, enqueues due sources, and sleeps
    /// `idle` when there is nothing to do.
    pub async fn run_forever(&self, idle: Duration, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let busy = match self.run_once().await {
                Ok(Some(_)) => true,
                Ok(None) => {
                    if let Err(e) = self.recover_abandoned_jobs(|_| false).await {
                        tracing::error!(error = %e, "could not requeue abandoned jobs");
                    }
                    if let Err(e) = self.enqueue_due_sources().await {
                        tracing::error!(error = %e, "could not enqueue due sources");
                    }
                    false
                }
                Err(e) => {
                    tracing::error!(error = %e, "worker could not reach the queue");
                    false
                }
            };
            if busy {
                continue;
            }
            tokio::select! {
                () = &mut shutdown => return,
                () = tokio::time::sleep(idle) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        let waits: Vec<i64> = (1..=10).map(super::backoff_ms).collect();
        assert_eq!(&waits[..4], &[30_000, 60_000, 120_000, 240_000]);
        assert_eq!(waits[9], 3_600_000);
    }
}
