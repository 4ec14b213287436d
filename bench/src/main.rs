//! The ceiling of our own stack, for the benchmark to measure the portal against.
//!
//! `baseline PORT BYTES DATABASE` serves, with axum on tokio like the portal:
//! - `GET /static`: a static body of BYTES bytes (the size of the portal's form page), the
//!   most a handler on this stack can answer;
//! - `POST /insert`: one row into a `submissions`-shaped table, with nothing else: no parsing,
//!   no sanitising, no outbox, no page, one transaction per row. DATABASE is a SQLite file
//!   (WAL mode with `synchronous=FULL`, like the portal) or a `postgres://` URL (the server's
//!   own durability settings, `synchronous_commit=on` by default, as the portal uses them).
//!
//! It is compiled with the same release profile as the portal, so the only difference in the
//! figures is the work the portal does.

use axum::{extract::State, routing::get, routing::post, Router};
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::{
    str::FromStr, sync::atomic::AtomicU64, sync::atomic::Ordering, sync::Arc, time::Duration,
};

/// The table on each database, `{id}` being its own auto-numbered key.
const TABLE: &str =
    "CREATE TABLE IF NOT EXISTS submissions (id {id} PRIMARY KEY, reference TEXT NOT NULL UNIQUE, \
     kind TEXT NOT NULL, topic TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL)";
const INSERT: &str = "INSERT INTO submissions (reference, kind, topic, message, created_at) \
     VALUES ($1, 'feedback', 'housing', $2, $3)";
const MESSAGE: &str = "The link worker helped me sort out my damp flat. Thank you.";

/// The same pool size as the portal's default.
const CONNECTIONS: u32 = 8;

#[derive(Clone)]
enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

#[derive(Clone)]
struct Baseline {
    body: Arc<String>,
    pool: Pool,
    next: Arc<AtomicU64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, port, bytes, db] = args.as_slice() else {
        anyhow::bail!("usage: baseline PORT BYTES DATABASE");
    };
    let pool = if db.starts_with("postgres://") {
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect(db)
            .await?;
        sqlx::query(&TABLE.replace("{id}", "BIGSERIAL"))
            .execute(&pool)
            .await?;
        Pool::Postgres(pool)
    } else {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{db}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS)
            .connect_with(options)
            .await?;
        sqlx::query(&TABLE.replace("{id}", "INTEGER"))
            .execute(&pool)
            .await?;
        Pool::Sqlite(pool)
    };
    let state = Baseline {
        body: Arc::new("x".repeat(bytes.parse()?)),
        pool,
        next: Arc::new(AtomicU64::new(0)),
    };
    let app = Router::new()
        .route(
            "/static",
            get(|State(s): State<Baseline>| async move { (*s.body).clone() }),
        )
        .route("/insert", post(insert))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn insert(State(s): State<Baseline>) -> axum::http::StatusCode {
    let n = s.next.fetch_add(1, Ordering::Relaxed);
    let reference = format!("R{n:012}");
    let now = chrono::Utc::now().to_rfc3339();
    let result = match &s.pool {
        Pool::Sqlite(pool) => sqlx::query(INSERT)
            .bind(reference)
            .bind(MESSAGE)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()),
        Pool::Postgres(pool) => sqlx::query(INSERT)
            .bind(reference)
            .bind(MESSAGE)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()),
    };
    match result {
        Ok(()) => axum::http::StatusCode::SEE_OTHER,
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE,
    }
}
