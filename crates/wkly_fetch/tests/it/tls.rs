use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wkly_fetch::{FetchError, FetchPolicy, FetchRequest, Fetcher};

use crate::support::test_policy;

#[tokio::test]
async fn https_to_a_plain_http_server_fails_the_handshake_as_a_network_error() {
    // Proves the TLS stack (rustls with ring, no process-wide provider) is wired up: a
    // missing provider would panic here instead of failing the handshake.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        // Answer the ClientHello with plain HTTP, as a misconfigured server would.
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
        let _ = stream.shutdown().await;
    });
    let fetcher = Fetcher::new(FetchPolicy { max_attempts: 1, ..test_policy() }).unwrap();

    let error = fetcher.fetch(&FetchRequest::new(format!("https://127.0.0.1:{port}/"))).await.unwrap_err();

    assert!(matches!(error, FetchError::Network { .. }), "{error:?}");
    server.await.unwrap();
}
