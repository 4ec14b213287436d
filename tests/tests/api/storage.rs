//! Storage faults: a write is acknowledged only after a commit the database confirmed, on a
//! connection that was outside any transaction when it began. Tested at the storage layer
//! with injected faults (a connection left inside a transaction, a `COMMIT` that fails,
//! SQLite's page limit), and end to end with the database on a small disk that fills up.

use app::db::{Database, PoolSettings};
use portal_tests::{
    disk::SmallDisk, form_with, postgres::Cluster, spawn_app, spawn_app_with, Backend, SmtpServer,
    TestApp,
};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// A second handle on the test's database with a single connection, so that every
/// transaction of the test meets the connection the previous one left behind.
async fn one_connection(app: &TestApp) -> Database {
    Database::connect(
        app.settings.database_url(),
        &PoolSettings {
            max_connections: 1,
            acquire_timeout: Duration::from_secs(2),
        },
    )
    .await
    .expect("a one-connection handle")
}

async fn create_table(db: &Database) {
    for sql in [
        "CREATE TABLE fault_parent (id BIGINT PRIMARY KEY)",
        "CREATE TABLE fault_rows (id BIGINT PRIMARY KEY, parent_id BIGINT \
         REFERENCES fault_parent (id) DEFERRABLE INITIALLY DEFERRED, body TEXT NOT NULL)",
        "INSERT INTO fault_parent (id) VALUES (1)",
    ] {
        app::on_db!(db, pool => sqlx::query(sql).execute(pool).await.expect("set up").rows_affected());
    }
}

/// Writes one row in a transaction of its own; `Ok` only when the commit was confirmed.
async fn write_row(db: &Database, id: i64, parent: i64, body: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    app::on_tx!(&mut tx, conn => sqlx::query("INSERT INTO fault_rows (id, parent_id, body) VALUES ($1, $2, $3)")
        .bind(id).bind(parent).bind(body).execute(conn).await?.rows_affected());
    tx.commit().await
}

async fn stored_ids(db: &Database) -> HashSet<i64> {
    let ids: Vec<i64> = app::on_db!(db, pool => sqlx::query_scalar("SELECT id FROM fault_rows").fetch_all(pool).await.expect("read back"));
    ids.into_iter().collect()
}

/// On SQLite, the pool transactions take their connection from: the writer's own.
fn sqlite_writes(db: &Database) -> &sqlx::SqlitePool {
    match db {
        Database::Sqlite(pool, writer) => writer.pool(pool),
        Database::Postgres(_) => unreachable!("SQLite only"),
    }
}

/// Marks the pooled connection, so the test can tell whether it is later handed out again.
async fn mark_connection(db: &Database) {
    match db {
        Database::Sqlite(..) => {
            let pool = sqlite_writes(db);
            sqlx::query("PRAGMA cache_size = -4321")
                .execute(pool)
                .await
                .unwrap();
        }
        Database::Postgres(pool) => {
            sqlx::query("SET application_name = 'marked'")
                .execute(pool)
                .await
                .unwrap();
        }
    }
}

async fn is_marked(db: &Database) -> bool {
    match db {
        Database::Sqlite(..) => {
            let pool = sqlite_writes(db);
            sqlx::query_scalar::<_, i64>("PRAGMA cache_size")
                .fetch_one(pool)
                .await
                .unwrap()
                == -4321
        }
        Database::Postgres(pool) => {
            sqlx::query_scalar::<_, String>("SHOW application_name")
                .fetch_one(pool)
                .await
                .unwrap()
                == "marked"
        }
    }
}

async fn a_pooled_connection_left_inside_a_transaction_is_closed_before_a_transaction_begins(
    app: TestApp,
) {
    let db = one_connection(&app).await;
    create_table(&app.db).await;
    // Put the pool's only connection inside a transaction behind the storage layer's back.
    match &db {
        Database::Sqlite(..) => {
            let mut conn = sqlite_writes(&db).acquire().await.unwrap();
            sqlx::Executor::execute(&mut *conn, sqlx::raw_sql("BEGIN"))
                .await
                .unwrap();
        }
        Database::Postgres(pool) => {
            let mut conn = pool.acquire().await.unwrap();
            sqlx::Executor::execute(&mut *conn, sqlx::raw_sql("BEGIN"))
                .await
                .unwrap();
        }
    }
    let refused = db
        .begin()
        .await
        .err()
        .expect("no transaction inside another one");
    assert!(
        app::error::PageError::from(refused).status().as_u16() == 503,
        "the request gets the 'try again' page"
    );
    // The stale connection is gone: the next transaction is real and durable.
    write_row(&db, 7, 1, "after the stale connection")
        .await
        .expect("a fresh connection");
    assert!(
        stored_ids(&app.db).await.contains(&7),
        "visible from another connection"
    );
    db.close().await;
}

async fn a_commit_that_fails_closes_its_connection_and_later_commits_are_durable(app: TestApp) {
    let db = one_connection(&app).await;
    create_table(&app.db).await;
    mark_connection(&db).await;
    assert!(is_marked(&db).await);
    // A deferred foreign key is checked at COMMIT: the commit itself fails.
    let failed = write_row(&db, 1, 999, "points nowhere").await;
    assert!(failed.is_err(), "the commit must fail");
    assert!(
        !is_marked(&db).await,
        "the connection whose COMMIT failed was closed, not reused"
    );
    for id in 2..=5 {
        write_row(&db, id, 1, "later")
            .await
            .expect("later writes succeed");
    }
    assert_eq!(stored_ids(&app.db).await, HashSet::from([2, 3, 4, 5]));
    db.close().await;
}

async fn a_transaction_abandoned_half_way_is_not_handed_out_again(app: TestApp) {
    let db = one_connection(&app).await;
    create_table(&app.db).await;
    mark_connection(&db).await;
    {
        let mut tx = db.begin().await.unwrap();
        app::on_tx!(&mut tx, conn => sqlx::query("INSERT INTO fault_rows (id, parent_id, body) VALUES (1, 1, 'abandoned')")
            .execute(conn).await.unwrap().rows_affected());
        // Dropped without COMMIT, as a cancelled request would.
    }
    assert!(!is_marked(&db).await, "the abandoned connection was closed");
    write_row(&db, 2, 1, "next").await.unwrap();
    assert_eq!(stored_ids(&app.db).await, HashSet::from([2]));
    db.close().await;
}

portal_tests::on_both_databases!(
    a_pooled_connection_left_inside_a_transaction_is_closed_before_a_transaction_begins,
    a_commit_that_fails_closes_its_connection_and_later_commits_are_durable,
    a_transaction_abandoned_half_way_is_not_handed_out_again,
);

/// SQLite's page limit gives `SQLITE_FULL` without a small disk: every write that reported
/// success must be readable from another connection, and none that failed may be.
#[tokio::test]
async fn sqlite_full_never_acknowledges_a_write_that_is_not_stored() {
    let app = spawn_app(Backend::Sqlite).await;
    let db = one_connection(&app).await;
    create_table(&app.db).await;
    // The limit goes on the connection the writes will use.
    let pool = sqlite_writes(&db);
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(pool)
        .await
        .unwrap();
    sqlx::query(&format!("PRAGMA max_page_count = {}", pages + 40))
        .execute(pool)
        .await
        .unwrap();
    let body = "x".repeat(6000);
    let (mut acknowledged, mut refused) = (HashSet::new(), HashSet::new());
    let mut id = 0;
    // Until the limit bites; the failing connection is closed and its replacement has no
    // limit, as when space returns.
    while refused.is_empty() && id < 1000 {
        id += 1;
        match write_row(&db, id, 1, &body).await {
            Ok(()) => acknowledged.insert(id),
            Err(_) => refused.insert(id),
        };
    }
    assert!(!refused.is_empty(), "the page limit was reached");
    for _ in 0..20 {
        id += 1;
        write_row(&db, id, 1, &body)
            .await
            .expect("writes succeed again");
        acknowledged.insert(id);
    }
    let stored = stored_ids(&app.db).await;
    assert_eq!(
        stored, acknowledged,
        "stored is exactly what was acknowledged"
    );
    db.close().await;
}

/// Fills `app`'s disk with submissions of ~5,000 characters, one after another, until 30 in
/// a row are refused. Returns the confirmation links of the acknowledged ones.
async fn submit_until_full(app: &TestApp, start: usize) -> (Vec<String>, usize) {
    let mut acknowledged = Vec::new();
    let (mut refused, mut in_a_row) = (0, 0);
    for i in start..start + 3000 {
        let message = format!("Submission {i}: {}", "damp in the flat again ".repeat(210));
        let email = format!("resident{i}@example.org");
        let response = app
            .submit_feedback(&form_with(&[
                ("message", &message),
                ("email", &email),
                ("contact_consent", "yes"),
            ]))
            .await;
        match response.status().as_u16() {
            303 => {
                in_a_row = 0;
                acknowledged.push(response.headers()["location"].to_str().unwrap().to_owned());
            }
            503 => {
                refused += 1;
                in_a_row += 1;
                if in_a_row == 30 {
                    break;
                }
            }
            other => panic!("submission {i} answered {other}, not 303 or 503"),
        }
    }
    (acknowledged, refused)
}

async fn wait_for_readiness(app: &TestApp, status: u16, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if app.get("/readyz").await.status().as_u16() == status {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "/readyz did not answer {status} within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The whole disk-full story on one database: fill, check, free, recover, deliver.
async fn full_disk_story(app: TestApp, disk: &SmallDisk, smtp: &SmtpServer, label: &str) {
    let (before, refused) = submit_until_full(&app, 0).await;
    assert!(
        !before.is_empty(),
        "some submissions fit before the disk filled"
    );
    assert!(refused >= 30, "the disk filled");
    assert_eq!(
        app.get("/readyz").await.status().as_u16(),
        503,
        "not ready while writes fail"
    );
    assert_eq!(
        app.get("/healthz").await.status().as_u16(),
        200,
        "still alive: a restart would not bring the space back"
    );

    // Space returns: the same process serves again within seconds, without a restart.
    disk.resize(256);
    let recovered_in = wait_for_readiness(&app, 200, Duration::from_secs(15)).await;
    let (after, refused_after) = {
        let mut links = Vec::new();
        for i in 0..20 {
            let r = app
                .submit_feedback(&form_with(&[(
                    "message",
                    &format!("After space returned {i}"),
                )]))
                .await;
            assert_eq!(
                r.status().as_u16(),
                303,
                "accepted again after space returned"
            );
            links.push(r.headers()["location"].to_str().unwrap().to_owned());
        }
        (links, 0)
    };

    // Every acknowledgement points at a stored submission, and nothing else was stored.
    let mut missing = 0;
    for link in before.iter().chain(&after) {
        if app.get(link).await.status().as_u16() != 200 {
            missing += 1;
        }
    }
    let stored = app.count_submissions().await as usize;
    println!(
        "{label}: {} acknowledged while filling, {refused} refused (503), {} after space \
         returned ({refused_after} refused), {stored} stored, {missing} acknowledged but \
         missing; ready again {recovered_in:?} after space returned",
        before.len(),
        after.len()
    );
    assert_eq!(missing, 0, "acknowledged but missing");
    assert_eq!(
        stored,
        before.len() + after.len(),
        "stored is exactly what was acknowledged"
    );

    // Each stored submission's emails arrive, each Message-ID once.
    app.wait_for_outbox_to_drain(Duration::from_secs(60)).await;
    let (pending, sent, failed): (i64, i64, i64) = app.outbox_counts().await;
    assert_eq!((pending, failed), (0, 0));
    let received = smtp.received();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for e in &received {
        *by_id.entry(e.message_id.as_str()).or_default() += 1;
    }
    let repeated = by_id.values().filter(|n| **n > 1).count();
    println!(
        "{label}: {sent} emails recorded sent, {} received, {repeated} Message-IDs repeated",
        received.len()
    );
    assert_eq!(by_id.len() as i64, sent, "every queued email arrived");
    let confirmations: HashSet<&str> = received
        .iter()
        .filter(|e| e.recipients.iter().any(|r| r.starts_with("resident")))
        .map(|e| e.message_id.as_str())
        .collect();
    assert_eq!(
        confirmations.len(),
        before.len(),
        "one confirmation for each acknowledged submission that left an address"
    );
    assert_eq!(repeated, 0, "each email delivered once");
}

#[tokio::test]
async fn sqlite_on_a_full_disk_acknowledges_only_what_it_stored_and_recovers_without_a_restart() {
    let Some(disk) = SmallDisk::mount(6) else {
        return;
    };
    let smtp = SmtpServer::start().await;
    let url = format!("sqlite://{}/portal.db", disk.path().display());
    let smtp_url = smtp.url();
    let app = spawn_app_with(Backend::Sqlite, move |s| {
        s.database_url = url.into();
        s.smtp_url = Some(smtp_url.into());
        s.database_timeout_secs = 2;
    })
    .await;
    full_disk_story(app, &disk, &smtp, "SQLite on a 6 MiB disk").await;
}

#[tokio::test]
async fn postgres_on_a_full_disk_acknowledges_only_what_it_stored_and_recovers_without_a_restart() {
    let Some(disk) = SmallDisk::mount(512) else {
        return;
    };
    let cluster = Cluster::start_on(&disk.path().join("data"));
    let url = cluster.fresh_database().await;
    // Leave room for a few megabytes of submissions beyond what the cluster uses now.
    let used_mib = disk.used_bytes() / (1024 * 1024);
    disk.resize(used_mib + 8);
    let smtp = SmtpServer::start().await;
    let smtp_url = smtp.url();
    let app = spawn_app_with(Backend::Postgres, move |s| {
        s.database_url = url.into();
        s.smtp_url = Some(smtp_url.into());
        s.database_timeout_secs = 2;
    })
    .await;
    full_disk_story(
        app,
        &disk,
        &smtp,
        "PostgreSQL with its data on a small disk",
    )
    .await;
}
