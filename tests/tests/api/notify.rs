//! Emails: delivered through a real SMTP server process, routed by the rules, free of
//! personal data by default, and never lost or doubled through outages and restarts.

use portal_tests::{
    form_with, on_both_databases, spawn_app_with, Backend, Page, SmtpServer, TestApp,
};
use std::{collections::HashMap, time::Duration};

const WAIT: Duration = Duration::from_secs(20);

async fn app_with_smtp(backend: Backend, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url.into());
        s.safeguarding_email = Some("safeguarding@example.org".parse().unwrap());
    })
    .await
}

async fn reference_of(app: &TestApp, response: reqwest::Response) -> (String, Page) {
    let page = app.follow(response).await;
    (page.text("#reference"), page)
}

fn by_recipient(
    emails: &[portal_tests::ReceivedEmail],
) -> HashMap<String, Vec<portal_tests::ReceivedEmail>> {
    let mut map: HashMap<String, Vec<_>> = HashMap::new();
    for e in emails {
        for r in &e.recipients {
            map.entry(r.clone()).or_default().push(e.clone());
        }
    }
    map
}

async fn staff_are_told_by_routing_with_a_link_and_no_personal_data(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp).await;
    let marker = "Unique words only the portal should hold 7f3a";
    let form = form_with(&[
        ("practice", "SAMPLE03"),
        ("topic", "housing"),
        ("message", marker),
        ("name", "Sample Resident"),
        ("email", "resident@example.net"),
        ("phone", "07700 900982"),
        ("contact_consent", "yes"),
    ]);
    let (reference, _) = reference_of(&app, app.submit_feedback(&form).await).await;

    let emails = smtp.wait_for(4, WAIT).await;
    let to = by_recipient(&emails);
    let mut recipients: Vec<&String> = to.keys().collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "housing-lead@example.org",
            "resident@example.net",
            "social-prescriber.sample03@example.org",
            "triage@example.org"
        ]
    );
    assert_eq!(emails.len(), 4, "one email per recipient, no repeats");

    let link = format!(
        "{}/staff/submissions/{}",
        app.address,
        reference.replace('-', "")
    );
    for staff in [
        "triage@example.org",
        "social-prescriber.sample03@example.org",
        "housing-lead@example.org",
    ] {
        let e = &to[staff][0];
        assert!(
            e.subject.contains(&reference)
                && e.subject.contains("feedback")
                && e.subject.contains("Housing"),
            "{}",
            e.subject
        );
        assert!(e.raw.contains("multipart/alternative"));
        assert!(
            e.text.contains(&link),
            "text part links to the item: {}",
            e.text
        );
        assert!(e.html.contains(&link), "HTML part links to the item");
        assert!(
            e.text.contains("Riverside Medical Practice (sample)")
                && e.text.contains("Wants to be contacted: Yes")
        );
        for secret in [
            marker,
            "Sample Resident",
            "resident@example.net",
            // The number in every form it could take; not a bare "7700", which a random
            // Message-ID or MIME boundary holds now and then.
            "07700 900982",
            "7700900982",
            "7700 900982",
            "900982",
        ] {
            assert!(!e.raw.contains(secret), "{staff} email holds {secret:?}");
        }
        assert!(e.message_id.ends_with("@haveyoursay.invalid>"));
    }
    let mut ids: Vec<&str> = emails.iter().map(|e| e.message_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), emails.len(), "each email has its own Message-ID");

    let resident = &to["resident@example.net"][0];
    assert!(resident.subject.contains(&reference));
    let confirmation_link = resident
        .text
        .lines()
        .find(|l| l.contains("/track/"))
        .expect("a tracking link")
        .trim()
        .to_owned();
    let tracking = app
        .get_page(url::Url::parse(&confirmation_link).unwrap().path())
        .await;
    assert_eq!(
        tracking.status, 200,
        "the emailed link opens the tracking page"
    );
    assert!(resident.html.contains(&confirmation_link));
    assert!(
        !resident.raw.contains(marker),
        "not even the resident's own message is emailed"
    );

    app.wait_for_outbox_to_drain(WAIT).await;
    let bodies: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE text_body <> '' OR html_body <> '' OR body IS NOT NULL").fetch_one(pool).await.unwrap());
    assert_eq!(
        bodies, 0,
        "bodies (with tracking links) are cleared once sent"
    );
}

async fn a_resident_gets_a_confirmation_only_when_they_gave_an_email_and_consent(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp).await;
    app.submit_feedback(&form_with(&[("practice", ""), ("topic", "benefits")]))
        .await;
    app.submit_feedback(&form_with(&[
        ("practice", ""),
        ("topic", "benefits"),
        ("phone", "07700 900982"),
        ("contact_consent", "yes"),
    ]))
    .await;
    let refused = app
        .submit_feedback(&form_with(&[
            ("practice", ""),
            ("topic", "benefits"),
            ("email", "someone@example.net"),
        ]))
        .await;
    assert_eq!(
        refused.status().as_u16(),
        422,
        "an email without consent is refused, so nothing is sent"
    );
    let emails = smtp.wait_for(2, WAIT).await;
    assert_eq!(
        emails.len(),
        2,
        "{:?}",
        emails.iter().map(|e| &e.recipients).collect::<Vec<_>>()
    );
    assert!(emails
        .iter()
        .all(|e| e.recipients == ["triage@example.org"]));
}

async fn a_resident_writing_in_bengali_is_answered_in_bengali(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp).await;
    let switch = app.get("/language/bn?next=/feedback").await;
    assert_eq!(switch.status().as_u16(), 303);
    let form = form_with(&[
        ("practice", ""),
        ("topic", "loneliness"),
        ("email", "resident@example.net"),
        ("contact_consent", "yes"),
    ]);
    let (reference, page) = reference_of(&app, app.submit_feedback(&form).await).await;
    assert_eq!(page.attr("html", "lang").as_deref(), Some("bn"));
    let language: String = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT language FROM submissions").fetch_one(pool).await.unwrap());
    assert_eq!(language, "bn");
    let emails = smtp.wait_for(2, WAIT).await;
    let resident = emails
        .iter()
        .find(|e| e.recipients == ["resident@example.net"])
        .expect("a confirmation");
    assert!(
        resident.subject.contains("রেফারেন্স")
            || resident
                .subject
                .chars()
                .any(|c| ('\u{0980}'..='\u{09FF}').contains(&c)),
        "{}",
        resident.subject
    );
    assert!(resident.subject.contains(&reference));
    assert!(resident.html.contains("lang=\"bn\""));
    let staff = emails
        .iter()
        .find(|e| e.recipients == ["triage@example.org"])
        .expect("a staff notification");
    assert!(
        staff.subject.starts_with("New feedback"),
        "staff read English: {}",
        staff.subject
    );
}

async fn the_message_text_is_emailed_to_staff_only_when_the_setting_allows(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url.into());
        s.mail_include_message = true;
    })
    .await;
    app.submit_feedback(&form_with(&[
        ("practice", ""),
        ("topic", "caring"),
        ("message", "Respite for carers > 2 weeks & more"),
    ]))
    .await;
    let emails = smtp.wait_for(1, WAIT).await;
    assert!(
        emails[0]
            .text
            .contains("Respite for carers > 2 weeks & more"),
        "{}",
        emails[0].text
    );
    assert!(
        emails[0]
            .html
            .contains("Respite for carers &gt; 2 weeks &amp; more"),
        "escaped in HTML"
    );
}

async fn an_urgent_message_is_escalated_and_the_resident_shown_help_first(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(backend, &smtp).await;
    for message in ["Some nights I want to end my life.", "আমি আর বাঁচতে চাই না"]
    {
        let response = app
            .submit_feedback(&form_with(&[
                ("practice", ""),
                ("topic", "mental-wellbeing"),
                ("message", message),
            ]))
            .await;
        let (reference, page) = reference_of(&app, response).await;
        let first = page
            .body
            .find("urgent-help--prominent")
            .expect("a prominent help box");
        assert!(
            first < page.body.find("id=\"reference\"").unwrap(),
            "help comes before the reference"
        );
        let deadline = tokio::time::Instant::now() + WAIT;
        let escalation = loop {
            let found = smtp.received().into_iter().find(|e| {
                e.recipients == ["safeguarding@example.org"] && e.subject.contains(&reference)
            });
            if let Some(e) = found {
                break e;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no escalation for {reference}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(
            escalation.subject.starts_with("URGENT"),
            "{}",
            escalation.subject
        );
        assert!(!escalation.raw.contains(message));
        let priority: String = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT priority FROM submissions WHERE reference = $1")
            .bind(reference.replace('-', "")).fetch_one(pool).await.unwrap());
        assert_eq!(priority, "urgent");
    }
    let calm = app
        .follow(
            app.submit_feedback(&form_with(&[(
                "message",
                "I'm dying to try the walking group, killing time till then",
            )]))
            .await,
        )
        .await;
    assert!(!calm.body.contains("urgent-help--prominent"));
    let priority: String = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT priority FROM submissions ORDER BY id DESC LIMIT 1").fetch_one(pool).await.unwrap());
    assert_eq!(priority, "normal");
}

async fn an_smtp_outage_and_a_restart_lose_nothing_and_send_each_message_once(app: TestApp) {
    let backend = app.backend;
    let mut smtp = SmtpServer::start().await;
    smtp.stop();
    let app = app_with_smtp(backend, &smtp).await;
    let started = std::time::Instant::now();
    for _ in 0..3 {
        let response = app
            .submit_feedback(&form_with(&[
                ("practice", "SAMPLE01"),
                ("topic", "benefits"),
            ]))
            .await;
        assert_eq!(
            response.status().as_u16(),
            303,
            "submissions succeed while mail is down"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "and at once: {:?}",
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (pending, sent, failed) = app.outbox_counts().await;
    assert_eq!(
        (pending, sent, failed),
        (6, 0, 0),
        "two emails each, waiting"
    );
    let attempts: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT CAST(MAX(attempts) AS BIGINT) FROM outbox").fetch_one(pool).await.unwrap());
    assert!(attempts >= 1, "delivery was tried");

    let app = app.restart().await;
    assert_eq!(
        app.outbox_counts().await.0,
        6,
        "the restart keeps every message"
    );
    smtp.resume().await;
    let emails = smtp.wait_for(6, WAIT).await;
    app.wait_for_outbox_to_drain(WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let emails = if smtp.received().len() > emails.len() {
        smtp.received()
    } else {
        emails
    };
    let mut ids: Vec<&str> = emails.iter().map(|e| e.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(emails.len(), 6, "each message exactly once");
    assert_eq!(ids.len(), 6);
    assert_eq!(app.outbox_counts().await, (0, 6, 0));
}

async fn a_refused_recipient_ends_as_failed_with_the_reason_and_can_be_retried(app: TestApp) {
    let backend = app.backend;
    let smtp = SmtpServer::start().await;
    let url = smtp.url();
    let app = spawn_app_with(backend, move |s| {
        s.smtp_url = Some(url.into());
        s.triage_email = "reject-triage@example.org".parse().unwrap();
    })
    .await;
    app.submit_feedback(&form_with(&[
        ("practice", "SAMPLE02"),
        ("topic", "benefits"),
    ]))
    .await;
    let emails = smtp.wait_for(1, WAIT).await;
    assert_eq!(emails.len(), 1);
    assert_eq!(
        emails[0].recipients,
        ["social-prescriber.sample02@example.org"],
        "other recipients still get theirs"
    );
    app.wait_for_outbox_to_drain(WAIT).await;
    let (attempts, error): (i32, Option<String>) = app::on_db!(&app.db, pool =>
        sqlx::query_as("SELECT attempts, last_error FROM outbox WHERE status = 'failed' AND recipient = 'reject-triage@example.org'").fetch_one(pool).await.unwrap());
    assert_eq!(
        attempts, 3,
        "permanent failures are retried a bounded number of times"
    );
    assert!(
        error.as_deref().unwrap_or_default().contains("550"),
        "{error:?}"
    );
    assert!(
        !error.as_deref().unwrap_or_default().contains('@'),
        "the relay's answer is stored without addresses: {error:?}"
    );
    assert!(
        error.as_deref().unwrap_or_default().contains("<[address]>"),
        "{error:?}"
    );

    let listed = app::notify::outbox::unsent(&app.db).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].status, "failed");
    let requeued =
        app::notify::outbox::retry_failed(&app.db, Some(listed[0].id), chrono::Utc::now())
            .await
            .unwrap();
    assert_eq!(requeued, 1);
    let (pending, _, failed) = app.outbox_counts().await;
    assert_eq!(pending + failed, 1);
}

async fn with_no_smtp_server_emails_are_written_as_files(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    let reference = confirmation.text("#reference");
    app.dispatch_all_pending_emails().await;
    let files: Vec<String> = app.mail_written();
    assert_eq!(
        files.len(),
        3,
        "the triage inbox, the practice's social prescriber and the housing lead"
    );
    assert!(files
        .iter()
        .all(|f| f.contains(&reference.replace('-', "")) && f.contains("multipart/alternative")));
}

async fn smtp_credentials_are_decoded_once_and_a_wrong_password_delivers_nothing(app: TestApp) {
    let backend = app.backend;
    // A relay account whose user is an address with a `+` and whose password holds `+`,
    // `%`, `@`, `:` and a space. In the URL, as a person writes it: `%`, `@`, `:` and the
    // space percent-encoded, `+` as it is (a URL may carry it in its user part), and a
    // `%25` in the password that a second decoding would turn into `%`.
    const USER: &str = "portal+mail@example.org";
    const PASSWORD: &str = "Tower+Hamlets 100%25@relay:587";
    const USER_IN_URL: &str = "portal+mail%40example.org";
    const PASSWORD_IN_URL: &str = "Tower+Hamlets%20100%2525%40relay%3A587";
    for mechanism in ["PLAIN", "LOGIN"] {
        let smtp = SmtpServer::start_with_auth(USER, PASSWORD, mechanism).await;
        let url = format!(
            "smtp://{USER_IN_URL}:{PASSWORD_IN_URL}@127.0.0.1:{}",
            smtp.port
        );
        let app = spawn_app_with(backend, move |s| s.smtp_url = Some(url.into())).await;
        app.submit_feedback(&form_with(&[("practice", ""), ("topic", "caring")]))
            .await;
        let emails = smtp.wait_for(1, WAIT).await;
        assert_eq!(emails[0].recipients, ["triage@example.org"], "{mechanism}");
        assert_eq!(
            emails[0].login.as_deref(),
            Some(USER),
            "{mechanism}: delivered after logging in"
        );
        assert!(
            smtp.auth_failures().is_empty(),
            "{mechanism}: {:?}",
            smtp.auth_failures()
        );
        app.wait_for_outbox_to_drain(WAIT).await;
        assert_eq!(app.outbox_counts().await, (0, 1, 0), "{mechanism}");
    }

    // The password the double decoding produced (`+` read as a space, `%25` as `%`) is a
    // wrong password: the relay refuses it and nothing is delivered.
    let smtp = SmtpServer::start_with_auth(USER, PASSWORD, "PLAIN,LOGIN").await;
    let url = format!(
        "smtp://{USER_IN_URL}:Tower%20Hamlets%20100%25%40relay%3A587@127.0.0.1:{}",
        smtp.port
    );
    let app = spawn_app_with(backend, move |s| s.smtp_url = Some(url.into())).await;
    app.submit_feedback(&form_with(&[("practice", ""), ("topic", "caring")]))
        .await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while smtp.auth_failures().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the portal never tried to log in"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        smtp.auth_failures().iter().all(|f| f.ends_with(USER)),
        "{:?}",
        smtp.auth_failures()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        smtp.received().is_empty(),
        "nothing is delivered without logging in"
    );
    let (_, sent, _) = app.outbox_counts().await;
    assert_eq!(sent, 0, "and nothing is marked sent");
}

/// An erasure deletes a submission's emails even while a worker is sending them, and SQLite
/// then gives their row ids to the next rows written. The worker's outcome must land on the
/// messages it sent, not on whichever rows hold those ids now.
async fn emails_erased_while_being_sent_leave_the_next_ones_waiting(app: TestApp) {
    let mut app = app;
    app.settings.outbox_worker = false;
    let app = app.restart().await;
    let erased = app.follow(app.submit_feedback(&form_with(&[])).await).await;
    let now = chrono::Utc::now();
    let claimed =
        app::notify::outbox::claim_due(&app.db, now, now + chrono::Duration::seconds(60), 100)
            .await
            .unwrap();
    assert!(claimed.len() >= 2, "staff are told: {}", claimed.len());
    let tracking = portal_tests::tracking_path(&erased);
    assert_eq!(
        app.post_form(&format!("{tracking}/delete"), &[])
            .await
            .status()
            .as_u16(),
        303
    );
    app.submit_feedback(&form_with(&[])).await;
    let waiting: Vec<i64> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM outbox ORDER BY id").fetch_all(pool).await.unwrap());
    assert!(!waiting.is_empty());
    if app.backend == Backend::Sqlite {
        assert!(
            claimed.iter().any(|c| waiting.contains(&c.id)),
            "the ids are given again: {waiting:?}"
        );
    }

    // The worker finishes: the first was delivered, the others refused for good.
    let (first, rest) = claimed.split_first().unwrap();
    app::notify::outbox::mark_sent(&app.db, &[&first.email.message_id], chrono::Utc::now())
        .await
        .unwrap();
    for other in rest {
        app::notify::outbox::mark_attempt_failed(
            &app.db,
            &other.email.message_id,
            "550 refused",
            None,
        )
        .await
        .unwrap();
    }
    assert_eq!(
        app.outbox_counts().await,
        (waiting.len() as i64, 0, 0),
        "the new submission's emails are all still waiting"
    );
}

/// A stored body that cannot be read back is never sent as an empty email, nor claimed
/// over and over: it is failed with a reason an administrator sees, and the others go.
async fn an_outbox_body_that_cannot_be_read_is_failed_not_sent_empty(app: TestApp) {
    let mut app = app;
    app.settings.outbox_worker = false;
    let app = app.restart().await;
    app.submit_feedback(&form_with(&[])).await;
    let ids: Vec<i64> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM outbox ORDER BY id").fetch_all(pool).await.unwrap());
    assert!(ids.len() >= 2, "staff are told: {ids:?}");
    // Packed on SQLite; on PostgreSQL in the columns a server of the version before reads.
    let (packed, plain): (i64, i64) = app::on_db!(&app.db, pool => sqlx::query_as("SELECT \
        CAST(COUNT(*) FILTER (WHERE body IS NOT NULL AND text_body = '' AND html_body = '') AS BIGINT), \
        CAST(COUNT(*) FILTER (WHERE body IS NULL AND text_body <> '' AND html_body <> '') AS BIGINT) FROM outbox").fetch_one(pool).await.unwrap());
    let expected = match app.backend {
        Backend::Sqlite => (ids.len() as i64, 0),
        Backend::Postgres => (0, ids.len() as i64),
    };
    assert_eq!((packed, plain), expected);
    app::on_db!(&app.db, pool => sqlx::query("UPDATE outbox SET body = $1 WHERE id = $2").bind(b"not what pack wrote".to_vec()).bind(ids[0]).execute(pool).await.unwrap().rows_affected());

    let now = chrono::Utc::now();
    let claimed =
        app::notify::outbox::claim_due(&app.db, now, now + chrono::Duration::seconds(60), 100)
            .await
            .unwrap();
    let claimed_ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
    assert_eq!(claimed_ids, ids[1..], "the readable ones are claimed");
    assert!(claimed
        .iter()
        .all(|c| c.email.text.contains("Have your say") && c.email.html.contains("<html")));
    let (status, error): (String, Option<String>) = app::on_db!(&app.db, pool => sqlx::query_as("SELECT status, last_error FROM outbox WHERE id = $1").bind(ids[0]).fetch_one(pool).await.unwrap());
    assert_eq!(status, "failed");
    assert!(
        error
            .as_deref()
            .unwrap_or_default()
            .contains("could not be read"),
        "{error:?}"
    );
}

on_both_databases!(
    staff_are_told_by_routing_with_a_link_and_no_personal_data,
    a_resident_gets_a_confirmation_only_when_they_gave_an_email_and_consent,
    a_resident_writing_in_bengali_is_answered_in_bengali,
    the_message_text_is_emailed_to_staff_only_when_the_setting_allows,
    an_urgent_message_is_escalated_and_the_resident_shown_help_first,
    an_smtp_outage_and_a_restart_lose_nothing_and_send_each_message_once,
    a_refused_recipient_ends_as_failed_with_the_reason_and_can_be_retried,
    with_no_smtp_server_emails_are_written_as_files,
    smtp_credentials_are_decoded_once_and_a_wrong_password_delivers_nothing,
    emails_erased_while_being_sent_leave_the_next_ones_waiting,
    an_outbox_body_that_cannot_be_read_is_failed_not_sent_empty,
);

/// Two portal processes on one PostgreSQL, both running the worker, send each message once.
#[tokio::test]
async fn two_workers_on_one_postgres_deliver_each_message_once() {
    let smtp = SmtpServer::start().await;
    let first = app_with_smtp(Backend::Postgres, &smtp).await;
    let second = first.another_process().await;
    for i in 0..20 {
        let app = if i % 2 == 0 { &first } else { &second };
        let response = app
            .submit_feedback(&form_with(&[("practice", ""), ("topic", "employment")]))
            .await;
        assert_eq!(response.status().as_u16(), 303);
    }
    let emails = smtp.wait_for(20, WAIT).await;
    first.wait_for_outbox_to_drain(WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let emails = if smtp.received().len() > emails.len() {
        smtp.received()
    } else {
        emails
    };
    let mut ids: Vec<&str> = emails.iter().map(|e| e.message_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(emails.len(), 20, "twenty messages, no duplicates");
    assert_eq!(ids.len(), 20);
}
