use wkly_fetch::{FetchError, FetchOutcome, FetchPolicy, FetchRequest, Fetcher};

use crate::support::{Response, TestServer, test_policy};

fn robots_policy() -> FetchPolicy {
    FetchPolicy { respect_robots_txt: true, max_attempts: 1, ..test_policy() }
}

#[tokio::test]
async fn a_path_robots_txt_disallows_for_us_is_not_fetched() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/robots.txt" => Response::ok("User-agent: wkly\nDisallow: /private\n").into(),
        _ => Response::ok("page").into(),
    })
    .await;
    let fetcher = Fetcher::new(robots_policy()).unwrap();

    let refused = fetcher.fetch(&FetchRequest::new(server.url("/private/feed"))).await;
    let allowed = fetcher.fetch(&FetchRequest::new(server.url("/public/feed"))).await;

    assert_eq!(refused, Err(FetchError::RobotsDisallowed { url: server.url("/private/feed") }));
    assert!(matches!(allowed, Ok(FetchOutcome::Fetched(_))));
    assert!(server.requests_for("/private/feed").is_empty());
    assert_eq!(server.requests_for("/robots.txt").len(), 1, "robots.txt is cached");
}

#[tokio::test]
async fn rules_for_another_crawler_do_not_apply_to_us() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/robots.txt" => Response::ok("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n").into(),
        _ => Response::ok("page").into(),
    })
    .await;
    let fetcher = Fetcher::new(robots_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await;

    assert!(matches!(outcome, Ok(FetchOutcome::Fetched(_))), "{outcome:?}");
}

#[tokio::test]
async fn a_missing_robots_txt_allows_everything() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/robots.txt" => Response::new(404, "Not Found").into(),
        _ => Response::ok("page").into(),
    })
    .await;
    let fetcher = Fetcher::new(robots_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/anything"))).await;

    assert!(matches!(outcome, Ok(FetchOutcome::Fetched(_))), "{outcome:?}");
    assert_eq!(server.requests_for("/robots.txt").len(), 1);
}

#[tokio::test]
async fn a_robots_txt_failing_with_a_server_error_keeps_us_away_for_now() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/robots.txt" => Response::new(503, "Service Unavailable").into(),
        _ => Response::ok("page").into(),
    })
    .await;
    let fetcher = Fetcher::new(robots_policy()).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap_err();

    assert!(matches!(&error, FetchError::RobotsUnreachable { origin, .. } if *origin == server.url("")));
    assert!(error.is_retryable());
    assert!(server.requests_for("/feed").is_empty());
}

#[tokio::test]
async fn the_robots_txt_request_carries_our_user_agent() {
    let server = TestServer::start(|_| Response::ok("").into()).await;
    let fetcher = Fetcher::new(robots_policy()).unwrap();

    fetcher.fetch(&FetchRequest::new(server.url("/feed"))).await.unwrap();

    let robots = &server.requests_for("/robots.txt")[0];
    assert_eq!(robots.header("User-Agent"), Some("wkly/0.1 (+https://github.com/wkly)"));
}
