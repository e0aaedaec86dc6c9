use wkly_mail::{MailError, Mailer, OutgoingMail};

use crate::{plain, sender};

fn eml_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("read dir").map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

#[tokio::test]
async fn each_message_becomes_one_eml_file_named_by_time_and_id() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("mail");
    let mailer = Mailer::file(sender(), &dir);
    assert!(mailer.can_send());
    assert!(mailer.to_string().contains("nothing is sent"), "{mailer}");

    let first = mailer.send(&plain("one@example.org", "First", "one")).await.expect("written");
    let second = mailer
        .send(&OutgoingMail {
            to: "two@example.org".into(),
            subject: "Second".into(),
            text: "two".into(),
            html: Some("<p>two</p>".into()),
        })
        .await
        .expect("written");

    let files = eml_files(&dir);
    assert_eq!(files, [first.file.clone().expect("path"), second.file.clone().expect("path")], "in sending order");
    let name = files[0].file_name().and_then(|n| n.to_str()).expect("name");
    let (stamp, rest) = name.split_once('-').expect("time-id.eml");
    assert_eq!(stamp.len(), "20250314T091502Z".len(), "{name}");
    assert!(stamp.starts_with("20") && stamp.as_bytes()[8] == b'T' && stamp.ends_with('Z'), "{name}");
    assert!(rest.ends_with(".eml") && first.message_id.starts_with(rest.trim_end_matches(".eml")), "{name}");

    let text = std::fs::read_to_string(&files[0]).expect("read");
    assert!(text.contains("\r\nTo: one@example.org\r\n"), "{text}");
    assert!(text.contains(&format!("Message-ID: <{}>", first.message_id)), "{text}");
    assert!(text.contains("From: \"Harbour News\" <news@harbour.example>"), "{text}");
    let text = std::fs::read_to_string(&files[1]).expect("read");
    assert!(text.contains("multipart/alternative"), "{text}");
}

#[tokio::test]
async fn no_temporary_files_are_left_behind() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mailer = Mailer::file(sender(), tmp.path());
    for i in 0..20 {
        mailer.send(&plain("reader@example.org", &format!("Number {i}"), "body")).await.expect("written");
    }
    let files = eml_files(tmp.path());
    assert_eq!(files.len(), 20);
    assert!(files.iter().all(|f| f.extension().is_some_and(|e| e == "eml")), "{files:?}");
}

#[tokio::test]
async fn concurrent_messages_each_get_their_own_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mailer = Mailer::file(sender(), tmp.path());
    let mut tasks = Vec::new();
    for i in 0..50 {
        let mailer = mailer.clone();
        tasks.push(tokio::spawn(
            async move { mailer.send(&plain(&format!("reader{i}@example.org"), "Hi", "body")).await },
        ));
    }
    for t in tasks {
        t.await.expect("task").expect("written");
    }
    assert_eq!(eml_files(tmp.path()).len(), 50);
}

#[tokio::test]
async fn an_unwritable_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let blocker = tmp.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").expect("write");
    let mailer = Mailer::file(sender(), blocker.join("mail"));
    let err = mailer.send(&plain("reader@example.org", "Hi", "body")).await.expect_err("cannot write");
    assert!(matches!(err, MailError::File { .. }), "{err:?}");
    assert!(err.to_string().contains("not-a-folder"), "{err}");
}

#[tokio::test]
async fn the_file_backend_refuses_what_smtp_refuses() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mailer = Mailer::file(sender(), tmp.path());
    let err = mailer.send(&plain("reader@example.org", "Hi\r\nBcc: x@y.z", "body")).await.expect_err("injection");
    assert!(matches!(err, MailError::UnsafeHeader { .. }));
    let err = mailer.send(&plain("not an address", "Hi", "body")).await.expect_err("address");
    assert!(matches!(err, MailError::InvalidAddress { .. }));
    assert!(eml_files(tmp.path()).is_empty());
}
