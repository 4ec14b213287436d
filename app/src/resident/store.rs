//! The resident journey's SQL. Each statement runs on SQLite and PostgreSQL alike.

use super::form::{NewSubmission, Practice, PracticeChoice};
use crate::db::{self, Database};
use crate::domain::{Kind, Priority, Reference, Status, Topic, TrackingToken};
use crate::notify::{self, emails::Facts, NotifySettings};
use chrono::{DateTime, Utc};

/// What a resident sees of their own submission on the tracking and confirmation pages.
#[derive(Debug, Clone)]
pub struct TrackedSubmission {
    pub reference: Reference,
    pub kind: Kind,
    pub topic: Topic,
    pub message: String,
    pub status: Status,
    pub contact_consent: bool,
    /// The urgent detector flagged it: the confirmation page leads with where to get help now.
    pub urgent: bool,
    pub created_at: DateTime<Utc>,
    pub replies: Vec<PublicReply>,
}

#[derive(Debug, Clone)]
pub struct PublicReply {
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A submission has just been stored: the only moment its token exists in clear.
#[derive(Debug)]
pub struct Created {
    pub id: i64,
    pub reference: Reference,
    pub token: TrackingToken,
    pub urgent: bool,
    /// How many emails were queued with it.
    pub emails: usize,
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

/// Stores a submission with every email it causes, in one transaction, and commits before
/// returning: the reference the resident is then shown always points at a durable row, and
/// no acknowledged submission can be missing its notifications. A clash of random
/// references (one in tens of billions) is retried with a new one.
#[tracing::instrument(skip_all)]
pub async fn insert_submission(
    db: &Database,
    notify: &NotifySettings,
    new: &NewSubmission,
    practice_name: Option<String>,
) -> Result<Created, sqlx::Error> {
    const SQL: &str = "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, practice_unsure, \
        message, contact_name, contact_email, contact_phone, contact_consent, publish_consent, language, channel, \
        status, priority, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id";
    let (practice_id, practice_unsure) = match new.practice {
        PracticeChoice::NotGiven => (None, false),
        PracticeChoice::NotSure => (None, true),
        PracticeChoice::Practice(id) => (Some(id), false),
    };
    let urgent = notify::urgent::is_urgent(new.message.as_str());
    let recipients =
        notify::routing::recipients(db, &notify.triage, practice_id, new.topic).await?;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let reference = Reference::generate();
        let token = TrackingToken::generate();
        let now = Utc::now();
        let mut tx = db.begin().await?;
        let inserted: Result<(i64,), sqlx::Error> = db::query(SQL)
            .bind(reference.as_str())
            .bind(token.hash())
            .bind(new.kind)
            .bind(new.topic)
            .bind(practice_id)
            .bind(practice_unsure)
            .bind(new.message.as_str())
            .bind(new.name.as_ref().map(|n| n.as_str()))
            .bind(new.email.as_ref().map(|e| e.as_str()))
            .bind(new.phone.as_ref().map(|p| p.as_str()))
            .bind(new.contact_consent)
            .bind(new.publish_consent)
            .bind(&new.language)
            .bind(new.channel)
            .bind(Status::New)
            .bind(if urgent {
                Priority::Urgent
            } else {
                Priority::Normal
            })
            .bind(now)
            .fetch_one(&mut tx)
            .await;
        let id = match inserted {
            Ok((id,)) => id,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempts < 5 => {
                tracing::warn!("reference clash, trying another");
                continue;
            }
            Err(e) => return Err(e),
        };
        let facts = Facts {
            reference: reference.clone(),
            kind: new.kind,
            topic: new.topic,
            practice: practice_name.clone(),
            practice_unsure,
            received: now,
            wants_contact: new.contact_consent,
            message: new.message.as_str().to_owned(),
            urgent,
        };
        let emails =
            notify::queue_for_new_submission(&mut tx, notify, id, &token, new, &facts, &recipients)
                .await?;
        tx.commit().await?;
        return Ok(Created {
            id,
            reference,
            token,
            urgent,
            emails,
        });
    }
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
    const REPLIES: &str =
        "SELECT body, created_at FROM public_replies WHERE submission_id = $1 ORDER BY created_at";
    let hash = token.hash();
    let row: Option<SubmissionRow> = db::query(SUBMISSION).bind(&hash).fetch_optional(db).await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let replies: Vec<(String, DateTime<Utc>)> = db::query(REPLIES).bind(r.id).fetch_all(db).await?;
    Ok(Some(TrackedSubmission {
        reference: Reference::parse(&r.reference)
            .map_err(|_| sqlx::Error::Decode("stored reference is not one we know".into()))?,
        kind: r.kind,
        topic: r.topic,
        message: r.message,
        status: r.status,
        contact_consent: r.contact_consent,
        urgent: r.priority == Priority::Urgent,
        created_at: r.created_at,
        replies: replies
            .into_iter()
            .map(|(body, created_at)| PublicReply { body, created_at })
            .collect(),
    }))
}
