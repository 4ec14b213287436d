//! The feedback form's start time, signed, so a form sent back faster than a person could
//! fill it in is stopped. Real people almost never take under a few seconds; scripts do.
//!
//! The token is `seconds.signature`: the Unix time the form was drawn and an HMAC-SHA-256 of
//! it under a key kept in the database (`site_secrets`), so every app server shares it. A
//! form posted without the field (a script using the documented form fields, as `curl` does
//! in the README) is not timed: the rate limit and the honeypot cover those.

use crate::db::{self, Database};
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct FormTiming {
    key: Vec<u8>,
    pub min_seconds: u64,
}

impl std::fmt::Debug for FormTiming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormTiming")
            .field("min_seconds", &self.min_seconds)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    /// Old enough, or not timed at all (no field).
    Fine,
    TooFast,
    /// Signature wrong or not a token: tampered with or from another installation.
    Invalid,
    /// Drawn more than [`MAX_AGE_SECONDS`] ago: a token harvested once must not serve a
    /// script for ever.
    Expired,
}

/// How long a drawn form may wait before it is sent: a day covers a resident who leaves the
/// page open overnight.
pub const MAX_AGE_SECONDS: u64 = 24 * 60 * 60;

impl FormTiming {
    pub fn new(key: Vec<u8>, min_seconds: u64) -> Self {
        FormTiming { key, min_seconds }
    }

    fn sign(&self, seconds: u64) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(seconds.to_string().as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// A token for a form drawn at `now` (Unix seconds).
    pub fn issue(&self, now: u64) -> String {
        format!("{now}.{}", self.sign(now))
    }

    pub fn check(&self, token: &str, now: u64) -> Timing {
        if token.is_empty() {
            return Timing::Fine;
        }
        let Some((seconds, signature)) = token.split_once('.') else {
            return Timing::Invalid;
        };
        let Ok(seconds) = seconds.parse::<u64>() else {
            return Timing::Invalid;
        };
        let expected = self.sign(seconds);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            expected.as_bytes(),
            signature.as_bytes(),
        )) {
            return Timing::Invalid;
        }
        if now > seconds.saturating_add(MAX_AGE_SECONDS) {
            Timing::Expired
        } else if now < seconds.saturating_add(self.min_seconds) {
            Timing::TooFast
        } else {
            Timing::Fine
        }
    }
}

/// Unix seconds now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The named key, made (32 random bytes) the first time any server asks for it.
pub async fn shared_key(db: &Database, name: &str) -> Result<Vec<u8>, sqlx::Error> {
    let fresh: [u8; 32] = rand::random();
    db::query(
        "INSERT INTO site_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh.to_vec())
    .execute(db)
    .await?;
    let (key,): (Vec<u8>,) = db::query("SELECT value FROM site_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(db)
        .await?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_fine_only_after_the_minimum_and_only_with_its_signature() {
        let timing = FormTiming::new(b"key".to_vec(), 3);
        let token = timing.issue(1000);
        assert_eq!(timing.check(&token, 1000), Timing::TooFast);
        assert_eq!(timing.check(&token, 1002), Timing::TooFast);
        assert_eq!(timing.check(&token, 1003), Timing::Fine);
        assert_eq!(timing.check("", 1000), Timing::Fine);
        let forged = token.replace("1000.", "900.");
        assert_eq!(timing.check(&forged, 1003), Timing::Invalid);
        assert_eq!(timing.check("nonsense", 1003), Timing::Invalid);
        assert_eq!(timing.check(&token, 1000 + MAX_AGE_SECONDS), Timing::Fine);
        assert_eq!(
            timing.check(&token, 1001 + MAX_AGE_SECONDS),
            Timing::Expired
        );
        let other = FormTiming::new(b"another key".to_vec(), 3);
        assert_eq!(other.check(&token, 2000), Timing::Invalid);
    }
}
