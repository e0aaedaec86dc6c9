//! A raw HTTP/1.1 server on 127.0.0.1 for the tests: one request per connection, and
//! replies that a well-behaved server library would not send (endless, dripping, silent).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;
use wkly_fetch::FetchPolicy;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: Vec<(String, String)>,
    /// When the request head had been read.
    pub received: Instant,
    /// When the server began writing its answer.
    pub answering: Option<Instant>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Writes these bytes and closes.
    Raw(Vec<u8>),
    /// Writes `head`, then `chunk` again and again until `total` body bytes were sent
    /// or the client went away.
    Stream { head: String, chunk: Vec<u8>, total: usize },
    /// Writes `head`, then one byte every `every`, until the client goes away.
    Drip { head: String, every: Duration },
    /// Never answers; waits until the client goes away.
    Silent,
    /// Waits for `signal` (at most `at_most`), then replies.
    AfterSignal { signal: Arc<Notify>, at_most: Duration, then: Box<Reply> },
}

/// Builds a complete response with `Content-Length` and `Connection: close`.
pub struct Response {
    status: u16,
    reason: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, reason: &'static str) -> Self {
        Response { status, reason, headers: Vec::new(), body: Vec::new() }
    }

    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Response::new(200, "OK").body(body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    pub fn into_reply(self) -> Reply {
        let mut bytes = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason).into_bytes();
        for (name, value) in &self.headers {
            bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        bytes.extend_from_slice(format!("Content-Length: {}\r\nConnection: close\r\n\r\n", self.body.len()).as_bytes());
        bytes.extend_from_slice(&self.body);
        Reply::Raw(bytes)
    }
}

impl From<Response> for Reply {
    fn from(response: Response) -> Reply {
        response.into_reply()
    }
}

/// A request handed to the handler: its path and its position among all requests.
pub struct Request {
    pub path: String,
    pub index: usize,
    pub headers: Vec<(String, String)>,
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

pub struct TestServer {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Seen>>>,
    accept: JoinHandle<()>,
}

impl TestServer {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let accept_log = Arc::clone(&log);
        let accept = tokio::spawn(async move {
            // Dropping the set (when the accept task is aborted) aborts every connection.
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                while connections.try_join_next().is_some() {}
                connections.spawn(serve(stream, Arc::clone(&handler), Arc::clone(&accept_log)));
            }
        });
        TestServer { addr, log, accept }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().expect("log lock").clone()
    }

    /// The requests for `path`.
    pub fn requests_for(&self, path: &str) -> Vec<Seen> {
        self.requests().into_iter().filter(|seen| seen.path == path).collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

async fn serve(mut stream: TcpStream, handler: Handler, log: Arc<Mutex<Vec<Seen>>>) {
    let Some((path, headers)) = read_head(&mut stream).await else {
        return;
    };
    let index = {
        let mut log = log.lock().expect("log lock");
        log.push(Seen { path: path.clone(), headers: headers.clone(), received: Instant::now(), answering: None });
        log.len() - 1
    };
    let reply = handler(&Request { path, index, headers });
    let reply = match reply {
        Reply::AfterSignal { signal, at_most, then } => {
            let _ = tokio::time::timeout(at_most, signal.notified()).await;
            *then
        }
        other => other,
    };
    log.lock().expect("log lock")[index].answering = Some(Instant::now());
    let _ = write_reply(&mut stream, reply).await;
}

async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Raw(bytes) => {
            stream.write_all(&bytes).await?;
            stream.shutdown().await
        }
        Reply::Stream { head, chunk, total } => {
            stream.write_all(head.as_bytes()).await?;
            let mut sent = 0;
            while sent < total {
                let part = &chunk[..chunk.len().min(total - sent)];
                stream.write_all(part).await?;
                sent += part.len();
            }
            stream.shutdown().await
        }
        Reply::Drip { head, every } => {
            stream.write_all(head.as_bytes()).await?;
            loop {
                tokio::time::sleep(every).await;
                stream.write_all(b"x").await?;
            }
        }
        Reply::Silent => {
            let mut buf = [0u8; 1024];
            while stream.read(&mut buf).await? > 0 {}
            Ok(())
        }
        Reply::AfterSignal { then, .. } => Box::pin(write_reply(stream, *then)).await,
    }
}

/// Reads the request head; returns the path and headers.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<(String, String)>)> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buf).await.ok()?;
        if read == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..read]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers = lines
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Some((path, headers))
}

/// A policy for loopback tests: private addresses allowed, no robots.txt, no pauses,
/// short limits.
pub fn test_policy() -> FetchPolicy {
    FetchPolicy {
        allow_private_addresses: true,
        respect_robots_txt: false,
        per_host_min_delay: Duration::ZERO,
        retry_base_delay: Duration::from_millis(10),
        connect_timeout: Duration::from_secs(5),
        read_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_secs(10),
        max_body_bytes: 1024 * 1024,
        max_decompressed_bytes: 2 * 1024 * 1024,
        ..FetchPolicy::default()
    }
}

/// The head of a 200 response with the given extra header lines (each ending in CRLF).
pub fn ok_head(extra: &str) -> String {
    format!("HTTP/1.1 200 OK\r\nConnection: close\r\n{extra}\r\n")
}

pub fn testdata(name: &str) -> Vec<u8> {
    let path = format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("read {path}: {error}"))
}
