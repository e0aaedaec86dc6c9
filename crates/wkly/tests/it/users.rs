//! `wkly user …` as an operator runs it: accounts made from the command line sign in on
//! the site with the password they were given.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use wkly_app::accounts::{SignInOutcome, sign_in};
use wkly_store::Store;

use super::cli::{run, wkly};

/// Runs `cmd` with `input` on its standard input.
fn run_with_stdin(cmd: &mut Command, input: &str) -> (Output, String, String) {
    let mut child =
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start wkly");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("wait for wkly");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn user(dir: &Path, args: &[&str]) -> (Output, String, String) {
    run(wkly(dir).arg("user").args(args).stdin(Stdio::null()))
}

/// Signs in on the data dir's database as the site would.
fn try_sign_in(dir: &Path, login: &str, password: &str) -> SignInOutcome {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Store::open_sqlite(&dir.join("wkly.db"), 1).await.expect("open the database");
        let outcome = sign_in(&store, login, password, None).await.expect("sign in");
        store.close().await;
        outcome
    })
}

#[test]
fn user_create_takes_a_password_from_standard_input_and_the_reader_can_sign_in() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, stderr) = run_with_stdin(
        wkly(dir.path()).args(["user", "create", "Ana", "ana@Example.org", "--password-stdin"]),
        "a long passphrase\r\nignored second line\n",
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("created ana (ana@Example.org) as reader"), "{stdout}");
    assert!(!stdout.contains("password") && !stdout.contains("a long passphrase"), "nothing secret is printed");
    assert!(matches!(try_sign_in(dir.path(), "ana@example.org", "a long passphrase"), SignInOutcome::SignedIn { .. }));
    assert!(matches!(try_sign_in(dir.path(), "ana", "a long passphrase\r"), SignInOutcome::WrongCredentials));
}

#[test]
fn user_create_without_a_password_prints_a_generated_one_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, stderr) = user(dir.path(), &["create", "chief", "chief@example.org", "--role", "editor"]);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("created chief (chief@example.org) as editor"), "{stdout}");
    let password = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap_or_else(|| panic!("the password is printed: {stdout}"))
        .trim()
        .to_string();
    assert!(password.len() >= 20 && password.chars().all(|c| c.is_ascii_hexdigit()), "{password:?}");
    assert!(stdout.contains("shown once"), "{stdout}");
    assert!(matches!(try_sign_in(dir.path(), "chief", &password), SignInOutcome::SignedIn { .. }));

    let (_, again, _) = user(dir.path(), &["create", "deputy", "deputy@example.org"]);
    let other = again.lines().find_map(|l| l.strip_prefix("password: ")).expect("a password").trim().to_string();
    assert_ne!(password, other, "every account gets its own");
}

#[test]
fn user_create_names_every_field_it_refuses_and_exits_non_zero() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, stderr) = run_with_stdin(
        wkly(dir.path()).args(["user", "create", "9<b>", "not-an-address", "--password-stdin"]),
        "short\n",
    );
    assert!(!out.status.success(), "{stdout}");
    for field in ["name: ", "email: ", "password: "] {
        assert!(stderr.contains(field), "{field}: {stderr}");
    }
    assert!(!stdout.contains("created"), "{stdout}");

    let (out, _, stderr) =
        run_with_stdin(wkly(dir.path()).args(["user", "create", "ana", "ana@example.org", "--password-stdin"]), "");
    assert!(!out.status.success());
    assert!(stderr.contains("password: "), "an empty standard input is no password: {stderr}");

    let (out, _, stderr) = user(dir.path(), &["create", "ana", "ana@example.org", "--role", "boss"]);
    assert!(!out.status.success());
    assert!(stderr.contains("\"boss\" is not one of reader, editor, admin"), "{stderr}");

    let (out, _, stderr) = user(dir.path(), &["create", "admin", "root@example.org"]);
    assert!(!out.status.success());
    assert!(stderr.contains("name: ") && stderr.contains("reserved"), "{stderr}");

    let (out, stdout, stderr) = user(dir.path(), &["create", "ana", "ana@example.org"]);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let (out, _, stderr) = user(dir.path(), &["create", "ANA", "other@example.org"]);
    assert!(!out.status.success());
    assert!(stderr.contains("name: that name is taken"), "{stderr}");
    let (out, _, stderr) = user(dir.path(), &["create", "bob", "ANA@example.org"]);
    assert!(!out.status.success());
    assert!(stderr.contains("email: that address already has an account"), "{stderr}");
}

#[test]
fn accounts_are_promoted_disabled_enabled_and_listed() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, _) = user(dir.path(), &["list"]);
    assert!(out.status.success() && stdout.contains("no accounts yet"), "{stdout}");
    let (out, stdout, stderr) = run_with_stdin(
        wkly(dir.path()).args(["user", "create", "ana", "ana@example.org", "--password-stdin"]),
        "a long passphrase\n",
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    user(dir.path(), &["create", "bob", "bob@example.org"]);

    let (out, stdout, stderr) = user(dir.path(), &["promote", "Ana"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("ana is now editor"), "{stdout}");
    let (out, stdout, _) = user(dir.path(), &["promote", "bob", "--role", "admin"]);
    assert!(out.status.success() && stdout.contains("bob is now admin"), "{stdout}");

    let (out, stdout, stderr) = user(dir.path(), &["disable", "ana"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("ana is disabled"), "{stdout}");
    let (out, stdout, _) = user(dir.path(), &["list"]);
    assert!(out.status.success());
    let line = |name: &str| {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} is listed: {stdout}"))
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
    };
    assert_eq!(line("ana"), vec!["ana", "editor", "disabled"], "{stdout}");
    assert_eq!(line("bob"), vec!["bob", "admin", "active"], "{stdout}");
    assert!(!stdout.contains("argon2"), "no password hashes in the list: {stdout}");
    assert!(matches!(try_sign_in(dir.path(), "ana", "a long passphrase"), SignInOutcome::Disabled));

    let (out, stdout, _) = user(dir.path(), &["enable", "ana"]);
    assert!(out.status.success() && stdout.contains("ana can sign in again"), "{stdout}");
    assert!(matches!(try_sign_in(dir.path(), "ana", "a long passphrase"), SignInOutcome::SignedIn { .. }));
    let (_, stdout, _) = user(dir.path(), &["list", "--limit", "1"]);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn an_unknown_account_or_role_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    for args in [&["promote", "ghost"][..], &["disable", "ghost"], &["enable", "ghost"]] {
        let (out, stdout, stderr) = user(dir.path(), args);
        assert!(!out.status.success(), "{args:?}: {stdout}");
        assert!(stderr.contains("no account is called \"ghost\""), "{args:?}: {stderr}");
    }
    user(dir.path(), &["create", "ana", "ana@example.org"]);
    let (out, _, stderr) = user(dir.path(), &["promote", "ana", "--role", "owner"]);
    assert!(!out.status.success());
    assert!(stderr.contains("\"owner\" is not one of"), "{stderr}");
    let (_, stdout, _) = user(dir.path(), &["list"]);
    assert!(stdout.contains("reader"), "the role is unchanged: {stdout}");
}
