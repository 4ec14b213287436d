//! Routing rules: which address is emailed for a practice, a topic or both.

use super::pages::RoutingPage;
use super::store;
use crate::audit::{self, AuditAction};
use crate::domain::{ContactEmail, Topic};
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
        .route("/admin/routing", get(routing_page).post(add_rule))
        .route("/admin/routing/{id}/active", post(rule_active))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RuleForm {
    practice: String,
    topic: String,
    recipient: String,
    /// A staff account instead of an address: its current email is used while it is active.
    staff: String,
    description: String,
}

async fn routing_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    render_routing(
        &state,
        &locale,
        user,
        q.saved.is_some(),
        vec![],
        StatusCode::OK,
    )
    .await
}

async fn render_routing(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    saved: bool,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let rules = store::rules(&state.db).await?;
    let practices = store::practices(&state.db).await?;
    let staff = crate::staff::accounts::assignable(&state.db).await?;
    Ok(render_page(
        locale,
        status,
        move || view! { <RoutingPage user=user rules=rules practices=practices staff=staff saved=saved errors=errors/> },
    ))
}

async fn add_rule(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Result<Response, PageError> {
    let practice = match form.practice.as_str() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| PageError::BadRequest)?),
    };
    let topic = match form.topic.as_str() {
        "" => None,
        t => Some(Topic::parse(t).ok_or(PageError::BadRequest)?),
    };
    let staff = crate::staff::accounts::assignable(&state.db).await?;
    let account = match form.staff.as_str() {
        "" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| PageError::BadRequest)?;
            Some(
                staff
                    .into_iter()
                    .find(|a| a.id == id)
                    .ok_or(PageError::BadRequest)?,
            )
        }
    };
    let recipient = match (&account, form.recipient.trim()) {
        (Some(a), "") => ContactEmail::parse(&a.email).ok(),
        (None, typed) => ContactEmail::parse(typed).ok(),
        (Some(_), _) => None,
    };
    let (Some(recipient), Some(description)) = (recipient, short_text(&form.description)) else {
        let errors = vec![FieldError {
            field: "rule-recipient",
            message: locale.text(if account.is_some() {
                "admin-error-email-or-staff"
            } else {
                "admin-error-email"
            }),
        }];
        return render_routing(
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
    store::add_rule(
        &mut tx,
        practice,
        topic.map(Topic::slug),
        recipient.as_str(),
        account.as_ref().map(|a| a.id),
        &description,
    )
    .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::RoutingRuleAdded,
        None,
        &format!("{} ({description})", recipient.as_str()),
    )
    .await?;
    tx.commit().await?;
    state.routing_changed();
    Ok(saved("/admin/routing"))
}

async fn rule_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Toggle>,
) -> Result<Response, PageError> {
    let active = form.on();
    let mut tx = state.db.begin().await?;
    let changed = store::set_rule_active(&mut tx, id, active).await?;
    let detail = format!("rule {id} active {active}");
    let done = super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::RoutingRuleChanged,
        &detail,
        "/admin/routing",
    )
    .await;
    state.routing_changed();
    done
}
