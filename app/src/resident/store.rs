//! The resident journey's SQL. Each statement runs on SQLite and PostgreSQL alike.

use super::form::{Choices, Practice};
use crate::db::{self, Database};
use crate::domain::{Kind, Priority, Reference, Status, Topic, TrackingToken};
use chrono::{DateTime, Utc};

/// What a resident sees of their own submission on the tracking and confirmation pages.
#[derive(Debug, Clone)]
pub struct TrackedSubmission {
    pub id: i64,
    pub reference: Reference,
    pub kind: Kind,
    pub topic: Topic,
    pub message: String,
    pub status: Status,
    pub contact_consent: bool,
    /// The urgent detector flagged it: the confirmation page leads with where to get help now.
    pub urgent: bool,
    pub created_at: DateTime<Utc>,
    /// Staff replies and the resident's additions, oldest first.
    pub conversation: Vec<Turn>,
}

/// One message in the conversation after the first: a published staff reply, or something
/// the resident added.
#[derive(Debug, Clone)]
pub struct Turn {
    pub from_resident: bool,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The topics residents may choose now, in the order of the list.
#[tracing::instrument(skip_all)]
pub async fn active_topics(db: &Database) -> Result<Vec<Topic>, sqlx::Error> {
    let rows: Vec<(String,)> = db::query("SELECT slug FROM topics WHERE active")
        .fetch_all(db)
        .await?;
    Ok(Topic::ALL
        .iter()
        .copied()
        .filter(|t| rows.iter().any(|(s,)| s == t.slug()))
        .collect())
}

/// Both lists, read at once.
pub async fn choices(db: &Database) -> Result<Choices, sqlx::Error> {
    let (practices, topics) = tokio::try_join!(active_practices(db), active_topics(db))?;
    Ok(Choices { practices, topics })
}

#[tracing::instrument(skip_all)]
pub async fn active_practices(db: &Database) -> Result<Vec<Practice>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.code, p.name, n.name FROM practices p \
                       JOIN networks n ON n.id = p.network_id \
                       WHERE p.active ORDER BY n.name, p.name";
    let rows: Vec<(i64, String, String, String)> = db::query(SQL).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name, network)| Practice {
            id,
            code,
            name,
            network,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    reference: String,
    kind: Kind,
    topic: Topic,
    message: String,
    status: Status,
    contact_consent: bool,
    priority: Priority,
    created_at: DateTime<Utc>,
}

/// The submission a tracking token opens, with its public replies.
#[tracing::instrument(skip_all)]
pub async fn find_by_token(
    db: &Database,
    token: &TrackingToken,
) -> Result<Option<TrackedSubmission>, sqlx::Error> {
    const SUBMISSION: &str =
        "SELECT id, reference, kind, topic, message, status, contact_consent, priority, created_at \
                              FROM submissions WHERE token_hash = $1";
    const CONVERSATION: &str = "SELECT FALSE, body, created_at FROM public_replies \
         WHERE submission_id = $1 AND withdrawn_at IS NULL \
         UNION ALL SELECT TRUE, body, created_at FROM resident_additions WHERE submission_id = $1 \
         ORDER BY 3";
    let hash = token.hash();
    let row: Option<SubmissionRow> = db::query(SUBMISSION).bind(&hash).fetch_optional(db).await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let turns: Vec<(bool, String, DateTime<Utc>)> =
        db::query(CONVERSATION).bind(r.id).fetch_all(db).await?;
    Ok(Some(TrackedSubmission {
        id: r.id,
        reference: Reference::parse(&r.reference)
            .map_err(|_| sqlx::Error::Decode("stored reference is not one we know".into()))?,
        kind: r.kind,
        topic: r.topic,
        message: r.message,
        status: r.status,
        contact_consent: r.contact_consent,
        urgent: r.priority == Priority::Urgent,
        created_at: r.created_at,
        conversation: turns
            .into_iter()
            .map(|(from_resident, body, created_at)| Turn {
                from_resident,
                body,
                created_at,
            })
            .collect(),
    }))
}
