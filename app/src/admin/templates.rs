//! Reply templates: wording admins keep, in English and Bengali, that staff start a public
//! reply from (the item page inserts one into its reply box; the text can then be changed).
//! Template text goes through the same parsing and sanitiser as every reply.

use super::pages::{active_toggle, csrf_field, AdminFrame};
use crate::audit::{self, AuditAction};
use crate::db::{self, Database};
use crate::domain::Message;
use crate::error::PageError;
use crate::forms::{saved, short_text, Saved, Toggle};
use crate::i18n::{t, Locale};
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
use chrono::Utc;
use leptos::prelude::*;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/templates", get(templates_page).post(add_template))
        .route("/admin/templates/{id}/active", post(template_active))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Template {
    pub id: i64,
    pub title: String,
    pub body_en: String,
    pub body_bn: Option<String>,
    pub active: bool,
}

/// Every template, active ones first.
pub async fn all(db: &Database) -> Result<Vec<Template>, sqlx::Error> {
    db::query(
        "SELECT id, title, body_en, body_bn, active FROM reply_templates ORDER BY active DESC, title, id",
    )
    .fetch_all(db)
    .await
}

/// The templates staff can use now.
pub async fn active(db: &Database) -> Result<Vec<Template>, sqlx::Error> {
    db::query(
        "SELECT id, title, body_en, body_bn, active FROM reply_templates WHERE active ORDER BY title, id",
    )
    .fetch_all(db)
    .await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TemplateForm {
    title: String,
    body_en: String,
    body_bn: String,
}

async fn templates_page(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    render(
        &state,
        &locale,
        user,
        q.saved.is_some(),
        vec![],
        TemplateForm::default(),
    )
    .await
}

async fn render(
    state: &AppState,
    locale: &Locale,
    user: SignedIn,
    saved: bool,
    errors: Vec<FieldError>,
    typed: TemplateForm,
) -> Result<Response, PageError> {
    let templates = all(&state.db).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_page(locale, status, move || {
        view! { <TemplatesPage user=user templates=templates saved=saved errors=errors typed=typed/> }
    }))
}

async fn add_template(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Result<Response, PageError> {
    let title = short_text(&form.title);
    let body_en = Message::parse(&form.body_en).ok();
    let body_bn = match form.body_bn.trim() {
        "" => Ok(None),
        text => Message::parse(text).map(Some),
    };
    let mut errors = Vec::new();
    if title.is_none() {
        errors.push(FieldError {
            field: "template-title",
            message: locale.text("admin-template-error-title"),
        });
    }
    if body_en.is_none() {
        errors.push(FieldError {
            field: "template-en",
            message: locale.text("admin-template-error-en"),
        });
    }
    if body_bn.is_err() {
        errors.push(FieldError {
            field: "template-bn",
            message: locale.text("admin-template-error-bn"),
        });
    }
    let (Some(title), Some(body_en), Ok(body_bn), true) =
        (title, body_en, body_bn, errors.is_empty())
    else {
        return render(&state, &locale, user, false, errors, form).await;
    };
    let mut tx = state.db.begin().await?;
    db::query(
        "INSERT INTO reply_templates (title, body_en, body_bn, active, created_at) VALUES ($1, $2, $3, TRUE, $4)",
    )
    .bind(title.as_str())
    .bind(body_en.as_str())
    .bind(body_bn.as_ref().map(Message::as_str))
    .bind(Utc::now())
    .execute(&mut tx)
    .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::ReplyTemplateAdded,
        None,
        &title,
    )
    .await?;
    tx.commit().await?;
    Ok(saved("/admin/templates"))
}

async fn template_active(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<Toggle>,
) -> Result<Response, PageError> {
    let active = form.on();
    let mut tx = state.db.begin().await?;
    let changed = db::query("UPDATE reply_templates SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(&mut tx)
        .await?;
    let detail = format!("template {id} active {active}");
    super::finish_change(
        tx,
        changed,
        &user,
        AuditAction::ReplyTemplateChanged,
        &detail,
        "/admin/templates",
    )
    .await
}

#[component]
fn TemplatesPage(
    user: SignedIn,
    templates: Vec<Template>,
    saved: bool,
    errors: Vec<FieldError>,
    typed: TemplateForm,
) -> impl IntoView {
    let csrf = user.csrf.clone();
    view! {
        <AdminFrame user=user title=t("admin-templates") saved=saved errors=errors>
            <p>{t("admin-templates-lead")}</p>
            {if templates.is_empty() {
                view! { <p>{t("admin-templates-none")}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t("admin-template-title")}</th>
                                <th scope="col">{t("admin-template-en")}</th>
                                <th scope="col">{t("admin-template-bn")}</th>
                                <th scope="col">{t("admin-active")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {templates.into_iter().map(|tp| view! {
                                <tr>
                                    <td>{tp.title.clone()}</td>
                                    <td class="resident-text">{tp.body_en.clone()}</td>
                                    <td class="resident-text" lang="bn">{tp.body_bn.clone().unwrap_or_default()}</td>
                                    <td>{active_toggle(&csrf, format!("/admin/templates/{}/active", tp.id), tp.active)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <h2>{t("admin-template-add")}</h2>
            <form method="post" action="/admin/templates" novalidate>
                {csrf_field(&csrf)}
                <div class="form-group">
                    <label class="label" for="template-title">{t("admin-template-title")}</label>
                    <input class="input" id="template-title" name="title" type="text" autocomplete="off" value=typed.title/>
                </div>
                <div class="form-group">
                    <label class="label" for="template-en">{t("admin-template-en")}</label>
                    <textarea class="textarea" id="template-en" name="body_en" rows="5" lang="en"
                        inner_html=crate::ui::escape_textarea(&typed.body_en)></textarea>
                </div>
                <div class="form-group">
                    <label class="label" for="template-bn">{t("admin-template-bn")}</label>
                    <p class="hint" id="template-bn-hint">{t("admin-template-bn-hint")}</p>
                    <textarea class="textarea" id="template-bn" name="body_bn" rows="5" lang="bn" aria-describedby="template-bn-hint"
                        inner_html=crate::ui::escape_textarea(&typed.body_bn)></textarea>
                </div>
                <button class="button" type="submit">{t("admin-add")}</button>
            </form>
        </AdminFrame>
    }
}
