use std::io::Write;
use std::time::Duration;

use flate2::Compression;
use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
use wkly_fetch::{FetchError, FetchOutcome, FetchPolicy, FetchRequest, Fetcher};

use crate::support::{Reply, Response, TestServer, ok_head, test_policy, testdata};

const FIFTY_MB: usize = 50 * 1024 * 1024;

async fn fetch_from(server: &TestServer, policy: FetchPolicy) -> Result<FetchOutcome, FetchError> {
    Fetcher::new(policy).unwrap().fetch(&FetchRequest::new(server.url("/big"))).await
}

fn body_of(outcome: Result<FetchOutcome, FetchError>) -> Vec<u8> {
    match outcome {
        Ok(FetchOutcome::Fetched(fetched)) => fetched.body,
        other => panic!("expected a body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_declared_50_mb_body_is_refused_without_reading_it() {
    let server = TestServer::start(|_| Reply::Stream {
        head: ok_head(&format!("Content-Length: {FIFTY_MB}\r\n")),
        chunk: vec![b'a'; 64 * 1024],
        total: FIFTY_MB,
    })
    .await;

    let outcome = fetch_from(&server, test_policy()).await;

    assert_eq!(outcome, Err(FetchError::TooLarge { limit: 1024 * 1024 }));
}

#[tokio::test]
async fn an_undeclared_50_mb_body_is_cut_at_the_wire_cap() {
    let server =
        TestServer::start(|_| Reply::Stream { head: ok_head(""), chunk: vec![b'a'; 64 * 1024], total: FIFTY_MB }).await;

    let outcome = fetch_from(&server, test_policy()).await;

    assert_eq!(outcome, Err(FetchError::TooLarge { limit: 1024 * 1024 }));
}

#[tokio::test]
async fn a_gzip_bomb_stops_at_the_decompressed_cap() {
    // 64 MiB of zeros in 64 KB: small on the wire, huge once inflated.
    let bomb = testdata("zeros-64mib.gz");
    let server = TestServer::start(move |_| Response::ok(bomb.clone()).header("Content-Encoding", "gzip").into()).await;

    let outcome = fetch_from(&server, test_policy()).await;

    assert_eq!(outcome, Err(FetchError::TooLarge { limit: 2 * 1024 * 1024 }));
}

#[tokio::test]
async fn a_brotli_bomb_stops_at_the_decompressed_cap() {
    let bomb = testdata("zeros-64mib.br");
    let server = TestServer::start(move |_| Response::ok(bomb.clone()).header("Content-Encoding", "br").into()).await;

    let outcome = fetch_from(&server, test_policy()).await;

    assert_eq!(outcome, Err(FetchError::TooLarge { limit: 2 * 1024 * 1024 }));
}

#[tokio::test]
async fn gzip_deflate_and_brotli_bodies_are_decompressed() {
    let text = b"<rss version=\"2.0\"><channel><title>Brotli news</title></channel></rss>\n".to_vec();
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(&text).unwrap();
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::default());
    zlib.write_all(&text).unwrap();
    let mut raw = DeflateEncoder::new(Vec::new(), Compression::default());
    raw.write_all(&text).unwrap();
    let bodies = [
        ("gzip", gzip.finish().unwrap()),
        ("deflate", zlib.finish().unwrap()),
        ("deflate", raw.finish().unwrap()),
        ("br", testdata("feed.xml.br")),
    ];

    for (coding, compressed) in bodies {
        let server =
            TestServer::start(move |_| Response::ok(compressed.clone()).header("Content-Encoding", coding).into())
                .await;

        let body = body_of(fetch_from(&server, test_policy()).await);

        assert_eq!(body, text, "{coding}");
        assert_eq!(server.requests()[0].header("Accept-Encoding"), Some("gzip, deflate, br"));
    }
}

#[tokio::test]
async fn a_corrupt_gzip_body_is_undecodable() {
    let server = TestServer::start(|_| {
        Response::ok(b"\x1f\x8b\x08\x00 this is not gzip".to_vec()).header("Content-Encoding", "gzip").into()
    })
    .await;

    let outcome = fetch_from(&server, test_policy()).await;

    assert!(matches!(outcome, Err(FetchError::Undecodable { .. })), "{outcome:?}");
}

#[tokio::test]
async fn an_endless_slow_drip_is_cut_by_the_total_timeout() {
    let server = TestServer::start(|_| Reply::Drip { head: ok_head(""), every: Duration::from_millis(20) }).await;
    let policy = FetchPolicy { total_timeout: Duration::from_millis(300), max_attempts: 1, ..test_policy() };

    let outcome = fetch_from(&server, policy).await;

    assert_eq!(outcome, Err(FetchError::Timeout));
}

#[tokio::test]
async fn a_server_that_stops_sending_is_cut_by_the_read_timeout() {
    let server = TestServer::start(|_| Reply::Silent).await;
    let policy = FetchPolicy { read_timeout: Duration::from_millis(200), max_attempts: 1, ..test_policy() };

    let outcome = fetch_from(&server, policy).await;

    assert_eq!(outcome, Err(FetchError::Timeout));
}

#[tokio::test]
async fn a_body_that_stalls_midway_is_cut_by_the_read_timeout() {
    let server = TestServer::start(|_| Reply::Drip {
        head: ok_head("Content-Length: 100\r\n"),
        every: Duration::from_secs(3600),
    })
    .await;
    let policy = FetchPolicy { read_timeout: Duration::from_millis(200), max_attempts: 1, ..test_policy() };

    let outcome = fetch_from(&server, policy).await;

    assert_eq!(outcome, Err(FetchError::Timeout));
}
