use std::collections::BTreeSet;

use wkly_store::Store;
use wkly_store::mail_outbox::{EnqueueMailOutcome, MailKind, Recipient, RetryOutcome};

use super::accounts::user;
use super::on_both;

on_both! {
    a_recipient_gets_at_most_the_limit_of_one_kind_an_hour_queued_or_sent => limit;
    a_claimed_mail_is_held_until_its_lease_ends_then_due_again => lease;
    a_failed_mail_waits_and_comes_back_until_it_runs_out_of_attempts => failures;
    two_drainers_claim_disjoint_mails_and_every_mail_once => concurrent_drainers;
    finished_mails_are_purged_after_the_hour_and_a_deleted_account_takes_its_mail => purge;
}

const NOW: i64 = 1_800_000_000_000;
const HOUR: i64 = 3600 * 1000;
const LEASE: i64 = 60_000;

async fn queue(store: &Store, kind: MailKind, to: &Recipient, at: i64) -> EnqueueMailOutcome {
    store.enqueue_mail(kind, to, 3, at - HOUR, at).await.expect("enqueue")
}

async fn queued(store: &Store, kind: MailKind, to: &Recipient, at: i64) -> String {
    match queue(store, kind, to, at).await {
        EnqueueMailOutcome::Queued(id) => id,
        EnqueueMailOutcome::TooMany => panic!("{kind:?} for {to:?} refused"),
    }
}

async fn state_of(store: &Store, id: &str) -> (String, i64, Option<String>) {
    let rows = store.list_outbox(1000).await.expect("list");
    let row = rows.into_iter().find(|r| r.id == id).expect("row kept");
    (row.state, row.attempts, row.last_error)
}

async fn limit(store: &Store) {
    let ana = Recipient::Account(user(store, "ana").await);
    let typed = Recipient::Address("somebody@example.org".into());
    for i in 0..3 {
        queued(store, MailKind::Reset, &typed, NOW + i).await;
    }
    assert_eq!(queue(store, MailKind::Reset, &typed, NOW + 10).await, EnqueueMailOutcome::TooMany);
    let first = queued(store, MailKind::Verify, &ana, NOW).await;
    queued(store, MailKind::Verify, &ana, NOW + 1).await;
    // A sent mail still counts within the hour.
    let claimed = store.claim_mails(NOW + 2, NOW + 2 + LEASE, 10).await.expect("claim");
    assert!(claimed.iter().any(|m| m.id == first));
    assert!(store.mark_mail_sent(&first, NOW + 2).await.expect("sent"));
    queued(store, MailKind::Verify, &ana, NOW + 3).await;
    assert_eq!(queue(store, MailKind::Verify, &ana, NOW + 4).await, EnqueueMailOutcome::TooMany);
    // Other kinds and other recipients have limits of their own.
    queued(store, MailKind::PasswordChanged, &ana, NOW + 4).await;
    queued(store, MailKind::Reset, &Recipient::Address("other@example.org".into()), NOW + 4).await;
    // An hour after the first, one more fits.
    queued(store, MailKind::Verify, &ana, NOW + HOUR + 1).await;
    assert_eq!(queue(store, MailKind::Verify, &ana, NOW + HOUR + 1).await, EnqueueMailOutcome::TooMany);
}

async fn lease(store: &Store) {
    let ana = user(store, "ana").await;
    let a = queued(store, MailKind::Verify, &Recipient::Account(ana.clone()), NOW).await;
    let b = queued(store, MailKind::Reset, &Recipient::Address("ana@example.org".into()), NOW + 1).await;
    assert!(store.claim_mails(NOW - 1, NOW + LEASE, 10).await.expect("claim").is_empty(), "nothing due yet");

    let first = store.claim_mails(NOW + 1, NOW + 1 + LEASE, 1).await.expect("claim");
    assert_eq!(first.len(), 1, "the limit is kept");
    assert_eq!((first[0].id.as_str(), first[0].kind, first[0].attempts), (a.as_str(), MailKind::Verify, 1));
    assert_eq!(first[0].recipient, Recipient::Account(ana));
    let second = store.claim_mails(NOW + 2, NOW + 2 + LEASE, 10).await.expect("claim");
    assert_eq!(second.len(), 1);
    assert_eq!(
        (second[0].id.as_str(), &second[0].recipient),
        (b.as_str(), &Recipient::Address("ana@example.org".into()))
    );
    assert!(store.claim_mails(NOW + LEASE, NOW + 2 * LEASE, 10).await.expect("claim").is_empty(), "both held");

    // The drainer holding them died: when the leases end, both are due again.
    let again = store.claim_mails(NOW + 2 + LEASE, NOW + 2 + 2 * LEASE, 10).await.expect("claim");
    assert_eq!(
        again.iter().map(|m| (m.id.as_str(), m.attempts)).collect::<Vec<_>>(),
        [(a.as_str(), 2), (b.as_str(), 2)]
    );
    assert!(store.mark_mail_sent(&a, NOW + 3 + LEASE).await.expect("sent"));
    assert!(!store.mark_mail_sent(&a, NOW + 4 + LEASE).await.expect("sent twice"), "a sent mail stays sent");
    assert_eq!(state_of(store, &a).await.0, "sent");
    assert!(
        store.claim_mails(NOW + 10 * LEASE, NOW + 11 * LEASE, 10).await.expect("claim").iter().all(|m| m.id != a),
        "a sent mail is never claimed again"
    );
}

async fn failures(store: &Store) {
    let to = Recipient::Address("ana@example.org".into());
    let id = queued(store, MailKind::Reset, &to, NOW).await;
    let mut at = NOW;
    for attempt in 1..=2 {
        let claimed = store.claim_mails(at, at + LEASE, 10).await.expect("claim");
        assert_eq!(claimed.iter().map(|m| m.attempts).collect::<Vec<_>>(), [attempt]);
        let retry_at = at + 60_000 * attempt;
        let outcome = store.retry_mail_later(&id, "451 try later", retry_at, 3, at).await.expect("retry");
        assert_eq!(outcome, RetryOutcome::Rescheduled);
        assert_eq!(state_of(store, &id).await, ("queued".into(), attempt, Some("451 try later".into())));
        assert!(store.claim_mails(retry_at - 1, retry_at + LEASE, 10).await.expect("claim").is_empty(), "waits");
        assert_eq!(store.next_mail_due().await.expect("next"), Some(retry_at));
        at = retry_at;
    }
    store.claim_mails(at, at + LEASE, 10).await.expect("third attempt");
    let outcome = store.retry_mail_later(&id, "connection refused", at + HOUR, 3, at).await.expect("retry");
    assert_eq!(outcome, RetryOutcome::GaveUp);
    assert_eq!(state_of(store, &id).await, ("failed".into(), 3, Some("connection refused".into())));
    assert_eq!(store.next_mail_due().await.expect("next"), None);
    assert_eq!(
        store.retry_mail_later(&id, "late", at, 3, at).await.expect("retry"),
        RetryOutcome::NotQueued,
        "a finished mail is not brought back"
    );

    // A refusal for good and a skip end the mail at once, with the reason.
    let refused = queued(store, MailKind::Reset, &to, NOW + 1).await;
    let skipped = queued(store, MailKind::Reset, &to, NOW + 2).await;
    store.claim_mails(NOW + 2, NOW + 2 + LEASE, 10).await.expect("claim");
    assert!(store.give_up_mail(&refused, "550 no such mailbox", NOW + 3).await.expect("give up"));
    assert!(store.skip_mail(&skipped, "no account has this address", NOW + 3).await.expect("skip"));
    assert_eq!(state_of(store, &refused).await.0, "failed");
    assert_eq!(state_of(store, &skipped).await, ("skipped".into(), 1, Some("no account has this address".into())));
    assert_eq!(store.list_outbox(10).await.expect("list").len(), 3, "no row was lost on the way");
}

async fn concurrent_drainers(store: &Store) {
    let mut ids = BTreeSet::new();
    for i in 0..40 {
        let to = Recipient::Address(format!("reader{i}@example.org"));
        ids.insert(queued(store, MailKind::Reset, &to, NOW).await);
    }
    let mut drainers = Vec::new();
    for _ in 0..2 {
        let store = store.clone();
        drainers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            // Bounded: never more rounds than mails exist.
            for _ in 0..40 {
                let batch = store.claim_mails(NOW, NOW + LEASE, 3).await.expect("claim");
                if batch.is_empty() {
                    break;
                }
                mine.extend(batch.into_iter().map(|m| m.id));
            }
            mine
        }));
    }
    let mut all = Vec::new();
    let mut each = Vec::new();
    for d in drainers {
        let mine = d.await.expect("drainer");
        each.push(mine.len());
        all.extend(mine);
    }
    let total = all.len();
    let distinct: BTreeSet<String> = all.into_iter().collect();
    assert_eq!((total, &distinct), (40, &ids), "every mail claimed exactly once: {each:?}");
    assert!(store.list_outbox(100).await.expect("list").iter().all(|r| r.attempts == 1));
}

async fn purge(store: &Store) {
    let ana = user(store, "ana").await;
    let bo = user(store, "bo").await;
    let sent = queued(store, MailKind::Verify, &Recipient::Account(ana.clone()), NOW).await;
    let waiting = queued(store, MailKind::Reset, &Recipient::Address("x@example.org".into()), NOW).await;
    queued(store, MailKind::PasswordChanged, &Recipient::Account(bo.clone()), NOW).await;
    store.claim_mails(NOW, NOW + LEASE, 1).await.expect("claim");
    store.mark_mail_sent(&sent, NOW).await.expect("sent");
    assert_eq!(store.purge_finished_mails(NOW).await.expect("purge"), 0, "kept within the hour");
    assert_eq!(store.purge_finished_mails(NOW + HOUR).await.expect("purge"), 1);
    assert!(store.delete_account(&bo).await.expect("delete"));
    let left: Vec<String> = store.list_outbox(10).await.expect("list").into_iter().map(|r| r.id).collect();
    assert_eq!(left, [waiting], "queued mail is never purged; a deleted account's mail goes with it");
}
