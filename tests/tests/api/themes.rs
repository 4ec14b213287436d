//! The kept list of themes: staff tick themes from the list or suggest one, a suggestion waits
//! for an admin and is not counted until accepted, a merge moves every use and the counts with
//! it, and a retired theme is no longer offered.

use super::insights::{csv_rows, stated};
use portal_tests::{on_both_databases, Browser, TestApp};

/// Sets a submission's themes as the item page's form does.
async fn give(staff: &Browser, reference: &str, ticked: &[&str], typed: &str) {
    let csrf = staff.csrf_on("/staff").await;
    let mut fields = vec![("csrf", csrf)];
    fields.extend(ticked.iter().map(|t| ("theme", t.to_string())));
    fields.push(("themes", typed.to_owned()));
    let response = staff
        .post_form(&format!("/staff/submissions/{reference}/themes"), &fields)
        .await;
    assert_eq!(response.status().as_u16(), 303, "{reference}");
}

/// The theme rows of the figures export, as (theme, count).
async fn counted(reader: &Browser, query: &str) -> Vec<(String, String)> {
    let (_, rows) = csv_rows(reader, &format!("/insights/export.csv?{query}")).await;
    let mut themes: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r[0] == "Top themes" || r[0] == "প্রধান থিম")
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    themes.sort();
    themes
}

/// A theme's count in the monthly roll-up the insights read (the export shows 1 to 4 only
/// as "fewer than 5").
async fn rolled_up(app: &TestApp, theme: &str) -> i64 {
    app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM insight_themes WHERE grain = 'month' AND theme = $1").bind(theme).fetch_one(pool).await.unwrap())
}

async fn theme_id(app: &TestApp, name: &str) -> i64 {
    app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM themes WHERE name = $1").bind(name).fetch_one(pool).await.unwrap())
}

async fn admin_post(admin: &Browser, path: &str, fields: &[(&str, &str)]) -> u16 {
    let csrf = admin.csrf_on("/admin/themes").await;
    let mut all = vec![("csrf", csrf)];
    all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    admin.post_form(path, &all).await.status().as_u16()
}

async fn a_suggestion_waits_and_a_merge_moves_every_use_and_its_counts(app: TestApp) {
    let staff = app.staff().await;
    let mut references = Vec::new();
    for _ in 0..3 {
        references.push(app.send_feedback(&[("topic", "housing")]).await);
    }
    // Two ticked from the list; one suggested as free text, one with both.
    give(&staff, &references[0], &["damp and mould"], "").await;
    give(&staff, &references[1], &[], "Black Mould").await;
    give(&staff, &references[2], &["damp and mould"], "black mould").await;

    // The suggestion is on the item page, waiting, and not counted.
    let item = staff
        .get_page(&format!("/staff/submissions/{}", references[1]))
        .await;
    assert_eq!(
        item.attr("#themes-input", "value").as_deref(),
        Some("black mould")
    );
    assert_eq!(
        counted(&staff, "").await,
        [("damp and mould".to_owned(), "fewer than 5".to_owned())]
    );
    assert_eq!(rolled_up(&app, "damp and mould").await, 2);
    assert_eq!(rolled_up(&app, "black mould").await, 2, "kept, not counted");
    let admin = app.admin().await;
    let page = admin.get_page("/admin/themes").await;
    let waiting = page.texts("#themes-waiting + ul .theme-list__name");
    assert_eq!(waiting, ["black mould"]);

    // Merged into "damp and mould": three submissions, counted once each.
    let from = theme_id(&app, "black mould").await;
    let into = theme_id(&app, "damp and mould").await;
    let status = admin_post(
        &admin,
        &format!("/admin/themes/{from}/merge"),
        &[("into", &into.to_string())],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        counted(&staff, "").await,
        [("damp and mould".to_owned(), "fewer than 5".to_owned())]
    );
    assert_eq!(rolled_up(&app, "damp and mould").await, 3);
    assert_eq!(rolled_up(&app, "black mould").await, 0);
    let uses: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM submission_themes WHERE theme = 'black mould'").fetch_one(pool).await.unwrap());
    assert_eq!(uses, 0);
    let gone: Option<i64> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM themes WHERE name = 'black mould'").fetch_optional(pool).await.unwrap());
    assert_eq!(gone, None);
    let audited: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'themes-merged'").fetch_one(pool).await.unwrap());
    assert_eq!(audited, 1);
}

async fn an_accepted_suggestion_is_counted_under_its_names_in_both_languages(app: TestApp) {
    let staff = app.staff().await;
    let reference = app.send_feedback(&[]).await;
    give(&staff, &reference, &[], "bus passes").await;
    assert!(counted(&staff, "").await.is_empty());
    let admin = app.admin().await;
    let id = theme_id(&app, "bus passes").await;
    let status = admin_post(
        &admin,
        &format!("/admin/themes/{id}/rename"),
        &[("name", "Travel passes"), ("name_bn", "ভ্রমণ পাস")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        counted(&staff, "").await,
        [("travel passes".to_owned(), "fewer than 5".to_owned())]
    );
    assert_eq!(rolled_up(&app, "travel passes").await, 1);
    assert_eq!(rolled_up(&app, "bus passes").await, 0);
    let (body, _) = csv_rows(&staff, "/insights/export.csv?lang=bn").await;
    assert!(body.contains("ভ্রমণ পাস"), "{body}");
    assert!(!stated(&body, "এক্সপোর্ট").is_empty());
    // The list now offers it, ticked on the submission.
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(item.has("input[name=theme][value='travel passes'][checked]"));
}

async fn a_retired_theme_is_no_longer_offered_but_stays_where_it_was_given(app: TestApp) {
    let staff = app.staff().await;
    let given = app.send_feedback(&[]).await;
    let other = app.send_feedback(&[]).await;
    give(&staff, &given, &["transport"], "").await;
    let admin = app.admin().await;
    let id = theme_id(&app, "transport").await;
    let status = admin_post(
        &admin,
        &format!("/admin/themes/{id}/state"),
        &[("state", "retired")],
    )
    .await;
    assert_eq!(status, 303);

    let page = staff.get_page(&format!("/staff/submissions/{other}")).await;
    assert!(!page.has("input[name=theme][value=transport]"));
    assert!(page.has("input[name=theme][value=loneliness]"));
    // Typed on another submission, it is not given.
    give(&staff, &other, &[], "transport").await;
    let uses: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM submission_themes WHERE theme = 'transport'").fetch_one(pool).await.unwrap());
    assert_eq!(uses, 1);
    // Where it was given it stays, and still counts.
    let item = staff.get_page(&format!("/staff/submissions/{given}")).await;
    assert_eq!(
        item.attr("#themes-input", "value").as_deref(),
        Some("transport")
    );
    assert_eq!(
        counted(&staff, "").await,
        [("transport".to_owned(), "fewer than 5".to_owned())]
    );
    assert_eq!(rolled_up(&app, "transport").await, 1);
}

async fn bad_theme_changes_are_refused_and_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let before: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM themes").fetch_one(pool).await.unwrap());
    for (path, fields) in [
        ("/admin/themes".to_owned(), vec![("name", "  ")]),
        ("/admin/themes".to_owned(), vec![("name", "Loneliness")]),
        (
            format!("/admin/themes/{}/rename", theme_id(&app, "food").await),
            vec![("name", "transport")],
        ),
        (
            format!("/admin/themes/{}/merge", theme_id(&app, "food").await),
            vec![("into", "food")],
        ),
    ] {
        assert_eq!(
            admin_post(&admin, &path, &fields).await,
            422,
            "{path} {fields:?}"
        );
    }
    let after: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM themes").fetch_one(pool).await.unwrap());
    assert_eq!(before, after);
    assert_eq!(
        admin_post(&admin, "/admin/themes/999999/state", &[]).await,
        404
    );
    // A suggestion is accepted or merged, not retired into the counts unread.
    let staff = app.staff().await;
    let reference = app.send_feedback(&[]).await;
    give(&staff, &reference, &[], "mr smith at number 4").await;
    let waiting = theme_id(&app, "mr smith at number 4").await;
    let path = format!("/admin/themes/{waiting}/state");
    assert_eq!(
        admin_post(&admin, &path, &[("state", "retired")]).await,
        404
    );
    assert!(counted(&staff, "").await.is_empty());

    // Staff may not keep the list.
    let csrf = staff.csrf_on("/staff").await;
    let response = staff
        .post_form("/admin/themes", &[("csrf", csrf), ("name", "new".into())])
        .await;
    assert_eq!(response.status().as_u16(), 403);
}

/// The test set: messages as residents write them, in English and Bengali, and the themes the
/// rules kept beside the starting list should suggest.
const SUGGESTIONS: &[(&str, &[&str])] = &[
    (
        "There is black mould in my son's bedroom and the damp is getting worse.",
        &["damp and mould"],
    ),
    (
        "I have felt very lonely since I moved here; a coffee morning would help.",
        &["coffee mornings", "loneliness"],
    ),
    (
        "My PIP was stopped and now I am behind with the rent.",
        &["benefits advice", "rent arrears"],
    ),
    (
        "I could not get a GP appointment for three weeks.",
        &["gp appointments"],
    ),
    (
        "I need an interpreter at the surgery, and the bus there is slow.",
        &["interpreters", "transport"],
    ),
    ("আমার ঘরে স্যাঁতসেঁতে ভাব আর ছত্রাক হয়েছে।", &["damp and mould"]),
    ("স্বামী মারা যাওয়ার পর আমি খুব একা বোধ করি।", &["loneliness"]),
    (
        "The pipe under the sink is fixed now, thank you for the lovely group.",
        &[],
    ),
];

async fn themes_are_suggested_from_the_message_and_added_with_one_click(app: TestApp) {
    let staff = app.staff().await;
    for (message, expected) in SUGGESTIONS {
        let reference = app.send_feedback(&[("message", message)]).await;
        let page = staff
            .get_page(&format!("/staff/submissions/{reference}"))
            .await;
        let suggested = page.attrs(".suggested-themes input[name=theme]", "value");
        assert_eq!(&suggested, expected, "{message}");
    }

    // One click adds the first suggestion, which is then given, not suggested.
    let reference = app.send_feedback(&[("message", SUGGESTIONS[1].0)]).await;
    let csrf = staff.csrf_on("/staff").await;
    let path = format!("/staff/submissions/{reference}/themes/add");
    let response = staff
        .post_form(
            &path,
            &[("csrf", csrf.clone()), ("theme", "loneliness".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(page.has("input[name=theme][value=loneliness][checked]"));
    assert!(!page.has(".suggested-themes input[value=loneliness]"));
    assert!(page.has(".suggested-themes input[value='coffee mornings']"));
    // Only a theme on the list can be added this way.
    let refused = staff
        .post_form(
            &path,
            &[("csrf", csrf), ("theme", "not on the list".into())],
        )
        .await;
    assert_eq!(refused.status().as_u16(), 400);

    // An admin's words suggest a theme from then on.
    let admin = app.admin().await;
    let id = theme_id(&app, "food").await;
    let status = admin_post(
        &admin,
        &format!("/admin/themes/{id}/rename"),
        &[
            ("name", "food"),
            ("name_bn", "খাবার"),
            ("keywords", "Food bank, টিফিন"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let reference = app
        .send_feedback(&[("message", "ছেলের টিফিনের টাকা নেই")])
        .await;
    let page = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(page.has(".suggested-themes input[value=food]"));
}

on_both_databases!(
    a_suggestion_waits_and_a_merge_moves_every_use_and_its_counts,
    an_accepted_suggestion_is_counted_under_its_names_in_both_languages,
    a_retired_theme_is_no_longer_offered_but_stays_where_it_was_given,
    bad_theme_changes_are_refused_and_change_nothing,
    themes_are_suggested_from_the_message_and_added_with_one_click,
);

/// The first migration of the kept list: a database from before it is brought up to it.
const THEMES_MIGRATION: i64 = 20261206000001;

/// A database as it was before the kept list, with free-text themes on one submission.
async fn before_the_list(url: &str) {
    let insert = "INSERT INTO submissions (reference, token_hash, kind, topic, message, language, status, created_at, updated_at) \
                  VALUES ('HYS-LEGACY1', $2, 'feedback', 'housing', 'An older message', 'en', 'closed', $1, $1)";
    let themes = "INSERT INTO submission_themes (submission_id, theme) \
                  SELECT id, t.theme FROM submissions, (SELECT 'damp and mould' AS theme UNION ALL SELECT 'landlord never answers') t";
    let now = chrono::Utc::now() - chrono::Duration::days(20);
    // The schema up to the one before the list, then the rows.
    let db = portal_tests::database_before(url, THEMES_MIGRATION).await;
    app::db::query(insert)
        .bind(now)
        .bind(vec![7u8; 32])
        .execute(&db)
        .await
        .unwrap();
    app::db::query(themes).execute(&db).await.unwrap();
    db.close().await;
}

async fn free_text_themes_given_before_the_list_join_it_or_wait_for_review(
    backend: portal_tests::Backend,
) {
    let app = portal_tests::spawn_app_on(backend, before_the_list).await;
    let states: Vec<(String, String)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT name, state FROM themes WHERE name IN ('damp and mould', 'landlord never answers') ORDER BY name")
        .fetch_all(pool).await.unwrap());
    assert_eq!(
        states,
        [
            ("damp and mould".to_owned(), "listed".to_owned()),
            ("landlord never answers".to_owned(), "waiting".to_owned())
        ]
    );
    // The submission keeps both; the insights count only the one on the list.
    let staff = app.staff().await;
    assert_eq!(
        counted(&staff, "").await,
        [("damp and mould".to_owned(), "fewer than 5".to_owned())]
    );
    let admin = app.admin().await;
    let waiting = admin
        .get_page("/admin/themes")
        .await
        .texts("#themes-waiting + ul .theme-list__name");
    assert_eq!(waiting, ["landlord never answers"]);
}

#[tokio::test]
async fn free_text_themes_are_migrated_on_sqlite() {
    free_text_themes_given_before_the_list_join_it_or_wait_for_review(
        portal_tests::Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn free_text_themes_are_migrated_on_postgres() {
    free_text_themes_given_before_the_list_join_it_or_wait_for_review(
        portal_tests::Backend::Postgres,
    )
    .await;
}
