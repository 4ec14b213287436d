//! The outbox as admins see it: emails waiting or failed, and sending failed ones again.

use super::pages::OutboxPage;
use crate::audit::{self, AuditAction};
use crate::error::PageError;
use crate::forms::{saved, Saved};
use crate::i18n::Locale;
use crate::notify::outbox;
use crate::staff::guard::{Admin, CsrfForm};
use crate::state::AppState;
use crate::ui::render_page;
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
        .route("/admin/outbox", get(outbox_page))
        .route("/admin/outbox/{id}/retry", post(retry_one))
        .route("/admin/outbox/retry", post(retry_all))
}

async fn outbox_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    let entries = outbox::unsent(&state.db).await?;
    let saved = q.saved.is_some();
    Ok(render_page(
        &locale,
        StatusCode::OK,
        move || view! { <OutboxPage user=user entries=entries saved=saved/> },
    ))
}

async fn retry_one(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    _: CsrfForm,
) -> Result<Response, PageError> {
    let mut tx = state.db.begin().await?;
    outbox::retry_failed_in(&mut tx, Some(id), chrono::Utc::now()).await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::OutboxRetried,
        None,
        &format!("email {id}"),
    )
    .await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(saved("/admin/outbox"))
}

async fn retry_all(
    State(state): State<AppState>,
    Admin(user): Admin,
    _: CsrfForm,
) -> Result<Response, PageError> {
    let mut tx = state.db.begin().await?;
    let n = outbox::retry_failed_in(&mut tx, None, chrono::Utc::now()).await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::OutboxRetried,
        None,
        &format!("{n} failed emails"),
    )
    .await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(saved("/admin/outbox"))
}
