//! Residents' rights and retention: erasure by reference, the subject-access export, and the
//! retention job removing contact details and then texts on schedule, logged in the audit log.

use chrono::{Duration, Utc};
use portal_tests::{on_both_databases, Page, TestApp};

async fn an_admin_erases_a_submission_by_its_reference_after_confirming(app: TestApp) {
    let reference = app
        .send_feedback(&[
            ("email", "erase.me@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    let admin = app.admin().await;
    let staff = app.staff().await;
    assert_eq!(staff.get("/admin/erase").await.status().as_u16(), 403);
    let csrf = admin.csrf_on("/admin/erase").await;

    let wrong = Page::from(
        admin
            .post_form(
                "/admin/erase",
                &[
                    ("csrf", csrf.clone()),
                    ("reference", "not a reference".into()),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong
        .text(".error-summary")
        .contains("10 letters and numbers"));

    let dashed = format!(
        "{}-{}-{}",
        &reference[..4],
        &reference[4..8],
        &reference[8..]
    );
    let confirm = Page::from(
        admin
            .post_form(
                "/admin/erase",
                &[("csrf", csrf.clone()), ("reference", dashed.to_lowercase())],
            )
            .await,
    )
    .await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm.text("main").contains(&reference),
        "the confirmation names it"
    );
    assert!(
        !confirm.body.contains("erase.me@example.net"),
        "and shows no personal data"
    );
    assert_eq!(
        app.count_submissions().await,
        1,
        "nothing is erased before confirming"
    );

    let erased = admin
        .post_form(
            "/admin/erase",
            &[
                ("csrf", csrf.clone()),
                ("reference", reference.clone()),
                ("confirm", "yes".into()),
            ],
        )
        .await;
    assert_eq!(erased.status().as_u16(), 303);
    assert_eq!(app.count_submissions().await, 0);
    assert_eq!(
        admin
            .get(&format!("/staff/submissions/{reference}"))
            .await
            .status()
            .as_u16(),
        404
    );
    let pending: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND recipient = 'erase.me@example.net'").fetch_one(pool).await.unwrap());
    assert_eq!(pending, 0, "no email goes out about an erased submission");
    assert!(app
        .audit_actions()
        .await
        .contains(&"submission-erased".to_owned()));
    let again = Page::from(
        admin
            .post_form("/admin/erase", &[("csrf", csrf), ("reference", reference)])
            .await,
    )
    .await;
    assert!(again
        .text(".error-summary")
        .contains("no submission with that reference"));
}

async fn staff_export_everything_held_about_one_submission_for_a_subject_access_request(
    app: TestApp,
) {
    let reference = app
        .send_feedback(&[
            ("name", "Sample Resident"),
            ("email", "sar@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    assert_eq!(
        staff
            .get_page(&format!("/staff/submissions/{reference}"))
            .await
            .status,
        200
    );
    staff
        .post_form(
            &format!("/staff/submissions/{reference}/notes"),
            &[("csrf", csrf), ("body", "Called back on Tuesday".into())],
        )
        .await;
    let response = staff
        .get(&format!("/staff/submissions/{reference}/export.json"))
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&reference));
    let json: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(json["reference"], reference.as_str());
    assert_eq!(json["email"], "sar@example.net");
    assert_eq!(json["name"], "Sample Resident");
    assert_eq!(json["staff_notes"][0]["text"], "Called back on Tuesday");
    assert!(json["access_log"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "submission-viewed"));
    assert!(app
        .audit_actions()
        .await
        .contains(&"subject-access-export".to_owned()));
    let commissioner = app.commissioner().await;
    assert_eq!(
        commissioner
            .get(&format!("/staff/submissions/{reference}/export.json"))
            .await
            .status()
            .as_u16(),
        403
    );
}

async fn retention_removes_contact_details_then_texts_on_schedule_and_logs_it(app: TestApp) {
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff").await;
    let mut references = Vec::new();
    for _ in 0..3 {
        let reference = app
            .send_feedback(&[
                ("name", "Sample Resident"),
                ("email", "keep.or.not@example.net"),
                ("contact_consent", "yes"),
            ])
            .await;
        staff
            .post_form(
                &format!("/staff/submissions/{reference}/notes"),
                &[("csrf", csrf.clone()), ("body", "A private note".into())],
            )
            .await;
        let closed = staff
            .post_form(
                &format!("/staff/submissions/{reference}/update"),
                &[
                    ("csrf", csrf.clone()),
                    ("status", "closed".into()),
                    ("priority", "normal".into()),
                    ("assignee", "".into()),
                ],
            )
            .await;
        assert_eq!(closed.status().as_u16(), 303);
        references.push(reference);
    }
    // Closed 10 days ago, 100 days ago, and three years ago.
    for (reference, days) in references.iter().zip([10, 100, 3 * 365]) {
        app::on_db!(&app.db, pool => sqlx::query("UPDATE submissions SET closed_at = $2 WHERE reference = $1")
            .bind(reference).bind(Utc::now() - Duration::days(days)).execute(pool).await.unwrap().rows_affected());
    }
    let policy = app::privacy::retention::Retention {
        contact_days: 90,
        message_months: 24,
    };
    let outcome = app::privacy::retention::run(&app.db, policy, Utc::now())
        .await
        .unwrap();
    assert_eq!((outcome.contacts_removed, outcome.anonymised), (2, 1));

    let recent = staff
        .get_page(&format!("/staff/submissions/{}", references[0]))
        .await;
    assert!(
        recent.body.contains("keep.or.not@example.net") && recent.body.contains("A private note"),
        "10 days: all kept"
    );
    let older = staff
        .get_page(&format!("/staff/submissions/{}", references[1]))
        .await;
    assert!(
        !older.body.contains("keep.or.not@example.net") && !older.body.contains("Sample Resident"),
        "100 days: contact details gone"
    );
    assert!(
        older.body.contains("A private note"),
        "100 days: the texts stay"
    );
    let oldest = staff
        .get_page(&format!("/staff/submissions/{}", references[2]))
        .await;
    assert!(
        !oldest.body.contains("A private note")
            && !oldest.body.contains("The link worker helped me"),
        "3 years: texts gone"
    );
    assert!(oldest.body.contains(app::privacy::retention::REMOVED));

    let again = app::privacy::retention::run(&app.db, policy, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        again,
        Default::default(),
        "a second run finds nothing to do"
    );
    let runs: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'retention-run'").fetch_all(pool).await.unwrap());
    assert_eq!(
        runs.len(),
        1,
        "each run that changed something is logged once: {runs:?}"
    );
    assert!(runs[0].contains("contact details removed from 2"));
    assert_eq!(
        app.count_submissions().await,
        3,
        "counts stay for the insights"
    );

    // Reopening stops the clock.
    staff
        .post_form(
            &format!("/staff/submissions/{}/update", references[0]),
            &[
                ("csrf", csrf),
                ("status", "in-review".into()),
                ("priority", "normal".into()),
                ("assignee", "".into()),
            ],
        )
        .await;
    let closed_at: Option<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT CAST(closed_at AS TEXT) FROM submissions WHERE reference = $1").bind(&references[0]).fetch_one(pool).await.unwrap());
    assert_eq!(closed_at, None);
}

async fn retention_purges_failed_emails_and_every_email_about_items_past_retention(app: TestApp) {
    let open = app
        .send_feedback(&[
            ("email", "failed.long.ago@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    let closed = app
        .send_feedback(&[
            ("email", "closed.long.ago@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    app.dispatch_all_pending_emails().await;
    let id_of = |reference: String| {
        let db = app.db.clone();
        async move {
            app::on_db!(&db, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM submissions WHERE reference = $1").bind(reference).fetch_one(pool).await.unwrap())
        }
    };
    let (open, closed) = (id_of(open).await, id_of(closed).await);
    let emails = |submission: i64| {
        let db = app.db.clone();
        async move {
            app::on_db!(&db, pool => sqlx::query_as::<_, (i64, String, String)>(
            "SELECT id, kind, status FROM outbox WHERE submission_id = $1 ORDER BY id").bind(submission).fetch_all(pool).await.unwrap())
        }
    };
    let to_open = emails(open).await;
    let confirmation = to_open
        .iter()
        .find(|(_, kind, _)| kind == "resident-confirmation")
        .unwrap()
        .0;
    let staff_email = to_open
        .iter()
        .find(|(_, kind, _)| kind == "staff-notification")
        .unwrap()
        .0;
    // The open item's confirmation was refused 100 days ago and never retried; a staff
    // email about it failed 5 days ago and can still be retried.
    for (id, days) in [(confirmation, 100), (staff_email, 5)] {
        app::notify::outbox::mark_attempt_failed(
            &app.db,
            &app.message_id_of(id).await,
            "550 <failed.long.ago@example.net>: no such mailbox",
            None,
        )
        .await
        .unwrap();
        app::on_db!(&app.db, pool => sqlx::query("UPDATE outbox SET created_at = $2 WHERE id = $1")
            .bind(id).bind(Utc::now() - Duration::days(days)).execute(pool).await.unwrap().rows_affected());
    }
    // The other item was closed 100 days ago; an email to its resident, written today, is
    // still waiting for its next attempt.
    let waiting = emails(closed)
        .await
        .iter()
        .find(|(_, kind, _)| kind == "resident-confirmation")
        .unwrap()
        .0;
    app::notify::outbox::mark_attempt_failed(
        &app.db,
        &app.message_id_of(waiting).await,
        "550 refused",
        None,
    )
    .await
    .unwrap();
    app::notify::outbox::retry_failed(&app.db, Some(waiting), Utc::now() + Duration::days(1))
        .await
        .unwrap();
    app::on_db!(&app.db, pool => sqlx::query("UPDATE submissions SET status = 'closed', closed_at = $2 WHERE id = $1")
        .bind(closed).bind(Utc::now() - Duration::days(100)).execute(pool).await.unwrap().rows_affected());
    let (_, _, failed) = app.outbox_counts().await;
    assert_eq!(failed, 2);
    let about_closed = emails(closed).await.len();

    let policy = app::privacy::retention::Retention {
        contact_days: 90,
        message_months: 24,
    };
    let outcome = app::privacy::retention::run(&app.db, policy, Utc::now())
        .await
        .unwrap();
    let kept: Vec<i64> = emails(open)
        .await
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    assert!(
        !kept.contains(&confirmation),
        "a failed email goes after the contact period"
    );
    assert!(
        kept.contains(&staff_email),
        "a recent failure can still be retried"
    );
    assert!(
        emails(closed).await.is_empty(),
        "no email of any kind is kept about an item past retention"
    );
    assert_eq!(
        outcome.emails_deleted as usize,
        1 + about_closed,
        "{outcome:?}"
    );
    let addresses: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE recipient IN ('failed.long.ago@example.net', 'closed.long.ago@example.net')")
        .fetch_one(pool).await.unwrap());
    assert_eq!(addresses, 0, "neither address is left in the outbox");
    let runs: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'retention-run'").fetch_all(pool).await.unwrap());
    assert!(
        runs[0].contains(&format!("emails deleted {}", 1 + about_closed)),
        "{runs:?}"
    );
}

async fn the_privacy_notice_states_the_retention_the_code_applies(app: TestApp) {
    let page = app.get_page("/privacy").await;
    let text = page.text("main");
    assert!(text.contains("90 days after we close"), "{text}");
    assert!(text.contains("Two years after closing"));
    let defaults = server::config::Settings::defaults();
    assert_eq!(
        (
            defaults.retention_contact_days,
            defaults.retention_message_months
        ),
        (90, 24),
        "the notice matches the defaults"
    );
}

async fn an_admin_finds_a_persons_submissions_and_erases_them_together_in_one_audited_action(
    app: TestApp,
) {
    let first = app
        .send_feedback(&[
            ("email", "Same.Person@Example.net"),
            ("phone", "07700 900111"),
            ("contact_consent", "yes"),
            ("message", "Qzperson first message about the damp."),
        ])
        .await;
    let second = app
        .send_feedback(&[
            ("email", "same.person@example.net"),
            ("contact_consent", "yes"),
            ("message", "Qzperson second message about the lifts."),
        ])
        .await;
    let by_phone = app
        .send_feedback(&[("phone", "+44 7700 900111"), ("contact_consent", "yes")])
        .await;
    let someone_else = app
        .send_feedback(&[
            ("email", "someone.else@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    let admin = app.admin().await;
    let staff = app.staff().await;
    assert_eq!(
        staff
            .get("/admin/person?contact=same.person%40example.net")
            .await
            .status()
            .as_u16(),
        403,
        "admins only"
    );

    let page = admin
        .get_page("/admin/person?contact=SAME.PERSON%40EXAMPLE.NET")
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.text("#person-count"),
        "2 submissions were given with it"
    );
    let listed: Vec<String> = page
        .texts("table tbody td:first-child a")
        .iter()
        .map(|r| r.replace('-', ""))
        .collect();
    assert_eq!(listed, [first.clone(), second.clone()]);
    let phone = admin.get_page("/admin/person?contact=07700900111").await;
    assert_eq!(
        phone.text("#person-count"),
        "2 submissions were given with it"
    );
    let bad = admin.get_page("/admin/person?contact=not+a+person").await;
    assert_eq!(bad.status, 422);

    let held = admin
        .json("/admin/person/export.json?contact=same.person%40example.net")
        .await;
    let messages: Vec<&str> = held
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "Qzperson first message about the damp.",
            "Qzperson second message about the lifts."
        ]
    );

    // Erasing needs the box ticked; then both go, in one action.
    let csrf = page
        .attr(
            "form[action='/admin/person/erase'] input[name=csrf]",
            "value",
        )
        .unwrap();
    let unticked = admin
        .post_form(
            "/admin/person/erase",
            &[
                ("csrf", csrf.clone()),
                ("contact", "same.person@example.net".into()),
            ],
        )
        .await;
    assert_eq!(unticked.status().as_u16(), 422);
    assert_eq!(app.count_submissions().await, 4, "nothing erased unticked");
    let erased = admin
        .post_form(
            "/admin/person/erase",
            &[
                ("csrf", csrf),
                ("contact", "same.person@example.net".into()),
                ("confirm", "yes".into()),
            ],
        )
        .await;
    let done = admin.follow(erased).await;
    assert_eq!(done.text("#person-erased"), "2 submissions erased");
    let left: Vec<(String,)> = app::db::query("SELECT reference FROM submissions ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(left, [(by_phone,), (someone_else,)]);
    let audit: Vec<(String, String)> = app::db::query(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'person-%' OR action = 'submission-erased' ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let erasures: Vec<&(String, String)> = audit
        .iter()
        .filter(|(a, _)| a != "person-searched" && a != "person-exported")
        .collect();
    assert_eq!(erasures.len(), 1, "one audited action: {audit:?}");
    assert_eq!(erasures[0].0, "person-erased");
    assert!(erasures[0].1.contains(&first) && erasures[0].1.contains(&second));
    for (_, detail) in &audit {
        let lower = detail.to_lowercase();
        assert!(
            !lower.contains("same.person") && !lower.contains("900111"),
            "{detail}"
        );
    }
}

on_both_databases!(
    an_admin_finds_a_persons_submissions_and_erases_them_together_in_one_audited_action,
    an_admin_erases_a_submission_by_its_reference_after_confirming,
    staff_export_everything_held_about_one_submission_for_a_subject_access_request,
    retention_removes_contact_details_then_texts_on_schedule_and_logs_it,
    retention_purges_failed_emails_and_every_email_about_items_past_retention,
    the_privacy_notice_states_the_retention_the_code_applies,
);
