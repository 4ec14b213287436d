//! Routing rules: who is told about a new submission, by address or by staff account. Rules are data (seeded with sample
//! values, edited later in the admin pages); the central triage inbox is always told.

use crate::db::{self, Database};
use crate::domain::Topic;

/// Keeps the default rule in step with `PORTAL_TRIAGE_EMAIL`, creating it on first start.
#[tracing::instrument(skip_all)]
pub async fn ensure_default_rule(db: &Database, triage: &str) -> Result<(), sqlx::Error> {
    const UPDATE: &str = "UPDATE routing_rules SET recipient = $1 WHERE is_default";
    const INSERT: &str = "INSERT INTO routing_rules (practice_id, topic, recipient, description, is_default, active) \
                          VALUES (NULL, NULL, $1, 'Central triage inbox (PORTAL_TRIAGE_EMAIL)', TRUE, TRUE)";
    let updated = db::query(UPDATE).bind(triage).execute(db).await?;
    if updated == 0 {
        db::query(INSERT).bind(triage).execute(db).await?;
    }
    Ok(())
}

/// Every address a submission about `topic` at `practice_id` goes to: the triage inbox
/// first, then each matching rule's recipient, without repeats.
#[tracing::instrument(skip_all)]
pub async fn recipients(
    db: &Database,
    triage: &str,
    practice_id: Option<i64>,
    topic: Topic,
) -> Result<Vec<String>, sqlx::Error> {
    // A rule naming a staff account uses its email now, and only while it is active.
    const SQL: &str = "SELECT COALESCE(st.email, r.recipient) FROM routing_rules r \
                       LEFT JOIN staff st ON st.id = r.staff_id WHERE r.active \
                       AND (r.staff_id IS NULL OR st.active) \
                       AND (r.practice_id IS NULL OR r.practice_id = $1) AND (r.topic IS NULL OR r.topic = $2) \
                       ORDER BY r.is_default DESC, r.id";
    let rows: Vec<(String,)> = db::query(SQL)
        .bind(practice_id)
        .bind(topic)
        .fetch_all(db)
        .await?;
    let mut out: Vec<String> = vec![triage.to_owned()];
    for (r,) in rows {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&r)) {
            out.push(r);
        }
    }
    Ok(out)
}
