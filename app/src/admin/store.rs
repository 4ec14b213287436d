//! The admin pages' SQL: accounts, practices and networks, routing rules. Every change
//! runs inside the caller's transaction, which also holds its audit row.

use crate::db::{self, Database, Tx};
use crate::staff::accounts::{Account, Role};

pub async fn accounts(db: &Database) -> Result<Vec<Account>, sqlx::Error> {
    db::query("SELECT id, email, name, role, active FROM staff ORDER BY name")
        .fetch_all(db)
        .await
}

pub async fn set_role(tx: &mut Tx, id: i64, role: Role) -> Result<u64, sqlx::Error> {
    db::query("UPDATE staff SET role = $2 WHERE id = $1")
        .bind(id)
        .bind(role)
        .execute(&mut *tx)
        .await
}

/// Disabling also ends the account's sessions at once.
pub async fn set_active(tx: &mut Tx, id: i64, active: bool) -> Result<u64, sqlx::Error> {
    let n = db::query("UPDATE staff SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(&mut *tx)
        .await?;
    if !active {
        db::query("DELETE FROM sessions WHERE staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(n)
}

#[derive(Debug, Clone)]
pub struct PracticeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub network: String,
    pub active: bool,
}

pub async fn practices(db: &Database) -> Result<Vec<PracticeRow>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.code, p.name, n.name, p.active FROM practices p JOIN networks n ON n.id = p.network_id ORDER BY n.name, p.name";
    let rows: Vec<(i64, String, String, String, bool)> = db::query(SQL).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name, network, active)| PracticeRow {
            id,
            code,
            name,
            network,
            active,
        })
        .collect())
}

pub async fn networks(db: &Database) -> Result<Vec<(i64, String)>, sqlx::Error> {
    db::query("SELECT id, name FROM networks ORDER BY name")
        .fetch_all(db)
        .await
}

pub async fn add_network(tx: &mut Tx, name: &str) -> Result<(), sqlx::Error> {
    db::query("INSERT INTO networks (name) VALUES ($1)")
        .bind(name)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn add_practice(
    tx: &mut Tx,
    code: &str,
    name: &str,
    network_id: i64,
) -> Result<(), sqlx::Error> {
    db::query("INSERT INTO practices (code, name, network_id, active) VALUES ($1, $2, $3, TRUE)")
        .bind(code)
        .bind(name)
        .bind(network_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn set_practice_active(tx: &mut Tx, id: i64, active: bool) -> Result<u64, sqlx::Error> {
    db::query("UPDATE practices SET active = $2 WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(&mut *tx)
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Rule {
    pub id: i64,
    pub practice: Option<String>,
    pub topic: Option<String>,
    pub recipient: String,
    pub description: String,
    pub is_default: bool,
    pub active: bool,
}

pub async fn rules(db: &Database) -> Result<Vec<Rule>, sqlx::Error> {
    const SQL: &str = "SELECT r.id, p.name AS practice, r.topic, \
                       COALESCE(st.name || ' <' || st.email || '>', r.recipient) AS recipient, r.description, r.is_default, \
                       r.active FROM routing_rules r LEFT JOIN practices p ON p.id = r.practice_id \
                       LEFT JOIN staff st ON st.id = r.staff_id ORDER BY r.is_default DESC, r.id";
    db::query(SQL).fetch_all(db).await
}

pub async fn add_rule(
    tx: &mut Tx,
    practice_id: Option<i64>,
    topic: Option<&str>,
    recipient: &str,
    staff_id: Option<i64>,
    description: &str,
) -> Result<(), sqlx::Error> {
    db::query("INSERT INTO routing_rules (practice_id, topic, recipient, staff_id, description, is_default, active) \
               VALUES ($1, $2, $3, $4, $5, FALSE, TRUE)")
        .bind(practice_id).bind(topic).bind(recipient).bind(staff_id).bind(description).execute(&mut *tx).await?;
    Ok(())
}

/// The default rule follows PORTAL_TRIAGE_EMAIL and cannot be switched off here.
pub async fn set_rule_active(tx: &mut Tx, id: i64, active: bool) -> Result<u64, sqlx::Error> {
    db::query("UPDATE routing_rules SET active = $2 WHERE id = $1 AND NOT is_default")
        .bind(id)
        .bind(active)
        .execute(&mut *tx)
        .await
}

/// Every topic with whether residents can choose it, in the order of the list.
pub async fn topics(db: &Database) -> Result<Vec<(crate::domain::Topic, bool)>, sqlx::Error> {
    let rows: Vec<(String, bool)> = db::query("SELECT slug, active FROM topics")
        .fetch_all(db)
        .await?;
    Ok(crate::domain::Topic::ALL
        .iter()
        .map(|t| {
            (
                *t,
                rows.iter()
                    .find(|(s, _)| s == t.slug())
                    .is_none_or(|(_, a)| *a),
            )
        })
        .collect())
}

pub async fn set_topic_active(
    tx: &mut Tx,
    topic: crate::domain::Topic,
    active: bool,
) -> Result<u64, sqlx::Error> {
    db::query("UPDATE topics SET active = $2 WHERE slug = $1")
        .bind(topic)
        .bind(active)
        .execute(&mut *tx)
        .await
}
