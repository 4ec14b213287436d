//! Server-side sessions for staff, stored in the database so several app servers share
//! them. The cookie holds a random id (only its hash is stored); each session carries its
//! own CSRF token, checked on every state-changing POST.

use super::accounts::{self, Account};
use crate::audit::Actor;
use crate::db::{self, Database};
use crate::error::PageError;
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
    db::query(SQL)
        .bind(hash)
        .bind(staff_id)
        .bind(csrf)
        .bind(Utc::now())
        .execute(db)
        .await?;
    Ok(id)
}

pub async fn destroy(db: &Database, id: &str) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(accounts::token_hash(id))
        .execute(db)
        .await?;
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
    /// The session's token; a page shows only [`Csrf::form_value`], never the token itself.
    pub csrf: Csrf,
    pub session_id: String,
    /// Whether the account has two-factor sign-in on.
    pub two_factor: bool,
}

/// A session's CSRF token. Pages are compressed and echo what was searched for, so a token
/// that looked the same in every response could be read a byte at a time from compressed
/// sizes (BREACH). Every form therefore gets the token masked afresh: a random pad as long
/// as the token, then the token XOR that pad, in base64url. Every rendering differs, all of
/// them verify, and the raw token never appears in a page.
#[derive(Clone)]
pub struct Csrf(String);

impl std::fmt::Debug for Csrf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Csrf(..)")
    }
}

impl Csrf {
    /// The value for one form's hidden `csrf` field: different at every call.
    pub fn form_value(&self) -> String {
        let pad: Vec<u8> = (0..self.0.len()).map(|_| rand::random::<u8>()).collect();
        mask(self.0.as_bytes(), &pad)
    }

    /// Whether `submitted` is a masking of this token, compared in constant time.
    fn verifies(&self, submitted: &str) -> bool {
        unmask(submitted, self.0.len()).is_some_and(|raw| bool::from(raw.ct_eq(self.0.as_bytes())))
    }
}

/// `pad || token XOR pad`, base64url without padding; the pad is as long as the token and
/// used once.
fn mask(token: &[u8], pad: &[u8]) -> String {
    use base64::Engine;
    assert_eq!(token.len(), pad.len(), "a pad as long as the token");
    let mut out = pad.to_vec();
    out.extend(token.iter().zip(pad).map(|(t, p)| t ^ p));
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
}

/// The token inside a masked value, if it has the shape of one for a token of `len` bytes.
fn unmask(masked: &str, len: usize) -> Option<Vec<u8>> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(masked.trim())
        .ok()?;
    if bytes.len() != 2 * len || len == 0 {
        return None;
    }
    let (pad, masked) = bytes.split_at(len);
    Some(masked.iter().zip(pad).map(|(m, p)| m ^ p).collect())
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.account.id),
            email: Some(self.account.email.clone()),
        }
    }

    /// Refuses a form whose token is not this session's.
    pub(super) fn check_csrf(&self, token: &str) -> Result<(), PageError> {
        if self.csrf.verifies(token) {
            Ok(())
        } else {
            tracing::warn!(staff = self.account.id, "CSRF token mismatch");
            Err(PageError::Forbidden)
        }
    }
}

/// Not signed in: off to the sign-in page, coming back here afterwards.
pub struct SignInFirst(String);

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        // The address asked for goes through the same gate as the sign-in form's `next`, so
        // the sign-in page never carries a place it would not follow.
        let next = super::safe_next(Some(&self.0));
        Redirect::to(&format!("/staff/sign-in?next={}", urlencode(&next))).into_response()
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
        // A role guard and `CsrfForm` both ask; the session is looked up once per request.
        if let Some(user) = parts.extensions.get::<SignedIn>() {
            return Ok(user.clone());
        }
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/staff".into());
        let Some(id) = cookie_value(&parts.headers, COOKIE).map(str::to_owned) else {
            return Err(SignInFirst(here).into_response());
        };
        match lookup(&state.db, &id).await {
            Ok(Some((account, csrf, two_factor))) => {
                let user = SignedIn {
                    account,
                    csrf: Csrf(csrf),
                    session_id: id,
                    two_factor,
                };
                // Someone who must have two-factor and has not set it up reaches the set-up
                // page and the sign-out button, nothing else.
                if !two_factor
                    && state.settings.two_factor.applies_to(user.account.role)
                    && !ENROLMENT_PATHS.contains(&parts.uri.path())
                {
                    return Err(Redirect::to(super::account::TWO_FACTOR_PATH).into_response());
                }
                parts.extensions.insert(user.clone());
                Ok(user)
            }
            Ok(None) => Err(SignInFirst(here).into_response()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// What an account that must have two-factor and has not set it up may reach.
const ENROLMENT_PATHS: &[&str] = &[super::account::TWO_FACTOR_PATH, "/staff/sign-out"];

/// The account behind a live session (with its CSRF token and whether two-factor is on),
/// renewing its idle clock at most once a minute.
async fn lookup(db: &Database, id: &str) -> Result<Option<(Account, String, bool)>, sqlx::Error> {
    const SQL: &str =
        "SELECT s.staff_id, s.csrf_token, s.created_at, s.last_seen_at, a.totp_enabled_at FROM sessions s \
                       JOIN staff a ON a.id = s.staff_id WHERE s.id_hash = $1 AND a.active";
    let hash = accounts::token_hash(id);
    #[allow(clippy::type_complexity)]
    let row: Option<(
        i64,
        String,
        DateTime<Utc>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    )> = db::query(SQL).bind(&hash).fetch_optional(db).await?;
    let Some((staff_id, csrf, created, seen, two_factor_since)) = row else {
        return Ok(None);
    };
    let now = Utc::now();
    if now - seen > IDLE_TIMEOUT || now - created > ABSOLUTE_TIMEOUT {
        destroy(db, id).await?;
        return Ok(None);
    }
    if now - seen > Duration::minutes(1) {
        db::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
            .bind(&hash)
            .bind(now)
            .execute(db)
            .await?;
    }
    Ok(accounts::find(db, staff_id)
        .await?
        .map(|a| (a, csrf, two_factor_since.is_some())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Csrf {
        Csrf(super::accounts::new_token().0)
    }

    #[test]
    fn every_masking_differs_and_verifies() {
        let csrf = token();
        let values: Vec<String> = (0..50).map(|_| csrf.form_value()).collect();
        for (i, v) in values.iter().enumerate() {
            assert!(csrf.verifies(v));
            assert!(!v.contains(&csrf.0), "the raw token never shows");
            assert!(values[..i].iter().all(|w| w != v), "each masking is fresh");
            assert!(v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }

    #[test]
    fn the_raw_token_another_sessions_token_and_tampering_are_refused() {
        use base64::Engine;
        let csrf = token();
        let other = token();
        let good = csrf.form_value();
        assert!(
            !csrf.verifies(&csrf.0),
            "the unmasked token is not a form value"
        );
        assert!(!csrf.verifies(&other.form_value()));
        assert!(!csrf.verifies(""));
        assert!(!csrf.verifies("wrong"));
        assert!(!csrf.verifies(&good[..good.len() - 1]));
        assert!(!csrf.verifies(&format!("{good}AA")));
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let bytes = engine.decode(&good).unwrap();
        for i in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            let mut flipped = bytes.clone();
            flipped[i] ^= 1;
            assert!(
                !csrf.verifies(&engine.encode(flipped)),
                "a flipped bit at {i}"
            );
        }
        // Any pad verifies, the pad being part of the value.
        assert!(csrf.verifies(&mask(csrf.0.as_bytes(), &vec![0x5a; csrf.0.len()])));
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let csrf = token();
        assert!(!format!("{csrf:?}").contains(&csrf.0));
    }
}
