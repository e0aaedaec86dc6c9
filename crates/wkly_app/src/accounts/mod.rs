//! Reader accounts: sign up, sign in and out, sessions, goals, roles, one-time links.
//!
//! Sessions live in the database (every node sees them) under the hash of a random token
//! the browser keeps in a cookie; each has its own CSRF token. Signing in always starts
//! a new session (a session id planted before sign-in is worthless after it), and what
//! the browser did while signed out — its poll votes and reactions — moves into the
//! account. Messages never tell a stranger whether an address has an account.
//!
//! This module does not set cookies or render forms: it returns the token and the
//! problems, and the web decides how to show them.

pub mod mail;
pub mod secrets;

use wkly_core::{Email, Password, Role, Taxonomy, Timestamp, UserName};
use wkly_store::Store;
use wkly_store::sessions::NewSession;
use wkly_store::users::{NewUser, NewUserOutcome, TokenOutcome, TokenPurpose};

use crate::AppError;
use secrets::{hash_password, random_token, token_hash, verify_password};

/// How long a session lasts without use; each use past half-life extends it.
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// A signed-in reader, as a request sees them.
#[derive(Debug, Clone)]
pub struct Reader {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub email_verified: bool,
    pub banned_until: Option<i64>,
    pub csrf_token: String,
    /// The voter key of this reader in polls and reactions.
    pub voter: String,
}

impl Reader {
    pub fn can_moderate(&self) -> bool {
        self.role >= Role::Editor
    }
}

/// What the browser must keep after sign-in: the secret for its cookie.
#[derive(Debug, Clone)]
pub struct SessionToken {
    pub token: String,
    pub expires_at: i64,
}

/// One problem with what was typed, named by the form field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct SignUpForm {
    pub name: String,
    pub email: String,
    pub password: String,
}

#[derive(Debug)]
pub enum SignUpOutcome {
    Created { user_id: String, session: SessionToken },
    Invalid(Vec<FieldProblem>),
}

#[derive(Debug)]
pub enum SignInOutcome {
    SignedIn {
        user_id: String,
        session: SessionToken,
    },
    /// Unknown account or wrong password: the reader is told the same either way.
    WrongCredentials,
    Disabled,
}

/// Creates a reader account and signs it in. `browser_voter` is the signed-out browser's
/// voter key, whose votes and reactions move into the new account.
pub async fn sign_up(store: &Store, form: &SignUpForm, browser_voter: Option<&str>) -> Result<SignUpOutcome, AppError> {
    match create_account(store, &form.name, &form.email, &form.password, Role::Reader).await? {
        Ok(user_id) => {
            let session = start_session(store, &user_id, browser_voter).await?;
            Ok(SignUpOutcome::Created { user_id, session })
        }
        Err(problems) => Ok(SignUpOutcome::Invalid(problems)),
    }
}

/// Checks a name-or-email and password and starts a fresh session.
pub async fn sign_in(
    store: &Store,
    login: &str,
    password: &str,
    browser_voter: Option<&str>,
) -> Result<SignInOutcome, AppError> {
    let Ok(password) = Password::parse_existing(password) else {
        return Ok(SignInOutcome::WrongCredentials);
    };
    let login = login.trim().to_lowercase();
    let found = if login.is_empty() || login.len() > 254 { None } else { store.find_credentials(&login).await? };
    let ok = verify_password(&password, found.as_ref().map(|c| c.password_hash.clone())).await?;
    let Some(account) = found.filter(|_| ok) else {
        return Ok(SignInOutcome::WrongCredentials);
    };
    if account.status != "active" {
        return Ok(SignInOutcome::Disabled);
    }
    let session = start_session(store, &account.id, browser_voter).await?;
    Ok(SignInOutcome::SignedIn { user_id: account.id, session })
}

async fn start_session(store: &Store, user_id: &str, browser_voter: Option<&str>) -> Result<SessionToken, AppError> {
    let token = random_token()?;
    let now = Timestamp::now().millis();
    let expires_at = now + SESSION_DAYS * DAY_MS;
    store
        .insert_session(&NewSession {
            id_hash: token_hash(&token),
            user_id: user_id.to_string(),
            csrf_token: random_token()?,
            created_at: now,
            expires_at,
        })
        .await?;
    if let Some(browser) = browser_voter.filter(|b| b.starts_with("b:")) {
        store.claim_browser_actions(browser, user_id).await?;
    }
    Ok(SessionToken { token, expires_at })
}

/// The reader a session cookie belongs to, if it is live and the account may act.
/// Extends a session that is past half its life.
pub async fn current_reader(store: &Store, token: &str) -> Result<Option<Reader>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id_hash = token_hash(token);
    let now = Timestamp::now().millis();
    let Some(row) = store.find_session(&id_hash, now).await? else {
        return Ok(None);
    };
    if row.account.status != "active" {
        return Ok(None);
    }
    if row.expires_at - now < SESSION_DAYS * DAY_MS / 2 {
        store.extend_session(&id_hash, now + SESSION_DAYS * DAY_MS).await?;
    }
    let a = row.account;
    Ok(Some(Reader {
        voter: format!("u:{}", a.id),
        role: a.role.parse().unwrap_or(Role::Reader),
        email_verified: a.email_verified_at.is_some(),
        banned_until: a.banned_until.filter(|&t| t > now),
        csrf_token: row.csrf_token,
        user_id: a.id,
        name: a.name,
        email: a.email,
    }))
}

/// Ends the session of this cookie (nothing happens for an unknown one).
pub async fn sign_out(store: &Store, token: &str) -> Result<(), AppError> {
    store.delete_session(&token_hash(token)).await?;
    Ok(())
}

/// Replaces a reader's goals with the given keys; keys the taxonomy does not know are
/// refused as a whole so a stale form cannot store a goal the site no longer has.
pub async fn set_goals(store: &Store, taxonomy: &Taxonomy, user_id: &str, keys: &[String]) -> Result<(), AppError> {
    let mut goals: Vec<String> = Vec::new();
    for key in keys {
        if !taxonomy.goals.iter().any(|g| &g.key == key) {
            return Err(AppError::Input(format!("{key:?} is not one of this site's goals")));
        }
        if !goals.contains(key) {
            goals.push(key.clone());
        }
    }
    store.set_user_goals(user_id, &goals).await?;
    Ok(())
}

/// Changes the password of a signed-in reader who proved they know the current one.
/// Every session of the account ends, the caller starts a new one for this browser.
pub async fn change_password(
    store: &Store,
    reader: &Reader,
    current: &str,
    new: &str,
) -> Result<Result<SessionToken, Vec<FieldProblem>>, AppError> {
    if !password_matches(store, reader, current).await? {
        return Ok(Err(vec![problem("current_password", "that is not your current password".into())]));
    }
    let new = match Password::parse_new(new, &reader.name, &reader.email) {
        Ok(p) => p,
        Err(e) => return Ok(Err(vec![problem("password", e.problem)])),
    };
    store.set_password_hash(&reader.user_id, &hash_password(&new).await?).await?;
    Ok(Ok(start_session(store, &reader.user_id, None).await?))
}

/// A one-time link's secret, made for an account and stored by its hash.
pub async fn issue_token(
    store: &Store,
    user_id: &str,
    purpose: TokenPurpose,
    valid_for_ms: i64,
) -> Result<String, AppError> {
    let token = random_token()?;
    let expires_at = Timestamp::now().millis() + valid_for_ms;
    store.insert_auth_token(&token_hash(&token), user_id, purpose, expires_at).await?;
    Ok(token)
}

/// Spends a one-time link's token; the account it was for, when it still worked.
pub async fn redeem_token(store: &Store, token: &str, purpose: TokenPurpose) -> Result<Option<String>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(match store.use_auth_token(&token_hash(token), purpose).await? {
        TokenOutcome::Used { user_id } => Some(user_id),
        TokenOutcome::Invalid => None,
    })
}

/// Sets a new password from a reset link. Every session of the account ends.
pub async fn reset_password(
    store: &Store,
    token: &str,
    new: &str,
) -> Result<Result<String, Vec<FieldProblem>>, AppError> {
    // Check the new password against every rule, the account's own name and address
    // included, before spending the token, so a password the rules refuse does not cost
    // the reader their link.
    let expired =
        || Ok(Err(vec![problem("token", "this reset link has expired or was already used; ask for a new one".into())]));
    let well_formed = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let holder = match well_formed {
        true => store.peek_auth_token(&token_hash(token), TokenPurpose::ResetPassword).await?,
        false => None,
    };
    let Some(holder) = holder else {
        // Still name a refused password, so the reader fixes both at once.
        if let Err(e) = Password::parse_new(new, "", "") {
            return Ok(Err(vec![problem("password", e.problem)]));
        }
        return expired();
    };
    let Some(account) = store.find_account(&holder).await? else {
        return Ok(Err(vec![problem("token", "this account no longer exists".into())]));
    };
    let new = match Password::parse_new(new, &account.name, &account.email) {
        Ok(p) => p,
        Err(e) => return Ok(Err(vec![problem("password", e.problem)])),
    };
    // Spending is one statement, so of two uses at once exactly one gets here.
    let Some(user_id) = redeem_token(store, token, TokenPurpose::ResetPassword).await? else {
        return expired();
    };
    store.set_password_hash(&user_id, &hash_password(&new).await?).await?;
    // Following the link proved the reader reads this address.
    store.mark_email_verified(&user_id).await?;
    Ok(Ok(user_id))
}

/// Makes an account with a role (sign-up's readers, `wkly user create`'s editors), no
/// session; every problem with the typed values, each under its field.
pub async fn create_account(
    store: &Store,
    name: &str,
    email: &str,
    password: &str,
    role: Role,
) -> Result<Result<String, Vec<FieldProblem>>, AppError> {
    let mut problems = Vec::new();
    let n = UserName::parse(name).map_err(|e| problems.push(problem("name", e.problem))).ok();
    let e = Email::parse(email).map_err(|e| problems.push(problem("email", e.problem))).ok();
    let p = Password::parse_new(password, name.trim(), email.trim())
        .map_err(|e| problems.push(problem("password", e.problem)))
        .ok();
    let (Some(n), Some(e), Some(p)) = (n, e, p) else {
        return Ok(Err(problems));
    };
    let user = NewUser { name: n.to_string(), email: e.lookup_key(), password_hash: hash_password(&p).await?, role };
    Ok(match store.insert_user(&user).await? {
        NewUserOutcome::Created(id) => Ok(id),
        NewUserOutcome::NameTaken => Err(vec![problem("name", "that name is taken; choose another".into())]),
        NewUserOutcome::EmailTaken => {
            Err(vec![problem("email", "that address already has an account: sign in, or reset your password".into())])
        }
    })
}

/// Whether `typed` is the signed-in reader's password (asked again before a change that
/// matters: a new password, deleting the account).
pub async fn password_matches(store: &Store, reader: &Reader, typed: &str) -> Result<bool, AppError> {
    let Ok(typed) = Password::parse_existing(typed) else {
        return Ok(false);
    };
    let stored = store.find_credentials(&reader.name).await?.map(|c| c.password_hash);
    verify_password(&typed, stored).await
}

fn problem(field: &'static str, message: String) -> FieldProblem {
    FieldProblem { field, message }
}
