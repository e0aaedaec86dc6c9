//! Account mail: the link that confirms an address, the link that resets a password, the
//! notice that a password changed. Each link is a one-time token (stored by its hash) that
//! the mail carries to the reader.
//!
//! Asking for a reset link says the same thing whether or not the address has an account,
//! and the web sends these mails from a background task so the answer does not come
//! faster for unknown addresses. One address gets at most [`MAILS_PER_HOUR`] links of a
//! kind an hour, so the form cannot be used to flood someone's inbox.

use std::time::Duration;

use wkly_core::{Email, Timestamp};
use wkly_mail::{Mailer, password_changed_mail, password_reset_mail, verification_mail};
use wkly_store::Store;
use wkly_store::users::TokenPurpose;

use super::issue_token;
use crate::AppError;

/// How long a confirmation link works.
pub const VERIFY_VALID_FOR: Duration = Duration::from_secs(48 * 3600);
/// How long a reset link works.
pub const RESET_VALID_FOR: Duration = Duration::from_secs(3600);
/// Links of one kind one account may be sent in an hour.
pub const MAILS_PER_HOUR: i64 = 3;

/// What the mails need to know about the site.
#[derive(Debug, Clone)]
pub struct MailContext {
    pub mailer: Mailer,
    pub site_name: String,
    /// Public origin for links, without a trailing slash.
    pub base_url: String,
}

/// What became of a mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Mail is off on this site ("disabled" backend).
    MailOff,
    /// This account was sent enough of these links in the last hour.
    TooMany,
    /// No active account has that address (said to nobody; only logged).
    NoAccount,
    /// The mail server refused or could not be reached; logged.
    Failed,
}

async fn recent(store: &Store, user_id: &str, purpose: TokenPurpose) -> Result<i64, AppError> {
    let since = Timestamp::now().millis() - 3_600_000;
    Ok(store.count_recent_tokens(user_id, purpose, since).await?)
}

async fn send(ctx: &MailContext, mail: &wkly_mail::OutgoingMail) -> MailOutcome {
    match ctx.mailer.send(mail).await {
        Ok(_) => MailOutcome::Sent,
        Err(wkly_mail::MailError::Disabled) => MailOutcome::MailOff,
        Err(e) => {
            tracing::warn!(error = %e, "account mail not sent");
            MailOutcome::Failed
        }
    }
}

/// Sends the account a link that confirms its address.
pub async fn send_verification(store: &Store, ctx: &MailContext, user_id: &str) -> Result<MailOutcome, AppError> {
    if !ctx.mailer.can_send() {
        return Ok(MailOutcome::MailOff);
    }
    let Some(account) = store.find_account(user_id).await? else {
        return Ok(MailOutcome::NoAccount);
    };
    if account.email_verified_at.is_some() {
        return Ok(MailOutcome::Sent);
    }
    if recent(store, user_id, TokenPurpose::VerifyEmail).await? >= MAILS_PER_HOUR {
        return Ok(MailOutcome::TooMany);
    }
    let token = issue_token(store, user_id, TokenPurpose::VerifyEmail, VERIFY_VALID_FOR.as_millis() as i64).await?;
    let link = format!("{}/verify?token={token}", ctx.base_url);
    Ok(send(ctx, &verification_mail(&ctx.site_name, &ctx.base_url, &account.email, &link, VERIFY_VALID_FOR)).await)
}

/// Confirms the address of the account a confirmation link was made for.
pub async fn verify_email(store: &Store, token: &str) -> Result<bool, AppError> {
    let Some(user_id) = super::redeem_token(store, token, TokenPurpose::VerifyEmail).await? else {
        return Ok(false);
    };
    store.mark_email_verified(&user_id).await?;
    Ok(true)
}

/// Sends a reset link to `address` when an active account has it. The caller tells the
/// reader the same thing whatever this returns.
pub async fn send_password_reset(store: &Store, ctx: &MailContext, address: &str) -> Result<MailOutcome, AppError> {
    if !ctx.mailer.can_send() {
        return Ok(MailOutcome::MailOff);
    }
    let Ok(email) = Email::parse(address) else {
        return Ok(MailOutcome::NoAccount);
    };
    let Some(account) = store.find_account_by_email(&email.lookup_key()).await?.filter(|a| a.status == "active") else {
        return Ok(MailOutcome::NoAccount);
    };
    if recent(store, &account.id, TokenPurpose::ResetPassword).await? >= MAILS_PER_HOUR {
        return Ok(MailOutcome::TooMany);
    }
    let token =
        issue_token(store, &account.id, TokenPurpose::ResetPassword, RESET_VALID_FOR.as_millis() as i64).await?;
    let link = format!("{}/reset/confirm?token={token}", ctx.base_url);
    Ok(send(ctx, &password_reset_mail(&ctx.site_name, &ctx.base_url, &account.email, &link, RESET_VALID_FOR)).await)
}

/// Tells the account's address its password just changed, with the way back in if that
/// was not its owner.
pub async fn notify_password_changed(store: &Store, ctx: &MailContext, user_id: &str) -> Result<MailOutcome, AppError> {
    if !ctx.mailer.can_send() {
        return Ok(MailOutcome::MailOff);
    }
    let Some(account) = store.find_account(user_id).await? else {
        return Ok(MailOutcome::NoAccount);
    };
    let link = format!("{}/reset", ctx.base_url);
    Ok(send(ctx, &password_changed_mail(&ctx.site_name, &ctx.base_url, &account.email, &link)).await)
}
