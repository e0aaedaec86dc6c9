//! Password reset by mail: `/reset` asks for a link, `/reset/confirm?token=…` sets the new
//! password; `/verify?token=…` confirms an address; `POST /settings/verify` sends that link
//! again. Mail is queued, not sent, while the reader waits (`wkly_app::accounts::mail`).
//! Nothing here says whether an address has an account.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wkly_app::accounts::mail::{self, RESET_VALID_FOR};
use wkly_app::accounts::{self, FieldProblem};
use wkly_mail::account::duration_in_words;

use super::MessagePage;
use crate::error::WebError;
use crate::forms::{Form, see_other};
use crate::layout::Layout;
use crate::pages::{private_page, render};
use crate::ratelimit::{RESET_PER_ADDRESS, RESET_PER_IP};
use crate::session::Visitor;
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "reset_request.html")]
struct RequestTemplate {
    layout: Layout,
    mail_off: bool,
    sent: bool,
    valid_for: String,
}

fn request_page(state: &AppState, visitor: &Visitor, sent: bool) -> Result<Response, WebError> {
    let mut layout = Layout::for_visitor(state, visitor, "/reset", "Reset your password", "");
    layout.noindex = true;
    let t = RequestTemplate {
        layout,
        mail_off: !state.mail.mailer.can_send(),
        sent,
        valid_for: duration_in_words(RESET_VALID_FOR),
    };
    Ok(private_page(render(&t)?))
}

pub(crate) async fn request_form(State(state): State<AppState>, visitor: Visitor) -> Result<Response, WebError> {
    request_page(&state, &visitor, false)
}

#[derive(Debug, Deserialize)]
pub(crate) struct RequestFields {
    email: Option<String>,
}

pub(crate) async fn request(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<RequestFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &Visitor::stranger(visitor.ip), None)?;
    let address = f.email.unwrap_or_default().trim().to_lowercase();
    state.limiter.check_shared(&[(RESET_PER_IP, &visitor.ip.to_string()), (RESET_PER_ADDRESS, &address)]).await?;
    // Queued for the address as typed, account or not: this answers the same either way.
    if !address.is_empty() && address.len() <= 254 {
        mail::queue_password_reset(&state.store, &state.mail, &address).await?;
    }
    request_page(&state, &visitor, true)
}

#[derive(askama::Template)]
#[template(path = "reset_confirm.html")]
struct ConfirmTemplate {
    layout: Layout,
    token: String,
    problems: Vec<FieldProblem>,
}

fn confirm_page(
    state: &AppState,
    visitor: &Visitor,
    token: String,
    problems: Vec<FieldProblem>,
) -> Result<Response, WebError> {
    let mut layout = Layout::for_visitor(state, visitor, "/reset/confirm", "Choose a new password", "");
    layout.noindex = true;
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let token: String = token.chars().filter(char::is_ascii_hexdigit).take(64).collect();
    Ok((status, private_page(render(&ConfirmTemplate { layout, token, problems })?)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct TokenQuery {
    token: Option<String>,
}

/// The form behind a reset link; following the link does not spend it.
pub(crate) async fn confirm_form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    confirm_page(&state, &visitor, q.token.unwrap_or_default(), Vec::new())
}

#[derive(Debug, Deserialize)]
pub(crate) struct ConfirmFields {
    token: Option<String>,
    password: Option<String>,
}

pub(crate) async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<ConfirmFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &Visitor::stranger(visitor.ip), None)?;
    state.limiter.check_shared(&[(RESET_PER_IP, &visitor.ip.to_string())]).await?;
    let token = f.token.unwrap_or_default();
    match accounts::reset_password(&state.store, &token, &f.password.unwrap_or_default()).await? {
        Ok(user_id) => {
            state.log_mail(mail::queue_password_changed(&state.store, &state.mail, &user_id).await);
            Ok(see_other("/signin?n=password-changed", Vec::new()))
        }
        Err(problems) => confirm_page(&state, &visitor, token, problems),
    }
}

/// `GET /verify?token=…`: the link in the confirmation mail.
pub(crate) async fn verify(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let ok = mail::verify_email(&state.store, &q.token.unwrap_or_default()).await?;
    let mut layout = Layout::for_visitor(&state, &visitor, "/verify", "Confirm your address", "");
    layout.noindex = true;
    let page = if ok {
        MessagePage {
            layout,
            heading: "Your address is confirmed".into(),
            paragraphs: vec![
                "Thank you. We'll use it only for your account: sign-in help and the mail you ask for.".into(),
            ],
            action: Some(("/".into(), "Back to the news".into())),
        }
    } else {
        MessagePage {
            layout,
            heading: "This link no longer works".into(),
            paragraphs: vec![
                "It has expired or was already used. If your address is not confirmed yet, you can ask for a new link in your settings."
                    .into(),
            ],
            action: Some(("/settings#account".into(), "Go to settings".into())),
        }
    };
    let status = if ok { StatusCode::OK } else { StatusCode::GONE };
    Ok((status, private_page(render(&page)?)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct CsrfOnly {
    csrf: Option<String>,
}

/// `POST /settings/verify`: the confirmation link again.
pub(crate) async fn verify_again(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = &visitor.reader else {
        return Ok(see_other("/signin?next=/settings", Vec::new()));
    };
    state.limiter.check_shared(&[(RESET_PER_ADDRESS, &reader.email)]).await?;
    mail::queue_verification(&state.store, &state.mail, &reader.user_id).await?;
    Ok(see_other("/settings?n=verify-sent#account", Vec::new()))
}
