//! The staff islands: staff pages load the bundle when it is built and allow scripts from
//! the site alone; resident pages never carry a script, whatever is built.

use portal_tests::{spawn_app_with, tracking_path, Backend, Page, TestApp};

const GLUE: &str = "export default async function init() {}\nexport function hydrate() {}\n";
const WASM: &[u8] = b"\0asm\x01\0\0\0";

/// A portal with a stand-in bundle where `scripts/build-islands` would put the real one.
async fn with_bundle() -> (TestApp, tempfile::TempDir) {
    let bundle = tempfile::tempdir().unwrap();
    std::fs::write(bundle.path().join("frontend.js"), GLUE).unwrap();
    std::fs::write(bundle.path().join("frontend_bg.wasm"), WASM).unwrap();
    let dir = bundle.path().to_owned();
    let app = spawn_app_with(Backend::Sqlite, move |s| s.islands_dir = dir).await;
    (app, bundle)
}

fn assert_no_script(path: &str, page: &Page) {
    for marker in ["<script", "leptos-island", "data-hk", "<!>"] {
        assert!(
            !page.body.contains(marker),
            "{path}: a resident page carries {marker}"
        );
    }
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{path}: {csp}"
    );
}

fn assert_staff_policy(path: &str, page: &Page) {
    let csp = page.header("content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{path}: {csp}"
    );
    assert!(
        !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
        "{path}: {csp}"
    );
}

#[tokio::test]
async fn resident_pages_carry_no_script_even_when_the_islands_are_built() {
    let (app, _bundle) = with_bundle().await;
    let confirmation = app.send_valid_feedback().await;
    let tracking = tracking_path(&confirmation);
    for path in [
        "/",
        "/feedback",
        "/privacy",
        "/accessibility",
        "/urgent-help",
        "/you-said-we-did",
        "/track",
        "/track-sent",
        "/deleted",
        "/no-such-page",
        tracking.as_str(),
        &format!("{tracking}/delete"),
    ] {
        assert_no_script(path, &app.get_page(path).await);
    }
    assert_no_script("confirmation", &confirmation);
    let refused = Page::from(app.submit_feedback(&[]).await).await;
    assert_eq!(refused.status, 422);
    assert_no_script("POST /feedback", &refused);
}

#[tokio::test]
async fn the_inbox_and_item_page_load_the_islands_from_a_file_never_inline() {
    let (app, _bundle) = with_bundle().await;
    let reference = app
        .send_feedback(&[("message", "Islands test message")])
        .await;
    let staff = app.staff().await;
    for path in [
        "/staff".to_owned(),
        format!("/staff/submissions/{reference}"),
    ] {
        let page = staff.get_page(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_staff_policy(&path, &page);
        let scripts = page.attrs("script", "src");
        assert_eq!(scripts.len(), 1, "{path}: one script");
        assert!(
            scripts[0].starts_with("/islands/islands."),
            "{path}: {scripts:?}"
        );
        assert_eq!(
            page.texts("script"),
            vec![String::new()],
            "{path}: no inline script"
        );
        assert!(
            page.has("leptos-island[data-component^=TriageKeys]"),
            "{path}"
        );
    }
    assert!(staff
        .get_page("/staff")
        .await
        .has("leptos-island[data-component^=InboxLive] form.filters"));
    let item = staff
        .get_page(&format!("/staff/submissions/{reference}"))
        .await;
    assert!(item.has("leptos-island[data-component^=ItemUpdate] form.item-form"));
    // Other staff pages keep the staff policy and load nothing.
    let account = staff.get_page("/staff/account").await;
    assert_staff_policy("/staff/account", &account);
    assert!(!account.body.contains("<script"));
}

#[tokio::test]
async fn the_bundle_is_served_compressed_and_cached_for_a_year() {
    let (app, _bundle) = with_bundle().await;
    let staff = app.staff().await;
    let loader_path = staff
        .get_page("/staff")
        .await
        .attr("script", "src")
        .unwrap();
    let loader = app.get(&loader_path).await;
    assert_eq!(loader.status(), 200);
    assert_eq!(
        loader.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        loader.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let text = loader.text().await.unwrap();
    let glue = text
        .split('"')
        .find(|s| s.starts_with("/islands/frontend."))
        .expect("the loader names the glue");
    let wasm = text
        .split('"')
        .find(|s| s.starts_with("/islands/frontend_bg."))
        .expect("the loader names the wasm");
    assert_eq!(app.get(glue).await.text().await.unwrap(), GLUE);

    let plain = app.get(wasm).await;
    assert_eq!(plain.headers()["content-type"], "application/wasm");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), WASM);
    let asking = |encodings: &'static str| {
        app.client
            .get(app.url(wasm))
            .header("accept-encoding", encodings)
            .send()
    };
    let compressed = asking("gzip, br").await.unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(compressed.headers()["vary"], "accept-encoding");
    let refused = asking("br;q=0, gzip").await.unwrap();
    assert_ne!(
        refused
            .headers()
            .get("content-encoding")
            .map(|v| v.as_bytes()),
        Some(&b"br"[..])
    );
    assert_eq!(
        app.get("/islands/frontend.000000000000.js").await.status(),
        404
    );
}

#[tokio::test]
async fn without_a_bundle_staff_pages_are_the_plain_forms() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await;
    let staff = app.staff().await;
    let page = staff.get_page("/staff").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<script"));
    assert!(page.has("form.filters[method=get][action='/staff']"));
}

#[tokio::test]
async fn a_note_that_does_not_check_out_keeps_the_text_and_saves_nothing() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await;
    let reference = app
        .send_feedback(&[("message", "Note check message")])
        .await;
    let staff = app.staff().await;
    let path = format!("/staff/submissions/{reference}");
    let csrf = staff.csrf_on(&path).await;
    let long = "a".repeat(5001);
    let response = staff
        .post_form(
            &format!("{path}/update"),
            &[
                ("csrf", csrf),
                ("status", "closed".into()),
                ("priority", "normal".into()),
                ("assignee", String::new()),
                ("note", long.clone()),
            ],
        )
        .await;
    let page = Page::from(response).await;
    assert_eq!(page.status, 422);
    assert!(page.has(".error-summary a[href='#note']"));
    assert!(page.has("#note-error"));
    assert_eq!(page.text("#note"), long);
    let again = staff.get_page(&path).await;
    assert_eq!(
        again.attr("#status option[selected]", "value").as_deref(),
        Some("new")
    );
}
