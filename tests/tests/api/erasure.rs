//! Erasure leaves nothing behind. A submission gets a distinctive word in every free-text
//! field (its message, the resident's name, email and phone, staff notes, public replies, an
//! approved quote, themes, a safeguarding reason, an inbox search for its words), with
//! emails about it sent, waiting and failed; then it is erased, by the resident from the
//! tracking page or by an admin by reference. Afterwards every column of every row of every
//! table in the database is read back, and none may hold any of those words. Counts stay.

use app::db::Database;
use app::staff::accounts::Role;
use portal_tests::{form_with, on_both_databases, TestApp, PASSWORD};

/// Each field's distinctive word (lower case; the scan ignores case).
const MESSAGE: &str = "qzmessage";
const NAME: &str = "qzname";
const EMAIL: &str = "qzemail";
/// What is left of the phone number once it is stored in E.164 form.
const PHONE: &str = "7700900471";
const NOTE: &str = "qznote";
const REPLY: &str = "qzreply";
const QUOTE: &str = "qzquote";
const THEME_ONE: &str = "qzthemeone";
const THEME_TWO: &str = "qzthemetwo";
const REASON: &str = "qzreason";

struct Fixture {
    app: TestApp,
    reference: String,
    /// `/track/{token}`.
    tracking: String,
    /// Every word that must be gone after erasure, with what it is.
    words: Vec<(&'static str, String)>,
}

/// The submission, everything staff add to it, and its emails in every state.
async fn a_submission_with_text_everywhere(app: TestApp) -> Fixture {
    // No worker: the test moves each email to the state it needs, through the outbox's own
    // functions, as the worker would.
    let mut app = app;
    app.settings.outbox_worker = false;
    let app = app.restart().await;
    let confirmation = app
        .follow(
            app.submit_feedback(&form_with(&[
                (
                    "message",
                    "Qzmessage: the damp in my flat is getting into my chest.",
                ),
                ("name", "Ayesha Qzname"),
                ("email", "Qzemail.Ayesha@example.net"),
                ("phone", "07700 900471"),
                ("contact_consent", "yes"),
                ("publish_consent", "yes"),
            ]))
            .await,
        )
        .await;
    let reference = confirmation.text("#reference").replace('-', "");
    let tracking = portal_tests::tracking_path(&confirmation);
    let token = tracking.trim_start_matches("/track/").to_owned();
    // Someone else's submission, which erasure must leave alone.
    app.submit_feedback(&form_with(&[(
        "message",
        "Another resident's message about the lifts.",
    )]))
    .await;

    let staff = app.staff().await;
    let search = staff.get_page("/staff?q=Qzmessage").await;
    assert!(
        search.body.contains(&reference[..4]),
        "staff find it by words of its message"
    );
    assert_eq!(
        staff
            .get_page(&format!("/staff/submissions/{reference}"))
            .await
            .status,
        200
    );
    let csrf = staff.csrf_on("/staff").await;
    for (action, fields) in [
        (
            "notes",
            vec![(
                "body",
                "Qznote: rang back, the neighbour at flat 9 is worried too.",
            )],
        ),
        (
            "reply",
            vec![("body", "Qzreply: we have asked the housing team to visit.")],
        ),
        (
            "reply",
            vec![("body", "Qzreply again: the visit is booked for Tuesday.")],
        ),
        (
            "quote",
            vec![
                ("body", "Qzquote: the damp team came quickly."),
                ("action", "approve"),
            ],
        ),
        ("themes", vec![("themes", "Qzthemeone, qzthemetwo damp")]),
        (
            "safeguarding",
            vec![("reason", "Qzreason: bruising seen at the home visit.")],
        ),
    ] {
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf.clone())];
        form.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
        let response = staff
            .post_form(&format!("/staff/submissions/{reference}/{action}"), &form)
            .await;
        assert_eq!(response.status().as_u16(), 303, "{action}");
    }
    assert_eq!(
        staff
            .get(&format!("/staff/submissions/{reference}/export.json"))
            .await
            .status()
            .as_u16(),
        200
    );
    // The staff notifications and the first reply went out (a sent email keeps its recipient);
    // the second reply was refused, with a reason naming the address; the confirmation, with
    // the tracking link, is still waiting.
    let emails: Vec<(i64, String)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT id, kind FROM outbox ORDER BY id").fetch_all(pool).await.unwrap());
    let now = chrono::Utc::now();
    let replies: Vec<i64> = emails
        .iter()
        .filter(|(_, k)| k == "reply-to-resident")
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(replies.len(), 2, "{emails:?}");
    app::notify::outbox::mark_sent(&app.db, &[&app.message_id_of(replies[0]).await], now)
        .await
        .unwrap();
    app::notify::outbox::mark_attempt_failed(
        &app.db,
        &app.message_id_of(replies[1]).await,
        "550 5.1.1 <qzemail.ayesha@example.net>: mailbox unavailable",
        None,
    )
    .await
    .unwrap();
    for (id, _) in emails.iter().filter(|(_, k)| k == "staff-notification") {
        app::notify::outbox::mark_sent(&app.db, &[&app.message_id_of(*id).await], now)
            .await
            .unwrap();
    }
    let (pending, sent, failed) = app.outbox_counts().await;
    assert!(
        pending > 0 && sent > 0 && failed > 0,
        "emails in every state: {pending} {sent} {failed}"
    );

    let words = vec![
        ("message", MESSAGE.to_owned()),
        ("name", NAME.to_owned()),
        ("email", EMAIL.to_owned()),
        ("phone", PHONE.to_owned()),
        ("note", NOTE.to_owned()),
        ("reply", REPLY.to_owned()),
        ("quote", QUOTE.to_owned()),
        ("theme", THEME_ONE.to_owned()),
        ("theme", THEME_TWO.to_owned()),
        ("safeguarding reason", REASON.to_owned()),
        ("tracking link", token),
    ];
    let before = scan(&app.db, &words).await;
    for (what, word) in &words {
        assert!(
            before.iter().any(|hit| hit.contains(&format!("[{what}]"))),
            "the scan finds the {what} ({word}) before erasure: {before:#?}"
        );
    }
    Fixture {
        app,
        reference,
        tracking,
        words,
    }
}

/// Every place a word occurs: each column of each row of each table, compared without case,
/// and the outbox's packed bodies unpacked.
/// SQLite's tables come from `sqlite_master` (shadow tables of any full-text index included),
/// PostgreSQL's from `information_schema`.
async fn scan(db: &Database, words: &[(&'static str, String)]) -> Vec<String> {
    let mut cells: Vec<(String, String, String)> = Vec::new();
    match db {
        Database::Sqlite(pool, _) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .unwrap();
            assert!(tables.len() > 10, "{tables:?}");
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                for column in columns {
                    let sql = format!("SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\"");
                    let values: Vec<Option<Vec<u8>>> =
                        sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap();
                    cells.extend(values.into_iter().flatten().map(|v| {
                        (
                            table.clone(),
                            column.clone(),
                            String::from_utf8_lossy(&v).into_owned(),
                        )
                    }));
                }
            }
        }
        Database::Postgres(pool) => {
            let columns: Vec<(String, String)> = sqlx::query_as(
                "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
                 JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY 1, 2")
                .fetch_all(pool).await.unwrap();
            assert!(columns.len() > 50, "{columns:?}");
            for (table, column) in columns {
                let sql = format!("SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\"");
                let values: Vec<Option<String>> =
                    sqlx::query_scalar(&sql).fetch_all(pool).await.unwrap();
                cells.extend(
                    values
                        .into_iter()
                        .flatten()
                        .map(|v| (table.clone(), column.clone(), v)),
                );
            }
        }
    }
    // Outbox bodies are stored compressed: read through, or the scan would miss them.
    let packed: Vec<Vec<u8>> = app::on_db!(db, pool => sqlx::query_scalar("SELECT body FROM outbox WHERE body IS NOT NULL").fetch_all(pool).await.unwrap());
    cells.extend(packed.iter().map(|p| {
        let (text, html) = app::notify::outbox::unpack(p).expect("an outbox body unpacks");
        (
            "outbox".into(),
            "body (unpacked)".into(),
            format!("{text}\n{html}"),
        )
    }));
    let mut hits = Vec::new();
    for (table, column, value) in cells {
        let lower = value.to_lowercase();
        for (what, word) in words {
            if lower.contains(&word.to_lowercase()) {
                hits.push(format!(
                    "[{what}] {table}.{column}: {}",
                    value.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    hits
}

/// (all counts, all first-reply counts) in the monthly roll-ups.
async fn rolled_up(app: &TestApp) -> (i64, i64) {
    app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM insight_counts WHERE grain = 'month'), \
                (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM insight_replies)")
        .fetch_one(pool).await.unwrap())
}

/// What must hold after either way of erasing.
async fn nothing_is_left(fixture: &Fixture, counts_before: (i64, i64)) {
    let Fixture {
        app,
        reference,
        tracking,
        words,
    } = fixture;
    let left = scan(&app.db, words).await;
    assert!(
        left.is_empty(),
        "text of the erased submission is still stored:\n{}",
        left.join("\n")
    );
    assert_eq!(
        app.get_page(tracking).await.status,
        404,
        "the tracking link opens nothing"
    );
    let admin = app
        .browser_as("auditor@example.org", Role::Admin, PASSWORD)
        .await;
    assert_eq!(
        admin
            .get(&format!("/staff/submissions/{reference}"))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        rolled_up(app).await,
        counts_before,
        "an erased submission stays counted"
    );
    assert_eq!(
        app.count_submissions().await,
        1,
        "the other submission stays"
    );
    let erased: Vec<(Option<String>, String)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT reference, detail FROM audit_log WHERE action = 'submission-erased'").fetch_all(pool).await.unwrap());
    assert_eq!(erased.len(), 1, "{erased:?}");
    assert_eq!(
        erased[0].0.as_deref(),
        Some(reference.as_str()),
        "the audit log keeps which one and when"
    );
    let actions: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE reference = $1 ORDER BY id").bind(reference).fetch_all(pool).await.unwrap());
    for action in [
        "submission-viewed",
        "note-added",
        "reply-published",
        "themes-set",
        "safeguarding-flagged",
        "quote-approved",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "who did what stays: {action} in {actions:?}"
        );
    }
}

async fn a_resident_deleting_their_message_leaves_no_text_of_it_in_any_table(app: TestApp) {
    let fixture = a_submission_with_text_everywhere(app).await;
    let counts = rolled_up(&fixture.app).await;
    let app = &fixture.app;
    let confirm = app.get_page(&format!("{}/delete", fixture.tracking)).await;
    assert_eq!(confirm.status, 200);
    let fields: Vec<(&str, String)> = confirm
        .attr("form input[name=csrf]", "value")
        .map(|v| vec![("csrf", v)])
        .unwrap_or_default();
    let deleted = app
        .post_form(&confirm.attr("form", "action").unwrap(), &fields)
        .await;
    assert_eq!(deleted.status().as_u16(), 303);
    assert_eq!(deleted.headers()["location"], "/deleted");
    nothing_is_left(&fixture, counts).await;
}

async fn an_admin_erasure_leaves_no_text_of_it_in_any_table(app: TestApp) {
    let fixture = a_submission_with_text_everywhere(app).await;
    let counts = rolled_up(&fixture.app).await;
    let admin = fixture.app.admin().await;
    let csrf = admin.csrf_on("/admin/erase").await;
    let erased = admin
        .post_form(
            "/admin/erase",
            &[
                ("csrf", csrf),
                ("reference", fixture.reference.clone()),
                ("confirm", "yes".into()),
            ],
        )
        .await;
    assert_eq!(erased.status().as_u16(), 303);
    nothing_is_left(&fixture, counts).await;
}

on_both_databases!(
    a_resident_deleting_their_message_leaves_no_text_of_it_in_any_table,
    an_admin_erasure_leaves_no_text_of_it_in_any_table,
);
