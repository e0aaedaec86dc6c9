use wkly_fetch::{FetchError, FetchPolicy, FetchRequest, Fetcher};

use crate::support::{Response, TestServer, test_policy};

#[tokio::test]
async fn the_configured_user_agent_and_extra_headers_are_sent() {
    let server = TestServer::start(|_| Response::ok("").into()).await;
    let fetcher = Fetcher::new(FetchPolicy { user_agent: "wkly-test/9".to_owned(), ..test_policy() }).unwrap();
    let request = FetchRequest {
        extra_headers: vec![
            ("Accept".to_owned(), "application/atom+xml".to_owned()),
            ("X-Wkly-Source".to_owned(), "42".to_owned()),
        ],
        ..FetchRequest::new(server.url("/feed"))
    };

    fetcher.fetch(&request).await.unwrap();

    let seen = &server.requests()[0];
    assert_eq!(seen.header("User-Agent"), Some("wkly-test/9"));
    assert_eq!(seen.header("Accept"), Some("application/atom+xml"));
    assert_eq!(seen.header("X-Wkly-Source"), Some("42"));
}

#[tokio::test]
async fn an_extra_header_the_fetcher_owns_is_refused() {
    let server = TestServer::start(|_| Response::ok("").into()).await;
    let fetcher = Fetcher::new(test_policy()).unwrap();
    let request = FetchRequest {
        extra_headers: vec![("user-agent".to_owned(), "Mozilla/5.0".to_owned())],
        ..FetchRequest::new(server.url("/feed"))
    };

    let error = fetcher.fetch(&request).await.unwrap_err();

    assert!(matches!(error, FetchError::InvalidHeader { ref name, .. } if name == "user-agent"), "{error:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn urls_we_cannot_fetch_are_invalid() {
    let fetcher = Fetcher::new(test_policy()).unwrap();

    for url in ["ftp://example.com/feed", "not a url", "/relative/path", "file:///etc/passwd"] {
        let error = fetcher.fetch(&FetchRequest::new(url)).await.unwrap_err();
        assert!(matches!(error, FetchError::InvalidUrl { .. }), "{url}: {error:?}");
    }
}

#[test]
fn an_unusable_policy_is_refused_when_the_fetcher_is_built() {
    let error =
        Fetcher::new(FetchPolicy { user_agent: "bad\nagent".to_owned(), ..FetchPolicy::default() }).unwrap_err();

    assert!(matches!(error, FetchError::Setup { .. }), "{error:?}");
}

#[test]
fn the_robots_token_is_the_first_word_of_the_user_agent() {
    assert_eq!(FetchPolicy::default().robots_token(), "wkly");
}
