//! Group commit: one writer task per process stores submissions in batches, one transaction
//! (one fsync) for every submission that arrived while the previous batch was committing.
//! Each is answered only after its batch is durable, so the reference a resident is shown
//! still always points at a stored row.
//!
//! A batch is written with one statement for all its rows and one for all its emails, with
//! no savepoint per submission: a statement each was a round trip to the database's thread
//! per row, and a savepoint made SQLite copy every page a submission changed into a
//! sub-journal. A failure is rare (a clash of random references, one in tens of billions; a full disk; a
//! lost connection) and may have ended the transaction (PostgreSQL aborts it at the first
//! failed statement), so when any submission of a batch fails, or the batch cannot start or
//! commit, nothing of it is kept and every submission in it is written again alone, in a
//! transaction of its own. Each caller gets the real outcome of its own write, one failure
//! does not fail the others, and nothing half-done is ever acknowledged.
//!
//! Written here rather than taken from a crate: the batching is a channel and a loop, and
//! the one-by-one fallback is what makes it safe for this schema.

use super::store;
use crate::db::{local::Local, Backend, Database, Tx};
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
    /// The emails' bodies, packed by the request ([`outbox::pack_all`]), in their order;
    /// empty where the outbox does not pack them (PostgreSQL).
    pub packed: Vec<std::sync::Arc<[u8]>>,
    /// Cleaned photos, stored in the submission's transaction: all of them or none.
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
        match local_connection(&db) {
            Some(local) => {
                // At start-up, like the runtime's own threads: without it nothing is stored.
                std::thread::Builder::new()
                    .name("group-commit".into())
                    .spawn(move || local_writer(local, queue))
                    .expect("a thread for the group commit's writer");
            }
            None => {
                tokio::spawn(writer(db, queue));
            }
        }
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

/// Inserts the rows and queues their emails in the caller's transaction, in two statements
/// however many there are (and one per photo): a statement is a round trip to the
/// database's thread, which cost more than the writing itself. Answers the ids in order.
async fn insert(tx: &mut Tx, jobs: &[&Job]) -> Result<Vec<i64>, sqlx::Error> {
    // A batch's roll-up counts are added up once, not row by row: most of a batch shares the
    // same few roll-up rows. One row has nothing to add up.
    let many = jobs.len() > 1;
    if many {
        store::open_batch(tx).await?;
    }
    let ids = store::insert_all(tx, jobs).await?;
    if many {
        store::close_batch(tx).await?;
    }
    for (job, id) in jobs.iter().zip(&ids) {
        store::insert_photos(tx, *id, &job.photos, job.now).await?;
    }
    outbox::queue_all(tx, messages_of(jobs, &ids)).await?;
    Ok(ids)
}

async fn write_batch(db: &Database, batch: Vec<(Job, Reply)>) {
    if batch.len() == 1 {
        return alone(db, batch).await;
    }
    let Ok(mut tx) = db.begin().await else {
        return alone(db, batch).await;
    };
    let jobs: Vec<&Job> = batch.iter().map(|(job, _)| job).collect();
    let ids = match insert(&mut tx, &jobs).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, "group commit: a batch failed; writing its submissions one by one");
            // Undone before the one-by-one writes, which need the turn this holds.
            let _ = tx.rollback().await;
            return alone(db, batch).await;
        }
    };
    match tx.commit().await {
        Ok(()) => {
            for ((_, reply), id) in batch.into_iter().zip(ids) {
                let _ = reply.send(Ok(id));
            }
        }
        // Nothing of the batch is stored: each is tried alone, for its own answer.
        Err(_) => alone(db, batch).await,
    }
}

/// What the writer on a SQLite file needs: its own connection ([`crate::db::local`]), how to
/// open it again, and this process's write turn.
struct LocalWriter {
    conn: Local,
    path: std::path::PathBuf,
    busy: std::time::Duration,
    turn: std::sync::Arc<tokio::sync::Mutex<()>>,
}

/// The writer's own connection where the database is a SQLite file; none for PostgreSQL
/// or a database in memory, which keep [`writer`] on the pool.
fn local_connection(db: &Database) -> Option<LocalWriter> {
    let (path, turn, busy) = db.local_writer()?;
    match Local::open(&path, busy) {
        Ok(conn) => Some(LocalWriter {
            conn,
            path,
            busy,
            turn,
        }),
        Err(e) => {
            tracing::warn!(error = %e, "group commit: the writer's own connection did not open; writing through the pool");
            None
        }
    }
}

/// [`writer`] on a thread of its own with a connection of its own: the same batches, the
/// same statements, the same fallback to a transaction each, with no hop to another thread
/// per statement (see [`crate::db::local`] for what that saves). It ends when every
/// [`Committer`] is dropped.
fn local_writer(mut local: LocalWriter, mut queue: mpsc::Receiver<(Job, Reply)>) {
    let mut batch = Vec::with_capacity(MOST_PER_BATCH);
    while let Some(first) = queue.blocking_recv() {
        batch.push(first);
        while batch.len() < MOST_PER_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        // Other writers of this process (staff, the outbox worker) take the same turn.
        let _turn = local.turn.clone().blocking_lock_owned();
        write_batch_local(&mut local, std::mem::take(&mut batch));
    }
}

impl LocalWriter {
    /// A transaction that could not even be rolled back leaves the connection unusable: a
    /// fresh one starts clean. Until one opens, every write fails and none is acknowledged.
    fn make_ready(&mut self) {
        if !self.conn.is_idle() {
            match Local::open(&self.path, self.busy) {
                Ok(conn) => self.conn = conn,
                Err(e) => {
                    crate::db::note_failure(&e);
                }
            }
        }
    }
}

/// [`write_batch`] on the writer's own connection.
fn write_batch_local(local: &mut LocalWriter, batch: Vec<(Job, Reply)>) {
    if batch.len() > 1 {
        let jobs: Vec<&Job> = batch.iter().map(|(job, _)| job).collect();
        match local.conn.transaction(|c| insert_local(c, &jobs)) {
            Ok(ids) => {
                for ((_, reply), id) in batch.into_iter().zip(ids) {
                    let _ = reply.send(Ok(id));
                }
                return;
            }
            Err(e) => {
                crate::db::note_failure(&e);
                tracing::warn!(error = %e, "group commit: a batch failed; writing its submissions one by one");
            }
        }
    }
    // Nothing of a failed batch is stored: each is tried alone, for its own answer.
    for (job, reply) in batch {
        local.make_ready();
        let result = local
            .conn
            .transaction(|c| insert_local(c, &[&job]))
            .and_then(|ids| ids.first().copied().ok_or(sqlx::Error::RowNotFound));
        if let Err(e) = &result {
            crate::db::note_failure(e);
        }
        let _ = reply.send(result);
    }
    local.make_ready();
}

/// [`insert`] on the writer's own connection.
fn insert_local(conn: &Local, jobs: &[&Job]) -> Result<Vec<i64>, sqlx::Error> {
    let many = jobs.len() > 1;
    if many {
        conn.execute(store::OPEN_BATCH, &[])?;
    }
    let (sql, args) = store::insert_statement(Backend::Sqlite, jobs);
    let ids = store::ids_in_order(jobs, &conn.fetch_pairs(&sql, &args)?)?;
    if many {
        conn.execute(store::CLOSE_BATCH, &[])?;
    }
    for (job, id) in jobs.iter().zip(&ids) {
        for args in store::photo_rows(*id, &job.photos, job.now) {
            conn.execute(store::INSERT_PHOTO, &args)?;
        }
    }
    if let Some((sql, args)) = outbox::queue_statement(Backend::Sqlite, messages_of(jobs, &ids)) {
        conn.execute(&sql, &args)?;
    }
    Ok(ids)
}

/// Each job's emails, with its submission's id and its packed bodies, in order.
fn messages_of<'a>(
    jobs: &'a [&Job],
    ids: &'a [i64],
) -> impl Iterator<Item = (&'a Outgoing, Option<i64>, Option<&'a [u8]>)> + 'a {
    jobs.iter().zip(ids).flat_map(|(job, id)| {
        let packed = job
            .packed
            .iter()
            .map(|p| Some(&p[..]))
            .chain(std::iter::repeat(None));
        job.emails
            .iter()
            .zip(packed)
            .map(move |(message, packed)| (message, Some(*id), packed))
    })
}

/// Each submission in a transaction of its own, answered with its own outcome.
async fn alone(db: &Database, jobs: Vec<(Job, Reply)>) {
    for (job, reply) in jobs {
        let result = async {
            let mut tx = db.begin().await?;
            let ids = insert(&mut tx, &[&job]).await?;
            tx.commit().await?;
            ids.first().copied().ok_or(sqlx::Error::RowNotFound)
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
            packed: Vec::new(),
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
        let (rows,): (i64,) = crate::db::query("SELECT COUNT(*) FROM submissions")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(rows, 39, "every acknowledged one is stored, and only those");
        let (month, week, open): (i64, i64, i64) = crate::db::query(
            "SELECT (SELECT SUM(n) FROM insight_counts WHERE grain = 'month'), \
             (SELECT SUM(n) FROM insight_counts WHERE grain = 'week'), \
             (SELECT COUNT(*) FROM insight_batch)",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(
            (month, week, open),
            (39, 39, 0),
            "each is counted once, by its batch or alone, and no batch is left open"
        );
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}
