//! Server-side sessions for staff, stored in the database so several app servers share
//! them. The cookie holds a random id (only its hash is stored); each session carries its
//! own CSRF token, checked on every state-changing POST.

use super::accounts::{self, Account, Role};
use crate::audit::Actor;
use crate::db::Database;
use crate::error::PageError;
use crate::on_db;
use crate::state::AppState;
use axum::{
    extract::FromRequestParts,
    http::{request::Parts, HeaderValue},
    response::{IntoResponse, Redirect, Response},
};
use chrono::{DateTime, Duration, Utc};
use subtle::ConstantTimeEq;

pub const COOKIE: &str = "portal_session";
/// Signed out after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// Signed out this long after signing in, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

/// Starts a session with a fresh id: a new id at every sign-in, so an id planted before
/// sign-in is worthless after it.
pub async fn create(db: &Database, staff_id: i64) -> Result<String, sqlx::Error> {
    const SQL: &str = "INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)";
    let (id, hash) = accounts::new_token();
    let (csrf, _) = accounts::new_token();
    on_db!(db, pool => sqlx::query(SQL).bind(hash).bind(staff_id).bind(csrf).bind(Utc::now()).execute(pool).await?.rows_affected());
    Ok(id)
}

pub async fn destroy(db: &Database, id: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(accounts::token_hash(id)).execute(pool).await?.rows_affected());
    Ok(())
}

/// The `Set-Cookie` value for a session id (or, with `None`, one that removes it).
pub fn cookie(id: Option<&str>, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = match id {
        Some(id) => format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).expect("cookie is ASCII")
}

pub use crate::cookies::cookie_value;

/// A signed-in member of staff, with the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: Account,
    pub csrf: String,
    pub session_id: String,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.account.id),
            email: Some(self.account.email.clone()),
        }
    }

    /// Refuses a form whose token is not this session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), PageError> {
        if bool::from(self.csrf.as_bytes().ct_eq(token.as_bytes())) {
            Ok(())
        } else {
            tracing::warn!(staff = self.account.id, "CSRF token mismatch");
            Err(PageError::Forbidden)
        }
    }

    /// Refuses roles that may not do this.
    pub fn require(&self, allowed: impl Fn(Role) -> bool) -> Result<(), PageError> {
        if allowed(self.account.role) {
            Ok(())
        } else {
            Err(PageError::Forbidden)
        }
    }
}

/// Not signed in: off to the sign-in page, coming back here afterwards.
pub struct SignInFirst(String);

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/staff/sign-in?next={}", urlencode(&self.0))).into_response()
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/staff".into());
        let Some(id) = cookie_value(&parts.headers, COOKIE).map(str::to_owned) else {
            return Err(SignInFirst(here).into_response());
        };
        match lookup(&state.db, &id).await {
            Ok(Some((account, csrf))) => Ok(SignedIn {
                account,
                csrf,
                session_id: id,
            }),
            Ok(None) => Err(SignInFirst(here).into_response()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// The account behind a live session, renewing its idle clock at most once a minute.
async fn lookup(db: &Database, id: &str) -> Result<Option<(Account, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT s.staff_id, s.csrf_token, s.created_at, s.last_seen_at FROM sessions s \
                       JOIN staff a ON a.id = s.staff_id WHERE s.id_hash = $1 AND a.active";
    let hash = accounts::token_hash(id);
    let row: Option<(i64, String, DateTime<Utc>, DateTime<Utc>)> =
        on_db!(db, pool => sqlx::query_as(SQL).bind(&hash).fetch_optional(pool).await?);
    let Some((staff_id, csrf, created, seen)) = row else {
        return Ok(None);
    };
    let now = Utc::now();
    if now - seen > IDLE_TIMEOUT || now - created > ABSOLUTE_TIMEOUT {
        destroy(db, id).await?;
        return Ok(None);
    }
    if now - seen > Duration::minutes(1) {
        on_db!(db, pool => sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
            .bind(&hash).bind(now).execute(pool).await?.rows_affected());
    }
    Ok(accounts::find(db, staff_id).await?.map(|a| (a, csrf)))
}
