//! The one storage handle. SQLite (the default: a file, nothing to install) and PostgreSQL
//! (several app servers on one database) sit behind it; the URL chosen at start-up decides.
//!
//! Feature modules keep their own SQL (`resident/store.rs`, …) as small functions taking a
//! [`Database`] or a [`Tx`], and run it through [`query`]: each statement is written once and
//! the backend is picked inside. Where the dialects differ, the function matches on
//! [`Database::backend`].

mod fault;
pub mod local;
pub mod probe;
mod query;

pub use fault::{is_storage_fault, note_failure};
pub use query::{query, values, Arg, Conditions, Nullable, On, Query, Row, Value};

use anyhow::Context;
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};
use std::{str::FromStr, sync::Arc, time::Duration};

#[derive(Clone, Debug)]
pub enum Database {
    /// The pool, and the writer: the lock that lets one transaction at a time in this
    /// process try to write, and the connection they write on (see [`Database::begin`]).
    Sqlite(SqlitePool, Arc<Writer>),
    Postgres(PgPool),
}

/// This process's SQLite write turn and the one connection its transactions use.
///
/// SQLite empties a connection's page cache whenever another connection has written since
/// its last transaction. Taking a connection from the pool for each transaction meant each
/// one started cold and read every index page it touched from the file again (20 reads a
/// submission); the transactions take turns anyway, so they share one connection, which
/// finds its cache as it left it. It is a pool of one of its own, opened on first use with
/// the main pool's settings, so it keeps the pool's rules for a connection that failed (it
/// is closed, and a fresh one opened) and leaves the readers all of theirs.
#[derive(Debug, Default)]
pub struct Writer {
    turn: Arc<tokio::sync::Mutex<()>>,
    pool: std::sync::OnceLock<SqlitePool>,
}

impl Writer {
    /// The pool of one that [`Database::begin`] takes its connection from; `readers` is the
    /// main pool, whose settings it copies.
    pub fn pool(&self, readers: &SqlitePool) -> &SqlitePool {
        self.pool.get_or_init(|| {
            readers
                .options()
                .clone()
                .max_connections(1)
                .min_connections(0)
                .connect_lazy_with((*readers.connect_options()).clone())
        })
    }
}

/// Runs the same code against whichever pool is configured. The app's own SQL goes through
/// [`query`]; this is for code that needs a backend's own API (closing the pool, the black-box
/// tests' direct reads). The body is compiled once per backend, but a
/// statement only one dialect accepts still compiles: it fails at run time, in the tests that
/// run on both databases.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Database::Sqlite($pool, _) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}

/// A transaction on either backend. Work that must commit together (a submission and the
/// emails it causes) runs inside one: pass `&mut tx` to a [`query`].
///
/// The transaction is driven with plain `BEGIN` / `COMMIT` / `ROLLBACK` statements rather
/// than sqlx's `Transaction`: sqlx keeps its own count of open transactions, and when a
/// `COMMIT` fails (a full disk, an I/O error) that count and the database disagree. The pool
/// then hands the connection out again, the next `BEGIN` becomes a savepoint inside a
/// transaction that will never commit, and a write is acknowledged that is not stored. Here
/// a connection goes back to the pool only after a `COMMIT` or `ROLLBACK` that reported
/// success; any other ending closes it (see [`Open`]).
pub enum Tx {
    /// The transaction and this process's SQLite write turn, given back when it ends.
    Sqlite(Open<sqlx::Sqlite>, tokio::sync::OwnedMutexGuard<()>),
    Postgres(Open<sqlx::Postgres>),
}

/// Like [`on_db!`], for a [`Tx`]: `$conn` is the backend's connection inside the transaction.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(t, _) => {
                let $conn: &mut sqlx::SqliteConnection = &mut *t;
                $body
            }
            $crate::db::Tx::Postgres(t) => {
                let $conn: &mut sqlx::PgConnection = &mut *t;
                $body
            }
        }
    };
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(..) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    /// Commits. `Ok` means the database reported the commit done, on a connection that was
    /// outside any transaction when this one began: only then may a write be acknowledged.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let result = match self {
            Tx::Sqlite(open, _turn) => open.end("COMMIT").await,
            Tx::Postgres(open) => open.end("COMMIT").await,
        };
        if let Err(e) = &result {
            note_failure(e);
        }
        result
    }

    /// Abandons the work. Dropping a `Tx` does the same, at the cost of a new connection.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(open, _turn) => open.end("ROLLBACK").await,
            Tx::Postgres(open) => open.end("ROLLBACK").await,
        }
    }
}

/// A pooled connection inside a transaction this module began. It returns to the pool only
/// from [`Open::end`] after the database confirmed the end; dropped in any other state
/// (an error, a cancelled request, a failed `COMMIT`) the connection is closed, which ends
/// the transaction on the server, and the pool opens a fresh one when it needs it.
pub struct Open<DB: sqlx::Database> {
    conn: Option<sqlx::pool::PoolConnection<DB>>,
}

/// Ends the transaction with `statement` (`COMMIT` or `ROLLBACK`). Written once per backend:
/// a generic version's future cannot be shown to be `Send`, which axum handlers need.
macro_rules! impl_end {
    ($db:ty) => {
        impl Open<$db> {
            async fn end(mut self, statement: &'static str) -> Result<(), sqlx::Error> {
                let Some(conn) = self.conn.as_mut() else {
                    return Err(sqlx::Error::WorkerCrashed);
                };
                // The connection stays in `self` while the statement runs: if this future
                // is dropped half-way, `Drop` closes it rather than pooling an unknown state.
                // (Through `Executor`, whose boxed future is `Send`; `RawSql::execute`'s is not
                // provably so.)
                sqlx::Executor::execute(&mut **conn, sqlx::raw_sql(statement)).await?;
                // Confirmed: back to the pool.
                drop(self.conn.take());
                Ok(())
            }
        }
    };
}
impl_end!(sqlx::Sqlite);
impl_end!(sqlx::Postgres);

impl<DB: sqlx::Database> std::ops::Deref for Open<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        // `conn` is only taken by `end`, which consumes `self`.
        self.conn
            .as_deref()
            .expect("an open transaction has its connection")
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for Open<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        self.conn
            .as_deref_mut()
            .expect("an open transaction has its connection")
    }
}

impl<DB: sqlx::Database> Drop for Open<DB> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.as_mut() {
            conn.close_on_drop();
        }
    }
}

/// The error for a pooled connection found inside a transaction it should not be in. It is
/// an I/O-kind error so the request gets the "try again" page, like any other storage fault.
fn stale_transaction() -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(
        "a pooled connection was still inside a transaction; it was closed",
    ))
}

/// Which backend a URL selects; also used to describe it in logs without its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else {
            anyhow::bail!("the database URL must start with sqlite: or postgres://")
        }
    }
}

#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// How long a request waits for a connection (and, on SQLite, for the write lock) before
    /// it is answered with "service unavailable".
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

impl Database {
    /// Opens the pool and brings the schema up to date.
    ///
    /// SQLite runs in WAL mode with `synchronous=FULL`: a submission is acknowledged only
    /// after its commit is on disk, so a power cut cannot lose it. PostgreSQL keeps its
    /// default `synchronous_commit=on` for the same promise.
    #[tracing::instrument(skip_all)]
    pub async fn connect(url: &str, pool: &PoolSettings) -> anyhow::Result<Self> {
        let db = match Backend::of_url(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .context("reading the SQLite database URL")?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(pool.acquire_timeout)
                    .foreign_keys(true)
                    // Erased and expired texts are overwritten in the file, not only unlinked.
                    .pragma("secure_delete", "on")
                    // A statement whose triggers write other tables (a submission's insert
                    // keeps the roll-ups and the full-text index) keeps the pages it changes
                    // in a statement journal, so a failure undoes it alone: in memory, not in
                    // a temporary file written page by page.
                    .pragma("temp_store", "memory");
                if let Some(parent) = options.get_filename().parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent).with_context(|| {
                            format!(
                                "creating the folder for the SQLite database, {}",
                                parent.display()
                            )
                        })?;
                    }
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(pool.max_connections)
                    .acquire_timeout(pool.acquire_timeout)
                    // A SQLite connection is a file handle in this process: there is no
                    // server or network to have gone away. sqlx's ping before every acquire
                    // was a round trip to the connection's thread per query (5 % of a
                    // submission's time). sqlx still pings each connection as it comes
                    // back to the pool, and a transaction that fails to end closes its
                    // connection instead (`Tx`).
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await
                    .context("opening the SQLite database")?;
                sqlx::migrate!("../migrations/sqlite")
                    .run(&pool)
                    .await
                    .context("running the SQLite migrations")?;
                Database::Sqlite(pool, Arc::default())
            }
            Backend::Postgres => {
                let options = PgConnectOptions::from_str(url)
                    .context("reading the PostgreSQL database URL")?
                    .application_name("have-your-say");
                let pool = PgPoolOptions::new()
                    .max_connections(pool.max_connections)
                    .acquire_timeout(pool.acquire_timeout)
                    .connect_with(options)
                    .await
                    .context("connecting to PostgreSQL")?;
                sqlx::migrate!("../migrations/postgres")
                    .run(&pool)
                    .await
                    .context("running the PostgreSQL migrations")?;
                Database::Postgres(pool)
            }
        };
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Database::Sqlite(..) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }

    /// True when the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        query("SELECT 1").execute(self).await.is_ok()
    }

    /// Starts a transaction on a connection that is checked to be outside any transaction;
    /// one that is not is closed and the caller gets an error (a 503 page), never a
    /// transaction nested inside one that will not commit.
    ///
    /// On SQLite, transactions of this process take turns before they start: SQLite allows
    /// one writer at a time, and a writer that finds the database busy sleeps in growing
    /// steps inside SQLite, which under load costs far more than waiting in line here. Other
    /// processes (the CLI) still meet SQLite's own busy timeout. `BEGIN IMMEDIATE` is both
    /// the check (SQLite refuses it inside a transaction) and the write lock, taken up front
    /// so a transaction never fails half-way on upgrading a read lock.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let result = match self {
            Database::Sqlite(pool, writer) => {
                // Bounded like a pool checkout: a wait this long means the database is stuck,
                // and the request gets the "try again" page.
                let turn =
                    tokio::time::timeout(Duration::from_secs(5), writer.turn.clone().lock_owned())
                        .await
                        .map_err(|_| sqlx::Error::PoolTimedOut)?;
                let mut open = Open {
                    conn: Some(writer.pool(pool).acquire().await?),
                };
                let conn: &mut sqlx::SqliteConnection = &mut open;
                match sqlx::Executor::execute(conn, sqlx::raw_sql("BEGIN IMMEDIATE")).await {
                    Ok(_) => Ok(Tx::Sqlite(open, turn)),
                    Err(e) if is_nested_begin(&e) => Err(stale_transaction()),
                    Err(e) => Err(e),
                }
            }
            Database::Postgres(pool) => {
                let mut open = Open {
                    conn: Some(pool.acquire().await?),
                };
                // PostgreSQL only warns about a `BEGIN` inside a transaction, so ask in the
                // same message. Outside a transaction, a simple query's statements share a
                // transaction of their own that starts as the query arrives, so both clocks
                // read that moment, and its `BEGIN` makes it the caller's transaction; inside
                // an older one the clocks differ. (A simple query, not a prepared one: with
                // the extended protocol each message restarts the statement clock.) One
                // round trip: a batch of submissions has five.
                let conn: &mut sqlx::PgConnection = &mut open;
                let rows = sqlx::Executor::fetch_all(
                    &mut *conn,
                    sqlx::raw_sql("SELECT transaction_timestamp() = statement_timestamp(); BEGIN"),
                )
                .await?;
                let row = rows.first().ok_or(sqlx::Error::RowNotFound)?;
                let outside: bool = sqlx::Row::try_get(row, 0)?;
                if !outside {
                    Err(stale_transaction())
                } else {
                    Ok(Tx::Postgres(open))
                }
            }
        };
        if let Err(e) = &result {
            note_failure(e);
        }
        result
    }

    /// Proves the database takes a durable write now: a one-row table gets a fresh random
    /// value about the size of a long submission, in a transaction of its own. `/readyz`
    /// uses it, so a server whose disk is full is taken out of rotation until space returns.
    pub async fn write_probe(&self) -> Result<(), sqlx::Error> {
        const SQL: &str = "UPDATE write_probe SET payload = $1, written_at = $2 WHERE id = 1";
        let payload: Vec<u8> = (0..PROBE_BYTES).map(|_| rand::random::<u8>()).collect();
        let mut tx = self.begin().await?;
        query(SQL)
            .bind(payload)
            .bind(chrono::Utc::now())
            .execute(&mut tx)
            .await?;
        tx.commit().await
    }

    /// What a writer with a SQLite connection of its own ([`local`]) needs: the database's
    /// file, this process's write turn (taken for each of its transactions, like
    /// [`Database::begin`]'s) and the busy timeout. None for PostgreSQL or a database in
    /// memory, which another connection cannot open.
    pub fn local_writer(
        &self,
    ) -> Option<(std::path::PathBuf, Arc<tokio::sync::Mutex<()>>, Duration)> {
        let Database::Sqlite(pool, writer) = self else {
            return None;
        };
        let options = pool.connect_options();
        let file = options.get_filename();
        if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
            return None;
        }
        Some((
            file.to_path_buf(),
            writer.turn.clone(),
            pool.options().get_acquire_timeout(),
        ))
    }

    /// The folder holding a SQLite database's files (none for PostgreSQL or an in-memory
    /// database), for readiness to check its free space.
    pub fn sqlite_folder(&self) -> Option<std::path::PathBuf> {
        let Database::Sqlite(pool, _) = self else {
            return None;
        };
        let file = pool.connect_options().get_filename().to_path_buf();
        if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
            return None;
        }
        Some(match file.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        })
    }

    pub async fn close(&self) {
        // Made if it was not yet (opening none), so a write after this fails as a read does.
        if let Database::Sqlite(readers, writer) = self {
            writer.pool(readers).close().await;
        }
        on_db!(self, pool => pool.close().await)
    }
}

/// About the size of the longest message a resident may send, so a probe that succeeds
/// means a submission would find room too.
const PROBE_BYTES: usize = 16 * 1024;

/// SQLite's answer to `BEGIN` on a connection already inside a transaction.
fn is_nested_begin(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.message().contains("within a transaction"))
}

/// Describes a database URL for logs: the backend and where it is, never a password.
pub fn describe_url(url: &str) -> String {
    match Backend::of_url(url) {
        Ok(Backend::Sqlite) => url.split('?').next().unwrap_or(url).to_owned(),
        Ok(Backend::Postgres) => match url::Url::parse(url) {
            Ok(u) => format!(
                "postgres://{}:{}{}",
                u.host_str().unwrap_or("localhost"),
                u.port().unwrap_or(5432),
                u.path()
            ),
            Err(_) => "postgres (unparsable URL)".to_owned(),
        },
        Err(_) => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_is_described_without_its_password() {
        let d = describe_url("postgres://portal:s3cret@db.internal:6432/portal?sslmode=require");
        assert_eq!(d, "postgres://db.internal:6432/portal");
        assert!(!d.contains("s3cret"));
        assert_eq!(
            describe_url("sqlite://data/portal.db?mode=rwc"),
            "sqlite://data/portal.db"
        );
    }

    #[test]
    fn the_url_scheme_chooses_the_backend() {
        assert_eq!(Backend::of_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::of_url("postgresql://h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::of_url("mysql://h/db").is_err());
    }
}
