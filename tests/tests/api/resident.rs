//! The resident journey with JavaScript off: plain forms, POST, redirect, pages.

use portal_tests::{form_with, on_both_databases, tracking_path, valid_form, TestApp};

async fn the_start_page_explains_the_service_and_starts_the_form(app: TestApp) {
    let page = app.get_page("/").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("html", "lang").as_deref(), Some("en"));
    assert_eq!(page.text("h1"), "Tell us what you think");
    assert!(page.body.contains("Who reads it") && page.body.contains("What happens next"));
    assert!(page.body.contains("about 5 minutes"));
    assert!(
        page.body.contains("116 123") && page.body.contains("999") && page.body.contains("111")
    );
    assert_eq!(
        page.attr("a.button--start", "href").as_deref(),
        Some("/feedback")
    );
    assert_eq!(
        page.attr("a[href='/privacy']", "href").as_deref(),
        Some("/privacy")
    );
}

async fn the_form_offers_every_kind_topic_and_the_practices_from_the_database(app: TestApp) {
    let page = app.get_page("/feedback").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("form", "method").as_deref(), Some("post"));
    assert_eq!(page.attr("form", "action").as_deref(), Some("/feedback"));
    let kinds: Vec<String> = ["feedback", "idea"]
        .iter()
        .filter_map(|k| page.attr(&format!("input[name=kind][value={k}]"), "type"))
        .collect();
    assert_eq!(kinds, ["radio", "radio"]);
    let topics = page.texts("select[name=topic] option");
    assert_eq!(topics.len(), 12, "a prompt and eleven topics: {topics:?}");
    assert!(topics.contains(&"Money and debt".to_owned()));
    let practices = page.texts("select[name=practice] optgroup option");
    assert_eq!(practices.len(), 8);
    assert!(page.has("select[name=practice] option[value=not-sure]"));
    for field in [
        "message",
        "name",
        "email",
        "phone",
        "contact_consent",
        "publish_consent",
        "website",
    ] {
        assert!(page.has(&format!("[name={field}]")), "no {field} field");
        let id = page.attr(&format!("[name={field}]"), "id").unwrap();
        assert!(
            page.has(&format!("label[for={id}]")),
            "{field} has no label"
        );
    }
}

async fn a_resident_without_javascript_can_send_feedback_and_track_it(app: TestApp) {
    let response = app.submit_feedback(&valid_form()).await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/feedback/confirmation/"),
        "{location}"
    );

    let confirmation = app.follow(response).await;
    assert_eq!(confirmation.status, 200);
    assert_eq!(confirmation.text("h1"), "Thank you, we have your message");
    let reference = confirmation.text("#reference");
    assert!(
        app::domain::Reference::parse(&reference).is_ok(),
        "{reference}"
    );
    assert!(confirmation.body.contains("What happens next"));
    let path = tracking_path(&confirmation);
    assert!(path.starts_with("/track/"));
    let href = confirmation.attr("#tracking-link", "href").unwrap();
    assert!(
        href.starts_with(&app.address),
        "links use the base URL: {href}"
    );

    // Reloading the confirmation page is safe and shows the same reference.
    let again = app.get_page(&location).await;
    assert_eq!(again.text("#reference"), reference);

    let tracking = app.get_page(&path).await;
    assert_eq!(tracking.status, 200);
    assert_eq!(tracking.text(".reference"), reference);
    assert!(tracking.text(".tag").contains("Received"));
    assert!(tracking
        .body
        .contains("The link worker helped me sort out my damp flat. Thank you."));
    assert!(tracking.body.contains("We have not replied yet"));
    assert_eq!(app.count_submissions().await, 1);
}

async fn a_submission_is_stored_with_every_field_and_only_a_hash_of_its_token(app: TestApp) {
    let form = form_with(&[
        ("kind", "idea"),
        ("topic", "money-and-debt"),
        ("practice", "SAMPLE05"),
        ("name", "Sample Resident"),
        ("email", "resident@Example.org"),
        ("phone", "07700 900982"),
        ("contact_consent", "yes"),
        ("publish_consent", "yes"),
    ]);
    let confirmation = app.follow(app.submit_feedback(&form).await).await;
    let reference = app::domain::Reference::parse(&confirmation.text("#reference")).unwrap();
    let token = tracking_path(&confirmation)
        .trim_start_matches("/track/")
        .to_owned();

    #[derive(sqlx::FromRow)]
    struct Stored {
        kind: String,
        topic: String,
        code: Option<String>,
        message: String,
        contact_name: Option<String>,
        contact_email: Option<String>,
        contact_phone: Option<String>,
        contact_consent: bool,
        publish_consent: bool,
        language: String,
        channel: String,
        status: String,
        token_hash: Vec<u8>,
    }
    let sql = "SELECT s.kind, s.topic, p.code, s.message, s.contact_name, s.contact_email, s.contact_phone, \
               s.contact_consent, s.publish_consent, s.language, s.channel, s.status, s.token_hash \
               FROM submissions s LEFT JOIN practices p ON p.id = s.practice_id WHERE s.reference = $1";
    let row: Stored = app::db::query(sql)
        .bind(reference.as_str())
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(row.kind, "idea");
    assert_eq!(row.topic, "money-and-debt");
    assert_eq!(row.code.as_deref(), Some("SAMPLE05"));
    assert_eq!(
        row.message,
        "The link worker helped me sort out my damp flat. Thank you."
    );
    assert_eq!(row.contact_name.as_deref(), Some("Sample Resident"));
    assert_eq!(row.contact_email.as_deref(), Some("resident@example.org"));
    assert_eq!(row.contact_phone.as_deref(), Some("+447700900982"));
    assert!(row.contact_consent && row.publish_consent);
    assert_eq!(
        (
            row.language.as_str(),
            row.channel.as_str(),
            row.status.as_str()
        ),
        ("en", "web", "new")
    );
    let token = app::domain::TrackingToken::parse(&token).unwrap();
    assert_eq!(row.token_hash, token.hash());
    assert_ne!(row.token_hash, token.as_str().as_bytes());
}

async fn a_resident_who_is_not_sure_of_their_practice_can_say_so(app: TestApp) {
    let response = app
        .submit_feedback(&form_with(&[("practice", "not-sure")]))
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let unsure: (bool, Option<i64>) = app::on_db!(&app.db, pool =>
        sqlx::query_as("SELECT practice_unsure, practice_id FROM submissions").fetch_one(pool).await.unwrap());
    assert_eq!(unsure, (true, None));
    let response = app.submit_feedback(&form_with(&[("practice", "")])).await;
    assert_eq!(response.status().as_u16(), 303);
}

async fn a_resident_can_delete_their_submission_after_confirming(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    let path = tracking_path(&confirmation);
    let tracking = app.get_page(&path).await;
    let delete_href = tracking.attr("a.button--warning", "href").unwrap();
    assert_eq!(delete_href, format!("{path}/delete"));

    let confirm = app.get_page(&delete_href).await;
    assert_eq!(confirm.status, 200);
    assert_eq!(
        confirm.text("h1"),
        "Are you sure you want to delete your message?"
    );
    assert_eq!(confirm.attr("form", "method").as_deref(), Some("post"));
    assert_eq!(
        app.count_submissions().await,
        1,
        "showing the question deletes nothing"
    );

    let action = confirm.attr("form", "action").unwrap();
    let deleted = app.follow(app.post_form(&action, &[]).await).await;
    assert_eq!(deleted.text("h1"), "Your message has been deleted");
    assert_eq!(app.count_submissions().await, 0);

    assert_eq!(app.get_page(&path).await.status, 404);
    assert_eq!(app.post_form(&action, &[]).await.status().as_u16(), 404);
}

async fn unknown_and_malformed_tracking_links_get_a_friendly_404(app: TestApp) {
    let unknown = app::domain::TrackingToken::parse(&"A".repeat(43)).unwrap();
    for path in [
        format!("/track/{}", unknown.as_str()),
        format!("/track/{}/delete", unknown.as_str()),
        format!("/feedback/confirmation/{}", unknown.as_str()),
        "/track/short".to_owned(),
        format!("/track/{}", "x".repeat(5000)),
        "/track/..%2F..%2Fetc%2Fpasswd".to_owned(),
        "/track/%00".to_owned(),
    ] {
        let page = app.get_page(&path).await;
        assert_eq!(page.status, 404, "{path}");
        assert_eq!(page.text("h1"), "Page not found", "{path}");
        assert!(page
            .header("content-type")
            .unwrap()
            .starts_with("text/html"));
    }
    assert_eq!(
        app.post_form(&format!("/track/{}/delete", unknown.as_str()), &[])
            .await
            .status()
            .as_u16(),
        404
    );
}

on_both_databases!(
    the_start_page_explains_the_service_and_starts_the_form,
    the_form_offers_every_kind_topic_and_the_practices_from_the_database,
    a_resident_without_javascript_can_send_feedback_and_track_it,
    a_submission_is_stored_with_every_field_and_only_a_hash_of_its_token,
    a_resident_who_is_not_sure_of_their_practice_can_say_so,
    a_resident_can_delete_their_submission_after_confirming,
    unknown_and_malformed_tracking_links_get_a_friendly_404,
);
