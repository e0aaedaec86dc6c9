//! A small SMTP server on loopback for tests: it speaks enough of RFC 5321 for a real client
//! (EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, VRFY, QUIT),
//! keeps every accepted message, and can be told to answer a given stage with an error
//! code so retries and refusals are tested against a real conversation.
//!
//! It does not relay, speak TLS, or check addresses beyond their `<…>` form.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::net::tcp::OwnedWriteHalf;

/// Longest command or message line read (RFC 5321 allows 1000 with CRLF; be lenient).
const MAX_LINE: u64 = 4096;
/// Largest message kept; a larger one is answered 552.
const MAX_MESSAGE: usize = 10 * 1024 * 1024;

/// The point of a transaction where a scripted error can be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    MailFrom,
    RcptTo,
    /// After the message's final `.`; the message is then not kept.
    Data,
}

/// One message the sink accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The name the client gave in EHLO or HELO.
    pub client_name: String,
    /// The user name of a successful `AUTH PLAIN`, if any.
    pub login: Option<String>,
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as received, dot-unstuffed, lines ending in CRLF.
    pub data: String,
}

impl ReceivedMail {
    /// The first header called `name` (any case), with folded lines joined.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut found: Option<String> = None;
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(v) = found.as_mut() {
                    v.push(' ');
                    v.push_str(line.trim_start());
                }
                continue;
            }
            if found.is_some() {
                break;
            }
            if let Some((key, value)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                found = Some(value.trim().to_string());
            }
        }
        found
    }

    /// Everything after the header block.
    pub fn body(&self) -> &str {
        self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b)
    }
}

#[derive(Default)]
struct State {
    messages: Vec<ReceivedMail>,
    script: VecDeque<(Stage, u16)>,
    sessions: usize,
    login: Option<(String, String)>,
}

/// The server; it stops accepting when dropped.
pub struct SmtpSink {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1 at a port the OS picks; accepts any login or none.
    pub async fn start() -> SmtpSink {
        Self::start_with(State::default()).await
    }

    /// Like [`SmtpSink::start`], but MAIL is refused (530) until the client logs in with
    /// `AUTH PLAIN` as this user, and a wrong password is answered 535.
    pub async fn start_requiring_login(username: &str, password: &str) -> SmtpSink {
        Self::start_with(State { login: Some((username.into(), password.into())), ..State::default() }).await
    }

    async fn start_with(state: State) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(Mutex::new(state));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                lock(&shared).sessions += 1;
                let shared = shared.clone();
                tokio::spawn(async move {
                    let (read, write) = stream.into_split();
                    let _ = Session::new(shared, write).run(BufReader::new(read)).await;
                });
            }
        });
        SmtpSink { addr, state, task }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every message accepted so far, in order.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        lock(&self.state).messages.clone()
    }

    /// How many connections were accepted (one per attempt for a client without a pool).
    pub fn sessions(&self) -> usize {
        lock(&self.state).sessions
    }

    /// The next time a transaction reaches `stage`, answer `code` (such as 451 or 550)
    /// instead of accepting. Calls queue up in order; each answer is used once.
    pub fn answer(&self, stage: Stage, code: u16) {
        lock(&self.state).script.push_back((stage, code));
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Session {
    state: Arc<Mutex<State>>,
    out: OwnedWriteHalf,
    client_name: Option<String>,
    login: Option<String>,
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
}

impl Session {
    fn new(state: Arc<Mutex<State>>, out: OwnedWriteHalf) -> Session {
        Session { state, out, client_name: None, login: None, mail_from: None, rcpt_to: Vec::new() }
    }

    async fn reply(&mut self, text: &str) -> std::io::Result<()> {
        self.out.write_all(text.as_bytes()).await?;
        self.out.write_all(b"\r\n").await
    }

    /// A scripted error for this stage, if one is queued first in line.
    fn scripted(&self, stage: Stage) -> Option<u16> {
        let mut state = lock(&self.state);
        match state.script.front() {
            Some((s, _)) if *s == stage => state.script.pop_front().map(|(_, code)| code),
            _ => None,
        }
    }

    async fn run<R: tokio::io::AsyncBufRead + Unpin>(mut self, mut input: R) -> std::io::Result<()> {
        self.reply("220 wkly-test-sink ESMTP ready").await?;
        loop {
            let Some(line) = read_line(&mut input).await? else { return Ok(()) };
            let line = String::from_utf8_lossy(&line).into_owned();
            let (verb, arg) = line.split_once(' ').unwrap_or((&line, ""));
            let arg = arg.trim();
            match verb.to_ascii_uppercase().as_str() {
                "EHLO" | "HELO" if arg.is_empty() => self.reply("501 5.5.4 a name is needed").await?,
                "EHLO" => {
                    self.client_name = Some(arg.to_string());
                    self.reset();
                    let greeting = format!(
                        "250-wkly-test-sink greets {arg}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-SIZE {MAX_MESSAGE}\r\n250 AUTH PLAIN"
                    );
                    self.reply(&greeting).await?;
                }
                "HELO" => {
                    self.client_name = Some(arg.to_string());
                    self.reset();
                    self.reply("250 wkly-test-sink").await?;
                }
                "AUTH" => self.auth(arg, &mut input).await?,
                "MAIL" => self.mail(arg).await?,
                "RCPT" => self.rcpt(arg).await?,
                "DATA" => self.data(&mut input).await?,
                "RSET" => {
                    self.reset();
                    self.reply("250 2.0.0 reset").await?;
                }
                "NOOP" => self.reply("250 2.0.0 ok").await?,
                "VRFY" => self.reply("252 2.1.5 cannot verify, will try delivery").await?,
                "QUIT" => {
                    self.reply("221 2.0.0 bye").await?;
                    return Ok(());
                }
                _ => self.reply("500 5.5.2 command not recognised").await?,
            }
        }
    }

    fn reset(&mut self) {
        self.mail_from = None;
        self.rcpt_to.clear();
    }

    async fn auth<R: tokio::io::AsyncBufRead + Unpin>(&mut self, arg: &str, input: &mut R) -> std::io::Result<()> {
        if self.client_name.is_none() {
            return self.reply("503 5.5.1 EHLO first").await;
        }
        let (mechanism, initial) = arg.split_once(' ').unwrap_or((arg, ""));
        if !mechanism.eq_ignore_ascii_case("PLAIN") {
            return self.reply("504 5.5.4 only PLAIN here").await;
        }
        let encoded = if initial.is_empty() {
            self.reply("334 ").await?;
            match read_line(input).await? {
                Some(l) => String::from_utf8_lossy(&l).into_owned(),
                None => return Ok(()),
            }
        } else {
            initial.to_string()
        };
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).unwrap_or_default();
        let parts: Vec<String> = decoded.split(|b| *b == 0).map(|p| String::from_utf8_lossy(p).into_owned()).collect();
        let [_authzid, user, password] = parts.as_slice() else {
            return self.reply("501 5.5.2 malformed PLAIN credentials").await;
        };
        let required = lock(&self.state).login.clone();
        match required {
            Some((u, p)) if (&u, &p) != (user, password) => self.reply("535 5.7.8 authentication failed").await,
            _ => {
                self.login = Some(user.clone());
                self.reply("235 2.7.0 authenticated").await
            }
        }
    }

    async fn mail(&mut self, arg: &str) -> std::io::Result<()> {
        if self.client_name.is_none() {
            return self.reply("503 5.5.1 EHLO first").await;
        }
        if lock(&self.state).login.is_some() && self.login.is_none() {
            return self.reply("530 5.7.0 authentication required").await;
        }
        let Some(path) = path_after(arg, "FROM:") else {
            return self.reply("501 5.5.4 expected MAIL FROM:<address>").await;
        };
        if let Some(code) = self.scripted(Stage::MailFrom) {
            return self.reply(&scripted_reply(code)).await;
        }
        self.mail_from = Some(path);
        self.rcpt_to.clear();
        self.reply("250 2.1.0 sender ok").await
    }

    async fn rcpt(&mut self, arg: &str) -> std::io::Result<()> {
        if self.mail_from.is_none() {
            return self.reply("503 5.5.1 MAIL first").await;
        }
        let Some(path) = path_after(arg, "TO:").filter(|p| !p.is_empty()) else {
            return self.reply("501 5.5.4 expected RCPT TO:<address>").await;
        };
        if let Some(code) = self.scripted(Stage::RcptTo) {
            return self.reply(&scripted_reply(code)).await;
        }
        self.rcpt_to.push(path);
        self.reply("250 2.1.5 recipient ok").await
    }

    async fn data<R: tokio::io::AsyncBufRead + Unpin>(&mut self, input: &mut R) -> std::io::Result<()> {
        if self.rcpt_to.is_empty() {
            return self.reply("503 5.5.1 RCPT first").await;
        }
        self.reply("354 end with <CRLF>.<CRLF>").await?;
        let mut data = String::new();
        let mut too_large = false;
        loop {
            let Some(line) = read_line(input).await? else { return Ok(()) };
            if line == b"." {
                break;
            }
            // Dot-unstuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
            let line = line.strip_prefix(b".").unwrap_or(&line);
            if data.len() + line.len() > MAX_MESSAGE {
                too_large = true;
                continue;
            }
            data.push_str(&String::from_utf8_lossy(line));
            data.push_str("\r\n");
        }
        if too_large {
            self.reset();
            return self.reply("552 5.3.4 message too large").await;
        }
        if let Some(code) = self.scripted(Stage::Data) {
            self.reset();
            return self.reply(&scripted_reply(code)).await;
        }
        let mail = ReceivedMail {
            client_name: self.client_name.clone().unwrap_or_default(),
            login: self.login.clone(),
            mail_from: self.mail_from.take().unwrap_or_default(),
            rcpt_to: std::mem::take(&mut self.rcpt_to),
            data,
        };
        let number = {
            let mut state = lock(&self.state);
            state.messages.push(mail);
            state.messages.len()
        };
        self.reply(&format!("250 2.0.0 queued as {number}")).await
    }
}

fn scripted_reply(code: u16) -> String {
    match code / 100 {
        4 => format!("{code} 4.3.0 try again later (scripted by the test)"),
        5 => format!("{code} 5.1.1 refused (scripted by the test)"),
        _ => format!("{code} scripted by the test"),
    }
}

/// `FROM:<a@b> SIZE=1` → `a@b`; `FROM:<>` → empty (the null sender).
fn path_after(arg: &str, keyword: &str) -> Option<String> {
    let head = arg.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = arg[keyword.len()..].trim_start().strip_prefix('<')?;
    let end = rest.find('>')?;
    Some(rest[..end].to_string())
}

/// One line without its line ending (CRLF or a bare LF); None at end of input. A line longer
/// than [`MAX_LINE`] is cut there, and the rest read as the next line.
async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(input: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = (&mut *input).take(MAX_LINE).read_until(b'\n', &mut line).await?;
    if n == 0 {
        return Ok(None);
    }
    if line.ends_with(b"\n") {
        line.pop();
        if line.ends_with(b"\r") {
            line.pop();
        }
    }
    Ok(Some(line))
}
