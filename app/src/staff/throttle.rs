//! Sign-in throttling, per account and per client address, kept in the database so every
//! app server sees the same count.

use crate::db::Database;
use crate::on_db;
use chrono::{Duration, Utc};
use sha2::Digest;

pub const WINDOW: Duration = Duration::minutes(15);
/// Failures on one account before it is locked for the rest of the window.
pub const ACCOUNT_LIMIT: i64 = 5;
/// Failures from one address (across accounts) before it is locked.
pub const CLIENT_LIMIT: i64 = 20;

/// The key for an account: a hash, so the table does not list addresses people typed.
pub fn account_key(email: &str) -> String {
    let digest = sha2::Sha256::digest(email.trim().to_lowercase().as_bytes());
    format!("account:{}", hex::encode(&digest[..12]))
}

pub fn client_key(ip: &str) -> String {
    format!("client:{ip}")
}

pub async fn failures(db: &Database, key: &str) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at > $2";
    let (n,): (i64,) = on_db!(db, pool => sqlx::query_as(SQL).bind(key).bind(Utc::now() - WINDOW).fetch_one(pool).await?);
    Ok(n)
}

pub async fn record_failure(db: &Database, keys: &[&str]) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    for key in keys {
        on_db!(db, pool => sqlx::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)")
            .bind(*key).bind(now).execute(pool).await?.rows_affected());
    }
    // Old rows are of no use; keep the table small.
    on_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(now - WINDOW * 4).execute(pool).await?.rows_affected());
    Ok(())
}

pub async fn clear(db: &Database, key: &str) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key).execute(pool).await?.rows_affected());
    Ok(())
}
