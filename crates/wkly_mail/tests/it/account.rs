use std::time::Duration;

use wkly_mail::{OutgoingMail, password_changed_mail, password_reset_mail, verification_mail};
use wkly_test_support::smtp::SmtpSink;

use crate::mailer_for;

const SITE: &str = "Harbour News";
const BASE: &str = "https://news.harbour.example";
const TO: &str = "reader@example.org";

fn all() -> Vec<(&'static str, OutgoingMail)> {
    vec![
        (
            "verification",
            verification_mail(SITE, BASE, TO, "https://news.harbour.example/verify?t=abc", Duration::from_secs(86400)),
        ),
        (
            "reset",
            password_reset_mail(SITE, BASE, TO, "https://news.harbour.example/reset?t=xyz", Duration::from_secs(3600)),
        ),
        ("changed", password_changed_mail(SITE, BASE, TO, "https://news.harbour.example/reset")),
    ]
}

#[test]
fn each_account_mail_names_the_site_and_carries_its_link() {
    for (kind, mail) in all() {
        assert_eq!(mail.to, TO);
        assert!(mail.subject.contains(SITE), "{kind}: {}", mail.subject);
        assert!(mail.text.contains(SITE) && mail.text.contains(BASE), "{kind}");
        assert!(mail.text.contains("https://news.harbour.example/"), "{kind}");
        let html = mail.html.as_deref().expect("html alternative");
        assert!(html.contains("<a href=\"https://news.harbour.example/"), "{kind}: {html}");
        assert!(mail.text.lines().all(|l| l.len() <= 998), "{kind}");
    }
}

#[test]
fn the_verification_mail_asks_to_confirm_and_says_how_long_the_link_works() {
    let mail = &all()[0].1;
    assert!(mail.subject.starts_with("Confirm your email address"), "{}", mail.subject);
    assert!(mail.text.contains("\nhttps://news.harbour.example/verify?t=abc\n"), "{}", mail.text);
    assert!(mail.text.contains("within 1 day"), "{}", mail.text);
    assert!(mail.text.contains("If you did not open an account, ignore this message"), "{}", mail.text);
}

#[test]
fn the_reset_mail_gives_the_expiry_and_says_to_ignore_it_if_unasked() {
    let mail = &all()[1].1;
    assert!(mail.text.contains("within 1 hour"), "{}", mail.text);
    assert!(mail.text.contains("If you did not ask for this, ignore this message"), "{}", mail.text);
    assert!(mail.text.contains("\nhttps://news.harbour.example/reset?t=xyz\n"), "{}", mail.text);
}

#[test]
fn the_changed_notice_says_what_to_do_if_it_was_not_you() {
    let mail = &all()[2].1;
    assert!(mail.subject.contains("was changed"), "{}", mail.subject);
    assert!(mail.text.contains("If you did not"), "{}", mail.text);
}

#[test]
fn hostile_values_are_escaped_in_html_and_kept_off_the_subject_line() {
    let site = "Evil <script>alert(1)</script>\r\nBcc: x@y.z";
    let link = "https://x.example/verify?t=\"><script>alert(2)</script>&a=1";
    let mail = verification_mail(site, BASE, TO, link, Duration::from_secs(600));
    let html = mail.html.as_deref().expect("html");
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
    assert!(
        html.contains("href=\"https://x.example/verify?t=&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&amp;a=1\"")
    );
    assert!(!mail.subject.contains(['\r', '\n']), "{:?}", mail.subject);
    assert!(mail.text.contains(link), "the plain text keeps the link as given");
}

#[test]
fn an_empty_base_url_is_left_out() {
    let mail = password_changed_mail(SITE, "", TO, "/reset");
    assert!(!mail.text.contains("()"), "{}", mail.text);
    assert!(mail.text.contains(&format!("Sent by {SITE} to {TO}.")), "{}", mail.text);
}

#[tokio::test]
async fn every_account_mail_goes_through_a_real_smtp_conversation() {
    let sink = SmtpSink::start().await;
    let mailer = mailer_for(&sink);
    for (_, mail) in all() {
        mailer.send(&mail).await.expect("sent");
    }
    let got = sink.messages();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|m| m.header("Content-Type").is_some_and(|c| c.starts_with("multipart/alternative"))));
    assert!(got[0].header("Subject").is_some_and(|s| s.starts_with("Confirm your email address for Harbour News")));
}
