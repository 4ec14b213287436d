//! Staff accounts, passwords (Argon2id) and one-time links to set a password.

use crate::db::{self, Database, Tx};
use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use chrono::{DateTime, Duration, Utc};
use sha2::Digest;

pub use crate::domain::Role;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Shortest password accepted; long passphrases beat complexity rules.
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Mismatch,
    /// A common or leaked password, a keyboard pattern, or one built from the account's own
    /// name or address or the portal's: zxcvbn's estimate is under 10^10 guesses.
    EasyToGuess,
}

/// Words a guesser would try first for this portal, whoever the account is.
const SITE_WORDS: &[&str] = &[
    "have your say",
    "haveyoursay",
    "tower hamlets",
    "towerhamlets",
    "gp care group",
    "social prescribing",
    "portal",
];

/// The password policy, one place for every form that sets a password: 12 to 128
/// characters, typed the same twice, and not easy to guess. zxcvbn scores it against its
/// lists of common and leaked passwords, words, names and keyboard patterns, plus the
/// account's own email address and name and the portal's words; a score under 3 is refused.
pub fn password_problem(
    password: &str,
    confirm: &str,
    account: &[&str],
) -> Option<PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Some(PasswordProblem::TooLong);
    }
    if password != confirm {
        return Some(PasswordProblem::Mismatch);
    }
    // The account's own words first (zxcvbn ranks earlier inputs as likelier): each whole,
    // run together, and word by word.
    let mut inputs: Vec<String> = Vec::new();
    for item in account {
        let item = item.to_lowercase();
        let words: Vec<&str> = item
            .split(['@', '.', ' ', '-', '_'])
            .filter(|w| w.len() > 2)
            .collect();
        inputs.push(words.concat());
        inputs.extend(words.iter().map(|w| w.to_string()));
        inputs.push(item.clone());
    }
    inputs.extend(SITE_WORDS.iter().map(|w| w.to_string()));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    (estimate.score() < zxcvbn::Score::Three).then_some(PasswordProblem::EasyToGuess)
}

/// Hashes off the async threads: Argon2id is slow on purpose.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing: {e}"))
    })
    .await?
}

/// Verifies against `hash`, or against a fixed dummy hash when there is no account, so an
/// unknown address takes as long to refuse as a wrong password.
pub async fn verify_password(password: String, hash: Option<String>) -> bool {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let salt = SaltString::encode_b64(b"portal-dummy-salt").expect("valid salt");
        Argon2::default()
            .hash_password(b"no account has this", &salt)
            .expect("hashes")
            .to_string()
    });
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| DUMMY.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

pub async fn find_by_email(
    db: &Database,
    email: &str,
) -> Result<Option<(Account, Option<String>)>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, email, name, role, active, password_hash FROM staff WHERE email = $1";
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        account: Account,
        password_hash: Option<String>,
    }
    let row: Option<Row> = db::query(SQL)
        .bind(email.trim().to_lowercase())
        .fetch_optional(db)
        .await?;
    Ok(row.map(|r| (r.account, r.password_hash)))
}

pub async fn find(db: &Database, id: i64) -> Result<Option<Account>, sqlx::Error> {
    const SQL: &str = "SELECT id, email, name, role, active FROM staff WHERE id = $1";
    db::query(SQL).bind(id).fetch_optional(db).await
}

/// Active members of staff who can be assigned submissions, by name.
pub async fn assignable(db: &Database) -> Result<Vec<Account>, sqlx::Error> {
    const SQL: &str = "SELECT id, email, name, role, active FROM staff WHERE active AND role IN ('admin', 'staff') ORDER BY name";
    db::query(SQL).fetch_all(db).await
}

/// Creates an account without a password; it gets one through a set-up link.
pub async fn create(
    db: &Database,
    email: &str,
    name: &str,
    role: Role,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = create_in(&mut tx, email, name, role).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates the account as part of a larger change (its set-up link and audit row).
pub async fn create_in(
    tx: &mut Tx,
    email: &str,
    name: &str,
    role: Role,
) -> Result<i64, sqlx::Error> {
    const SQL: &str = "INSERT INTO staff (email, name, role, active, created_at) VALUES ($1, $2, $3, TRUE, $4) RETURNING id";
    let (id,): (i64,) = db::query(SQL)
        .bind(email.trim().to_lowercase())
        .bind(name.trim())
        .bind(role.slug())
        .bind(Utc::now())
        .fetch_one(&mut *tx)
        .await?;
    Ok(id)
}

pub async fn set_password_hash(db: &Database, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    const SQL: &str = "UPDATE staff SET password_hash = $2 WHERE id = $1";
    db::query(SQL).bind(id).bind(hash).execute(db).await?;
    // A new password ends every session signed in with the old one.
    db::query("DELETE FROM sessions WHERE staff_id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A one-time link token: 256 random bits, stored as its SHA-256.
pub fn new_token() -> (String, Vec<u8>) {
    use base64::Engine;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let hash = sha2::Sha256::digest(token.as_bytes()).to_vec();
    (token, hash)
}

pub fn token_hash(token: &str) -> Vec<u8> {
    sha2::Sha256::digest(token.as_bytes()).to_vec()
}

/// Issues a link token for setting a password (`setup`, 7 days) or resetting it (`reset`, 1 hour).
pub async fn issue_password_token(
    db: &Database,
    staff_id: i64,
    purpose: &str,
) -> Result<String, sqlx::Error> {
    let mut tx = db.begin().await?;
    let token = issue_password_token_in(&mut tx, staff_id, purpose).await?;
    tx.commit().await?;
    Ok(token)
}

/// Issues the token in the same transaction as the email that carries it and its audit row.
pub async fn issue_password_token_in(
    tx: &mut Tx,
    staff_id: i64,
    purpose: &str,
) -> Result<String, sqlx::Error> {
    const SQL: &str = "INSERT INTO password_tokens (token_hash, staff_id, purpose, expires_at) VALUES ($1, $2, $3, $4)";
    let (token, hash) = new_token();
    let lifetime = if purpose == "setup" {
        Duration::days(7)
    } else {
        Duration::hours(1)
    };
    db::query(SQL)
        .bind(hash)
        .bind(staff_id)
        .bind(purpose)
        .bind(Utc::now() + lifetime)
        .execute(&mut *tx)
        .await?;
    Ok(token)
}

/// The account a still-valid, unused token belongs to.
pub async fn account_for_token(db: &Database, token: &str) -> Result<Option<Account>, sqlx::Error> {
    const SQL: &str = "SELECT staff_id, expires_at FROM password_tokens WHERE token_hash = $1 AND used_at IS NULL";
    let row: Option<(i64, DateTime<Utc>)> = db::query(SQL)
        .bind(token_hash(token))
        .fetch_optional(db)
        .await?;
    match row {
        Some((id, expires)) if expires > Utc::now() => {
            find(db, id).await.map(|a| a.filter(|a| a.active))
        }
        _ => Ok(None),
    }
}

/// Marks a token used; false if it was already used (two tabs, a replay).
pub async fn use_token(db: &Database, token: &str) -> Result<bool, sqlx::Error> {
    const SQL: &str =
        "UPDATE password_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL";
    let n = db::query(SQL)
        .bind(token_hash(token))
        .bind(Utc::now())
        .execute(db)
        .await?;
    Ok(n == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_leaked_and_personal_passwords_are_refused_and_passphrases_pass() {
        let me = ["lead@example.org", "Sample Lead"];
        let problem = |p: &str| password_problem(p, p, &me);
        for weak in [
            "password1234",
            "Password1234!",
            "qwertyuiop123",
            "123456789012",
            "iloveyou12345",
            "lead@example.org",
            "samplelead2026",
            "Have your say 2026",
            "towerhamlets1",
            "aaaaaaaaaaaaaaaa",
        ] {
            assert_eq!(problem(weak), Some(PasswordProblem::EasyToGuess), "{weak}");
        }
        for strong in [
            "correct horse battery staple",
            "plum kettle orbit lantern",
            "sample triage lead password",
            "sample commissioner password",
        ] {
            assert_eq!(problem(strong), None, "{strong}");
        }
        assert_eq!(problem("short"), Some(PasswordProblem::TooShort));
        assert_eq!(problem(&"x".repeat(129)), Some(PasswordProblem::TooLong));
        assert_eq!(
            password_problem("plum kettle orbit lantern", "plum kettle orbit", &me),
            Some(PasswordProblem::Mismatch)
        );
    }
}
