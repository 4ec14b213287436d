//! Sign-in throttling, kept in the database so every app server sees the same count.
//!
//! Three counts of failures over the last [`WINDOW`], each a row per failure under a key:
//!
//! - per (account, client address): [`PAIR_LIMIT`] failures lock that address out of that
//!   account for the rest of the window. A guesser is stopped; the owner, at another
//!   address, is not (anyone can type someone's email address, so a lock per account alone
//!   would let a stranger lock anyone out);
//! - per client address, across accounts: [`CLIENT_LIMIT`] failures lock the address out of
//!   every account (one address spraying many accounts);
//! - per account, from everywhere: past [`SLOW_AFTER`] failures every sign-in to the account
//!   waits before its password is checked, a little longer for each failure, never more than
//!   [`MAX_DELAY`]. The wait comes before the check, so a quick answer never gives away a
//!   right password, and it never becomes a refusal: the owner at a clean address gets in,
//!   a few seconds late at worst, however many strangers fail.

use crate::db::{self, Database};
use chrono::{Duration, Utc};
use sha2::Digest;

pub const WINDOW: Duration = Duration::minutes(15);
/// Failures from one address on one account before that address is locked out of it.
pub const PAIR_LIMIT: i64 = 5;
/// Failures from one address (across accounts) before it is locked.
pub const CLIENT_LIMIT: i64 = 20;
/// Failures on one account (from any address) before its sign-ins slow down.
pub const SLOW_AFTER: i64 = 5;
/// The longest a sign-in waits for the account's slow-down.
pub const MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(3);

/// The key for an account: a hash, so the table does not list addresses people typed.
pub fn account_key(email: &str) -> String {
    format!("account:{}", account_hash(email))
}

fn account_hash(email: &str) -> String {
    let digest = sha2::Sha256::digest(email.trim().to_lowercase().as_bytes());
    hex::encode(&digest[..12])
}

pub fn client_key(ip: &str) -> String {
    format!("client:{ip}")
}

/// The key for one address's attempts on one account.
pub fn pair_key(email: &str, ip: &str) -> String {
    format!("pair:{}:{ip}", account_hash(email))
}

/// The key for wrong second-step codes on an account: whoever sends them already has its
/// password, so the lock is the account's, not an address's.
pub fn code_key(staff_id: i64) -> String {
    format!("code:{staff_id}")
}

/// How long a sign-in to an account waits, given the account's failures in the window: none
/// up to [`SLOW_AFTER`], then a quarter of a second doubling with each failure, up to
/// [`MAX_DELAY`].
pub fn slow_down(account_failures: i64) -> std::time::Duration {
    if account_failures < SLOW_AFTER {
        return std::time::Duration::ZERO;
    }
    let doublings = u32::try_from(account_failures - SLOW_AFTER)
        .unwrap_or(u32::MAX)
        .min(8);
    (std::time::Duration::from_millis(250) * 2u32.pow(doublings)).min(MAX_DELAY)
}

pub async fn failures(db: &Database, key: &str) -> Result<i64, sqlx::Error> {
    const SQL: &str = "SELECT COUNT(*) FROM sign_in_failures WHERE key = $1 AND at > $2";
    let (n,): (i64,) = db::query(SQL)
        .bind(key)
        .bind(Utc::now() - WINDOW)
        .fetch_one(db)
        .await?;
    Ok(n)
}

pub async fn record_failure(db: &Database, keys: &[&str]) -> Result<(), sqlx::Error> {
    let now = Utc::now();
    for key in keys {
        db::query("INSERT INTO sign_in_failures (key, at) VALUES ($1, $2)")
            .bind(*key)
            .bind(now)
            .execute(db)
            .await?;
    }
    // Old rows are of no use; keep the table small.
    db::query("DELETE FROM sign_in_failures WHERE at < $1")
        .bind(now - WINDOW * 4)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &Database, key: &str) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slow_down_grows_with_failures_and_stays_within_a_few_seconds() {
        let ms = |f| slow_down(f).as_millis();
        assert_eq!(ms(0), 0);
        assert_eq!(ms(SLOW_AFTER - 1), 0);
        assert_eq!(ms(SLOW_AFTER), 250);
        assert_eq!(ms(SLOW_AFTER + 1), 500);
        assert_eq!(ms(SLOW_AFTER + 2), 1000);
        assert_eq!(ms(SLOW_AFTER + 3), 2000);
        for f in [SLOW_AFTER + 4, 100, 100_000, i64::MAX] {
            assert_eq!(slow_down(f), MAX_DELAY, "{f}");
        }
    }

    #[test]
    fn keys_hide_the_typed_address_and_separate_accounts_and_clients() {
        let a = pair_key("Owner@Example.org ", "203.0.113.1");
        assert_eq!(a, pair_key("owner@example.org", "203.0.113.1"));
        assert_ne!(a, pair_key("owner@example.org", "203.0.113.2"));
        assert_ne!(a, pair_key("other@example.org", "203.0.113.1"));
        assert!(!a.contains("owner") && !account_key("owner@example.org").contains("owner"));
    }
}
