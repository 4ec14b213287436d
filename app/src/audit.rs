//! The audit log: every view of a submission's personal data, every change, sign-in, failed
//! sign-in and export, with who, what and when. The application only ever inserts rows.

use crate::db::{Database, Tx};
use crate::{on_db, on_tx};
use chrono::{DateTime, Utc};

/// Who did something: a signed-in member of staff, or the system itself (`None`).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub id: Option<i64>,
    pub email: Option<String>,
}

const INSERT: &str =
    "INSERT INTO audit_log (at, actor_id, actor_email, action, reference, detail) VALUES ($1, $2, $3, $4, $5, $6)";

/// Records an event outside any other transaction.
pub async fn record(
    db: &Database,
    actor: &Actor,
    action: &str,
    reference: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    on_db!(db, pool => sqlx::query(INSERT)
        .bind(Utc::now()).bind(actor.id).bind(&actor.email).bind(action).bind(reference).bind(detail)
        .execute(pool).await?.rows_affected());
    Ok(())
}

/// Records an event as part of the change it describes: both commit or neither does.
pub async fn record_in(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    reference: Option<&str>,
    detail: &str,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, conn => sqlx::query(INSERT)
        .bind(Utc::now()).bind(actor.id).bind(&actor.email).bind(action).bind(reference).bind(detail)
        .execute(conn).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub actor_email: Option<String>,
    pub action: String,
    pub reference: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    pub action: String,
    pub actor: String,
    pub reference: String,
    pub page: Option<u32>,
}

pub const PAGE_SIZE: i64 = 100;

/// Newest first, filtered by action, actor e-mail and reference.
pub async fn list(db: &Database, filter: &Filter) -> Result<Vec<Entry>, sqlx::Error> {
    const SQL: &str = "SELECT at, actor_email, action, reference, detail FROM audit_log \
        WHERE ($1 = '' OR action = $1) AND ($2 = '' OR actor_email = $2) AND ($3 = '' OR reference = $3) \
        ORDER BY id DESC LIMIT $4 OFFSET $5";
    let offset = i64::from(filter.page.unwrap_or(1).max(1) - 1) * PAGE_SIZE;
    let reference = crate::domain::Reference::parse(&filter.reference)
        .map(|r| r.as_str().to_owned())
        .unwrap_or_else(|_| filter.reference.trim().to_owned());
    type Row = (
        DateTime<Utc>,
        Option<String>,
        String,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = on_db!(db, pool => sqlx::query_as(SQL)
        .bind(filter.action.trim()).bind(filter.actor.trim().to_lowercase()).bind(reference)
        .bind(PAGE_SIZE).bind(offset)
        .fetch_all(pool).await?);
    Ok(rows
        .into_iter()
        .map(|(at, actor_email, action, reference, detail)| Entry {
            at,
            actor_email,
            action,
            reference,
            detail,
        })
        .collect())
}
