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
