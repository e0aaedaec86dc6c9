use wkly_fetch::{FetchOutcome, FetchRequest, Fetcher};

use crate::support::{Response, TestServer, test_policy};

#[tokio::test]
async fn a_fetch_returns_the_body_with_its_validators_and_charset() {
    let server = TestServer::start(|_| {
        Response::ok("<rss/>")
            .header("Content-Type", "application/rss+xml; charset=\"ISO-8859-1\"")
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
            .into()
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();

    let FetchOutcome::Fetched(fetched) = outcome else {
        panic!("expected a body, got {outcome:?}");
    };
    assert_eq!(fetched.final_url, server.url("/feed"));
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body, b"<rss/>");
    assert_eq!(fetched.content_type.as_deref(), Some("application/rss+xml; charset=\"ISO-8859-1\""));
    assert_eq!(fetched.header_charset.as_deref(), Some("ISO-8859-1"));
    assert_eq!(fetched.etag.as_deref(), Some("\"v1\""));
    assert_eq!(fetched.last_modified.as_deref(), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
}

#[tokio::test]
async fn an_unchanged_etag_comes_back_as_not_modified() {
    let server = TestServer::start(|request| {
        let matches =
            request.headers.iter().any(|(name, value)| name.eq_ignore_ascii_case("if-none-match") && value == "\"v1\"");
        if matches {
            Response::new(304, "Not Modified").into()
        } else {
            Response::ok("first").header("ETag", "\"v1\"").into()
        }
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let first = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();
    let FetchOutcome::Fetched(first) = first else {
        panic!("expected a body, got {first:?}");
    };
    let again = FetchRequest { etag: first.etag.clone(), ..FetchRequest::new(server.url("/feed")) };
    let second = fetcher.fetch(&again).await.unwrap();

    assert_eq!(second, FetchOutcome::NotModified);
    let requests = server.requests();
    assert_eq!(requests[0].header("If-None-Match"), None);
    assert_eq!(requests[1].header("If-None-Match"), Some("\"v1\""));
}

#[tokio::test]
async fn last_modified_is_sent_as_if_modified_since() {
    let server = TestServer::start(|_| Response::new(304, "Not Modified").into()).await;
    let fetcher = Fetcher::new(test_policy()).unwrap();
    let request = FetchRequest {
        last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
        ..FetchRequest::new(server.url("/feed"))
    };

    let outcome = fetcher.fetch(&request).await.unwrap();

    assert_eq!(outcome, FetchOutcome::NotModified);
    assert_eq!(server.requests()[0].header("If-Modified-Since"), Some("Wed, 21 Oct 2015 07:28:00 GMT"));
}
