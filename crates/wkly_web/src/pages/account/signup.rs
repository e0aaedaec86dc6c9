//! `GET /signup` shows the form; `POST /signup` creates the account and signs it in.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wkly_app::accounts::{self, FieldProblem, SignUpForm, SignUpOutcome};

use crate::error::WebError;
use crate::forms::{Form, safe_next, see_other, url_encode};
use crate::layout::Layout;
use crate::pages::{private_page, render};
use crate::ratelimit::SIGN_UP_PER_IP;
use crate::session::{Visitor, clear_browser_cookie, session_cookie};
use crate::state::AppState;

#[derive(askama::Template)]
#[template(path = "signup.html")]
struct SignUpTemplate {
    layout: Layout,
    name: String,
    email: String,
    next: String,
    next_encoded: String,
    problems: Vec<FieldProblem>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NextQuery {
    next: Option<String>,
}

pub(crate) async fn form(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    if visitor.reader.is_some() {
        return Ok(see_other(&safe_next(q.next.as_deref(), "/"), Vec::new()));
    }
    page(&state, &visitor, String::new(), String::new(), safe_next(q.next.as_deref(), ""), Vec::new())
}

fn page(
    state: &AppState,
    visitor: &Visitor,
    name: String,
    email: String,
    next: String,
    problems: Vec<FieldProblem>,
) -> Result<Response, WebError> {
    let mut layout =
        Layout::for_visitor(state, visitor, "/signup", "Create your account", "Join the readers of this site.");
    layout.noindex = true;
    let status = if problems.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let next_encoded = url_encode(&next);
    let html = render(&SignUpTemplate { layout, name, email, next, next_encoded, problems })?;
    Ok((status, private_page(html)).into_response())
}

#[derive(Debug, Deserialize)]
pub(crate) struct SignUpFields {
    name: Option<String>,
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<SignUpFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &Visitor::stranger(visitor.ip), None)?;
    state.limiter.check_shared(&[(SIGN_UP_PER_IP, &visitor.ip.to_string())]).await?;
    let form = SignUpForm {
        name: f.name.unwrap_or_default(),
        email: f.email.unwrap_or_default(),
        password: f.password.unwrap_or_default(),
    };
    let next = safe_next(f.next.as_deref(), "");
    let browser = visitor.browser_voter_key();
    match accounts::sign_up(&state.store, &form, browser.as_deref()).await? {
        SignUpOutcome::Created { session, user_id } => {
            state.log_mail(wkly_app::accounts::mail::queue_verification(&state.store, &state.mail, &user_id).await);
            if let Some(old) = &visitor.session_token {
                accounts::sign_out(&state.store, old).await?;
            }
            let to = if next.is_empty() { "/settings?n=welcome".to_string() } else { next };
            Ok(see_other(&to, vec![session_cookie(&state, &session.token), clear_browser_cookie(&state)]))
        }
        SignUpOutcome::Invalid(problems) => {
            let name = form.name.chars().take(64).collect();
            let email = form.email.chars().take(254).collect();
            page(&state, &visitor, name, email, next, problems)
        }
    }
}
