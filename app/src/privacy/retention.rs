//! The retention job. Contact details are removed a set number of days after an item is
//! closed; the texts of closed items (message, approved quote, notes, public replies) are
//! replaced after a set number of months. Counts stay, so the insights do not change. Emails
//! (which hold addresses, and may hold the message, a reply or the tracking link) go with the
//! contact details: every email about an item whose contact details go, and every email
//! older than the contact period whatever became of it (sent, failed and never retried, or
//! still waiting). Every run that changes anything is written to the audit log.

use crate::audit::AuditAction;
use crate::audit::{self, Actor};
use crate::db::{self, Database};
use chrono::{DateTime, Duration, Months, Utc};

/// What replaces an anonymised text.
pub const REMOVED: &str = "[Removed under the retention policy]";

#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Days after closing before contact details go.
    pub contact_days: u32,
    /// Months after closing before the texts go.
    pub message_months: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    pub contacts_removed: u64,
    pub anonymised: u64,
    pub emails_deleted: u64,
}

/// Runs once: safe to run at any time, on any number of servers at once.
pub async fn run(
    db: &Database,
    policy: Retention,
    now: DateTime<Utc>,
) -> Result<Outcome, sqlx::Error> {
    let contact_cutoff = now - Duration::days(i64::from(policy.contact_days));
    let message_cutoff = now
        .checked_sub_months(Months::new(policy.message_months))
        .unwrap_or(now);
    let mut tx = db.begin().await?;
    let contacts_removed = db::query(
        "UPDATE submissions SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, \
         contacts_removed_at = $1 WHERE closed_at < $2 AND contacts_removed_at IS NULL",
    )
    .bind(now)
    .bind(contact_cutoff)
    .execute(&mut tx)
    .await?;
    let emails_deleted = db::query(
        "DELETE FROM outbox WHERE created_at < $1 \
         OR submission_id IN (SELECT id FROM submissions WHERE closed_at < $1)",
    )
    .bind(contact_cutoff)
    .execute(&mut tx)
    .await?;
    // Everything kept beside a message that reaches the message cut-off, before the message
    // itself is replaced below. `$1` is the cut-off; `$2` the words put in place of a text.
    const DUE: &str = "(SELECT id FROM submissions WHERE closed_at < $1 AND anonymised_at IS NULL)";
    for sql in [
        format!("DELETE FROM notes WHERE submission_id IN {DUE}"),
        format!(
            "DELETE FROM public_reply_versions WHERE reply_id IN \
             (SELECT id FROM public_replies WHERE submission_id IN {DUE})"
        ),
        format!("UPDATE public_replies SET body = $2 WHERE submission_id IN {DUE}"),
        format!("UPDATE resident_additions SET body = $2 WHERE submission_id IN {DUE}"),
        format!("DELETE FROM submission_photos WHERE submission_id IN {DUE}"),
    ] {
        let query = db::query(&sql).bind(message_cutoff);
        let query = if sql.contains("$2") {
            query.bind(REMOVED)
        } else {
            query
        };
        query.execute(&mut tx).await?;
    }
    let anonymised = db::query(
        "UPDATE submissions SET message = $3, quote = NULL, quote_approved_at = NULL, quote_approved_by = NULL, \
         safeguarding_reason = CASE WHEN safeguarding_reason IS NULL THEN NULL ELSE $3 END, anonymised_at = $1 \
         WHERE closed_at < $2 AND anonymised_at IS NULL")
        .bind(now).bind(message_cutoff).bind(REMOVED).execute(&mut tx).await?;
    let outcome = Outcome {
        contacts_removed,
        anonymised,
        emails_deleted,
    };
    if outcome != Outcome::default() {
        let detail = format!(
            "contact details removed from {contacts_removed}; texts anonymised in {anonymised}; \
             emails deleted {emails_deleted} (policy: {} days, {} months)",
            policy.contact_days, policy.message_months
        );
        audit::record_in(
            &mut tx,
            &Actor::default(),
            AuditAction::RetentionRun,
            None,
            &detail,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Runs the job now and then every day until `stop` turns true.
pub async fn daily(db: Database, policy: Retention, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        match run(&db, policy, Utc::now()).await {
            Ok(o) => tracing::info!(
                contacts_removed = o.contacts_removed,
                anonymised = o.anonymised,
                emails_deleted = o.emails_deleted,
                "retention job ran"
            ),
            Err(e) => tracing::warn!(error = %e, "retention job failed; it runs again in a day"),
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)) => {}
            _ = stop.changed() => return,
        }
    }
}
