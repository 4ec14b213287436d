//! Admin pages, for the `admin` role only: staff accounts (invite, change role, disable),
//! practices and networks, routing rules, and the outbox (pending and failed emails, retry).
//! Every change is audited. Topics are a fixed list in the code (`domain::Topic`, each with
//! its words in every language); admins switch them on and off.

pub mod pages;
pub mod store;

use crate::audit;
use crate::audit::AuditAction;
use crate::domain::{ContactEmail, Topic};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{emails, outbox};
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::{accounts, accounts::Role, session::SignedIn};
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use leptos::prelude::view;
use pages::{AccountsPage, OutboxPage, PracticesPage, RoutingPage, TopicsPage};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/accounts") }))
        .route("/admin/accounts", get(accounts_page).post(invite))
        .route("/admin/accounts/{id}/role", post(change_role))
        .route("/admin/accounts/{id}/active", post(account_active))
        .route("/admin/practices", get(practices_page).post(add_practice))
        .route("/admin/practices/{id}/active", post(practice_active))
        .route("/admin/networks", post(add_network))
        .route("/admin/topics", get(topics_page))
        .route("/admin/topics/{slug}/active", post(topic_active))
        .route("/admin/routing", get(routing_page).post(add_rule))
        .route("/admin/routing/{id}/active", post(rule_active))
        .route("/admin/outbox", get(outbox_page))
        .route("/admin/outbox/{id}/retry", post(retry_one))
        .route("/admin/outbox/retry", post(retry_all))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Saved {
    saved: Option<String>,
}

fn saved(path: &str) -> Response {
    Redirect::to(&format!("{path}?saved=1")).into_response()
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AdminForm {
    email: String,
    name: String,
    role: String,
    active: String,
    code: String,
    network: String,
    practice: String,
    topic: String,
    recipient: String,
    description: String,
}

impl AdminForm {
    fn text(&self, value: &str) -> Option<String> {
        let v = crate::sanitise::plain_text(value.trim());
        let v: String = v.chars().filter(|c| !c.is_control()).take(200).collect();
        (!v.trim().is_empty()).then(|| v.trim().to_owned())
    }
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
    Ok(render_page(
        locale,
        status,
        move || view! { <AccountsPage user=user accounts=accounts saved=saved errors=errors/> },
    ))
}

/// Creates the account and emails its set-up link through the outbox.
async fn invite(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<AdminForm>,
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
        form.text(&form.name),
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
    let token = accounts::issue_password_token_in(&mut tx, id, "setup").await?;
    let link = state.settings.link(&format!("/staff/set-password/{token}"));
    let message = emails::account_link(
        &state.notify,
        email.as_str(),
        &link,
        "email-invite-subject",
        "email-invite-body",
    );
    outbox::enqueue(&mut tx, outbox::EmailKind::AccountLink, &message, None).await?;
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
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let role = Role::parse(&form.role).ok_or(PageError::BadRequest)?;
    if id == user.account.id && role != Role::Admin {
        // An admin cannot demote themselves and leave nobody able to undo it.
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    if store::set_role(&mut tx, id, role).await? == 0 {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::AccountRoleChanged,
        None,
        &format!("account {id} -> {}", role.slug()),
    )
    .await?;
    tx.commit().await?;
    Ok(saved("/admin/accounts"))
}

async fn account_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let active = form.active == "true";
    if id == user.account.id && !active {
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    if store::set_active(&mut tx, id, active).await? == 0 {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        if active {
            AuditAction::AccountEnabled
        } else {
            AuditAction::AccountDisabled
        },
        None,
        &format!("account {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(saved("/admin/accounts"))
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
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let network: Option<i64> = form.network.parse().ok();
    let code = form.text(&form.code).map(|c| c.to_uppercase());
    let (Some(code), Some(name), Some(network)) = (code, form.text(&form.name), network) else {
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
    state.pages.clear();
    Ok(saved("/admin/practices"))
}

async fn add_network(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let Some(name) = form.text(&form.name) else {
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
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let active = form.active == "true";
    let mut tx = state.db.begin().await?;
    if store::set_practice_active(&mut tx, id, active).await? == 0 {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::PracticeActiveChanged,
        None,
        &format!("practice {id} active {active}"),
    )
    .await?;
    tx.commit().await?;
    state.pages.clear();
    Ok(saved("/admin/practices"))
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
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let topic = Topic::parse(&slug).ok_or(PageError::NotFound)?;
    let active = form.active == "true";
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
    state.pages.clear();
    Ok(saved("/admin/topics"))
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
    Ok(render_page(
        locale,
        status,
        move || view! { <RoutingPage user=user rules=rules practices=practices saved=saved errors=errors/> },
    ))
}

async fn add_rule(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let practice = match form.practice.as_str() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| PageError::BadRequest)?),
    };
    let topic = match form.topic.as_str() {
        "" => None,
        t => Some(Topic::parse(t).ok_or(PageError::BadRequest)?),
    };
    let (Ok(recipient), Some(description)) = (
        ContactEmail::parse(&form.recipient),
        form.text(&form.description),
    ) else {
        let errors = vec![FieldError {
            field: "rule-recipient",
            message: locale.text("admin-error-email"),
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
    Ok(saved("/admin/routing"))
}

async fn rule_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AdminForm>,
) -> Result<Response, PageError> {
    let active = form.active == "true";
    let mut tx = state.db.begin().await?;
    if store::set_rule_active(&mut tx, id, active).await? == 0 {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::RoutingRuleChanged,
        None,
        &format!("rule {id} active {active}"),
    )
    .await?;
    tx.commit().await?;
    Ok(saved("/admin/routing"))
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
