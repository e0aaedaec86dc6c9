//! wkly_mail against real components: a real SMTP conversation with the loopback sink of
//! `wkly_test_support`, and real files for the file backend.

mod account;
mod config;
mod file;
mod message;
mod smtp;

use std::time::Duration;

use wkly_mail::{Mailer, OutgoingMail, Sender, SmtpSettings, SmtpTls};
use wkly_test_support::smtp::SmtpSink;

fn sender() -> Sender {
    Sender::new("Harbour News", "news@harbour.example").expect("valid sender")
}

/// Plain SMTP to the sink; retries without waiting, so a retry test stays quick.
fn settings_for(port: u16) -> SmtpSettings {
    let mut s = SmtpSettings::new("127.0.0.1", port, SmtpTls::None);
    s.retry_delay = Duration::ZERO;
    s.timeout = Duration::from_secs(5);
    s
}

fn mailer_for(sink: &SmtpSink) -> Mailer {
    Mailer::smtp(sender(), settings_for(sink.port())).expect("smtp mailer")
}

fn plain(to: &str, subject: &str, text: &str) -> OutgoingMail {
    OutgoingMail { to: to.into(), subject: subject.into(), text: text.into(), html: None }
}
