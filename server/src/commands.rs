//! Commands for operators, run beside a serving portal on the same database.

use crate::config::{OutboxAction, Settings};
use app::{db::Database, notify::outbox};

/// `portal outbox`: what is waiting or has failed, and putting failed messages back.
pub async fn outbox_command(settings: &Settings, action: OutboxAction) -> anyhow::Result<()> {
    let db = Database::connect(settings.database_url(), &settings.pool()).await?;
    match action {
        OutboxAction::List => {
            let entries = outbox::unsent(&db).await?;
            if entries.is_empty() {
                println!("No emails are waiting or failed.");
            }
            for e in entries {
                println!(
                    "{:>6}  {:<8} {:<22} to {:<32} attempts {:>2}  {}",
                    e.id,
                    e.status,
                    e.kind,
                    app::notify::mailer::mask(&e.recipient),
                    e.attempts,
                    if e.status == "pending" {
                        format!(
                            "next try {}",
                            e.next_attempt_at.format("%Y-%m-%d %H:%M:%S UTC")
                        )
                    } else {
                        format!("queued {}", e.created_at.format("%Y-%m-%d %H:%M:%S UTC"))
                    }
                );
                println!("        {}", e.subject);
                if let Some(err) = e.last_error {
                    println!("        last error: {err}");
                }
            }
        }
        OutboxAction::Retry { id, all_failed } => {
            if id.is_none() && !all_failed {
                anyhow::bail!("give the id of a failed email, or --all-failed");
            }
            let n = outbox::retry_failed(&db, id, chrono::Utc::now()).await?;
            println!(
                "{n} failed email(s) queued again; a running portal sends them within seconds."
            );
        }
    }
    db.close().await;
    Ok(())
}
