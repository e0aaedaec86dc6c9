use std::time::Duration;

use wkly_fetch::FetchError;

#[test]
fn errors_read_as_plain_sentences() {
    let cases = [
        (FetchError::Http { status: 404, retry_after: None }, "the server answered 404 Not Found"),
        (
            FetchError::Http { status: 429, retry_after: Some(Duration::from_millis(1500)) },
            "the server answered 429 Too Many Requests; it asked us to wait 2 s",
        ),
        (FetchError::TooLarge { limit: 10 }, "the response is larger than our limit of 10 bytes"),
        (FetchError::TooManyRedirects { limit: 5 }, "the server redirected us more than 5 times"),
        (
            FetchError::Blocked { reason: "10.0.0.1, a private-network address".to_owned() },
            "we do not fetch from 10.0.0.1, a private-network address",
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn only_transient_failures_are_retryable() {
    let retryable = [
        FetchError::Timeout,
        FetchError::Network { message: "connection reset".to_owned() },
        FetchError::Http { status: 500, retry_after: None },
        FetchError::Http { status: 429, retry_after: None },
        FetchError::Http { status: 408, retry_after: None },
    ];
    let final_ = [
        FetchError::Http { status: 403, retry_after: None },
        FetchError::TooLarge { limit: 1 },
        FetchError::RobotsDisallowed { url: "https://example.com/".to_owned() },
        FetchError::Blocked { reason: "127.0.0.1, a loopback address".to_owned() },
        FetchError::TooManyRedirects { limit: 5 },
    ];
    for error in retryable {
        assert!(error.is_retryable(), "{error:?}");
    }
    for error in final_ {
        assert!(!error.is_retryable(), "{error:?}");
    }
}
