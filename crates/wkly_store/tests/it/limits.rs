use wkly_store::Store;
use wkly_store::limits::{LimitOutcome, Pace};

use super::on_both;

on_both! {
    a_shared_limit_allows_a_burst_then_one_per_interval => burst_then_pace;
    concurrent_attempts_from_many_nodes_are_each_counted_once => concurrent;
    passed_limits_are_swept => sweep;
}

/// Three a minute: an action every 20 s, bursts of three.
const PACE: Pace = Pace { interval_ms: 20_000, tolerance_ms: 40_000 };
const T0: i64 = 1_800_000_000_000;

async fn burst_then_pace(store: &Store) {
    for _ in 0..3 {
        assert_eq!(store.take_limit("sign-in", "k", PACE, T0).await.expect("take"), LimitOutcome::Allowed);
    }
    assert_eq!(
        store.take_limit("sign-in", "k", PACE, T0).await.expect("take"),
        LimitOutcome::Refused { retry_after_ms: 20_000 }
    );
    assert_eq!(
        store.peek_limit("sign-in", "k", PACE, T0).await.expect("peek"),
        LimitOutcome::Refused { retry_after_ms: 20_000 }
    );
    // Refusals are not counted: the wait does not grow.
    for _ in 0..20 {
        assert!(matches!(
            store.take_limit("sign-in", "k", PACE, T0 + 5_000).await.expect("take"),
            LimitOutcome::Refused { .. }
        ));
    }
    assert_eq!(
        store.take_limit("sign-in", "k", PACE, T0 + 5_000).await.expect("take"),
        LimitOutcome::Refused { retry_after_ms: 15_000 }
    );
    assert_eq!(store.take_limit("sign-in", "k", PACE, T0 + 20_000).await.expect("take"), LimitOutcome::Allowed);
    assert!(matches!(
        store.take_limit("sign-in", "k", PACE, T0 + 20_000).await.expect("take"),
        LimitOutcome::Refused { .. }
    ));
    // Other keys and other rules are separate.
    assert_eq!(store.take_limit("sign-in", "other", PACE, T0).await.expect("take"), LimitOutcome::Allowed);
    assert_eq!(store.take_limit("sign-up", "k", PACE, T0).await.expect("take"), LimitOutcome::Allowed);
    // After a long quiet spell the full burst is back.
    for _ in 0..3 {
        assert_eq!(store.take_limit("sign-in", "k", PACE, T0 + 600_000).await.expect("take"), LimitOutcome::Allowed);
    }
    assert_eq!(store.peek_limit("sign-in", "unseen", PACE, T0).await.expect("peek"), LimitOutcome::Allowed);
}

async fn concurrent(store: &Store) {
    // Ten a minute; 60 attempts at one instant from many tasks (as from many nodes):
    // exactly ten get through.
    let pace = Pace { interval_ms: 6_000, tolerance_ms: 54_000 };
    let tasks: Vec<_> = (0..60)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.take_limit("sign-in", "shared", pace, T0).await.expect("take") })
        })
        .collect();
    let mut allowed = 0;
    for t in tasks {
        if t.await.expect("task") == LimitOutcome::Allowed {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 10);
}

async fn sweep(store: &Store) {
    store.take_limit("sign-in", "a", PACE, T0).await.expect("take");
    store.take_limit("sign-in", "b", PACE, T0 + 60_000).await.expect("take");
    assert_eq!(store.sweep_limits(T0 + 30_000).await.expect("sweep"), 1, "a was due at T0 + 20 s");
    assert_eq!(store.sweep_limits(T0 + 30_000).await.expect("sweep"), 0);
    assert!(matches!(
        store
            .peek_limit("sign-in", "b", Pace { interval_ms: 20_000, tolerance_ms: 0 }, T0 + 60_000)
            .await
            .expect("peek"),
        LimitOutcome::Refused { .. }
    ));
}
