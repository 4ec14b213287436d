//! The one storage handle. SQLite (the default: a file, nothing to install) and PostgreSQL
//! (several app servers on one database) sit behind it; the URL chosen at start-up decides.
//!
//! Feature modules keep their own SQL (`resident/store.rs`, …) as small functions taking a
//! [`Database`]. Most statements are written once and run on both backends through
//! [`on_db!`]; where the dialects differ, the function matches on the variant.

use anyhow::Context;
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};
use std::{str::FromStr, sync::Arc, time::Duration};

#[derive(Clone, Debug)]
pub enum Database {
    /// The pool, and the lock that lets one transaction at a time in this process try to
    /// write (see [`Database::begin`]).
    Sqlite(SqlitePool, Arc<tokio::sync::Mutex<()>>),
    Postgres(PgPool),
}

/// Runs the same code against whichever pool is configured. The body is compiled once per
/// backend, so a query that only one dialect accepts fails the build, not a resident.
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
/// emails it causes) runs inside one, through [`on_tx!`].
pub enum Tx {
    /// The transaction and this process's SQLite write turn, given back when it ends.
    Sqlite(
        sqlx::Transaction<'static, sqlx::Sqlite>,
        tokio::sync::OwnedMutexGuard<()>,
    ),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
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
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(t, _turn) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
    }
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
                    .pragma("secure_delete", "on");
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
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.is_ok())
    }

    /// Starts a transaction. On SQLite, transactions of this process take turns before they
    /// start: SQLite allows one writer at a time, and a writer that finds the database busy
    /// sleeps in growing steps inside SQLite, which under load costs far more than waiting
    /// in line here. Other processes (the CLI) still meet SQLite's own busy timeout.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Database::Sqlite(pool, turn) => {
                // Bounded like a pool checkout: a wait this long means the database is stuck,
                // and the request gets the "try again" page.
                let turn = tokio::time::timeout(Duration::from_secs(5), turn.clone().lock_owned())
                    .await
                    .map_err(|_| sqlx::Error::PoolTimedOut)?;
                Tx::Sqlite(pool.begin().await?, turn)
            }
            Database::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
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
