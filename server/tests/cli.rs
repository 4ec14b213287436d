//! The `portal` binary itself: its help, and a clean stop on SIGTERM.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

const PORTAL: &str = env!("CARGO_BIN_EXE_portal");

#[test]
fn help_documents_every_setting() {
    let out = Command::new(PORTAL).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for var in [
        "PORTAL_BIND",
        "PORTAL_DATABASE_URL",
        "PORTAL_DATABASE_MAX_CONNECTIONS",
        "PORTAL_DATABASE_TIMEOUT_SECS",
        "PORTAL_BASE_URL",
        "PORTAL_MAX_BODY_BYTES",
        "PORTAL_REPLY_TARGET_DAYS",
        "PORTAL_FORM_MIN_SECONDS",
        "PORTAL_METRICS_BIND",
        "PORTAL_OUTBOX_LEASE_SECS",
        "PORTAL_RETENTION_CONTACT_DAYS",
        "PORTAL_RETENTION_MESSAGE_MONTHS",
        "PORTAL_HEADER_TIMEOUT_SECS",
        "PORTAL_REQUEST_TIMEOUT_SECS",
        "PORTAL_SMTP_URL",
        "PORTAL_MAIL_DIR",
        "PORTAL_ISLANDS_DIR",
        "PORTAL_MAIL_FROM",
        "PORTAL_TRIAGE_EMAIL",
        "PORTAL_SAFEGUARDING_EMAIL",
        "PORTAL_MAIL_INCLUDE_MESSAGE",
        "PORTAL_OUTBOX_MAX_ATTEMPTS",
        "PORTAL_OUTBOX_RETRY_BASE_MS",
        "PORTAL_OUTBOX_POLL_MS",
        "PORTAL_OUTBOX_WORKER",
        "PORTAL_RATE_LIMITS",
        "PORTAL_TRUSTED_PROXY_HEADER",
        "PORTAL_LIMIT_SUBMISSIONS_PER_HOUR",
        "PORTAL_LIMIT_SIGN_INS_PER_15_MINUTES",
        "PORTAL_LIMIT_PASSWORD_RESETS_PER_HOUR",
        "PORTAL_LIMIT_TRACKING_PER_MINUTE",
        "PORTAL_REQUIRE_TWO_FACTOR",
        "PORTAL_SECRET_KEY",
        "PORTAL_LOG_FORMAT",
        "PORTAL_LOG",
    ] {
        assert!(help.contains(var), "--help does not mention {var}");
    }
    assert!(help.contains("serve") && help.contains("outbox"));
}

#[test]
fn sigterm_stops_the_portal_cleanly_and_nothing_acknowledged_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (child, address) = start(dir.path());
    let body = "kind=feedback&topic=benefits&message=Hello+from+the+SIGTERM+test";
    let response = http_post(&address, "/feedback", body);
    assert!(response.starts_with("HTTP/1.1 303"), "{response}");
    stop(child);
    assert!(
        dir.path().join("data/portal.db").exists(),
        "the default database is data/portal.db"
    );

    // Whether the worker wrote the staff notification before stopping or not, after the next
    // start it is in data/mail, once.
    let (child, _) = start(dir.path());
    let mail_dir = dir.path().join("data/mail");
    let deadline = Instant::now() + Duration::from_secs(10);
    // Finished messages only: one is written under a hidden temporary name, then renamed.
    let count = || {
        std::fs::read_dir(&mail_dir)
            .map(|d| {
                d.filter(|f| {
                    f.as_ref()
                        .is_ok_and(|f| f.path().extension().is_some_and(|x| x == "eml"))
                })
                .count()
            })
            .unwrap_or(0)
    };
    while count() == 0 {
        assert!(
            Instant::now() < deadline,
            "no staff notification in data/mail"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    stop(child);
    assert_eq!(
        count(),
        1,
        "one notification (the triage inbox), written once"
    );
}

#[test]
fn a_backup_taken_while_serving_holds_every_acknowledged_submission() {
    let dir = tempfile::tempdir().unwrap();
    let (child, address) = start(dir.path());
    for i in 0..5 {
        let body = format!("kind=idea&topic=volunteering&message=Backup+test+{i}");
        assert!(http_post(&address, "/feedback", &body).starts_with("HTTP/1.1 303"));
    }
    let backup = dir.path().join("backup.db");
    let out = Command::new(PORTAL)
        .current_dir(dir.path())
        .env_remove("PORTAL_DATABASE_URL")
        .args(["backup", "--to", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The portal kept serving during the copy.
    assert!(http_post(
        &address,
        "/feedback",
        "kind=idea&topic=volunteering&message=After"
    )
    .starts_with("HTTP/1.1 303"));
    stop(child);
    let count = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", backup.display()))
            .await
            .unwrap();
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM submissions WHERE message LIKE 'Backup test %'",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        n
    });
    assert_eq!(count, 5, "the backup opens and holds the five");
    // A second backup to the same file is refused rather than overwriting it.
    let again = Command::new(PORTAL)
        .current_dir(dir.path())
        .env_remove("PORTAL_DATABASE_URL")
        .args(["backup", "--to", backup.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!again.status.success());
}

/// Starts the binary in `dir` with its defaults (SQLite in data/, mail to data/mail) on a free port.
fn start(dir: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(PORTAL)
        .current_dir(dir)
        .env("PORTAL_BIND", "127.0.0.1:0")
        .env("PORTAL_LOG_FORMAT", "json")
        .env_remove("PORTAL_DATABASE_URL")
        .env_remove("PORTAL_SMTP_URL")
        .env_remove("PORTAL_MAIL_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("the portal logs its address").unwrap();
        if let Some(at) = line.find("\"address\":\"") {
            let rest = &line[at + 11..];
            break rest[..rest.find('"').unwrap()].to_owned();
        }
    };
    // Keep reading so the portal never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, address)
}

/// SIGTERM, then a clean exit within a few seconds.
fn stop(mut child: std::process::Child) {
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the portal did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status}");
}

/// A minimal HTTP/1.1 POST, so this test needs no HTTP client crate.
fn http_post(address: &str, path: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}
