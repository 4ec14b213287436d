//! Every validation rule: a clear message beside the field and in the summary, the page
//! title starting "Error:", everything typed kept, and nothing stored.

use portal_tests::{form_with, on_both_databases, Page, TestApp};

/// Posts the form and checks the error page shape; returns it for more checks.
async fn expect_refused(
    app: &TestApp,
    changes: &[(&'static str, &str)],
    field: &str,
    message: &str,
) -> Page {
    let response = app.submit_feedback(&form_with(changes)).await;
    let page = Page::from(response).await;
    assert_eq!(page.status, 422, "{changes:?} should be refused");
    assert!(
        page.title().starts_with("Error: "),
        "title: {}",
        page.title()
    );
    let summary_links = page.texts(".error-summary a");
    assert!(
        summary_links.iter().any(|l| l.contains(message)),
        "summary {summary_links:?} should say {message:?} for {changes:?}"
    );
    assert!(
        page.has(&format!(".error-summary a[href='#{field}']")),
        "summary links to #{field}"
    );
    assert!(
        page.has(&format!("#{field}")),
        "the summary link target #{field} exists"
    );
    let beside = page.text(&format!("#{field}-error"));
    assert!(beside.contains(message), "beside the field: {beside}");
    let described = page
        .attr(&format!("#{field}"), "aria-describedby")
        .unwrap_or_default();
    if field != "kind" {
        assert!(
            described.contains(&format!("{field}-error")),
            "{field} is described by its error: {described}"
        );
    }
    assert_eq!(
        app.count_submissions().await,
        0,
        "nothing is stored for {changes:?}"
    );
    page
}

async fn each_required_answer_is_asked_for_by_name(app: TestApp) {
    expect_refused(
        &app,
        &[("kind", "")],
        "kind",
        "Select whether you are sending feedback or an idea",
    )
    .await;
    expect_refused(
        &app,
        &[("kind", "complaint")],
        "kind",
        "Select whether you are sending feedback or an idea",
    )
    .await;
    expect_refused(
        &app,
        &[("topic", "")],
        "topic",
        "Select what your message is about",
    )
    .await;
    expect_refused(
        &app,
        &[("topic", "politics")],
        "topic",
        "Select what your message is about",
    )
    .await;
    expect_refused(
        &app,
        &[("practice", "NOT-A-PRACTICE")],
        "practice",
        "Select your GP practice from the list",
    )
    .await;
    expect_refused(&app, &[("message", "")], "message", "Enter your message").await;
    expect_refused(
        &app,
        &[("message", "   \n\t  ")],
        "message",
        "Enter your message",
    )
    .await;
    expect_refused(
        &app,
        &[("message", "<b></b><script>only markup</script>")],
        "message",
        "Enter your message",
    )
    .await;
}

async fn a_message_may_have_5000_characters_and_no_more(app: TestApp) {
    let longest = "ক".repeat(5000);
    let response = app
        .submit_feedback(&form_with(&[("message", &longest)]))
        .await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "5,000 Bengali characters are accepted"
    );
    let too_long = "a".repeat(5001);
    let page = expect_refused_after(&app, &[("message", &too_long)], 1).await;
    assert!(
        page.text("#message-error")
            .contains("5000 characters or fewer. It is 5001 characters now"),
        "{}",
        page.text("#message-error")
    );
    assert_eq!(
        page.text("textarea#message").len(),
        5001,
        "the text is kept to be shortened"
    );
}

async fn contact_details_must_be_valid_and_come_with_consent(app: TestApp) {
    expect_refused(
        &app,
        &[("email", "not-an-email"), ("contact_consent", "yes")],
        "email",
        "Enter an email address in the correct format",
    )
    .await;
    expect_refused(
        &app,
        &[("phone", "12345"), ("contact_consent", "yes")],
        "phone",
        "Enter a phone number in the correct format",
    )
    .await;
    expect_refused(
        &app,
        &[
            ("name", &"n".repeat(101)),
            ("contact_consent", "yes"),
            ("email", "a@example.org"),
        ],
        "name",
        "100 characters or fewer",
    )
    .await;
    expect_refused(
        &app,
        &[("email", "resident@example.org")],
        "contact_consent",
        "Tick the box to agree that we can contact you",
    )
    .await;
    expect_refused(
        &app,
        &[("phone", "07700 900982")],
        "contact_consent",
        "Tick the box",
    )
    .await;
    expect_refused(
        &app,
        &[("name", "Sample Resident")],
        "contact_consent",
        "Tick the box",
    )
    .await;
    expect_refused(
        &app,
        &[("contact_consent", "yes")],
        "email",
        "Enter an email address or phone number so that we can contact you",
    )
    .await;
    expect_refused(
        &app,
        &[("name", "Sample Resident"), ("contact_consent", "yes")],
        "email",
        "Enter an email address or phone number",
    )
    .await;

    for phone in ["07700 900982", "+44 (0)20 7946 0000", "0044 7700 900982"] {
        let response = app
            .submit_feedback(&form_with(&[("phone", phone), ("contact_consent", "yes")]))
            .await;
        assert_eq!(response.status().as_u16(), 303, "{phone} is accepted");
    }
}

async fn every_problem_is_listed_at_once_in_page_order(app: TestApp) {
    let page = Page::from(app.submit_feedback(&[("message", String::new())]).await).await;
    assert_eq!(page.status, 422);
    let targets: Vec<String> = {
        let sel = scraper::Selector::parse(".error-summary a").unwrap();
        page.html
            .select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    assert_eq!(targets, ["#kind", "#topic", "#message"]);
}

async fn everything_typed_is_kept_when_something_is_wrong(app: TestApp) {
    let message = "Line one & <two>\nআমার বাড়িতে স্যাঁতসেঁতে 😀";
    let changes = [
        ("kind", "idea"),
        ("topic", "caring"),
        ("practice", "SAMPLE07"),
        ("message", message),
        ("name", "Sample \"Resident\""),
        ("email", "still-wrong@"),
        ("phone", "020 7946 0000"),
        ("contact_consent", "yes"),
        ("publish_consent", "yes"),
    ];
    let page = expect_refused(
        &app,
        &changes,
        "email",
        "Enter an email address in the correct format",
    )
    .await;
    assert!(page.has("input[name=kind][value=idea][checked]"));
    assert!(!page.has("input[name=kind][value=feedback][checked]"));
    assert!(page.has("select[name=topic] option[value=caring][selected]"));
    assert!(page.has("select[name=practice] option[value=SAMPLE07][selected]"));
    let sel = scraper::Selector::parse("textarea#message").unwrap();
    let textarea: String = page.html.select(&sel).next().unwrap().text().collect();
    assert_eq!(textarea, message);
    assert_eq!(
        page.attr("#name", "value").as_deref(),
        Some("Sample \"Resident\"")
    );
    assert_eq!(
        page.attr("#email", "value").as_deref(),
        Some("still-wrong@")
    );
    assert_eq!(
        page.attr("#phone", "value").as_deref(),
        Some("020 7946 0000")
    );
    assert!(page.has("#contact_consent[checked]"));
    assert!(page.has("#publish_consent[checked]"));
}

async fn the_honeypot_stops_bots_and_stores_nothing(app: TestApp) {
    let page = expect_refused(
        &app,
        &[("website", "http://spam.example")],
        "website",
        "Leave this field empty",
    )
    .await;
    assert!(
        !page.has(".honeypot"),
        "the field is shown when it is the problem"
    );
    let clean = app.get_page("/feedback").await;
    assert!(
        clean.has(".honeypot #website"),
        "the field is hidden normally"
    );
    assert_eq!(clean.attr("#website", "tabindex").as_deref(), Some("-1"));
}

on_both_databases!(
    each_required_answer_is_asked_for_by_name,
    a_message_may_have_5000_characters_and_no_more,
    contact_details_must_be_valid_and_come_with_consent,
    every_problem_is_listed_at_once_in_page_order,
    everything_typed_is_kept_when_something_is_wrong,
    the_honeypot_stops_bots_and_stores_nothing,
);

/// Like `expect_refused` for cases whose checks differ; `stored` is what should already be there.
async fn expect_refused_after(
    app: &TestApp,
    changes: &[(&'static str, &str)],
    stored: i64,
) -> Page {
    let page = Page::from(app.submit_feedback(&form_with(changes)).await).await;
    assert_eq!(page.status, 422);
    assert!(page.title().starts_with("Error: "));
    assert_eq!(app.count_submissions().await, stored);
    page
}
