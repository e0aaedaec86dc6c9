use std::net::IpAddr;

use wkly_fetch::{FetchError, FetchPolicy, FetchRequest, Fetcher, address_block_reason};

use crate::support::{Response, TestServer, test_policy};

/// As in production: private addresses refused, robots.txt respected (so a refusal is
/// also seen when it happens on the robots.txt request).
fn production_policy() -> FetchPolicy {
    FetchPolicy { allow_private_addresses: false, respect_robots_txt: true, ..test_policy() }
}

async fn blocked_reason(fetcher: &Fetcher, url: &str) -> String {
    match fetcher.fetch(&FetchRequest::new(url)).await {
        Err(FetchError::Blocked { reason }) => reason,
        other => panic!("expected {url} to be blocked, got {other:?}"),
    }
}

#[tokio::test]
async fn loopback_is_refused_when_private_addresses_are_not_allowed() {
    let server = TestServer::start(|_| Response::ok("secret").into()).await;
    let fetcher = Fetcher::new(production_policy()).unwrap();

    let reason = blocked_reason(&fetcher, &server.url("/admin")).await;

    assert_eq!(reason, "127.0.0.1, a loopback address");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_host_name_resolving_to_loopback_is_refused_after_resolution() {
    let server = TestServer::start(|_| Response::ok("secret").into()).await;
    let fetcher = Fetcher::new(production_policy()).unwrap();

    let reason = blocked_reason(&fetcher, &format!("http://localhost:{}/", server.port())).await;

    assert!(reason.starts_with("localhost, which resolves to "), "{reason}");
    assert!(reason.ends_with("a loopback address"), "{reason}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn disguised_spellings_of_loopback_are_refused_too() {
    let server = TestServer::start(|_| Response::ok("secret").into()).await;
    let fetcher = Fetcher::new(production_policy()).unwrap();
    let port = server.port();

    for url in [
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        format!("http://[::1]:{port}/"),
        format!("http://2130706433:{port}/"),
        format!("http://0x7f.1:{port}/"),
        format!("http://127.1:{port}/"),
    ] {
        let reason = blocked_reason(&fetcher, &url).await;
        assert!(reason.ends_with("a loopback address"), "{url}: {reason}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_redirect_to_the_unspecified_address_is_refused_even_when_private_addresses_are_allowed() {
    let server = TestServer::start(|request| {
        let port = request
            .headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("host"))
            .and_then(|(_, host)| host.rsplit_once(':').map(|(_, port)| port.to_owned()))
            .unwrap_or_default();
        Response::new(302, "Found").header("Location", &format!("http://0.0.0.0:{port}/internal")).into()
    })
    .await;
    let fetcher = Fetcher::new(test_policy()).unwrap();

    let reason = blocked_reason(&fetcher, &server.url("/start")).await;

    assert_eq!(reason, "0.0.0.0, an unspecified address");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn addresses_are_classified_public_or_with_their_kind() {
    let cases: [(&str, Option<&str>, Option<&str>); 16] = [
        // (address, refused in production, refused with private addresses allowed)
        ("93.184.216.34", None, None),
        ("2606:2800:220:1:248:1893:25c8:1946", None, None),
        ("127.0.0.1", Some("a loopback address"), None),
        ("10.1.2.3", Some("a private-network address"), None),
        ("172.16.0.1", Some("a private-network address"), None),
        ("172.32.0.1", None, None),
        ("192.168.1.1", Some("a private-network address"), None),
        ("169.254.169.254", Some("a link-local address"), None),
        ("100.64.0.1", Some("a shared (carrier-grade NAT) address"), None),
        ("0.0.0.0", Some("an unspecified address"), Some("an unspecified address")),
        ("224.0.0.1", Some("a multicast address"), Some("a multicast address")),
        ("::", Some("an unspecified address"), Some("an unspecified address")),
        ("fe80::1", Some("a link-local address"), None),
        ("fd00::1", Some("a unique-local (private-network) address"), None),
        ("ff02::1", Some("a multicast address"), Some("a multicast address")),
        ("::ffff:10.0.0.1", Some("a private-network address"), None),
    ];
    for (address, production, private_allowed) in cases {
        let ip: IpAddr = address.parse().unwrap();
        assert_eq!(address_block_reason(ip, false), production, "{address}");
        assert_eq!(address_block_reason(ip, true), private_allowed, "{address} with private allowed");
    }
}
