//! Rate limits: the limit holds, other clients are unaffected, the 429 page is friendly, and
//! a client cannot pick its own address unless a trusted proxy header is configured.

use portal_tests::{form_with, on_both_databases, spawn_app_with, Page, TestApp};

async fn strict(app: &TestApp, trusted_header: bool) -> TestApp {
    spawn_app_with(app.backend, move |s| {
        s.rate_limits = true;
        s.limit_submissions_per_hour = 3;
        s.limit_tracking_per_minute = 5;
        s.trusted_proxy_header = trusted_header.then(|| "x-forwarded-for".parse().unwrap());
    })
    .await
}

async fn submit_from(app: &TestApp, address: &str) -> reqwest::Response {
    app.client
        .post(app.url("/feedback"))
        .header("Accept", "text/html")
        .header("X-Forwarded-For", format!("198.51.100.7, {address}"))
        .form(&form_with(&[]))
        .send()
        .await
        .unwrap()
}

on_both_databases! {
    async fn submissions_are_limited_per_client_with_a_friendly_page(app) {
        let app = strict(&app, true).await;
        for _ in 0..3 {
            assert_eq!(submit_from(&app, "203.0.113.1").await.status().as_u16(), 303);
        }
        let limited = submit_from(&app, "203.0.113.1").await;
        assert_eq!(limited.status().as_u16(), 429);
        let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry > 3000 && retry <= 3600, "{retry}");
        let page = Page::from(limited).await;
        assert_eq!(page.text("h1"), "Too many attempts from your connection");
        assert!(page.header("content-security-policy").is_some());
        assert_eq!(app.count_submissions().await, 3, "the limited one is not stored");
        assert_eq!(submit_from(&app, "203.0.113.2").await.status().as_u16(), 303, "other clients are unaffected");
        assert_eq!(app.get("/feedback").await.status().as_u16(), 200, "reading the form is not limited");
    }

    async fn without_a_trusted_proxy_header_clients_cannot_choose_their_address(app) {
        let app = strict(&app, false).await;
        for i in 0..3 {
            assert_eq!(submit_from(&app, &format!("203.0.113.{i}")).await.status().as_u16(), 303);
        }
        assert_eq!(submit_from(&app, "203.0.113.99").await.status().as_u16(), 429, "the header is ignored");
    }

    async fn tracking_link_guessing_is_limited(app) {
        let app = strict(&app, false).await;
        for _ in 0..5 {
            assert_eq!(app.get(&format!("/track/{}", "A".repeat(43))).await.status().as_u16(), 404);
        }
        assert_eq!(app.get(&format!("/track/{}", "B".repeat(43))).await.status().as_u16(), 429);
    }
}
