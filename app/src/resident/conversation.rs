//! Adding to a message from the tracking page. The addition joins the staff replies in one
//! conversation on both the tracking page and the item page; an item already answered or
//! closed goes back to "in review", and whoever it is assigned to (else the triage inbox)
//! is told by email through the outbox, in the same transaction.

use super::store::TrackedSubmission;
use super::Tracked;
use crate::audit::{self, Actor, AuditAction};
use crate::db::{self, Tx};
use crate::domain::{Message, Status, TextError, MESSAGE_MAX_CHARS};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{outbox, staff_emails, NotifySettings};
use crate::state::AppState;
use crate::ui::FieldError;
use axum::{
    extract::{rejection::FormRejection, State},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Form, Router,
};
use chrono::Utc;

pub fn routes() -> Router<AppState> {
    Router::new().route("/track/{token}/add", post(add))
}

/// What the tracking page's form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AddForm {
    pub message: String,
}

/// The same rules as the first message: length, no control characters, few links.
fn check(form: &AddForm, locale: &Locale) -> Result<Message, FieldError> {
    let problem = |message: String| FieldError {
        field: "message",
        message,
    };
    let message = Message::parse(&form.message).map_err(|e| {
        problem(match e {
            TextError::Empty => locale.text("track-add-error-empty"),
            TextError::TooLong => locale.text_args(
                "error-message-too-long",
                &[
                    ("max", MESSAGE_MAX_CHARS.into()),
                    ("count", form.message.trim().chars().count().into()),
                ],
            ),
            TextError::ControlCharacters => locale.text("error-message-control"),
        })
    })?;
    let max = super::form::MAX_LINKS;
    if super::form::count_links(message.as_str()) > max {
        return Err(problem(
            locale.text_args("error-message-links", &[("max", max.into())]),
        ));
    }
    Ok(message)
}

#[tracing::instrument(skip_all)]
async fn add(
    State(state): State<AppState>,
    locale: Locale,
    Tracked { token, submission }: Tracked,
    form: Result<Form<AddForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => {
            tracing::info!(status = %rejection.status(), "unreadable addition form");
            return Ok(rejection.status().into_response());
        }
    };
    let message = match check(&form, &locale) {
        Ok(message) => message,
        Err(error) => {
            tracing::info!("addition to a message has errors");
            return Ok(super::track_page(
                &locale,
                &token,
                submission,
                form,
                vec![error],
                false,
            ));
        }
    };
    let mut tx = state.db.begin().await?;
    record(&mut tx, &state.notify, &submission, message.as_str()).await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    tracing::info!(
        submission = submission.id,
        "resident added to their message"
    );
    Ok(Redirect::to(&format!("/track/{}?added=1#conversation", token.as_str())).into_response())
}

/// Stores the addition, reopens an answered or closed item, tells its owner, and audits it
/// (without the words: the audit log outlives erasure).
async fn record(
    tx: &mut Tx,
    settings: &NotifySettings,
    submission: &TrackedSubmission,
    body: &str,
) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    db::query(
        "INSERT INTO resident_additions (submission_id, body, created_at) VALUES ($1, $2, $3)",
    )
    .bind(submission.id)
    .bind(body)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    db::query(
        "UPDATE submissions SET status = $2, updated_at = $3, closed_at = NULL \
         WHERE id = $1 AND status IN ('responded', 'closed')",
    )
    .bind(submission.id)
    .bind(Status::InReview)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let assignee: Option<(Option<String>,)> = db::query(
        "SELECT a.email FROM submissions s LEFT JOIN staff a ON a.id = s.assignee_id AND a.active \
         WHERE s.id = $1",
    )
    .bind(submission.id)
    .fetch_optional(&mut *tx)
    .await?;
    let to = assignee
        .and_then(|(email,)| email)
        .unwrap_or_else(|| settings.triage.clone());
    let email = staff_emails::resident_added(settings, &to, &submission.reference, body);
    outbox::enqueue(
        tx,
        outbox::EmailKind::ResidentAddition,
        &email,
        Some(submission.id),
    )
    .await?;
    let resident = Actor {
        id: None,
        email: Some("resident (tracking link)".to_owned()),
    };
    audit::record_in(
        tx,
        &resident,
        AuditAction::ResidentAdded,
        Some(submission.reference.as_str()),
        "",
    )
    .await
}
