//! `GET /signin` shows the form; `POST /signin` checks the password and starts a session.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wkly_app::accounts::{self, SignInOutcome};

use crate::error::WebError;
use crate::forms::{Form, safe_next, see_other, url_encode};
use crate::layout::Layout;
use crate::pages::{private_page, render};
use crate::ratelimit::{SIGN_IN_PER_ACCOUNT, SIGN_IN_PER_IP};
use crate::session::{Visitor, clear_browser_cookie, session_cookie};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "signin.html")]
struct SignInTemplate {
    layout: Layout,
    login: String,
    next: String,
    next_encoded: String,
    message: Option<&'static str>,
    notice: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInQuery {
    next: Option<String>,
    n: Option<String>,
}

pub(crate) async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<SignInQuery>,
) -> Result<Response, WebError> {
    if visitor.reader.is_some() {
        return Ok(see_other(&safe_next(q.next.as_deref(), "/"), Vec::new()));
    }
    let notice = match q.n.as_deref() {
        Some("password-changed") => Some("Your password is changed. Sign in with the new one."),
        Some("signed-out") => Some("You are signed out."),
        _ => None,
    };
    page(&state, &visitor, String::new(), safe_next(q.next.as_deref(), ""), None, notice, StatusCode::OK)
}

fn page(
    state: &AppState,
    visitor: &Visitor,
    login: String,
    next: String,
    message: Option<&'static str>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut layout = Layout::for_visitor(state, visitor, "/signin", "Sign in", "Sign in to vote, react and comment.");
    layout.noindex = true;
    let next_encoded = url_encode(&next);
    let html = render(&SignInTemplate { layout, login, next, next_encoded, message, notice })?;
    Ok((status, private_page(html)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignInFields {
    login: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<SignInFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &Visitor::stranger(visitor.ip), None)?;
    let login = f.login.unwrap_or_default();
    let account_key = login.trim().to_lowercase();
    state
        .limiter
        .check_shared(&[(SIGN_IN_PER_IP, &visitor.ip.to_string()), (SIGN_IN_PER_ACCOUNT, &account_key)])
        .await?;
    let next = safe_next(f.next.as_deref(), "");
    let browser = visitor.browser_voter_key();
    let shown_login: String = login.chars().take(254).collect();
    match accounts::sign_in(&state.store, &login, &f.password.unwrap_or_default(), browser.as_deref()).await? {
        SignInOutcome::SignedIn { session, .. } => {
            // A session the browser had before is ended: the new one replaces it.
            if let Some(old) = &visitor.session_token {
                accounts::sign_out(&state.store, old).await?;
            }
            let to = if next.is_empty() { "/".to_string() } else { next };
            Ok(see_other(&to, vec![session_cookie(&state, &session.token), clear_browser_cookie(&state)]))
        }
        SignInOutcome::WrongCredentials => page(
            &state,
            &visitor,
            shown_login,
            next,
            Some("That name or email and password do not match an account. Check both and try again."),
            None,
            StatusCode::UNAUTHORIZED,
        ),
        SignInOutcome::Disabled => page(
            &state,
            &visitor,
            shown_login,
            next,
            Some("This account is disabled. If you think that is a mistake, write to the site's editors."),
            None,
            StatusCode::FORBIDDEN,
        ),
    }
}
