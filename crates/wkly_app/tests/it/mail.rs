//! Account mail through the outbox, sent to a real SMTP server on loopback.

use std::time::Duration;

use wkly_app::accounts::mail::{
    DrainReport, LEASE, MAX_ATTEMPTS, MailContext, MailOutcome, drain_outbox, queue_password_changed,
    queue_password_reset, queue_verification, verify_email,
};
use wkly_app::accounts::{create_account, reset_password};
use wkly_core::{Role, Timestamp};
use wkly_mail::{Mailer, Sender, SmtpSettings, SmtpTls};
use wkly_store::Store;
use wkly_store::users::TokenPurpose;
use wkly_test_support::smtp::{SmtpSink, Stage};

use super::on_both;

on_both! {
    a_mail_queued_while_the_server_is_down_is_sent_once_it_is_up => server_down;
    a_drainer_killed_while_sending_leaves_the_mail_to_the_next_and_one_link_works => killed_drainer;
    a_reset_for_an_unknown_address_is_answered_alike_and_sends_nothing => unknown_address;
    a_refused_mail_is_given_up_at_once_and_an_unreachable_one_after_its_attempts => refusals;
    the_notice_of_a_changed_password_and_the_hourly_limit_hold_through_the_outbox => notice_and_limit;
}

const MINUTE: i64 = 60_000;

fn ctx_for(port: u16) -> MailContext {
    let mut settings = SmtpSettings::new("127.0.0.1", port, SmtpTls::None);
    // The outbox does the retrying here; one attempt per send keeps each drain short.
    settings.attempts = 1;
    settings.timeout = Duration::from_secs(5);
    let sender = Sender::new("Harbour News", "news@harbour.example").expect("sender");
    MailContext::new(Mailer::smtp(sender, settings).expect("mailer"), "Harbour News", "https://news.example")
}

/// A loopback port nobody listens on.
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr").port()
}

async fn account(store: &Store, name: &str) -> String {
    create_account(store, name, &format!("{name}@example.org"), "a long test passphrase", Role::Reader)
        .await
        .expect("create")
        .expect("valid account")
}

/// The token of the first `path` link in a received mail (quoted-printable undone).
fn token_in(body: &str, path: &str) -> String {
    let text = body.replace("=\r\n", "").replace("=3D", "=");
    let at = text.find(path).unwrap_or_else(|| panic!("a {path} link in:\n{text}")) + path.len();
    text[at..].chars().take_while(char::is_ascii_hexdigit).collect()
}

fn report(claimed: usize, sent: usize, skipped: usize, retrying: usize, failed: usize) -> DrainReport {
    DrainReport { claimed, sent, skipped, retrying, failed }
}

async fn server_down(store: &Store) {
    let ana = account(store, "ana").await;
    let down = ctx_for(closed_port().await);
    assert_eq!(queue_password_reset(store, &down, "Ana@Example.org").await.expect("queue"), MailOutcome::Queued);
    let now = Timestamp::now().millis();
    assert_eq!(drain_outbox(store, &down, now).await.expect("drain"), report(1, 0, 0, 1, 0));
    let rows = store.list_outbox(10).await.expect("outbox");
    assert_eq!((rows[0].state.as_str(), rows[0].attempts), ("queued", 1), "kept for later: {rows:?}");
    assert!(rows[0].last_error.as_deref().is_some_and(|e| e.contains("could not reach")), "{rows:?}");
    assert_eq!(rows[0].address.as_deref(), Some("ana@example.org"));

    // The server comes back; the mail waits out its minute, then goes.
    let sink = SmtpSink::start().await;
    let up = ctx_for(sink.port());
    assert_eq!(drain_outbox(store, &up, now + MINUTE - 1).await.expect("drain"), report(0, 0, 0, 0, 0));
    assert!(sink.messages().is_empty());
    assert_eq!(drain_outbox(store, &up, now + MINUTE).await.expect("drain"), report(1, 1, 0, 0, 0));
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt_to, ["ana@example.org"]);
    let token = token_in(got[0].body(), "https://news.example/reset/confirm?token=");
    assert_eq!(token.len(), 64);
    let reset = reset_password(store, &token, "a brand new passphrase").await.expect("reset");
    assert_eq!(reset, Ok(ana), "the mailed link works");
    assert_eq!(drain_outbox(store, &up, now + 10 * MINUTE).await.expect("drain").claimed, 0, "sent once");
    assert_eq!(store.list_outbox(10).await.expect("outbox")[0].state, "sent");
}

async fn killed_drainer(store: &Store) {
    let bo = account(store, "bob").await;
    // A server that accepts and never answers: the drainer is caught mid-send.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let stuck = ctx_for(silent.local_addr().expect("addr").port());
    assert_eq!(queue_verification(store, &stuck, &bo).await.expect("queue"), MailOutcome::Queued);
    let now = Timestamp::now().millis();
    let drainer = {
        let (store, stuck) = (store.clone(), stuck.clone());
        tokio::spawn(async move { drain_outbox(&store, &stuck, now).await })
    };
    // Once it connects it has claimed the mail and made its token; then it dies.
    let (conn, _) = tokio::time::timeout(Duration::from_secs(10), silent.accept())
        .await
        .expect("the drainer connects")
        .expect("accept");
    drainer.abort();
    assert!(drainer.await.expect_err("killed").is_cancelled());
    drop(conn);
    let rows = store.list_outbox(10).await.expect("outbox");
    assert_eq!((rows[0].state.as_str(), rows[0].attempts), ("queued", 1), "{rows:?}");
    assert_eq!(store.count_recent_tokens(&bo, TokenPurpose::VerifyEmail, 0).await.expect("tokens"), 1);

    let sink = SmtpSink::start().await;
    let up = ctx_for(sink.port());
    let lease = LEASE.as_millis() as i64;
    assert_eq!(drain_outbox(store, &up, now + lease - 1).await.expect("drain").claimed, 0, "the lease holds it");
    assert!(sink.messages().is_empty());
    assert_eq!(drain_outbox(store, &up, now + lease).await.expect("drain"), report(1, 1, 0, 0, 0));
    assert_eq!(drain_outbox(store, &up, now + 2 * lease).await.expect("drain").claimed, 0);
    let got = sink.messages();
    assert_eq!(got.len(), 1, "exactly one mail");
    assert_eq!(
        store.count_recent_tokens(&bo, TokenPurpose::VerifyEmail, 0).await.expect("tokens"),
        1,
        "the dead drainer's token was replaced, not added to"
    );
    let token = token_in(got[0].body(), "https://news.example/verify?token=");
    assert!(verify_email(store, &token).await.expect("verify"), "the mailed link works");
    assert!(!verify_email(store, &token).await.expect("verify"), "once");
}

async fn unknown_address(store: &Store) {
    account(store, "cyd").await;
    let gone = account(store, "dee").await;
    store.set_user_status(&gone, "disabled").await.expect("disable");
    let sink = SmtpSink::start().await;
    let ctx = ctx_for(sink.port());
    let ask = |address: &'static str| {
        let (store, ctx) = (store.clone(), ctx.clone());
        async move { queue_password_reset(&store, &ctx, address).await.expect("queue") }
    };
    let mut answers = Vec::new();
    for _ in 0..4 {
        answers.push((ask("cyd@example.org").await, ask("nobody@example.org").await, ask("dee@example.org").await));
    }
    let q = MailOutcome::Queued;
    let too_many = (MailOutcome::TooMany, MailOutcome::TooMany, MailOutcome::TooMany);
    assert_eq!(answers, [(q, q, q), (q, q, q), (q, q, q), too_many], "the same answers for every address");
    assert_eq!(ask("no address").await, MailOutcome::NotAnAddress);

    let now = Timestamp::now().millis();
    let mut total = DrainReport::default();
    // Bounded: nine mails, BATCH (5) a batch.
    for _ in 0..3 {
        let r = drain_outbox(store, &ctx, now).await.expect("drain");
        (total.claimed, total.sent, total.skipped) =
            (total.claimed + r.claimed, total.sent + r.sent, total.skipped + r.skipped);
    }
    assert_eq!((total.claimed, total.sent, total.skipped), (9, 3, 6));
    let got = sink.messages();
    assert!(got.iter().all(|m| m.rcpt_to == ["cyd@example.org"]), "nothing for an unknown or disabled address");
    let skipped: Vec<_> =
        store.list_outbox(20).await.expect("outbox").into_iter().filter(|r| r.state == "skipped").collect();
    assert!(skipped.iter().all(|r| r.last_error.as_deref() == Some("no active account has this address")));
}

async fn refusals(store: &Store) {
    let eve = account(store, "eve").await;
    let sink = SmtpSink::start().await;
    let ctx = ctx_for(sink.port());
    sink.answer(Stage::RcptTo, 550);
    queue_verification(store, &ctx, &eve).await.expect("queue");
    let now = Timestamp::now().millis();
    assert_eq!(drain_outbox(store, &ctx, now).await.expect("drain"), report(1, 0, 0, 0, 1));
    let rows = store.list_outbox(10).await.expect("outbox");
    assert_eq!(rows[0].state, "failed");
    assert!(rows[0].last_error.as_deref().is_some_and(|e| e.contains("550")), "{rows:?}");

    // Deferred (451) is tried again, and goes through when the server takes it.
    sink.answer(Stage::Data, 451);
    queue_password_changed(store, &ctx, &eve).await.expect("queue");
    let now = Timestamp::now().millis();
    assert_eq!(drain_outbox(store, &ctx, now).await.expect("drain"), report(1, 0, 0, 1, 0));
    assert_eq!(drain_outbox(store, &ctx, now + MINUTE).await.expect("drain"), report(1, 1, 0, 0, 0));
    assert_eq!(sink.messages().len(), 1);

    // A server that stays away: tried MAX_ATTEMPTS times over about two hours, then failed.
    let down = ctx_for(closed_port().await);
    queue_password_changed(store, &down, &eve).await.expect("queue");
    let start = Timestamp::now().millis();
    let mut at = start;
    for attempt in 1..=MAX_ATTEMPTS {
        let r = drain_outbox(store, &down, at).await.expect("drain");
        let expected = if attempt < MAX_ATTEMPTS { report(1, 0, 0, 1, 0) } else { report(1, 0, 0, 0, 1) };
        assert_eq!(r, expected, "attempt {attempt}");
        at = store.next_mail_due().await.expect("next").unwrap_or(at);
    }
    assert!(at - start <= 2 * 60 * MINUTE, "given up within two hours: {} min", (at - start) / MINUTE);
    assert_eq!(store.next_mail_due().await.expect("next"), None);
    let last = store.list_outbox(10).await.expect("outbox").pop().expect("row");
    assert_eq!((last.state.as_str(), last.attempts), ("failed", MAX_ATTEMPTS));
}

async fn notice_and_limit(store: &Store) {
    let fay = account(store, "fay").await;
    let sink = SmtpSink::start().await;
    let ctx = ctx_for(sink.port());
    let outcomes = [
        queue_password_changed(store, &ctx, &fay).await.expect("queue"),
        queue_verification(store, &ctx, &fay).await.expect("queue"),
    ];
    assert_eq!(outcomes, [MailOutcome::Queued; 2]);
    let now = Timestamp::now().millis();
    assert_eq!(drain_outbox(store, &ctx, now).await.expect("drain"), report(2, 2, 0, 0, 0));
    let got = sink.messages();
    assert!(got.iter().any(|m| m.body().contains("https://news.example/reset")), "the notice shows the way back");
    // Sent mail counts toward the hour: two more verification mails, then no more.
    for _ in 0..2 {
        assert_eq!(queue_verification(store, &ctx, &fay).await.expect("queue"), MailOutcome::Queued);
    }
    assert_eq!(queue_verification(store, &ctx, &fay).await.expect("queue"), MailOutcome::TooMany);
    // A confirmed address is not sent another confirmation link.
    store.mark_email_verified(&fay).await.expect("verify");
    let now = Timestamp::now().millis();
    assert_eq!(drain_outbox(store, &ctx, now).await.expect("drain"), report(2, 0, 2, 0, 0));
    assert_eq!(sink.messages().len(), 2);
    // Mail off: nothing is queued, and nothing is drained.
    let off = MailContext::new(Mailer::disabled(), "Harbour News", "https://news.example");
    assert_eq!(queue_password_changed(store, &off, &fay).await.expect("queue"), MailOutcome::MailOff);
    assert_eq!(drain_outbox(store, &off, now).await.expect("drain"), DrainReport::default());
}
