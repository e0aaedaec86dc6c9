use wkly_fetch::{FetchError, FetchOutcome, FetchRequest, Fetcher};

use crate::support::{Response, TestServer, test_policy};

#[tokio::test]
async fn a_relative_redirect_is_followed_and_the_final_url_reported() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/old" => Response::new(301, "Moved Permanently").header("Location", "/new?x=1").into(),
        _ => Response::ok("moved here").into(),
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let outcome = fetcher.fetch(&FetchRequest::new(server.url("/old"))).await.unwrap();

    let FetchOutcome::Fetched(fetched) = outcome else {
        panic!("expected a body, got {outcome:?}");
    };
    assert_eq!(fetched.final_url, server.url("/new?x=1"));
    assert_eq!(fetched.body, b"moved here");
}

#[tokio::test]
async fn a_redirect_loop_ends_as_too_many_redirects() {
    let server = TestServer::start(|request| {
        let next = if request.path == "/a" { "/b" } else { "/a" };
        Response::new(302, "Found").header("Location", next).into()
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(server.url("/a"))).await.unwrap_err();

    assert_eq!(error, FetchError::TooManyRedirects { limit: 5 });
    assert_eq!(server.requests().len(), 6, "the first request and five redirects");
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_host() {
    let server = TestServer::start(|request| match request.path.as_str() {
        "/start" => Response::new(302, "Found")
            .header("Location", &format!("http://localhost:{}/end", request_port(request)))
            .into(),
        _ => Response::ok("end").into(),
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();
    let request = FetchRequest {
        extra_headers: vec![
            ("Authorization".to_owned(), "Bearer secret".to_owned()),
            ("Accept".to_owned(), "application/rss+xml".to_owned()),
        ],
        ..FetchRequest::new(server.url("/start"))
    };

    fetcher.fetch(&request).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests[0].header("Authorization"), Some("Bearer secret"));
    assert_eq!(requests[1].path, "/end");
    assert_eq!(requests[1].header("Authorization"), None);
    assert_eq!(requests[1].header("Accept"), Some("application/rss+xml"));
}

/// The port the client connected to, from its `Host` header.
fn request_port(request: &crate::support::Request) -> String {
    request
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("host"))
        .and_then(|(_, host)| host.rsplit_once(':'))
        .map(|(_, port)| port.to_owned())
        .unwrap_or_default()
}
