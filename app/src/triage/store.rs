//! The triage SQL for one submission: everything staff see about it, and the changes staff
//! make. Every change writes its audit row in the same transaction. The inbox's queries are
//! in `list.rs`.

use crate::audit::AuditAction;
use crate::audit::{self, Actor};
use crate::db::{self, Database, Tx};
use crate::domain::{Channel, Kind, Priority, Reference, Status, Topic};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct Item {
    pub id: i64,
    pub reference: Reference,
    pub kind: Kind,
    pub topic: Topic,
    pub practice: Option<String>,
    pub network: Option<String>,
    pub practice_unsure: bool,
    pub message: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_consent: bool,
    pub publish_consent: bool,
    pub language: String,
    pub channel: Channel,
    pub status: Status,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub safeguarding: Option<(String, String, DateTime<Utc>)>,
    /// Who said "I have seen this" about the urgent item, and when.
    pub urgent_seen: Option<(String, DateTime<Utc>)>,
    /// When the safeguarding contact was reminded because nobody had.
    pub urgent_escalated_at: Option<DateTime<Utc>>,
    pub themes: Vec<String>,
    /// The approved quote, if any.
    pub quote: Option<String>,
    pub notes: Vec<(String, String, DateTime<Utc>)>,
    pub replies: Vec<Reply>,
    /// What the resident added from their tracking page: the text and when, oldest first.
    pub additions: Vec<(String, DateTime<Utc>)>,
    /// The resident's photos: their ids, sizes and types, for links to each (the bytes are
    /// served one at a time).
    pub photos: Vec<PhotoInfo>,
    /// The original this item repeats, when staff linked it as a duplicate.
    pub duplicate_of: Option<Reference>,
    /// The items linked as duplicates of this one.
    pub duplicates: Vec<Reference>,
}

/// A photo as the item page lists it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoInfo {
    pub id: i64,
    pub position: i32,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
}

/// A public reply as staff see it: the current text, and the texts it replaced.
#[derive(Debug, Clone)]
pub struct Reply {
    pub id: i64,
    pub body: String,
    pub at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// Withdrawn replies are off the resident's page; staff still see them.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Earlier texts, oldest first: the text, who replaced it and when.
    pub earlier: Vec<(String, String, DateTime<Utc>)>,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    kind: Kind,
    topic: Topic,
    practice: Option<String>,
    network: Option<String>,
    practice_unsure: bool,
    message: String,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    contact_consent: bool,
    publish_consent: bool,
    language: String,
    channel: Channel,
    status: Status,
    priority: Priority,
    assignee_id: Option<i64>,
    created_at: DateTime<Utc>,
    quote: Option<String>,
    urgent_seen_by: Option<String>,
    urgent_seen_at: Option<DateTime<Utc>>,
    urgent_escalated_at: Option<DateTime<Utc>>,
    duplicate_of: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn item(db: &Database, reference: &Reference) -> Result<Option<Item>, sqlx::Error> {
    const SQL: &str = "SELECT s.id, s.kind, s.topic, p.name AS practice, n.name AS network, s.practice_unsure, s.message, \
        s.contact_name, s.contact_email, s.contact_phone, s.contact_consent, s.publish_consent, s.language, s.channel, \
        s.status, s.priority, s.assignee_id, s.created_at, s.quote, \
        seen.name AS urgent_seen_by, s.urgent_seen_at, s.urgent_escalated_at, s.duplicate_of \
        FROM submissions s LEFT JOIN practices p ON p.id = s.practice_id LEFT JOIN networks n ON n.id = p.network_id \
        LEFT JOIN staff seen ON seen.id = s.urgent_seen_by \
        WHERE s.reference = $1";
    let row: Option<ItemRow> = db::query(SQL)
        .bind(reference.as_str())
        .fetch_optional(db)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let id = r.id;
    let safeguarding: Option<(String, String, DateTime<Utc>)> = db::query(
        "SELECT s.safeguarding_reason, a.name, s.safeguarding_at FROM submissions s JOIN staff a ON a.id = s.safeguarding_by \
         WHERE s.id = $1 AND s.safeguarding_at IS NOT NULL").bind(id).fetch_optional(db).await?;
    let themes: Vec<(String,)> =
        db::query("SELECT theme FROM submission_themes WHERE submission_id = $1 ORDER BY theme")
            .bind(id)
            .fetch_all(db)
            .await?;
    let notes: Vec<(String, String, DateTime<Utc>)> = db::query(
        "SELECT a.name, n.body, n.created_at FROM notes n JOIN staff a ON a.id = n.author_id \
         WHERE n.submission_id = $1 ORDER BY n.created_at, n.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    type ReplyRow = (
        i64,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<ReplyRow> = db::query(
        "SELECT id, body, created_at, edited_at, withdrawn_at FROM public_replies WHERE submission_id = $1 \
         ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let versions: Vec<(i64, String, Option<String>, DateTime<Utc>)> = db::query(
        "SELECT v.reply_id, v.body, a.name, v.replaced_at FROM public_reply_versions v \
         JOIN public_replies r ON r.id = v.reply_id LEFT JOIN staff a ON a.id = v.replaced_by \
         WHERE r.submission_id = $1 ORDER BY v.replaced_at, v.id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let replies = rows
        .into_iter()
        .map(|(reply, body, at, edited_at, withdrawn_at)| Reply {
            id: reply,
            body,
            at,
            edited_at,
            withdrawn_at,
            earlier: versions
                .iter()
                .filter(|v| v.0 == reply)
                .map(|(_, body, who, when)| (body.clone(), who.clone().unwrap_or_default(), *when))
                .collect(),
        })
        .collect();
    let additions: Vec<(String, DateTime<Utc>)> = db::query(
        "SELECT body, created_at FROM resident_additions WHERE submission_id = $1 ORDER BY created_at, id",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let photos: Vec<PhotoInfo> = db::query(
        "SELECT id, position, content_type, width, height FROM submission_photos \
         WHERE submission_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let duplicates: Vec<(String,)> = db::query(
        "SELECT reference FROM submissions WHERE duplicate_of = $1 ORDER BY created_at, id",
    )
    .bind(reference.as_str())
    .fetch_all(db)
    .await?;
    Ok(Some(Item {
        duplicate_of: r.duplicate_of.and_then(|d| Reference::parse(&d).ok()),
        duplicates: duplicates
            .into_iter()
            .filter_map(|(d,)| Reference::parse(&d).ok())
            .collect(),
        id,
        reference: reference.clone(),
        kind: r.kind,
        topic: r.topic,
        practice: r.practice,
        network: r.network,
        practice_unsure: r.practice_unsure,
        message: r.message,
        name: r.contact_name,
        email: r.contact_email,
        phone: r.contact_phone,
        contact_consent: r.contact_consent,
        publish_consent: r.publish_consent,
        language: r.language,
        channel: r.channel,
        status: r.status,
        priority: r.priority,
        assignee_id: r.assignee_id,
        urgent_seen: r.urgent_seen_by.zip(r.urgent_seen_at),
        urgent_escalated_at: r.urgent_escalated_at,
        created_at: r.created_at,
        safeguarding,
        themes: themes.into_iter().map(|(t,)| t).collect(),
        quote: r.quote,
        notes,
        replies,
        additions,
        photos,
    }))
}

/// The themes offered to staff: those on the kept list, with their Bengali names and the
/// words that suggest them.
pub async fn offered_themes(db: &Database) -> Result<Vec<super::suggest::Rule>, sqlx::Error> {
    db::query("SELECT name, name_bn, keywords FROM themes WHERE state = 'listed' ORDER BY name")
        .fetch_all(db)
        .await
}

/// Status, priority and assignee in one change, audited with what changed.
/// Saves status, priority and assignee, with the audit row, inside the caller's
/// transaction (the use case may queue an email with it).
pub async fn update(
    tx: &mut Tx,
    actor: &Actor,
    item: &Item,
    status: Status,
    priority: Priority,
    assignee: Option<i64>,
) -> Result<(), sqlx::Error> {
    // `closed_at` starts the retention clock; reopening an item stops it. A duplicate is
    // closed: any other status unlinks it.
    const SQL: &str =
        "UPDATE submissions SET status = $2, priority = $3, assignee_id = $4, updated_at = $5, \
        closed_at = CASE WHEN $2 IN ('closed', 'spam') THEN COALESCE(closed_at, $5) ELSE NULL END, \
        duplicate_of = CASE WHEN $2 = 'closed' THEN duplicate_of ELSE NULL END WHERE id = $1";
    let now = Utc::now();
    db::query(SQL)
        .bind(item.id)
        .bind(status)
        .bind(priority)
        .bind(assignee)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    // Whoever marks an item urgent has seen it: no reminder for what staff raised themselves.
    if priority == Priority::Urgent && item.priority != Priority::Urgent {
        if let Some(by) = actor.id {
            mark_urgent_seen(tx, item.id, by, now).await?;
        }
    }
    let detail = format!(
        "status {} -> {}; priority {} -> {}; assignee {:?} -> {:?}",
        item.status, status, item.priority, priority, item.assignee_id, assignee
    );
    audit::record_in(
        tx,
        actor,
        AuditAction::SubmissionUpdated,
        Some(item.reference.as_str()),
        &detail,
    )
    .await
}

/// Records who first said they have seen an urgent item; later ones change nothing.
/// Answers whether this was the first.
pub async fn mark_urgent_seen(
    tx: &mut Tx,
    id: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let changed = db::query(
        "UPDATE submissions SET urgent_seen_by = $2, urgent_seen_at = $3 WHERE id = $1 AND urgent_seen_at IS NULL",
    )
    .bind(id)
    .bind(by)
    .bind(now)
    .execute(tx)
    .await?;
    Ok(changed == 1)
}

pub async fn set_themes(
    db: &Database,
    actor: &Actor,
    item: &Item,
    themes: &[String],
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    db::query("DELETE FROM submission_themes WHERE submission_id = $1")
        .bind(item.id)
        .execute(&mut tx)
        .await?;
    // A name not on the list is a suggestion: it waits for an admin, and is not counted in
    // the insights until accepted. A retired theme is no longer given, but one the
    // submission already had stays.
    let mut kept = Vec::with_capacity(themes.len());
    for theme in themes {
        db::query(
            "INSERT INTO themes (name, state) VALUES ($1, 'waiting') ON CONFLICT (name) DO NOTHING",
        )
        .bind(theme)
        .execute(&mut tx)
        .await?;
        let (state,): (String,) = db::query("SELECT state FROM themes WHERE name = $1")
            .bind(theme)
            .fetch_one(&mut tx)
            .await?;
        if state != "retired" || item.themes.contains(theme) {
            kept.push(theme);
        }
    }
    let themes = kept;
    for theme in &themes {
        db::query("INSERT INTO submission_themes (submission_id, theme) VALUES ($1, $2)")
            .bind(item.id)
            .bind(*theme)
            .execute(&mut tx)
            .await?;
    }
    // That the themes changed, not what they say: a theme is staff's free text about the
    // submission, and must go with it when it is erased.
    audit::record_in(
        &mut tx,
        actor,
        AuditAction::ThemesSet,
        Some(item.reference.as_str()),
        &format!("themes changed ({} now)", themes.len()),
    )
    .await?;
    tx.commit().await
}

/// Adds a staff note with its audit row, inside the caller's transaction.
pub async fn add_note(
    tx: &mut Tx,
    actor: &Actor,
    item: &Item,
    body: &str,
) -> Result<(), sqlx::Error> {
    db::query(
        "INSERT INTO notes (submission_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(item.id)
    .bind(actor.id)
    .bind(body)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    audit::record_in(
        tx,
        actor,
        AuditAction::NoteAdded,
        Some(item.reference.as_str()),
        "",
    )
    .await
}

/// Publishes a reply; the caller queues the resident's email in the same transaction.
pub async fn add_reply(
    tx: &mut Tx,
    actor: &Actor,
    item: &Item,
    body: &str,
) -> Result<(), sqlx::Error> {
    db::query("INSERT INTO public_replies (submission_id, body, created_at, author_id) VALUES ($1, $2, $3, $4)")
        .bind(item.id).bind(body).bind(Utc::now()).bind(actor.id).execute(&mut *tx).await?;
    // The first reply dates the response time that insights report on.
    let now = Utc::now();
    let days = crate::domain::working_days(
        crate::domain::london_date(item.created_at),
        crate::domain::london_date(now),
    );
    db::query("UPDATE submissions SET first_reply_at = $2, first_reply_days = $3 WHERE id = $1 AND first_reply_at IS NULL")
        .bind(item.id).bind(now).bind(days as i32).execute(&mut *tx).await?;
    if matches!(
        item.status,
        Status::New | Status::InReview | Status::InProgress
    ) {
        db::query("UPDATE submissions SET status = $3, updated_at = $2 WHERE id = $1")
            .bind(item.id)
            .bind(Utc::now())
            .bind(Status::Responded)
            .execute(&mut *tx)
            .await?;
    }
    audit::record_in(
        tx,
        actor,
        AuditAction::ReplyPublished,
        Some(item.reference.as_str()),
        "",
    )
    .await
}

/// Flags a safeguarding concern: urgent priority, who and why; the caller queues the email.
pub async fn flag_safeguarding(
    tx: &mut Tx,
    actor: &Actor,
    item: &Item,
    reason: &str,
) -> Result<(), sqlx::Error> {
    db::query("UPDATE submissions SET priority = 'urgent', safeguarding_reason = $2, safeguarding_by = $3, \
            safeguarding_at = $4, updated_at = $4 WHERE id = $1")
        .bind(item.id).bind(reason).bind(actor.id).bind(Utc::now()).execute(&mut *tx).await?;
    // The reason is special-category text kept on the submission (and erased with it); the
    // audit log keeps only that one was recorded.
    audit::record_in(
        tx,
        actor,
        AuditAction::SafeguardingFlagged,
        Some(item.reference.as_str()),
        "reason recorded",
    )
    .await
}

/// Approves (or, with `None`, withdraws) a quote for the insights page. Only for residents who
/// agreed to publication; staff edit the text to take out anything that could identify anyone.
pub async fn set_quote(
    db: &Database,
    actor: &Actor,
    item: &Item,
    quote: Option<&str>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let at = quote.map(|_| Utc::now());
    db::query(
        "UPDATE submissions SET quote = $2, quote_approved_by = $3, quote_approved_at = $4 \
            WHERE id = $1 AND publish_consent",
    )
    .bind(item.id)
    .bind(quote)
    .bind(quote.and(actor.id))
    .bind(at)
    .execute(&mut tx)
    .await?;
    let action = if quote.is_some() {
        AuditAction::QuoteApproved
    } else {
        AuditAction::QuoteWithdrawn
    };
    audit::record_in(&mut tx, actor, action, Some(item.reference.as_str()), "").await?;
    tx.commit().await
}
