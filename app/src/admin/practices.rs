//! GP practices and their primary care networks, as residents choose them on the form.

use super::pages::PracticesPage;
use super::store;
use crate::audit::{self, AuditAction};
use crate::error::PageError;
use crate::forms::{saved, short_text, Saved, Toggle};
use crate::i18n::Locale;
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::session::SignedIn;
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
        .route("/admin/practices", get(practices_page).post(add_practice))
        .route("/admin/practices/{id}/active", post(practice_active))
        .route("/admin/networks", post(add_network))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PracticeForm {
    code: String,
    name: String,
    network: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct NetworkForm {
    name: String,
}

async fn practices_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    render_practices(
        &state,
        &locale,
        user,
        q.saved.is_some(),
        vec![],
        StatusCode::OK,
    )
    .await
}

async fn render_practices(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    saved: bool,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let practices = store::practices(&state.db).await?;
    let networks = store::networks(&state.db).await?;
    Ok(render_page(
        locale,
        status,
        move || view! { <PracticesPage user=user practices=practices networks=networks saved=saved errors=errors/> },
    ))
}

async fn add_practice(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<PracticeForm>,
) -> Result<Response, PageError> {
    let network: Option<i64> = form.network.parse().ok();
    let code = short_text(&form.code).map(|c| c.to_uppercase());
    let (Some(code), Some(name), Some(network)) = (code, short_text(&form.name), network) else {
        let errors = vec![FieldError {
            field: "practice-code",
            message: locale.text("admin-error-text"),
        }];
        return render_practices(
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
    if let Err(e) = store::add_practice(&mut tx, &code, &name, network).await {
        tx.rollback().await?;
        if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation() || d.is_foreign_key_violation())
        {
            let errors = vec![FieldError {
                field: "practice-code",
                message: locale.text("admin-error-text"),
            }];
            return render_practices(
                &state,
                &locale,
                user,
                false,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        return Err(e.into());
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::PracticeAdded,
        None,
        &format!("{code} {name}"),
    )
    .await?;
    tx.commit().await?;
    // The cached feedback form lists practices and topics: this server shows a change at once,
    // others within the cache's few seconds.
    state.choices_changed();
    Ok(saved("/admin/practices"))
}

async fn add_network(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<NetworkForm>,
) -> Result<Response, PageError> {
    let Some(name) = short_text(&form.name) else {
        let errors = vec![FieldError {
            field: "network-name",
            message: locale.text("admin-error-text"),
        }];
        return render_practices(
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
    if let Err(e) = store::add_network(&mut tx, &name).await {
        tx.rollback().await?;
        if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) {
            let errors = vec![FieldError {
                field: "network-name",
                message: locale.text("admin-error-text"),
            }];
            return render_practices(
                &state,
                &locale,
                user,
                false,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        return Err(e.into());
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::NetworkAdded,
        None,
        &name,
    )
    .await?;
    tx.commit().await?;
    Ok(saved("/admin/practices"))
}

async fn practice_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Toggle>,
) -> Result<Response, PageError> {
    let active = form.on();
    let mut tx = state.db.begin().await?;
    let changed = store::set_practice_active(&mut tx, id, active).await?;
    let detail = format!("practice {id} active {active}");
    let done = super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::PracticeActiveChanged,
        &detail,
        "/admin/practices",
    )
    .await?;
    state.choices_changed();
    Ok(done)
}
