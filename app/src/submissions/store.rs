//! The SQL of accepting a submission. Each statement runs on SQLite and PostgreSQL alike.

use crate::db::{self, Tx};
use crate::domain::{NewSubmission, Priority, Reference, Status, TrackingToken};
use chrono::{DateTime, Utc};

/// The new row, as the use case decided it.
pub struct Insert<'a> {
    pub reference: &'a Reference,
    pub token: &'a TrackingToken,
    pub new: &'a NewSubmission,
    pub practice_id: Option<i64>,
    pub practice_unsure: bool,
    pub priority: Priority,
    pub now: DateTime<Utc>,
    pub token_sealed: &'a [u8],
}

/// Inserts the submission as new and answers its id. A clash of references is the caller's
/// to retry: it comes back as the database's unique-violation error.
pub async fn insert(tx: &mut Tx, row: &Insert<'_>) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, practice_unsure, \
        message, contact_name, contact_email, contact_phone, contact_consent, publish_consent, language, channel, \
        status, priority, created_at, updated_at, token_sealed) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18) RETURNING id";
    let new = row.new;
    let (id,): (i64,) = db::query(SQL)
        .bind(row.reference.as_str())
        .bind(row.token.hash())
        .bind(new.kind)
        .bind(new.topic)
        .bind(row.practice_id)
        .bind(row.practice_unsure)
        .bind(new.message.as_str())
        .bind(new.name.as_ref().map(|n| n.as_str()))
        .bind(new.email.as_ref().map(|e| e.as_str()))
        .bind(new.phone.as_ref().map(|p| p.as_str()))
        .bind(new.contact_consent)
        .bind(new.publish_consent)
        .bind(&new.language)
        .bind(new.channel)
        .bind(Status::New)
        .bind(row.priority)
        .bind(row.now)
        .bind(row.token_sealed)
        .fetch_one(tx)
        .await?;
    Ok(id)
}

/// The submission's photos, in the order they were chosen.
pub async fn insert_photos(
    tx: &mut Tx,
    submission: i64,
    photos: &[crate::photos::CleanPhoto],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO submission_photos (submission_id, position, content_type, width, height, bytes, created_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7)";
    for (position, photo) in photos.iter().enumerate() {
        db::query(SQL)
            .bind(submission)
            .bind(position as i32 + 1)
            .bind(photo.content_type)
            .bind(photo.width as i32)
            .bind(photo.height as i32)
            .bind(&photo.bytes)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
