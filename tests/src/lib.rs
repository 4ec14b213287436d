//! The test harness: a real portal on port 0, on a fresh database for every test.
//!
//! SQLite tests get a file in a temporary folder. PostgreSQL tests get a fresh database in
//! a throwaway cluster that the harness starts once per test binary (or in the server at
//! `PORTAL_TEST_POSTGRES_URL`, if set); the cluster is stopped and removed when the test
//! process ends, however it ends.

pub mod disk;
pub mod postgres;
mod smtp;

pub use smtp::{ReceivedEmail, SmtpServer};

use app::db::Database;
use scraper::{Html, Selector};
use server::{config::Settings, Application};

/// The app's own backend choice: each test runs once per variant.
pub use app::db::Backend;

/// The password every test account gets: long enough for the portal's rule.
pub const PASSWORD: &str = "correct horse battery staple";

/// A running portal: its address, a second handle on its database and the settings it runs
/// with, plus the browser a test uses by default (`app.get(…)` is `app.browser.get(…)`).
/// Further browsers, each with its own cookies, come from [`TestApp::new_browser`] and
/// [`TestApp::browser_as`]; they reach the portal only through HTTP.
pub struct TestApp {
    pub address: String,
    /// `/metrics` on its own address, when the settings ask for it.
    pub metrics_url: Option<String>,
    pub browser: Browser,
    /// A second handle on the same database, for checking what was stored.
    pub db: Database,
    pub backend: Backend,
    /// The settings it runs with; `restart` reuses them.
    pub settings: Settings,
    /// Where the file mailer writes when no SMTP server is configured.
    pub mail_dir: std::path::PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    dir: std::sync::Arc<tempfile::TempDir>,
}

/// Runs each listed test once per backend: `sqlite::name` and `postgres::name`. The tests
/// are plain `async fn name(app: TestApp)` items, so rustfmt formats them; this only lists
/// them.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::spawn_app($crate::Backend::Sqlite).await).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() { super::$name($crate::spawn_app($crate::Backend::Postgres).await).await })*
        }
    };
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// A portal with some settings changed (an SMTP server, a triage address…).
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(backend, configure, async |_: &str| {}).await
}

/// A portal started on a database that `prepare` has made first, as an upgrade meets one:
/// `prepare` gets the database's URL before the portal brings the schema up to date.
pub async fn spawn_app_on(backend: Backend, prepare: impl AsyncFnOnce(&str)) -> TestApp {
    spawn(backend, |_| {}, prepare).await
}

/// The database at `url` with the schema as it was just before the migration `version`, for
/// a `spawn_app_on` preparation to put rows in as an older version would have, before the
/// portal brings the schema up to date. Close it when done.
pub async fn database_before(url: &str, version: i64) -> Database {
    macro_rules! migrate_before {
        ($pool:expr, $migrations:literal) => {{
            let mut before = sqlx::migrate!($migrations);
            before.migrations = before
                .migrations
                .iter()
                .filter(|m| m.version < version)
                .cloned()
                .collect::<Vec<_>>()
                .into();
            before.run(&$pool).await.unwrap();
        }};
    }
    if url.starts_with("sqlite") {
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().unwrap();
        let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
            .await
            .unwrap();
        migrate_before!(pool, "../migrations/sqlite");
        Database::Sqlite(pool, Default::default())
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        migrate_before!(pool, "../migrations/postgres");
        Database::Postgres(pool)
    }
}

async fn spawn(
    backend: Backend,
    configure: impl FnOnce(&mut Settings),
    prepare: impl AsyncFnOnce(&str),
) -> TestApp {
    let dir = tempfile::Builder::new()
        .prefix("portal-test-")
        .tempdir()
        .expect("temporary folder");
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}/portal.db", dir.path().display()),
        Backend::Postgres => postgres::fresh_database().await,
    };
    prepare(&database_url).await;
    let mut settings = Settings::defaults();
    settings.bind = "127.0.0.1:0".parse().unwrap();
    settings.base_url = None;
    settings.database_url = database_url.into();
    settings.mail_dir = dir.path().join("mail");
    settings.text_dir = dir.path().join("texts");
    settings.islands_dir = dir.path().join("islands");
    settings.smtp_url = None;
    // Tests send many forms from one address; the rate-limit tests turn limits back on.
    settings.rate_limits = false;
    // Quick retries, so outage tests take seconds rather than minutes.
    settings.outbox_retry_base_ms = 100;
    settings.outbox_poll_ms = 100;
    // The digest would go on every test's first round after 08:00; its tests turn it on.
    settings.digest_time = app::notify::digest::DigestTime(None);
    // Most tests sign in as an admin with a password alone; the two-factor tests turn the
    // requirement back on (its default is admins).
    settings.require_two_factor = app::staff::two_factor::Requirement::NOBODY;
    configure(&mut settings);
    start(backend, settings, std::sync::Arc::new(dir)).await
}

async fn start(
    backend: Backend,
    settings: Settings,
    dir: std::sync::Arc<tempfile::TempDir>,
) -> TestApp {
    let application = Application::build(&settings)
        .await
        .expect("the portal starts");
    let address = format!("http://127.0.0.1:{}", application.port());
    let metrics_url = application
        .metrics_port()
        .map(|p| format!("http://127.0.0.1:{p}/metrics"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.serve_until(async move {
        let _ = stopped.await;
    }));
    let db = Database::connect(settings.database_url(), &app::db::PoolSettings::default())
        .await
        .expect("a second handle");
    TestApp {
        browser: Browser::new(&address),
        address,
        metrics_url,
        db,
        backend,
        mail_dir: settings.mail_dir.clone(),
        settings,
        stop: Some(stop),
        server: Some(server),
        dir,
    }
}

/// A page as a person's browser would receive it.
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
    pub html: Html,
}

impl Page {
    pub async fn from(response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.expect("a body");
        let html = Html::parse_document(&body);
        Page {
            status,
            headers,
            body,
            html,
        }
    }

    /// The trimmed text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html
            .select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.texts(selector)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {selector} on the page:\n{}", self.body))
    }

    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(name).map(str::to_owned))
    }

    /// The attribute `name` of every element matching `selector` that has it, in page order.
    pub fn attrs(&self, selector: &str, name: &str) -> Vec<String> {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html
            .select(&sel)
            .filter_map(|e| e.value().attr(name).map(str::to_owned))
            .collect()
    }

    pub fn has(&self, selector: &str) -> bool {
        let sel = Selector::parse(selector).expect("valid selector");
        self.html.select(&sel).next().is_some()
    }

    pub fn title(&self) -> String {
        self.text("title")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// A complete, valid feedback form; tests change the fields they are about.
pub fn valid_form() -> Vec<(&'static str, String)> {
    vec![
        ("kind", "feedback".into()),
        ("topic", "housing".into()),
        ("practice", "SAMPLE03".into()),
        (
            "message",
            "The link worker helped me sort out my damp flat. Thank you.".into(),
        ),
        ("name", "".into()),
        ("email", "".into()),
        ("phone", "".into()),
        ("website", "".into()),
    ]
}

/// `valid_form()` with some fields replaced or added (an empty value removes nothing).
pub fn form_with(changes: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut form = valid_form();
    for (key, value) in changes {
        form.retain(|(k, _)| k != key);
        form.push((key, (*value).to_owned()));
    }
    form
}

impl TestApp {
    /// The metrics as Prometheus reads them, from their own address (the settings must
    /// have asked for one).
    pub async fn metrics_text(&self) -> String {
        let url = self
            .metrics_url
            .as_deref()
            .expect("metrics served on their own address");
        self.browser
            .client
            .get(url)
            .send()
            .await
            .expect("request sent")
            .text()
            .await
            .expect("a body")
    }

    /// Shuts the portal down as SIGTERM would (requests in flight finish, the worker
    /// finishes its message) and starts it again on the same database.
    pub async fn restart(mut self) -> TestApp {
        self.shut_down().await;
        start(self.backend, self.settings.clone(), self.dir.clone()).await
    }

    /// Another portal process on the same database and settings, as behind a load balancer.
    pub async fn another_process(&self) -> TestApp {
        start(self.backend, self.settings.clone(), self.dir.clone()).await
    }

    pub async fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("the server task ends")
                .expect("the server shuts down cleanly");
        }
        self.db.close().await;
    }

    /// Every action in the audit log, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        app::db::query("SELECT action FROM audit_log ORDER BY id")
            .fetch_all::<(String,)>(&self.db)
            .await
            .unwrap()
            .into_iter()
            .map(|(action,)| action)
            .collect()
    }

    /// (pending, sent, failed) rows in the outbox.
    pub async fn outbox_counts(&self) -> (i64, i64, i64) {
        let sql = "SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM outbox";
        app::on_db!(&self.db, pool => sqlx::query_as::<_, (i64, i64, i64)>(sql).fetch_one(pool).await.unwrap())
    }

    /// The Message-ID of the outbox row `id`, which names it to `outbox::mark_…`.
    pub async fn message_id_of(&self, id: i64) -> String {
        app::on_db!(&self.db, pool => sqlx::query_scalar::<_, String>("SELECT message_id FROM outbox WHERE id = $1").bind(id).fetch_one(pool).await.unwrap())
    }

    /// Delivers every due email now, through a worker of the test's own on the app's
    /// database and mailer, then waits for any the app's worker had already claimed.
    pub async fn dispatch_all_pending_emails(&self) {
        let worker = app::notify::worker::Worker {
            db: self.db.clone(),
            mailer: self.settings.mailer().expect("the app's mailer"),
            texter: self.settings.texter().expect("the app's texter"),
            settings: std::sync::Arc::new(
                self.settings
                    .notify(url::Url::parse(&self.address).expect("the app's address")),
            ),
            wake: std::sync::Arc::default(),
        };
        while worker.dispatch_due().await.expect("the outbox reads") > 0 {}
        self.wait_for_outbox_to_drain(std::time::Duration::from_secs(20))
            .await;
    }

    /// Waits until nothing is pending in the outbox.
    pub async fn wait_for_outbox_to_drain(&self, within: std::time::Duration) {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let (pending, _, _) = self.outbox_counts().await;
            if pending == 0 {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{pending} emails still pending after {within:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// A separate browser signed in as a new account with `role`.
    pub async fn browser_as(
        &self,
        email: &str,
        role: app::staff::accounts::Role,
        password: &str,
    ) -> Browser {
        let browser = self.new_browser();
        self.create_staff(email, role, password).await;
        assert_eq!(
            browser.sign_in(email, password).await.status().as_u16(),
            303
        );
        browser
    }

    /// A browser signed in as the test's admin, `admin@example.org`.
    pub async fn admin(&self) -> Browser {
        self.signed_in_as_role(app::staff::accounts::Role::Admin)
            .await
    }

    /// A browser signed in as the test's member of staff, `staff@example.org`.
    pub async fn staff(&self) -> Browser {
        self.signed_in_as_role(app::staff::accounts::Role::Staff)
            .await
    }

    /// A browser signed in as the test's commissioner, `commissioner@example.org`.
    pub async fn commissioner(&self) -> Browser {
        self.signed_in_as_role(app::staff::accounts::Role::Commissioner)
            .await
    }

    /// The role's account is created the first time it is asked for; later browsers sign in
    /// to the same one, as a second device would.
    async fn signed_in_as_role(&self, role: app::staff::accounts::Role) -> Browser {
        let email = format!("{}@example.org", role.slug());
        if app::staff::accounts::find_by_email(&self.db, &email)
            .await
            .unwrap()
            .is_none()
        {
            self.create_staff(&email, role, PASSWORD).await;
        }
        let browser = self.new_browser();
        assert_eq!(
            browser.sign_in(&email, PASSWORD).await.status().as_u16(),
            303,
            "{email} signs in"
        );
        browser
    }

    /// Creates an account with a password, as `portal user add` and the set-up link would.
    pub async fn create_staff(
        &self,
        email: &str,
        role: app::staff::accounts::Role,
        password: &str,
    ) -> i64 {
        use app::staff::accounts;
        let id = accounts::create(&self.db, email, email.split('@').next().unwrap(), role)
            .await
            .unwrap();
        let hash = accounts::hash_password(password.to_owned()).await.unwrap();
        accounts::set_password_hash(&self.db, id, &hash)
            .await
            .unwrap();
        id
    }

    /// Every email the file mailer has written so far, as text.
    pub fn mail_written(&self) -> Vec<String> {
        finished_files(&self.mail_dir)
    }

    /// Every text message the file texter has written so far.
    pub fn texts_written(&self) -> Vec<String> {
        finished_files(&self.settings.text_dir)
    }

    /// A new browser with its own cookies, signed in as nobody.
    pub fn new_browser(&self) -> Browser {
        Browser::new(&self.address)
    }

    pub async fn count_submissions(&self) -> i64 {
        app::on_db!(&self.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM submissions").fetch_one(pool).await.unwrap())
    }
}

/// The files in `dir` that a writer has finished: a message is written under a hidden
/// temporary name and renamed, and the worker may be writing one while a test reads.
fn finished_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|dir| {
            dir.map(|f| f.unwrap().path())
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

/// Lets a test use its app's own browser without naming it: `app.get(…)`.
impl std::ops::Deref for TestApp {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// A browser without JavaScript: a cookie jar and the portal's address, nothing else.
pub struct Browser {
    pub address: String,
    pub client: reqwest::Client,
}

impl Browser {
    fn new(address: &str) -> Browser {
        Browser {
            address: address.to_owned(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("Accept", "text/html")
            .send()
            .await
            .expect("request sent")
    }

    /// A JSON document (a subject access export), after checking it was served.
    pub async fn json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), 200, "{path}");
        serde_json::from_str(&response.text().await.expect("a body")).expect("JSON")
    }

    pub async fn get_page(&self, path: &str) -> Page {
        Page::from(self.get(path).await).await
    }

    /// A form POST as a browser without JavaScript sends it.
    pub async fn post_form(&self, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Accept", "text/html")
            .form(fields)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn submit_feedback(&self, fields: &[(&'static str, String)]) -> reqwest::Response {
        self.post_form("/feedback", fields).await
    }

    /// Follows a 303 as a browser would, with a GET.
    pub async fn follow(&self, response: reqwest::Response) -> Page {
        assert_eq!(
            response.status().as_u16(),
            303,
            "expected a redirect, got {}",
            response.status()
        );
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with('/'),
            "redirects stay on the site: {location}"
        );
        self.get_page(&location).await
    }

    /// Sends the valid form with `changes` and returns the reference it was given, without
    /// its hyphen.
    pub async fn send_feedback(&self, changes: &[(&'static str, &str)]) -> String {
        self.follow(self.submit_feedback(&form_with(changes)).await)
            .await
            .text("#reference")
            .replace('-', "")
    }

    /// Sends a valid submission and returns its confirmation page.
    pub async fn send_valid_feedback(&self) -> Page {
        let response = self.submit_feedback(&valid_form()).await;
        self.follow(response).await
    }

    /// Signs in through the form, as a browser would; returns the response to the POST.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        let form = self.get_page("/staff/sign-in").await;
        let csrf = form
            .attr("input[name=csrf]", "value")
            .expect("a sign-in token");
        self.post_form(
            "/staff/sign-in",
            &[
                ("email", email.to_owned()),
                ("password", password.to_owned()),
                ("csrf", csrf),
                ("next", "/staff".to_owned()),
            ],
        )
        .await
    }

    /// The CSRF token in the forms of a staff page.
    pub async fn csrf_on(&self, path: &str) -> String {
        self.get_page(path)
            .await
            .attr("input[name=csrf]", "value")
            .expect("a CSRF token on the page")
    }
}

/// The path of the tracking link on a confirmation page.
pub fn tracking_path(confirmation: &Page) -> String {
    let href = confirmation
        .attr("#tracking-link", "href")
        .expect("a tracking link");
    let url = url::Url::parse(&href).expect("an absolute tracking link");
    url.path().to_owned()
}
