//! The second email about an urgent item: when nobody has said "I have seen this" within
//! `PORTAL_URGENT_ACK_MINUTES` of it arriving, the safeguarding contact is told again,
//! once. Every outbox worker checks on each round; the claim on an item (setting its
//! `urgent_escalated_at`) and the email are one transaction, so with several servers the
//! reminder still goes exactly once.

use super::{outbox, staff_emails, NotifySettings};
use crate::audit::{self, Actor, AuditAction};
use crate::db::{self, Database};
use crate::domain::{Priority, Reference};
use chrono::{DateTime, Utc};

/// At most this many items are escalated per round; the rest wait for the next.
const BATCH: i64 = 50;

/// Items that arrived longer ago than this before their reminder fell due are left alone:
/// the urgent items already in the database when this feature arrived (or when a server
/// comes back after a long outage) are not all emailed about at once, and an item that old
/// is on the inbox's overdue list in any case.
const LOOK_BACK_DAYS: i64 = 2;

/// Escalates every urgent item unseen for longer than the setting; answers how many.
pub async fn escalate_unseen(
    db: &Database,
    settings: &NotifySettings,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let after = chrono::Duration::from_std(settings.urgent_ack_after)
        .unwrap_or_else(|_| chrono::Duration::days(1));
    let due_before = now - after;
    let not_before = due_before - chrono::Duration::days(LOOK_BACK_DAYS);
    // A cheap look first, outside any transaction: almost every round finds nothing.
    const ANY: &str = "SELECT id FROM submissions WHERE priority = $1 AND urgent_seen_at IS NULL \
                       AND urgent_escalated_at IS NULL AND created_at <= $2 AND created_at > $3 LIMIT 1";
    let any: Option<(i64,)> = db::query(ANY)
        .bind(Priority::Urgent)
        .bind(due_before)
        .bind(not_before)
        .fetch_optional(db)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let lock = match db.backend() {
        db::Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        db::Backend::Sqlite => "",
    };
    let due: Vec<(i64, String)> = db::query(format!(
        "SELECT id, reference FROM submissions WHERE priority = $1 AND urgent_seen_at IS NULL \
         AND urgent_escalated_at IS NULL AND created_at <= $2 AND created_at > $3 \
         ORDER BY created_at LIMIT {BATCH}{lock}"
    ))
    .bind(Priority::Urgent)
    .bind(due_before)
    .bind(not_before)
    .fetch_all(&mut tx)
    .await?;
    let minutes = settings.urgent_ack_after.as_secs() / 60;
    let mut escalated = 0;
    for (id, reference) in due {
        let Ok(reference) = Reference::parse(&reference) else {
            continue;
        };
        let claimed = db::query(
            "UPDATE submissions SET urgent_escalated_at = $2 WHERE id = $1 AND urgent_escalated_at IS NULL \
             AND urgent_seen_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut tx)
        .await?;
        if claimed != 1 {
            continue;
        }
        let email = staff_emails::urgent_unseen(
            settings,
            settings.safeguarding_inbox(),
            &reference,
            minutes,
        );
        outbox::enqueue(&mut tx, outbox::EmailKind::UrgentUnseen, &email, Some(id)).await?;
        audit::record_in(
            &mut tx,
            &Actor::default(),
            AuditAction::UrgentEscalated,
            Some(reference.as_str()),
            &format!("not seen within {minutes} minutes; safeguarding contact reminded"),
        )
        .await?;
        escalated += 1;
    }
    tx.commit().await?;
    Ok(escalated)
}
