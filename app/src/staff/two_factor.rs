//! Two-factor sign-in: an authenticator app (RFC 6238: SHA-1, six digits, 30-second steps,
//! one step either side for clock drift) and ten single-use recovery codes.
//!
//! The secret is sealed (ChaCha20-Poly1305) with the portal's secret key before it is
//! stored, bound to its account so a sealed secret copied to another row does not open. The
//! step of the last code accepted is kept, and a code of that step or an earlier one is
//! refused: a code seen over someone's shoulder, or sent twice, cannot be used again.
//! Recovery codes are kept only as hashes.

use super::accounts;
use crate::db::{self, Database, Tx};
pub use crate::domain::TwoFactorRequirement as Requirement;
pub use crate::seal::SealingKey;
use chrono::{DateTime, Duration, Utc};
use sha2::Digest;
use subtle::ConstantTimeEq;

/// Seconds in a step, digits in a code, and steps either side accepted (RFC 6238 defaults).
const STEP_SECONDS: u64 = 30;
const DIGITS: usize = 6;
const SKEW_STEPS: u64 = 1;
/// How many recovery codes an account holds at a time.
pub const RECOVERY_CODES: usize = 10;
/// How long the page asking for the code may be answered after the password was right.
pub const CHALLENGE_LIFETIME: Duration = Duration::minutes(5);
/// The issuer name an authenticator app shows beside the account.
const ISSUER: &str = "Have your say";

/// 160 random bits, the length RFC 4226 recommends for an HMAC-SHA-1 key.
fn new_secret() -> Vec<u8> {
    rand::random::<[u8; 20]>().to_vec()
}

fn totp(secret: Vec<u8>, account: &str) -> Option<totp_rs::TOTP> {
    totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        DIGITS,
        SKEW_STEPS as u8,
        STEP_SECONDS,
        secret,
        Some(ISSUER.to_owned()),
        account.replace(':', ""),
    )
    .ok()
}

/// Unix seconds now, the clock codes are checked against.
pub use crate::forms::timing::now;

/// The code an authenticator shows at `unix_seconds` (for tests and the browser checks).
pub fn code_at(secret: &[u8], unix_seconds: u64) -> String {
    totp(secret.to_vec(), "")
        .map(|t| t.generate(unix_seconds))
        .unwrap_or_default()
}

/// The code an authenticator app shows at `unix_seconds` after the key was typed into it as
/// the set-up page shows it (base32, in groups); `None` for text that is not a key.
pub fn code_for_key_text(key_text: &str, unix_seconds: u64) -> Option<String> {
    Some(code_at(&key_from_text(key_text)?, unix_seconds))
}

/// The secret behind the key text the set-up page shows.
pub fn key_from_text(key_text: &str) -> Option<Vec<u8>> {
    let key: String = key_text.split_whitespace().collect();
    totp_rs::Secret::Encoded(key.to_ascii_uppercase())
        .to_bytes()
        .ok()
}

/// The step a six-digit code belongs to, if it is right at `unix_seconds` or one step either
/// side. Spaces and dashes people type are ignored; the comparison takes the same time
/// whatever digits are wrong.
pub fn matching_step(secret: &[u8], code: &str, unix_seconds: u64) -> Option<u64> {
    let code = digits_only(code)?;
    let t = totp(secret.to_vec(), "")?;
    let now_step = unix_seconds / STEP_SECONDS;
    let mut found = None;
    for step in now_step.saturating_sub(SKEW_STEPS)..=now_step + SKEW_STEPS {
        let expected = t.generate(step * STEP_SECONDS);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            found = Some(step);
        }
    }
    found
}

/// Six digits, once spaces and dashes are taken out.
fn digits_only(code: &str) -> Option<String> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (code.len() == DIGITS && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// What the set-up page shows: the secret as text in groups of four for typing in, the
/// `otpauth://` link the QR code carries, and the QR code itself.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret_text: String,
    pub otpauth: String,
    /// The QR code's dark modules as one SVG path, and the side of its square (quiet zone
    /// included), for the page to draw.
    pub qr_path: String,
    pub qr_size: usize,
}

pub fn enrolment(secret: &[u8], email: &str) -> Option<Enrolment> {
    let t = totp(secret.to_vec(), email)?;
    let base32 = t.get_secret_base32();
    let otpauth = t.get_url();
    let (qr_path, qr_size) = qr(&otpauth)?;
    Some(Enrolment {
        secret_text: grouped(&base32),
        otpauth,
        qr_path,
        qr_size,
    })
}

/// `ABCDEFGH…` as `ABCD EFGH …`, easier to copy by eye.
fn grouped(text: &str) -> String {
    text.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code of `text` as one SVG path of unit squares, with the four-module quiet zone
/// scanners need. Drawn here rather than with the crate's SVG renderer so the page controls
/// the markup (its label, no XML prolog inside HTML).
fn qr(text: &str) -> Option<(String, usize)> {
    use std::fmt::Write;
    const QUIET: usize = 4;
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::with_capacity(colors.len() * 6);
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (i % width + QUIET, i / width + QUIET);
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
    }
    Some((path, width + 2 * QUIET))
}

/// Letters and digits that cannot be mistaken for one another when written down.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_CHARS: usize = 10;

/// Ten codes of ten characters (about 49 bits each), shown as `abcde-fghij`.
fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..RECOVERY_CHARS)
                .map(|_| {
                    let i = rand::random_range(0..RECOVERY_ALPHABET.len());
                    RECOVERY_ALPHABET[i] as char
                })
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// A recovery code as stored: its hash with the account, after the spaces, dashes and
/// capitals people type are taken out.
fn recovery_hash(staff_id: i64, code: &str) -> Option<Vec<u8>> {
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if code.len() != RECOVERY_CHARS || !code.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)) {
        return None;
    }
    let mut hash = sha2::Sha256::new();
    hash.update(staff_id.to_le_bytes());
    hash.update(code.as_bytes());
    Some(hash.finalize().to_vec())
}

/// An account's two-factor state, as its own page and the admin list show it.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub enabled_at: Option<DateTime<Utc>>,
    pub recovery_left: i64,
}

impl Status {
    pub fn enabled(&self) -> bool {
        self.enabled_at.is_some()
    }
}

pub async fn status(db: &Database, staff_id: i64) -> Result<Status, sqlx::Error> {
    const SQL: &str = "SELECT totp_enabled_at, \
        (SELECT COUNT(*) FROM recovery_codes r WHERE r.staff_id = s.id AND r.used_at IS NULL) \
        FROM staff s WHERE s.id = $1";
    let row: Option<(Option<DateTime<Utc>>, i64)> =
        db::query(SQL).bind(staff_id).fetch_optional(db).await?;
    Ok(row
        .map(|(enabled_at, recovery_left)| Status {
            enabled_at,
            recovery_left,
        })
        .unwrap_or_default())
}

/// The accounts with two-factor on, for the admin list.
pub async fn enrolled_ids(db: &Database) -> Result<Vec<i64>, sqlx::Error> {
    const SQL: &str = "SELECT id FROM staff WHERE totp_enabled_at IS NOT NULL";
    let rows: Vec<(i64,)> = db::query(SQL).fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The secret waiting to be confirmed, made (and sealed) the first time the set-up page is
/// shown and kept until confirmed, so a reload shows the same QR code as the one scanned.
pub async fn pending_secret(
    db: &Database,
    key: &SealingKey,
    staff_id: i64,
) -> Result<Vec<u8>, sqlx::Error> {
    let (pending,): (Option<Vec<u8>>,) = db::query("SELECT totp_pending FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(db)
        .await?;
    if let Some(secret) = pending.and_then(|p| key.open(staff_id, &p)) {
        return Ok(secret);
    }
    let secret = new_secret();
    db::query("UPDATE staff SET totp_pending = $2 WHERE id = $1")
        .bind(staff_id)
        .bind(key.seal(staff_id, &secret))
        .execute(db)
        .await?;
    Ok(secret)
}

/// Turns two-factor on with the pending secret when `code` is right for it, replacing any
/// authenticator set up before and its recovery codes; returns the new recovery codes (to
/// be shown once), or `None` for a wrong code. In the caller's transaction, with its audit
/// row.
pub async fn confirm(
    tx: &mut Tx,
    key: &SealingKey,
    staff_id: i64,
    code: &str,
) -> Result<Option<Vec<String>>, sqlx::Error> {
    let (pending,): (Option<Vec<u8>>,) = db::query("SELECT totp_pending FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(&mut *tx)
        .await?;
    let Some(sealed) = pending else {
        return Ok(None);
    };
    let Some(step) = key
        .open(staff_id, &sealed)
        .and_then(|secret| matching_step(&secret, code, now()))
    else {
        return Ok(None);
    };
    const SQL: &str = "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, \
        totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1 AND totp_pending = $4";
    let changed = db::query(SQL)
        .bind(staff_id)
        .bind(Utc::now())
        .bind(step as i64)
        .bind(&sealed)
        .execute(&mut *tx)
        .await?;
    if changed != 1 {
        return Ok(None);
    }
    replace_recovery_codes(tx, staff_id).await.map(Some)
}

/// A fresh set of recovery codes; the old ones stop working.
pub async fn replace_recovery_codes(
    tx: &mut Tx,
    staff_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    db::query("DELETE FROM recovery_codes WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    let codes = new_recovery_codes();
    for code in &codes {
        db::query("INSERT INTO recovery_codes (staff_id, code_hash) VALUES ($1, $2)")
            .bind(staff_id)
            .bind(recovery_hash(staff_id, code).expect("a code of our own alphabet"))
            .execute(&mut *tx)
            .await?;
    }
    Ok(codes)
}

/// How a second step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// A right code from the authenticator, not used before.
    Code,
    /// A recovery code, now used up.
    Recovery,
    /// Wrong, already used, or two-factor is not on.
    Wrong,
}

/// Checks a code typed at sign-in: six digits against the authenticator (each step once:
/// the step is recorded by a conditional update, so two servers cannot both accept one
/// code), anything else against the unused recovery codes.
pub async fn check(
    db: &Database,
    key: &SealingKey,
    staff_id: i64,
    code: &str,
) -> Result<Checked, sqlx::Error> {
    if digits_only(code).is_some() {
        let (sealed,): (Option<Vec<u8>>,) = db::query(
            "SELECT totp_secret FROM staff WHERE id = $1 AND totp_enabled_at IS NOT NULL",
        )
        .bind(staff_id)
        .fetch_optional(db)
        .await?
        .unwrap_or((None,));
        let step = sealed
            .and_then(|s| key.open(staff_id, &s))
            .and_then(|secret| matching_step(&secret, code, now()));
        let Some(step) = step else {
            return Ok(Checked::Wrong);
        };
        const SQL: &str = "UPDATE staff SET totp_last_step = $2 WHERE id = $1 \
            AND totp_enabled_at IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $2)";
        let n = db::query(SQL)
            .bind(staff_id)
            .bind(step as i64)
            .execute(db)
            .await?;
        return Ok(if n == 1 {
            Checked::Code
        } else {
            Checked::Wrong
        });
    }
    let Some(hash) = recovery_hash(staff_id, code) else {
        return Ok(Checked::Wrong);
    };
    const SQL: &str = "UPDATE recovery_codes SET used_at = $3 WHERE staff_id = $1 AND code_hash = $2 \
        AND used_at IS NULL AND EXISTS (SELECT 1 FROM staff WHERE id = $1 AND totp_enabled_at IS NOT NULL)";
    let n = db::query(SQL)
        .bind(staff_id)
        .bind(hash)
        .bind(Utc::now())
        .execute(db)
        .await?;
    Ok(if n == 1 {
        Checked::Recovery
    } else {
        Checked::Wrong
    })
}

/// Turns two-factor off for an account (an admin's reset): the secret, anything pending and
/// the recovery codes go, and so do its sessions and half-finished sign-ins, so the next
/// sign-in sets it up afresh. In the caller's transaction.
pub async fn reset(tx: &mut Tx, staff_id: i64) -> Result<bool, sqlx::Error> {
    const SQL: &str = "UPDATE staff SET totp_secret = NULL, totp_pending = NULL, \
        totp_enabled_at = NULL, totp_last_step = NULL WHERE id = $1";
    let n = db::query(SQL).bind(staff_id).execute(&mut *tx).await?;
    for sql in [
        "DELETE FROM recovery_codes WHERE staff_id = $1",
        "DELETE FROM sessions WHERE staff_id = $1",
        "DELETE FROM sign_in_challenges WHERE staff_id = $1",
    ] {
        db::query(sql).bind(staff_id).execute(&mut *tx).await?;
    }
    Ok(n == 1)
}

/// Starts the second step after a right password: a random id for the cookie, of which
/// only the hash is stored.
pub async fn start_challenge(
    db: &Database,
    staff_id: i64,
    next: &str,
) -> Result<String, sqlx::Error> {
    let (token, hash) = accounts::new_token();
    let now = Utc::now();
    db::query("DELETE FROM sign_in_challenges WHERE created_at < $1")
        .bind(now - CHALLENGE_LIFETIME)
        .execute(db)
        .await?;
    db::query("INSERT INTO sign_in_challenges (id_hash, staff_id, next, created_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(staff_id)
        .bind(next)
        .bind(now)
        .execute(db)
        .await?;
    Ok(token)
}

/// The account and the page to go to behind a live challenge.
pub async fn challenge(db: &Database, token: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    const SQL: &str =
        "SELECT c.staff_id, c.next FROM sign_in_challenges c JOIN staff s ON s.id = c.staff_id \
        WHERE c.id_hash = $1 AND c.created_at > $2 AND s.active";
    db::query(SQL)
        .bind(accounts::token_hash(token))
        .bind(Utc::now() - CHALLENGE_LIFETIME)
        .fetch_optional(db)
        .await
}

pub async fn end_challenge(db: &Database, token: &str) -> Result<(), sqlx::Error> {
    db::query("DELETE FROM sign_in_challenges WHERE id_hash = $1")
        .bind(accounts::token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 (the ASCII key "12345678901234567890"), last six digits.
    #[test]
    fn codes_match_the_rfc_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, code) in [
            (59, "287082"),
            (1111111109, "081804"),
            (1111111111, "050471"),
            (1234567890, "005924"),
            (2000000000, "279037"),
            (20000000000, "353130"),
        ] {
            assert_eq!(code_at(secret, time), code, "at {time}");
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_not_further() {
        let secret = new_secret();
        let t = 1_800_000_000;
        let code = code_at(&secret, t);
        assert_eq!(matching_step(&secret, &code, t), Some(t / 30));
        assert_eq!(matching_step(&secret, &code, t + 30), Some(t / 30));
        assert_eq!(matching_step(&secret, &code, t - 30), Some(t / 30));
        assert_eq!(matching_step(&secret, &code, t + 90), None);
        assert_eq!(matching_step(&secret, &code, t - 90), None);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(matching_step(&secret, &spaced, t), Some(t / 30));
        assert_eq!(matching_step(&new_secret(), &code, t), None);
        for wrong in ["", "12345", "1234567", "abcdef", "１２３４５６"] {
            assert_eq!(matching_step(&secret, wrong, t), None, "{wrong:?}");
        }
    }

    #[test]
    fn recovery_codes_are_ten_different_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert_eq!(code.len(), 11);
        let hash = recovery_hash(1, code).unwrap();
        assert_eq!(recovery_hash(1, &code.to_uppercase()), Some(hash.clone()));
        assert_eq!(
            recovery_hash(1, &code.replace('-', " ")),
            Some(hash.clone())
        );
        assert_ne!(recovery_hash(2, code), Some(hash));
        assert_eq!(recovery_hash(1, "123456"), None);
        assert_eq!(
            recovery_hash(1, "abcde-fghi0"),
            None,
            "0 is not in the alphabet"
        );
    }

    #[test]
    fn the_set_up_text_is_the_secret_in_groups_of_four_and_the_link_names_the_portal() {
        let secret = b"12345678901234567890".to_vec();
        let e = enrolment(&secret, "lead@example.org").unwrap();
        assert_eq!(e.secret_text, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        assert!(e.otpauth.starts_with("otpauth://totp/"), "{}", e.otpauth);
        assert!(e
            .otpauth
            .contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        assert!(
            e.otpauth.contains("issuer=Have%20your%20say"),
            "{}",
            e.otpauth
        );
        assert!(e.qr_size >= 21 + 8);
        assert!(e.qr_path.starts_with('M') && e.qr_path.ends_with('z'));
        assert_eq!(
            code_for_key_text(&e.secret_text, 59).as_deref(),
            Some("287082")
        );
    }
}
