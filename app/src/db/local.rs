//! A SQLite connection driven on the caller's own thread, for the group commit's writer.
//!
//! sqlx runs each SQLite connection on a thread of its own and hands it every statement
//! through a channel, so each statement is two threads waking each other. A batch through
//! the pool is seven such round trips (`BEGIN`, the roll-up marker opened, the rows, the
//! marker closed, the emails, `COMMIT`, and the ping sqlx sends as the connection goes back
//! to its pool), and under load on 2 cores a single one took about 0.25 ms whatever it
//! ran: the writer, which every submission waits for, spent much of each 2.5 ms batch
//! waiting for threads rather than working (measured in docs/PERFORMANCE.md). Here the
//! writer's own thread runs the statements through rusqlite, over the same SQLite library
//! sqlx links (one `libsqlite3-sys`), with the same settings as the pool's connections
//! ([`Local::open`]).
//!
//! Only the group commit writes here. Its statements are built by the same functions as on
//! the pool, as [`Arg`] lists, and bound exactly as sqlx binds them, so a row written here
//! reads back the same through the pool. Errors come back as `sqlx::Error`s that say what
//! sqlx's would (a unique violation, a full disk), so callers and [`super::note_failure`]
//! treat them alike.

use super::Arg;
use rusqlite::{types::ToSqlOutput, types::Value, Connection, OpenFlags};
use std::{borrow::Cow, path::Path, time::Duration};

/// Statements kept prepared: the batch insert's text differs with the number of rows in it
/// (up to the group commit's largest batch), and the rest are a handful.
const PREPARED: usize = 160;

/// The writer's connection.
pub struct Local {
    conn: Connection,
}

impl Local {
    /// Opens `path` with the settings [`super::Database::connect`] gives the pool: WAL,
    /// `synchronous=FULL` (a commit returns once it is on disk), foreign keys, secure delete,
    /// statement journals in memory, and the same busy timeout.
    pub fn open(path: &Path, busy: Duration) -> Result<Local, sqlx::Error> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(into_sqlx)?;
        conn.busy_timeout(busy).map_err(into_sqlx)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;",
        )
        .map_err(into_sqlx)?;
        conn.set_prepared_statement_cache_capacity(PREPARED);
        Ok(Local { conn })
    }

    /// Runs `work` in a transaction that holds SQLite's write lock from its start (`BEGIN
    /// IMMEDIATE`, as [`super::Database::begin`]) and commits it. `Ok` means the commit is
    /// durable. On any error the transaction is rolled back and nothing of `work` is kept.
    pub fn transaction<T>(
        &mut self,
        work: impl FnOnce(&Local) -> Result<T, sqlx::Error>,
    ) -> Result<T, sqlx::Error> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(into_sqlx)?;
        let result = work(self).and_then(|value| {
            self.conn.execute_batch("COMMIT").map_err(into_sqlx)?;
            Ok(value)
        });
        if result.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        result
    }

    /// True when the connection is outside any transaction, as it must be between batches.
    /// One that is not (a `ROLLBACK` that failed) is to be dropped and opened again.
    pub fn is_idle(&self) -> bool {
        self.conn.is_autocommit()
    }

    /// Runs one statement; answers the rows it changed.
    pub fn execute(&self, sql: &str, args: &[Arg]) -> Result<usize, sqlx::Error> {
        let mut statement = self.conn.prepare_cached(sql).map_err(into_sqlx)?;
        bind(&mut statement, args)?;
        statement.raw_execute().map_err(into_sqlx)
    }

    /// Runs one statement that answers `(integer, text)` rows, such as `RETURNING id,
    /// reference`.
    pub fn fetch_pairs(&self, sql: &str, args: &[Arg]) -> Result<Vec<(i64, String)>, sqlx::Error> {
        let mut statement = self.conn.prepare_cached(sql).map_err(into_sqlx)?;
        bind(&mut statement, args)?;
        let mut rows = statement.raw_query();
        let mut pairs = Vec::new();
        while let Some(row) = rows.next().map_err(into_sqlx)? {
            pairs.push((
                row.get(0).map_err(into_sqlx)?,
                row.get(1).map_err(into_sqlx)?,
            ));
        }
        Ok(pairs)
    }
}

/// Binds `args` as sqlx binds them on SQLite: `?` takes the next argument, `$N` and `?N`
/// the Nth; times as RFC 3339 text with `+00:00`, dates as `YYYY-MM-DD`, booleans as 0 or 1.
fn bind(statement: &mut rusqlite::CachedStatement<'_>, args: &[Arg]) -> Result<(), sqlx::Error> {
    let mut next = 0;
    for index in 1..=statement.parameter_count() {
        let n = match statement.parameter_name(index) {
            None => {
                next += 1;
                next
            }
            Some(name) => name[1..].parse::<usize>().map_err(|_| {
                sqlx::Error::Protocol(format!("unsupported SQL parameter name {name}"))
            })?,
        };
        // A number past the arguments binds NULL, as in sqlx; so does `$0`.
        let value = n
            .checked_sub(1)
            .and_then(|i| args.get(i))
            .map_or(Value::Null, value_of);
        statement
            .raw_bind_parameter(index, ToSqlOutput::Owned(value))
            .map_err(into_sqlx)?;
    }
    Ok(())
}

fn value_of(arg: &Arg) -> Value {
    use chrono::SecondsFormat;
    match arg.clone() {
        Arg::Text(v) => v.map_or(Value::Null, Value::Text),
        Arg::Int(v) => v.map_or(Value::Null, Value::Integer),
        Arg::Bool(v) => v.map_or(Value::Null, |b| Value::Integer(b.into())),
        Arg::Time(v) => v.map_or(Value::Null, |t| {
            Value::Text(t.to_rfc3339_opts(SecondsFormat::AutoSi, false))
        }),
        Arg::Date(v) => v.map_or(Value::Null, |d| Value::Text(d.format("%F").to_string())),
        Arg::Bytes(v) => v.map_or(Value::Null, Value::Blob),
    }
}

/// A SQLite error from this connection, as a `sqlx::Error::Database` that answers the same
/// questions as sqlx's own: its extended result code, and whether it is a unique violation.
#[derive(Debug)]
pub struct LocalError {
    code: i32,
    message: String,
}

impl LocalError {
    /// SQLite's extended result code.
    pub fn extended_code(&self) -> i32 {
        self.code
    }
}

impl std::fmt::Display for LocalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for LocalError {}

impl sqlx::error::DatabaseError for LocalError {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use sqlx::error::ErrorKind;
        // The extended constraint codes, as sqlx reads them.
        match self.code {
            2067 | 1555 => ErrorKind::UniqueViolation,
            787 => ErrorKind::ForeignKeyViolation,
            1299 => ErrorKind::NotNullViolation,
            275 => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

fn into_sqlx(e: rusqlite::Error) -> sqlx::Error {
    match e {
        rusqlite::Error::SqliteFailure(failure, message) => {
            sqlx::Error::Database(Box::new(LocalError {
                code: failure.extended_code,
                message: message.unwrap_or_else(|| failure.to_string()),
            }))
        }
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, Database, Value};
    use chrono::{DateTime, NaiveDate, Utc};

    async fn database() -> (Database, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!(
            "portal-local-{}-{}.db",
            std::process::id(),
            rand::random::<u32>()
        ));
        let db = Database::connect(
            &format!("sqlite://{}", path.display()),
            &db::PoolSettings::default(),
        )
        .await
        .unwrap();
        db::query(
            "CREATE TABLE local_check (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER, \
             yes BOOLEAN, at TEXT, day TEXT, bytes BLOB)",
        )
        .execute(&db)
        .await
        .unwrap();
        (db, path)
    }

    async fn finish(db: Database, path: std::path::PathBuf) {
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }

    #[tokio::test]
    async fn what_it_writes_reads_back_through_the_pool_as_if_sqlx_had_bound_it() {
        let (db, path) = database().await;
        let at: DateTime<Utc> = "2026-03-04T05:06:07.123456789Z".parse().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let row = |name: &str| {
            vec![
                name.into_arg(),
                7i64.into_arg(),
                true.into_arg(),
                at.into_arg(),
                day.into_arg(),
                vec![0u8, 159, 255].into_arg(),
            ]
        };
        const INSERT: &str =
            "INSERT INTO local_check (name, n, yes, at, day, bytes) VALUES ($1, $2, $3, $4, $5, $6)";
        // The same row through sqlx and through the local connection.
        db::query(INSERT)
            .bind_all(row("pool"))
            .execute(&db)
            .await
            .unwrap();
        let (file, _, busy) = db.local_writer().unwrap();
        let mut local = Local::open(&file, busy).unwrap();
        let pairs = local
            .transaction(|c| {
                // `?` placeholders take the arguments in order, as `db::values` writes them;
                // a missing argument is NULL, as in sqlx.
                c.execute(
                    "INSERT INTO local_check (name, n, yes, at, day, bytes) VALUES (?, ?, ?, ?, ?, ?)",
                    &row("local"),
                )?;
                c.execute("INSERT INTO local_check (name, n) VALUES ($1, $2)", &["nulls".into_arg()])?;
                c.fetch_pairs("SELECT id, name FROM local_check ORDER BY id", &[])
            })
            .unwrap();
        assert_eq!(
            pairs
                .iter()
                .map(|(_, name)| name.as_str())
                .collect::<Vec<_>>(),
            ["pool", "local", "nulls"]
        );
        type Stored = (
            Option<i64>,
            Option<bool>,
            Option<String>,
            Option<DateTime<Utc>>,
            Option<NaiveDate>,
            Option<Vec<u8>>,
        );
        let read = |name: &'static str| {
            let db = db.clone();
            async move {
                db::query("SELECT n, yes, at, at, day, bytes FROM local_check WHERE name = $1")
                    .bind(name)
                    .fetch_one::<Stored>(&db)
                    .await
                    .unwrap()
            }
        };
        let (pool, local_row) = (read("pool").await, read("local").await);
        assert_eq!(local_row, pool, "the same values, stored the same way");
        assert_eq!(local_row.3, Some(at));
        assert_eq!(read("nulls").await, (None, None, None, None, None, None));
        finish(db, path).await;
    }

    #[tokio::test]
    async fn a_failed_statement_keeps_nothing_of_its_transaction_and_says_what_sqlx_would() {
        let (db, path) = database().await;
        let (file, _, busy) = db.local_writer().unwrap();
        let mut local = Local::open(&file, busy).unwrap();
        let insert = "INSERT INTO local_check (name) VALUES ($1)";
        local
            .transaction(|c| c.execute(insert, &["taken".into_arg()]))
            .unwrap();
        let clash = local
            .transaction(|c| {
                c.execute(insert, &["new".into_arg()])?;
                c.execute(insert, &["taken".into_arg()])
            })
            .unwrap_err();
        let sqlx::Error::Database(e) = &clash else {
            panic!("a database error, not {clash:?}");
        };
        assert!(e.is_unique_violation(), "{e}");
        assert!(!db::is_storage_fault(&clash), "a clash is not a full disk");
        assert!(local.is_idle(), "rolled back, ready for the next batch");
        let names: Vec<(String,)> = db::query("SELECT name FROM local_check ORDER BY name")
            .fetch_all(&db)
            .await
            .unwrap();
        assert_eq!(
            names,
            [("taken".to_owned(),)],
            "nothing of the failed one is kept"
        );
        // A full database is a storage fault, as through the pool.
        // (No larger than the file: SQLite keeps the limit at its current size.)
        local
            .conn
            .query_row("PRAGMA max_page_count = 1", [], |_| Ok(()))
            .unwrap();
        let full = local
            .transaction(|c| c.execute(insert, &["x".repeat(10_000).into_arg()]))
            .unwrap_err();
        assert!(db::is_storage_fault(&full), "{full}");
        assert!(local.is_idle());
        finish(db, path).await;
    }
}
