//! The ceiling of our own stack, for the benchmark to measure the portal against.
//!
//! `baseline PORT BYTES DB_PATH` serves, with axum on tokio like the portal:
//! - `GET /static`: a static body of BYTES bytes (the size of the portal's form page), the
//!   most a handler on this stack can answer;
//! - `POST /insert`: one row into a `submissions`-shaped SQLite table, in WAL mode with
//!   `synchronous=FULL` like the portal, with nothing else: no parsing, no sanitising, no
//!   outbox, no page.
//!
//! It is compiled with the same release profile as the portal, so the only difference in the
//! figures is the work the portal does.

use axum::{extract::State, routing::get, routing::post, Router};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::{
    str::FromStr, sync::atomic::AtomicU64, sync::atomic::Ordering, sync::Arc, time::Duration,
};

#[derive(Clone)]
struct Baseline {
    body: Arc<String>,
    pool: sqlx::SqlitePool,
    next: Arc<AtomicU64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, port, bytes, db] = args.as_slice() else {
        anyhow::bail!("usage: baseline PORT BYTES DB_PATH");
    };
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{db}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, \
         kind TEXT NOT NULL, topic TEXT NOT NULL, message TEXT NOT NULL, created_at TEXT NOT NULL)",
    )
    .execute(&pool)
    .await?;
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
    let result = sqlx::query("INSERT INTO submissions (reference, kind, topic, message, created_at) VALUES ($1, 'feedback', 'housing', $2, $3)")
        .bind(format!("R{n:012}"))
        .bind("The link worker helped me sort out my damp flat. Thank you.")
        .bind(chrono::Utc::now())
        .execute(&s.pool)
        .await;
    match result {
        Ok(_) => axum::http::StatusCode::SEE_OTHER,
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE,
    }
}
