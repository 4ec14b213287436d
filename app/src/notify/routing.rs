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

/// The rules in force, in the order they are applied: the default rule first, then by id. A
/// rule naming a staff account carries that account's email, and is left out while the
/// account is inactive. Read once every few seconds ([`AppState::routing`]) rather than once
/// per submission, and forgotten at once when an admin changes a rule or an account
/// ([`AppState::routing_changed`]).
///
/// [`AppState::routing`]: crate::state::Shared::routing
/// [`AppState::routing_changed`]: crate::state::AppState::routing_changed
#[derive(Debug)]
pub struct Rules(Vec<Rule>);

#[derive(Debug)]
struct Rule {
    practice_id: Option<i64>,
    topic: Option<String>,
    recipient: String,
}

impl Rules {
    #[tracing::instrument(skip_all)]
    pub async fn load(db: &Database) -> Result<Rules, sqlx::Error> {
        const SQL: &str =
            "SELECT r.practice_id, r.topic, COALESCE(st.email, r.recipient) FROM routing_rules r \
                           LEFT JOIN staff st ON st.id = r.staff_id \
                           WHERE r.active AND (r.staff_id IS NULL OR st.active) \
                           ORDER BY r.is_default DESC, r.id";
        let rows: Vec<(Option<i64>, Option<String>, String)> = db::query(SQL).fetch_all(db).await?;
        Ok(Rules(
            rows.into_iter()
                .map(|(practice_id, topic, recipient)| Rule {
                    practice_id,
                    topic,
                    recipient,
                })
                .collect(),
        ))
    }

    /// Every address a submission about `topic` at `practice_id` goes to: the triage inbox
    /// first, then each matching rule's recipient, without repeats.
    pub fn recipients(&self, triage: &str, practice_id: Option<i64>, topic: Topic) -> Vec<String> {
        let mut out: Vec<String> = vec![triage.to_owned()];
        let matching = self.0.iter().filter(|r| {
            r.practice_id.is_none_or(|p| Some(p) == practice_id)
                && r.topic.as_deref().is_none_or(|t| t == topic.slug())
        });
        for rule in matching {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&rule.recipient)) {
                out.push(rule.recipient.clone());
            }
        }
        out
    }
}
