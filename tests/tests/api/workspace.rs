//! The staff workspace: owning items (assignment emails) and acting on many at once.

use app::staff::accounts::Role;
use chrono::TimeZone;
use portal_tests::{on_both_databases, spawn_app_with, Page, SmtpServer, TestApp, PASSWORD};

async fn with_smtp(app: TestApp, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    spawn_app_with(app.backend, move |s| s.smtp_url = Some(url.into())).await
}

async fn assigning_an_item_emails_the_assignee_its_reference_topic_due_date_and_link_only(
    app: TestApp,
) {
    let smtp = SmtpServer::start().await;
    let app = with_smtp(app, &smtp).await;
    let marker = "Qzassign words that stay in the portal";
    let reference = app
        .send_feedback(&[("message", marker), ("topic", "benefits")])
        .await;
    let colleague = app
        .create_staff("colleague@example.org", Role::Staff, PASSWORD)
        .await;
    let staff = app.staff().await;
    let me = app::staff::accounts::find_by_email(&app.db, "staff@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let csrf = staff.csrf_on("/staff").await;
    let assign = |to: i64| {
        let staff = &staff;
        let csrf = csrf.clone();
        let reference = reference.clone();
        async move {
            let response = staff
                .post_form(
                    &format!("/staff/submissions/{reference}/update"),
                    &[
                        ("csrf", csrf),
                        ("status", "in-review".into()),
                        ("priority", "normal".into()),
                        ("assignee", to.to_string()),
                    ],
                )
                .await;
            assert_eq!(response.status().as_u16(), 303);
        }
    };
    assign(colleague).await;
    // Saving again with the same assignee, and taking it yourself, tell nobody.
    assign(colleague).await;
    assign(me).await;
    app.dispatch_all_pending_emails().await;

    let to_colleague: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|e| e.recipients.contains(&"colleague@example.org".to_owned()))
        .collect();
    assert_eq!(to_colleague.len(), 1, "one assignment email");
    let email = &to_colleague[0];
    let (head, tail) = reference.split_at(5);
    let dashed = format!("{head}-{tail}");
    assert!(email.subject.contains(&dashed), "{}", email.subject);
    assert!(email.subject.contains("Benefits"), "{}", email.subject);
    assert!(email.text.contains("Reply due by"), "{}", email.text);
    assert!(
        email
            .text
            .contains(&format!("/staff/submissions/{reference}")),
        "a link to the item"
    );
    assert!(!email.text.contains("Qzassign") && !email.html.contains("Qzassign"));
    assert!(
        !smtp
            .received()
            .iter()
            .any(|e| e.recipients.contains(&"staff@example.org".to_owned())),
        "nobody is emailed about taking an item themselves"
    );
}

async fn an_urgent_item_says_why_at_the_top_with_the_phrase_highlighted(app: TestApp) {
    let urgent = app
        .send_feedback(&[("message", "Some days I just want to END IT ALL, honestly.")])
        .await;
    let ordinary = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let page = staff
        .get_page(&format!("/staff/submissions/{urgent}"))
        .await;
    assert!(
        page.text("#urgent-banner").contains("“end it all”"),
        "{}",
        page.text("#urgent-banner")
    );
    assert_eq!(page.text(".resident-text mark"), "END IT ALL");
    assert!(page.texts("h2").contains(&"Message".to_owned()));
    let page = staff
        .get_page(&format!("/staff/submissions/{ordinary}"))
        .await;
    assert!(!page.has("#urgent-banner"));
    assert!(!page.has(".resident-text mark"));
}

async fn status_of(app: &TestApp, reference: &str) -> String {
    let (status,): (String,) =
        app::db::query("SELECT status FROM submissions WHERE reference = $1")
            .bind(reference)
            .fetch_one(&app.db)
            .await
            .unwrap();
    status
}

async fn staff_mark_several_items_as_spam_at_once_with_an_audit_row_for_each(app: TestApp) {
    let first = app.send_feedback(&[]).await;
    let second = app.send_feedback(&[]).await;
    let kept = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let inbox = staff.get_page("/staff").await;
    let boxes = inbox.attrs(
        "table.inbox tbody input[type=checkbox][name=reference]",
        "value",
    );
    for reference in [&first, &second, &kept] {
        assert!(boxes.contains(reference), "a checkbox for {reference}");
    }
    let csrf = inbox.attr("form#bulk input[name=csrf]", "value").unwrap();
    let before = app.audit_actions().await.len();
    let response = staff
        .post_form(
            "/staff/bulk",
            &[
                ("csrf", csrf),
                ("reference", first.clone()),
                ("reference", second.clone()),
                ("action", "spam".into()),
            ],
        )
        .await;
    let done = staff.follow(response).await;
    assert_eq!(done.text("#bulk-done"), "2 items updated");
    assert_eq!(status_of(&app, &first).await, "spam");
    assert_eq!(status_of(&app, &second).await, "spam");
    assert_eq!(status_of(&app, &kept).await, "new");
    let rows: Vec<(String,)> = app::db::query(
        "SELECT reference FROM audit_log WHERE action = 'submission-updated' ORDER BY reference",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    assert_eq!(
        rows.into_iter().map(|(r,)| r).collect::<Vec<_>>(),
        expected,
        "one audit row per item"
    );
    assert!(app.audit_actions().await.len() > before);
}

/// The status links' counts, read from the inbox page.
async fn status_links(staff: &portal_tests::Browser) -> Vec<String> {
    let page = staff.get_page("/staff").await;
    ["new", "spam", "closed"]
        .iter()
        .map(|s| page.text(&format!("ul.status-counts a[href='/staff?status={s}']")))
        .collect()
}

async fn the_inbox_status_counts_follow_submissions_changes_and_duplicates(app: TestApp) {
    let first = app.send_feedback(&[]).await;
    let second = app.send_feedback(&[]).await;
    let third = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    assert_eq!(
        status_links(&staff).await,
        ["New (3)", "Spam (0)", "Closed (0)"]
    );
    let inbox = staff.get_page("/staff").await;
    let csrf = inbox.attr("form#bulk input[name=csrf]", "value").unwrap();
    let response = staff
        .post_form(
            "/staff/bulk",
            &[
                ("csrf", csrf),
                ("reference", first.clone()),
                ("action", "spam".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        status_links(&staff).await,
        ["New (2)", "Spam (1)", "Closed (0)"]
    );
    // A duplicate is counted as closed, and nowhere else.
    app::db::query(
        "UPDATE submissions SET status = 'closed', duplicate_of = $1 WHERE reference = $2",
    )
    .bind(&second)
    .bind(&third)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(
        status_links(&staff).await,
        ["New (1)", "Spam (1)", "Closed (1)"]
    );
    // The totals agree with the monthly roll-up they follow.
    let totals: Vec<(String, i64)> = app::db::query(
        "SELECT status, CAST(n AS BIGINT) FROM status_totals WHERE n <> 0 ORDER BY status",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let rolled: Vec<(String, i64)> = app::db::query(
        "SELECT status, CAST(SUM(n) AS BIGINT) FROM insight_counts WHERE grain = 'month' \
         GROUP BY status HAVING SUM(n) <> 0 ORDER BY status",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(totals, rolled);
    assert_eq!(totals.iter().map(|(_, n)| n).sum::<i64>(), 3);
}

async fn more_than_twenty_items_are_changed_only_after_a_confirmation_page(app: TestApp) {
    let mut references = Vec::new();
    for _ in 0..21 {
        references.push(app.send_feedback(&[]).await);
    }
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    let mut fields = vec![("csrf", csrf), ("action", "close".to_owned())];
    fields.extend(references.iter().map(|r| ("reference", r.clone())));
    let confirm = portal_tests::Page::from(staff.post_form("/staff/bulk", &fields).await).await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.text("main").contains("21 items"),
        "{}",
        confirm.text("main")
    );
    for reference in &references {
        assert_eq!(
            status_of(&app, reference).await,
            "new",
            "nothing changed yet"
        );
    }
    let hidden: Vec<(String, String)> = confirm
        .attrs("main form input[type=hidden]", "name")
        .into_iter()
        .zip(confirm.attrs("main form input[type=hidden]", "value"))
        .collect();
    let fields: Vec<(&str, String)> = hidden
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    let response = staff.post_form("/staff/bulk", &fields).await;
    assert_eq!(response.status().as_u16(), 303);
    for reference in &references {
        assert_eq!(status_of(&app, reference).await, "closed");
    }
}

async fn a_bulk_action_without_a_token_items_or_an_action_changes_nothing(app: TestApp) {
    let reference = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let forged = staff
        .post_form(
            "/staff/bulk",
            &[("reference", reference.clone()), ("action", "spam".into())],
        )
        .await;
    assert_eq!(forged.status().as_u16(), 403);
    let csrf = staff.csrf_on("/staff").await;
    for fields in [
        vec![("csrf", csrf.clone()), ("action", "spam".to_owned())],
        vec![("csrf", csrf.clone()), ("reference", reference.clone())],
        vec![
            ("csrf", csrf.clone()),
            ("reference", reference.clone()),
            ("action", "".to_owned()),
        ],
    ] {
        let page = portal_tests::Page::from(staff.post_form("/staff/bulk", &fields).await).await;
        assert_eq!(page.status, 422, "{fields:?}");
        assert!(page.has(".error-summary"));
    }
    let bad = staff
        .post_form(
            "/staff/bulk",
            &[
                ("csrf", csrf.clone()),
                ("reference", reference.clone()),
                ("action", "delete".into()),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    let commissioner = app.commissioner().await;
    let csrf = commissioner.csrf_on("/insights").await;
    let refused = commissioner
        .post_form(
            "/staff/bulk",
            &[
                ("csrf", csrf),
                ("reference", reference.clone()),
                ("action", "spam".into()),
            ],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(status_of(&app, &reference).await, "new");
}

async fn several_items_are_assigned_at_once(app: TestApp) {
    let first = app.send_feedback(&[]).await;
    let second = app.send_feedback(&[]).await;
    let colleague = app
        .create_staff("colleague@example.org", Role::Staff, PASSWORD)
        .await;
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    let response = staff
        .post_form(
            "/staff/bulk",
            &[
                ("csrf", csrf),
                ("reference", first.clone()),
                ("reference", second.clone()),
                ("action", format!("assign:{colleague}")),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let assigned: Vec<(Option<i64>,)> =
        app::db::query("SELECT assignee_id FROM submissions ORDER BY id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(assigned, [(Some(colleague),), (Some(colleague),)]);
    let emails: (i64,) = app::db::query("SELECT COUNT(*) FROM outbox WHERE kind = 'assignment'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(emails.0, 2, "the assignee is told about each item");
}

async fn staff_read_times_on_a_london_clock_not_utc(app: TestApp) {
    let reference = app.send_feedback(&[]).await;
    let admin = app.admin().await;
    let item = admin
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    let audit = admin.get_page("/admin/audit").await;
    // The words shown, not the markup: a random CSRF token or nonce may hold "UTC".
    for page in [&item, &audit] {
        let shown = page.texts("body").join(" ");
        assert!(
            !shown
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == "UTC"),
            "no UTC times"
        );
    }
    let zone = if chrono_tz::Europe::London
        .offset_from_utc_datetime(&chrono::Utc::now().naive_utc())
        .to_string()
        == "BST"
    {
        "BST"
    } else {
        "GMT"
    };
    let times = audit.texts("tbody tr td:first-child");
    assert!(!times.is_empty());
    assert!(
        times.iter().all(|t| t.ends_with(zone)),
        "{times:?} in {zone}"
    );
}

async fn count_unseen_reminders(app: &TestApp) -> Vec<(String, String)> {
    app::db::query(
        "SELECT s.reference, o.recipient FROM outbox o JOIN submissions s ON s.id = o.submission_id \
         WHERE o.kind = 'urgent-unseen' ORDER BY o.id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
}

async fn an_urgent_item_nobody_has_seen_in_time_reminds_the_safeguarding_contact_once(
    app: TestApp,
) {
    let app = spawn_app_with(app.backend, |s| {
        s.urgent_ack_minutes = 1;
        s.safeguarding_email = Some("safeguarding@example.org".parse().unwrap());
    })
    .await;
    let unseen = app
        .send_feedback(&[("message", "Some nights I want to end it all.")])
        .await;
    let seen = app
        .send_feedback(&[("message", "I can't go on like this.")])
        .await;
    // A second server with its own outbox worker, as behind a load balancer.
    let other = app.another_process().await;
    let staff = app.staff().await;
    let path = format!("/staff/submissions/{seen}");
    let csrf = staff.csrf_on(&path).await;
    let response = staff
        .post_form(&format!("{path}/seen"), &[("csrf", csrf)])
        .await;
    let page = staff.follow(response).await;
    assert!(page.text("#urgent-seen").starts_with("Seen by staff at "));
    assert!(!page.has("#urgent-seen-button"));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        count_unseen_reminders(&app).await.is_empty(),
        "not before the time is up"
    );

    // Two minutes pass for both.
    app::db::query("UPDATE submissions SET created_at = $1")
        .bind(chrono::Utc::now() - chrono::Duration::minutes(2))
        .execute(&app.db)
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while count_unseen_reminders(&app).await.is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the reminder is queued"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Many more rounds of both workers: still one.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        count_unseen_reminders(&app).await,
        [(unseen.clone(), "safeguarding@example.org".to_owned())],
        "one reminder, for the item nobody saw, to the safeguarding contact"
    );
    let page = staff
        .get_page(&format!("/staff/submissions/{unseen}"))
        .await;
    assert!(page
        .text("#urgent-banner")
        .contains("the safeguarding contact was reminded"));
    assert!(
        page.has("#urgent-seen-button"),
        "it can still be marked as seen"
    );
    let actions = app.audit_actions().await;
    assert_eq!(
        actions.iter().filter(|a| *a == "urgent-escalated").count(),
        1
    );
    assert_eq!(actions.iter().filter(|a| *a == "urgent-seen").count(), 1);

    // Urgent items from long before (already there when this arrived) are not emailed about.
    let old = app
        .send_feedback(&[("message", "Years ago I wanted to end it all.")])
        .await;
    app::db::query("UPDATE submissions SET created_at = $1 WHERE reference = $2")
        .bind(chrono::Utc::now() - chrono::Duration::days(30))
        .bind(old.as_str())
        .execute(&app.db)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    assert_eq!(
        count_unseen_reminders(&app).await.len(),
        1,
        "no reminder for an old item"
    );
    drop(other);
}

async fn only_urgent_items_can_be_marked_as_seen(app: TestApp) {
    let ordinary = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let path = format!("/staff/submissions/{ordinary}");
    let csrf = staff.csrf_on(&path).await;
    let response = staff
        .post_form(&format!("{path}/seen"), &[("csrf", csrf)])
        .await;
    assert_eq!(response.status().as_u16(), 400);
    let forged = staff.post_form(&format!("{path}/seen"), &[]).await;
    assert_eq!(forged.status().as_u16(), 403);
}

async fn status_priority_assignee_and_a_note_are_saved_together(app: TestApp) {
    let reference = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let path = format!("/staff/submissions/{reference}");
    let page = staff.get_page(&path).await;
    assert!(
        page.has("form[action$='/update'] textarea[name=note]"),
        "the note is in the same form as status, priority and assignee"
    );
    let csrf = page
        .attr("form[action$='/update'] input[name=csrf]", "value")
        .unwrap();
    let response = staff
        .post_form(
            &format!("{path}/update"),
            &[
                ("csrf", csrf.clone()),
                ("status", "in-progress".into()),
                ("priority", "high".into()),
                ("assignee", "".into()),
                ("note", "Qznote: rang the resident back".into()),
            ],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        format!("{path}?saved=1#saved").as_str(),
        "back to the top, to the Saved notice"
    );
    let page = staff.follow(response).await;
    assert_eq!(page.attr("#saved", "tabindex").as_deref(), Some("-1"));
    assert!(page.has("#status option[value=in-progress][selected]"));
    assert!(page.has("#priority option[value=high][selected]"));
    assert!(page
        .text(".notes")
        .contains("Qznote: rang the resident back"));
    let actions = app.audit_actions().await;
    assert!(actions.contains(&"submission-updated".to_owned()));
    assert!(actions.contains(&"note-added".to_owned()));
    // A bad status changes nothing, the note included.
    let bad = staff
        .post_form(
            &format!("{path}/update"),
            &[
                ("csrf", csrf),
                ("status", "lost".into()),
                ("priority", "high".into()),
                ("assignee", "".into()),
                ("note", "Qzlost note".into()),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 400);
    assert!(!staff.get_page(&path).await.body.contains("Qzlost"));
}

async fn the_daily_digest_goes_once_with_two_servers_to_each_assignee_and_the_triage_inbox(
    app: TestApp,
) {
    let smtp = SmtpServer::start().await;
    let mut app = with_smtp(app, &smtp).await;
    let colleague = app
        .create_staff("colleague@example.org", Role::Staff, PASSWORD)
        .await;
    let theirs_overdue = app.send_feedback(&[("topic", "housing")]).await;
    let theirs_not_due = app.send_feedback(&[("topic", "benefits")]).await;
    let nobodys_overdue = app.send_feedback(&[("topic", "caring")]).await;
    let closed_overdue = app.send_feedback(&[("topic", "employment")]).await;
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    for (reference, status, assignee) in [
        (&theirs_overdue, "in-review", colleague.to_string()),
        (&theirs_not_due, "in-review", colleague.to_string()),
        (&closed_overdue, "closed", colleague.to_string()),
    ] {
        let response = staff
            .post_form(
                &format!("/staff/submissions/{reference}/update"),
                &[
                    ("csrf", csrf.clone()),
                    ("status", status.into()),
                    ("priority", "normal".into()),
                    ("assignee", assignee),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303);
    }
    // Three of them arrived a month ago.
    for reference in [&theirs_overdue, &nobodys_overdue, &closed_overdue] {
        app::db::query("UPDATE submissions SET created_at = $1 WHERE reference = $2")
            .bind(chrono::Utc::now() - chrono::Duration::days(30))
            .bind(reference.as_str())
            .execute(&app.db)
            .await
            .unwrap();
    }
    app.dispatch_all_pending_emails().await;
    let digests = |smtp: &SmtpServer| {
        smtp.received()
            .into_iter()
            .filter(|e| e.subject.contains("due today or overdue"))
            .collect::<Vec<_>>()
    };
    assert!(digests(&smtp).is_empty(), "off: no digest");

    // Two servers with the digest on, its time passed (midnight, London). On PostgreSQL
    // they start together and race for the day; an SQLite portal is one server (a starting
    // worker takes back every claimed email), so there the second starts after the first
    // has sent it.
    app.settings.digest_time = "00:00".parse().unwrap();
    let one = app.another_process().await;
    let mut two = match app.backend {
        portal_tests::Backend::Postgres => Some(app.another_process().await),
        portal_tests::Backend::Sqlite => None,
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while digests(&smtp).len() < 2 {
        assert!(std::time::Instant::now() < deadline, "two digests arrive");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    if two.is_none() {
        two = Some(app.another_process().await);
    }
    // Many more rounds of both workers: still two.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let got = digests(&smtp);
    assert_eq!(got.len(), 2, "one digest each, once");
    let to = |who: &str| {
        got.iter()
            .find(|e| e.recipients == [who.to_owned()])
            .unwrap_or_else(|| panic!("a digest to {who}"))
    };
    let dashed = |r: &str| format!("{}-{}", &r[..5], &r[5..]);
    let theirs = to("colleague@example.org");
    assert!(
        theirs.text.contains(&dashed(&theirs_overdue)),
        "{}",
        theirs.text
    );
    assert!(theirs.text.contains("Overdue"));
    assert!(theirs
        .text
        .contains(&format!("/staff/submissions/{theirs_overdue}")));
    assert!(
        !theirs.text.contains(&dashed(&theirs_not_due)),
        "not due yet"
    );
    assert!(!theirs.text.contains(&dashed(&closed_overdue)), "closed");
    assert!(
        !theirs.text.contains(&dashed(&nobodys_overdue)),
        "not theirs"
    );
    assert!(
        theirs.subject.contains("overdue: 1 (1 overdue)"),
        "{}",
        theirs.subject
    );
    let triage = to("triage@example.org");
    assert!(triage.text.contains(&dashed(&nobodys_overdue)));
    assert!(!triage.text.contains(&dashed(&theirs_overdue)));
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "digest-sent").count(), 1);
    drop((one, two));
}

async fn id_of(app: &TestApp, sql: &str, key: &str) -> i64 {
    let (id,): (i64,) = app::db::query(sql)
        .bind(key)
        .fetch_one(&app.db)
        .await
        .unwrap();
    id
}

async fn my_practices_shows_the_practices_and_networks_an_admin_linked_to_the_account(
    app: TestApp,
) {
    let at_one = app.send_feedback(&[("practice", "SAMPLE01")]).await;
    let at_three = app.send_feedback(&[("practice", "SAMPLE03")]).await;
    let at_four = app.send_feedback(&[("practice", "SAMPLE04")]).await;
    let at_five = app.send_feedback(&[("practice", "SAMPLE05")]).await;
    let staff = app.staff().await;
    let me = id_of(
        &app,
        "SELECT id FROM staff WHERE email = $1",
        "staff@example.org",
    )
    .await;
    let practice = id_of(&app, "SELECT id FROM practices WHERE code = $1", "SAMPLE01").await;
    let south = id_of(
        &app,
        "SELECT id FROM networks WHERE name = $1",
        "Sample Network South",
    )
    .await;
    let shown = |page: &Page| {
        [&at_one, &at_three, &at_four, &at_five]
            .into_iter()
            .filter(|r| page.body.contains(&format!("/staff/submissions/{r}")))
            .cloned()
            .collect::<Vec<_>>()
    };
    let page = staff.get_page("/staff?practice=mine").await;
    assert_eq!(page.status, 200);
    assert!(shown(&page).is_empty(), "nothing linked yet");
    assert!(page.has("a#view-my-practices[href='/staff?practice=mine']"));

    let admin = app.admin().await;
    let path = format!("/admin/accounts/{me}/practices");
    let page = admin.get_page("/admin/accounts").await;
    assert!(page.has(&format!("a[href='{path}']")));
    let csrf = admin.csrf_on(&path).await;
    // An id that names no network changes nothing.
    let response = admin
        .post_form(
            &path,
            &[
                ("csrf", csrf.clone()),
                ("network", "99999".into()),
                ("practice", practice.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(shown(&staff.get_page("/staff?practice=mine").await).is_empty());
    // Staff cannot change it.
    let staff_csrf = staff.csrf_on("/staff").await;
    let response = staff
        .post_form(
            &path,
            &[("csrf", staff_csrf), ("practice", practice.to_string())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 403);

    let response = admin
        .post_form(
            &path,
            &[
                ("csrf", csrf.clone()),
                ("network", south.to_string()),
                ("practice", practice.to_string()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = admin.follow(response).await;
    assert!(page.has(&format!("#network-{south}[checked]")));
    assert!(page.has(&format!("#practice-{practice}[checked]")));
    let page = staff.get_page("/staff?practice=mine").await;
    assert_eq!(
        shown(&page),
        [at_one.clone(), at_three.clone(), at_four.clone()]
    );
    // Another member of staff has their own (none).
    let other = app
        .browser_as("other@example.org", Role::Staff, PASSWORD)
        .await;
    assert!(shown(&other.get_page("/staff?practice=mine").await).is_empty());
    // Unticking everything unlinks.
    let response = admin.post_form(&path, &[("csrf", csrf)]).await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(shown(&staff.get_page("/staff?practice=mine").await).is_empty());
    let actions = app.audit_actions().await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "staff-practices-changed")
            .count(),
        2
    );
}

async fn notifications(app: &TestApp, reference: &str) -> Vec<String> {
    app::db::query(
        "SELECT o.recipient FROM outbox o JOIN submissions s ON s.id = o.submission_id \
         WHERE o.kind = 'staff-notification' AND s.reference = $1 ORDER BY o.recipient",
    )
    .bind(reference)
    .fetch_all::<(String,)>(&app.db)
    .await
    .unwrap()
    .into_iter()
    .map(|(r,)| r)
    .collect()
}

async fn a_routing_rule_can_name_a_staff_account_and_follows_it(app: TestApp) {
    let colleague = app
        .create_staff("carer-lead@example.org", Role::Staff, PASSWORD)
        .await;
    let admin = app.admin().await;
    let csrf = admin.csrf_on("/admin/routing").await;
    let add = |staff: String, recipient: &str| {
        let admin = &admin;
        let fields = vec![
            ("csrf", csrf.clone()),
            ("practice", String::new()),
            ("topic", "caring".to_owned()),
            ("recipient", recipient.to_owned()),
            ("staff", staff),
            ("description", "Carers lead".to_owned()),
        ];
        async move { admin.post_form("/admin/routing", &fields).await }
    };
    // Sent before the rule exists: the rules in force are read, and kept for a while.
    let before = app.send_feedback(&[("topic", "caring")]).await;
    assert!(!notifications(&app, &before)
        .await
        .contains(&"carer-lead@example.org".to_owned()));
    // Both an address and an account: which one? Refused, nothing added.
    let page = Page::from(add(colleague.to_string(), "someone@example.org").await).await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary").contains("not both"));
    let response = add(colleague.to_string(), "").await;
    assert_eq!(response.status().as_u16(), 303);
    let page = admin.follow(response).await;
    assert!(page.body.contains("carer-lead@example.org"));

    // The rule applies from the next submission, not once the kept rules expire.
    let caring = app.send_feedback(&[("topic", "caring")]).await;
    assert!(notifications(&app, &caring)
        .await
        .contains(&"carer-lead@example.org".to_owned()));
    let housing = app.send_feedback(&[("topic", "housing")]).await;
    assert!(!notifications(&app, &housing)
        .await
        .contains(&"carer-lead@example.org".to_owned()));
    // The account switched off: the rule stops emailing it.
    let toggle = admin.csrf_on("/admin/accounts").await;
    let response = admin
        .post_form(
            &format!("/admin/accounts/{colleague}/active"),
            &[("csrf", toggle), ("active", "false".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let later = app.send_feedback(&[("topic", "caring")]).await;
    let told = notifications(&app, &later).await;
    assert!(told.contains(&"triage@example.org".to_owned()));
    assert!(
        !told.contains(&"carer-lead@example.org".to_owned()),
        "{told:?}"
    );
    // Switched on again, then the rule itself switched off: each shows on the next one.
    let toggle = admin.csrf_on("/admin/accounts").await;
    admin
        .post_form(
            &format!("/admin/accounts/{colleague}/active"),
            &[("csrf", toggle), ("active", "true".into())],
        )
        .await;
    let again = app.send_feedback(&[("topic", "caring")]).await;
    assert!(notifications(&app, &again)
        .await
        .contains(&"carer-lead@example.org".to_owned()));
    let (rule,): (i64,) = app::db::query("SELECT id FROM routing_rules WHERE staff_id = $1")
        .bind(colleague)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let toggle = admin.csrf_on("/admin/routing").await;
    let response = admin
        .post_form(
            &format!("/admin/routing/{rule}/active"),
            &[("csrf", toggle), ("active", "false".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let off = app.send_feedback(&[("topic", "caring")]).await;
    let told = notifications(&app, &off).await;
    assert!(told.contains(&"triage@example.org".to_owned()));
    assert!(
        !told.contains(&"carer-lead@example.org".to_owned()),
        "{told:?}"
    );
}

async fn staff_edit_and_withdraw_a_reply_and_the_resident_sees_only_the_current_text(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    let reference = confirmation.text("#reference").replace('-', "");
    let tracking = portal_tests::tracking_path(&confirmation);
    let other = app.send_feedback(&[]).await;
    let staff = app.staff().await;
    let path = format!("/staff/submissions/{reference}");
    let csrf = staff.csrf_on(&path).await;
    let response = staff
        .post_form(
            &format!("{path}/reply"),
            &[
                ("csrf", csrf.clone()),
                ("body", "First wording Qzfirst".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = staff.get_page(&path).await;
    let edit = page
        .attr(".reply form[action$='/edit']", "action")
        .expect("an edit form for the reply");
    let withdraw = edit.replace("/edit", "/withdraw");
    assert!(app.get_page(&tracking).await.body.contains("Qzfirst"));

    // An empty text is explained and changes nothing.
    let page = Page::from(
        staff
            .post_form(&edit, &[("csrf", csrf.clone()), ("body", "   ".into())])
            .await,
    )
    .await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary").contains("Enter the reply"));
    // A reply of another item is not found through this one.
    let elsewhere = edit.replace(&reference, &other);
    let response = staff
        .post_form(
            &elsewhere,
            &[("csrf", csrf.clone()), ("body", "Hijack".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 404);

    let response = staff
        .post_form(
            &edit,
            &[
                ("csrf", csrf.clone()),
                ("body", "Better wording Qzsecond".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let tracked = app.get_page(&tracking).await;
    assert!(tracked.body.contains("Qzsecond") && !tracked.body.contains("Qzfirst"));
    let page = staff.get_page(&path).await;
    assert!(page.text(".reply .resident-text").contains("Qzsecond"));
    assert!(
        page.text(".reply details").contains("Qzfirst"),
        "the earlier text, for staff"
    );

    let response = staff.post_form(&withdraw, &[("csrf", csrf.clone())]).await;
    assert_eq!(response.status().as_u16(), 303);
    let tracked = app.get_page(&tracking).await;
    assert!(!tracked.body.contains("Qzsecond") && !tracked.body.contains("Qzfirst"));
    let page = staff.get_page(&path).await;
    assert!(page.text(".reply__withdrawn").contains("Withdrawn"));
    assert!(
        !page.has(".reply form[action$='/edit']"),
        "a withdrawn reply is not edited"
    );
    let response = staff.post_form(&withdraw, &[("csrf", csrf.clone())]).await;
    assert_eq!(response.status().as_u16(), 404, "once");

    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "reply-edited").count(), 1);
    assert_eq!(
        actions.iter().filter(|a| *a == "reply-withdrawn").count(),
        1
    );
    let details: Vec<(String,)> = app::db::query("SELECT detail FROM audit_log")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert!(
        !details.iter().any(|(d,)| d.contains("Qz")),
        "no reply text in the audit log"
    );

    // The resident erases it: every version goes.
    let delete_page = app.get_page(&format!("{tracking}/delete")).await;
    let csrf_field = delete_page.attr("form input[name=csrf]", "value");
    let fields: Vec<(&str, String)> = csrf_field.map(|v| vec![("csrf", v)]).unwrap_or_default();
    let deleted = app.post_form(&format!("{tracking}/delete"), &fields).await;
    assert_eq!(deleted.status().as_u16(), 303);
    let (left,): (i64,) = app::db::query("SELECT COUNT(*) FROM public_reply_versions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

async fn admins_keep_reply_templates_in_both_languages_and_staff_start_a_reply_from_one(
    app: TestApp,
) {
    let admin = app.admin().await;
    let csrf = admin.csrf_on("/admin/templates").await;
    let page = Page::from(
        admin
            .post_form(
                "/admin/templates",
                &[
                    ("csrf", csrf.clone()),
                    ("title", "".into()),
                    ("body_en", " ".into()),
                    ("body_bn", "".into()),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(page.status, 422);
    assert!(page.text(".error-summary").contains("Enter a name"));
    assert!(page
        .text(".error-summary")
        .contains("Enter the English text"));
    let response = admin
        .post_form(
            "/admin/templates",
            &[
                ("csrf", csrf.clone()),
                ("title", "Thanks, passed on".into()),
                (
                    "body_en",
                    "Thank you. We have passed this to the practice.".into(),
                ),
                ("body_bn", "ধন্যবাদ। আমরা এটি প্র্যাকটিসে পাঠিয়েছি।".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = admin.follow(response).await;
    assert!(page.body.contains("Thanks, passed on"));
    let staff = app.staff().await;
    let staff_csrf = staff.csrf_on("/staff").await;
    let response = staff
        .post_form(
            "/admin/templates",
            &[
                ("csrf", staff_csrf),
                ("title", "Mine".into()),
                ("body_en", "Mine".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 403, "admins only");

    let reference = app.send_feedback(&[]).await;
    let path = format!("/staff/submissions/{reference}");
    let page = staff.get_page(&path).await;
    let options = page.attrs("#template option", "value");
    assert_eq!(options.len(), 2, "{options:?}");
    let bn = options.iter().find(|o| o.ends_with(":bn")).unwrap();
    let page = staff.get_page(&format!("{path}?template={bn}")).await;
    assert_eq!(page.text("#reply-body"), "ধন্যবাদ। আমরা এটি প্র্যাকটিসে পাঠিয়েছি।");
    let en = options.iter().find(|o| o.ends_with(":en")).unwrap();
    let page = staff.get_page(&format!("{path}?template={en}")).await;
    assert_eq!(
        page.text("#reply-body"),
        "Thank you. We have passed this to the practice."
    );
    let page = staff.get_page(&format!("{path}?template=nonsense")).await;
    assert_eq!(
        (page.status, page.text("#reply-body")),
        (200, String::new())
    );

    // Switched off: no longer offered.
    let id = en.trim_end_matches(":en");
    let response = admin
        .post_form(
            &format!("/admin/templates/{id}/active"),
            &[("csrf", csrf), ("active", "false".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert!(!staff.get_page(&path).await.has("#template"));
    let actions = app.audit_actions().await;
    assert!(actions.contains(&"reply-template-added".to_owned()));
    assert!(actions.contains(&"reply-template-changed".to_owned()));
}

on_both_databases!(
    staff_edit_and_withdraw_a_reply_and_the_resident_sees_only_the_current_text,
    admins_keep_reply_templates_in_both_languages_and_staff_start_a_reply_from_one,
    my_practices_shows_the_practices_and_networks_an_admin_linked_to_the_account,
    a_routing_rule_can_name_a_staff_account_and_follows_it,
    the_daily_digest_goes_once_with_two_servers_to_each_assignee_and_the_triage_inbox,
    status_priority_assignee_and_a_note_are_saved_together,
    an_urgent_item_nobody_has_seen_in_time_reminds_the_safeguarding_contact_once,
    only_urgent_items_can_be_marked_as_seen,
    staff_read_times_on_a_london_clock_not_utc,
    staff_mark_several_items_as_spam_at_once_with_an_audit_row_for_each,
    the_inbox_status_counts_follow_submissions_changes_and_duplicates,
    more_than_twenty_items_are_changed_only_after_a_confirmation_page,
    a_bulk_action_without_a_token_items_or_an_action_changes_nothing,
    several_items_are_assigned_at_once,
    an_urgent_item_says_why_at_the_top_with_the_phrase_highlighted,
    assigning_an_item_emails_the_assignee_its_reference_topic_due_date_and_link_only,
);
