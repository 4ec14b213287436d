//! The outbox worker: a task in every `portal serve` process that delivers due messages,
//! retries failures with exponential backoff and jitter, and gives up after a bounded number
//! of attempts, leaving the message marked failed for staff to see and retry.

use super::{mailer::Mailer, outbox, sms::Texter, NotifySettings};
use crate::db::{Backend, Database};
use chrono::Utc;
use std::{sync::Arc, time::Duration};
use tokio::sync::{watch, Notify};

/// Messages the server refused outright are tried this many times at most.
const PERMANENT_FAILURE_ATTEMPTS: i32 = 3;
/// Longer than any single delivery (the SMTP timeout is 10 s) times the batch size.
const BATCH: i64 = 16;
/// Messages sent at the same time; the SMTP connection pool holds as many.
const PARALLEL: usize = 4;
const MAX_DELAY: Duration = Duration::from_secs(30 * 60);

pub struct Worker {
    pub db: Database,
    pub mailer: Mailer,
    /// Text messages for residents who gave only a mobile number.
    pub texter: Texter,
    pub settings: Arc<NotifySettings>,
    /// Woken after a commit that queued mail, so delivery does not wait for the next poll.
    pub wake: Arc<Notify>,
}

impl Worker {
    /// Runs until `stop` turns true. A message being sent when it does is finished; claimed
    /// messages not yet started are handed back for the next start.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(mailer = %self.mailer.describe(), "outbox worker started");
        if self.db.backend() == Backend::Sqlite {
            match outbox::release_all_leases(&self.db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, "resuming messages left by an earlier run"),
                Err(e) => tracing::warn!(error = %e, "could not release old leases"),
            }
        }
        // The urgent and digest checks run once a poll interval, not between every batch of a
        // backlog being delivered.
        let mut checked: Option<tokio::time::Instant> = None;
        loop {
            if *stop.borrow() {
                break;
            }
            if checked.is_none_or(|at| at.elapsed() >= self.settings.poll_interval) {
                checked = Some(tokio::time::Instant::now());
                self.check_urgent_and_digest().await;
            }
            match self.dispatch_due().await {
                // A full batch may mean more are due: look again before sleeping.
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    if !crate::db::note_failure(&e) {
                        tracing::warn!(error = %e, "cannot read the outbox; will try again");
                    }
                }
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// The second email about urgent items nobody has seen in time, and the daily digest.
    async fn check_urgent_and_digest(&self) {
        match super::escalation::escalate_unseen(&self.db, &self.settings, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                items = n,
                "urgent items unseen in time: safeguarding reminded"
            ),
            Err(e) => {
                if !crate::db::note_failure(&e) {
                    tracing::warn!(error = %e, "cannot check urgent items; will try again");
                }
            }
        }
        match super::digest::send_if_due(&self.db, &self.settings, Utc::now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(emails = n, "daily digest queued"),
            Err(e) => {
                if !crate::db::note_failure(&e) {
                    tracing::warn!(error = %e, "cannot send the daily digest; will try again");
                }
            }
        }
    }

    /// Claims one batch of due messages and delivers it; answers how many were claimed.
    /// The loop in [`Worker::run`] calls it, and so can a test that wants every due message
    /// sent now rather than on the next poll.
    pub async fn dispatch_due(&self) -> Result<usize, sqlx::Error> {
        let now = Utc::now();
        let lease_until =
            now + chrono::Duration::from_std(self.settings.lease).expect("small duration");
        let batch = outbox::claim_due(&self.db, now, lease_until, BATCH).await?;
        let claimed = batch.len();
        // Up to PARALLEL at once (the SMTP pool's size): one slow round trip to the relay
        // does not hold up the rest. A stop lets the batch finish. The delivered ones are
        // marked sent together, in one commit: still only after each was handed over, and
        // while the batch's lease (far longer than a batch can take) keeps them this
        // worker's.
        use futures_util::StreamExt;
        let delivered: Vec<String> = futures_util::stream::iter(batch)
            .map(|claimed| self.deliver(claimed))
            .buffer_unordered(PARALLEL)
            .filter_map(std::future::ready)
            .collect()
            .await;
        if !delivered.is_empty() {
            self.record_sent(&delivered).await;
        }
        Ok(claimed)
    }

    /// Hands one message to the mailer; answers its Message-ID when it was delivered, for the batch
    /// to mark sent. A failure is recorded here, with its retry time.
    async fn deliver(&self, claimed: outbox::Claimed) -> Option<String> {
        let (sent, to) = match claimed.channel {
            outbox::Channel::Email => (
                self.mailer.send(&self.settings.from, &claimed.email).await,
                super::mailer::mask(&claimed.email.to),
            ),
            outbox::Channel::Text => {
                let text = super::sms::Text {
                    to: claimed.email.to.clone(),
                    body: claimed.email.text.clone(),
                    reference: Some(claimed.email.message_id.clone()),
                };
                (self.texter.send(&text).await, mask_number(&text.to))
            }
        };
        match sent {
            Ok(()) => {
                tracing::info!(outbox = claimed.id, kind = %claimed.kind, to = %to, "message delivered");
                Some(claimed.email.message_id)
            }
            Err(e) => {
                // Relays quote addresses in their refusals ("<name@example.org>: unknown");
                // the reason is stored and shown to admins, so addresses go.
                let reason = without_addresses(&e.reason);
                let limit = if e.permanent {
                    PERMANENT_FAILURE_ATTEMPTS.min(self.settings.max_attempts)
                } else {
                    self.settings.max_attempts
                };
                let retry_at = (claimed.attempts < limit).then(|| {
                    Utc::now()
                        + chrono::Duration::from_std(backoff(
                            self.settings.retry_base,
                            claimed.attempts,
                        ))
                        .expect("bounded")
                });
                match retry_at {
                    Some(at) => {
                        tracing::warn!(outbox = claimed.id, to = %to, attempt = claimed.attempts,
                        retry_at = %at, error = %reason, "message not delivered; will retry")
                    }
                    None => {
                        tracing::error!(outbox = claimed.id, to = %to, attempts = claimed.attempts,
                        error = %reason, "message failed for good; see `portal outbox`")
                    }
                }
                if let Err(db) = outbox::mark_attempt_failed(
                    &self.db,
                    &claimed.email.message_id,
                    &reason,
                    retry_at,
                )
                .await
                {
                    // The lease runs out and the message is tried again: not lost.
                    if !crate::db::note_failure(&db) {
                        tracing::error!(outbox = claimed.id, error = %db, "could not record a failed delivery");
                    }
                }
                None
            }
        }
    }
}

impl Worker {
    /// Records a batch's deliveries. While the database cannot take the write (a full disk), it keeps
    /// trying for half the lease: the message stays claimed by this worker meanwhile, so
    /// a short fault does not send it twice. Past that the lease runs out and it is sent
    /// again, at least once and never lost, with the same Message-ID so mail systems can
    /// recognise the repeat.
    async fn record_sent(&self, message_ids: &[String]) {
        let ids: Vec<&str> = message_ids.iter().map(String::as_str).collect();
        let give_up = tokio::time::Instant::now() + self.settings.lease / 2;
        let mut pause = Duration::from_millis(200);
        loop {
            match outbox::mark_sent(&self.db, &ids, Utc::now()).await {
                Ok(()) => return,
                Err(e) if tokio::time::Instant::now() + pause < give_up => {
                    crate::db::note_failure(&e);
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(5));
                }
                Err(e) => {
                    crate::db::note_failure(&e);
                    tracing::error!(message_ids = ?ids, error = %e, "delivered but could not record it; it will be sent again");
                    return;
                }
            }
        }
    }
}

/// A mobile number for the log: its last three digits only.
fn mask_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits[digits.len().saturating_sub(3)..].iter().collect();
    format!("…{tail}")
}

/// `text` with every email address replaced by `[address]`. Written here rather than with a
/// regular-expression crate: an address in a relay's answer is a run of address characters
/// around an `@`, and this is the only place that needs to find one.
pub fn without_addresses(text: &str) -> String {
    fn local(c: char) -> bool {
        c.is_alphanumeric() || "._%+-!#$&'*/=?^`{|}~".contains(c)
    }
    fn domain(c: char) -> bool {
        c.is_alphanumeric() || c == '.' || c == '-' || c == '[' || c == ']' || c == ':'
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Take back the local part already written, then skip the domain.
            let mut start = out.len();
            for c in out.chars().rev() {
                if !local(c) {
                    break;
                }
                start -= c.len_utf8();
            }
            out.truncate(start);
            out.push_str("[address]");
            i += 1;
            while i < chars.len() && domain(chars[i]) {
                i += 1;
            }
            // A trailing full stop ends the sentence, not the domain.
            if out.ends_with("[address]") && i > 0 && chars[i - 1] == '.' {
                out.push('.');
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `base × 2^(attempt−1)`, at most 30 minutes, spread by ±20% so messages that failed
/// together do not all retry in the same second.
pub fn backoff(base: Duration, attempt: i32) -> Duration {
    let exp = base
        .saturating_mul(1u32 << attempt.clamp(1, 20).saturating_sub(1) as u32)
        .min(MAX_DELAY);
    let jitter: f64 = 0.8 + rand::random::<f64>() * 0.4;
    exp.mul_f64(jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_taken_out_of_relay_answers() {
        for (answer, expected) in [
            (
                "550 5.1.1 <reject-triage@example.org>: Recipient address rejected",
                "550 5.1.1 <[address]>: Recipient address rejected",
            ),
            (
                "452 too many recipients: a.b+c@mail.example.co.uk, x_y@[192.0.2.1] and más@ejemplo.es.",
                "452 too many recipients: [address], [address] and [address].",
            ),
            ("connection refused", "connection refused"),
            ("@ alone", "[address] alone"),
        ] {
            assert_eq!(without_addresses(answer), expected);
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let base = Duration::from_secs(5);
        for (attempt, nominal) in [(1, 5.0), (2, 10.0), (3, 20.0), (6, 160.0)] {
            let d = backoff(base, attempt).as_secs_f64();
            assert!(
                d >= nominal * 0.8 && d <= nominal * 1.2,
                "attempt {attempt}: {d}"
            );
        }
        assert!(backoff(base, 40) <= MAX_DELAY.mul_f64(1.2));
        assert!(backoff(base, 40) >= MAX_DELAY.mul_f64(0.8));
    }
}
