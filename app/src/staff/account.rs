//! `/staff/account`: each signed-in person's own page. Their email and role, changing their
//! password, two-factor sign-in (set up, new recovery codes) and their sessions, with "sign
//! out everywhere else".

use super::account_pages::{AccountPage, RecoveryCodesPage, SessionRow, TwoFactorPage};
use super::accounts;
use super::guard::CsrfForm;
use super::session::{self, SignedIn};
use super::{client_ip, password_message, throttle, two_factor};
use crate::audit::{self, AuditAction};
use crate::db;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{ConnectInfo, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use chrono::{DateTime, Utc};
use leptos::prelude::view;
use std::net::SocketAddr;

/// The set-up page: the one place an account that must have two-factor can reach before
/// it has.
pub const TWO_FACTOR_PATH: &str = "/staff/account/two-factor";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/account", get(account_page))
        .route("/staff/account/password", post(change_password))
        .route("/staff/account/sessions", post(end_other_sessions))
        .route(
            "/staff/account/two-factor",
            get(two_factor_page).post(confirm_two_factor),
        )
        .route("/staff/account/recovery-codes", post(new_recovery_codes))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AccountQuery {
    saved: Option<String>,
}

async fn account_page(
    State(state): State<AppState>,
    locale: Locale,
    user: SignedIn,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let notice = match q.saved.as_deref() {
        Some("password") => Some(locale.text("account-saved-password")),
        Some("sessions") => Some(locale.text("account-saved-sessions")),
        _ => None,
    };
    render_account(&state, &locale, user, notice, vec![], StatusCode::OK).await
}

async fn render_account(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    notice: Option<String>,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let two_factor = two_factor::status(&state.db, user.account.id).await?;
    let sessions = sessions(&state.db, &user).await?;
    let required = state.settings.two_factor.applies_to(user.account.role);
    Ok(render_page(locale, status, move || {
        view! {
            <AccountPage user=user two_factor=two_factor required=required sessions=sessions notice=notice errors=errors/>
        }
    }))
}

/// The account's live sessions, newest first, this one marked.
async fn sessions(db: &db::Database, user: &SignedIn) -> Result<Vec<SessionRow>, sqlx::Error> {
    const SQL: &str = "SELECT id_hash, created_at, last_seen_at FROM sessions WHERE staff_id = $1 \
        AND last_seen_at > $2 AND created_at > $3 ORDER BY created_at DESC";
    let now = Utc::now();
    let rows: Vec<(Vec<u8>, DateTime<Utc>, DateTime<Utc>)> = db::query(SQL)
        .bind(user.account.id)
        .bind(now - session::IDLE_TIMEOUT)
        .bind(now - session::ABSOLUTE_TIMEOUT)
        .fetch_all(db)
        .await?;
    let current = accounts::token_hash(&user.session_id);
    Ok(rows
        .into_iter()
        .map(|(hash, created, seen)| SessionRow {
            signed_in: crate::domain::london_time(created),
            last_seen: crate::domain::london_time(seen),
            current: hash == current,
        })
        .collect())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PasswordChange {
    current_password: String,
    password: String,
    confirm: String,
}

/// A new password, given the current one. It ends every other session (and this one, which
/// is replaced by a fresh session id), as setting a password always does.
async fn change_password(
    State(state): State<AppState>,
    locale: Locale,
    user: SignedIn,
    connect: ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    CsrfForm(form): CsrfForm<PasswordChange>,
) -> Result<Response, PageError> {
    let ip = client_ip(&state, &headers, &connect);
    let pair_key = throttle::pair_key(&user.account.email, &ip);
    let refuse = |field: &'static str, message: String, status: StatusCode| {
        let errors = vec![FieldError { field, message }];
        render_account(&state, &locale, user.clone(), None, errors, status)
    };
    if throttle::failures(&state.db, &pair_key).await? >= throttle::PAIR_LIMIT {
        return refuse(
            "current_password",
            locale.text("signin-locked"),
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    let hash = accounts::find_by_email(&state.db, &user.account.email)
        .await?
        .and_then(|(_, hash)| hash);
    let current: String = form
        .current_password
        .chars()
        .take(accounts::MAX_PASSWORD_CHARS)
        .collect();
    if !accounts::verify_password(current, hash).await {
        throttle::record_failure(&state.db, &[&pair_key]).await?;
        return refuse(
            "current_password",
            locale.text("account-current-wrong"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if let Some(problem) = accounts::password_problem(
        &form.password,
        &form.confirm,
        &[&user.account.email, &user.account.name],
    ) {
        return refuse(
            "password",
            password_message(&locale, problem),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let hash = accounts::hash_password(form.password)
        .await
        .map_err(PageError::Internal)?;
    accounts::set_password_hash(&state.db, user.account.id, &hash).await?;
    let id = session::create(&state.db, user.account.id).await?;
    audit::record(&state.db, &user.actor(), AuditAction::PasswordSet, None, "").await?;
    let mut response = Redirect::to("/staff/account?saved=password").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session::cookie(Some(&id), state.settings.base_url.scheme() == "https"),
    );
    Ok(response)
}

/// Ends every session of this account but the one asking.
async fn end_other_sessions(
    State(state): State<AppState>,
    user: SignedIn,
    _: CsrfForm,
) -> Result<Response, PageError> {
    let mut tx = state.db.begin().await?;
    db::query("DELETE FROM sessions WHERE staff_id = $1 AND id_hash <> $2")
        .bind(user.account.id)
        .bind(accounts::token_hash(&user.session_id))
        .execute(&mut tx)
        .await?;
    audit::record_in(&mut tx, &user.actor(), AuditAction::SessionsEnded, None, "").await?;
    tx.commit().await?;
    Ok(Redirect::to("/staff/account?saved=sessions").into_response())
}

/// Setting up an authenticator: the QR code and the secret as text, and the box for the
/// first code. With two-factor already on, this sets up a replacement; the old one keeps
/// working until the new one is confirmed.
async fn two_factor_page(
    State(state): State<AppState>,
    locale: Locale,
    user: SignedIn,
) -> Result<Response, PageError> {
    render_two_factor(&state, &locale, user, vec![], StatusCode::OK).await
}

async fn render_two_factor(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let secret =
        two_factor::pending_secret(&state.db, &state.settings.sealing_key, user.account.id).await?;
    let enrolment = two_factor::enrolment(&secret, &user.account.email).ok_or_else(|| {
        PageError::Internal(anyhow::anyhow!("an authenticator secret gave no QR code"))
    })?;
    let required = state.settings.two_factor.applies_to(user.account.role);
    Ok(render_page(locale, status, move || {
        view! { <TwoFactorPage user=user enrolment=enrolment required=required errors=errors/> }
    }))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CodeForm {
    code: String,
}

/// Turns two-factor on once a code from the new authenticator is right, and shows the
/// recovery codes, once. Wrong codes count towards the same lock as at sign-in.
async fn confirm_two_factor(
    State(state): State<AppState>,
    locale: Locale,
    user: SignedIn,
    CsrfForm(form): CsrfForm<CodeForm>,
) -> Result<Response, PageError> {
    let code_key = throttle::code_key(user.account.id);
    let wrong = |key: &str| {
        let errors = vec![FieldError {
            field: "code",
            message: locale.text(key),
        }];
        render_two_factor(
            &state,
            &locale,
            user.clone(),
            errors,
            if key == "code-locked" {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
        )
    };
    if throttle::failures(&state.db, &code_key).await? >= throttle::PAIR_LIMIT {
        return wrong("code-locked").await;
    }
    let mut tx = state.db.begin().await?;
    let codes = two_factor::confirm(
        &mut tx,
        &state.settings.sealing_key,
        user.account.id,
        &form.code,
    )
    .await?;
    let Some(codes) = codes else {
        tx.rollback().await?;
        throttle::record_failure(&state.db, &[&code_key]).await?;
        audit::record(
            &state.db,
            &user.actor(),
            AuditAction::TwoFactorFailed,
            None,
            "set-up",
        )
        .await?;
        return wrong("code-wrong").await;
    };
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::TwoFactorEnabled,
        None,
        "",
    )
    .await?;
    tx.commit().await?;
    throttle::clear(&state.db, &code_key).await?;
    Ok(recovery_codes_page(&locale, user, codes, true))
}

/// A new set of recovery codes, replacing the old; shown once.
async fn new_recovery_codes(
    State(state): State<AppState>,
    locale: Locale,
    user: SignedIn,
    _: CsrfForm,
) -> Result<Response, PageError> {
    if !user.two_factor {
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    let codes = two_factor::replace_recovery_codes(&mut tx, user.account.id).await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::RecoveryCodesReplaced,
        None,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(recovery_codes_page(&locale, user, codes, false))
}

/// The codes are in this one response and nowhere else: it is never stored by the browser.
fn recovery_codes_page(
    locale: &Locale,
    user: SignedIn,
    codes: Vec<String>,
    just_enabled: bool,
) -> Response {
    let mut response = render_page(locale, StatusCode::OK, move || {
        view! { <RecoveryCodesPage user=user codes=codes just_enabled=just_enabled/> }
    });
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, "no-store".parse().expect("valid"));
    response
}
