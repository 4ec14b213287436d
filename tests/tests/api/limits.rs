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

async fn submissions_are_limited_per_client_with_a_friendly_page(app: TestApp) {
    let app = strict(&app, true).await;
    for _ in 0..3 {
        assert_eq!(
            submit_from(&app, "203.0.113.1").await.status().as_u16(),
            303
        );
    }
    let limited = submit_from(&app, "203.0.113.1").await;
    assert_eq!(limited.status().as_u16(), 429);
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 3000 && retry <= 3600, "{retry}");
    let page = Page::from(limited).await;
    assert_eq!(page.text("h1"), "Too many attempts from your connection");
    assert!(page.header("content-security-policy").is_some());
    assert_eq!(
        app.count_submissions().await,
        3,
        "the limited one is not stored"
    );
    assert_eq!(
        submit_from(&app, "203.0.113.2").await.status().as_u16(),
        303,
        "other clients are unaffected"
    );
    assert_eq!(
        app.get("/feedback").await.status().as_u16(),
        200,
        "reading the form is not limited"
    );
}

async fn without_a_trusted_proxy_header_clients_cannot_choose_their_address(app: TestApp) {
    let app = strict(&app, false).await;
    for i in 0..3 {
        assert_eq!(
            submit_from(&app, &format!("203.0.113.{i}"))
                .await
                .status()
                .as_u16(),
            303
        );
    }
    assert_eq!(
        submit_from(&app, "203.0.113.99").await.status().as_u16(),
        429,
        "the header is ignored"
    );
}

async fn tracking_link_guessing_is_limited(app: TestApp) {
    let app = strict(&app, false).await;
    for _ in 0..5 {
        assert_eq!(
            app.get(&format!("/track/{}", "A".repeat(43)))
                .await
                .status()
                .as_u16(),
            404
        );
    }
    assert_eq!(
        app.get(&format!("/track/{}", "B".repeat(43)))
            .await
            .status()
            .as_u16(),
        429
    );
}

async fn a_form_sent_back_faster_than_a_person_could_is_stopped_and_nothing_is_stored(
    app: TestApp,
) {
    let app = spawn_app_with(app.backend, |s| s.form_min_seconds = 2).await;
    let form = app.get_page("/feedback").await;
    let started = form
        .attr("input[name=started]", "value")
        .expect("the form carries its start time");
    let mut fields = form_with(&[]);
    fields.push(("started", started.clone()));
    let quick = Page::from(app.submit_feedback(&fields).await).await;
    assert_eq!(quick.status, 422);
    assert!(
        quick.text(".error-summary").contains("sent very quickly"),
        "{}",
        quick.text(".error-summary")
    );
    assert_eq!(quick.attr("#message", "name").as_deref(), Some("message"));
    assert!(
        quick.body.contains("The link worker helped me"),
        "the typing is kept"
    );
    assert_eq!(app.count_submissions().await, 0);

    // A start time pushed back by hand (old enough to pass) fails its signature.
    let (seconds, signature) = started.split_once('.').unwrap();
    let older = format!("{}.{signature}", seconds.parse::<u64>().unwrap() - 100);
    let mut forged = form_with(&[]);
    forged.push(("started", older));
    let refused = Page::from(app.submit_feedback(&forged).await).await;
    assert_eq!(refused.status, 422);
    assert!(refused
        .text(".error-summary")
        .contains("could not be checked"));
    assert_eq!(app.count_submissions().await, 0);

    // The same form, sent after the minimum, goes through.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(app.submit_feedback(&fields).await.status().as_u16(), 303);
    assert_eq!(app.count_submissions().await, 1);
}

async fn a_form_start_time_older_than_a_day_is_refused_and_nothing_is_stored(app: TestApp) {
    // A genuinely signed start time (the portal's own key), 25 hours old: a token
    // harvested once must not serve a script for ever.
    let key = app::resident::timing::shared_key(&app.db, "form-timing")
        .await
        .unwrap();
    let timing = app::resident::timing::FormTiming::new(key, 3);
    let now = app::resident::timing::now();
    let mut stale = form_with(&[]);
    stale.push(("started", timing.issue(now - 25 * 60 * 60)));
    let refused = Page::from(app.submit_feedback(&stale).await).await;
    assert_eq!(refused.status, 422);
    assert!(refused
        .text(".error-summary")
        .contains("could not be checked"));
    assert!(
        refused.body.contains("The link worker helped me"),
        "the typing is kept"
    );
    assert_eq!(app.count_submissions().await, 0);

    // Signed 23 hours ago: still fine (a form left open overnight).
    let mut overnight = form_with(&[]);
    overnight.push(("started", timing.issue(now - 23 * 60 * 60)));
    assert_eq!(app.submit_feedback(&overnight).await.status().as_u16(), 303);
    assert_eq!(app.count_submissions().await, 1);
}

async fn a_message_with_more_than_three_links_is_refused_with_a_reason(app: TestApp) {
    let spam = "Cheap pills http://a.example https://b.example www.c.example and https://d.example";
    let page = Page::from(app.submit_feedback(&form_with(&[("message", spam)])).await).await;
    assert_eq!(page.status, 422);
    assert!(page
        .text(".error-summary")
        .contains("more than 3 web links"));
    assert_eq!(app.count_submissions().await, 0);
    let fine = "The leaflet at https://example.org/leaflet and www.example.org/map helped";
    assert_eq!(
        app.submit_feedback(&form_with(&[("message", fine)]))
            .await
            .status()
            .as_u16(),
        303
    );
}

async fn a_client_that_trickles_its_headers_is_cut_off(app: TestApp) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(app.backend, |s| s.header_timeout_secs = 1).await;
    let address = app
        .url("/")
        .replace("http://", "")
        .trim_end_matches('/')
        .to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: portal\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buffer = [0u8; 1024];
    let mut closed = false;
    for _ in 0..20 {
        // One more header byte every 200 ms: never a complete request.
        if slow.write_all(b"X").await.is_err() {
            closed = true;
            break;
        }
        match tokio::time::timeout(
            std::time::Duration::from_millis(200),
            slow.read(&mut buffer),
        )
        .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {
                closed = true;
                break;
            } // an error answer, then close
            Err(_) => {}
        }
    }
    assert!(
        closed,
        "the connection is still open after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "cut off after {:?}",
        started.elapsed()
    );
    // Everyone else is still served.
    assert_eq!(app.get("/").await.status().as_u16(), 200);

    // A kept-alive connection left idle is closed after the same time.
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await
        .unwrap();
    let n = idle.read(&mut buffer).await.unwrap();
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
    let waited = std::time::Instant::now();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(3), async {
        loop {
            match idle.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "an idle connection is still open after {:?}",
        waited.elapsed()
    );
}

async fn head_requests_count_against_the_tracking_limit(app: TestApp) {
    // Issue 12, finding 5: a HEAD answers 404 or 200 as a GET does, so it guesses
    // tracking links as well; every method counts on every tracking path.
    let app = strict(&app, false).await;
    let guess = |n: usize| {
        format!(
            "/track/{}",
            char::from(b'A' + n as u8).to_string().repeat(43)
        )
    };
    for n in 0..5 {
        let response = app.client.head(app.url(&guess(n))).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "HEAD guess {n}");
    }
    assert_eq!(
        app.get(&guess(5)).await.status().as_u16(),
        429,
        "the HEADs used up the quota"
    );
    assert_eq!(
        app.client
            .head(app.url(&guess(6)))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        429,
        "and HEAD is limited too"
    );
    let confirmation = app
        .client
        .head(app.url(&format!("/feedback/confirmation/{}", "C".repeat(43))))
        .send()
        .await
        .unwrap();
    assert_eq!(
        confirmation.status().as_u16(),
        429,
        "the confirmation page is a tracking path"
    );
    let delete = app
        .client
        .post(app.url(&format!("/track/{}/delete", "D".repeat(43))))
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status().as_u16(), 429, "so is the delete link");
    assert_eq!(
        app.get("/feedback").await.status().as_u16(),
        200,
        "other pages are not"
    );
}

async fn any_method_but_reading_the_form_counts_against_the_submission_limit(app: TestApp) {
    let app = strict(&app, false).await;
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let response = app
            .client
            .request(method.clone(), app.url("/feedback"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{method}");
    }
    assert_eq!(
        app.submit_feedback(&form_with(&[])).await.status().as_u16(),
        429
    );
    assert_eq!(
        app.get("/feedback").await.status().as_u16(),
        200,
        "reading the form is not limited"
    );
    assert_eq!(
        app.client
            .head(app.url("/feedback"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );
}

async fn with_several_proxy_header_lines_only_the_proxys_last_entry_counts(app: TestApp) {
    // Issue 12, finding 8: the client sends a first line of its own choosing; the proxy
    // adds the real address on a line after it. Only that last entry is the client.
    let app = strict(&app, true).await;
    let send = |own: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/feedback"))
                .header("Accept", "text/html")
                .header("X-Forwarded-For", own)
                .header("X-Forwarded-For", "192.0.2.44")
                .form(&form_with(&[]))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for i in 0..3 {
        assert_eq!(send(format!("203.0.113.{i}")).await, 303);
    }
    assert_eq!(
        send("203.0.113.99".to_owned()).await,
        429,
        "a new first line does not make a new client"
    );
    assert_eq!(send("203.0.113.98, 198.51.100.1".to_owned()).await, 429);
    assert_eq!(
        submit_from(&app, "192.0.2.45").await.status().as_u16(),
        303,
        "another real client is counted on its own"
    );
}

async fn readiness_and_liveness_answer_separately(app: TestApp) {
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status().as_u16(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
    assert_eq!(app.get("/healthz").await.status().as_u16(), 200);
}

on_both_databases!(
    submissions_are_limited_per_client_with_a_friendly_page,
    without_a_trusted_proxy_header_clients_cannot_choose_their_address,
    tracking_link_guessing_is_limited,
    a_form_sent_back_faster_than_a_person_could_is_stopped_and_nothing_is_stored,
    a_form_start_time_older_than_a_day_is_refused_and_nothing_is_stored,
    a_message_with_more_than_three_links_is_refused_with_a_reason,
    a_client_that_trickles_its_headers_is_cut_off,
    head_requests_count_against_the_tracking_limit,
    any_method_but_reading_the_form_counts_against_the_submission_limit,
    with_several_proxy_header_lines_only_the_proxys_last_entry_counts,
    readiness_and_liveness_answer_separately,
);

/// PostgreSQL stopped under a running portal: submissions get the friendly 503 page and
/// nothing half-written, readiness says so, and once the database is back the same process
/// serves again without a restart.
#[tokio::test]
async fn postgres_going_away_gives_503s_then_the_portal_recovers_without_a_restart() {
    let cluster = portal_tests::postgres::Cluster::start();
    let url = cluster.fresh_database().await;
    let app = spawn_app_with(portal_tests::Backend::Postgres, move |s| {
        s.database_url = url.into();
        s.database_timeout_secs = 1;
    })
    .await;
    assert_eq!(
        app.submit_feedback(&form_with(&[])).await.status().as_u16(),
        303
    );

    cluster.pause();
    let refused = Page::from(
        app.submit_feedback(&form_with(&[("message", "Sent during the outage")]))
            .await,
    )
    .await;
    assert_eq!(refused.status, 503);
    assert!(
        refused.text("h1").to_lowercase().contains("sorry")
            || refused.text("main").contains("try again"),
        "{}",
        refused.text("main")
    );
    assert_eq!(app.get("/readyz").await.status().as_u16(), 503);
    assert_eq!(
        app.get("/healthz").await.status().as_u16(),
        200,
        "liveness does not depend on the database: restarting the portal would not mend it"
    );

    cluster.resume();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let status = app
            .submit_feedback(&form_with(&[("message", "Sent after the outage")]))
            .await
            .status()
            .as_u16();
        if status == 303 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {status} after the database came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(app.get("/readyz").await.status().as_u16(), 200);
    let messages: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT message FROM submissions ORDER BY id").fetch_all(pool).await.unwrap());
    assert!(
        !messages.iter().any(|m| m == "Sent during the outage"),
        "nothing from the outage was kept"
    );
    assert_eq!(
        messages.last().map(String::as_str),
        Some("Sent after the outage")
    );
}
