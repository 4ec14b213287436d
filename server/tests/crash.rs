//! The crash test: submissions sent concurrently for several seconds while the portal is
//! killed with SIGKILL and started again, again and again. Afterwards every submission that
//! was acknowledged (a 303 to its confirmation page) is stored exactly once, and its staff
//! notification was delivered exactly once. On SQLite and on PostgreSQL.
//!
//! Email goes to the file mailer here: each message is written under a name made from its
//! Message-ID, so a retry after a crash replaces the file rather than adding one. Over SMTP
//! the same Message-ID lets a receiving server recognise a resend (docs/OPERATIONS.md).

use std::{
    collections::{HashMap, HashSet},
    io::{Read, Write},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");
const CLIENTS: usize = 4;
const KILLS: usize = 5;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Portal {
    database_url: String,
    mail: std::path::PathBuf,
    port: u16,
}

impl Portal {
    fn start(&self) -> Child {
        let child = Command::new(PORTAL)
            .env("PORTAL_BIND", format!("127.0.0.1:{}", self.port))
            .env("PORTAL_DATABASE_URL", &self.database_url)
            .env("PORTAL_MAIL_DIR", &self.mail)
            .env("PORTAL_RATE_LIMITS", "false")
            .env("PORTAL_OUTBOX_POLL_MS", "100")
            .env("PORTAL_OUTBOX_RETRY_BASE_MS", "100")
            // Claims left by a killed process come back after this.
            .env("PORTAL_OUTBOX_LEASE_SECS", "3")
            .env("PORTAL_LOG", "warn")
            .env_remove("PORTAL_SMTP_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !post(self.port, "/readyz", "").is_some_and(|a| a.starts_with("HTTP/1.1 200")) {
            assert!(Instant::now() < deadline, "the portal did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }
}

/// One request on its own connection; `None` when the server is not there or drops it.
fn post(port: u16, path: &str, body: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let method = if body.is_empty() { "GET" } else { "POST" };
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: portal\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    stream.read_to_string(&mut out).ok()?;
    (!out.is_empty()).then_some(out)
}

fn kill(child: &mut Child) {
    Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
}

fn crash_test(database_url: String, label: &str) {
    let dir = tempfile::tempdir().unwrap();
    let portal = Portal {
        database_url: database_url.clone(),
        mail: dir.path().join("mail"),
        port: free_port(),
    };
    let mut child = portal.start();
    let running = Arc::new(AtomicBool::new(true));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let (running, acknowledged, sent, port) = (
                running.clone(),
                acknowledged.clone(),
                sent.clone(),
                portal.port,
            );
            std::thread::spawn(move || {
                let mut i = 0;
                while running.load(Ordering::Relaxed) {
                    i += 1;
                    let message = format!("crash-{c}-{i}");
                    sent.fetch_add(1, Ordering::Relaxed);
                    let body = format!("kind=feedback&topic=housing&message={message}");
                    match post(port, "/feedback", &body) {
                        Some(answer)
                            if answer.starts_with("HTTP/1.1 303")
                                && answer.contains("location: /feedback/confirmation/") =>
                        {
                            acknowledged.lock().unwrap().push(message)
                        }
                        // Refused, reset or cut off by the kill: not acknowledged, may or may not be stored.
                        _ => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        })
        .collect();
    for k in 0..KILLS {
        std::thread::sleep(Duration::from_millis(700 + 150 * k as u64));
        kill(&mut child);
        child = portal.start();
    }
    std::thread::sleep(Duration::from_millis(700));
    running.store(false, Ordering::Relaxed);
    for c in clients {
        c.join().unwrap();
    }

    // Let the last process deliver everything queued, then stop it cleanly.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (stored, pending) = runtime.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let (stored, pending) = counts(&database_url).await;
            if pending == 0 || Instant::now() > deadline {
                return (stored, pending);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    assert_eq!(pending, 0, "every queued email was sent");

    let acknowledged = acknowledged.lock().unwrap().clone();
    let copies = runtime.block_on(copies_of(&database_url));
    let mut missing = Vec::new();
    let mut doubled = Vec::new();
    for m in &acknowledged {
        match copies.get(m).map(|(n, _)| *n) {
            Some(1) => {}
            None => missing.push(m.clone()),
            Some(_) => doubled.push(m.clone()),
        }
    }
    assert!(
        missing.is_empty(),
        "acknowledged but not stored: {missing:?}"
    );
    assert!(doubled.is_empty(), "stored more than once: {doubled:?}");
    assert!(
        copies.values().all(|(n, _)| *n == 1),
        "nothing is stored twice"
    );

    // Every email queued for a stored submission was delivered, and delivered once: one file
    // per queued message (the file name carries its Message-ID), and no file besides.
    let files: Vec<String> = std::fs::read_dir(&portal.mail)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files
            .iter()
            .all(|f| f.ends_with(".eml") && !f.starts_with('.')),
        "no half-written files: {files:?}"
    );
    let queued = runtime.block_on(queued_emails(&database_url));
    for (reference, message_id, status) in &queued {
        assert_eq!(
            status, "sent",
            "the email {message_id} for {reference} was sent"
        );
        let stem: String = message_id
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
        let copies = files.iter().filter(|f| f.contains(&stem)).count();
        assert_eq!(
            copies, 1,
            "the email {message_id} for {reference} is delivered exactly once"
        );
    }
    assert_eq!(
        files.len(),
        queued.len(),
        "no email besides the queued ones"
    );
    let acknowledged_references: HashSet<&String> =
        acknowledged.iter().map(|m| &copies[m].1).collect();
    let with_email: HashSet<&String> = queued.iter().map(|(r, _, _)| r).collect();
    assert!(
        acknowledged_references
            .iter()
            .all(|r| with_email.contains(r)),
        "every acknowledged submission has its notification"
    );
    println!(
        "crash test ({label}): {} sent, {} acknowledged, {} stored ({} acknowledged, each once), \
         {} emails delivered, {KILLS} SIGKILLs",
        sent.load(Ordering::Relaxed),
        acknowledged.len(),
        stored,
        acknowledged.len(),
        queued.len()
    );
}

/// A handle on the test's database, whichever backend it is.
async fn open(url: &str) -> app::db::Database {
    app::db::Database::connect(url, &app::db::PoolSettings::default())
        .await
        .unwrap()
}

async fn counts(url: &str) -> (i64, i64) {
    let db = open(url).await;
    let stored: i64 = app::on_db!(&db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM submissions WHERE message LIKE 'crash-%'").fetch_one(pool).await.unwrap());
    let pending: i64 = app::on_db!(&db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetch_one(pool).await.unwrap());
    db.close().await;
    (stored, pending)
}

/// (reference, Message-ID, status) of every email queued for a crash-test submission.
async fn queued_emails(url: &str) -> Vec<(String, String, String)> {
    let db = open(url).await;
    app::on_db!(&db, pool => sqlx::query_as(
        "SELECT s.reference, o.message_id, o.status FROM outbox o JOIN submissions s ON s.id = o.submission_id \
         WHERE s.message LIKE 'crash-%'").fetch_all(pool).await.unwrap())
}

/// message -> (how many rows, reference)
async fn copies_of(url: &str) -> HashMap<String, (i64, String)> {
    let db = open(url).await;
    let rows: Vec<(String, i64, String)> = app::on_db!(&db, pool => sqlx::query_as(
        "SELECT message, COUNT(*), MIN(reference) FROM submissions WHERE message LIKE 'crash-%' GROUP BY message")
        .fetch_all(pool).await.unwrap());
    rows.into_iter().map(|(m, n, r)| (m, (n, r))).collect()
}

#[test]
fn sqlite_keeps_every_acknowledged_submission_through_sigkills() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/portal.db", dir.path().display());
    crash_test(url, "SQLite");
}

#[test]
fn postgres_keeps_every_acknowledged_submission_through_sigkills() {
    let url = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(portal_tests::postgres::fresh_database());
    crash_test(url, "PostgreSQL");
}
