use std::time::Duration;

use wkly_fetch::{FetchError, FetchOutcome, FetchPolicy, FetchRequest, Fetcher};

use crate::support::{Response, TestServer, test_policy};

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_and_then_succeeds() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Response::new(429, "Too Many Requests").header("Retry-After", "1").into()
        } else {
            Response::ok("at last").into()
        }
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();

    assert!(matches!(outcome, FetchOutcome::Fetched(body) if body.body == b"at last"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[1].received - requests[0].answering.unwrap() >= Duration::from_secs(1));
}

#[tokio::test]
async fn a_retry_after_date_in_the_past_is_retried_at_once() {
    let server = TestServer::start(|request| {
        if request.index == 0 {
            Response::new(503, "Service Unavailable").header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT").into()
        } else {
            Response::ok("back").into()
        }
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();

    assert!(matches!(outcome, FetchOutcome::Fetched(body) if body.body == b"back"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_503_asking_for_longer_than_we_wait_ends_with_the_wait_in_the_error() {
    let server =
        TestServer::start(|_| Response::new(503, "Service Unavailable").header("Retry-After", "120").into()).await;
    let fetcher = Fetcher::new(FetchPolicy { max_retry_after: Duration::from_secs(10), ..test_policy() }).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap_err();

    assert_eq!(error, FetchError::Http { status: 503, retry_after: Some(Duration::from_secs(120)) });
    assert_eq!(error.to_string(), "the server answered 503 Service Unavailable; it asked us to wait 120 s");
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn transient_server_errors_are_retried_until_one_succeeds() {
    let server = TestServer::start(|request| match request.index {
        0 => Response::new(503, "Service Unavailable").into(),
        1 => Response::new(500, "Internal Server Error").into(),
        _ => Response::ok("third time").into(),
    })
    .await;
    let fetcher = Fetcher::new(FetchPolicy { max_attempts: 3, ..test_policy() }).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();

    assert!(matches!(outcome, FetchOutcome::Fetched(body) if body.body == b"third time"));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_status() {
    let server = TestServer::start(|_| Response::new(502, "Bad Gateway").into()).await;
    let fetcher = Fetcher::new(FetchPolicy { max_attempts: 2, ..test_policy() }).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap_err();

    assert_eq!(error, FetchError::Http { status: 502, retry_after: None });
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let server = TestServer::start(|_| Response::new(404, "Not Found").into()).await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(server.url("/gone"))).await.unwrap_err();

    assert_eq!(error, FetchError::Http { status: 404, retry_after: None });
    assert!(!error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_closed_port_is_a_retryable_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let fetcher = Fetcher::new(FetchPolicy { max_attempts: 2, ..test_policy() }).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(format!("http://127.0.0.1:{port}/"))).await.unwrap_err();

    assert!(matches!(error, FetchError::Network { .. }), "{error:?}");
    assert!(error.is_retryable());
}
