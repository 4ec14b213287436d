//! The one mailer, with three backends: SMTP (a real relay), files (the default: one `.eml`
//! per message in a folder, so a fresh install needs nothing) and memory (unit tests).

use lettre::{
    message::{header::ContentType, Mailbox, MultiPart, SinglePart},
    transport::smtp::{authentication::Credentials, AsyncSmtpTransport, PoolConfig},
    AsyncTransport, Message, Tokio1Executor,
};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
    time::Duration,
};

/// A message ready to hand over, as stored in the outbox.
#[derive(Debug, Clone)]
pub struct Email {
    pub message_id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub date: chrono::DateTime<chrono::Utc>,
}

/// Why a message was not delivered. Permanent failures (the server refused the recipient
/// or the message) are retried less than transient ones (server down, mailbox busy).
#[derive(Debug, thiserror::Error)]
#[error("{reason}")]
pub struct SendError {
    pub permanent: bool,
    pub reason: String,
}

impl SendError {
    pub(crate) fn permanent(reason: impl Into<String>) -> Self {
        SendError {
            permanent: true,
            reason: reason.into(),
        }
    }

    pub(crate) fn transient(reason: impl Into<String>) -> Self {
        SendError {
            permanent: false,
            reason: reason.into(),
        }
    }
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// A local relay without TLS or a login: connections of our own (see `relay`).
    Relay(Arc<super::relay::PlainRelay>),
    Files(PathBuf),
    Memory(Arc<Mutex<Vec<(Email, String)>>>),
}

impl Mailer {
    /// An SMTP mailer from a URL: `smtp://host:25` (plain, for a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465`
    /// (implicit TLS). Connections are pooled.
    pub fn smtp(url: &str) -> anyhow::Result<Self> {
        let parsed = url::Url::parse(url)
            .map_err(|e| anyhow::anyhow!("PORTAL_SMTP_URL is not a URL: {e}"))?;
        let plain = parsed.scheme() == "smtp"
            && parsed.username().is_empty()
            && parsed.password().is_none()
            && parsed.query().is_none_or(str::is_empty);
        if let (true, Some(host)) = (plain, parsed.host_str()) {
            let host = host.trim_matches(['[', ']']).to_owned();
            let port = parsed.port().unwrap_or(25);
            return Ok(Mailer::Relay(Arc::new(super::relay::PlainRelay::new(
                host, port,
            ))));
        }
        // lettre reads the user and password from the URL and percent-decodes them itself,
        // once, as RFC 3986 says: `%2B` is a plus, a literal `+` stays a plus. Decoding them a
        // second time here turned `+` into a space (and `%2525` into `%`), so such a password
        // was refused by the relay.
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("PORTAL_SMTP_URL is not a usable SMTP URL: {e}"))?;
        if !parsed.username().is_empty() && parsed.password().is_none() {
            // A user without a password: lettre leaves both out, so log in with an empty one.
            let user = percent_decode(parsed.username())?;
            builder = builder.credentials(Credentials::new(user, String::new()));
        }
        let transport = builder
            .timeout(Some(Duration::from_secs(10)))
            .pool_config(
                PoolConfig::new()
                    .max_size(4)
                    .idle_timeout(Duration::from_secs(30)),
            )
            .build();
        Ok(Mailer::Smtp(transport))
    }

    pub fn files(dir: impl Into<PathBuf>) -> Self {
        Mailer::Files(dir.into())
    }

    pub fn memory() -> Self {
        Mailer::Memory(Arc::default())
    }

    /// Messages the memory backend has "sent", with their raw form.
    pub fn sent(&self) -> Vec<(Email, String)> {
        match self {
            Mailer::Memory(sent) => sent.lock().expect("not poisoned").clone(),
            _ => Vec::new(),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) | Mailer::Relay(_) => "SMTP relay".to_owned(),
            Mailer::Files(dir) => format!("files in {}", dir.display()),
            Mailer::Memory(_) => "memory".to_owned(),
        }
    }

    pub async fn send(&self, from: &Mailbox, email: &Email) -> Result<(), SendError> {
        let message = build(from, email)?;
        match self {
            Mailer::Smtp(transport) => match transport.send(message).await {
                Ok(_) => Ok(()),
                Err(e) => Err(SendError {
                    permanent: e.is_permanent(),
                    reason: smtp_reason(&e),
                }),
            },
            Mailer::Relay(relay) => relay.send(&message).await.map_err(|f| match f {
                super::relay::Failure::Smtp(e) => SendError {
                    permanent: e.is_permanent(),
                    reason: smtp_reason(&e),
                },
                super::relay::Failure::Network(reason) => SendError::transient(reason),
            }),
            Mailer::Files(dir) => write_file(dir, email, &message.formatted()).await,
            Mailer::Memory(sent) => {
                let raw = String::from_utf8_lossy(&message.formatted()).into_owned();
                sent.lock()
                    .expect("not poisoned")
                    .push((email.clone(), raw));
                Ok(())
            }
        }
    }
}

/// The user of `PORTAL_SMTP_URL`, decoded once, as lettre decodes a user and password.
fn percent_decode(s: &str) -> anyhow::Result<String> {
    Ok(percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_err(|e| anyhow::anyhow!("PORTAL_SMTP_URL has a user that is not UTF-8: {e}"))?
        .into_owned())
}

/// The SMTP error with its cause, without the message or addresses.
fn smtp_reason(e: &lettre::transport::smtp::Error) -> String {
    use std::error::Error;
    let mut reason = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        reason.push_str(": ");
        reason.push_str(&s.to_string());
        source = s.source();
    }
    reason.chars().take(500).collect()
}

fn build(from: &Mailbox, email: &Email) -> Result<Message, SendError> {
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|e| SendError::permanent(format!("bad recipient address: {e}")))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(email.message_id.clone()))
        .date(std::time::SystemTime::from(email.date))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(email.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(email.html.clone()),
                ),
        )
        .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))
}

/// One file per message, named from its Message-ID so a retry overwrites rather than
/// duplicates; written to a temporary name and renamed, so a reader never sees half.
async fn write_file(dir: &std::path::Path, email: &Email, raw: &[u8]) -> Result<(), SendError> {
    let io = |e: std::io::Error| SendError {
        permanent: false,
        reason: format!("writing to {}: {e}", dir.display()),
    };
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let stem: String = email
        .message_id
        .trim_matches(['<', '>'])
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!("{}-{stem}.eml", email.date.format("%Y%m%dT%H%M%S"));
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, raw).await.map_err(io)?;
    tokio::fs::rename(&tmp, dir.join(name)).await.map_err(io)?;
    Ok(())
}

/// `resident@example.org` → `r…@example.org`, for logs.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "…".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email {
            message_id: "<abc123@haveyoursay.invalid>".into(),
            to: "triage@example.org".into(),
            subject: "New feedback – Housing – ABCDE-FGHJK".into(),
            text: "Plain text".into(),
            html: "<p>HTML</p>".into(),
            date: chrono::Utc::now(),
        }
    }

    #[tokio::test]
    async fn the_memory_backend_keeps_a_multipart_message_with_its_message_id() {
        let mailer = Mailer::memory();
        let from: Mailbox = "Have your say <no-reply@haveyoursay.invalid>"
            .parse()
            .unwrap();
        mailer.send(&from, &email()).await.unwrap();
        let sent = mailer.sent();
        assert_eq!(sent.len(), 1);
        let raw = &sent[0].1;
        assert!(
            raw.contains("Message-ID: <abc123@haveyoursay.invalid>"),
            "{raw}"
        );
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("text/plain") && raw.contains("text/html"));
    }

    #[tokio::test]
    async fn the_file_backend_writes_one_file_per_message_and_a_retry_overwrites_it() {
        let dir = std::env::temp_dir().join(format!("portal-mail-{}", rand::random::<u64>()));
        let mailer = Mailer::files(&dir);
        let from: Mailbox = "no-reply@haveyoursay.invalid".parse().unwrap();
        let e = email();
        mailer.send(&from, &e).await.unwrap();
        mailer.send(&from, &e).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(files[0].extension().is_some_and(|x| x == "eml"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_malformed_recipient_is_a_permanent_failure() {
        let mailer = Mailer::memory();
        let from: Mailbox = "no-reply@haveyoursay.invalid".parse().unwrap();
        let mut e = email();
        e.to = "not an address".into();
        let err = mailer.send(&from, &e).await.unwrap_err();
        assert!(err.permanent);
    }

    #[test]
    fn addresses_are_masked_for_logs() {
        assert_eq!(mask("resident@example.org"), "r…@example.org");
        assert_eq!(mask("nonsense"), "…");
    }
}
