//! Group commit: one writer task per process stores submissions in batches, one transaction
//! (one fsync) for every submission that arrived while the previous batch was committing.
//! Each is answered only after its batch is durable, so the reference a resident is shown
//! still always points at a stored row.
//!
//! Each submission in a batch is written inside its own savepoint: one that fails (a clash
//! of references, a bad value) is rolled back alone and its caller gets its own error while
//! the rest commit. When the batch as a whole cannot start or commit (a full disk, a lost
//! connection), every submission in it is tried again alone, in a transaction of its own,
//! so each caller gets the real outcome of its own write and nothing half-done is ever
//! acknowledged.
//!
//! Written here rather than taken from a crate: the batching is a channel and a loop, and
//! the savepoints and the one-by-one fallback are what make it safe for this schema.

use super::store;
use crate::db::{self, Database, Tx};
use crate::domain::{NewSubmission, Priority, Reference, TrackingToken};
use crate::notify::{outbox, outbox::Outgoing};
use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

/// Submissions in one transaction at most. Enough to reach thousands a second on one fsync
/// each; small enough that a batch's transaction stays short.
const MOST_PER_BATCH: usize = 128;
/// Submissions waiting for the writer at most; more wait to be queued (back-pressure).
const QUEUE: usize = 1024;

/// One submission, ready to write: the row and the emails it causes, already rendered.
pub(super) struct Job {
    pub reference: Reference,
    pub token: TrackingToken,
    pub new: NewSubmission,
    pub practice_id: Option<i64>,
    pub practice_unsure: bool,
    pub priority: Priority,
    pub now: DateTime<Utc>,
    /// The tracking token sealed with the site key, bound to the reference.
    pub token_sealed: Vec<u8>,
    pub emails: Vec<Outgoing>,
    /// Cleaned photos, stored in the submission's own savepoint: all of them or none.
    pub photos: std::sync::Arc<Vec<crate::photos::CleanPhoto>>,
}

type Reply = oneshot::Sender<Result<i64, sqlx::Error>>;

/// The handle requests send submissions through; cheap to clone.
#[derive(Clone)]
pub struct Committer {
    jobs: mpsc::Sender<(Job, Reply)>,
}

impl Committer {
    /// Starts the writer task for `db`. It ends when every handle is dropped.
    pub fn start(db: Database) -> Committer {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(writer(db, queue));
        Committer { jobs }
    }

    /// Writes `job` in the next batch and answers its id once the batch is durable.
    pub(super) async fn write(&self, job: Job) -> Result<i64, sqlx::Error> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send((job, reply))
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

async fn writer(db: Database, mut queue: mpsc::Receiver<(Job, Reply)>) {
    let mut batch = Vec::with_capacity(MOST_PER_BATCH);
    while queue.recv_many(&mut batch, MOST_PER_BATCH).await > 0 {
        write_batch(&db, std::mem::take(&mut batch)).await;
    }
}

/// Inserts the row and queues its emails, in the caller's transaction.
async fn insert(tx: &mut Tx, job: &Job) -> Result<i64, sqlx::Error> {
    let row = store::Insert {
        reference: &job.reference,
        token: &job.token,
        new: &job.new,
        practice_id: job.practice_id,
        practice_unsure: job.practice_unsure,
        priority: job.priority,
        now: job.now,
        token_sealed: &job.token_sealed,
    };
    let id = store::insert(tx, &row).await?;
    store::insert_photos(tx, id, &job.photos, job.now).await?;
    for message in &job.emails {
        outbox::queue(tx, message, Some(id)).await?;
    }
    Ok(id)
}

async fn write_batch(db: &Database, batch: Vec<(Job, Reply)>) {
    if batch.len() == 1 {
        return alone(db, batch).await;
    }
    let Ok(mut tx) = db.begin().await else {
        return alone(db, batch).await;
    };
    let mut written: Vec<(Job, Reply, i64)> = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    while let Some((job, reply)) = jobs.next() {
        match in_savepoint(&mut tx, &job).await {
            Ok(Ok(id)) => written.push((job, reply, id)),
            // This one is not stored; the others go on. Its caller sees its own error.
            Ok(Err(e)) => {
                let _ = reply.send(Err(e));
            }
            Err(e) => {
                tracing::warn!(error = %e, "group commit: the batch's transaction failed; writing one by one");
                drop(tx);
                let rest = unanswered(written)
                    .chain(std::iter::once((job, reply)))
                    .chain(jobs);
                return alone(db, rest.collect()).await;
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for (_, reply, id) in written {
                let _ = reply.send(Ok(id));
            }
        }
        // Nothing of the batch is stored: each is tried alone, for its own answer.
        Err(_) => alone(db, unanswered(written).collect()).await,
    }
}

/// Writes one submission inside its own savepoint of the batch's transaction: `Ok(Ok(id))`
/// when stored, `Ok(Err(e))` when it failed and was undone alone, `Err(e)` when the
/// transaction itself can go no further.
async fn in_savepoint(tx: &mut Tx, job: &Job) -> Result<Result<i64, sqlx::Error>, sqlx::Error> {
    db::query("SAVEPOINT one").execute(&mut *tx).await?;
    match insert(tx, job).await {
        Ok(id) => {
            db::query("RELEASE SAVEPOINT one").execute(&mut *tx).await?;
            Ok(Ok(id))
        }
        Err(e) => {
            db::query("ROLLBACK TO SAVEPOINT one")
                .execute(&mut *tx)
                .await?;
            db::query("RELEASE SAVEPOINT one").execute(&mut *tx).await?;
            Ok(Err(e))
        }
    }
}

/// Written in a batch that did not commit: still owed an answer.
fn unanswered(written: Vec<(Job, Reply, i64)>) -> impl Iterator<Item = (Job, Reply)> {
    written.into_iter().map(|(job, reply, _)| (job, reply))
}

/// Each submission in a transaction of its own, answered with its own outcome.
async fn alone(db: &Database, jobs: Vec<(Job, Reply)>) {
    for (job, reply) in jobs {
        let result = async {
            let mut tx = db.begin().await?;
            let id = insert(&mut tx, &job).await?;
            tx.commit().await?;
            Ok(id)
        }
        .await;
        let _ = reply.send(result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, Kind, Message, PracticeChoice, Topic};

    fn job(reference: Reference) -> Job {
        Job {
            reference,
            token: TrackingToken::generate(),
            new: NewSubmission {
                kind: Kind::Feedback,
                topic: Topic::Housing,
                practice: PracticeChoice::NotGiven,
                message: Message::parse("A message in a batch").unwrap(),
                name: None,
                email: None,
                phone: None,
                contact_consent: false,
                publish_consent: false,
                language: "en".into(),
                channel: Channel::Web,
            },
            practice_id: None,
            practice_unsure: false,
            priority: Priority::Normal,
            now: Utc::now(),
            token_sealed: Vec::new(),
            emails: Vec::new(),
            photos: Default::default(),
        }
    }

    #[tokio::test]
    async fn one_failing_submission_leaves_the_rest_of_its_batch_stored() {
        let path = std::env::temp_dir().join(format!(
            "portal-group-commit-{}-{}.db",
            std::process::id(),
            rand::random::<u32>()
        ));
        let db = Database::connect(
            &format!("sqlite://{}", path.display()),
            &crate::db::PoolSettings::default(),
        )
        .await
        .unwrap();
        let committer = Committer::start(db.clone());
        let clash = Reference::generate();
        // Sent together, so they share batches; two use one reference and one must fail.
        let writes = (0..40).map(|i| {
            let reference = if i == 10 || i == 11 {
                clash.clone()
            } else {
                Reference::generate()
            };
            let committer = committer.clone();
            tokio::spawn(async move { committer.write(job(reference)).await })
        });
        let mut stored = 0;
        let mut clashes = 0;
        for write in writes.collect::<Vec<_>>() {
            match write.await.unwrap() {
                Ok(_) => stored += 1,
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => clashes += 1,
                Err(e) => panic!("unexpected: {e}"),
            }
        }
        assert_eq!((stored, clashes), (39, 1));
        let (rows,): (i64,) = db::query("SELECT COUNT(*) FROM submissions")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(rows, 39, "every acknowledged one is stored, and only those");
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
