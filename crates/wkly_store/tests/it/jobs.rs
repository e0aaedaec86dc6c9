use serde_json::json;
use wkly_store::Store;
use wkly_store::jobs::{EnqueueOutcome, NewJob};

use super::on_both;

on_both! {
    a_job_is_enqueued_once_per_key_and_claimed_once => enqueue_and_claim;
    a_failing_job_retries_then_ends_dead_with_its_error => retries;
    concurrent_workers_never_claim_the_same_job => concurrent_claims;
    jobs_of_a_gone_or_stale_worker_go_back_to_the_queue => abandoned;
    queued_jobs_are_found_by_key_prefix => by_prefix;
}

async fn by_prefix(store: &Store) {
    store.enqueue_job(&job("enrich:s1:a1", 3)).await.expect("enqueue");
    store.enqueue_job(&job("enrich:s10:a2", 3)).await.expect("enqueue");
    assert!(store.has_queued_job_with_key_prefix("enrich:s1:").await.expect("q"));
    assert!(!store.has_queued_job_with_key_prefix("enrich:s2:").await.expect("q"));
    let first = store.claim_job("w", 1_000).await.expect("claim").expect("job");
    assert_eq!(first.payload.0["source"], "enrich:s1:a1");
    assert!(!store.has_queued_job_with_key_prefix("enrich:s1:").await.expect("q"), "a running job is not queued");
    assert!(store.has_queued_job_with_key_prefix("enrich:s10:").await.expect("q"), "s10 is not s1");
}

async fn abandoned(store: &Store) {
    for key in ["a", "b", "c"] {
        store.enqueue_job(&job(key, 3)).await.expect("enqueue");
    }
    let a = store.claim_job("ingest@host:111", 1_000).await.expect("claim").expect("a");
    let b = store.claim_job("ingest@host:222", 2_000).await.expect("claim").expect("b");
    assert_eq!(store.list_job_holders().await.expect("holders"), ["ingest@host:111", "ingest@host:222"]);
    assert_eq!(store.requeue_jobs_held_by("ingest@host:111").await.expect("gone"), 1);
    assert_eq!(store.requeue_jobs_held_by("ingest@host:111").await.expect("again"), 0);
    assert_eq!(store.requeue_stale_jobs(1_500).await.expect("stale"), 0, "b was claimed after the cut-off");
    assert_eq!(store.requeue_stale_jobs(2_001).await.expect("stale"), 1);
    assert!(store.list_job_holders().await.expect("holders").is_empty());
    let mut ids = Vec::new();
    while let Some(j) = store.claim_job("w", 3_000).await.expect("claim") {
        ids.push(j.id);
    }
    assert_eq!(ids.len(), 3, "all three jobs run, the two abandoned ones again");
    assert!(ids.contains(&a.id) && ids.contains(&b.id));
}

fn job(key: &str, max_attempts: i64) -> NewJob {
    NewJob {
        kind: "fetch".into(),
        payload: json!({ "source": key }),
        dedupe_key: Some(key.into()),
        run_at: 0,
        max_attempts,
    }
}

async fn enqueue_and_claim(store: &Store) {
    assert_eq!(store.enqueue_job(&job("a", 3)).await.expect("enqueue"), EnqueueOutcome::Enqueued);
    assert_eq!(store.enqueue_job(&job("a", 3)).await.expect("enqueue"), EnqueueOutcome::AlreadyQueued);
    let claimed = store.claim_job("worker-1", 1_000).await.expect("claim").expect("a job");
    assert_eq!((claimed.kind.as_str(), claimed.attempts, &claimed.payload.0), ("fetch", 1, &json!({ "source": "a" })));
    assert!(store.claim_job("worker-2", 1_000).await.expect("claim").is_none(), "a running job is not claimed again");
    store.complete_job(&claimed.id).await.expect("complete");
    assert_eq!(store.list_jobs("done", 10).await.expect("list").len(), 1);
}

async fn retries(store: &Store) {
    store.enqueue_job(&job("flaky", 2)).await.expect("enqueue");
    let first = store.claim_job("w", 1_000).await.expect("claim").expect("job");
    store.fail_job(&first.id, "HTTP 503 from the feed", 5_000).await.expect("fail");
    assert!(store.claim_job("w", 4_999).await.expect("claim").is_none(), "not before its retry time");
    let second = store.claim_job("w", 5_000).await.expect("claim").expect("retried");
    assert_eq!(second.attempts, 2);
    store.fail_job(&second.id, "HTTP 503 again", 9_000).await.expect("fail");
    assert!(store.claim_job("w", 10_000).await.expect("claim").is_none(), "out of attempts");
    let dead = store.list_jobs("dead", 10).await.expect("dead");
    assert_eq!((dead.len(), dead[0].last_error.as_deref()), (1, Some("HTTP 503 again")));
    assert_eq!(store.count_jobs().await.expect("count"), [("dead".to_string(), 1)]);

    // An operator retries it: a fresh set of attempts, the last error kept until it runs.
    assert!(store.retry_job(&dead[0].id).await.expect("retry"));
    assert!(!store.retry_job("no-such-job").await.expect("retry missing"));
    let third = store.claim_job("w", i64::MAX).await.expect("claim").expect("retried by hand");
    assert_eq!(third.attempts, 1);
    assert!(!store.retry_job(&third.id).await.expect("running"), "a running job is left alone");
    store.fail_job(&third.id, "still down", 0).await.expect("fail");
    let again = store.claim_job("w", i64::MAX).await.expect("claim").expect("second attempt");
    store.fail_job(&again.id, "still down", 0).await.expect("fail");
    assert_eq!(store.retry_dead_jobs().await.expect("retry all"), 1);
    assert_eq!(store.count_jobs().await.expect("count"), [("queued".to_string(), 1)]);
}

async fn concurrent_claims(store: &Store) {
    for i in 0..40 {
        store.enqueue_job(&job(&format!("job-{i}"), 3)).await.expect("enqueue");
    }
    let mut workers = Vec::new();
    for w in 0..4 {
        let store = store.clone();
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            // Bounded: never more claims than jobs exist.
            for _ in 0..40 {
                match store.claim_job(&format!("worker-{w}"), 1_000).await.expect("claim") {
                    Some(job) => mine.push(job.id),
                    None => break,
                }
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.expect("worker"));
    }
    let total = all.len();
    all.sort();
    all.dedup();
    assert_eq!((total, all.len()), (40, 40), "every job claimed exactly once");
}
