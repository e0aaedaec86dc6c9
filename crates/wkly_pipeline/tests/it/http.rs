//! Sources read over real HTTP on loopback: conditional GET, pages and server errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wkly_core::job::Job;
use wkly_pipeline::Pipeline;
use wkly_test_support::TestDb;

use super::{add, fetcher};

const FEED: &str = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loop Wire</title>\
    <item><title>Rates rise</title><link>https://loopwire.example/1</link><description>Rates rose by a quarter point.</description></item>\
    <item><title>Fees fall</title><link>https://loopwire.example/2</link><description>Fees fell by 3%.</description></item>\
    </channel></rss>";

/// A small HTTP/1.1 server on 127.0.0.1 that counts the 304s it sends.
struct Server {
    base: String,
    not_modified: Arc<AtomicUsize>,
}

async fn serve() -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let not_modified = Arc::new(AtomicUsize::new(0));
    let counter = not_modified.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                // Bounded: a request head larger than 64 KiB is not ours.
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65_536 {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&buf).to_ascii_lowercase();
                let path = head.split_whitespace().nth(1).unwrap_or("/").split('?').next().unwrap_or("/").to_string();
                let response = match path.as_str() {
                    "/feed.xml" if head.contains("if-none-match: \"v1\"") => {
                        counter.fetch_add(1, Ordering::SeqCst);
                        "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nConnection: close\r\n\r\n".to_string()
                    }
                    "/members.xml" if !head.contains("\r\nx-api-key: k1\r\n") => {
                        "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                    }
                    "/feed.xml" | "/members.xml" => format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"v1\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FEED}",
                        FEED.len()
                    ),
                    "/page" => {
                        let body = "<html><head><title>Harbour fees</title><link rel=\"canonical\" href=\"https://harbourledger.example/fees?utm_source=x\"></head><body><nav>Home | Markets</nav><article><h1>Harbour fees to rise</h1><p>The harbour authority said on Tuesday that fees for every container will rise by twelve percent from January, the first increase since 2019.</p><p>Shipping lines said they would study the schedule before deciding whether customers pay the difference.</p></article><footer>Contact us</footer></body></html>";
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        )
                    }
                    "/down" => {
                        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
                    }
                    _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
                };
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    Server { base, not_modified }
}

async fn a_feed_url_is_fetched_then_answered_not_modified(db: TestDb) {
    let server = serve().await;
    let source = add(&db.store, "feed", &format!("{}/feed.xml", server.base)).await;
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    p.enqueue_due_sources().await.expect("enqueue");
    let first = p.run_until_idle(20, |_| {}).await.expect("run");
    assert_eq!((first.stats.fetches_new, first.stats.articles_new, first.jobs_failed), (1, 2, 0), "{first:?}");

    p.enqueue(&Job::IngestSource { source_id: source.clone() }, None).await.expect("enqueue");
    let second = p.run_until_idle(20, |_| {}).await.expect("run");
    assert_eq!(
        (second.stats.not_modified, second.stats.fetches_new, second.stats.articles_new),
        (1, 0, 0),
        "{second:?}"
    );
    assert_eq!(server.not_modified.load(Ordering::SeqCst), 1, "the stored ETag was sent back");
    let row = db.store.find_source(&source).await.expect("find").expect("source");
    assert_eq!((row.last_status, row.etag.as_deref(), row.last_error), (Some(304), Some("\"v1\""), None));
}

async fn article_pages_are_read_and_server_errors_reported_in_plain_words(db: TestDb) {
    let server = serve().await;
    let page = add(&db.store, "page", &format!("{}/page", server.base)).await;
    let down = add(&db.store, "feed", &format!("{}/down", server.base)).await;
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    p.enqueue_due_sources().await.expect("enqueue");
    let summary = p.run_until_idle(20, |_| {}).await.expect("run");
    assert_eq!(
        (summary.jobs_failed, summary.stats.articles_new),
        (1, 1),
        "the page is read, the 503 reported: {summary:?}"
    );
    let row = db.store.find_source(&down).await.expect("find").expect("source");
    assert_eq!(row.last_status, Some(503));
    assert!(row.last_error.as_deref().is_some_and(|e| e.contains("503")), "{:?}", row.last_error);
    assert!(
        db.store.find_source(&page).await.expect("find").expect("page").last_error.is_none(),
        "the page itself was fetched fine"
    );
}

async fn a_source_sends_its_extra_headers(db: TestDb) {
    let server = serve().await;
    let url = format!("{}/members.xml", server.base);
    let mut new = wkly_store::sources::NewSource {
        kind: "feed".into(),
        url: url.clone(),
        name: "Members".into(),
        category: None,
        review_policy: "auto".into(),
        extra_headers: vec![("X-Api-Key".into(), "k1".into())],
    };
    db.store.add_source(&new).await.expect("source");
    new.url = format!("{url}?without-key");
    new.extra_headers.clear();
    db.store.add_source(&new).await.expect("source");
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    p.enqueue_due_sources().await.expect("enqueue");
    let summary = p.run_until_idle(20, |_| {}).await.expect("run");
    assert_eq!((summary.stats.articles_new, summary.jobs_failed), (2, 1), "{summary:?}");
    assert!(summary.failures[0].contains("401"), "{:?}", summary.failures);
}

async fn loopback_sources_are_refused_unless_allowed(db: TestDb) {
    let server = serve().await;
    add(&db.store, "feed", &format!("{}/feed.xml", server.base)).await;
    let strict = wkly_fetch::Fetcher::new(wkly_fetch::FetchPolicy::default()).expect("fetcher");
    let p = Pipeline::new(db.store.clone(), strict, "test-worker");
    p.enqueue_due_sources().await.expect("enqueue");
    let summary = p.run_until_idle(20, |_| {}).await.expect("run");
    assert_eq!((summary.jobs_failed, summary.stats.articles_new), (1, 0), "{summary:?}");
    assert!(
        summary.failures[0].contains("loopback") || summary.failures[0].contains("private"),
        "{:?}",
        summary.failures
    );
}

on_both!(
    a_feed_url_is_fetched_then_answered_not_modified,
    a_source_sends_its_extra_headers,
    article_pages_are_read_and_server_errors_reported_in_plain_words,
    loopback_sources_are_refused_unless_allowed
);
