use wkly_mail::{MailError, Mailer, OutgoingMail, Sender};
use wkly_test_support::smtp::SmtpSink;

use crate::{mailer_for, plain};

#[tokio::test]
async fn a_line_break_in_the_subject_is_refused_and_nothing_is_sent() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    for subject in ["Hi\r\nBcc: victim@example.org", "Hi\nBcc: victim@example.org", "Hi\rX: y", "nul\0byte"] {
        let err = mailer.send(&plain("reader@example.org", subject, "body")).await.expect_err(subject);
        assert!(matches!(err, MailError::UnsafeHeader { field: "subject" }), "{subject:?}: {err:?}");
    }
    assert_eq!(sink.sessions(), 0, "refused before connecting");
}

#[tokio::test]
async fn a_line_break_in_the_recipient_is_refused_and_nothing_is_sent() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    for to in [
        "reader@example.org\r\nBcc: victim@example.org",
        "reader@example.org\nRCPT TO:<victim@example.org>",
        "reader@example.org\r\n.\r\nMAIL FROM:<x@y.z>",
    ] {
        let err = mailer.send(&plain(to, "Hi", "body")).await.expect_err(to);
        assert!(matches!(err, MailError::UnsafeHeader { field: "recipient" }), "{to:?}: {err:?}");
    }
    assert_eq!(sink.sessions(), 0);
}

#[tokio::test]
async fn malformed_addresses_are_refused_with_the_address_named() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    let long = format!("{}@example.org", "a".repeat(300));
    for to in [
        "",
        "reader",
        "reader@",
        "@example.org",
        "two@at@example.org",
        "with space@example.org",
        "Reader <reader@example.org>",
        "<reader@example.org>",
        "reader@example.org, other@example.org",
        "reader@exa mple.org",
        long.as_str(),
    ] {
        let err = mailer.send(&plain(to, "Hi", "body")).await.expect_err(to);
        match &err {
            MailError::InvalidAddress { address } => {
                assert!(address.len() < 60 || to.len() < 60, "a huge address is shortened in the error");
                assert!(err.to_string().contains("not a usable email address"), "{err}");
            }
            other => panic!("{to:?}: expected InvalidAddress, got {other:?}"),
        }
    }
    assert_eq!(sink.sessions(), 0);
}

#[tokio::test]
async fn international_domains_are_sent_in_their_ascii_form() {
    let sink = SmtpSink::start().await;
    mailer_for(&sink).send(&plain("reader@bücher.example", "Hi", "body")).await.expect("IDN domain");
    // Punycode works with every server; a UTF-8 domain would need SMTPUTF8.
    assert_eq!(sink.messages()[0].rcpt_to, ["reader@xn--bcher-kva.example"]);
    assert_eq!(sink.messages()[0].header("To").as_deref(), Some("reader@xn--bcher-kva.example"));
}

#[test]
fn a_bad_sender_address_is_refused_when_the_mailer_is_made() {
    for from in ["", "news", "news@harbour.example\r\nBcc: x@y.z", "News <news@harbour.example>"] {
        assert!(Sender::new("Harbour News", from).is_err(), "{from:?}");
    }
}

#[tokio::test]
async fn a_site_name_with_line_breaks_is_flattened_in_the_from_header() {
    let sink = SmtpSink::start().await;
    let sender = Sender::new("Harbour\r\nBcc: victim@example.org", "news@harbour.example").expect("sender");
    assert_eq!(sender.mailbox(), "\"Harbour Bcc: victim@example.org\" <news@harbour.example>");
    let mailer = Mailer::smtp(sender, crate::settings_for(sink.port())).expect("mailer");
    mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect("sent");
    let m = &sink.messages()[0];
    assert!(m.header("Bcc").is_none(), "{}", m.data);
    assert_eq!(m.rcpt_to, ["reader@example.org"]);
}

#[tokio::test]
async fn a_huge_body_is_sent_whole() {
    let sink = SmtpSink::start().await;
    let text = "a line of text that repeats.\n".repeat(40_000);
    let mail = OutgoingMail { to: "reader@example.org".into(), subject: "Big".into(), text: text.clone(), html: None };
    mailer_for(&sink).send(&mail).await.expect("sent");
    assert_eq!(sink.messages()[0].body().trim_end(), text.replace('\n', "\r\n").trim_end());
}

#[tokio::test]
async fn a_disabled_mailer_says_so_and_sends_nothing() {
    let mailer = Mailer::disabled();
    assert!(!mailer.can_send());
    let err = mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect_err("disabled");
    assert!(matches!(err, MailError::Disabled), "{err:?}");
    assert!(err.to_string().contains("does not send mail"), "{err}");
    assert_eq!(mailer.to_string(), "disabled");
    assert!(mailer_for(&SmtpSink::start().await).can_send());
}
