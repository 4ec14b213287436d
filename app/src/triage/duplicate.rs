//! Linking duplicates: a resident who writes twice about the same thing, or two residents
//! raising one problem, is one item to answer. The duplicate is closed with a pointer to the
//! original and counted once in insights (the `duplicates` migration keeps its count under
//! a status no figure adds up). Unlinking reopens it.

use super::{back_to, load, render_item, store::Item};
use crate::audit::{self, AuditAction};
use crate::db::{self, Tx};
use crate::domain::{Reference, Status};
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
        .route("/staff/submissions/{reference}/duplicate", post(link))
        .route("/staff/submissions/{reference}/not-duplicate", post(unlink))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DuplicateForm {
    /// The original's reference, typed as staff have it (with or without the dash).
    of: String,
}

/// Why a link was refused, shown beside the reference box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    NotAReference,
    NotFound,
    Itself,
}

impl Refused {
    fn message(self, locale: &Locale) -> String {
        locale.text(match self {
            Refused::NotAReference => "item-duplicate-error-reference",
            Refused::NotFound => "item-duplicate-error-not-found",
            Refused::Itself => "item-duplicate-error-itself",
        })
    }
}

/// The original an item would point at: the one named, or what that one is itself a
/// duplicate of, so every chain is one step long.
async fn original_for(
    tx: &mut Tx,
    item: &Item,
    typed: &str,
) -> Result<Result<(i64, Reference), Refused>, sqlx::Error> {
    let Ok(named) = Reference::parse(typed) else {
        return Ok(Err(Refused::NotAReference));
    };
    let found: Option<(i64, Option<String>)> =
        db::query("SELECT id, duplicate_of FROM submissions WHERE reference = $1")
            .bind(named.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let Some((id, pointer)) = found else {
        return Ok(Err(Refused::NotFound));
    };
    let (id, reference) = match pointer.and_then(|p| Reference::parse(&p).ok()) {
        Some(further) => {
            let row: Option<(i64,)> = db::query("SELECT id FROM submissions WHERE reference = $1")
                .bind(further.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            match row {
                Some((id,)) => (id, further),
                // The original was erased: its duplicate stands for it now.
                None => (id, named),
            }
        }
        None => (id, named),
    };
    if id == item.id {
        return Ok(Err(Refused::Itself));
    }
    Ok(Ok((id, reference)))
}

async fn link(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<DuplicateForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let mut tx = state.db.begin().await?;
    let (_, original) = match original_for(&mut tx, &item, form.of.trim()).await? {
        Ok(found) => found,
        Err(refused) => {
            tx.rollback().await?;
            let problems = vec![FieldError {
                field: "duplicate-of",
                message: refused.message(&locale),
            }];
            let shown = super::Shown {
                problems,
                ..super::Shown::default()
            };
            return render_item(&state, &locale, user, item, shown).await;
        }
    };
    let now = Utc::now();
    db::query(
        "UPDATE submissions SET duplicate_of = $2, status = $3, updated_at = $4, \
         closed_at = COALESCE(closed_at, $4) WHERE id = $1",
    )
    .bind(item.id)
    .bind(original.as_str())
    .bind(Status::Closed)
    .bind(now)
    .execute(&mut tx)
    .await?;
    // Items that pointed here point at the original now: one step, always.
    db::query("UPDATE submissions SET duplicate_of = $2 WHERE duplicate_of = $1")
        .bind(item.reference.as_str())
        .bind(original.as_str())
        .execute(&mut tx)
        .await?;
    // Themes are counted on the original; a duplicate's would count the same thing twice.
    db::query("DELETE FROM submission_themes WHERE submission_id = $1")
        .bind(item.id)
        .execute(&mut tx)
        .await?;
    let actor = user.actor();
    audit::record_in(
        &mut tx,
        &actor,
        AuditAction::DuplicateLinked,
        Some(item.reference.as_str()),
        &format!("duplicate of {original}"),
    )
    .await?;
    audit::record_in(
        &mut tx,
        &actor,
        AuditAction::DuplicateLinked,
        Some(original.as_str()),
        &format!("{} linked as its duplicate", item.reference),
    )
    .await?;
    tx.commit().await?;
    Ok(back_to(&item))
}

/// Not a duplicate after all: the pointer goes, the item reopens for review and counts
/// again.
async fn unlink(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(_form): CsrfForm<DuplicateForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let Some(original) = item.duplicate_of.clone() else {
        return Ok(back_to(&item));
    };
    let mut tx = state.db.begin().await?;
    db::query(
        "UPDATE submissions SET duplicate_of = NULL, status = $2, updated_at = $3, closed_at = NULL \
         WHERE id = $1",
    )
    .bind(item.id)
    .bind(Status::InReview)
    .bind(Utc::now())
    .execute(&mut tx)
    .await?;
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::DuplicateUnlinked,
        Some(item.reference.as_str()),
        &format!("no longer a duplicate of {original}"),
    )
    .await?;
    tx.commit().await?;
    Ok(back_to(&item))
}
