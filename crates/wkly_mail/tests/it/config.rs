use std::path::Path;

use wkly_config::{Config, MailBackend, SmtpTls};
use wkly_mail::{MailError, Mailer};
use wkly_test_support::smtp::SmtpSink;

use crate::plain;

#[tokio::test]
async fn the_default_configuration_writes_files_in_the_data_dir() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let config = Config::default();
    assert_eq!(config.mail.backend, MailBackend::File);
    let mailer = Mailer::from_config(&config.mail, &config.site.name, tmp.path()).expect("mailer");
    let sent = mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect("written");
    let file = sent.file.expect("a file");
    assert_eq!(file.parent(), Some(tmp.path().join("mail").as_path()));
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains("From: wkly <wkly@localhost>"), "{text}");
}

#[tokio::test]
async fn an_smtp_configuration_reaches_the_configured_server_with_its_login() {
    let sink = SmtpSink::start_requiring_login("newsroom", "123456").await;
    let mut config = Config::default();
    config.mail.backend = MailBackend::Smtp;
    config.mail.from = "news@harbour.example".into();
    config.mail.smtp_host = "127.0.0.1".into();
    config.mail.smtp_port = sink.port();
    config.mail.smtp_tls = SmtpTls::None;
    config.mail.smtp_username = "newsroom".into();
    config.mail.smtp_password = wkly_mail::Secret::new("123456");
    config.validate().expect("valid: loopback may be unencrypted");
    let mailer = Mailer::from_config(&config.mail, "Harbour News", Path::new("unused")).expect("mailer");
    assert_eq!(mailer.to_string(), format!("SMTP via 127.0.0.1:{} (unencrypted)", sink.port()));
    mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect("sent");
    assert_eq!(sink.messages()[0].login.as_deref(), Some("newsroom"));
}

#[test]
fn tls_modes_build_without_connecting() {
    for tls in [SmtpTls::Starttls, SmtpTls::Tls] {
        let mut config = Config::default();
        config.mail.backend = MailBackend::Smtp;
        config.mail.smtp_host = "mail.harbour.example".into();
        config.mail.smtp_tls = tls;
        config.mail.smtp_username = "newsroom".into();
        config.mail.smtp_password = wkly_mail::Secret::new("123456");
        let mailer = Mailer::from_config(&config.mail, "Harbour News", Path::new("unused")).expect("mailer");
        assert!(mailer.can_send());
        assert!(!format!("{mailer:?}").contains("123456"));
    }
}

#[tokio::test]
async fn a_disabled_configuration_sends_nothing_and_says_so() {
    let mut config = Config::default();
    config.mail.backend = MailBackend::Disabled;
    let mailer = Mailer::from_config(&config.mail, "Harbour News", Path::new("unused")).expect("mailer");
    assert!(!mailer.can_send());
    let err = mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect_err("off");
    assert!(matches!(err, MailError::Disabled));
}

#[test]
fn a_bad_sender_in_the_configuration_is_a_clear_error() {
    let mut config = Config::default();
    config.mail.from = "news@@harbour".into();
    let err = Mailer::from_config(&config.mail, "Harbour News", Path::new("unused")).expect_err("bad from");
    assert!(err.to_string().contains("mail.from = \"news@@harbour\""), "{err}");
}
