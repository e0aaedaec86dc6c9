//! Account mail: the link that confirms an address, the link that resets a password, the
//! notice that a password changed. Each link is a one-time token (stored by its hash) that
//! the mail carries to the reader.
//!
//! Nothing is sent while a reader waits. A request queues the mail in the outbox
//! (`wkly_store::mail_outbox`) and returns; [`run_outbox`], on every node, sends what is due
//! ([`drain_outbox`]). A mail survives a restart and a mail server that is down: it is tried
//! again after 1, 2, 4 … (at most 30) minutes, [`MAX_ATTEMPTS`] times in all, and given up
//! on (and logged) only then or when the server refuses it for good. A drainer claims mail
//! for [`LEASE`]; a node that dies with mail in hand leaves it to another node after that.
//! The outbox never holds a link: the token is made when the mail is sent, and each new
//! one voids the account's earlier unused link of that kind, so of the links a reader was
//! ever mailed only the last works.
//!
//! Asking for a reset link queues a mail for the address as typed, without looking for an
//! account, so the request does the same work and says the same thing whether or not the
//! address has one; the drainer looks and sends nothing when there is none. One account,
//! or one typed address, gets at most [`MAILS_PER_HOUR`] mails of a kind an hour, counting
//! mail still queued, so the form cannot flood an inbox or fill the outbox.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use wkly_core::{Email, Timestamp};
use wkly_mail::{Mailer, OutgoingMail, password_changed_mail, password_reset_mail, verification_mail};
use wkly_store::Store;
use wkly_store::mail_outbox::{ClaimedMail, EnqueueMailOutcome, MailKind, Recipient, RetryOutcome};
use wkly_store::users::TokenPurpose;

use super::issue_token;
use crate::AppError;

/// How long a confirmation link works.
pub const VERIFY_VALID_FOR: Duration = Duration::from_secs(48 * 3600);
/// How long a reset link works.
pub const RESET_VALID_FOR: Duration = Duration::from_secs(3600);
/// Mails of one kind one account (or typed address) may be sent in an hour.
pub const MAILS_PER_HOUR: i64 = 3;
/// Attempts at one mail before it is given up on.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a drainer holds the mail it claimed. One batch must be sent well within it:
/// [`BATCH`] mails at the mailer's worst case (three 30-second attempts and their waits).
pub const LEASE: Duration = Duration::from_secs(10 * 60);
/// Mails claimed at once.
pub const BATCH: i64 = 5;
/// How often an idle drainer looks at the outbox (mail queued on this node wakes it sooner).
pub const OUTBOX_IDLE: Duration = Duration::from_secs(5);
const FIRST_RETRY: Duration = Duration::from_secs(60);
const LONGEST_RETRY: Duration = Duration::from_secs(30 * 60);
const HOUR_MS: i64 = 3600 * 1000;

/// What the mails need to know about the site, and the bell that wakes this node's drainer.
#[derive(Debug, Clone)]
pub struct MailContext {
    pub mailer: Mailer,
    pub site_name: String,
    /// Public origin for links, without a trailing slash.
    pub base_url: String,
    queued: Arc<Notify>,
}

impl MailContext {
    pub fn new(mailer: Mailer, site_name: impl Into<String>, base_url: impl Into<String>) -> MailContext {
        MailContext { mailer, site_name: site_name.into(), base_url: base_url.into(), queued: Arc::new(Notify::new()) }
    }
}

/// What became of a request for a mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailOutcome {
    /// In the outbox; a drainer sends it (or, for a reset, finds no account and does not).
    Queued,
    /// Mail is off on this site ("disabled" backend).
    MailOff,
    /// This recipient was sent, or is waiting for, enough of these mails in the last hour.
    TooMany,
    /// What was typed is not an email address.
    NotAnAddress,
}

/// What one [`drain_outbox`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub claimed: usize,
    pub sent: usize,
    /// Nothing to send: no active account has the address, the account is gone, or its
    /// address is already confirmed.
    pub skipped: usize,
    /// Not accepted yet; due again later.
    pub retrying: usize,
    /// Refused for good, or out of attempts; logged.
    pub failed: usize,
}

async fn queue(store: &Store, ctx: &MailContext, kind: MailKind, to: Recipient) -> Result<MailOutcome, AppError> {
    if !ctx.mailer.can_send() {
        return Ok(MailOutcome::MailOff);
    }
    let now = Timestamp::now().millis();
    match store.enqueue_mail(kind, &to, MAILS_PER_HOUR, now - HOUR_MS, now).await? {
        EnqueueMailOutcome::Queued(_) => {
            ctx.queued.notify_one();
            Ok(MailOutcome::Queued)
        }
        EnqueueMailOutcome::TooMany => Ok(MailOutcome::TooMany),
    }
}

/// Queues a link that confirms the account's address.
pub async fn queue_verification(store: &Store, ctx: &MailContext, user_id: &str) -> Result<MailOutcome, AppError> {
    queue(store, ctx, MailKind::Verify, Recipient::Account(user_id.to_string())).await
}

/// Queues a reset link for `address`, to be sent if an active account has it. The caller
/// tells the reader the same thing whatever this returns.
pub async fn queue_password_reset(store: &Store, ctx: &MailContext, address: &str) -> Result<MailOutcome, AppError> {
    let Ok(email) = Email::parse(address) else {
        return Ok(MailOutcome::NotAnAddress);
    };
    queue(store, ctx, MailKind::Reset, Recipient::Address(email.lookup_key())).await
}

/// Queues the notice that the account's password just changed, with the way back in if
/// that was not its owner.
pub async fn queue_password_changed(store: &Store, ctx: &MailContext, user_id: &str) -> Result<MailOutcome, AppError> {
    queue(store, ctx, MailKind::PasswordChanged, Recipient::Account(user_id.to_string())).await
}

/// Confirms the address of the account a confirmation link was made for.
pub async fn verify_email(store: &Store, token: &str) -> Result<bool, AppError> {
    let Some(user_id) = super::redeem_token(store, token, TokenPurpose::VerifyEmail).await? else {
        return Ok(false);
    };
    store.mark_email_verified(&user_id).await?;
    Ok(true)
}

/// Sends one batch of the mail due at `now`: finished mail older than an hour is purged,
/// up to [`BATCH`] due mails are claimed for [`LEASE`], and each is sent, skipped, or
/// rescheduled. Does nothing while mail is off (queued mail waits for it to come back).
pub async fn drain_outbox(store: &Store, ctx: &MailContext, now: i64) -> Result<DrainReport, AppError> {
    let mut report = DrainReport::default();
    if !ctx.mailer.can_send() {
        return Ok(report);
    }
    store.purge_finished_mails(now - HOUR_MS).await?;
    let batch = store.claim_mails(now, now + LEASE.as_millis() as i64, BATCH).await?;
    report.claimed = batch.len();
    for mail in &batch {
        deliver(store, ctx, mail, now, &mut report).await?;
    }
    Ok(report)
}

/// The mail to send for a claimed row, or why there is none.
async fn compose(
    store: &Store,
    ctx: &MailContext,
    mail: &ClaimedMail,
) -> Result<Result<OutgoingMail, &'static str>, AppError> {
    let account = match &mail.recipient {
        Recipient::Account(user_id) => store.find_account(user_id).await?,
        Recipient::Address(address) => store.find_account_by_email(address).await?.filter(|a| a.status == "active"),
    };
    let Some(account) = account else {
        return Ok(Err(match mail.kind {
            MailKind::Reset => "no active account has this address",
            _ => "the account is gone",
        }));
    };
    let (site, base) = (ctx.site_name.as_str(), ctx.base_url.as_str());
    Ok(Ok(match mail.kind {
        MailKind::Verify => {
            if account.email_verified_at.is_some() {
                return Ok(Err("the address is already confirmed"));
            }
            let valid_for = VERIFY_VALID_FOR.as_millis() as i64;
            let token = issue_token(store, &account.id, TokenPurpose::VerifyEmail, valid_for).await?;
            let link = format!("{base}/verify?token={token}");
            verification_mail(site, base, &account.email, &link, VERIFY_VALID_FOR)
        }
        MailKind::Reset => {
            let valid_for = RESET_VALID_FOR.as_millis() as i64;
            let token = issue_token(store, &account.id, TokenPurpose::ResetPassword, valid_for).await?;
            let link = format!("{base}/reset/confirm?token={token}");
            password_reset_mail(site, base, &account.email, &link, RESET_VALID_FOR)
        }
        MailKind::PasswordChanged => password_changed_mail(site, base, &account.email, &format!("{base}/reset")),
    }))
}

/// The wait before attempt `attempts + 1`: a minute, doubling, at most half an hour.
fn retry_delay(attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    FIRST_RETRY.saturating_mul(1 << doublings).min(LONGEST_RETRY)
}

async fn deliver(
    store: &Store,
    ctx: &MailContext,
    mail: &ClaimedMail,
    now: i64,
    report: &mut DrainReport,
) -> Result<(), AppError> {
    let kind = mail.kind.as_str();
    let outgoing = match compose(store, ctx, mail).await? {
        Ok(outgoing) => outgoing,
        Err(reason) => {
            tracing::debug!(mail.id = %mail.id, mail.kind = kind, reason, "account mail not needed");
            store.skip_mail(&mail.id, reason, now).await?;
            report.skipped += 1;
            return Ok(());
        }
    };
    match ctx.mailer.send(&outgoing).await {
        Ok(_) => {
            store.mark_mail_sent(&mail.id, now).await?;
            report.sent += 1;
        }
        Err(e) if e.is_transient() || matches!(e, wkly_mail::MailError::Disabled) => {
            let retry_at = now + retry_delay(mail.attempts).as_millis() as i64;
            let error = e.to_string();
            match store.retry_mail_later(&mail.id, &error, retry_at, MAX_ATTEMPTS, now).await? {
                RetryOutcome::GaveUp => {
                    tracing::error!(mail.id = %mail.id, mail.kind = kind, mail.attempts = mail.attempts, error, "account mail given up on");
                    report.failed += 1;
                }
                RetryOutcome::Rescheduled => {
                    tracing::warn!(mail.id = %mail.id, mail.kind = kind, mail.attempts = mail.attempts, error, "account mail not sent yet; trying again later");
                    report.retrying += 1;
                }
                // This drainer's lease ended and another one finished the mail meanwhile.
                RetryOutcome::NotQueued => {
                    tracing::debug!(mail.id = %mail.id, mail.kind = kind, error, "account mail finished elsewhere");
                }
            }
        }
        Err(e) => {
            let error = e.to_string();
            tracing::error!(mail.id = %mail.id, mail.kind = kind, error, "account mail refused; not trying again");
            store.give_up_mail(&mail.id, &error, now).await?;
            report.failed += 1;
        }
    }
    Ok(())
}

/// Sends queued account mail for as long as the process runs: a batch whenever mail is
/// queued on this node, every [`OUTBOX_IDLE`] otherwise (mail queued on other nodes, mail
/// due again after a failure), and at once again after a full batch. Every node runs one;
/// leases keep them from sending one mail twice.
pub async fn run_outbox(store: Store, ctx: MailContext) {
    loop {
        let full = match drain_outbox(&store, &ctx, Timestamp::now().millis()).await {
            Ok(report) => {
                if report.claimed > 0 {
                    tracing::info!(
                        mail.sent = report.sent,
                        mail.skipped = report.skipped,
                        mail.retrying = report.retrying,
                        mail.failed = report.failed,
                        "account mail outbox"
                    );
                }
                report.claimed as i64 == BATCH
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not read the account mail outbox");
                false
            }
        };
        if !full {
            tokio::select! {
                () = ctx.queued.notified() => {}
                () = tokio::time::sleep(OUTBOX_IDLE) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_mail_waits_a_minute_doubling_to_half_an_hour() {
        let waits: Vec<u64> = (1..=MAX_ATTEMPTS).map(|a| retry_delay(a).as_secs() / 60).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(retry_delay(0).as_secs(), 60);
        assert_eq!(retry_delay(i64::MAX), LONGEST_RETRY);
    }
}
