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
        db::query(OPEN_BATCH).execute(&mut *tx).await?;
    }
    Ok(())
}

/// The statements of [`open_batch`] and [`close_batch`], on SQLite.
pub(super) const OPEN_BATCH: &str =
    "INSERT INTO insight_batch (first_id) SELECT COALESCE(MAX(id), 0) + 1 FROM submissions";
pub(super) const CLOSE_BATCH: &str = "DELETE FROM insight_batch";

/// Adds up the roll-up counts of every submission inserted since [`open_batch`].
pub async fn close_batch(tx: &mut Tx) -> Result<(), sqlx::Error> {
    if tx.backend() == db::Backend::Sqlite {
        db::query(CLOSE_BATCH).execute(&mut *tx).await?;
    }
    Ok(())
}

/// Inserts the submissions as new with one statement and answers their ids, in the order of
/// `jobs`. A clash of references is the caller's to retry: it comes back as the database's
/// unique-violation error, and nothing of the statement is kept.
pub async fn insert_all(tx: &mut Tx, jobs: &[&Job]) -> Result<Vec<i64>, sqlx::Error> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let (sql, args) = insert_statement(tx.backend(), jobs);
    let stored: Vec<(i64, String)> = db::query(sql).bind_all(args).fetch_all(tx).await?;
    ids_in_order(jobs, &stored)
}

/// The statement of [`insert_all`]: it answers `(id, reference)` for each row.
pub(super) fn insert_statement(backend: db::Backend, jobs: &[&Job]) -> (String, Vec<db::Arg>) {
    use db::Value;
    let (list, args) = db::values(
        backend,
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
    (sql, args)
}

/// Matches each job to its stored id by the reference, which is unique.
pub(super) fn ids_in_order(
    jobs: &[&Job],
    stored: &[(i64, String)],
) -> Result<Vec<i64>, sqlx::Error> {
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
    for args in photo_rows(submission, photos, now) {
        db::query(INSERT_PHOTO)
            .bind_all(args)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// One photo of a submission, with the arguments [`photo_rows`] gives.
pub(super) const INSERT_PHOTO: &str = "INSERT INTO submission_photos (submission_id, position, content_type, width, height, bytes, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// The arguments of [`INSERT_PHOTO`] for each photo, in order.
pub(super) fn photo_rows(
    submission: i64,
    photos: &[crate::photos::CleanPhoto],
    now: DateTime<Utc>,
) -> impl Iterator<Item = Vec<db::Arg>> + '_ {
    use db::Value;
    photos.iter().enumerate().map(move |(position, photo)| {
        vec![
            submission.into_arg(),
            (position as i64 + 1).into_arg(),
            photo.content_type.into_arg(),
            i64::from(photo.width).into_arg(),
            i64::from(photo.height).into_arg(),
            photo.bytes.as_slice().into_arg(),
            now.into_arg(),
        ]
    })
}
