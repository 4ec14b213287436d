//! Residents' rights and the retention policy: erasure by reference from the admin pages
//! (the resident's own tracking link erases too, in `resident/`, through the same `erase`),
//! a subject-access export of one submission for staff, and the daily retention job
//! (`retention`).

pub mod erase;
mod person;
pub mod retention;

use crate::audit;
use crate::audit::AuditAction;
use crate::db;
use crate::domain::{Channel, Kind, Priority, Reference, Status, Topic};
use crate::error::PageError;
use crate::i18n::{t, t_args, Locale};
use crate::staff::guard::{Admin, CsrfForm, Staff};
use crate::staff::{session::SignedIn, StaffNav};
use crate::state::AppState;
use crate::ui::{render_page, ErrorSummary, FieldError, Layout};
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/erase", get(erase_form).post(erase))
        .merge(person::routes())
        .route(
            "/staff/submissions/{reference}/export.json",
            get(subject_access),
        )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EraseForm {
    reference: String,
    /// Set by the confirmation step.
    confirm: String,
}

#[component]
fn ErasePage(
    user: SignedIn,
    reference: String,
    errors: Vec<FieldError>,
    /// The submission found, waiting for confirmation: (reference, received, topic).
    found: Option<(String, chrono::DateTime<chrono::Utc>, String)>,
    done: bool,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let csrf = user.csrf.clone();
    view! {
        <Layout title=t("erase-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            {done.then(|| view! { <p class="notice" role="status">{t("erase-done")}</p> })}
            <h1>{t("erase-title")}</h1>
            <p>{t("erase-lead")}</p>
            {match found {
                Some((reference, received, topic)) => view! {
                    <h2>{t("erase-confirm-heading")}</h2>
                    <p>{t_args("erase-confirm-body", &[("reference", reference.clone().into()), ("date", crate::resident::pages::long_date(&received).into()), ("topic", t(&format!("topic-{topic}")).into())])}</p>
                    <form method="post" action="/admin/erase">
                        <input type="hidden" name="csrf" value=csrf.form_value()/>
                        <input type="hidden" name="reference" value=reference/>
                        <input type="hidden" name="confirm" value="yes"/>
                        <div class="button-group">
                            <button class="button button--warning" type="submit">{t("erase-confirm-button")}</button>
                            <a href="/admin/erase">{t("erase-cancel")}</a>
                        </div>
                    </form>
                }.into_any(),
                None => view! {
                    <form method="post" action="/admin/erase" novalidate>
                        <input type="hidden" name="csrf" value=csrf.form_value()/>
                        <div class="form-group">
                            <label class="label" for="reference">{t("erase-reference")}</label>
                            <p class="hint" id="reference-hint">{t("erase-reference-hint")}</p>
                            <input class="input" id="reference" name="reference" type="text" autocomplete="off"
                                spellcheck="false" aria-describedby="reference-hint" value=reference/>
                        </div>
                        <button class="button" type="submit">{t("erase-find")}</button>
                    </form>
                }.into_any(),
            }}
        </Layout>
    }
}

async fn erase_form(
    locale: Locale,
    Admin(user): Admin,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    let done = q.contains_key("done");
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <ErasePage user=user reference=String::new() errors=vec![] found=None done=done/> }
    }))
}

/// Two steps: find the submission by its reference and show what it is, then erase it on
/// confirmation, through the same `erase::erase` as the resident's own deletion.
async fn erase(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<EraseForm>,
) -> Result<Response, PageError> {
    let not_found = |reference: String, key: &str| {
        let errors = vec![FieldError {
            field: "reference",
            message: locale.text(key),
        }];
        let user = user.clone();
        render_page(&locale, StatusCode::UNPROCESSABLE_ENTITY, move || {
            view! { <ErasePage user=user reference=reference errors=errors found=None done=false/> }
        })
    };
    let Ok(reference) = Reference::parse(&form.reference) else {
        return Ok(not_found(form.reference, "erase-error-reference"));
    };
    let row: Option<(chrono::DateTime<chrono::Utc>, String)> =
        db::query("SELECT created_at, topic FROM submissions WHERE reference = $1")
            .bind(reference.as_str())
            .fetch_optional(&state.db)
            .await?;
    let Some((received, topic)) = row else {
        return Ok(not_found(form.reference, "erase-error-not-found"));
    };
    if form.confirm != "yes" {
        let found = Some((reference.as_str().to_owned(), received, topic));
        return Ok(render_page(&locale, StatusCode::OK, move || {
            view! { <ErasePage user=user reference=String::new() errors=vec![] found=found done=false/> }
        }));
    }
    let actor = user.actor();
    let target = erase::Target::Reference(&reference);
    if erase::erase(&state.db, target, erase::Requester::Staff(&actor))
        .await?
        .is_none()
    {
        // Erased by someone else between the two steps.
        return Ok(not_found(form.reference, "erase-error-not-found"));
    }
    tracing::info!(staff = user.account.id, "submission erased on request");
    Ok(Redirect::to("/admin/erase?done=1").into_response())
}

/// Everything held about one submission, for a subject access request: the resident's own
/// words and contact details, the triage record, notes, replies and who looked at it.
#[derive(serde::Serialize)]
struct SubjectAccess {
    reference: String,
    received: chrono::DateTime<chrono::Utc>,
    kind: Kind,
    topic: Topic,
    practice: Option<String>,
    message: String,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    agreed_to_contact: bool,
    agreed_to_publication: bool,
    approved_quote: Option<String>,
    language: String,
    channel: Channel,
    status: Status,
    priority: Priority,
    themes: Vec<String>,
    staff_notes: Vec<Note>,
    public_replies: Vec<Note>,
    /// What the resident added from their tracking page.
    resident_additions: Vec<Note>,
    /// The photos as stored (already cleaned of metadata), base64-encoded.
    photos: Vec<Photo>,
    safeguarding_concern: Option<String>,
    access_log: Vec<Access>,
}

#[derive(serde::Serialize)]
struct Note {
    at: chrono::DateTime<chrono::Utc>,
    by: Option<String>,
    text: String,
}

#[derive(serde::Serialize)]
struct Photo {
    content_type: String,
    width: i32,
    height: i32,
    base64: String,
}

#[derive(serde::Serialize)]
struct Access {
    at: chrono::DateTime<chrono::Utc>,
    by: Option<String>,
    action: String,
}

/// Everything held about one submission, or `None` when there is no such submission.
async fn held_about(
    db: &db::Database,
    reference: &Reference,
) -> Result<Option<SubjectAccess>, sqlx::Error> {
    let Some(item) = crate::triage::store::item(db, reference).await? else {
        return Ok(None);
    };
    let history = audit::list(
        db,
        &audit::Filter {
            reference: reference.as_str().to_owned(),
            ..Default::default()
        },
    )
    .await?;
    let photos: Vec<(String, i32, i32, Vec<u8>)> = db::query(
        "SELECT content_type, width, height, bytes FROM submission_photos WHERE submission_id = $1 \
         ORDER BY position",
    )
    .bind(item.id)
    .fetch_all(db)
    .await?;
    use base64::Engine;
    Ok(Some(SubjectAccess {
        reference: reference.as_str().to_owned(),
        received: item.created_at,
        kind: item.kind,
        topic: item.topic,
        practice: item.practice,
        message: item.message,
        name: item.name,
        email: item.email,
        phone: item.phone,
        agreed_to_contact: item.contact_consent,
        agreed_to_publication: item.publish_consent,
        approved_quote: item.quote,
        language: item.language,
        channel: item.channel,
        status: item.status,
        priority: item.priority,
        themes: item.themes,
        staff_notes: item
            .notes
            .into_iter()
            .map(|(by, text, at)| Note {
                at,
                by: Some(by),
                text,
            })
            .collect(),
        public_replies: item
            .replies
            .into_iter()
            .map(|reply| Note {
                at: reply.at,
                by: None,
                text: reply.body,
            })
            .collect(),
        resident_additions: item
            .additions
            .into_iter()
            .map(|(text, at)| Note { at, by: None, text })
            .collect(),
        photos: photos
            .into_iter()
            .map(|(content_type, width, height, bytes)| Photo {
                content_type,
                width,
                height,
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            })
            .collect(),
        safeguarding_concern: item.safeguarding.map(|(reason, _, _)| reason),
        access_log: history
            .into_iter()
            .map(|e| Access {
                at: e.at,
                by: e.actor_email,
                action: e.action,
            })
            .collect(),
    }))
}

async fn subject_access(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let reference = Reference::parse(&raw).map_err(|_| PageError::NotFound)?;
    if crate::triage::store::item(&state.db, &reference)
        .await?
        .is_none()
    {
        return Err(PageError::NotFound);
    }
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::SubjectAccessExport,
        Some(reference.as_str()),
        "",
    )
    .await?;
    let body = held_about(&state.db, &reference)
        .await?
        .ok_or(PageError::NotFound)?;
    let json = serde_json::to_vec_pretty(&body).map_err(|e| PageError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!(
                    "attachment; filename=\"submission-{}.json\"",
                    reference.as_str()
                ))
                .expect("a plain file name"),
            ),
        ],
        json,
    )
        .into_response())
}
