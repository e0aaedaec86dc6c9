//! `POST /signout`: ends this browser's session.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use wkly_app::accounts;

use crate::error::WebError;
use crate::forms::{Form, see_other};
use crate::session::{Visitor, clear_session_cookie};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub(crate) struct SignOutForm {
    csrf: Option<String>,
}

pub(crate) async fn signout(
    State(state): State<AppState>,
    headers: HeaderMap,
    visitor: Visitor,
    Form(f): Form<SignOutForm>,
) -> Result<Response, WebError> {
    crate::csrf::check(&state, &headers, &visitor, f.csrf.as_deref())?;
    if let Some(token) = &visitor.session_token {
        accounts::sign_out(&state.store, token).await?;
    }
    Ok(see_other("/signin?n=signed-out", vec![clear_session_cookie(&state)]))
}
