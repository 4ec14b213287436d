//! "You said, we did": what changed because of what residents said, published by staff.
//! Entries hold no personal data; the form says so and the text is sanitised like any other.

use crate::audit::AuditAction;
use crate::audit::{self, Actor};
use crate::db::{self, Database};
use crate::domain::Message;
use crate::i18n::Locale;
use crate::ui::FieldError;
use chrono::{NaiveDate, Utc};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub said_en: String,
    pub did_en: String,
    pub said_bn: Option<String>,
    pub did_bn: Option<String>,
    pub theme: Option<String>,
    pub action_date: NaiveDate,
}

/// Newest action first.
pub async fn list(db: &Database) -> Result<Vec<Entry>, sqlx::Error> {
    const SQL: &str =
        "SELECT id, said_en, did_en, said_bn, did_bn, theme, action_date FROM you_said_we_did \
                       ORDER BY action_date DESC, id DESC";
    db::query(SQL).fetch_all(db).await
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EntryForm {
    pub said_en: String,
    pub did_en: String,
    pub said_bn: String,
    pub did_bn: String,
    pub theme: String,
    pub action_date: String,
}

/// A checked entry, ready to store.
pub struct NewEntry {
    said_en: String,
    did_en: String,
    said_bn: Option<String>,
    did_bn: Option<String>,
    theme: Option<String>,
    action_date: NaiveDate,
}

impl EntryForm {
    pub fn validate(&self, locale: &Locale) -> Result<NewEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut required = |field: &'static str, value: &str, key: &str| match Message::parse(value)
        {
            Ok(m) => Some(m.as_str().to_owned()),
            Err(_) => {
                errors.push(FieldError {
                    field,
                    message: locale.text(key),
                });
                None
            }
        };
        let said_en = required("said_en", &self.said_en, "you-said-error-said");
        let did_en = required("did_en", &self.did_en, "you-said-error-did");
        let optional = |value: &str| Message::parse(value).ok().map(|m| m.as_str().to_owned());
        let action_date = NaiveDate::parse_from_str(self.action_date.trim(), "%Y-%m-%d").ok();
        if action_date.is_none() {
            errors.push(FieldError {
                field: "action_date",
                message: locale.text("you-said-error-date"),
            });
        }
        let theme = crate::sanitise::plain_text(self.theme.trim());
        match (said_en, did_en, action_date) {
            (Some(said_en), Some(did_en), Some(action_date)) if errors.is_empty() => Ok(NewEntry {
                said_en,
                did_en,
                said_bn: optional(&self.said_bn),
                did_bn: optional(&self.did_bn),
                theme: (!theme.is_empty()).then(|| theme.chars().take(80).collect()),
                action_date,
            }),
            _ => Err(errors),
        }
    }
}

pub async fn add(db: &Database, actor: &Actor, entry: &NewEntry) -> Result<(), sqlx::Error> {
    const SQL: &str = "INSERT INTO you_said_we_did (said_en, did_en, said_bn, did_bn, theme, action_date, created_by, created_at) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let mut tx = db.begin().await?;
    db::query(SQL)
        .bind(&entry.said_en)
        .bind(&entry.did_en)
        .bind(&entry.said_bn)
        .bind(&entry.did_bn)
        .bind(&entry.theme)
        .bind(entry.action_date)
        .bind(actor.id)
        .bind(Utc::now())
        .execute(&mut tx)
        .await?;
    audit::record_in(
        &mut tx,
        actor,
        AuditAction::YouSaidPublished,
        None,
        &entry.action_date.to_string(),
    )
    .await?;
    tx.commit().await
}

pub async fn remove(db: &Database, actor: &Actor, id: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let n = db::query("DELETE FROM you_said_we_did WHERE id = $1")
        .bind(id)
        .execute(&mut tx)
        .await?;
    if n > 0 {
        audit::record_in(
            &mut tx,
            actor,
            AuditAction::YouSaidRemoved,
            None,
            &id.to_string(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(n)
}
