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

/// Inserts the submissions as new with one statement and answers their ids, in the order of
/// `rows`. A clash of references is the caller's to retry: it comes back as the database's
/// unique-violation error, and nothing of the statement is kept.
pub async fn insert_all(tx: &mut Tx, rows: &[Insert<'_>]) -> Result<Vec<i64>, sqlx::Error> {
    /// Arguments per row: the `$n` in the `VALUES` tuple below.
    const PER_ROW: usize = 18;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::from(
        "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, practice_unsure, \
        message, contact_name, contact_email, contact_phone, contact_consent, publish_consent, language, channel, \
        status, priority, created_at, updated_at, token_sealed) VALUES ",
    );
    for i in 0..rows.len() {
        if i > 0 {
            sql.push_str(", ");
        }
        let n = i * PER_ROW;
        let at = |k: usize| format!("${}", n + k);
        let args: Vec<String> = (1..=17).chain([17, 18]).map(at).collect();
        sql.push('(');
        sql.push_str(&args.join(", "));
        sql.push(')');
    }
    // Neither database promises RETURNING rows in the order of VALUES: each id is matched to
    // its row by the reference, which is unique.
    sql.push_str(" RETURNING id, reference");
    let mut query = db::query(sql);
    for row in rows {
        let new = row.new;
        query = query
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
            .bind(row.token_sealed);
    }
    let stored: Vec<(i64, String)> = query.fetch_all(tx).await?;
    rows.iter()
        .map(|row| {
            stored
                .iter()
                .find(|(_, reference)| reference == row.reference.as_str())
                .map(|(id, _)| *id)
                .ok_or(sqlx::Error::RowNotFound)
        })
        .collect()
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
