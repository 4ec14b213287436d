//! Site-wide behaviour: headers, information pages, error pages, health, assets.

use portal_tests::{on_both_databases, tracking_path, valid_form, Page, TestApp};

async fn every_kind_of_response_carries_the_security_headers(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    let tracking = tracking_path(&confirmation);
    let stylesheet = app
        .get_page("/")
        .await
        .attr("link[rel=stylesheet]", "href")
        .unwrap();
    for path in [
        "/",
        "/feedback",
        "/privacy",
        "/accessibility",
        "/no-such-page",
        "/track/nope",
        tracking.as_str(),
        stylesheet.as_str(),
    ] {
        let page = app.get_page(path).await;
        let csp = page
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("no CSP on {path}"));
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("script-src"),
            "no script may run: {csp}"
        );
        assert_eq!(
            page.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            page.header("referrer-policy").as_deref(),
            Some("no-referrer"),
            "{path}"
        );
    }
    let posted = app.submit_feedback(&valid_form()).await;
    assert_eq!(posted.headers()["referrer-policy"], "no-referrer");
    assert!(posted.headers().contains_key("content-security-policy"));
}

async fn pages_with_personal_data_are_never_cached(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    assert_eq!(
        confirmation.header("cache-control").as_deref(),
        Some("no-store")
    );
    let tracking = app.get_page(&tracking_path(&confirmation)).await;
    assert_eq!(
        tracking.header("cache-control").as_deref(),
        Some("no-store")
    );
}

async fn no_page_has_script_or_hydration_markers(app: TestApp) {
    let confirmation = app.send_valid_feedback().await;
    let tracking = tracking_path(&confirmation);
    let refused = Page::from(app.submit_feedback(&[("message", String::new())]).await).await;
    let mut pages = vec![confirmation, refused];
    for path in [
        "/",
        "/feedback",
        "/privacy",
        "/accessibility",
        "/no-such-page",
        "/deleted",
        tracking.as_str(),
        &format!("{tracking}/delete"),
    ] {
        pages.push(app.get_page(path).await);
    }
    for page in pages {
        assert!(!page.body.contains("<script"), "{}", page.title());
        assert!(
            !page.body.contains("<!>"),
            "a hydration marker on {}",
            page.title()
        );
        assert!(
            page.body.starts_with("<!DOCTYPE html><html lang=\"en\""),
            "{}",
            page.title()
        );
        assert_eq!(page.texts("h1").len(), 1, "one h1 on {}", page.title());
        assert!(page.has("main#main") && page.has("a.skip-link[href='#main']"));
    }
}

async fn the_privacy_and_accessibility_pages_exist(app: TestApp) {
    let privacy = app.get_page("/privacy").await;
    assert_eq!(privacy.status, 200);
    assert_eq!(privacy.text("h1"), "How we use your information");
    assert!(privacy.body.contains("delete your message"));
    let statement = app.get_page("/accessibility").await;
    assert_eq!(statement.status, 200);
    assert_eq!(statement.text("h1"), "Accessibility statement");
    assert!(statement.body.contains("WCAG"));
}

async fn unknown_pages_and_methods_get_friendly_pages(app: TestApp) {
    let page = app.get_page("/nothing/here").await;
    assert_eq!(page.status, 404);
    assert_eq!(page.text("h1"), "Page not found");
    assert_eq!(page.attr("a[href='/']", "href").as_deref(), Some("/"));
    let response = app
        .client
        .delete(app.url("/feedback"))
        .send()
        .await
        .unwrap();
    let page = Page::from(response).await;
    assert_eq!(page.status, 405);
    assert!(page.header("allow").unwrap().contains("POST"));
    assert_eq!(page.text("h1"), "Sorry, that did not work");
}

async fn the_health_check_answers_when_the_database_does(app: TestApp) {
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

async fn assets_are_served_compressed_with_long_cache_lives(app: TestApp) {
    let home = app.get_page("/").await;
    let css = home.attr("link[rel=stylesheet]", "href").unwrap();
    assert!(css.starts_with("/assets/main."), "{css}");
    let response = app
        .client
        .get(app.url(&css))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let icon = app.get("/favicon.ico").await;
    assert_eq!(icon.status().as_u16(), 200);
}

async fn metrics_are_served_on_their_own_address_only_when_asked_for(app: TestApp) {
    assert!(app.metrics_url.is_none(), "no metrics by default");
    assert_eq!(
        app.get("/metrics").await.status().as_u16(),
        404,
        "never on the public port"
    );
    let app = portal_tests::spawn_app_with(app.backend, |s| {
        s.metrics_bind = Some("127.0.0.1:0".parse().unwrap())
    })
    .await;
    assert_eq!(
        app.submit_feedback(&portal_tests::form_with(&[]))
            .await
            .status()
            .as_u16(),
        303
    );
    app.get("/feedback").await;
    app.get("/track/not-a-real-token-at-all").await;
    // The gauge is read at scrape time; let the worker finish so the figure is exact.
    app.wait_for_outbox_to_drain(std::time::Duration::from_secs(20))
        .await;
    let text = app.metrics_text().await;
    assert!(text.contains("portal_submissions_total 1"), "{text}");
    assert!(
        text.contains(
            r#"portal_http_requests_total{method="GET",route="/feedback",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains("portal_http_request_duration_seconds_bucket"),
        "a latency histogram"
    );
    assert!(
        text.contains("route=\"/track/{token}\""),
        "route patterns, never the token itself"
    );
    assert!(
        !text.contains("not-a-real-token"),
        "no path with a token in it"
    );
    assert!(text.contains("portal_outbox_pending 0"), "{text}");
    assert!(text.contains("portal_outbox_failed 0"));
    assert!(text.contains("portal_rate_limited_total 0"));
}

async fn a_request_that_takes_too_long_is_a_page_with_the_security_headers_and_counted(
    app: TestApp,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = portal_tests::spawn_app_with(app.backend, |s| {
        s.request_timeout_secs = 1;
        s.metrics_bind = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    // A form whose body stops arriving half-way: the handler waits for the rest until the
    // request's time is up.
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(
            format!(
                "POST /feedback HTTP/1.1\r\nHost: {host}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: 200\r\n\r\nkind=feedback&topic="
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut answer),
    )
    .await;
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(
        answer.starts_with("http/1.1 408"),
        "{read:?}: {answer:.300}"
    );
    assert!(answer.contains("x-frame-options: deny"), "{answer:.600}");
    assert!(
        answer.contains("content-security-policy: default-src 'none'"),
        "{answer:.600}"
    );
    assert!(answer.contains("<h1"), "a page, not a bare status");
    let text = app.metrics_text().await;
    assert!(
        text.contains(
            r#"portal_http_requests_total{method="POST",route="/feedback",status="408"} 1"#
        ),
        "{text}"
    );
}

on_both_databases!(
    every_kind_of_response_carries_the_security_headers,
    a_request_that_takes_too_long_is_a_page_with_the_security_headers_and_counted,
    pages_with_personal_data_are_never_cached,
    no_page_has_script_or_hydration_markers,
    the_privacy_and_accessibility_pages_exist,
    unknown_pages_and_methods_get_friendly_pages,
    the_health_check_answers_when_the_database_does,
    assets_are_served_compressed_with_long_cache_lives,
    metrics_are_served_on_their_own_address_only_when_asked_for,
);
