//! Two-factor sign-in, the account page and the password policy: enrolment, the second
//! step, replay, recovery codes, the requirement for admins, an admin's reset, throttling
//! of codes, common passwords refused with the reason, and sessions ended.

use app::staff::accounts::Role;
use app::staff::two_factor::{code_for_key_text, now, Requirement};
use portal_tests::{on_both_databases, Browser, Page, TestApp, PASSWORD};

/// What an authenticator app holds after set-up, and the codes shown once.
struct Enrolled {
    key: String,
    recovery: Vec<String>,
}

impl Enrolled {
    /// A code for a step after the one used to turn it on (each step is accepted once).
    fn next_code(&self, steps_ahead: u64) -> String {
        code_for_key_text(&self.key, now() + 30 * steps_ahead).unwrap()
    }
}

/// Sets up two-factor from the account pages of a signed-in browser, as a person would.
async fn enrol(browser: &Browser) -> Enrolled {
    let page = browser.get_page("/staff/account/two-factor").await;
    assert!(page.has("svg.qr path"), "a QR code drawn as SVG");
    let key = page.text("#secret");
    let csrf = page.attr("input[name=csrf]", "value").unwrap();
    let code = code_for_key_text(&key, now()).expect("the key is base32");
    let done = Page::from(
        browser
            .post_form(
                "/staff/account/two-factor",
                &[("csrf", csrf), ("code", code)],
            )
            .await,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.text("main"));
    let recovery = done.texts("#recovery-codes li");
    assert_eq!(recovery.len(), 10, "ten recovery codes");
    Enrolled { key, recovery }
}

/// Password then code in a fresh browser; returns the browser and the code step's response.
async fn sign_in_with_code(app: &TestApp, email: &str, code: &str) -> (Browser, reqwest::Response) {
    let browser = app.new_browser();
    let first = browser.sign_in(email, PASSWORD).await;
    assert_eq!(first.status().as_u16(), 303);
    assert_eq!(first.headers()["location"], "/staff/sign-in/code");
    let second = browser
        .post_form("/staff/sign-in/code", &[("code", code.to_owned())])
        .await;
    (browser, second)
}

/// The account page's password form, sent with `csrf`.
async fn change_password(
    browser: &Browser,
    csrf: &str,
    current: &str,
    new: &str,
) -> reqwest::Response {
    browser
        .post_form(
            "/staff/account/password",
            &[
                ("csrf", csrf.to_owned()),
                ("current_password", current.to_owned()),
                ("password", new.to_owned()),
                ("confirm", new.to_owned()),
            ],
        )
        .await
}

/// After a reset: the account's browser is signed out, its password alone signs in again,
/// and the reset is in the audit log.
async fn assert_two_factor_is_off(app: &TestApp, signed_in: &Browser, email: &str) {
    assert_eq!(
        signed_in.get("/staff").await.status().as_u16(),
        303,
        "signed out"
    );
    let response = app.new_browser().sign_in(email, PASSWORD).await;
    assert_eq!(
        response.headers()["location"],
        "/staff",
        "no code asked for"
    );
    assert!(app
        .audit_actions()
        .await
        .contains(&"two-factor-reset".to_owned()));
}

async fn two_factor_columns(app: &TestApp, email: &str) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    app::on_db!(&app.db, pool => sqlx::query_as("SELECT totp_secret, totp_pending FROM staff WHERE email = $1")
        .bind(email).fetch_one(pool).await.unwrap())
}

async fn enrolling_turns_two_factor_on_only_with_a_right_code(app: TestApp) {
    let staff = app.staff().await;
    let account = staff.get_page("/staff/account").await;
    assert_eq!(account.status, 200);
    assert_eq!(account.text("#account-email"), "staff@example.org");
    assert!(account.text("#two-factor-status").starts_with("Off"));

    let setup = staff.get_page("/staff/account/two-factor").await;
    let key = setup.text("#secret");
    assert!(
        key.split(' ').all(|g| g.len() <= 4) && key.len() >= 32,
        "groups of four: {key}"
    );
    assert_eq!(
        staff
            .get_page("/staff/account/two-factor")
            .await
            .text("#secret"),
        key,
        "a reload shows the key already scanned"
    );
    let csrf = setup.attr("input[name=csrf]", "value").unwrap();
    let wrong = code_for_key_text(&key, now() + 300).unwrap();
    for code in [wrong, "".into(), "abcdef".into()] {
        let refused = Page::from(
            staff
                .post_form(
                    "/staff/account/two-factor",
                    &[("csrf", csrf.clone()), ("code", code)],
                )
                .await,
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(refused.text(".error-summary").contains("not right"));
    }
    assert!(staff
        .get_page("/staff/account")
        .await
        .text("#two-factor-status")
        .starts_with("Off"));

    let code = code_for_key_text(&key, now()).unwrap();
    let done = Page::from(
        staff
            .post_form(
                "/staff/account/two-factor",
                &[
                    ("csrf", csrf),
                    ("code", code.replace("", " ").trim().into()),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(done.status, 200);
    assert_eq!(done.header("cache-control").as_deref(), Some("no-store"));
    let codes = done.texts("#recovery-codes li");
    assert_eq!(codes.len(), 10);
    let status = staff
        .get_page("/staff/account")
        .await
        .text("#two-factor-status");
    assert!(status.starts_with("On since"), "{status}");
    assert!(status.contains("10 unused recovery codes"), "{status}");
    assert!(app
        .audit_actions()
        .await
        .contains(&"two-factor-enabled".to_owned()));

    // Sealed at rest: neither the key nor its bytes are in the database.
    let (sealed, pending) = two_factor_columns(&app, "staff@example.org").await;
    assert!(pending.is_none());
    let sealed = sealed.expect("a sealed secret");
    let raw = app::staff::two_factor::key_from_text(&key).unwrap();
    assert!(!sealed.windows(raw.len()).any(|w| w == raw.as_slice()));
    assert!(!String::from_utf8_lossy(&sealed).contains(&key.replace(' ', "")));
    let recovery_hashes: Vec<(Vec<u8>,)> = app::on_db!(&app.db, pool => sqlx::query_as("SELECT code_hash FROM recovery_codes")
        .fetch_all(pool).await.unwrap());
    assert_eq!(recovery_hashes.len(), 10);
    for (hash,) in recovery_hashes {
        assert!(codes
            .iter()
            .all(|c| !String::from_utf8_lossy(&hash).contains(c.as_str())));
    }
}

async fn with_two_factor_on_the_session_starts_only_after_a_right_code(app: TestApp) {
    let staff = app.staff().await;
    let enrolled = enrol(&staff).await;

    let browser = app.new_browser();
    let first = browser.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(first.headers()["location"], "/staff/sign-in/code");
    let inbox = browser.get("/staff").await;
    assert_eq!(
        inbox.status().as_u16(),
        303,
        "no session after the password alone"
    );
    assert!(inbox.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/staff/sign-in"));
    let form = browser.get_page("/staff/sign-in/code").await;
    assert!(form.has("input#code[name=code]"));

    let wrong = enrolled.next_code(10);
    let refused = Page::from(
        browser
            .post_form("/staff/sign-in/code", &[("code", wrong)])
            .await,
    )
    .await;
    assert_eq!(refused.status, 422);
    assert_eq!(browser.get("/staff").await.status().as_u16(), 303);

    let right = browser
        .post_form("/staff/sign-in/code", &[("code", enrolled.next_code(1))])
        .await;
    assert_eq!(right.status().as_u16(), 303);
    assert_eq!(right.headers()["location"], "/staff");
    assert_eq!(browser.get("/staff").await.status().as_u16(), 200);
    let actions = app.audit_actions().await;
    assert!(actions.contains(&"two-factor-failed".to_owned()));

    // The half-finished sign-in is used up: the code page now sends people back.
    let again = browser.get("/staff/sign-in/code").await;
    assert_eq!(again.status().as_u16(), 303);

    // Without a password first there is nothing to answer.
    let stranger = app.new_browser();
    let response = stranger
        .post_form("/staff/sign-in/code", &[("code", enrolled.next_code(1))])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(stranger.get("/staff").await.status().as_u16(), 303);
}

async fn a_code_once_used_is_refused_and_so_are_earlier_ones(app: TestApp) {
    let staff = app.staff().await;
    let enrolled = enrol(&staff).await;
    let code = enrolled.next_code(1);
    let (_, used) = sign_in_with_code(&app, "staff@example.org", &code).await;
    assert_eq!(used.status().as_u16(), 303);
    let (replayer, replayed) = sign_in_with_code(&app, "staff@example.org", &code).await;
    assert_eq!(replayed.status().as_u16(), 422, "the same code again");
    assert_eq!(replayer.get("/staff").await.status().as_u16(), 303);
    let (_, earlier) = sign_in_with_code(&app, "staff@example.org", &enrolled.next_code(0)).await;
    assert_eq!(earlier.status().as_u16(), 422, "a code of an earlier step");
}

async fn a_recovery_code_signs_in_once(app: TestApp) {
    let staff = app.staff().await;
    let enrolled = enrol(&staff).await;
    let code = enrolled.recovery[3].to_uppercase().replace('-', " ");
    let (browser, used) = sign_in_with_code(&app, "staff@example.org", &code).await;
    assert_eq!(used.status().as_u16(), 303);
    assert_eq!(browser.get("/staff").await.status().as_u16(), 200);
    let (_, again) = sign_in_with_code(&app, "staff@example.org", &enrolled.recovery[3]).await;
    assert_eq!(again.status().as_u16(), 422, "used up");
    let status = browser
        .get_page("/staff/account")
        .await
        .text("#two-factor-status");
    assert!(status.contains("9 unused recovery codes"), "{status}");

    // New codes replace the old ones.
    let csrf = browser.csrf_on("/staff/account").await;
    let fresh = Page::from(
        browser
            .post_form("/staff/account/recovery-codes", &[("csrf", csrf)])
            .await,
    )
    .await;
    assert_eq!(fresh.texts("#recovery-codes li").len(), 10);
    let (_, old) = sign_in_with_code(&app, "staff@example.org", &enrolled.recovery[5]).await;
    assert_eq!(old.status().as_u16(), 422, "an old code no longer works");
    let (_, new) = sign_in_with_code(
        &app,
        "staff@example.org",
        &fresh.texts("#recovery-codes li")[0],
    )
    .await;
    assert_eq!(new.status().as_u16(), 303);
}

async fn an_admin_must_set_up_two_factor_before_reaching_anything_else(app: TestApp) {
    let mut app = app;
    app.settings.require_two_factor = Requirement::ADMINS;
    let app = app.restart().await;
    let staff = app.staff().await;
    assert_eq!(
        staff.get("/staff").await.status().as_u16(),
        200,
        "staff are not required"
    );

    let admin = app.admin().await;
    for path in ["/staff", "/admin/accounts", "/insights", "/staff/account"] {
        let response = admin.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        assert_eq!(
            response.headers()["location"],
            "/staff/account/two-factor",
            "{path}"
        );
    }
    // A change is refused the same way, and nothing is made.
    let csrf = admin.csrf_on("/staff/account/two-factor").await;
    let invite = admin
        .post_form(
            "/admin/accounts",
            &[
                ("csrf", csrf),
                ("email", "new@example.org".into()),
                ("name", "New".into()),
                ("role", "staff".into()),
            ],
        )
        .await;
    assert_eq!(invite.headers()["location"], "/staff/account/two-factor");
    assert!(
        app::staff::accounts::find_by_email(&app.db, "new@example.org")
            .await
            .unwrap()
            .is_none()
    );
    let setup = admin.get_page("/staff/account/two-factor").await;
    assert_eq!(setup.status, 200);
    assert!(setup.has("#two-factor-required"));

    enrol(&admin).await;
    assert_eq!(admin.get("/admin/accounts").await.status().as_u16(), 200);
    assert_eq!(admin.get("/staff").await.status().as_u16(), 200);
}

async fn an_admin_reset_turns_it_off_ends_the_sessions_and_emails_the_owner(app: TestApp) {
    let staff = app.staff().await;
    let enrolled = enrol(&staff).await;
    let staff_id = app::staff::accounts::find_by_email(&app.db, "staff@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    // Another member of staff cannot.
    let csrf = staff.csrf_on("/staff/account").await;
    let path = format!("/admin/accounts/{staff_id}/two-factor");
    let refused = staff.post_form(&path, &[("csrf", csrf)]).await;
    assert_eq!(refused.status().as_u16(), 403);

    let admin = app.admin().await;
    let accounts = admin.get_page("/admin/accounts").await;
    assert!(accounts.has(&format!("form[action=\"{path}\"]")));
    let csrf = admin.csrf_on("/admin/accounts").await;
    let reset = admin.post_form(&path, &[("csrf", csrf)]).await;
    assert_eq!(reset.status().as_u16(), 303);

    assert_two_factor_is_off(&app, &staff, "staff@example.org").await;
    let (sealed, pending) = two_factor_columns(&app, "staff@example.org").await;
    assert!(sealed.is_none() && pending.is_none(), "the secret is gone");
    let left: (i64,) = app::on_db!(&app.db, pool => sqlx::query_as("SELECT COUNT(*) FROM recovery_codes")
        .fetch_one(pool).await.unwrap());
    assert_eq!(
        left.0,
        0,
        "and so are the recovery codes ({})",
        enrolled.recovery.len()
    );

    app.dispatch_all_pending_emails().await;
    let mail: Vec<String> = app.mail_written();
    assert!(
        mail.iter().any(|m| m.contains("To: staff@example.org")
            && m.contains("Subject: Your two-factor sign-in was reset")),
        "the owner is told"
    );
}

async fn wrong_codes_lock_the_second_step_for_a_while(app: TestApp) {
    let staff = app.staff().await;
    let enrolled = enrol(&staff).await;
    let browser = app.new_browser();
    browser.sign_in("staff@example.org", PASSWORD).await;
    for _ in 0..5 {
        let wrong = browser
            .post_form("/staff/sign-in/code", &[("code", "000000".to_owned())])
            .await;
        assert_eq!(wrong.status().as_u16(), 422);
    }
    let locked = browser
        .post_form("/staff/sign-in/code", &[("code", enrolled.next_code(1))])
        .await;
    assert_eq!(
        locked.status().as_u16(),
        429,
        "even a right code, once locked"
    );
    assert!(locked.headers().contains_key("retry-after"));
    assert_eq!(browser.get("/staff").await.status().as_u16(), 303);
    // Starting again with the password does not lift the lock on codes.
    let (_, still) = sign_in_with_code(&app, "staff@example.org", &enrolled.next_code(1)).await;
    assert_eq!(still.status().as_u16(), 429);
    assert!(app
        .audit_actions()
        .await
        .contains(&"sign-in-locked".to_owned()));
}

async fn the_command_line_resets_two_factor_when_no_admin_can(app: TestApp) {
    let admin = app.admin().await;
    enrol(&admin).await;
    let reset = |email: &str| {
        server::user_command(
            &app.settings,
            server::config::UserAction::ResetTwoFactor {
                email: email.parse().unwrap(),
            },
        )
    };
    assert!(reset("nobody@example.org").await.is_err());
    reset("Admin@Example.org").await.unwrap();
    assert_two_factor_is_off(&app, &admin, "admin@example.org").await;
}

async fn common_and_guessable_passwords_are_refused_with_the_reason(app: TestApp) {
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff/account").await;
    for weak in [
        "password1234",
        "qwertyuiop123",
        "iloveyou12345",
        "staff@example.org",
        "Have your say 2026",
    ] {
        let refused = Page::from(change_password(&staff, &csrf, PASSWORD, weak).await).await;
        assert_eq!(refused.status, 422, "{weak}");
        assert!(
            refused.text(".error-summary").contains("too easy to guess"),
            "{weak}: {}",
            refused.text(".error-summary")
        );
    }
    let short = Page::from(change_password(&staff, &csrf, PASSWORD, "short").await).await;
    assert!(short.text(".error-summary").contains("at least 12"));
    let wrong_current = Page::from(
        change_password(
            &staff,
            &csrf,
            "not the password",
            "plum kettle orbit lantern",
        )
        .await,
    )
    .await;
    assert_eq!(wrong_current.status, 422);
    assert!(wrong_current
        .text(".error-summary")
        .contains("current password"));
    // Nothing changed: the old password still signs in.
    assert_eq!(
        app.new_browser()
            .sign_in("staff@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );

    // The set-password link applies the same policy.
    let id = app
        .create_staff("new@example.org", Role::Staff, PASSWORD)
        .await;
    let token = app::staff::accounts::issue_password_token(&app.db, id, "reset")
        .await
        .unwrap();
    let refused = Page::from(
        app.new_browser()
            .post_form(
                &format!("/staff/set-password/{token}"),
                &[
                    ("password", "letmein123456".into()),
                    ("confirm", "letmein123456".into()),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(refused.status, 422);
    assert!(refused.text(".error-summary").contains("too easy to guess"));
}

async fn changing_the_password_ends_every_other_session_and_keeps_this_one(app: TestApp) {
    let staff = app.staff().await;
    let elsewhere = app.new_browser();
    elsewhere.sign_in("staff@example.org", PASSWORD).await;
    let account = staff.get_page("/staff/account").await;
    assert_eq!(
        account.texts("#sessions tbody tr").len(),
        2,
        "two sessions listed"
    );
    assert_eq!(
        account
            .texts("#sessions tbody tr")
            .iter()
            .filter(|r| r.contains("This browser"))
            .count(),
        1
    );

    let new_password = "plum kettle orbit lantern";
    let csrf = account
        .attr(
            "form[action=\"/staff/account/password\"] input[name=csrf]",
            "value",
        )
        .unwrap();
    let changed = change_password(&staff, &csrf, PASSWORD, new_password).await;
    assert_eq!(changed.status().as_u16(), 303);
    let page = staff.follow(changed).await;
    assert_eq!(page.status, 200, "still signed in here");
    assert!(page.text("#saved").contains("password is changed"));
    assert_eq!(
        elsewhere.get("/staff").await.status().as_u16(),
        303,
        "signed out elsewhere"
    );
    assert_eq!(
        app.new_browser()
            .sign_in("staff@example.org", PASSWORD)
            .await
            .status()
            .as_u16(),
        422,
        "the old password no longer works"
    );
    assert_eq!(
        app.new_browser()
            .sign_in("staff@example.org", new_password)
            .await
            .status()
            .as_u16(),
        303
    );
}

async fn sign_out_everywhere_else_keeps_only_this_browser(app: TestApp) {
    let staff = app.staff().await;
    let phone = app.new_browser();
    phone.sign_in("staff@example.org", PASSWORD).await;
    assert_eq!(phone.get("/staff").await.status().as_u16(), 200);
    let csrf = staff.csrf_on("/staff/account").await;
    let ended = staff
        .post_form("/staff/account/sessions", &[("csrf", csrf)])
        .await;
    let page = staff.follow(ended).await;
    assert!(page.text("#saved").contains("signed out everywhere else"));
    assert_eq!(page.texts("#sessions tbody tr").len(), 1);
    assert_eq!(phone.get("/staff").await.status().as_u16(), 303);
    assert!(app
        .audit_actions()
        .await
        .contains(&"sessions-ended".to_owned()));
    // Without the token, nothing happens.
    let forged = staff
        .post_form("/staff/account/sessions", &[("csrf", "forged".to_owned())])
        .await;
    assert_eq!(forged.status().as_u16(), 403);
}

on_both_databases!(
    enrolling_turns_two_factor_on_only_with_a_right_code,
    with_two_factor_on_the_session_starts_only_after_a_right_code,
    a_code_once_used_is_refused_and_so_are_earlier_ones,
    a_recovery_code_signs_in_once,
    an_admin_must_set_up_two_factor_before_reaching_anything_else,
    an_admin_reset_turns_it_off_ends_the_sessions_and_emails_the_owner,
    wrong_codes_lock_the_second_step_for_a_while,
    the_command_line_resets_two_factor_when_no_admin_can,
    common_and_guessable_passwords_are_refused_with_the_reason,
    changing_the_password_ends_every_other_session_and_keeps_this_one,
    sign_out_everywhere_else_keeps_only_this_browser,
);
