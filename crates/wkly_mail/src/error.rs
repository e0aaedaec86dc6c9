use std::path::PathBuf;

/// Why a message was not sent. Each variant says what the caller can tell the reader or the
/// operator; [`MailError::is_transient`] says whether trying again later may help.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The operator turned mail off (`[mail] backend = "disabled"`).
    #[error("this site does not send mail (mail.backend = \"disabled\")")]
    Disabled,
    /// A header value contains a line break or another control character, which could
    /// smuggle extra headers (or recipients) into the message.
    #[error("the {field} contains a line break or control character")]
    UnsafeHeader { field: &'static str },
    #[error("{address:?} is not a usable email address")]
    InvalidAddress { address: String },
    /// The mail server answered 5xx: sending the same message again will not help.
    #[error("the mail server refused the message: {reply}")]
    Rejected { reply: String },
    /// The mail server answered 4xx on every attempt.
    #[error("the mail server deferred the message {attempts} times; last reply: {reply}")]
    Deferred { attempts: u32, reply: String },
    /// No conversation with the server completed: refused, timed out or cut off.
    #[error("could not reach the mail server {server} ({attempts} attempts): {reason}")]
    Unreachable { server: String, attempts: u32, reason: String },
    /// The TLS handshake failed or the server does not offer STARTTLS when it is required.
    #[error("secure connection to the mail server {server} failed: {reason}")]
    Tls { server: String, reason: String },
    /// The configuration cannot work (a bad sender address, TLS set-up, no shared login
    /// mechanism); the message names the key where it can.
    #[error("mail is misconfigured: {0}")]
    Config(String),
    #[error("could not write mail to {path}: {source}")]
    File { path: PathBuf, source: std::io::Error },
}

impl MailError {
    /// Whether the same message may go through later (a queue may retry it).
    pub fn is_transient(&self) -> bool {
        matches!(self, MailError::Deferred { .. } | MailError::Unreachable { .. } | MailError::File { .. })
    }
}
