//! Erasure: the one way a submission is removed, whether its resident deletes it from the
//! tracking page or an admin erases it by reference on request. Both must leave no text of
//! it anywhere, so both run this one function, in one transaction.
//!
//! What goes: the submission row (message, contact details, approved quote, safeguarding
//! reason), its notes, public replies and themes, and every email about it, sent or not
//! (a waiting email holds the address and maybe the tracking link or a reply; a sent or failed
//! one still holds the address). What stays: its counts in the insights roll-ups (the
//! triggers in the `erasure_keeps_counts` migration keep them and drop theme rows that fall
//! to zero), and the audit trail of who did what and when, which never holds free text.

use crate::audit::AuditAction;
use crate::audit::{self, Actor};
use crate::db::{self, Database, Tx};
use crate::domain::{Reference, TrackingToken};

/// Which submission: as the resident's tracking link names it, or by its reference.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    TrackingLink(&'a TrackingToken),
    Reference(&'a Reference),
}

/// Who asked, for the audit log.
#[derive(Debug, Clone, Copy)]
pub enum Requester<'a> {
    /// The resident, holding the tracking link.
    Resident,
    /// A member of staff acting on the resident's request.
    Staff(&'a Actor),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    pub reference: String,
    /// Emails about it that were removed from the outbox, in any state.
    pub emails_removed: u64,
}

/// Erases the submission, or returns `None` when there is none (nothing is changed then).
#[tracing::instrument(skip_all)]
pub async fn erase(
    db: &Database,
    target: Target<'_>,
    by: Requester<'_>,
) -> Result<Option<Erased>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let erased = erase_in(&mut tx, target, Some(by)).await?;
    if erased.is_some() {
        tx.commit().await?;
    }
    Ok(erased)
}

/// The erasure inside the caller's transaction. With `audit_as`, it writes its own audit
/// row; without, the caller records the whole action once (erasing all of a person's
/// submissions is one action).
pub async fn erase_in(
    tx: &mut Tx,
    target: Target<'_>,
    audit_as: Option<Requester<'_>>,
) -> Result<Option<Erased>, sqlx::Error> {
    let Some((id, reference)) = lock(tx, target).await? else {
        return Ok(None);
    };
    // The emails first: once the row is gone, their `submission_id` is cleared by the foreign
    // key and they could no longer be told apart from others.
    let emails_removed = db::query("DELETE FROM outbox WHERE submission_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // Themes before the row, so their trigger can still read the row to find the roll-up rows.
    for sql in [
        "DELETE FROM submission_themes WHERE submission_id = $1",
        "DELETE FROM notes WHERE submission_id = $1",
        "DELETE FROM public_reply_versions WHERE reply_id IN \
         (SELECT id FROM public_replies WHERE submission_id = $1)",
        "DELETE FROM public_replies WHERE submission_id = $1",
        "DELETE FROM resident_additions WHERE submission_id = $1",
        "DELETE FROM submission_photos WHERE submission_id = $1",
        "DELETE FROM submissions WHERE id = $1",
    ] {
        db::query(sql).bind(id).execute(&mut *tx).await?;
    }
    let Some(by) = audit_as else {
        return Ok(Some(Erased {
            reference,
            emails_removed,
        }));
    };
    let resident = Actor {
        id: None,
        email: Some("resident (tracking link)".to_owned()),
    };
    let (actor, how) = match by {
        Requester::Resident => (&resident, "deleted by the resident from the tracking page"),
        Requester::Staff(actor) => (actor, "erased on the resident's request"),
    };
    let detail = format!("{how}; {emails_removed} emails about it removed");
    audit::record_in(
        tx,
        actor,
        AuditAction::SubmissionErased,
        Some(&reference),
        &detail,
    )
    .await?;
    Ok(Some(Erased {
        reference,
        emails_removed,
    }))
}

/// Finds the submission and, on PostgreSQL, locks its row until the erasure commits: a reply
/// or a safeguarding flag being saved at the same moment (with its email) then either commits
/// first, and its email is removed here, or waits and fails because the row is gone. SQLite
/// transactions of this process already take turns (`Database::begin`).
async fn lock(tx: &mut Tx, target: Target<'_>) -> Result<Option<(i64, String)>, sqlx::Error> {
    let lock = match tx {
        Tx::Postgres(_) => " FOR UPDATE",
        Tx::Sqlite(..) => "",
    };
    let row: Option<(i64, String)> = match target {
        Target::TrackingLink(token) => {
            let sql = format!("SELECT id, reference FROM submissions WHERE token_hash = $1{lock}");
            db::query(&sql)
                .bind(token.hash())
                .fetch_optional(&mut *tx)
                .await?
        }
        Target::Reference(reference) => {
            let sql = format!("SELECT id, reference FROM submissions WHERE reference = $1{lock}");
            db::query(&sql)
                .bind(reference.as_str())
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    Ok(row)
}
