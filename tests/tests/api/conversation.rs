//! Residents in a conversation, not a drop box: they add to what they said, staff see one
//! thread, a lost link is sent again only to the contact given, residents who gave only a
//! mobile number are answered by text in their language, and replies repeat the link.

use portal_tests::{form_with, on_both_databases, spawn_app_with, tracking_path, Page, TestApp};

async fn count(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

/// The recipients of queued or sent messages of one kind.
async fn recipients(app: &TestApp, kind: &str) -> Vec<String> {
    let sql = format!("SELECT recipient FROM outbox WHERE kind = '{kind}' ORDER BY id");
    app::on_db!(&app.db, pool => sqlx::query_scalar::<_, String>(&sql).fetch_all(pool).await.unwrap())
}

/// Sends feedback with `changes`; answers (reference without hyphen, tracking path).
async fn sent(app: &TestApp, changes: &[(&'static str, &str)]) -> (String, String) {
    let confirmation = app
        .follow(app.submit_feedback(&form_with(changes)).await)
        .await;
    (
        confirmation.text("#reference").replace('-', ""),
        tracking_path(&confirmation),
    )
}

async fn add(app: &TestApp, tracking: &str, message: &str) -> reqwest::Response {
    app.new_browser()
        .post_form(
            &format!("{tracking}/add"),
            &[("message", message.to_owned())],
        )
        .await
}

async fn staff_post(
    staff: &portal_tests::Browser,
    reference: &str,
    action: &str,
    fields: &[(&str, &str)],
) {
    let path = format!("/staff/submissions/{reference}");
    let csrf = staff.csrf_on(&path).await;
    let mut form: Vec<(&str, String)> = vec![("csrf", csrf)];
    form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let response = staff.post_form(&format!("{path}/{action}"), &form).await;
    assert_eq!(response.status().as_u16(), 303, "{action}");
}

async fn a_resident_adds_to_their_message_and_staff_see_one_conversation(app: TestApp) {
    let staff = app.staff().await;
    let (reference, tracking) = sent(
        &app,
        &[
            ("email", "resident@example.net"),
            ("contact_consent", "yes"),
        ],
    )
    .await;
    staff_post(
        &staff,
        &reference,
        "reply",
        &[("body", "Could you tell us which room?")],
    )
    .await;
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(item.has("#status option[value=responded][selected]"));

    // The tracking page has the form; sending it adds the words and says so.
    let page = app.get_page(&tracking).await;
    assert_eq!(
        page.attr("form[action$='/add']", "action"),
        Some(format!("{tracking}/add"))
    );
    assert!(page.has("form[action$='/add'] textarea[name=message]"));
    let response = add(
        &app,
        &tracking,
        "The bedroom, and the damp is back <script>alert(1)</script>",
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
    let after = app.follow(response).await;
    assert!(after.has(".notice"), "the page says the addition was sent");
    let turns = after.texts(".conversation li");
    assert_eq!(turns.len(), 2, "{turns:?}");
    assert!(turns[0].contains("Could you tell us which room?"));
    assert!(turns[1].contains("The bedroom, and the damp is back"));
    assert!(
        !after.body.contains("<script>alert(1)"),
        "escaped, never markup"
    );

    // Staff see the same conversation in order, and the item is back in review.
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(
        item.has("#status option[value=in-review][selected]"),
        "answered items return to review"
    );
    let thread = item.body.find("Could you tell us which room?").unwrap();
    let added = item.body.find("The bedroom, and the damp is back").unwrap();
    assert!(
        thread < added,
        "replies and additions in the order they were made"
    );
    assert!(!item.body.contains("<script>alert(1)"));
    assert!(app
        .audit_actions()
        .await
        .contains(&"resident-added".to_owned()));
    // Staff find the item by a word only the addition has.
    let found: Vec<String> = staff
        .get_page("/staff?q=bedroom")
        .await
        .texts("table.inbox tbody tr td:first-child a")
        .iter()
        .map(|r| r.replace('-', ""))
        .collect();
    assert_eq!(
        found,
        [reference.as_str()],
        "searching finds what residents added"
    );
    // Nobody is assigned: the triage inbox is told.
    assert_eq!(recipients(&app, "resident-addition").await.len(), 1);

    // Assigned and closed: the next addition reopens it and tells the assignee.
    let staff_id: i64 = count(
        &app,
        "SELECT id FROM staff WHERE email = 'staff@example.org'",
    )
    .await;
    let assignee = staff_id.to_string();
    staff_post(
        &staff,
        &reference,
        "update",
        &[
            ("status", "closed"),
            ("priority", "normal"),
            ("assignee", &assignee),
        ],
    )
    .await;
    assert_eq!(
        add(&app, &tracking, "It is still there.")
            .await
            .status()
            .as_u16(),
        303
    );
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(
        item.has("#status option[value=in-review][selected]"),
        "closed items reopen"
    );
    assert_eq!(
        recipients(&app, "resident-addition")
            .await
            .last()
            .map(String::as_str),
        Some("staff@example.org")
    );

    // The reply email repeats the private link.
    app.dispatch_all_pending_emails().await;
    let reply = app
        .mail_written()
        .into_iter()
        .find(|m| m.contains("replied to your message"))
        .expect("the reply is emailed");
    assert!(
        reply.contains(&tracking),
        "the reply carries the tracking link"
    );

    // A subject access export holds what the resident added.
    let export = staff
        .json(&format!("/staff/submissions/{reference}/export.json"))
        .await;
    let added = export["resident_additions"].as_array().unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(added[1]["text"], "It is still there.");
}

async fn an_addition_is_checked_like_a_message_and_bad_ones_change_nothing(app: TestApp) {
    let (_, tracking) = sent(&app, &[]).await;
    for (bad, why) in [
        ("   ", "empty"),
        (&"a".repeat(5001)[..], "too long"),
        (
            "see http://a.example http://b.example http://c.example http://d.example",
            "links",
        ),
        ("hidden\u{0007}bell", "control characters"),
    ] {
        let response = add(&app, &tracking, bad).await;
        assert_eq!(response.status().as_u16(), 422, "{why}");
        let page = Page::from(response).await;
        assert!(page.has(".error-summary a[href='#message']"), "{why}");
        assert!(page.has("#message-error"), "{why}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM resident_additions").await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE kind = 'resident-addition'"
        )
        .await,
        0
    );
    // A made-up link adds nothing anywhere.
    let made_up = format!("/track/{}/add", "A".repeat(43));
    assert_eq!(
        add(&app, &made_up.replace("/add", ""), "Hello")
            .await
            .status()
            .as_u16(),
        404
    );
    // Erasing the submission erases what was added.
    assert_eq!(
        add(&app, &tracking, "One more thing.")
            .await
            .status()
            .as_u16(),
        303
    );
    let erased = app.post_form(&format!("{tracking}/delete"), &[]).await;
    assert_eq!(erased.status().as_u16(), 303);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM resident_additions").await,
        0
    );
}

async fn a_lost_link_is_sent_again_only_to_the_contact_given(app: TestApp) {
    let (reference, tracking) = sent(
        &app,
        &[
            ("email", "Resident@Example.net"),
            ("contact_consent", "yes"),
        ],
    )
    .await;
    let form = app.get_page("/track").await;
    assert_eq!(form.status, 200);
    assert!(form.has("form[action='/track'] input[name=reference]"));
    assert!(form.has("form[action='/track'] input[name=contact]"));
    assert!(
        app.get_page("/").await.has("a[href='/track']"),
        "the start page leads to it"
    );

    let ask = |reference: String, contact: &str| {
        let contact = contact.to_owned();
        let app = &app;
        async move {
            app.new_browser()
                .post_form("/track", &[("reference", reference), ("contact", contact)])
                .await
        }
    };
    // Wrong contact, unknown reference, right ones: the same answer each time.
    let wrong = ask(reference.clone(), "someone.else@example.net").await;
    assert_eq!(wrong.status().as_u16(), 303);
    let wrong_location = wrong.headers()["location"].to_str().unwrap().to_owned();
    let (other, other_tracking) = sent(&app, &[]).await;
    app.post_form(&format!("{other_tracking}/delete"), &[])
        .await;
    let unknown = ask(other, "resident@example.net").await;
    assert_eq!(unknown.status().as_u16(), 303);
    let spaced = format!("{}-{}", &reference[..5], &reference[5..]).to_lowercase();
    let right = ask(spaced, "  RESIDENT@example.NET ").await;
    assert_eq!(right.status().as_u16(), 303);
    assert_eq!(right.headers()["location"], wrong_location.as_str());
    assert_eq!(unknown.headers()["location"], wrong_location.as_str());
    let answer = app.follow(right).await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        recipients(&app, "tracking-link").await,
        ["Resident@example.net"],
        "sent once, to the address given with it"
    );
    app.dispatch_all_pending_emails().await;
    let again = app
        .mail_written()
        .into_iter()
        .find(|m| m.contains("Your private link"))
        .expect("the link is emailed");
    assert!(
        again.contains(&tracking),
        "the same link as before: it still works"
    );
    assert_eq!(app.get_page(&tracking).await.status, 200);

    // Bad input is told what to fix and sends nothing.
    let response = app
        .post_form(
            "/track",
            &[("reference", "nonsense".into()), ("contact", "".into())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let page = Page::from(response).await;
    assert!(page.has(".error-summary a[href='#reference']"));
    assert!(page.has(".error-summary a[href='#contact']"));
    assert_eq!(recipients(&app, "tracking-link").await.len(), 1);
    assert!(app
        .audit_actions()
        .await
        .contains(&"tracking-link-sent".to_owned()));
}

async fn asking_for_a_lost_link_is_rate_limited(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| {
        s.rate_limits = true;
        s.limit_password_resets_per_hour = 3;
    })
    .await;
    let (reference, _) = sent(&app, &[]).await;
    for _ in 0..3 {
        let r = app
            .post_form(
                "/track",
                &[
                    ("reference", reference.clone()),
                    ("contact", "a@example.net".into()),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
    }
    let limited = app
        .post_form(
            "/track",
            &[
                ("reference", reference),
                ("contact", "a@example.net".into()),
            ],
        )
        .await;
    assert_eq!(limited.status().as_u16(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(
        app.get_page("/track").await.status,
        200,
        "reading the form is not limited"
    );
}

async fn residents_who_gave_only_a_phone_are_answered_by_text_in_their_language(app: TestApp) {
    let bengali = app.new_browser();
    let confirmation = bengali
        .follow(
            bengali
                .post_form(
                    "/feedback?lang=bn",
                    &form_with(&[("phone", "07700 900123"), ("contact_consent", "yes")]),
                )
                .await,
        )
        .await;
    let reference = confirmation.text("#reference");
    let tracking = tracking_path(&confirmation);
    app.dispatch_all_pending_emails().await;
    let texts = app.texts_written();
    assert_eq!(texts.len(), 1, "{texts:?}");
    let text = &texts[0];
    assert!(text.starts_with("To: +447700900123"), "{text}");
    assert!(text.contains("ধন্যবাদ"), "in Bengali: {text}");
    assert!(
        text.contains(&reference) && text.contains(&tracking),
        "{text}"
    );
    let body = text.split_once("\n\n").unwrap().1;
    let segments = app::notify::sms::segments(body);
    assert!(segments.unicode, "Bengali goes as UCS-2");
    assert!(
        segments.count <= app::notify::sms::MAX_SEGMENTS,
        "{segments:?}"
    );
    assert!(
        app.mail_written().iter().all(|m| !m.contains(&tracking)),
        "no email was sent to the resident"
    );

    // A long staff reply goes by text too, shortened to fit, with the link.
    let staff = app.staff().await;
    let long =
        "We have spoken to your practice about the damp and the mould in your flat. ".repeat(8);
    staff_post(
        &staff,
        &reference.replace('-', ""),
        "reply",
        &[("body", &long)],
    )
    .await;
    app.dispatch_all_pending_emails().await;
    let texts = app.texts_written();
    let reply = texts
        .iter()
        .find(|t| t.contains("We have spoken"))
        .expect("the reply is texted");
    let body = reply.split_once("\n\n").unwrap().1;
    assert!(body.contains(&tracking), "{body}");
    assert!(app::notify::sms::segments(body).count <= app::notify::sms::MAX_SEGMENTS);

    // And a lost link asked for by phone, written another way, goes by text.
    let asked = app
        .post_form(
            "/track",
            &[
                ("reference", reference.clone()),
                ("contact", "+44 7700 900 123".into()),
            ],
        )
        .await;
    assert_eq!(asked.status().as_u16(), 303);
    app.dispatch_all_pending_emails().await;
    assert_eq!(app.texts_written().len(), 3);
}

const SERVICE_ID: &str = "26785a09-ab16-4eb0-8407-a37497a57506";
const SECRET: &str = "3d844edf-8d35-48ac-975b-e847b4f122b0";
const TEMPLATE: &str = "f33517ff-2a88-4f6e-b855-c550268ce08a";

/// What a stand-in for GOV.UK Notify received: headers and body of each request.
type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, axum::http::HeaderMap, String)>>>;

/// A local HTTP server answering as Notify does (201 and a notification), recording each
/// request for the test to check against Notify's documentation.
async fn notify_stand_in() -> (String, Received) {
    let received = Received::default();
    let record = received.clone();
    let router = axum::Router::new().fallback(
        move |uri: axum::http::Uri, headers: axum::http::HeaderMap, body: String| {
            let record = record.clone();
            async move {
                record
                    .lock()
                    .unwrap()
                    .push((uri.path().to_owned(), headers, body));
                (
                    axum::http::StatusCode::CREATED,
                    [("content-type", "application/json")],
                    r#"{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","content":{"body":"..."}}"#,
                )
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (address, received)
}

async fn texts_go_through_gov_uk_notify_as_its_documentation_specifies(app: TestApp) {
    use base64::Engine;
    use hmac::Mac;
    let (notify, received) = notify_stand_in().await;
    let app = spawn_app_with(app.backend, move |s| {
        s.notify_api_key = Some(format!("portal_test-{SERVICE_ID}-{SECRET}").into());
        s.notify_template_id = Some(TEMPLATE.to_owned());
        s.notify_base_url = notify;
    })
    .await;
    let (reference, tracking) = sent(
        &app,
        &[("phone", "07700 900123"), ("contact_consent", "yes")],
    )
    .await;
    app.dispatch_all_pending_emails().await;
    assert!(app.texts_written().is_empty(), "Notify, not files");
    let requests = received.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let (path, headers, body) = &requests[0];
    assert_eq!(path, "/v2/notifications/sms");
    assert_eq!(headers["content-type"], "application/json");
    let bearer = headers["authorization"]
        .to_str()
        .unwrap()
        .strip_prefix("Bearer ")
        .expect("a bearer token");
    let parts: Vec<&str> = bearer.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT: header, claims, signature");
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header: serde_json::Value = serde_json::from_slice(&url.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header, serde_json::json!({"typ": "JWT", "alg": "HS256"}));
    let claims: serde_json::Value = serde_json::from_slice(&url.decode(parts[1]).unwrap()).unwrap();
    assert_eq!(claims["iss"], SERVICE_ID);
    let iat = claims["iat"].as_i64().unwrap();
    assert!(
        (chrono::Utc::now().timestamp() - iat).abs() < 30,
        "issued now"
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{}.{}", parts[0], parts[1]).as_bytes());
    mac.verify_slice(&url.decode(parts[2]).unwrap())
        .expect("signed with the key's secret");
    let sent: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(sent["phone_number"], "+447700900123");
    assert_eq!(sent["template_id"], TEMPLATE);
    let words = sent["personalisation"]["body"].as_str().unwrap();
    assert!(words.contains(&tracking), "{words}");
    assert!(words.replace('-', "").contains(&reference), "{words}");
    let texts_sent = count(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE channel = 'text' AND status = 'sent'",
    )
    .await;
    assert_eq!(texts_sent, 1, "marked sent once Notify accepted it");
}

on_both_databases!(
    a_resident_adds_to_their_message_and_staff_see_one_conversation,
    an_addition_is_checked_like_a_message_and_bad_ones_change_nothing,
    a_lost_link_is_sent_again_only_to_the_contact_given,
    asking_for_a_lost_link_is_rate_limited,
    residents_who_gave_only_a_phone_are_answered_by_text_in_their_language,
    texts_go_through_gov_uk_notify_as_its_documentation_specifies,
);
