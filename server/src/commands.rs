//! Commands for operators, run beside a serving portal on the same database.

use crate::config::{OutboxAction, Settings, UserAction};
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

/// `portal user add` creates an account and prints its set-up link; `portal user
/// reset-two-factor` turns an account's two-factor off.
pub async fn user_command(settings: &Settings, action: UserAction) -> anyhow::Result<()> {
    use app::staff::accounts::{self, Role};
    let db = Database::connect(settings.database_url(), &settings.pool()).await?;
    match action {
        UserAction::Add { email, role, name } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
            let email = email.to_string().to_lowercase();
            if accounts::find_by_email(&db, &email).await?.is_some() {
                anyhow::bail!("there is already an account for {email}");
            }
            let name =
                name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            // The account, its link and the audit row are kept together or not at all.
            let mut tx = db.begin().await?;
            let id = accounts::create_in(&mut tx, &email, &name, role).await?;
            let token = accounts::issue_password_token_in(&mut tx, id, "setup").await?;
            let actor = app::audit::Actor {
                id: None,
                email: Some("command line".to_owned()),
            };
            app::audit::record_in(
                &mut tx,
                &actor,
                app::audit::AuditAction::AccountCreated,
                None,
                &format!("{email} as {}", role.slug()),
            )
            .await?;
            tx.commit().await?;
            let link = format!(
                "{}/staff/set-password/{token}",
                settings.base_url().as_str().trim_end_matches('/')
            );
            println!("Created {} account for {email}.", role.slug());
            println!("Send them this one-time link to set a password (valid for 7 days):\n{link}");
        }
        UserAction::ResetTwoFactor { email } => {
            let email = email.to_string().to_lowercase();
            let Some((account, _)) = accounts::find_by_email(&db, &email).await? else {
                anyhow::bail!("there is no account for {email}");
            };
            let mut tx = db.begin().await?;
            app::staff::two_factor::reset(&mut tx, account.id).await?;
            let actor = app::audit::Actor {
                id: None,
                email: Some("command line".to_owned()),
            };
            app::audit::record_in(
                &mut tx,
                &actor,
                app::audit::AuditAction::TwoFactorReset,
                None,
                &format!("account {}", account.id),
            )
            .await?;
            tx.commit().await?;
            println!(
                "Two-factor sign-in is off for {email}; it is set up again at the next sign-in."
            );
        }
    }
    db.close().await;
    Ok(())
}

/// `portal demo-data`: fictional submissions for demonstrations and benchmarks.
pub async fn demo_data_command(
    settings: &Settings,
    submissions: u64,
    seed: u64,
    add: bool,
) -> anyhow::Result<()> {
    use app::demo;
    let db = Database::connect(settings.database_url(), &settings.pool()).await?;
    let existing = demo::existing(&db).await?;
    if existing > 0 && !add {
        anyhow::bail!(
            "this database already has {existing} submissions; sample data is never mixed into \
             real data. Use an empty database, or --add if this one holds only sample data."
        );
    }
    let started = std::time::Instant::now();
    let n = demo::generate(&db, submissions, seed).await?;
    println!(
        "Added {n} sample submissions in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}

/// `portal retention`: the daily job, now.
pub async fn retention_command(settings: &Settings) -> anyhow::Result<()> {
    let db = Database::connect(settings.database_url(), &settings.pool()).await?;
    let o = app::privacy::retention::run(&db, settings.retention(), chrono::Utc::now()).await?;
    println!(
        "Contact details removed from {} submission(s); texts anonymised in {}; emails deleted: {}.",
        o.contacts_removed, o.anonymised, o.emails_deleted
    );
    db.close().await;
    Ok(())
}

/// `portal backup --to FILE`: a consistent copy of a SQLite database, taken while it serves.
/// `VACUUM INTO` reads one snapshot (WAL readers never block writers), so the copy is the
/// database as of one moment, compacted.
pub async fn backup_command(settings: &Settings, to: &std::path::Path) -> anyhow::Result<()> {
    let db = Database::connect(settings.database_url(), &settings.pool()).await?;
    let Database::Sqlite(pool, _) = &db else {
        anyhow::bail!(
            "portal backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/OPERATIONS.md)"
        );
    };
    if to.exists() {
        anyhow::bail!("{} exists already; choose a new file", to.display());
    }
    let path = to
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the backup path must be valid UTF-8"))?;
    let started = std::time::Instant::now();
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(pool)
        .await?;
    let bytes = std::fs::metadata(to)?.len();
    println!(
        "Backed up to {} ({:.1} MB) in {:.1} s.",
        to.display(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    db.close().await;
    Ok(())
}
