//! The one way store files reach the database: `query(SQL).bind(x).fetch_all::<Row>(&db)`.
//!
//! A statement is written once with `$1`, `$2`, … placeholders (both SQLite and PostgreSQL
//! read them) and its arguments are collected as [`Arg`] values; the backend is picked once,
//! here, when it runs. Rows decode into `#[derive(sqlx::FromRow)]` structs (or tuples) whose
//! fields decode on both backends, enums included (see `domain::choice!`).
//!
//! A statement that only one dialect accepts still compiles: it fails at run time, which is
//! why every store test runs on both databases.
//!
//! Written here rather than taken from a crate: sqlx's `Any` driver would do the dispatch, but
//! it has no date or time types (every timestamp would go through text by hand) and replaces
//! the typed pools the rest of `db` relies on (transactions, the write turn, fault checks);
//! this is about a hundred lines over the two pools the portal already has.

use super::{Backend, Database, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{postgres::PgRow, sqlite::SqliteRow, FromRow};
use std::borrow::Cow;

/// One bound argument. A `None` keeps its type, which PostgreSQL needs to plan the statement.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Bytes(Option<Vec<u8>>),
}

/// A value that can be bound: the plain types the schema uses, the domain types that store
/// as text, and `Option`s of any of them.
pub trait Value {
    fn into_arg(self) -> Arg;
}

/// A value with a typed SQL `NULL`, so `Option<Self>` can be bound too.
pub trait Nullable: Value {
    const NULL: Arg;
}

impl<T: Nullable> Value for Option<T> {
    fn into_arg(self) -> Arg {
        match self {
            Some(v) => v.into_arg(),
            None => T::NULL,
        }
    }
}

impl<T: Nullable + Clone> Value for &Option<T> {
    fn into_arg(self) -> Arg {
        self.clone().into_arg()
    }
}

macro_rules! values {
    ($($ty:ty => $variant:ident, |$v:ident| $convert:expr;)*) => {$(
        impl Value for $ty {
            fn into_arg(self) -> Arg {
                let $v = self;
                Arg::$variant(Some($convert))
            }
        }
        impl Nullable for $ty {
            const NULL: Arg = Arg::$variant(None);
        }
    )*};
}

values! {
    String => Text, |v| v;
    &str => Text, |v| v.to_owned();
    &String => Text, |v| v.clone();
    i64 => Int, |v| v;
    &i64 => Int, |v| *v;
    i32 => Int, |v| i64::from(v);
    u32 => Int, |v| i64::from(v);
    bool => Bool, |v| v;
    DateTime<Utc> => Time, |v| v;
    &DateTime<Utc> => Time, |v| *v;
    NaiveDate => Date, |v| v;
    Vec<u8> => Bytes, |v| v;
    &Vec<u8> => Bytes, |v| v.clone();
    &[u8] => Bytes, |v| v.to_vec();
}

impl Value for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

/// Where a statement runs: the pool, or an open transaction.
pub enum On<'a> {
    Db(&'a Database),
    Tx(&'a mut Tx),
}

impl<'a> From<&'a Database> for On<'a> {
    fn from(db: &'a Database) -> Self {
        On::Db(db)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}

/// A statement and its arguments, run by one of the `fetch_…` or [`Query::execute`] calls.
#[must_use = "a query does nothing until it is fetched or executed"]
pub struct Query<'q> {
    sql: Cow<'q, str>,
    args: Vec<Arg>,
}

/// Starts a statement; `sql` uses `$1`, `$2`, … for its arguments.
pub fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query {
        sql: sql.into(),
        args: Vec::new(),
    }
}

/// Binds every argument in order onto a sqlx query of either backend.
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Arg::Text(v) => q.bind(v),
                Arg::Int(v) => q.bind(v),
                Arg::Bool(v) => q.bind(v),
                Arg::Time(v) => q.bind(v),
                Arg::Date(v) => q.bind(v),
                Arg::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Runs `$method` of a sqlx query built by `$make` (applied to the SQL) on whichever backend
/// `$on` is, with the arguments bound.
macro_rules! run {
    ($self:ident, $on:expr, $make:ident, $method:ident) => {{
        let Query { sql, args } = $self;
        match $on.into() {
            On::Db(Database::Sqlite(pool, _)) => {
                bind_all!(sqlx::$make(&sql), args).$method(pool).await
            }
            On::Db(Database::Postgres(pool)) => {
                bind_all!(sqlx::$make(&sql), args).$method(pool).await
            }
            On::Tx(Tx::Sqlite(open, _)) => {
                let conn: &mut sqlx::SqliteConnection = &mut *open;
                bind_all!(sqlx::$make(&sql), args).$method(conn).await
            }
            On::Tx(Tx::Postgres(open)) => {
                let conn: &mut sqlx::PgConnection = &mut *open;
                bind_all!(sqlx::$make(&sql), args).$method(conn).await
            }
        }
    }};
}

/// A row type that decodes from either backend.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

impl<'q> Query<'q> {
    /// Adds the next argument (`$1`, then `$2`, …).
    pub fn bind(mut self, value: impl Value) -> Self {
        self.args.push(value.into_arg());
        self
    }

    /// Adds arguments collected while building the SQL (a filter's conditions).
    pub fn bind_all(mut self, args: impl IntoIterator<Item = Arg>) -> Self {
        self.args.extend(args);
        self
    }

    pub async fn fetch_all<R: Row>(self, on: impl Into<On<'_>>) -> Result<Vec<R>, sqlx::Error> {
        run!(self, on, query_as, fetch_all)
    }

    pub async fn fetch_one<R: Row>(self, on: impl Into<On<'_>>) -> Result<R, sqlx::Error> {
        run!(self, on, query_as, fetch_one)
    }

    pub async fn fetch_optional<R: Row>(
        self,
        on: impl Into<On<'_>>,
    ) -> Result<Option<R>, sqlx::Error> {
        run!(self, on, query_as, fetch_optional)
    }

    /// Runs a statement that returns no rows; answers how many rows it changed.
    pub async fn execute(self, on: impl Into<On<'_>>) -> Result<u64, sqlx::Error> {
        let Query { sql, args } = self;
        let done = match on.into() {
            On::Db(Database::Sqlite(pool, _)) => bind_all!(sqlx::query(&sql), args)
                .execute(pool)
                .await?
                .rows_affected(),
            On::Db(Database::Postgres(pool)) => bind_all!(sqlx::query(&sql), args)
                .execute(pool)
                .await?
                .rows_affected(),
            On::Tx(Tx::Sqlite(open, _)) => {
                let conn: &mut sqlx::SqliteConnection = &mut *open;
                bind_all!(sqlx::query(&sql), args)
                    .execute(conn)
                    .await?
                    .rows_affected()
            }
            On::Tx(Tx::Postgres(open)) => {
                let conn: &mut sqlx::PgConnection = &mut *open;
                bind_all!(sqlx::query(&sql), args)
                    .execute(conn)
                    .await?
                    .rows_affected()
            }
        };
        Ok(done)
    }
}

/// Collects a filter's conditions and their arguments, numbering the placeholders as it goes,
/// so a query built from optional filters cannot get its `$n` out of step with its binds.
#[derive(Debug, Default)]
pub struct Conditions {
    sql: String,
    args: Vec<Arg>,
    /// Arguments already bound before the conditions start (so the first here is `$n + 1`).
    offset: usize,
}

impl Conditions {
    /// Conditions whose arguments come after `already` bound ones.
    pub fn after(already: usize) -> Self {
        Conditions {
            offset: already,
            ..Default::default()
        }
    }

    /// Adds `clause`, in which each `?` stands for the next argument, in order.
    pub fn push(&mut self, clause: &str, args: impl IntoIterator<Item = Arg>) {
        let mut args = args.into_iter();
        let mut parts = clause.split('?');
        if let Some(first) = parts.next() {
            self.sql.push_str(first);
        }
        for part in parts {
            let arg = args
                .next()
                .expect("a condition has an argument for each placeholder");
            self.args.push(arg);
            self.sql
                .push_str(&format!("${}", self.offset + self.args.len()));
            self.sql.push_str(part);
        }
        assert!(
            args.next().is_none(),
            "a condition has a placeholder for each argument"
        );
    }

    /// Adds a clause with one argument.
    pub fn push_one(&mut self, clause: &str, value: impl Value) {
        self.push(clause, [value.into_arg()]);
    }

    /// The SQL so far and the arguments in placeholder order.
    pub fn into_parts(self) -> (String, Vec<Arg>) {
        (self.sql, self.args)
    }
}

/// The `VALUES` list of a multi-row insert, `($1, $2), ($3, $4)…`, and its arguments in order.
/// Every row must have the same number of values.
///
/// On SQLite the placeholders are plain `?`s, numbered by their order. SQLite keeps the names
/// of `$1`-style placeholders in a list it searches from the start for each one, when it
/// parses the statement and again when sqlx binds each argument: a batch of 128 submissions
/// has 2,432 of them and its emails more, so the binding alone was 2% of the submissions'
/// CPU.
pub fn values(backend: Backend, rows: impl IntoIterator<Item = Vec<Arg>>) -> (String, Vec<Arg>) {
    use std::fmt::Write;
    let mut sql = String::from("VALUES ");
    let mut args = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        sql.push_str(if i == 0 { "(" } else { ", (" });
        for (j, arg) in row.into_iter().enumerate() {
            args.push(arg);
            if j > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    let _ = write!(sql, "${}", args.len());
                }
            }
        }
        sql.push(')');
    }
    (sql, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_number_their_placeholders_after_the_ones_already_bound() {
        let mut c = Conditions::after(2);
        c.push(" AND a = ?", [1i64.into_arg()]);
        c.push(" AND b IS NULL", []);
        c.push(
            " AND c BETWEEN ? AND ?",
            ["x".into_arg(), None::<&str>.into_arg()],
        );
        let (sql, args) = c.into_parts();
        assert_eq!(sql, " AND a = $3 AND b IS NULL AND c BETWEEN $4 AND $5");
        assert_eq!(args.len(), 3);
        assert!(matches!(args[2], Arg::Text(None)));
    }

    #[test]
    fn a_values_list_numbers_every_row_in_turn() {
        let rows = || {
            [
                vec![1i64.into_arg(), "a".into_arg()],
                vec![2i64.into_arg(), "b".into_arg()],
            ]
        };
        let (sql, args) = values(Backend::Postgres, rows());
        assert_eq!(sql, "VALUES ($1, $2), ($3, $4)");
        assert_eq!(args.len(), 4);
        let (sql, args) = values(Backend::Sqlite, rows());
        assert_eq!(sql, "VALUES (?, ?), (?, ?)");
        assert_eq!(args.len(), 4);
    }

    #[test]
    #[should_panic(expected = "an argument for each placeholder")]
    fn a_condition_missing_an_argument_is_a_bug_found_in_tests() {
        Conditions::default().push(" AND a = ? AND b = ?", [1i64.into_arg()]);
    }
}
