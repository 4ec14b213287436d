//! Input meant to break things is stored harmlessly and shown escaped; nothing a resident
//! types causes a server error.

use portal_tests::{form_with, on_both_databases, tracking_path, Page, TestApp};

async fn stored_message(app: &TestApp) -> String {
    app::on_db!(&app.db, pool => sqlx::query_scalar::<_, String>("SELECT message FROM submissions ORDER BY id DESC LIMIT 1").fetch_one(pool).await.unwrap())
}

/// Sends `message`, then returns what was stored and the tracking page.
async fn send(app: &TestApp, message: &str) -> (String, Page) {
    let response = app
        .submit_feedback(&form_with(&[("message", message)]))
        .await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "{message:?} should be accepted"
    );
    let confirmation = app.follow(response).await;
    let tracking = app.get_page(&tracking_path(&confirmation)).await;
    (stored_message(app).await, tracking)
}

/// No element or attribute a resident could have injected: checked on the parsed page, as
/// a browser would see it, and on the raw text for the tags themselves.
fn assert_no_markup_from_resident(page: &Page) {
    let lower = page.body.to_lowercase();
    assert!(!lower.contains("<script"), "a script tag on the page");
    assert!(!lower.contains("<img"), "an img tag on the page");
    for selector in [
        "script",
        "img",
        "iframe",
        "[onerror]",
        "[onclick]",
        "a[href^='javascript']",
        "[style]",
    ] {
        assert!(!page.has(selector), "{selector} on the page");
    }
}

async fn script_tags_are_removed_before_storing(app: TestApp) {
    let (stored, page) = send(&app, "Before<script>alert('x')</script> after").await;
    assert_eq!(stored, "Before after");
    assert_no_markup_from_resident(&page);
    assert!(page.text(".resident-text").contains("Before after"));
}

async fn attributes_with_javascript_urls_are_removed(app: TestApp) {
    let (stored, page) = send(
        &app,
        "<a href=\"javascript:alert(1)\" onclick=\"x()\">click me</a> <img src=x onerror=alert(1)>",
    )
    .await;
    assert_eq!(stored, "click me");
    assert_no_markup_from_resident(&page);
}

async fn text_that_only_looks_like_markup_is_kept_and_escaped(app: TestApp) {
    let (stored, page) = send(&app, "Rent went up > 10% & bills < income").await;
    assert_eq!(stored, "Rent went up > 10% & bills < income");
    assert!(
        page.body
            .contains("Rent went up &gt; 10% &amp; bills &lt; income"),
        "escaped on the page"
    );
    let (stored, page) = send(&app, "&lt;script&gt;alert(1)&lt;/script&gt;ok").await;
    assert_eq!(
        stored, "&lt;script&gt;alert(1)&lt;/script&gt;ok",
        "entities stay as typed"
    );
    assert!(
        page.body.contains("&amp;lt;script&amp;gt;"),
        "and are shown as typed"
    );
    assert_no_markup_from_resident(&page);
    let (stored, page) = send(&app, "<<b>script>alert(1)<</b>/script> done").await;
    assert_eq!(
        stored, "done",
        "markup revealed by removing other markup is removed too"
    );
    assert_no_markup_from_resident(&page);
}

async fn sql_fragments_are_just_text(app: TestApp) {
    let text = "'); DROP TABLE submissions; -- \" OR 1=1; SELECT * FROM practices WHERE '' = '";
    let (stored, _) = send(&app, text).await;
    assert_eq!(stored, text);
    assert_eq!(app.count_submissions().await, 1);
    assert_eq!(
        app.get_page("/feedback")
            .await
            .texts("select[name=practice] optgroup option")
            .len(),
        8
    );
}

async fn right_to_left_overrides_are_dropped_and_right_to_left_text_kept(app: TestApp) {
    let (stored, page) = send(&app, "invoice\u{202E}fdp.exe مرحبا \u{2067}x\u{2069}").await;
    assert_eq!(stored, "invoicefdp.exe مرحبا x");
    assert!(!page.body.contains('\u{202E}'));
    assert_eq!(page.attr(".resident-text", "dir").as_deref(), Some("auto"));
}

async fn four_byte_characters_and_every_script_round_trip(app: TestApp) {
    let text = "😀👍🏽 𝕏 𠜎 — আমার কথা — Soo dhawow — مرحبا — 你好";
    let (stored, page) = send(&app, text).await;
    assert_eq!(stored, text);
    assert!(page.body.contains(text));
}

async fn null_bytes_and_control_characters_are_refused_with_a_message(app: TestApp) {
    for text in ["nul\0byte", "escape \u{1b}[2J", "bell\u{7}"] {
        let page = Page::from(app.submit_feedback(&form_with(&[("message", text)])).await).await;
        assert_eq!(page.status, 422, "{text:?}");
        assert!(page.text("#message-error").contains("hidden characters"));
    }
    let page = Page::from(
        app.submit_feedback(&form_with(&[
            ("name", "two\nlines"),
            ("email", "a@example.org"),
            ("contact_consent", "yes"),
        ]))
        .await,
    )
    .await;
    assert_eq!(page.status, 422);
    assert_eq!(app.count_submissions().await, 0);
}

async fn markup_typed_into_a_refused_form_is_shown_back_as_text(app: TestApp) {
    let nasty = "</textarea><script>alert(1)</script><img src=x onerror=alert(2)>";
    let changes = [
        ("message", nasty),
        ("name", "\"><script>alert(3)</script>"),
        ("email", "<img src=x onerror=alert(4)>"),
        ("contact_consent", "yes"),
    ];
    let page = Page::from(app.submit_feedback(&form_with(&changes)).await).await;
    assert_eq!(page.status, 422);
    assert_no_markup_from_resident(&page);
    let sel = scraper::Selector::parse("textarea#message").unwrap();
    let textarea: String = page.html.select(&sel).next().unwrap().text().collect();
    assert_eq!(textarea, nasty, "the textarea holds exactly what was typed");
    assert_eq!(
        page.attr("#name", "value").as_deref(),
        Some("\"><script>alert(3)</script>")
    );
}

async fn a_body_over_the_limit_gets_a_413_page_and_stores_nothing(app: TestApp) {
    let huge = "x".repeat(300 * 1024);
    let page = Page::from(app.submit_feedback(&form_with(&[("message", &huge)])).await).await;
    assert_eq!(page.status, 413);
    assert_eq!(page.text("h1"), "What you sent is too large");
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.header("content-security-policy").is_some());
    assert_eq!(app.count_submissions().await, 0);
}

async fn a_body_that_is_not_a_form_gets_a_friendly_error_and_no_crash(app: TestApp) {
    let invalid_utf8 = app
        .client
        .post(app.url("/feedback"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![
            b'm', b'e', b's', b's', b'a', b'g', b'e', b'=', 0xff, 0xfe, b'%', b'F', b'F',
        ])
        .send()
        .await
        .unwrap();
    let page = Page::from(invalid_utf8).await;
    assert!(
        page.status == 400 || page.status == 422,
        "got {}",
        page.status
    );
    assert!(page.status < 500);

    let json = app
        .client
        .post(app.url("/feedback"))
        .header("Content-Type", "application/json")
        .body("{\"message\":\"hi\"}")
        .send()
        .await
        .unwrap();
    let page = Page::from(json).await;
    assert_eq!(page.status, 415);
    assert!(page.has("h1"));

    let repeated = app
        .client
        .post(app.url("/feedback"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("message=a&message=b&kind=feedback")
        .send()
        .await
        .unwrap();
    assert!(repeated.status().as_u16() < 500);
    assert_eq!(app.count_submissions().await, 0);
}

on_both_databases!(
    script_tags_are_removed_before_storing,
    attributes_with_javascript_urls_are_removed,
    text_that_only_looks_like_markup_is_kept_and_escaped,
    sql_fragments_are_just_text,
    right_to_left_overrides_are_dropped_and_right_to_left_text_kept,
    four_byte_characters_and_every_script_round_trip,
    null_bytes_and_control_characters_are_refused_with_a_message,
    markup_typed_into_a_refused_form_is_shown_back_as_text,
    a_body_over_the_limit_gets_a_413_page_and_stores_nothing,
    a_body_that_is_not_a_form_gets_a_friendly_error_and_no_crash,
);
