use std::time::Duration;

use wkly_mail::{MailError, Mailer, OutgoingMail, Secret, SmtpLogin, SmtpTls};
use wkly_test_support::smtp::{SmtpSink, Stage};

use crate::{mailer_for, plain, sender, settings_for};

#[tokio::test]
async fn a_plain_message_arrives_with_its_headers_and_body() {
    let sink = SmtpSink::start().await;
    let sent = mailer_for(&sink)
        .send(&plain("reader@example.org", "Hello from the harbour", "First line.\nSecond line."))
        .await
        .expect("sent");
    assert!(sent.file.is_none());

    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.mail_from, "news@harbour.example");
    assert_eq!(m.rcpt_to, ["reader@example.org"]);
    assert_eq!(m.header("From").as_deref(), Some("\"Harbour News\" <news@harbour.example>"));
    assert_eq!(m.header("To").as_deref(), Some("reader@example.org"));
    assert_eq!(m.header("Subject").as_deref(), Some("Hello from the harbour"));
    assert_eq!(m.header("Message-ID"), Some(format!("<{}>", sent.message_id)));
    assert!(sent.message_id.ends_with("@harbour.example"), "{}", sent.message_id);
    assert!(m.header("Date").is_some_and(|d| d.ends_with("+0000")), "{:?}", m.header("Date"));
    assert_eq!(m.header("MIME-Version").as_deref(), Some("1.0"));
    assert!(m.header("Content-Type").is_some_and(|c| c.starts_with("text/plain")), "{}", m.data);
    // lettre ends DATA with CRLF.CRLF after a body that already ends in CRLF, so the message
    // as received ends with one blank line more.
    assert_eq!(m.body().trim_end(), "First line.\r\nSecond line.");
}

#[tokio::test]
async fn an_html_alternative_makes_a_multipart_alternative_message() {
    let sink = SmtpSink::start().await;
    let mail = OutgoingMail {
        to: "reader@example.org".into(),
        subject: "Both".into(),
        text: "The plain words.".into(),
        html: Some("<p>The <b>rich</b> words.</p>".into()),
    };
    mailer_for(&sink).send(&mail).await.expect("sent");
    let m = &sink.messages()[0];
    let content_type = m.header("Content-Type").expect("content type");
    assert!(content_type.starts_with("multipart/alternative"), "{content_type}");
    let body = m.body();
    let text_at = body.find("The plain words.").expect("text part");
    let html_at = body.find("<p>The <b>rich</b> words.</p>").expect("html part");
    assert!(text_at < html_at, "the plain part comes first, as the least preferred alternative");
    assert!(body.contains("Content-Type: text/plain; charset=utf-8"), "{body}");
    assert!(body.contains("Content-Type: text/html; charset=utf-8"), "{body}");
}

#[tokio::test]
async fn lines_starting_with_a_dot_survive_the_trip() {
    let sink = SmtpSink::start().await;
    let text = ".\n..two dots\n.one dot\nend";
    mailer_for(&sink).send(&plain("reader@example.org", "Dots", text)).await.expect("sent");
    assert_eq!(sink.messages()[0].body().trim_end(), ".\r\n..two dots\r\n.one dot\r\nend");
}

#[tokio::test]
async fn a_non_ascii_subject_and_sender_name_are_encoded_not_mangled() {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::smtp(
        wkly_mail::Sender::new("Café Gazette", "news@harbour.example").expect("sender"),
        settings_for(sink.port()),
    )
    .expect("mailer");
    mailer.send(&plain("reader@example.org", "Grüße", "ascii body")).await.expect("sent");
    let m = &sink.messages()[0];
    let subject = m.header("Subject").expect("subject");
    assert!(subject.starts_with("=?utf-8?"), "encoded word: {subject}");
    assert!(m.header("From").is_some_and(|f| f.contains("=?utf-8?") && f.ends_with("<news@harbour.example>")));
    assert!(m.data.is_ascii(), "headers are 7-bit on the wire");
}

#[tokio::test]
async fn a_deferral_is_retried_until_the_server_accepts() {
    let sink = SmtpSink::start().await;
    sink.answer(Stage::Data, 451);
    mailer_for(&sink).send(&plain("reader@example.org", "Retry", "body")).await.expect("sent on the second attempt");
    assert_eq!(sink.sessions(), 2);
    assert_eq!(sink.messages().len(), 1, "delivered once");
}

#[tokio::test]
async fn a_deferral_at_the_recipient_is_retried_too() {
    let sink = SmtpSink::start().await;
    sink.answer(Stage::RcptTo, 450);
    sink.answer(Stage::RcptTo, 452);
    mailer_for(&sink).send(&plain("reader@example.org", "Retry", "body")).await.expect("sent on the third attempt");
    assert_eq!(sink.sessions(), 3);
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn retries_are_bounded_and_the_last_reply_is_reported() {
    let sink = SmtpSink::start().await;
    for _ in 0..5 {
        sink.answer(Stage::MailFrom, 421);
    }
    let err = mailer_for(&sink).send(&plain("reader@example.org", "No", "body")).await.expect_err("deferred");
    match &err {
        MailError::Deferred { attempts: 3, reply } => assert!(reply.starts_with("421"), "{reply}"),
        other => panic!("expected Deferred after 3 attempts, got {other:?}"),
    }
    assert!(err.is_transient());
    assert_eq!(sink.sessions(), 3, "three attempts, no more");
    assert!(sink.messages().is_empty());
}

#[tokio::test]
async fn a_permanent_refusal_is_not_retried() {
    let sink = SmtpSink::start().await;
    sink.answer(Stage::RcptTo, 550);
    let err = mailer_for(&sink).send(&plain("nobody@example.org", "No", "body")).await.expect_err("refused");
    match &err {
        MailError::Rejected { reply } => assert!(reply.starts_with("550") && reply.contains("refused"), "{reply}"),
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert!(!err.is_transient());
    assert_eq!(sink.sessions(), 1);
    assert!(err.to_string().contains("refused the message"), "{err}");
}

#[tokio::test]
async fn a_server_that_is_not_listening_is_a_clear_error_after_bounded_attempts() {
    // Bind, note the port, close: nothing listens there now.
    let port = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        l.local_addr().expect("addr").port()
    };
    let mailer = Mailer::smtp(sender(), settings_for(port)).expect("mailer");
    let err = mailer.send(&plain("reader@example.org", "Hello", "body")).await.expect_err("nobody there");
    match &err {
        MailError::Unreachable { server, attempts: 3, reason } => {
            assert_eq!(server, &format!("127.0.0.1:{port}"));
            assert!(reason.to_lowercase().contains("refused"), "{reason}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
    assert!(err.to_string().contains(&format!("127.0.0.1:{port}")), "{err}");
}

#[tokio::test]
async fn a_server_that_never_greets_is_given_up_on_after_the_timeout() {
    // Accepted by the kernel's backlog but never answered.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let mut settings = settings_for(silent.local_addr().expect("addr").port());
    settings.timeout = Duration::from_millis(200);
    settings.attempts = 2;
    let mailer = Mailer::smtp(sender(), settings).expect("mailer");
    let err = mailer.send(&plain("reader@example.org", "Hello", "body")).await.expect_err("silence");
    assert!(matches!(err, MailError::Unreachable { attempts: 2, .. }), "{err:?}");
    drop(silent);
}

#[tokio::test]
async fn the_login_is_sent_and_checked() {
    let sink = SmtpSink::start_requiring_login("newsroom", "s3cret pass").await;
    let mut settings = settings_for(sink.port());
    settings.login = Some(SmtpLogin { username: "newsroom".into(), password: Secret::new("s3cret pass") });
    Mailer::smtp(sender(), settings.clone())
        .expect("mailer")
        .send(&plain("reader@example.org", "Hi", "body"))
        .await
        .expect("sent");
    assert_eq!(sink.messages()[0].login.as_deref(), Some("newsroom"));

    settings.login = Some(SmtpLogin { username: "newsroom".into(), password: Secret::new("wrong") });
    let err = Mailer::smtp(sender(), settings)
        .expect("mailer")
        .send(&plain("reader@example.org", "Hi", "body"))
        .await
        .expect_err("bad password");
    assert!(matches!(&err, MailError::Rejected { reply } if reply.starts_with("535")), "{err:?}");
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn a_server_wanting_a_login_refuses_a_mailer_without_one() {
    let sink = SmtpSink::start_requiring_login("newsroom", "pw").await;
    let err = mailer_for(&sink).send(&plain("reader@example.org", "Hi", "body")).await.expect_err("no login");
    assert!(matches!(&err, MailError::Rejected { reply } if reply.starts_with("530")), "{err:?}");
}

#[tokio::test]
async fn starttls_is_required_when_configured_so_mail_never_falls_back_to_plain_text() {
    let sink = SmtpSink::start().await;
    let mut settings = settings_for(sink.port());
    settings.tls = SmtpTls::Starttls;
    let err = Mailer::smtp(sender(), settings)
        .expect("mailer")
        .send(&plain("reader@example.org", "Secret", "body"))
        .await
        .expect_err("the sink offers no STARTTLS");
    assert!(matches!(err, MailError::Tls { .. }), "{err:?}");
    assert!(sink.messages().is_empty());
}
