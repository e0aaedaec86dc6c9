//! `/settings`: a signed-in reader's goals, password, data export and account deletion.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wkly_app::accounts::{self, FieldProblem, Reader};
use wkly_app::profile::{self, DeleteOutcome};

use super::{MessagePage, general};
use crate::error::WebError;
use crate::forms::{Form, see_other};
use crate::layout::Layout;
use crate::pages::{private_page, render};
use crate::ratelimit::SIGN_IN_PER_ACCOUNT;
use crate::session::{Visitor, clear_session_cookie, session_cookie};
use crate::state::AppState;

pub(crate) struct GoalChoice {
    key: String,
    icon: String,
    badge: String,
    description: String,
    selected: bool,
}

#[derive(askama::Template)]
#[template(path = "settings.html")]
struct SettingsTemplate {
    layout: Layout,
    name: String,
    email: String,
    email_verified: bool,
    can_mail: bool,
    goals: Vec<GoalChoice>,
    problems: Vec<FieldProblem>,
    /// The delete form had a problem: keep it open.
    delete_open: bool,
    notice: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NoticeQuery {
    n: Option<String>,
}

/// The way to the sign-in form for a signed-out visitor, coming back to settings after.
fn sign_in_first() -> Response {
    see_other("/signin?next=/settings", Vec::new())
}

pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let Some(reader) = visitor.reader.clone() else {
        return Ok(sign_in_first());
    };
    let notice = match q.n.as_deref() {
        Some("welcome") => Some("Welcome! Choose the goals you want advice for, and we'll put those first."),
        Some("goals") => Some("Your goals are saved."),
        Some("password") => Some("Your password is changed. Other devices are signed out."),
        Some("verify-sent") => Some("We sent a new confirmation link to your address."),
        _ => None,
    };
    page(&state, &visitor, &reader, Vec::new(), notice, StatusCode::OK).await
}

async fn page(
    state: &AppState,
    visitor: &Visitor,
    reader: &Reader,
    problems: Vec<FieldProblem>,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let chosen = state.store.list_user_goals(&reader.user_id).await.map_err(|e| WebError::Internal(e.to_string()))?;
    let goals = state
        .taxonomy
        .goals
        .iter()
        .map(|g| GoalChoice {
            key: g.key.clone(),
            icon: g.icon.clone(),
            badge: g.badge.clone(),
            description: g.description.clone(),
            selected: chosen.contains(&g.key),
        })
        .collect();
    let mut layout = Layout::for_visitor(state, visitor, "/settings", "Your settings", "Your goals and account.");
    layout.noindex = true;
    let t = SettingsTemplate {
        layout,
        name: reader.name.clone(),
        email: reader.email.clone(),
        email_verified: reader.email_verified,
        can_mail: state.mail.mailer.can_send(),
        goals,
        delete_open: problems.iter().any(|p| p.field == "delete"),
        problems,
        notice,
    };
    Ok((status, private_page(render(&t)?)).into_response())
}

/// Checkbox lists arrive as repeated `goal=` fields, which a plain struct cannot hold.
fn goal_fields(body: &str) -> (Vec<String>, Option<String>) {
    let mut goals = Vec::new();
    let mut csrf = None;
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        match k.as_ref() {
            "goal" if goals.len() < 64 => goals.push(v.into_owned()),
            "csrf" => csrf = Some(v.into_owned()),
            _ => {}
        }
    }
    (goals, csrf)
}

pub(crate) async fn save_goals(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    body: String,
) -> Result<Response, WebError> {
    let (goals, csrf) = goal_fields(&body);
    crate::csrf::check(&state, &headers, &visitor, csrf.as_deref())?;
    let Some(reader) = visitor.reader.clone() else {
        return Ok(sign_in_first());
    };
    match accounts::set_goals(&state.store, &state.taxonomy, &reader.user_id, &goals).await {
        Ok(()) => Ok(see_other("/settings?n=goals#goals", Vec::new())),
        Err(wkly_app::AppError::Input(_)) => {
            Err(WebError::BadRequest("One of those goals is no longer offered. Reload the page and choose again."))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PasswordFields {
    csrf: Option<String>,
    current_password: Option<String>,
    password: Option<String>,
}

pub(crate) async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<PasswordFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = visitor.reader.clone() else {
        return Ok(sign_in_first());
    };
    state.limiter.check_shared(&[(SIGN_IN_PER_ACCOUNT, &reader.name)]).await?;
    let current = f.current_password.unwrap_or_default();
    let new = f.password.unwrap_or_default();
    match accounts::change_password(&state.store, &reader, &current, &new).await? {
        Ok(session) => {
            let queued = wkly_app::accounts::mail::queue_password_changed(&state.store, &state.mail, &reader.user_id);
            state.log_mail(queued.await);
            Ok(see_other("/settings?n=password#password", vec![session_cookie(&state, &session.token)]))
        }
        Err(problems) => page(&state, &visitor, &reader, problems, None, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

/// `GET /settings/export`: everything about the reader as a JSON download.
pub(crate) async fn export(State(state): State<AppState>, visitor: Visitor) -> Result<Response, WebError> {
    let Some(reader) = visitor.reader.clone() else {
        return Ok(sign_in_first());
    };
    let doc = profile::export(&state.store, &reader).await?;
    let body = serde_json::to_string_pretty(&doc).map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = format!("attachment; filename=\"wkly-{}.json\"", reader.name);
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub(crate) struct DeleteFields {
    csrf: Option<String>,
    password: Option<String>,
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<DeleteFields>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    let Some(reader) = visitor.reader.clone() else {
        return Ok(sign_in_first());
    };
    state.limiter.check_shared(&[(SIGN_IN_PER_ACCOUNT, &reader.name)]).await?;
    match profile::delete_account(&state.store, &reader, &f.password.unwrap_or_default()).await? {
        DeleteOutcome::WrongPassword => {
            let problems = general("delete", "That is not your password, so nothing was deleted.");
            page(&state, &visitor, &reader, problems, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        DeleteOutcome::Deleted => {
            state.invalidate_pages();
            let stranger = Visitor::stranger(visitor.ip);
            let mut layout = Layout::for_visitor(&state, &stranger, "/settings", "Account deleted", "");
            layout.noindex = true;
            let html = render(&MessagePage {
                layout,
                heading: "Your account is deleted".into(),
                paragraphs: vec![
                    "Everything linked to your account is gone from this site. Your comments now show as deleted."
                        .into(),
                    "Thank you for reading. You are welcome back any time.".into(),
                ],
                action: Some(("/".into(), "Back to the news".into())),
            })?;
            let mut response = private_page(html);
            response.headers_mut().append(header::SET_COOKIE, clear_session_cookie(&state));
            Ok(response)
        }
    }
}
