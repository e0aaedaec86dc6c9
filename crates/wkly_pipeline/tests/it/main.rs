//! The pipeline on real databases and real folders: a folder source becomes articles,
//! stored once, on SQLite and PostgreSQL.

use wkly_core::job::Job;
use wkly_pipeline::Pipeline;
use wkly_store::Store;
use wkly_store::sources::{AddSourceOutcome, NewSource};
use wkly_test_support::TestDb;

/// Declares `mod $name { sqlite(); postgres() }` running `$name(db)` on each backend.
macro_rules! on_both {
    ($($name:ident),*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { super::$name(wkly_test_support::TestDb::sqlite().await).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { super::$name(wkly_test_support::TestDb::postgres().await).await }
        }
    )*};
}

mod http;
mod newsroom;
mod quality;

/// The fetch policy tests run with: loopback allowed, no politeness delay.
pub fn fetcher() -> wkly_fetch::Fetcher {
    wkly_fetch::Fetcher::new(wkly_fetch::FetchPolicy {
        allow_private_addresses: true,
        per_host_min_delay: std::time::Duration::ZERO,
        max_attempts: 1,
        ..wkly_fetch::FetchPolicy::default()
    })
    .expect("fetcher")
}

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Ledger</title><link>https://harbourledger.example/</link>
<item><title>Port fees to rise 12%</title><link>https://harbourledger.example/a?utm_source=rss</link>
  <description>The harbour authority will raise fees by 12% in January.</description><pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate></item>
<item><title>Dredging bill doubles</title><link>https://harbourledger.example/b</link>
  <description>The cost of keeping the channel open has doubled since 2024.</description></item>
<item><title>Ferry timetable changes</title><link>https://harbourledger.example/c</link>
  <description>Winter sailings start on 1 December.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian Wire</title><id>urn:meridian</id><updated>2026-11-03T09:00:00Z</updated>
<entry><title>Port fees to rise 12%</title><id>urn:meridian:1</id><link href="https://meridianwire.example/copy-of-a"/>
  <updated>2026-11-03T09:00:00Z</updated><summary>The harbour authority will raise fees by 12% in January.</summary></entry>
<entry><title>Rail freight volumes climb</title><id>urn:meridian:2</id><link href="https://meridianwire.example/rail"/>
  <updated>2026-11-03T10:00:00Z</updated><summary>Rail freight rose 4% in October.</summary></entry>
</feed>"#;

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("ledger.xml"), RSS).expect("write");
    std::fs::create_dir(dir.path().join("wire")).expect("mkdir");
    std::fs::write(dir.path().join("wire/meridian.atom"), ATOM).expect("write");
    std::fs::write(dir.path().join("not-a-feed.xml"), "<html><body>Sorry, page moved</body></html>").expect("write");
    std::fs::write(dir.path().join("article.html"), "<html><head><title>Harbour fees</title><link rel=\"canonical\" href=\"https://harbourledger.example/fees?utm_source=x\"></head><body><nav>Home | Markets</nav><article><h1>Harbour fees to rise</h1><p>The harbour authority said on Tuesday that fees for every container will rise by twelve percent from January, the first increase since 2019.</p><p>Shipping lines said they would study the schedule before deciding whether customers pay the difference.</p></article><footer>Contact us</footer></body></html>")
        .expect("write");
    dir
}

pub async fn add(store: &Store, kind: &str, url: &str) -> String {
    let new = NewSource {
        kind: kind.into(),
        url: url.into(),
        name: "Archive".into(),
        category: None,
        review_policy: "auto".into(),
        extra_headers: Vec::new(),
    };
    match store.add_source(&new).await.expect("source") {
        AddSourceOutcome::Added(id) | AddSourceOutcome::AlreadyExists(id) => id,
    }
}

async fn a_folder_source_becomes_articles_stored_once(db: TestDb) {
    let dir = folder();
    let url = format!("file://{}", dir.path().display());
    let source = add(&db.store, "folder", &url).await;
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    assert_eq!(p.enqueue_due_sources().await.expect("enqueue"), 1);
    assert_eq!(p.enqueue_due_sources().await.expect("enqueue again"), 0, "a due source is queued once");

    let summary = p.run_until_idle(100, |_| {}).await.expect("run");
    assert_eq!(summary.stats.fetches_new, 4, "{summary:?}");
    assert_eq!(summary.stats.articles_new, 5, "four feed entries and one article page: {summary:?}");
    assert_eq!(summary.stats.articles_duplicate, 1, "the same text under another URL is stored once");
    assert_eq!(summary.jobs_failed, 1, "{summary:?}");
    assert!(summary.failures[0].contains("not-a-feed.xml is not a readable feed"), "{:?}", summary.failures);
    assert_eq!(db.store.count_source_articles(&source).await.expect("count"), 5);

    // Reading the folder again finds nothing new.
    p.enqueue(&Job::IngestSource { source_id: source.clone() }, None).await.expect("enqueue");
    let again = p.run_until_idle(100, |_| {}).await.expect("run");
    assert_eq!((again.stats.fetches_new, again.stats.fetches_seen, again.stats.articles_new), (0, 4, 0), "{again:?}");

    // A re-titled entry updates its article; nothing is duplicated.
    std::fs::write(
        dir.path().join("ledger.xml"),
        RSS.replace("Ferry timetable changes", "Ferry winter timetable published"),
    )
    .expect("write");
    p.enqueue(&Job::IngestSource { source_id: source.clone() }, None).await.expect("enqueue");
    let edited = p.run_until_idle(100, |_| {}).await.expect("run");
    assert_eq!(
        (edited.stats.articles_updated, edited.stats.articles_new, edited.stats.articles_unchanged),
        (1, 0, 2),
        "{edited:?}"
    );
    assert_eq!(db.store.count_source_articles(&source).await.expect("count"), 5);
    let listed = db.store.list_sources().await.expect("list");
    assert!(listed[0].last_fetched_at.is_some() && listed[0].last_error.is_none());
}

async fn sources_that_cannot_be_read_say_why(db: TestDb) {
    // Port 1 on loopback: nothing listens there, and no traffic leaves the machine.
    let http = add(&db.store, "feed", "http://127.0.0.1:1/feed.xml").await;
    let gone = add(&db.store, "folder", "file:///nonexistent/wkly-folder").await;
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    assert_eq!(p.enqueue_due_sources().await.expect("enqueue"), 2);
    let summary = p.run_until_idle(10, |_| {}).await.expect("run");
    assert_eq!(summary.jobs_failed, 2);
    let listed = db.store.list_sources().await.expect("list");
    let error = |id: &str| listed.iter().find(|s| s.id == id).and_then(|s| s.last_error.clone()).unwrap_or_default();
    assert!(error(&http).contains("connection to the server failed"), "{}", error(&http));
    assert!(error(&gone).contains("does not exist"), "{}", error(&gone));
    assert!(p.enqueue_due_sources().await.expect("enqueue") == 0, "a failed source waits before it is due again");
}

async fn a_job_with_an_unreadable_payload_fails_visibly(db: TestDb) {
    db.store
        .enqueue_job(&wkly_store::jobs::NewJob {
            kind: "ingest_source".into(),
            payload: serde_json::json!({ "kind": "launch_rockets" }),
            dedupe_key: None,
            run_at: 0,
            max_attempts: 1,
        })
        .await
        .expect("enqueue");
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    let summary = p.run_until_idle(10, |_| {}).await.expect("run");
    assert_eq!(summary.jobs_failed, 1);
    let dead = db.store.list_jobs("dead", 10).await.expect("dead");
    assert!(dead[0].last_error.as_deref().is_some_and(|e| e.contains("unreadable payload")), "{dead:?}");
}

on_both!(
    a_folder_source_becomes_articles_stored_once,
    sources_that_cannot_be_read_say_why,
    a_job_with_an_unreadable_payload_fails_visibly
);
