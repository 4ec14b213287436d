//! Redirects to a place the request chose (issue 12, finding 1): the language switch's
//! `next`, the sign-in `next`, and the page a signed-out visitor asked for all go through one
//! gate, and a browser given any of them stays on this site.

use app::staff::accounts::Role;
use portal_tests::{on_both_databases, TestApp, PASSWORD};

/// Places a browser would read as another site, as a script, or as a header injection, once
/// the query string is decoded. The first is the reviewer's.
const HOSTILE: &[&str] = &[
    "/\t/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: portal_session=planted",
    "/\t\t/evil.example",
    "\t//evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/ /evil.example",
    "/\u{0}/evil.example",
    "/%09/evil.example",
    "/%0d%0a/evil.example",
    "/%5C%5Cevil.example",
    "/%C0%AF%C0%AFevil.example",
    "http://evil.example/",
    "https://evil.example/staff",
    "javascript:alert(1)",
    "data:text/html,hello",
    "evil.example",
    "/\u{ff0f}evil.example",
    "/\u{2215}evil.example",
    "/\u{202e}elpmaxe.live",
    "/staff\t/evil.example",
    "/staff/../\\evil.example",
    "/a#//evil.example",
    "",
];

fn location(response: &reqwest::Response) -> String {
    String::from_utf8_lossy(response.headers()["location"].as_bytes()).into_owned()
}

async fn choose_language(app: &TestApp, next: &str) -> reqwest::Response {
    app.client
        .get(app.url("/language/en"))
        .query(&[("next", next)])
        .send()
        .await
        .unwrap()
}

async fn sign_in_then_go_to(app: &TestApp, next: &str) -> reqwest::Response {
    let form = app.get_page("/staff/sign-in").await;
    let csrf = form.attr("input[name=csrf]", "value").unwrap();
    app.post_form(
        "/staff/sign-in",
        &[
            ("email", "staff@example.org".to_owned()),
            ("password", PASSWORD.to_owned()),
            ("csrf", csrf),
            ("next", next.to_owned()),
        ],
    )
    .await
}

async fn the_language_switch_goes_only_to_a_page_of_this_site(app: TestApp) {
    // The reviewer's request, exactly as sent.
    let response = app.get("/language/en?next=/%09/evil.example").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(location(&response), "/");
    for next in HOSTILE {
        let response = choose_language(&app, next).await;
        assert_eq!(response.status().as_u16(), 303, "{next:?}");
        assert_eq!(location(&response), "/", "{next:?} is not followed");
        assert!(
            response.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .starts_with("lang=en;"),
            "the choice is still kept"
        );
    }
    for next in [
        "/feedback",
        "/staff?q=damp+flat&status=new",
        "/track/AbC-_0123456789",
        "/%2F%2Fevil.example",
    ] {
        assert_eq!(
            location(&choose_language(&app, next).await),
            next,
            "{next:?} is a page of ours"
        );
    }
    // The switch on every page links back to that page, and following it works.
    let page = app.get_page("/privacy").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("html", "lang").as_deref(), Some("en"));
}

async fn signing_in_goes_only_to_a_staff_page(app: TestApp) {
    app.create_staff("staff@example.org", Role::Staff, PASSWORD)
        .await;
    for next in HOSTILE
        .iter()
        .chain(&["/feedback", "/staffroom", "/staff/../feedback"])
    {
        let response = sign_in_then_go_to(&app, next).await;
        assert_eq!(response.status().as_u16(), 303, "{next:?}");
        assert_eq!(location(&response), "/staff", "{next:?} is not followed");

        // The sign-in page never carries such a place in its form either.
        let form = app
            .get_page(&format!(
                "/staff/sign-in?next={}",
                url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(
            form.attr("input[name=next]", "value").as_deref(),
            Some("/staff"),
            "{next:?}"
        );
    }
    for next in [
        "/staff/submissions/ABCDE12345",
        "/admin/audit?reference=ABCDE12345",
        "/insights?period=week",
    ] {
        assert_eq!(location(&sign_in_then_go_to(&app, next).await), next);
    }
}

async fn a_signed_out_visitor_is_sent_to_sign_in_with_a_safe_return_path(app: TestApp) {
    let cases = [
        ("/staff?q=damp", "/staff?q=damp"),
        (
            "/admin/audit?reference=ABCDE12345",
            "/admin/audit?reference=ABCDE12345",
        ),
        ("/staff?q=%09%2F%2Fevil.example", "/staff"),
        ("/staff?q=%5C", "/staff"),
    ];
    for (path, expected) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 303, "{path}");
        let location = location(&response);
        let next = location
            .strip_prefix("/staff/sign-in?next=")
            .unwrap_or_else(|| panic!("{location}"));
        let next: String = url::form_urlencoded::parse(format!("n={next}").as_bytes())
            .next()
            .unwrap()
            .1
            .into_owned();
        assert_eq!(next, expected, "{path}");
    }
}

on_both_databases!(
    the_language_switch_goes_only_to_a_page_of_this_site,
    signing_in_goes_only_to_a_staff_page,
    a_signed_out_visitor_is_sent_to_sign_in_with_a_safe_return_path,
);
