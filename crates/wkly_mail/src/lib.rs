//! wkly's one sender of mail: account mail now (address confirmation, password reset, the
//! "password changed" notice), the weekly digest later.
//!
//! A [`Mailer`] sends an [`OutgoingMail`] through one backend chosen by `[mail]` in
//! `wkly.toml`: an SMTP server (lettre, rustls with *ring*), a folder of `.eml` files (the
//! default, so a fresh install never mails anyone), or nothing at all, in which case
//! [`Mailer::send`] says so with [`MailError::Disabled`] and the page can tell the reader.
//!
//! Addresses and headers are checked before anything is written or sent: a line break in a
//! recipient or subject is refused, never cleaned. The texts in [`account`] are plain
//! functions returning an [`OutgoingMail`]; this crate stores nothing and knows nothing of
//! tokens or users.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use wkly_config::{MailBackend, MailConfig};

pub mod account;
mod error;
mod file;
mod message;
mod smtp;

pub use account::{password_changed_mail, password_reset_mail, verification_mail};
pub use error::MailError;
pub use message::{OutgoingMail, Sender};
pub use smtp::{SmtpLogin, SmtpSettings};
pub use wkly_config::{Secret, SmtpTls};

/// Sends mail through the configured backend. Cheap to clone; holds no connection.
#[derive(Debug, Clone)]
pub struct Mailer {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Smtp { sender: Sender, smtp: Box<smtp::SmtpBackend> },
    File { sender: Sender, dir: PathBuf },
    Disabled,
}

/// What became of a message that was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The `Message-ID` header's value without angle brackets.
    pub message_id: String,
    /// The `.eml` file, when the file backend wrote it.
    pub file: Option<PathBuf>,
}

impl Mailer {
    /// The mailer `[mail]` describes. `site_name` becomes the sender's name; `data_dir` holds
    /// the default folder of the file backend.
    pub fn from_config(config: &MailConfig, site_name: &str, data_dir: &Path) -> Result<Mailer, MailError> {
        let sender = || {
            Sender::new(site_name, &config.from)
                .map_err(|e| MailError::Config(format!("mail.from = {:?}: {e}", config.from)))
        };
        match config.backend {
            MailBackend::Disabled => Ok(Mailer::disabled()),
            MailBackend::File => Ok(Mailer::file(sender()?, config.file_dir(data_dir))),
            MailBackend::Smtp => {
                let host = config.smtp_host.trim_start_matches('[').trim_end_matches(']');
                let mut settings = SmtpSettings::new(host, config.smtp_port, config.smtp_tls);
                settings.timeout = Duration::from_secs(config.timeout_secs.max(1));
                if !config.smtp_username.is_empty() {
                    settings.login = Some(SmtpLogin {
                        username: config.smtp_username.clone(),
                        password: config.smtp_password.clone(),
                    });
                }
                Mailer::smtp(sender()?, settings)
            }
        }
    }

    /// Sends through an SMTP server.
    pub fn smtp(sender: Sender, settings: SmtpSettings) -> Result<Mailer, MailError> {
        Ok(Mailer { backend: Backend::Smtp { sender, smtp: Box::new(smtp::SmtpBackend::new(settings)?) } })
    }

    /// Writes each message as an `.eml` file in `dir` (created when needed).
    pub fn file(sender: Sender, dir: impl Into<PathBuf>) -> Mailer {
        Mailer { backend: Backend::File { sender, dir: dir.into() } }
    }

    /// Sends nothing; every [`Mailer::send`] is [`MailError::Disabled`].
    pub fn disabled() -> Mailer {
        Mailer { backend: Backend::Disabled }
    }

    /// False when mail is off, so a page can say so before the reader asks for a link.
    pub fn can_send(&self) -> bool {
        !matches!(self.backend, Backend::Disabled)
    }

    /// Checks the message, then sends it (SMTP, retrying as [`SmtpSettings`] says) or writes
    /// it (file). Nothing goes out when a check fails.
    pub async fn send(&self, mail: &OutgoingMail) -> Result<Sent, MailError> {
        let sender = match &self.backend {
            Backend::Disabled => return Err(MailError::Disabled),
            Backend::Smtp { sender, .. } | Backend::File { sender, .. } => sender,
        };
        let prepared = message::prepare(sender, mail)?;
        let bytes = prepared.message.formatted();
        let file = match &self.backend {
            Backend::Smtp { smtp, .. } => {
                smtp.send(prepared.message.envelope(), &bytes).await?;
                None
            }
            Backend::File { dir, .. } => {
                let path = file::write(dir, prepared.at, prepared.id, bytes).await?;
                tracing::info!(mail.file = %path.display(), "mail written to a file, not sent");
                Some(path)
            }
            Backend::Disabled => return Err(MailError::Disabled),
        };
        Ok(Sent { message_id: prepared.message_id, file })
    }
}

/// For the start-up log: where mail goes.
impl fmt::Display for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.backend {
            Backend::Smtp { smtp, .. } => {
                let s = smtp.settings();
                let tls = match s.tls {
                    SmtpTls::None => "unencrypted",
                    SmtpTls::Starttls => "STARTTLS",
                    SmtpTls::Tls => "TLS",
                };
                write!(f, "SMTP via {}:{} ({tls})", s.host, s.port)
            }
            Backend::File { dir, .. } => write!(f, ".eml files in {} (nothing is sent)", dir.display()),
            Backend::Disabled => f.write_str("disabled"),
        }
    }
}
