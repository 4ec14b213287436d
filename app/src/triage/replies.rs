//! Changing a public reply after it is published: editing its text or withdrawing it. The
//! resident's tracking page shows the current text, or nothing once withdrawn; the text it
//! replaced is kept in `public_reply_versions` for staff (and goes with the submission on
//! erasure); the audit log records who changed which reply, without the text.

use super::{back_to, load, render_item, staff_text};
use crate::audit::{self, AuditAction};
use crate::db::{self, Tx};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::staff::guard::{CsrfForm, Staff};
use crate::state::AppState;
use crate::ui::FieldError;
use axum::{
    extract::{Path, State},
    response::Response,
    routing::post,
    Router,
};
use chrono::Utc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/submissions/{reference}/replies/{id}/edit",
            post(edit),
        )
        .route(
            "/staff/submissions/{reference}/replies/{id}/withdraw",
            post(withdraw),
        )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EditForm {
    body: String,
}

/// The reply's current text, when it belongs to this submission and is not withdrawn.
async fn current(tx: &mut Tx, submission: i64, reply: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = db::query(
        "SELECT body FROM public_replies WHERE id = $1 AND submission_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(reply)
    .bind(submission)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.map(|(body,)| body))
}

/// Keeps the text being replaced, with who replaced it.
async fn keep_version(
    tx: &mut Tx,
    reply: i64,
    body: &str,
    by: Option<i64>,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO public_reply_versions (reply_id, body, replaced_by, replaced_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(reply)
    .bind(body)
    .bind(by)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await
    .map(|_| ())
}

async fn edit(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Path((raw, reply)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<EditForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let Ok(body) = staff_text(&form.body) else {
        let problems = vec![FieldError {
            field: "replies",
            message: locale.text("item-reply-error-empty"),
        }];
        let shown = super::Shown {
            problems,
            ..super::Shown::default()
        };
        return render_item(&state, &locale, user, item, shown).await;
    };
    let mut tx = state.db.begin().await?;
    let Some(was) = current(&mut tx, item.id, reply).await? else {
        return Err(PageError::NotFound);
    };
    if was == body.as_str() {
        tx.rollback().await?;
        return Ok(back_to(&item));
    }
    keep_version(&mut tx, reply, &was, user.actor().id).await?;
    db::query("UPDATE public_replies SET body = $2, edited_at = $3 WHERE id = $1")
        .bind(reply)
        .bind(body.as_str())
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::ReplyEdited,
        Some(item.reference.as_str()),
        &format!("reply {reply} edited; earlier text kept with the item"),
    )
    .await?;
    tx.commit().await?;
    Ok(back_to(&item))
}

async fn withdraw(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((raw, reply)): Path<(String, i64)>,
    CsrfForm(_form): CsrfForm<EditForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let mut tx = state.db.begin().await?;
    // The text stays on the reply, marked withdrawn, for staff to read.
    if current(&mut tx, item.id, reply).await?.is_none() {
        return Err(PageError::NotFound);
    }
    db::query("UPDATE public_replies SET withdrawn_at = $2 WHERE id = $1")
        .bind(reply)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::ReplyWithdrawn,
        Some(item.reference.as_str()),
        &format!("reply {reply} withdrawn from the tracking page"),
    )
    .await?;
    tx.commit().await?;
    Ok(back_to(&item))
}
