//! Random tokens and password hashes: the only place wkly touches cryptography, and only
//! through kept crates (argon2id, SHA-256, the operating system's random source).
//!
//! A token is 32 random bytes written as 64 hex digits; the database only ever stores its
//! SHA-256, so a stolen copy of the database holds no live session or reset link.
//! Password hashing is deliberately slow (argon2id with the crate's defaults: 19 MiB,
//! two passes) and runs on the blocking pool so it never stalls the async workers.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use wkly_core::Password;

use crate::AppError;

/// A fresh secret token (64 hex digits).
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("random source: {e}")))?;
    Ok(hex::encode(bytes))
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two secrets without leaking where they differ through timing.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Hashes a new password into a PHC string (`$argon2id$v=19$…`).
pub async fn hash_password(password: &Password) -> Result<String, AppError> {
    let password = password.expose().to_string();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing task: {e}")))?
}

/// A valid hash of a password nobody has, checked against when the account does not
/// exist so that "no such account" takes as long as "wrong password".
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$xuVf7m6XCA1/2tvk/pWRlDEQ8E5Ue4pu9aTXRwXmylM";

/// Checks a password against a stored hash. `None` (no account, or an account that
/// cannot sign in such as the demo's readers, whose hash is `!`) still costs one hash.
pub async fn verify_password(password: &Password, stored: Option<String>) -> Result<bool, AppError> {
    let password = password.expose().to_string();
    tokio::task::spawn_blocking(move || {
        let usable = stored.as_deref().and_then(|s| PasswordHash::new(s).ok());
        let decoy = PasswordHash::new(DECOY_HASH).ok();
        match (usable, decoy) {
            (Some(hash), _) => Argon2::default().verify_password(password.as_bytes(), &hash).is_ok(),
            (None, Some(decoy)) => {
                let _ = Argon2::default().verify_password(password.as_bytes(), &decoy);
                false
            }
            (None, None) => false,
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check task: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_hashes() {
        let a = random_token().expect("token");
        let b = random_token().expect("token");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let pw = Password::parse_new("a long passphrase", "ana", "ana@example.org").expect("password");
        let other = Password::parse_existing("a long passphrasE").expect("password");
        let hash = hash_password(&pw).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&pw, Some(hash.clone())).await.expect("verify"));
        assert!(!verify_password(&other, Some(hash)).await.expect("verify"));
        assert!(!verify_password(&pw, None).await.expect("verify"));
        assert!(!verify_password(&pw, Some("!".into())).await.expect("verify"));
    }

    #[test]
    fn the_decoy_hash_parses() {
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
    }
}
