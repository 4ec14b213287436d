//! Staff: accounts, sign-in with throttling, sessions, CSRF, roles, the inbox, the item page
//! and the audit trail.

use app::staff::accounts::Role;
use portal_tests::{form_with, on_both_databases, Page, TestApp, PASSWORD};

async fn signed_in(app: &TestApp, email: &str, role: Role) -> i64 {
    let id = app.create_staff(email, role, PASSWORD).await;
    let response = app.sign_in(email, PASSWORD).await;
    assert_eq!(response.status().as_u16(), 303, "signed in");
    id
}

/// A sign-in from `address`, as a trusted proxy would report it, in a browser of its own.
async fn sign_in_from(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let browser = app.new_browser();
    let form = browser.get_page("/staff/sign-in").await;
    let csrf = form
        .attr("input[name=csrf]", "value")
        .expect("a sign-in token");
    browser
        .client
        .post(browser.url("/staff/sign-in"))
        .header("Accept", "text/html")
        .header("X-Forwarded-For", address)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/staff"),
        ])
        .send()
        .await
        .unwrap()
}

/// Every CSRF token in the forms of a page.
fn csrf_tokens(page: &Page) -> Vec<String> {
    let selector = scraper::Selector::parse("input[name=csrf]").unwrap();
    page.html
        .select(&selector)
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect()
}

async fn staff_pages_ask_for_sign_in_first(app: TestApp) {
    for path in ["/staff", "/staff/submissions/ABCDE12345", "/admin/audit"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/staff/sign-in?next="), "{location}");
    }
    let page = app.get_page("/staff/sign-in").await;
    assert_eq!(page.status, 200);
    assert!(page.has("input[type=password][autocomplete=current-password]"));
}

async fn a_member_of_staff_signs_in_with_a_fresh_secure_session_and_signs_out(app: TestApp) {
    app.create_staff("triage@example.org", Role::Staff, PASSWORD)
        .await;
    let response = app.sign_in("Triage@Example.org", PASSWORD).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/staff");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("portal_session="))
        .expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let inbox = app.get_page("/staff").await;
    assert_eq!(inbox.status, 200);
    assert_eq!(inbox.text("h1"), "Inbox");

    // Signing in again gives a different session id.
    let again = app.sign_in("triage@example.org", PASSWORD).await;
    let second = again
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("portal_session="))
        .unwrap();
    assert_ne!(cookie, second);

    let csrf = app.csrf_on("/staff").await;
    let out = app.post_form("/staff/sign-out", &[("csrf", csrf)]).await;
    assert_eq!(out.status().as_u16(), 303);
    assert_eq!(app.get("/staff").await.status().as_u16(), 303, "signed out");
    let actions = app.audit_actions().await;
    assert!(
        actions.contains(&"sign-in".to_owned()) && actions.contains(&"sign-out".to_owned()),
        "{actions:?}"
    );
}

async fn a_wrong_password_and_an_unknown_account_get_the_same_answer(app: TestApp) {
    app.create_staff("staff@example.org", Role::Staff, PASSWORD)
        .await;
    let wrong = Page::from(
        app.sign_in("staff@example.org", "not the password at all")
            .await,
    )
    .await;
    let unknown = Page::from(app.sign_in("nobody@example.org", PASSWORD).await).await;
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, 422);
    assert_eq!(
        wrong.text(".error-summary a"),
        unknown.text(".error-summary a")
    );
    assert!(wrong.text(".error-summary a").contains("not right"));
    assert!(
        !wrong.body.contains("not the password"),
        "the password is never echoed"
    );
    assert!(
        app.audit_actions()
            .await
            .iter()
            .filter(|a| *a == "sign-in-failed")
            .count()
            == 2
    );
}

async fn repeated_failures_lock_the_account_with_a_clear_message(app: TestApp) {
    app.create_staff("locked@example.org", Role::Staff, PASSWORD)
        .await;
    for _ in 0..5 {
        assert_eq!(
            app.sign_in("locked@example.org", "wrong password here")
                .await
                .status()
                .as_u16(),
            422
        );
    }
    let locked = app.sign_in("locked@example.org", PASSWORD).await;
    assert_eq!(
        locked.status().as_u16(),
        429,
        "even the right password waits"
    );
    assert!(locked.headers().contains_key("retry-after"));
    let page = Page::from(locked).await;
    assert!(page.text(".error-summary a").contains("Too many attempts"));
    let other = app.new_browser();
    app.create_staff("other@example.org", Role::Staff, PASSWORD)
        .await;
    assert_eq!(
        other
            .sign_in("other@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303,
        "other accounts are unaffected"
    );
}

async fn strangers_failing_cannot_lock_the_owner_out(app: TestApp) {
    // Issue 12, finding 6: failures from other addresses slow the account down a little
    // but never keep its owner, at an address of their own, out.
    let app = portal_tests::spawn_app_with(app.backend, |s| {
        s.trusted_proxy_header = Some("x-forwarded-for".parse().unwrap())
    })
    .await;
    app.create_staff("owner@example.org", Role::Staff, PASSWORD)
        .await;
    let attempts = (0..15)
        .map(|i| format!("203.0.113.{i}"))
        .chain((0..5).map(|_| "198.51.100.66".to_owned()))
        .collect::<Vec<_>>();
    let failed = futures_util::future::join_all(
        attempts
            .iter()
            .map(|a| sign_in_from(&app, a, "owner@example.org", "a wrong guess at it")),
    )
    .await;
    for response in failed {
        assert_eq!(response.status().as_u16(), 422);
    }

    let started = std::time::Instant::now();
    let owner = sign_in_from(&app, "192.0.2.10", "owner@example.org", PASSWORD).await;
    let took = started.elapsed();
    assert_eq!(owner.status().as_u16(), 303, "the owner gets in");
    assert!(
        took < std::time::Duration::from_secs(5),
        "within a few seconds: {took:?}"
    );

    // The address that failed five times is locked out of this account, even with the
    // right password; its other accounts are not.
    let guesser = sign_in_from(&app, "198.51.100.66", "owner@example.org", PASSWORD).await;
    assert_eq!(guesser.status().as_u16(), 429);
    assert!(guesser.headers().contains_key("retry-after"));
    app.create_staff("colleague@example.org", Role::Staff, PASSWORD)
        .await;
    assert_eq!(
        sign_in_from(&app, "198.51.100.66", "colleague@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );

    // Every attempt on the account now waits before its password is checked.
    let started = std::time::Instant::now();
    let slowed = sign_in_from(
        &app,
        "192.0.2.11",
        "owner@example.org",
        "another wrong guess",
    )
    .await;
    assert_eq!(slowed.status().as_u16(), 422, "slowed, not refused");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(2500),
        "slowed down: {:?}",
        started.elapsed()
    );
}

async fn every_form_carries_a_differently_masked_token_and_all_of_them_verify(app: TestApp) {
    // Issue 12, finding 9 (BREACH): the token differs in every form of every response, the
    // session's own token never appears, and each masked form of it is accepted.
    signed_in(&app, "staff@example.org", Role::Staff).await;
    let reference = app.send_feedback(&[]).await;
    let path = format!("/staff/submissions/{reference}");
    let first = app.get_page(&format!("{path}?q=csrf")).await;
    let second = app.get_page(&path).await;
    let (a, b) = (csrf_tokens(&first), csrf_tokens(&second));
    assert!(a.len() > 3, "the item page has several forms: {a:?}");
    let mut all: Vec<&String> = a.iter().chain(&b).collect();
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        count,
        "every form of every load has its own token"
    );

    let raw: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT csrf_token FROM sessions").fetch_all(pool).await.unwrap());
    assert_eq!(raw.len(), 1);
    for page in [&first, &second, &app.get_page("/staff").await] {
        assert!(
            !page.body.contains(&raw[0]),
            "the session's token itself is never in a page"
        );
    }

    for (token, note) in [(&a[0], "First load"), (&b[b.len() - 1], "Second load")] {
        let response = app
            .post_form(
                &format!("{path}/notes"),
                &[("csrf", token.clone()), ("body", note.into())],
            )
            .await;
        assert_eq!(response.status().as_u16(), 303, "{note}");
    }
    assert_eq!(
        app.post_form(
            &format!("{path}/notes"),
            &[("csrf", a[0].clone()), ("body", "Again".into())]
        )
        .await
        .status()
        .as_u16(),
        303,
        "a token may be used again"
    );

    let mut tampered = a[0].clone().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    for token in [
        tampered,
        raw[0].clone(),
        format!("{}x", a[0]),
        String::new(),
    ] {
        let refused = Page::from(
            app.post_form(
                &format!("{path}/notes"),
                &[("csrf", token.clone()), ("body", "Forged".into())],
            )
            .await,
        )
        .await;
        assert_eq!(refused.status, 403, "{token:?}");
        assert_eq!(refused.text("h1"), "You cannot do that");
    }
    let item = app.get_page(&path).await;
    assert!(
        item.body.contains("First load")
            && item.body.contains("Second load")
            && !item.body.contains("Forged")
    );

    // The sign-out button's token works too, from an older page.
    let nav = first
        .attr("form[action='/staff/sign-out'] input[name=csrf]", "value")
        .unwrap();
    assert_eq!(
        app.post_form("/staff/sign-out", &[("csrf", nav)])
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(app.get("/staff").await.status().as_u16(), 303, "signed out");
}

async fn a_sign_in_form_from_another_site_is_refused(app: TestApp) {
    app.create_staff("staff@example.org", Role::Staff, PASSWORD)
        .await;
    let response = app
        .post_form(
            "/staff/sign-in",
            &[
                ("email", "staff@example.org".into()),
                ("password", PASSWORD.into()),
                ("csrf", "forged".into()),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 403);
}

async fn every_staff_change_needs_the_session_csrf_token(app: TestApp) {
    signed_in(&app, "staff@example.org", Role::Staff).await;
    let reference = app.send_feedback(&[]).await;
    for (action, field) in [
        ("update", "status"),
        ("notes", "body"),
        ("reply", "body"),
        ("themes", "themes"),
        ("safeguarding", "reason"),
    ] {
        let path = format!("/staff/submissions/{reference}/{action}");
        let response = app
            .post_form(
                &path,
                &[
                    ("csrf", "wrong".into()),
                    (field, "in-review".into()),
                    ("priority", "normal".into()),
                ],
            )
            .await;
        assert_eq!(
            response.status().as_u16(),
            403,
            "{action} without the token"
        );
    }
    let out = app
        .post_form("/staff/sign-out", &[("csrf", "wrong".into())])
        .await;
    assert_eq!(out.status().as_u16(), 403);
    assert_eq!(
        app.get("/staff").await.status().as_u16(),
        200,
        "still signed in"
    );
}

async fn commissioners_never_see_the_inbox_or_a_submission(app: TestApp) {
    signed_in(&app, "commissioner@example.org", Role::Commissioner).await;
    let reference = app
        .send_feedback(&[
            ("email", "resident@example.net"),
            ("contact_consent", "yes"),
        ])
        .await;
    for path in [
        "/staff".to_owned(),
        format!("/staff/submissions/{reference}"),
        "/admin/audit".to_owned(),
    ] {
        let page = app.get_page(&path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(!page.body.contains("resident@example.net"));
    }
}

async fn the_inbox_filters_searches_counts_and_pages(app: TestApp) {
    let me = signed_in(&app, "staff@example.org", Role::Staff).await;
    let housing = app
        .send_feedback(&[
            ("topic", "housing"),
            ("message", "Mould in the bedroom again"),
        ])
        .await;
    let idea = app
        .send_feedback(&[
            ("kind", "idea"),
            ("topic", "physical-activity"),
            ("practice", "SAMPLE05"),
            ("message", "A walking group by the canal"),
        ])
        .await;
    let urgent = app
        .send_feedback(&[
            ("topic", "mental-wellbeing"),
            ("message", "I want to end my life"),
        ])
        .await;
    for _ in 0..26 {
        app.send_feedback(&[
            ("topic", "benefits"),
            ("message", "Universal Credit question"),
        ])
        .await;
    }

    let page = app.get_page("/staff").await;
    assert!(
        page.texts(".status-counts a")
            .iter()
            .any(|t| t == "New (29)"),
        "{:?}",
        page.texts(".status-counts a")
    );
    assert_eq!(
        page.texts("table.inbox tbody tr").len(),
        25,
        "a page holds 25"
    );
    assert!(page.has("a[rel=next]"));
    let second = app
        .get_page(&page.attr("a[rel=next]", "href").unwrap())
        .await;
    assert_eq!(second.texts("table.inbox tbody tr").len(), 4);

    let only = |p: &Page| p.texts("table.inbox tbody tr td:first-child a");
    let search = app.get_page("/staff?q=walking+GROUP").await;
    assert_eq!(only(&search).len(), 1);
    assert_eq!(only(&search)[0].replace('-', ""), idea);
    assert_eq!(only(&app.get_page("/staff?kind=idea").await).len(), 1);
    assert_eq!(
        only(&app.get_page("/staff?topic=housing").await)[0].replace('-', ""),
        housing
    );
    assert_eq!(
        only(&app.get_page("/staff?practice=SAMPLE05").await).len(),
        1
    );
    assert_eq!(
        only(&app.get_page("/staff?urgent=on").await)[0].replace('-', ""),
        urgent
    );
    assert_eq!(only(&app.get_page("/staff?priority=urgent").await).len(), 1);
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        only(
            &app.get_page(&format!("/staff?from={today}&to={today}"))
                .await
        )
        .len(),
        25
    );
    assert_eq!(
        only(&app.get_page("/staff?from=2001-01-01&to=2001-01-02").await).len(),
        0
    );
    assert_eq!(only(&app.get_page("/staff?assignee=me").await).len(), 0);

    let csrf = app.csrf_on(&format!("/staff/submissions/{housing}")).await;
    app.post_form(
        &format!("/staff/submissions/{housing}/update"),
        &[
            ("csrf", csrf),
            ("status", "in-review".into()),
            ("priority", "high".into()),
            ("assignee", me.to_string()),
        ],
    )
    .await;
    let mine = app.get_page("/staff?assignee=me").await;
    assert_eq!(
        only(&mine),
        [format!("{}-{}", &housing[..5], &housing[5..])]
    );
    assert_eq!(
        only(&app.get_page("/staff?status=in-review").await).len(),
        1
    );
    assert!(app
        .get_page("/staff?q=%3Cscript%3E")
        .await
        .has(".inbox-empty"));
}

async fn an_inbox_filter_that_is_not_a_date_or_a_choice_is_refused_with_what_to_fix(app: TestApp) {
    signed_in(&app, "staff@example.org", Role::Staff).await;
    app.send_feedback(&[
        ("topic", "housing"),
        ("message", "Mould in the bedroom again"),
    ])
    .await;
    let before = app.audit_actions().await.len();
    for (query, fields) in [
        ("status=lost", vec!["#status"]),
        ("priority=URGENT&topic=flats", vec!["#topic", "#priority"]),
        ("assignee=someone", vec!["#assignee"]),
        ("from=31%2F01%2F2026&to=2026-02-30", vec!["#from", "#to"]),
        ("from=2026-02-01&to=2026-01-01", vec!["#from"]),
    ] {
        let page = app.get_page(&format!("/staff?{query}")).await;
        assert_eq!(page.status, 422, "{query}");
        let links: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        let summary: Vec<String> = page.attrs(".error-summary a", "href");
        assert_eq!(summary, links, "{query}");
        assert!(
            page.texts("table.inbox tbody tr").is_empty(),
            "{query}: nothing is listed"
        );
        assert!(!page.has(".inbox-empty"), "{query}");
    }
    assert_eq!(
        app.audit_actions().await.len(),
        before,
        "nothing was read, so nothing is logged"
    );
    assert_eq!(
        app.get_page("/staff?status=new&priority=normal&assignee=none")
            .await
            .status,
        200
    );
}

async fn the_item_page_shows_everything_and_every_change_is_audited(app: TestApp) {
    let smtp = portal_tests::SmtpServer::start().await;
    let url = smtp.url();
    let app = portal_tests::spawn_app_with(app.backend, move |s| {
        s.smtp_url = Some(url.into());
        s.safeguarding_email = Some("safeguarding@example.org".parse().unwrap());
    })
    .await;
    let me = signed_in(&app, "staff@example.org", Role::Staff).await;
    let reference = app
        .send_feedback(&[
            ("name", "Sample Resident"),
            ("email", "resident@example.net"),
            ("contact_consent", "yes"),
            ("message", "The damp <script>alert(1)</script> is back"),
        ])
        .await;
    let path = format!("/staff/submissions/{reference}");
    let item = app.get_page(&path).await;
    assert_eq!(item.status, 200);
    assert!(item.body.contains("Sample Resident") && item.body.contains("resident@example.net"));
    assert_eq!(item.text(".resident-text"), "The damp is back");
    assert!(!item.has("script"));
    let csrf = item.attr("input[name=csrf]", "value").unwrap();
    let post = |action: &str, fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf", csrf.clone()));
        let p = format!("{path}/{action}");
        let app = &app;
        async move { app.post_form(&p, &fields).await }
    };
    assert_eq!(
        post(
            "update",
            vec![
                ("status", "in-progress".into()),
                ("priority", "high".into()),
                ("assignee", me.to_string())
            ]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(
        post(
            "themes",
            vec![("themes", "Damp, housing repairs, damp".into())]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(
        post(
            "notes",
            vec![("body", "Called the housing officer.".into())]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(
        post(
            "reply",
            vec![("body", "We have asked your landlord to visit.".into())]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(
        post(
            "safeguarding",
            vec![
                ("body", String::new()),
                ("reason", "Mentions a child at risk".into())
            ]
        )
        .await
        .status()
        .as_u16(),
        303
    );
    assert_eq!(
        post(
            "update",
            vec![("status", "flying".into()), ("priority", "high".into())]
        )
        .await
        .status()
        .as_u16(),
        400
    );
    assert_eq!(
        post("notes", vec![("body", "   ".into())])
            .await
            .status()
            .as_u16(),
        400
    );

    let item = app.get_page(&format!("{path}?saved=1")).await;
    assert!(
        item.has("#status option[value=responded][selected]"),
        "a reply marks it responded"
    );
    assert!(
        item.has("#priority option[value=urgent][selected]"),
        "a safeguarding flag makes it urgent"
    );
    // "housing repairs" is on the kept list and ticked; "damp" waits for an admin, in the box.
    assert!(item.has("input[name=theme][value='housing repairs'][checked]"));
    assert_eq!(item.attr("#themes-input", "value").as_deref(), Some("damp"));
    assert!(item.body.contains("Called the housing officer."));
    assert!(item.body.contains("Mentions a child at risk"));
    assert!(item.has(".notice"));

    // The resident sees the reply, not the note.
    let actions = app.audit_actions().await;
    for expected in [
        "submission-viewed",
        "submission-updated",
        "themes-set",
        "note-added",
        "reply-published",
        "safeguarding-flagged",
    ] {
        assert!(
            actions.contains(&expected.to_owned()),
            "{expected} missing from {actions:?}"
        );
    }
    let emails = smtp.wait_for(4, std::time::Duration::from_secs(20)).await;
    let reply = emails
        .iter()
        .find(|e| e.subject.contains("replied"))
        .expect("the reply is emailed");
    assert_eq!(reply.recipients, ["resident@example.net"]);
    assert!(reply.text.contains("We have asked your landlord to visit."));
    let flag = emails
        .iter()
        .find(|e| e.subject.starts_with("SAFEGUARDING"))
        .expect("the safeguarding contact is told");
    assert_eq!(flag.recipients, ["safeguarding@example.org"]);
    assert!(
        !flag.raw.contains("child at risk"),
        "the reason stays in the portal"
    );
}

async fn the_resident_sees_a_published_reply_on_their_tracking_page(app: TestApp) {
    signed_in(&app, "staff@example.org", Role::Staff).await;
    let confirmation = app.follow(app.submit_feedback(&form_with(&[])).await).await;
    let reference = confirmation.text("#reference").replace('-', "");
    let tracking = portal_tests::tracking_path(&confirmation);
    let csrf = app
        .csrf_on(&format!("/staff/submissions/{reference}"))
        .await;
    app.post_form(
        &format!("/staff/submissions/{reference}/reply"),
        &[
            ("csrf", csrf.clone()),
            ("body", "Thank you, we have passed this on.".into()),
        ],
    )
    .await;
    app.post_form(
        &format!("/staff/submissions/{reference}/notes"),
        &[("csrf", csrf), ("body", "Internal only".into())],
    )
    .await;
    let resident = app.new_browser();
    let page = resident.get_page(&tracking).await;
    assert!(page.body.contains("Thank you, we have passed this on."));
    assert!(!page.body.contains("Internal only"));
    assert!(page.text(".tag").contains("Replied"));
    let emailed: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'reply-to-resident'").fetch_one(pool).await.unwrap());
    assert_eq!(emailed, 0, "no email without contact consent");
}

async fn admins_read_and_filter_the_audit_log(app: TestApp) {
    signed_in(&app, "admin@example.org", Role::Admin).await;
    let reference = app.send_feedback(&[]).await;
    app.get_page(&format!("/staff/submissions/{reference}"))
        .await;
    let page = app
        .get_page(&format!("/admin/audit?reference={reference}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(page
        .texts("tbody tr td:nth-child(3)")
        .contains(&"submission-viewed".to_owned()));
    let staff = app.staff().await;
    assert_eq!(staff.get_page("/admin/audit").await.status, 403);
}

async fn a_set_up_link_sets_a_password_once(app: TestApp) {
    use app::staff::accounts;
    let id = accounts::create(&app.db, "new@example.org", "New Staff", Role::Staff)
        .await
        .unwrap();
    let token = accounts::issue_password_token(&app.db, id, "setup")
        .await
        .unwrap();
    let path = format!("/staff/set-password/{token}");
    let form = app.get_page(&path).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("new@example.org"));
    let short = Page::from(
        app.post_form(
            &path,
            &[("password", "short".into()), ("confirm", "short".into())],
        )
        .await,
    )
    .await;
    assert_eq!(short.status, 422);
    let mismatch = Page::from(
        app.post_form(
            &path,
            &[
                ("password", PASSWORD.into()),
                ("confirm", "something else entirely".into()),
            ],
        )
        .await,
    )
    .await;
    assert_eq!(mismatch.status, 422);
    let done = app
        .post_form(
            &path,
            &[("password", PASSWORD.into()), ("confirm", PASSWORD.into())],
        )
        .await;
    assert_eq!(done.status().as_u16(), 303);
    assert_eq!(app.get_page(&path).await.status, 404, "the link works once");
    assert_eq!(
        app.sign_in("new@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}

on_both_databases!(
    staff_pages_ask_for_sign_in_first,
    a_member_of_staff_signs_in_with_a_fresh_secure_session_and_signs_out,
    a_wrong_password_and_an_unknown_account_get_the_same_answer,
    repeated_failures_lock_the_account_with_a_clear_message,
    strangers_failing_cannot_lock_the_owner_out,
    every_form_carries_a_differently_masked_token_and_all_of_them_verify,
    a_sign_in_form_from_another_site_is_refused,
    every_staff_change_needs_the_session_csrf_token,
    commissioners_never_see_the_inbox_or_a_submission,
    the_inbox_filters_searches_counts_and_pages,
    an_inbox_filter_that_is_not_a_date_or_a_choice_is_refused_with_what_to_fix,
    the_item_page_shows_everything_and_every_change_is_audited,
    the_resident_sees_a_published_reply_on_their_tracking_page,
    admins_read_and_filter_the_audit_log,
    a_set_up_link_sets_a_password_once,
);
