//! Residents reached as they are: in the language their browser asks for, with help numbers
//! they can tap, and told what to fill in before being told to slow down.

use portal_tests::{form_with, on_both_databases, spawn_app_with, Page, TestApp};

async fn get_with_language(app: &TestApp, path: &str, accept: &str, cookie: Option<&str>) -> Page {
    let mut request = app
        .browser
        .client
        .get(app.url(path))
        .header("Accept", "text/html")
        .header("Accept-Language", accept);
    if let Some(cookie) = cookie {
        request = request.header("Cookie", cookie);
    }
    Page::from(request.send().await.unwrap()).await
}

async fn a_first_visit_is_in_the_language_the_browser_prefers(app: TestApp) {
    for path in ["/", "/feedback", "/privacy", "/urgent-help"] {
        let page = get_with_language(&app, path, "bn-BD,bn;q=0.9,en-GB;q=0.8", None).await;
        assert_eq!(page.attr("html", "lang").as_deref(), Some("bn"), "{path}");
        let vary: Vec<String> = page
            .headers
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect();
        assert!(
            vary.iter().any(|v| v.contains("accept-language")),
            "{path}: {vary:?}"
        );
        let english = get_with_language(&app, path, "en-GB,en;q=0.9,bn;q=0.8", None).await;
        assert_eq!(
            english.attr("html", "lang").as_deref(),
            Some("en"),
            "{path}"
        );
        let neither = get_with_language(&app, path, "fr-FR,fr;q=0.9", None).await;
        assert_eq!(
            neither.attr("html", "lang").as_deref(),
            Some("en"),
            "{path}"
        );
    }
    // The language link and its cookie win over the browser.
    let chosen = get_with_language(&app, "/", "bn", Some("lang=en")).await;
    assert_eq!(chosen.attr("html", "lang").as_deref(), Some("en"));
    let linked = get_with_language(&app, "/?lang=en", "bn", None).await;
    assert_eq!(linked.attr("html", "lang").as_deref(), Some("en"));
}

async fn help_numbers_can_be_tapped_on_every_resident_page(app: TestApp) {
    for path in [
        "/",
        "/feedback",
        "/privacy",
        "/accessibility",
        "/urgent-help",
        "/you-said-we-did",
        "/no-such-page",
    ] {
        let page = app.get_page(path).await;
        for tel in ["tel:999", "tel:111", "tel:116123"] {
            assert!(
                page.has(&format!("footer a[href='{tel}']")),
                "{path}: {tel}"
            );
        }
        assert!(page.has("footer a[href='/urgent-help']"), "{path}");
        assert!(
            !page.has("a[href^='tel:+']"),
            "{path}: no service number unless set"
        );
    }
    let help = app.get_page("/urgent-help").await;
    assert_eq!(help.status, 200);
    for tel in ["tel:999", "tel:111", "tel:116123"] {
        assert!(help.has(&format!(".urgent-help a[href='{tel}']")), "{tel}");
    }
    assert!(app
        .get_page("/")
        .await
        .has(".urgent-help a[href='tel:999']"));

    // The service's own number, when set, is tapped in its international form.
    let app = spawn_app_with(app.backend, |s| {
        s.service_phone = Some(app::domain::ServicePhone::parse("020 7946 0000").unwrap())
    })
    .await;
    for path in ["/", "/urgent-help"] {
        let page = app.get_page(path).await;
        assert_eq!(
            page.attr("footer a[href='tel:+442079460000']", "href")
                .as_deref(),
            Some("tel:+442079460000"),
            "{path}"
        );
        assert!(page.text("footer").contains("020 7946 0000"), "{path}");
    }
    let help = app.get_page("/urgent-help").await;
    assert!(help.has(".urgent-help a[href='tel:+442079460000']"));
}

async fn an_empty_form_sent_at_once_is_told_what_to_fill_in_first(app: TestApp) {
    let app = spawn_app_with(app.backend, |s| s.form_min_seconds = 30).await;
    let form = app.get_page("/feedback").await;
    let started = form.attr("input[name=started]", "value").unwrap();
    let empty = vec![("started", started.clone())];
    let page = Page::from(app.submit_feedback(&empty).await).await;
    assert_eq!(page.status, 422);
    let summary = page.text(".error-summary");
    assert!(!summary.contains("sent very quickly"), "{summary}");
    assert!(page.has(".error-summary a[href='#message']"), "{summary}");
    // The same start time, still counting: the corrected form, sent at once, is then told
    // about the time, and nothing is stored either way.
    assert_eq!(
        page.attr("input[name=started]", "value"),
        Some(started.clone())
    );
    let mut valid = form_with(&[]);
    valid.retain(|(k, _)| *k != "started");
    valid.push(("started", started));
    let quick = Page::from(app.submit_feedback(&valid).await).await;
    assert_eq!(quick.status, 422);
    assert!(quick.text(".error-summary").contains("sent very quickly"));
    assert_eq!(app.count_submissions().await, 0);
}

on_both_databases!(
    a_first_visit_is_in_the_language_the_browser_prefers,
    help_numbers_can_be_tapped_on_every_resident_page,
    an_empty_form_sent_at_once_is_told_what_to_fill_in_first,
);
