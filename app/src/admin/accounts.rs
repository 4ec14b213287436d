//! Staff accounts: invite (the set-up link goes through the outbox), change a role, disable.
//! An admin can neither demote nor disable themselves, so someone can always undo a change.

use super::pages::AccountsPage;
use super::store;
use crate::audit::{self, AuditAction};
use crate::domain::ContactEmail;
use crate::error::PageError;
use crate::forms::{saved, short_text, Saved, Toggle};
use crate::i18n::Locale;
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::LinkPurpose;
use crate::staff::{accounts, accounts::Role, session::SignedIn};
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::Response,
    routing::{get, post},
    Router,
};
use leptos::prelude::view;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", get(accounts_page).post(invite))
        .route("/admin/accounts/{id}/role", post(change_role))
        .route("/admin/accounts/{id}/active", post(account_active))
        .route("/admin/accounts/{id}/two-factor", post(reset_two_factor))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    email: String,
    name: String,
    role: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RoleForm {
    role: String,
}

async fn accounts_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    render_accounts(
        &state,
        &locale,
        user,
        q.saved.is_some(),
        vec![],
        StatusCode::OK,
    )
    .await
}

async fn render_accounts(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    saved: bool,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let accounts = store::accounts(&state.db).await?;
    let two_factor = crate::staff::two_factor::enrolled_ids(&state.db).await?;
    Ok(render_page(locale, status, move || {
        view! { <AccountsPage user=user accounts=accounts two_factor=two_factor saved=saved errors=errors/> }
    }))
}

/// Creates the account and emails its set-up link through the outbox.
async fn invite(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<Response, PageError> {
    let email = ContactEmail::parse(&form.email).ok();
    let exists = match &email {
        Some(e) => accounts::find_by_email(&state.db, e.as_str())
            .await?
            .is_some(),
        None => false,
    };
    let (Some(email), false, Some(name), Some(role)) = (
        email,
        exists,
        short_text(&form.name),
        Role::parse(&form.role),
    ) else {
        let errors = vec![FieldError {
            field: "invite-email",
            message: locale.text("admin-error-email"),
        }];
        return render_accounts(
            &state,
            &locale,
            user,
            false,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let id = accounts::create_in(&mut tx, email.as_str(), &name, role).await?;
    crate::staff::queue_account_link(&mut tx, &state, id, email.as_str(), LinkPurpose::Setup)
        .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::AccountInvited,
        None,
        &format!("{} as {}", email.as_str(), role.slug()),
    )
    .await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(saved("/admin/accounts"))
}

async fn change_role(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<Response, PageError> {
    let role = Role::parse(&form.role).ok_or(PageError::BadRequest)?;
    if id == user.account.id && role != Role::Admin {
        // An admin cannot demote themselves and leave nobody able to undo it.
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    let changed = store::set_role(&mut tx, id, role).await?;
    let detail = format!("account {id} -> {}", role.slug());
    super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::AccountRoleChanged,
        &detail,
        "/admin/accounts",
    )
    .await
}

async fn account_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Toggle>,
) -> Result<Response, PageError> {
    let active = form.on();
    if id == user.account.id && !active {
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    let changed = store::set_active(&mut tx, id, active).await?;
    let action = if active {
        AuditAction::AccountEnabled
    } else {
        AuditAction::AccountDisabled
    };
    let detail = format!("account {id}");
    let done = super::finish_change(tx, changed, &user, action, &detail, "/admin/accounts").await;
    // A rule naming this account sends to it only while it is active.
    state.routing_changed();
    done
}

/// Turns an account's two-factor off (a lost phone, no recovery codes left): its sessions
/// end, its next sign-in sets two-factor up afresh, and its owner is emailed, so a reset
/// nobody asked for does not go unnoticed.
async fn reset_two_factor(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    _: CsrfForm,
) -> Result<Response, PageError> {
    let Some(account) = accounts::find(&state.db, id).await? else {
        return Err(PageError::NotFound);
    };
    let mut tx = state.db.begin().await?;
    crate::staff::two_factor::reset(&mut tx, id).await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::TwoFactorReset,
        None,
        &format!("account {id}"),
    )
    .await?;
    let message = crate::notify::emails::account_link(
        &state.notify,
        &account.email,
        &state.settings.link("/staff/sign-in"),
        "email-2fa-reset-subject",
        "email-2fa-reset-body",
    );
    crate::notify::outbox::enqueue(
        &mut tx,
        crate::notify::outbox::EmailKind::AccountNotice,
        &message,
        None,
    )
    .await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(saved("/admin/accounts"))
}
