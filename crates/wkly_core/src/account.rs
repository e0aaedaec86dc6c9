//! What a reader types when they make an account, parsed once at the boundary: a
//! [`UserName`], an [`Email`] and a [`Password`] that passed the site's rules. Code that
//! holds one of these never checks it again.
//!
//! The rules are deliberately plain: names are what appears in `/u/{name}` and beside
//! comments, so they are short, lowercase and URL-safe; an address only has to look like
//! one (the verification mail proves the rest); a password is long enough and bounded so
//! hashing it cannot be used to exhaust the server.

use std::fmt;

use crate::ParseError;

/// A reader's public name: 3–24 characters of `a-z`, `0-9`, `_` and `-`, starting with a
/// letter. Stored and compared in lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserName(String);

/// Names that would read as the site speaking, or collide with paths.
const RESERVED_NAMES: &[&str] = &[
    "admin",
    "administrator",
    "editor",
    "editors",
    "moderator",
    "mod",
    "staff",
    "support",
    "help",
    "root",
    "system",
    "wkly",
    "api",
    "settings",
    "signin",
    "signup",
    "signout",
    "me",
    "anonymous",
    "deleted",
    "null",
];

impl UserName {
    pub fn parse(raw: &str) -> Result<UserName, ParseError> {
        let name = raw.trim().to_lowercase();
        let problem = |p: &str| Err(ParseError::new("name", p));
        if name.chars().count() < 3 {
            return problem("use at least 3 characters");
        }
        if name.chars().count() > 24 {
            return problem("use at most 24 characters");
        }
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return problem("start with a letter");
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-') {
            return problem("use only letters a–z, digits, '_' and '-'");
        }
        if RESERVED_NAMES.contains(&name.as_str()) {
            return problem("that name is reserved; choose another");
        }
        Ok(UserName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address that looks deliverable: one `@`, a local part, a domain with a dot,
/// no spaces or control characters, at most 254 characters. The domain is lowercased;
/// the local part is kept as typed (some servers care), but lookups compare lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, ParseError> {
        let raw = raw.trim();
        let problem = |p: &str| Err(ParseError::new("email", p));
        if raw.is_empty() {
            return problem("enter your email address");
        }
        if raw.len() > 254 {
            return problem("that address is too long");
        }
        if raw.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')) {
            return problem("an address has no spaces, quotes or brackets");
        }
        let Some((local, domain)) = raw.rsplit_once('@') else {
            return problem("an address needs an '@', like name@example.org");
        };
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return problem("the part before '@' is not valid");
        }
        let domain = domain.to_lowercase();
        let labels_ok = domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if !domain.contains('.') || !labels_ok {
            return problem("the part after '@' should be a domain, like example.org");
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to find an account: the whole address in lowercase.
    pub fn lookup_key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the rules: 10 to 256 characters, not only one repeated
/// character. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const PASSWORD_MIN_CHARS: usize = 10;
/// Long enough for any passphrase or password manager; short enough that hashing stays
/// cheap for a hostile client sending megabytes.
pub const PASSWORD_MAX_BYTES: usize = 1024;

impl Password {
    /// Checks a password a reader chose; `name` and `email` must not be the password.
    pub fn parse_new(raw: &str, name: &str, email: &str) -> Result<Password, ParseError> {
        let problem = |p: &str| Err(ParseError::new("password", p));
        if raw.chars().count() < PASSWORD_MIN_CHARS {
            return problem("use at least 10 characters");
        }
        if raw.len() > PASSWORD_MAX_BYTES {
            return problem("use at most 1024 characters");
        }
        let mut chars = raw.chars();
        if let Some(first) = chars.next()
            && chars.all(|c| c == first)
        {
            return problem("use more than one repeated character");
        }
        let lower = raw.to_lowercase();
        if lower == name.to_lowercase() || lower == email.to_lowercase() {
            return problem("don't use your name or email address as your password");
        }
        Ok(Password(raw.to_string()))
    }

    /// A password typed at sign-in: only the size bound applies (rules may have changed
    /// since it was chosen).
    pub fn parse_existing(raw: &str) -> Result<Password, ParseError> {
        if raw.is_empty() {
            return Err(ParseError::new("password", "enter your password"));
        }
        if raw.len() > PASSWORD_MAX_BYTES {
            return Err(ParseError::new("password", "that password is too long"));
        }
        Ok(Password(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lowercased_and_checked() {
        assert_eq!(UserName::parse("  Maria_K ").map(|n| n.to_string()), Ok("maria_k".to_string()));
        for (raw, why) in [
            ("ab", "at least 3"),
            ("a".repeat(25).as_str(), "at most 24"),
            ("9lives", "start with a letter"),
            ("_x_y", "start with a letter"),
            ("anna lee", "only letters"),
            ("anna<script>", "only letters"),
            ("ånna", "start with a letter"),
            ("anå", "only letters"),
            ("admin", "reserved"),
            ("Settings", "reserved"),
            ("anna\u{202e}x", "only letters"),
        ] {
            let err = UserName::parse(raw).expect_err(raw);
            assert!(err.problem.contains(why), "{raw:?}: {err}");
        }
    }

    #[test]
    fn emails_must_look_deliverable() {
        assert_eq!(Email::parse(" Ana@Example.ORG ").map(|e| e.to_string()), Ok("Ana@example.org".to_string()));
        assert_eq!(Email::parse("Ana@Example.ORG").map(|e| e.lookup_key()), Ok("ana@example.org".to_string()));
        for raw in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@localhost",
            "ana@exa mple.org",
            "ana@example..org",
            "ana@-example.org",
            "a\r\nBcc: x@example.org",
            "\"ana\"@example.org",
            "ana@example.org>",
            &format!("{}@example.org", "a".repeat(65)),
            &format!("a@{}.org", "b".repeat(260)),
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?} should be refused");
        }
    }

    #[test]
    fn passwords_need_length_and_cannot_be_the_name() {
        assert!(Password::parse_new("correct horse battery", "ana", "ana@example.org").is_ok());
        assert!(Password::parse_new("short", "ana", "a@b.org").is_err());
        assert!(Password::parse_new("aaaaaaaaaaaa", "ana", "a@b.org").is_err());
        assert!(Password::parse_new("Ana@Example.org", "ana", "ana@example.org").is_err());
        assert!(Password::parse_new("longusername", "LongUserName", "x@y.org").is_err());
        assert!(Password::parse_new(&"x".repeat(2000), "ana", "a@b.org").is_err());
        assert!(Password::parse_existing(&"xy".repeat(600)).is_err());
        assert!(Password::parse_existing("").is_err());
        assert_eq!(format!("{:?}", Password::parse_existing("secret-ish!").expect("ok")), "Password(…)");
    }
}
