use std::io::Write;

use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    f
}

#[test]
fn no_file_and_no_environment_gives_working_defaults() {
    let c = Config::load_with_env(None, env(&[])).expect("defaults are valid");
    assert_eq!(c.server.bind, "127.0.0.1:8080");
    assert_eq!(c.site.handle, "TheWkly");
    assert_eq!(c.database_target(), Ok(DatabaseTarget::Sqlite(PathBuf::from("wkly-data/wkly.db"))));
    assert_eq!(c.taxonomy.categories.len(), 12);
}

#[test]
fn the_file_overrides_defaults_and_the_environment_overrides_the_file() {
    let f = file("[site]\nname = \"Harbour News\"\nhandle = \"harbour\"\n[server]\nbind = \"127.0.0.1:9000\"\n");
    let c = Config::load_with_env(
        Some(f.path()),
        env(&[("WKLY_SERVER__BIND", "0.0.0.0:8181"), ("WKLY_DATABASE__MAX_CONNECTIONS", "3"), ("HOME", "/root")]),
    )
    .expect("valid");
    assert_eq!(c.site.name, "Harbour News");
    assert_eq!(c.site.handle, "harbour");
    assert_eq!(c.server.bind, "0.0.0.0:8181");
    assert_eq!(c.database.max_connections, 3);
}

#[test]
fn a_bad_value_names_its_key_and_what_is_allowed() {
    let err = Config::load_with_env(None, env(&[("WKLY_SERVER__BIND", "localhost")])).expect_err("bad bind");
    let msg = err.to_string();
    assert!(msg.contains("server.bind") && msg.contains("127.0.0.1:8080"), "{msg}");

    let err =
        Config::load_with_env(None, env(&[("WKLY_DATABASE__MAX_CONNECTIONS", "many")])).expect_err("not a number");
    assert!(err.to_string().contains("database.max_connections"), "{err}");

    let err = Config::load_with_env(None, env(&[("WKLY_DATABASE__URL", "mysql://x")])).expect_err("bad url");
    assert!(err.to_string().contains("database.url") && err.to_string().contains("postgres://"), "{err}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let f = file("[site]\nhandle = \"@not valid\"\nbase_url = \"ftp://x/\"\n[server]\nbind = \"nowhere\"\n");
    let err = Config::load_with_env(Some(f.path()), env(&[])).expect_err("invalid");
    assert_eq!(err.problems.len(), 3, "{err}");
}

#[test]
fn unknown_keys_are_refused_with_the_allowed_ones() {
    let f = file("[server]\nbind = \"127.0.0.1:1\"\nport = 80\n");
    let err = Config::load_with_env(Some(f.path()), env(&[])).expect_err("unknown key");
    let msg = err.to_string();
    assert!(msg.contains("server.port") && msg.contains("bind"), "{msg}");
}

#[test]
fn broken_toml_and_missing_files_are_clear_errors() {
    let f = file("[site\nname = ");
    let err = Config::load_with_env(Some(f.path()), env(&[])).expect_err("syntax");
    assert!(!err.problems.is_empty());
    let err = Config::load_with_env(Some(Path::new("/nonexistent/wkly.toml")), env(&[])).expect_err("missing");
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn hostile_environment_values_stay_strings() {
    let c = Config::load_with_env(None, env(&[("WKLY_SITE__NAME", "a\"b\\c\n[x]")])).expect("valid");
    assert_eq!(c.site.name, "a\"b\\c\n[x]");
    let err = Config::load_with_env(None, env(&[("WKLY_SITE____NAME", "x")])).expect_err("bad name");
    assert!(err.to_string().contains("WKLY_SECTION__KEY"), "{err}");
}

#[test]
fn duplicate_taxonomy_keys_are_refused() {
    let f = file(
        "[[taxonomy.categories]]\nkey = \"money\"\nname = \"M\"\ndescription = \"\"\n\
         [[taxonomy.categories]]\nkey = \"money\"\nname = \"M2\"\ndescription = \"\"\n",
    );
    let err = Config::load_with_env(Some(f.path()), env(&[])).expect_err("dup");
    assert!(err.to_string().contains("appears twice"), "{err}");
}

#[test]
fn process_variables_are_not_settings() {
    let c = Config::load_with_env(
        None,
        env(&[("WKLY_LOG", "debug"), ("WKLY_CONFIG", "x.toml"), ("WKLY_TEST_POSTGRES_URL", "postgres://x")]),
    );
    assert!(c.is_ok(), "{c:?}");
    let err = Config::load_with_env(None, env(&[("WKLY_COLOUR", "red")])).expect_err("unknown");
    assert!(err.to_string().starts_with("invalid configuration:\n  - colour: unknown key"), "{err}");
}

#[test]
fn private_addresses_are_refused_unless_the_operator_allows_them() {
    let c = Config::load_with_env(None, env(&[])).expect("defaults");
    assert!(!c.fetch.allow_private_addresses);
    let c = Config::load_with_env(None, env(&[("WKLY_FETCH__ALLOW_PRIVATE_ADDRESSES", "true")])).expect("valid");
    assert!(c.fetch.allow_private_addresses);
    let err =
        Config::load_with_env(None, env(&[("WKLY_FETCH__ALLOW_PRIVATE_ADDRESSES", "sometimes")])).expect_err("bad");
    assert!(err.to_string().contains("fetch.allow_private_addresses"), "{err}");
    let err = Config::load_with_env(None, env(&[("WKLY_FETCH__USER_AGENT", "bad\nagent")])).expect_err("bad");
    assert!(err.to_string().contains("fetch.user_agent"), "{err}");
}

#[test]
fn mail_goes_to_files_in_the_data_dir_by_default() {
    let c = Config::load_with_env(None, env(&[])).expect("defaults");
    assert_eq!(c.mail.backend, MailBackend::File);
    assert_eq!(c.mail.file_dir(&c.data_dir), PathBuf::from("wkly-data/mail"));
    let c = Config::load_with_env(None, env(&[("WKLY_MAIL__DIR", "/var/spool/wkly")])).expect("valid");
    assert_eq!(c.mail.file_dir(&c.data_dir), PathBuf::from("/var/spool/wkly"));
}

#[test]
fn an_smtp_section_from_the_file_and_environment_is_read_whole() {
    let f = file(
        "[mail]\nbackend = \"smtp\"\nfrom = \"news@harbour.example\"\nsmtp_host = \"mail.harbour.example\"\n\
         smtp_port = 465\nsmtp_tls = \"tls\"\nsmtp_username = \"news\"\n",
    );
    let c = Config::load_with_env(
        Some(f.path()),
        env(&[("WKLY_MAIL__SMTP_PASSWORD", "123456"), ("WKLY_MAIL__TIMEOUT_SECS", "5")]),
    )
    .expect("valid");
    assert_eq!(c.mail.backend, MailBackend::Smtp);
    assert_eq!(c.mail.smtp_tls, SmtpTls::Tls);
    assert_eq!(c.mail.smtp_port, 465);
    assert_eq!(c.mail.smtp_password.expose(), "123456", "a numeric password stays text");
    assert_eq!(c.mail.timeout_secs, 5);
}

#[test]
fn the_smtp_password_never_appears_in_debug_output() {
    let c = Config::load_with_env(None, env(&[("WKLY_MAIL__SMTP_PASSWORD", "hunter2-secret")])).expect("valid");
    assert_eq!(c.mail.smtp_password.expose(), "hunter2-secret");
    assert!(!format!("{c:?}").contains("hunter2"));
    let err = Config::load_with_env(
        None,
        env(&[
            ("WKLY_MAIL__BACKEND", "smtp"),
            ("WKLY_MAIL__SMTP_HOST", "mail.example.org"),
            ("WKLY_MAIL__SMTP_PASSWORD", "hunter2-secret"),
        ]),
    )
    .expect_err("a password without a user name");
    assert!(err.to_string().contains("mail.smtp_username"), "{err}");
    assert!(!format!("{err:?}{err}").contains("hunter2"), "{err}");
}

#[test]
fn bad_mail_settings_name_their_keys() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("WKLY_MAIL__BACKEND", "sendmail")], "mail.backend"),
        (&[("WKLY_MAIL__FROM", "not an address")], "mail.from"),
        (&[("WKLY_MAIL__FROM", "a@b.example\r\nBcc: all@victims.example")], "mail.from"),
        (&[("WKLY_MAIL__TIMEOUT_SECS", "0")], "mail.timeout_secs"),
        (&[("WKLY_MAIL__SMTP_TLS", "ssl")], "mail.smtp_tls"),
        (&[("WKLY_MAIL__SMTP_PORT", "70000")], "mail.smtp_port"),
        (&[("WKLY_MAIL__BACKEND", "smtp")], "mail.smtp_host"),
        (&[("WKLY_MAIL__BACKEND", "smtp"), ("WKLY_MAIL__SMTP_HOST", "mail host")], "mail.smtp_host"),
        (
            &[("WKLY_MAIL__BACKEND", "smtp"), ("WKLY_MAIL__SMTP_HOST", "m.example"), ("WKLY_MAIL__SMTP_PORT", "0")],
            "mail.smtp_port",
        ),
        (
            &[("WKLY_MAIL__BACKEND", "smtp"), ("WKLY_MAIL__SMTP_HOST", "m.example"), ("WKLY_MAIL__SMTP_USERNAME", "u")],
            "mail.smtp_password",
        ),
    ];
    for (vars, key) in cases {
        let err = Config::load_with_env(None, env(vars)).expect_err(key);
        assert!(err.to_string().contains(key), "{vars:?}: {err}");
    }
}

#[test]
fn a_password_is_never_sent_unencrypted_to_another_machine() {
    let smtp = |host: &'static str| {
        env(&[
            ("WKLY_MAIL__BACKEND", "smtp"),
            ("WKLY_MAIL__SMTP_HOST", host),
            ("WKLY_MAIL__SMTP_TLS", "none"),
            ("WKLY_MAIL__SMTP_USERNAME", "u"),
            ("WKLY_MAIL__SMTP_PASSWORD", "p"),
        ])
    };
    let err = Config::load_with_env(None, smtp("mail.example.org")).expect_err("cleartext password");
    assert!(err.to_string().contains("mail.smtp_tls"), "{err}");
    for host in ["127.0.0.1", "localhost", "[::1]", "::1"] {
        Config::load_with_env(None, smtp(host)).unwrap_or_else(|e| panic!("{host}: {e}"));
    }
}

#[test]
fn the_readme_configuration_block_is_the_defaults() {
    let readme = include_str!("../../../README.md");
    let start = readme.find("```toml\ndata_dir").expect("the README has the configuration block") + "```toml\n".len();
    let block = &readme[start..start + readme[start..].find("```").expect("closed")];
    let f = file(block);
    let c = Config::load_with_env(Some(f.path()), env(&[])).expect("the README block is valid");
    assert_eq!(c, Config::default(), "README.md's configuration block shows the defaults");
}
