//! Who is asking: a signed-in reader (session cookie), a signed-out browser that has
//! voted or reacted before (browser cookie), or a stranger.
//!
//! Two cookies, both HttpOnly and SameSite=Lax, Secure when the site is served over HTTPS:
//! `wkly_session` holds the secret of a database session (see `wkly_app::accounts`);
//! `wkly_browser` holds a random token that is a signed-out browser's voter key. Neither
//! is readable by script. A stranger's requests carry neither and get cached pages.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use wkly_app::accounts::{self, Reader};
use wkly_app::community::Voter;

use crate::error::WebError;
use crate::state::AppState;
use wkly_app::accounts::secrets::random_token;

pub(crate) const SESSION_COOKIE: &str = "wkly_session";
pub(crate) const BROWSER_COOKIE: &str = "wkly_browser";
const BROWSER_COOKIE_DAYS: i64 = 365;

/// The person behind a request, as far as their cookies tell.
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    pub reader: Option<Reader>,
    /// The session cookie's secret, when it names a live session.
    pub session_token: Option<String>,
    /// The browser cookie's token, when present and well formed.
    pub browser: Option<String>,
    /// The address rate limits count against.
    pub ip: IpAddr,
}

impl Visitor {
    /// Pages for this visitor differ from the anonymous cached copy.
    pub fn is_personal(&self) -> bool {
        self.reader.is_some() || self.browser.is_some()
    }

    /// The voter key for polls and reactions: the account, or this browser's token.
    pub fn voter(&self) -> Option<Voter> {
        match (&self.reader, &self.browser) {
            (Some(r), _) => Some(Voter::Account { user_id: r.user_id.clone() }),
            (None, Some(b)) => Some(Voter::Browser { token: b.clone() }),
            (None, None) => None,
        }
    }

    pub fn browser_voter_key(&self) -> Option<String> {
        self.browser.as_ref().map(|b| format!("b:{b}"))
    }

    /// Someone with no cookies at `ip`.
    pub fn stranger(ip: IpAddr) -> Visitor {
        Visitor { reader: None, session_token: None, browser: None, ip }
    }

    /// The voter for an action, making a browser token (and its cookie) for a signed-out
    /// visitor who has none yet.
    pub fn voter_or_new_browser(&self, state: &AppState) -> Result<(Voter, Vec<HeaderValue>), WebError> {
        if let Some(v) = self.voter() {
            return Ok((v, Vec::new()));
        }
        let token = random_token().map_err(|e| WebError::Internal(e.to_string()))?;
        let cookie = browser_cookie(state, &token);
        Ok((Voter::Browser { token }, vec![cookie]))
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Visitor>() {
            return Ok(v.clone());
        }
        let ip = client_ip(parts, state.behind_proxy);
        let session_token = cookie(&parts.headers, SESSION_COOKIE).filter(|t| is_token(t));
        let mut reader = None;
        if let Some(token) = &session_token {
            match accounts::current_reader(&state.store, token).await {
                Ok(r) => reader = r,
                // A failing database must not turn a reader into a stranger silently;
                // but a page can still be shown, so log and go on signed out.
                Err(e) => tracing::error!(error = %e, "session lookup failed"),
            }
        }
        let session_token = session_token.filter(|_| reader.is_some());
        let browser = cookie(&parts.headers, BROWSER_COOKIE).filter(|t| is_token(t));
        let visitor = Visitor { reader, session_token, browser, ip };
        parts.extensions.insert(visitor.clone());
        Ok(visitor)
    }
}

/// The peer address, or the first `X-Forwarded-For` hop when the operator said wkly runs
/// behind a proxy (otherwise that header is anyone's to forge).
fn client_ip(parts: &Parts, behind_proxy: bool) -> IpAddr {
    if behind_proxy
        && let Some(ip) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|first| first.trim().parse().ok())
    {
        return ip;
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

fn is_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The value of the first cookie called `name`.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value for one of our cookies; `max_age_secs = 0` deletes it.
pub(crate) fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("wkly_invalid=; Max-Age=0"))
}

/// The session cookie outlives the session on purpose: the database decides when a
/// session ends (30 days after its last use, sliding), and a cookie cannot be refreshed
/// from every response; a cookie whose session ended simply signs nobody in.
pub(crate) fn session_cookie(state: &AppState, token: &str) -> HeaderValue {
    set_cookie(SESSION_COOKIE, token, 400 * 86_400, state.secure_cookies)
}

pub(crate) fn clear_session_cookie(state: &AppState) -> HeaderValue {
    set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies)
}

pub(crate) fn browser_cookie(state: &AppState, token: &str) -> HeaderValue {
    set_cookie(BROWSER_COOKIE, token, BROWSER_COOKIE_DAYS * 86_400, state.secure_cookies)
}

pub(crate) fn clear_browser_cookie(state: &AppState) -> HeaderValue {
    set_cookie(BROWSER_COOKIE, "", 0, state.secure_cookies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; wkly_session_x=2"));
        h.append(header::COOKIE, HeaderValue::from_static("wkly_session=abc ; b=3"));
        assert_eq!(cookie(&h, "wkly_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("3"));
        assert_eq!(cookie(&h, "c"), None);
    }

    #[test]
    fn our_cookies_are_http_only_and_lax() {
        let v = set_cookie("wkly_session", "t", 60, true);
        let s = v.to_str().expect("ascii");
        assert!(s.contains("HttpOnly") && s.contains("SameSite=Lax") && s.contains("Secure"), "{s}");
        assert!(!set_cookie("x", "t", 60, false).to_str().expect("ascii").contains("Secure"));
    }
}
