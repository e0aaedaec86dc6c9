//! The `wkly.toml` schema, its defaults, `WKLY_SECTION__KEY` environment overrides and
//! validation.
//!
//! Defaults need no file: a fresh `wkly serve` binds 127.0.0.1:8080 and keeps its SQLite
//! file under `./wkly-data`. Every problem in a file or the environment is reported at
//! once, each naming its key and what is allowed, so start-up stops with a message an
//! operator can act on. This crate reads files and the environment and nothing else.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use wkly_core::{Category, Goal, Slug, Taxonomy};

/// The whole configuration. Sections mirror the tables of `wkly.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where wkly keeps its SQLite file and other state.
    pub data_dir: PathBuf,
    pub site: SiteConfig,
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub cache: CacheConfig,
    pub fetch: FetchConfig,
    pub mail: MailConfig,
    pub taxonomy: Taxonomy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub name: String,
    pub tagline: String,
    /// The X/Twitter handle used in share texts, without the `@`.
    pub handle: String,
    /// The public origin used in canonical links and share URLs, such as
    /// `https://news.example.org`. Empty means "the address wkly listens on".
    pub base_url: String,
    /// Shows a banner saying the content is fictional (set by `wkly demo`).
    pub demo_notice: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    pub bind: String,
    /// wkly runs behind a reverse proxy that sets `X-Forwarded-For`: rate limits then
    /// count the address that header names. Off, the header is ignored (anyone can send it).
    pub behind_proxy: bool,
    /// Abuse limits on sign-in, sign-up, reset links, votes, reactions and comments.
    /// Only for load tests: a public site keeps them on.
    pub rate_limits: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// Empty: the SQLite file `wkly.db` in the data dir. Otherwise `sqlite://PATH` or
    /// `postgres://user@host/db`.
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheConfig {
    /// How long a rendered anonymous page may be served before it is rendered again,
    /// in seconds. Writes on this node clear the cache at once; the limit bounds how
    /// stale another node's copy can be. 0 turns the page cache off.
    pub page_ttl_secs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchConfig {
    /// Let sources live on loopback, private or link-local addresses (tests, the demo, an
    /// intranet). Off by default: a feed URL must not reach into the operator's network.
    pub allow_private_addresses: bool,
    /// Sent with every request; sites see it in their logs.
    pub user_agent: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// Where account mail goes. `file` (the default) writes each message as an `.eml` file
    /// and sends nothing, so a fresh install never mails the outside world.
    pub backend: MailBackend,
    /// The sender's address, such as `news@example.org`; the site name is added as the
    /// sender's name.
    pub from: String,
    /// The folder of the `file` backend. Empty: `mail` in the data dir.
    pub dir: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    /// Empty: no authentication.
    pub smtp_username: String,
    pub smtp_password: Secret,
    /// How long one attempt to hand a message to the SMTP server may take as a whole
    /// (connecting, greeting, login, sending), in seconds.
    pub timeout_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailBackend {
    File,
    Smtp,
    Disabled,
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text; meant for a relay on the same machine.
    None,
    /// Plain connection upgraded with STARTTLS; refused if the server does not offer it.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// A string that is never printed by `Debug`, so a logged configuration shows no password.
/// Numbers and booleans are taken as their text, so `WKLY_MAIL__SMTP_PASSWORD=123456`
/// works like any other password.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "Secret(empty)" } else { "Secret(…)" })
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Secret;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Secret, E> {
                Ok(Secret(v.to_string()))
            }
        }
        deserializer.deserialize_any(Text)
    }
}

impl MailConfig {
    /// The folder the `file` backend writes to.
    pub fn file_dir(&self, data_dir: &Path) -> PathBuf {
        if self.dir.trim().is_empty() { data_dir.join("mail") } else { PathBuf::from(&self.dir) }
    }

    fn check(&self, problems: &mut Vec<String>) {
        let from = &self.from;
        if !looks_like_address(from) {
            problems.push(format!(
                "mail.from = {from:?}: expected an address such as news@example.org (the site name is added as the sender's name)"
            ));
        }
        if self.timeout_secs == 0 || self.timeout_secs > 600 {
            problems.push(format!("mail.timeout_secs = {}: expected a number from 1 to 600", self.timeout_secs));
        }
        if self.backend != MailBackend::Smtp {
            return;
        }
        let host = &self.smtp_host;
        if host.is_empty()
            || host.len() > 253
            || !host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        {
            problems.push(format!(
                "mail.smtp_host = {host:?}: expected the mail server's host name or IP address (needed when mail.backend = \"smtp\")"
            ));
        }
        if self.smtp_port == 0 {
            problems.push("mail.smtp_port = 0: expected a port such as 587 (STARTTLS), 465 (TLS) or 25".into());
        }
        let user = &self.smtp_username;
        if user.chars().any(char::is_control) {
            problems.push("mail.smtp_username: must not contain control characters".into());
        }
        if user.is_empty() && !self.smtp_password.is_empty() {
            problems.push("mail.smtp_password is set but mail.smtp_username is empty: set both or neither".into());
        }
        if !user.is_empty() && self.smtp_password.is_empty() {
            problems.push("mail.smtp_username is set but mail.smtp_password is empty: set both or neither".into());
        }
        if !user.is_empty() && self.smtp_tls == SmtpTls::None && !is_loopback_host(host) {
            problems.push(format!(
                "mail.smtp_tls = \"none\" would send the password to {host} unencrypted: use \"starttls\" or \"tls\" (\"none\" with a password is allowed only for a server on this machine)"
            ));
        }
    }
}

/// A light check; the mail crate parses the address fully when it builds its sender.
fn looks_like_address(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c))
}

fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("wkly-data"),
            site: SiteConfig {
                name: "wkly".into(),
                tagline: "The news, and what it means for you".into(),
                handle: "TheWkly".into(),
                base_url: String::new(),
                demo_notice: false,
            },
            server: ServerConfig { bind: "127.0.0.1:8080".into(), behind_proxy: false, rate_limits: true },
            database: DatabaseConfig { url: String::new(), max_connections: 8 },
            cache: CacheConfig { page_ttl_secs: 10 },
            fetch: FetchConfig {
                allow_private_addresses: false,
                user_agent: "wkly/0.1 (self-hosted news reader)".into(),
            },
            mail: MailConfig {
                backend: MailBackend::File,
                from: "wkly@localhost".into(),
                dir: String::new(),
                smtp_host: String::new(),
                smtp_port: 587,
                smtp_tls: SmtpTls::Starttls,
                smtp_username: String::new(),
                smtp_password: Secret::default(),
                timeout_secs: 30,
            },
            taxonomy: Taxonomy::default(),
        }
    }
}

/// Everything wrong with a configuration, each problem naming its key.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration:\n{}", .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ConfigError {
    pub problems: Vec<String>,
}

/// Where the database lives, as decided by the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Config {
    /// Loads defaults, then `file` (when given, it must exist), then `WKLY_*` variables
    /// from the process environment, and validates the result.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(file, std::env::vars())
    }

    /// Like [`Config::load`] with an explicit environment, for tests.
    pub fn load_with_env(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError { problems: vec![format!("config file {} does not exist", path.display())] });
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        let vars: Vec<(String, String)> = env.into_iter().filter(|(k, _)| is_config_variable(k)).collect();
        // figment's Env provider reads the process environment; an explicit list keeps tests hermetic.
        let env_toml = env_as_toml(&vars)?;
        figment = figment.merge(Toml::string(&env_toml));
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError { problems: e.into_iter().map(describe_figment_error).collect() })?;
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        if self.server.bind.parse::<SocketAddr>().is_err() {
            problems.push(format!(
                "server.bind = {:?}: expected an address and port such as 127.0.0.1:8080 or [::1]:8080",
                self.server.bind
            ));
        }
        let handle = &self.site.handle;
        if handle.is_empty() || handle.len() > 15 || !handle.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            problems.push(format!(
                "site.handle = {handle:?}: expected 1 to 15 letters, digits or underscores, without the @"
            ));
        }
        if self.site.name.trim().is_empty() {
            problems.push("site.name: must not be empty".into());
        }
        let base = &self.site.base_url;
        if !base.is_empty()
            && (!(base.starts_with("http://") || base.starts_with("https://"))
                || base.ends_with('/')
                || base.contains(char::is_whitespace))
        {
            problems.push(format!(
                "site.base_url = {base:?}: expected an origin such as https://news.example.org (no trailing slash), or empty"
            ));
        }
        if let Err(p) = self.database_target() {
            problems.push(p);
        }
        if !(1..=256).contains(&self.database.max_connections) {
            problems.push(format!(
                "database.max_connections = {}: expected a number from 1 to 256",
                self.database.max_connections
            ));
        }
        let ua = &self.fetch.user_agent;
        if ua.trim().is_empty() || ua.len() > 200 || !ua.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            problems.push(format!("fetch.user_agent = {ua:?}: expected 1 to 200 printable ASCII characters"));
        }
        self.mail.check(&mut problems);
        check_keys(
            "taxonomy.categories",
            self.taxonomy.categories.iter().map(|c: &Category| c.key.as_str()),
            &mut problems,
        );
        check_keys("taxonomy.goals", self.taxonomy.goals.iter().map(|g: &Goal| g.key.as_str()), &mut problems);
        if problems.is_empty() { Ok(()) } else { Err(ConfigError { problems }) }
    }

    pub fn database_target(&self) -> Result<DatabaseTarget, String> {
        let url = self.database.url.trim();
        if url.is_empty() {
            Ok(DatabaseTarget::Sqlite(self.data_dir.join("wkly.db")))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                Err("database.url = \"sqlite://\": expected a file path after sqlite://".into())
            } else {
                Ok(DatabaseTarget::Sqlite(PathBuf::from(path)))
            }
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseTarget::Postgres(url.to_string()))
        } else {
            Err(format!(
                "database.url = {url:?}: expected empty (SQLite in the data dir), sqlite://PATH or postgres://USER@HOST/DB"
            ))
        }
    }
}

fn check_keys<'a>(section: &str, keys: impl Iterator<Item = &'a str>, problems: &mut Vec<String>) {
    let mut seen = Vec::new();
    for key in keys {
        if let Err(e) = Slug::parse(key) {
            problems.push(format!("{section}: key {key:?} is not usable in URLs ({e})"));
        }
        if seen.contains(&key) {
            problems.push(format!("{section}: key {key:?} appears twice"));
        }
        seen.push(key);
    }
    if seen.is_empty() {
        problems.push(format!("{section}: at least one entry is needed"));
    }
}

/// Variables that configure the process rather than the product: the log filter, the
/// config file's path, and the test suite's settings.
const NOT_CONFIG: &[&str] = &["WKLY_LOG", "WKLY_CONFIG"];

fn is_config_variable(name: &str) -> bool {
    name.starts_with("WKLY_") && !NOT_CONFIG.contains(&name) && !name.starts_with("WKLY_TEST_")
}

/// Turns `WKLY_SECTION__KEY=value` pairs into a TOML document so they merge like a file.
/// Values are parsed as TOML when they are valid TOML scalars (numbers, booleans) and
/// taken as strings otherwise, so `WKLY_SERVER__BIND=0.0.0.0:80` needs no quotes.
fn env_as_toml(vars: &[(String, String)]) -> Result<String, ConfigError> {
    let mut problems = Vec::new();
    let mut out = String::new();
    let mut sorted: Vec<&(String, String)> = vars.iter().collect();
    sorted.sort();
    for (name, value) in sorted {
        let path: Vec<String> = name["WKLY_".len()..].split("__").map(|p| p.to_ascii_lowercase()).collect();
        if path.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
            problems.push(format!("environment variable {name}: expected WKLY_SECTION__KEY"));
            continue;
        }
        let literal = if is_toml_scalar(value) { value.clone() } else { toml_string(value) };
        out.push_str(&format!("{} = {}\n", path.join("."), literal));
    }
    if problems.is_empty() { Ok(out) } else { Err(ConfigError { problems }) }
}

fn is_toml_scalar(v: &str) -> bool {
    v == "true"
        || v == "false"
        || (!v.is_empty() && v.parse::<i64>().is_ok())
        || (v.contains('.') && v.parse::<f64>().is_ok() && !v.contains(':'))
}

fn toml_string(v: &str) -> String {
    let mut s = String::with_capacity(v.len() + 2);
    s.push('"');
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c if c.is_control() => s.push_str(&format!("\\u{:04X}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn describe_figment_error(e: figment::Error) -> String {
    let key = if e.path.is_empty() { "(top level)".to_string() } else { e.path.join(".") };
    let origin = match &e.metadata {
        Some(m) => match &m.source {
            Some(figment::Source::File(p)) => format!(" (in {})", p.display()),
            _ if m.name.contains("TOML source string") => " (from a WKLY_ environment variable)".to_string(),
            _ => String::new(),
        },
        None => String::new(),
    };
    let what = match &e.kind {
        figment::error::Kind::UnknownField(field, expected) => {
            let key = match e.path.last() {
                Some(last) if last == field => key,
                Some(_) => format!("{key}.{field}"),
                None => field.clone(),
            };
            return format!("{key}: unknown key{origin}; allowed here: {}", expected.join(", "));
        }
        kind => kind.to_string(),
    };
    format!("{key}: {what}{origin}")
}

#[cfg(test)]
mod tests;
