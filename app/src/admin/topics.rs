//! Topics are a fixed list in the code (`domain::Topic`, each with its words in every
//! language); admins switch them on and off.

use super::pages::TopicsPage;
use super::store;
use crate::audit::{self, AuditAction};
use crate::domain::Topic;
use crate::error::PageError;
use crate::forms::{saved, Saved, Toggle};
use crate::i18n::Locale;
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
        .route("/admin/topics", get(topics_page))
        .route("/admin/topics/{slug}/active", post(topic_active))
}

async fn topics_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    let topics = store::topics(&state.db).await?;
    let saved = q.saved.is_some();
    Ok(render_page(
        &locale,
        StatusCode::OK,
        move || view! { <TopicsPage user=user topics=topics saved=saved/> },
    ))
}

async fn topic_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<Toggle>,
) -> Result<Response, PageError> {
    let topic = Topic::parse(&slug).ok_or(PageError::NotFound)?;
    let active = form.on();
    let mut tx = state.db.begin().await?;
    store::set_topic_active(&mut tx, topic, active).await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::TopicActiveChanged,
        None,
        &format!("{slug} active {active}"),
    )
    .await?;
    tx.commit().await?;
    state.choices_changed();
    Ok(saved("/admin/topics"))
}
