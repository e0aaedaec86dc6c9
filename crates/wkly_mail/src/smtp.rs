//! Sending through an SMTP server with lettre: one connection per message (account mail is
//! rare; a pool would hold idle connections open), bounded retries with a doubling delay
//! when the server defers (4xx) or cannot be reached, none when it refuses (5xx).
//!
//! A retry after a connection cut off mid-`DATA` can deliver a message twice; for a
//! confirmation link or a notice that is the lesser harm than losing it.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use wkly_config::{Secret, SmtpTls};

use crate::MailError;

/// Where and how to reach the SMTP server.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// A host name or IP address (IPv6 without brackets).
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub login: Option<SmtpLogin>,
    /// The limit for one attempt as a whole: connecting, greeting, login and sending.
    pub timeout: Duration,
    /// How many times one message is tried in all (at least 1).
    pub attempts: u32,
    /// The wait before the second attempt; it doubles before each later one.
    pub retry_delay: Duration,
}

#[derive(Debug, Clone)]
pub struct SmtpLogin {
    pub username: String,
    pub password: Secret,
}

impl SmtpSettings {
    /// No login, a 30-second timeout, three attempts two then four seconds apart.
    pub fn new(host: impl Into<String>, port: u16, tls: SmtpTls) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port,
            tls,
            login: None,
            timeout: Duration::from_secs(30),
            attempts: 3,
            retry_delay: Duration::from_secs(2),
        }
    }

    fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

#[derive(Clone)]
pub(crate) struct SmtpBackend {
    settings: SmtpSettings,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for SmtpBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpBackend").field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl SmtpBackend {
    pub(crate) fn new(settings: SmtpSettings) -> Result<SmtpBackend, MailError> {
        let tls_parameters = || {
            TlsParameters::new(settings.host.clone())
                .map_err(|e| MailError::Config(format!("TLS for mail.smtp_host {:?}: {e}", settings.host)))
        };
        let tls = match settings.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::Starttls => Tls::Required(tls_parameters()?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
            .port(settings.port)
            .timeout(Some(settings.timeout))
            .tls(tls);
        if let Some(login) = &settings.login {
            builder = builder
                .credentials(Credentials::new(login.username.clone(), login.password.expose().to_string()))
                .authentication(vec![Mechanism::Plain, Mechanism::Login]);
        }
        Ok(SmtpBackend { transport: builder.build(), settings })
    }

    pub(crate) fn settings(&self) -> &SmtpSettings {
        &self.settings
    }

    pub(crate) async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), MailError> {
        let attempts = self.settings.attempts.max(1);
        let mut delay = self.settings.retry_delay;
        let mut attempt = 1;
        loop {
            // lettre's timeout covers connecting and writing but not every read (a server
            // that accepts and never greets would hold the task forever): bound the whole
            // attempt. Dropping the future closes the connection.
            let outcome = tokio::time::timeout(self.settings.timeout, self.transport.send_raw(envelope, bytes)).await;
            let (retry, error) = match outcome {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(e)) => (classify(&e, &self.settings.server())?, e.to_string()),
                Err(_) => {
                    let reason = format!("no answer within {:?}", self.settings.timeout);
                    (Retry::Unreachable(reason.clone()), reason)
                }
            };
            if attempt >= attempts {
                return Err(match retry {
                    Retry::Deferred(reply) => MailError::Deferred { attempts, reply },
                    Retry::Unreachable(reason) => {
                        MailError::Unreachable { server: self.settings.server(), attempts, reason }
                    }
                });
            }
            tracing::warn!(
                mail.server = %self.settings.server(),
                mail.attempt = attempt,
                error = %error,
                "mail not accepted yet; trying again in {delay:?}"
            );
            tokio::time::sleep(delay).await;
            delay = delay.saturating_mul(2);
            attempt += 1;
        }
    }
}

enum Retry {
    Deferred(String),
    Unreachable(String),
}

/// What to do after a failed attempt: try again (`Ok`), or give up with the error.
fn classify(e: &lettre::transport::smtp::Error, server: &str) -> Result<Retry, MailError> {
    let server = server.to_string();
    let reason = e.to_string();
    if let Some(code) = e.status() {
        let detail = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
        let reply = format!("{code} {detail}").trim().to_string();
        return if e.is_transient() { Ok(Retry::Deferred(reply)) } else { Err(MailError::Rejected { reply }) };
    }
    if e.is_tls() {
        return Err(MailError::Tls { server, reason });
    }
    if e.is_client() {
        // lettre's own refusals: STARTTLS required but not offered, no login mechanism in
        // common, and the like. Trying again cannot change them.
        return Err(if reason.contains("STARTTLS") {
            MailError::Tls { server, reason }
        } else {
            MailError::Config(format!("{server}: {reason}"))
        });
    }
    // Refused, timed out, cut off, or a reply that is not SMTP: the server may be
    // restarting.
    Ok(Retry::Unreachable(reason))
}
