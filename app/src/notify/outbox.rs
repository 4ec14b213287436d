//! The outbox table: emails and text messages queued in the transaction that causes them,
//! claimed by workers under a lease, and marked sent or failed.

use super::mailer::Email;
use crate::db::{self, Backend, Conditions, Database, Tx, Value};
use chrono::{DateTime, Utc};

/// What caused an email; stored with it and shown on the outbox list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    StaffNotification,
    UrgentEscalation,
    ResidentConfirmation,
    ReplyToResident,
    SafeguardingFlag,
    /// An account invitation or a password reset link.
    AccountLink,
    /// An item given to a member of staff.
    Assignment,
    /// The second email about an urgent item nobody has said they have seen.
    UrgentUnseen,
    /// The daily list of items due or overdue.
    Digest,
    /// A change to someone's account they should know of (two-factor reset by an admin).
    AccountNotice,
    /// A resident added to their message: the assignee, or the triage inbox, is told.
    ResidentAddition,
    /// A resident asked for their tracking link again.
    TrackingLink,
}

impl EmailKind {
    pub fn slug(self) -> &'static str {
        match self {
            EmailKind::StaffNotification => "staff-notification",
            EmailKind::UrgentEscalation => "urgent-escalation",
            EmailKind::ResidentConfirmation => "resident-confirmation",
            EmailKind::ReplyToResident => "reply-to-resident",
            EmailKind::SafeguardingFlag => "safeguarding-flag",
            EmailKind::AccountLink => "account-link",
            EmailKind::Assignment => "assignment",
            EmailKind::UrgentUnseen => "urgent-unseen",
            EmailKind::Digest => "digest",
            EmailKind::AccountNotice => "account-notice",
            EmailKind::ResidentAddition => "resident-addition",
            EmailKind::TrackingLink => "tracking-link",
        }
    }
}

/// A text message as queued: the mobile number the resident gave, and the words (already
/// fitted to the segment limit).
#[derive(Debug, Clone)]
pub struct TextMessage {
    pub to: String,
    pub body: String,
}

/// One message a change causes, by email or by text.
#[derive(Debug, Clone)]
pub enum Outgoing {
    Email(EmailKind, Email),
    Text(EmailKind, TextMessage),
}

/// How a queued message goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Text,
}

/// A row claimed for delivery. A text message comes as an `Email` with its number in `to`
/// and its words in `text`: the worker hands it to the texter instead of the mailer.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub kind: String,
    pub channel: Channel,
    pub email: Email,
    /// Including this one.
    pub attempts: i32,
}

/// A row as the outbox list shows it: no bodies.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[tracing::instrument(skip_all)]
pub async fn enqueue(
    tx: &mut Tx,
    kind: EmailKind,
    email: &Email,
    submission_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    insert_rows(tx, &[Row::email(kind, email, submission_id)]).await
}

/// Queues an email or a text message in the caller's transaction.
pub async fn queue(
    tx: &mut Tx,
    message: &Outgoing,
    submission_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    queue_all(tx, [(message, submission_id, None)]).await
}

/// Queues many messages in the caller's transaction with one statement: a batch of
/// submissions queues its emails in one round trip to the database instead of one each.
/// A message may come with its bodies already [`pack`]ed (by [`pack_all`]), so the one task
/// that writes a batch does not compress them as well.
pub async fn queue_all<'a>(
    tx: &mut Tx,
    messages: impl IntoIterator<Item = (&'a Outgoing, Option<i64>, Option<&'a [u8]>)>,
) -> Result<(), sqlx::Error> {
    let rows = rows_of(messages);
    insert_rows(tx, &rows).await
}

/// The statement of [`queue_all`], or none for no messages.
pub fn queue_statement<'a>(
    backend: Backend,
    messages: impl IntoIterator<Item = (&'a Outgoing, Option<i64>, Option<&'a [u8]>)>,
) -> Option<(String, Vec<db::Arg>)> {
    insert_statement(backend, &rows_of(messages))
}

fn rows_of<'a>(
    messages: impl IntoIterator<Item = (&'a Outgoing, Option<i64>, Option<&'a [u8]>)>,
) -> Vec<Row<'a>> {
    messages
        .into_iter()
        .map(|(message, submission_id, packed)| {
            let row = match message {
                Outgoing::Email(kind, email) => Row::email(*kind, email, submission_id),
                Outgoing::Text(kind, text) => Row::text(*kind, text, submission_id),
            };
            Row { packed, ..row }
        })
        .collect()
}

/// Runs [`insert_statement`] for `rows` in `tx`.
async fn insert_rows(tx: &mut Tx, rows: &[Row<'_>]) -> Result<(), sqlx::Error> {
    match insert_statement(tx.backend(), rows) {
        Some((sql, args)) => db::query(sql)
            .bind_all(args)
            .execute(&mut *tx)
            .await
            .map(|_| ()),
        None => Ok(()),
    }
}

/// Whether outbox bodies are stored packed on `backend`: on SQLite, see [`insert_statement`].
pub fn packs(backend: Backend) -> bool {
    backend == Backend::Sqlite
}

/// The bodies of `messages`, packed, in order. A submission's staff notifications have the
/// same bodies for each recipient: they are compressed once and shared.
pub fn pack_all(messages: &[Outgoing]) -> Vec<std::sync::Arc<[u8]>> {
    let mut packed: Vec<std::sync::Arc<[u8]>> = Vec::with_capacity(messages.len());
    let mut previous: Option<(&str, &str)> = None;
    for message in messages {
        let bodies = bodies_of(message);
        match (previous, packed.last()) {
            (Some(p), Some(last)) if p == bodies => {
                let same = last.clone();
                packed.push(same);
            }
            _ => packed.push(pack(bodies.0, bodies.1).into()),
        }
        previous = Some(bodies);
    }
    packed
}

fn bodies_of(message: &Outgoing) -> (&str, &str) {
    match message {
        Outgoing::Email(_, email) => (&email.text, &email.html),
        Outgoing::Text(_, text) => (&text.body, ""),
    }
}

/// A message's text and HTML bodies in one compressed value, for the outbox's `body`
/// column on SQLite: a format byte ([`ZLIB`]), then the length of the text (four bytes,
/// little-endian), the text and the HTML through zlib at its fastest level. A staff
/// notification's 2.3 KB become about 850 bytes, so several outbox rows share a 4 KB page
/// where each took one, and a submission writes a third fewer bytes (60 KB to 41 KB, WAL
/// and checkpoint).
///
/// Each thread keeps one compressor and resets it per message. The first packing used brotli
/// (quality 4, about 40 µs alone); under load its fresh megabytes of tables for each
/// message cost page faults and cross-core TLB flushes, a third of a request's CPU. zlib's
/// state is set up once per thread, and its checksum catches a damaged body.
pub fn pack(text: &str, html: &str) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::fast(), true));
    }
    let length = u32::try_from(text.len()).expect("an email's text is far under 4 GB");
    let plain = [&length.to_le_bytes()[..], text.as_bytes(), html.as_bytes()].concat();
    let mut packed = Vec::with_capacity(64 + plain.len() / 2);
    packed.push(ZLIB);
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        loop {
            let read = usize::try_from(compressor.total_in()).expect("in memory");
            packed.reserve(64 + plain.len() / 4);
            let status = compressor
                .compress_vec(&plain[read..], &mut packed, FlushCompress::Finish)
                .expect("compressing into memory cannot fail");
            if status == Status::StreamEnd {
                break;
            }
        }
    });
    packed
}

/// The first byte of a body [`pack`] writes now. Bodies packed before it are a brotli stream
/// with a 64 KB window, whose first bit is always 0; this byte's is 1, so the two cannot be
/// mistaken for each other and the older rows still read.
const ZLIB: u8 = 0x01;

/// The text and HTML bodies [`pack`] stored; `None` for bytes it did not write.
pub fn unpack(packed: &[u8]) -> Option<(String, String)> {
    use std::io::Read;
    let mut plain = Vec::new();
    match packed.split_first() {
        Some((&ZLIB, zlib)) => {
            // The decoder checks the stream's end and its checksum: a body cut short or
            // damaged is an error here, never a shorter email.
            flate2::read::ZlibDecoder::new(zlib)
                .read_to_end(&mut plain)
                .ok()?;
        }
        _ => {
            brotli::Decompressor::new(packed, 4096)
                .read_to_end(&mut plain)
                .ok()?;
        }
    }
    let (length, rest) = plain.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    if length > rest.len() {
        return None;
    }
    let (text, html) = rest.split_at(length);
    Some((
        String::from_utf8(text.to_vec()).ok()?,
        String::from_utf8(html.to_vec()).ok()?,
    ))
}

/// Queues a text message. The outbox list shows texts by their kind; there is no subject.
#[tracing::instrument(skip_all)]
pub async fn enqueue_text(
    tx: &mut Tx,
    kind: EmailKind,
    text: &TextMessage,
    submission_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    insert_rows(tx, &[Row::text(kind, text, submission_id)]).await
}

/// The unique part of a new Message-ID: the time in microseconds, fixed width so the IDs
/// sort in the order they were made, then 96 random bits (RFC 5322's advice: a date and a
/// random part). In that order because the outbox's unique index on the Message-ID is a
/// B-tree: a random ID lands each new email on a leaf page of its own, and every page a
/// commit changes is written whole to SQLite's WAL and again at its checkpoint, three
/// pages (24 KB) more per submission. In time order a batch's emails share the index's last
/// page. The time is in each email's `Date` header already; the random part keeps an ID
/// unique across servers and unguessable.
pub(crate) fn unique_id() -> String {
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros();
    format!("{micros:014x}.{}", hex::encode(rand::random::<[u8; 12]>()))
}

/// One pending outbox row, as written.
struct Row<'a> {
    message_id: std::borrow::Cow<'a, str>,
    kind: EmailKind,
    channel: &'static str,
    recipient: &'a str,
    subject: &'a str,
    text_body: &'a str,
    html_body: &'a str,
    /// The bodies packed ahead of the write, if they were.
    packed: Option<&'a [u8]>,
    submission_id: Option<i64>,
    created_at: DateTime<Utc>,
}

impl<'a> Row<'a> {
    fn email(kind: EmailKind, email: &'a Email, submission_id: Option<i64>) -> Self {
        Row {
            message_id: email.message_id.as_str().into(),
            kind,
            channel: "email",
            recipient: &email.to,
            subject: &email.subject,
            text_body: &email.text,
            html_body: &email.html,
            packed: None,
            submission_id,
            created_at: email.date,
        }
    }

    fn text(kind: EmailKind, text: &'a TextMessage, submission_id: Option<i64>) -> Self {
        Row {
            message_id: format!("text-{}", unique_id()).into(),
            kind,
            channel: "text",
            recipient: &text.to,
            subject: "(text message)",
            text_body: &text.body,
            html_body: "",
            packed: None,
            submission_id,
            created_at: Utc::now(),
        }
    }
}

/// Writes `rows` as pending, due now, in one `INSERT`: on SQLite their bodies packed (see
/// [`pack`]), on PostgreSQL in their own columns, which it compresses itself past 2 KB a
/// row. Servers share a PostgreSQL queue, so there a server of the version before this
/// one can still claim new rows during a rolling deploy, and must find their bodies
/// where it reads them.
fn insert_statement(backend: Backend, rows: &[Row<'_>]) -> Option<(String, Vec<db::Arg>)> {
    if rows.is_empty() {
        return None;
    }
    let packing = packs(backend);
    let (list, args) = db::values(
        backend,
        rows.iter().map(|row| {
            let (text, html, body) = match (&row.packed, packing) {
                (_, false) => (row.text_body, row.html_body, None::<Vec<u8>>.into_arg()),
                (Some(packed), true) => ("", "", (*packed).into_arg()),
                (None, true) => ("", "", pack(row.text_body, row.html_body).into_arg()),
            };
            vec![
                row.message_id.as_ref().into_arg(),
                row.kind.slug().into_arg(),
                row.channel.into_arg(),
                row.recipient.into_arg(),
                row.subject.into_arg(),
                text.into_arg(),
                html.into_arg(),
                body,
                row.submission_id.into_arg(),
                "pending".into_arg(),
                0i64.into_arg(),
                row.created_at.into_arg(),
                row.created_at.into_arg(),
            ]
        }),
    );
    let sql = format!(
        "INSERT INTO outbox (message_id, kind, channel, recipient, subject, text_body, html_body, body, \
         submission_id, status, attempts, next_attempt_at, created_at) {list}"
    );
    Some((sql, args))
}

#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    kind: String,
    channel: String,
    message_id: String,
    recipient: String,
    subject: String,
    text_body: String,
    html_body: String,
    body: Option<Vec<u8>>,
    attempts: i32,
    created_at: DateTime<Utc>,
}

/// Claims up to `limit` due messages until `lease_until`. On PostgreSQL, rows another
/// process is claiming at the same moment are skipped (`FOR UPDATE SKIP LOCKED`), and a
/// claimed row is invisible to others until its lease ends: two workers never hold the
/// same message. SQLite has one writer, so the same statement without the locking clause
/// is enough.
#[tracing::instrument(skip_all)]
pub async fn claim_due(
    db: &Database,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    // Oldest first, through the pending rows in id order (`outbox_pending_in_order`): SQLite
    // otherwise reads every due row through `outbox_due` and sorts them, 130 ms a claim with
    // 100,000 waiting, against 0.3 ms.
    let (index, lock) = match db.backend() {
        Backend::Sqlite => (" INDEXED BY outbox_pending_in_order", ""),
        Backend::Postgres => ("", " FOR UPDATE SKIP LOCKED"),
    };
    let sql = format!(
        "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 WHERE id IN (\
         SELECT id FROM outbox{index} WHERE status = 'pending' AND next_attempt_at <= $2 \
         AND (locked_until IS NULL OR locked_until < $2) ORDER BY id LIMIT $3{lock}) \
         RETURNING id, kind, channel, message_id, recipient, subject, text_body, html_body, body, attempts, created_at"
    );
    let rows: Vec<ClaimedRow> = db::query(sql)
        .bind(lease_until)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for r in rows {
        // Rows queued before bodies were packed keep them in their own columns.
        let (text, html) = match r.body {
            None => (r.text_body, r.html_body),
            Some(packed) => match unpack(&packed) {
                Some(bodies) => bodies,
                None => {
                    // Not sent as an empty email, and not claimed again and again: failed,
                    // where the outbox list shows it to an administrator.
                    tracing::error!(
                        outbox_id = r.id,
                        "an outbox message's stored bodies cannot be read; marked failed"
                    );
                    mark_attempt_failed(
                        db,
                        &r.message_id,
                        "its stored text could not be read",
                        None,
                    )
                    .await?;
                    continue;
                }
            },
        };
        claimed.push(Claimed {
            id: r.id,
            kind: r.kind,
            channel: if r.channel == "text" {
                Channel::Text
            } else {
                Channel::Email
            },
            email: Email {
                message_id: r.message_id,
                to: r.recipient,
                subject: r.subject,
                text,
                html,
                date: r.created_at,
            },
            attempts: r.attempts,
        });
    }
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Delivered: the bodies go (they may hold a tracking link); the record of sending stays.
///
/// Messages are named by their Message-ID, not their row id: an erasure can delete a row
/// while a worker is sending it, and SQLite then gives its id to the next row written, so
/// an id would mark someone else's message sent unsent. A Message-ID is random and unique.
#[tracing::instrument(skip_all)]
pub async fn mark_sent(
    db: &Database,
    message_ids: &[&str],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    if message_ids.is_empty() {
        return Ok(());
    }
    // One statement for the batch, through the Message-ID's unique index.
    let mut list = Conditions::after(1);
    list.push(
        &vec!["?"; message_ids.len()].join(", "),
        message_ids.iter().map(|id| (*id).into_arg()),
    );
    let (list, ids) = list.into_parts();
    let sql = format!(
        "UPDATE outbox SET status = 'sent', sent_at = $1, locked_until = NULL, last_error = NULL, \
         text_body = '', html_body = '', body = NULL WHERE message_id IN ({list})"
    );
    db::query(sql).bind(now).bind_all(ids).execute(db).await?;
    Ok(())
}

/// Not delivered this time: try again at `retry_at`, or give up (`None`) and show it as
/// failed. Named by Message-ID, as in [`mark_sent`].
#[tracing::instrument(skip_all)]
pub async fn mark_attempt_failed(
    db: &Database,
    message_id: &str,
    reason: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    match retry_at {
        Some(at) => {
            const SQL: &str = "UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE message_id = $1";
            db::query(SQL)
                .bind(message_id)
                .bind(at)
                .bind(reason)
                .execute(db)
                .await?;
        }
        None => {
            const SQL: &str = "UPDATE outbox SET status = 'failed', locked_until = NULL, last_error = $2 WHERE message_id = $1";
            db::query(SQL)
                .bind(message_id)
                .bind(reason)
                .execute(db)
                .await?;
        }
    }
    Ok(())
}

/// At start-up on SQLite (one process per file), leases left by a process that was killed
/// are void: its messages are due again at once.
pub async fn release_all_leases(db: &Database) -> Result<u64, sqlx::Error> {
    const SQL: &str = "UPDATE outbox SET locked_until = NULL WHERE status = 'pending' AND locked_until IS NOT NULL";
    db::query(SQL).execute(db).await
}

/// Pending and failed messages, oldest first (sent ones are history, not work).
pub async fn unsent(db: &Database) -> Result<Vec<Entry>, sqlx::Error> {
    const SQL: &str = "SELECT id, kind, recipient, subject, status, attempts, next_attempt_at, last_error, created_at \
                       FROM outbox WHERE status IN ('pending', 'failed') ORDER BY id";
    db::query(SQL).fetch_all(db).await
}

/// Puts a failed message (or every failed one, with `None`) back in the queue, due now.
pub async fn retry_failed(
    db: &Database,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = retry_failed_in(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(done)
}

/// As [`retry_failed`], inside the caller's transaction (with the admin's audit row).
pub async fn retry_failed_in(
    tx: &mut Tx,
    id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    const ONE: &str = "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE status = 'failed' AND id = $1";
    const ALL: &str = "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1 WHERE status = 'failed'";
    let done = match id {
        Some(id) => db::query(ONE).bind(id).bind(now).execute(&mut *tx).await?,
        None => db::query(ALL).bind(now).execute(&mut *tx).await?,
    };
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::{pack, pack_all, unique_id, unpack, EmailKind, Outgoing, TextMessage};
    use crate::notify::mailer::Email;

    #[test]
    fn packed_bodies_come_back_as_they_were_written() {
        let html = format!(
            "<p style=\"color:#005eb8\">Reference ABCDE-FGH12 — অভিযোগ</p>{}",
            "<tr><td style=\"padding:4px 0;\">x</td></tr>".repeat(40)
        );
        for (text, html) in [
            (
                "A resident has sent a new message.\n\nReference: ABCDE-FGH12",
                html.as_str(),
            ),
            ("", ""),
            ("Only a text message", ""),
            ("\0 a nul and a length-like start \u{1}\u{2}", "\0"),
        ] {
            let packed = pack(text, html);
            assert_eq!(unpack(&packed), Some((text.to_owned(), html.to_owned())));
        }
        let packed = pack("text", &html);
        assert!(
            packed.len() * 4 < html.len(),
            "{} bytes from {}",
            packed.len(),
            html.len()
        );
    }

    /// A body as the first packed format wrote it: brotli, quality 4, a 64 KB window.
    fn brotli_packed(plain: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut packed = Vec::new();
        let mut w = brotli::CompressorWriter::new(&mut packed, 4096, 4, 16);
        w.write_all(plain).unwrap();
        drop(w);
        packed
    }

    #[test]
    fn bytes_pack_did_not_write_are_refused_not_misread() {
        let mut packed = pack("some text", "<p>some html</p>");
        assert_eq!(unpack(b"not brotli at all"), None);
        assert_eq!(unpack(b"\x01not zlib at all"), None);
        assert_eq!(unpack(&packed[..packed.len() / 2]), None, "cut short");
        assert_eq!(
            unpack(&packed[..packed.len() - 1]),
            None,
            "its checksum cut"
        );
        let last = packed.len() - 6;
        packed[last] ^= 0x55;
        assert_eq!(unpack(&packed), None, "damaged");
        packed.truncate(0);
        assert_eq!(unpack(&packed), None, "empty");
        // A length past the end of what follows, in either format.
        let mut plain = 100u32.to_le_bytes().to_vec();
        plain.extend_from_slice(b"short");
        assert_eq!(unpack(&brotli_packed(&plain)), None);
        let mut zlib =
            flate2::write::ZlibEncoder::new(vec![super::ZLIB], flate2::Compression::fast());
        std::io::Write::write_all(&mut zlib, &plain).unwrap();
        assert_eq!(unpack(&zlib.finish().unwrap()), None);
    }

    #[test]
    fn bodies_packed_by_the_first_format_still_read() {
        let text = "A resident has sent a new message.";
        let html = "<p>A resident has sent a new message.</p>";
        let plain = [
            &(text.len() as u32).to_le_bytes()[..],
            text.as_bytes(),
            html.as_bytes(),
        ]
        .concat();
        let old = brotli_packed(&plain);
        assert_eq!(old[0] & 1, 0, "a 64 KB brotli window starts with a 0 bit");
        assert_eq!(unpack(&old), Some((text.to_owned(), html.to_owned())));
        assert_eq!(pack(text, html)[0], super::ZLIB);
    }

    #[test]
    fn the_same_bodies_for_several_recipients_are_packed_once() {
        let email = |to: &str, text: &str| {
            Outgoing::Email(
                EmailKind::StaffNotification,
                Email {
                    message_id: unique_id(),
                    to: to.into(),
                    subject: "New feedback".into(),
                    text: text.into(),
                    html: format!("<p>{text}</p>"),
                    date: chrono::Utc::now(),
                },
            )
        };
        let messages = [
            email("a@example.org", "one"),
            email("b@example.org", "one"),
            email("c@example.org", "two"),
            Outgoing::Text(
                EmailKind::TrackingLink,
                TextMessage {
                    to: "+447700900123".into(),
                    body: "one".into(),
                },
            ),
        ];
        let packed = pack_all(&messages);
        assert_eq!(packed.len(), 4);
        assert!(std::sync::Arc::ptr_eq(&packed[0], &packed[1]));
        assert!(!std::sync::Arc::ptr_eq(&packed[1], &packed[2]));
        let bodies: Vec<_> = packed.iter().map(|p| unpack(p).unwrap()).collect();
        assert_eq!(bodies[1], ("one".into(), "<p>one</p>".into()));
        assert_eq!(bodies[2], ("two".into(), "<p>two</p>".into()));
        assert_eq!(
            bodies[3],
            ("one".into(), String::new()),
            "a text has no HTML"
        );
    }

    #[test]
    fn message_ids_made_one_after_another_sort_in_that_order_and_differ() {
        let ids: Vec<String> = (0..1000).map(|_| unique_id()).collect();
        // Made in the same microsecond, two IDs are in the order of their random parts.
        let times: Vec<&str> = ids.iter().map(|id| &id[..14]).collect();
        assert!(times.is_sorted(), "later IDs sort after earlier ones");
        assert!(ids[0][..14] < ids[999][..14]);
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "each is unique");
        assert!(ids
            .iter()
            .all(|id| id.len() == 14 + 1 + 24
                && id.chars().all(|c| c.is_ascii_hexdigit() || c == '.')));
    }
}
