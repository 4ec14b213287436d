//! The SQL of accepting a submission. Each statement runs on SQLite and PostgreSQL alike.

use super::group::Job;
use crate::db::{self, Tx};
use crate::domain::Status;
use chrono::{DateTime, Utc};

/// Opens a batch of submission inserts in `tx` whose roll-up counts are added up once, when
/// [`close_batch`] is called, instead of row by row (SQLite; see the `counts_by_batch`
/// migration). PostgreSQL adds up each insert statement by itself: nothing to do there.
/// Every insert between the two must be in `tx`, and `tx` must not commit without the close.
pub async fn open_batch(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if tx.backend() == db::Backend::Sqlite {
        db::query(
            "INSERT INTO insight_batch (first_id) SELECT COALESCE(MAX(id), 0) + 1 FROM submissions",
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Adds up the roll-up counts of every submission inserted since [`open_batch`].
pub async fn close_batch(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if tx.backend() == db::Backend::Sqlite {
        db::query("DELETE FROM insight_batch")
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Inserts the submissions as new with one statement and answers their ids, in the order of
/// `jobs`. A clash of references is the caller's to retry: it comes back as the database's
/// unique-violation error, and nothing of the statement is kept.
pub async fn insert_all(tx: &mut Tx, jobs: &[&Job]) -> Result<Vec<i64>, sqlx::Error> {
    use db::Value;
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let (list, args) = db::values(
        tx.backend(),
        jobs.iter().map(|job| {
            let new = &job.new;
            vec![
                job.reference.as_str().into_arg(),
                job.token.hash().into_arg(),
                new.kind.into_arg(),
                new.topic.into_arg(),
                job.practice_id.into_arg(),
                job.practice_unsure.into_arg(),
                new.message.as_str().into_arg(),
                new.name.as_ref().map(|n| n.as_str()).into_arg(),
                new.email.as_ref().map(|e| e.as_str()).into_arg(),
                new.phone.as_ref().map(|p| p.as_str()).into_arg(),
                new.contact_consent.into_arg(),
                new.publish_consent.into_arg(),
                new.language.as_str().into_arg(),
                new.channel.into_arg(),
                Status::New.into_arg(),
                job.priority.into_arg(),
                job.now.into_arg(),
                job.now.into_arg(),
                job.token_sealed.as_slice().into_arg(),
            ]
        }),
    );
    // Neither database promises RETURNING rows in the order of VALUES: each id is matched to
    // its row by the reference, which is unique.
    let sql = format!(
        "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, practice_unsure, \
        message, contact_name, contact_email, contact_phone, contact_consent, publish_consent, language, channel, \
        status, priority, created_at, updated_at, token_sealed) {list} RETURNING id, reference"
    );
    let stored: Vec<(i64, String)> = db::query(sql).bind_all(args).fetch_all(tx).await?;
    jobs.iter()
        .map(|job| {
            stored
                .iter()
                .find(|(_, reference)| reference == job.reference.as_str())
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
