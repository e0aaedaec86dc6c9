//! Account pages: sign up, sign in, sign out, settings (goals, password, export, delete).
//! Each action in its own file; the templates they share live here.

mod reset;
mod settings;
mod signin;
mod signout;
mod signup;

pub(crate) use reset::{
    confirm as reset_confirm, confirm_form as reset_confirm_form, request as reset_request,
    request_form as reset_request_form, verify, verify_again,
};
pub(crate) use settings::{change_password, delete, export, save_goals, show as settings};
pub(crate) use signin::{form as signin_form, submit as signin};
pub(crate) use signout::signout;
pub(crate) use signup::{form as signup_form, submit as signup};

use wkly_app::accounts::FieldProblem;

use crate::layout::Layout;

/// A short page that says what happened and what to do next.
#[derive(askama::Template)]
#[template(path = "message.html")]
pub(crate) struct MessagePage {
    pub layout: Layout,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub action: Option<(String, String)>,
}

/// Problems for a form that has one general problem rather than one per field.
pub(crate) fn general(field: &'static str, message: &str) -> Vec<FieldProblem> {
    vec![FieldProblem { field, message: message.to_string() }]
}
