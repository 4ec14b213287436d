//! Insights, exports, quotes and "You said, we did": figures against hand-counted fixtures,
//! small-number suppression, CSV that spreadsheets read safely, roles, and the roll-ups
//! staying true through every change.

use app::staff::accounts::Role;
use chrono::{Datelike, Duration, Utc};
use portal_tests::{form_with, on_both_databases, Browser, Page, TestApp, PASSWORD};

/// One fixture submission, `days_ago` days old, straight into the database (the triggers
/// that keep the roll-ups run as for a real one).
pub(crate) struct Fixture<'a> {
    pub kind: &'a str,
    pub topic: &'a str,
    pub practice: Option<&'a str>,
    pub days_ago: i64,
    pub status: &'a str,
    pub reply_days: Option<i32>,
    pub themes: &'a [&'a str],
}

impl Default for Fixture<'_> {
    fn default() -> Self {
        Fixture {
            kind: "feedback",
            topic: "housing",
            practice: None,
            days_ago: 10,
            status: "closed",
            reply_days: None,
            themes: &[],
        }
    }
}

pub(crate) async fn insert(app: &TestApp, f: Fixture<'_>, times: usize) {
    for _ in 0..times {
        let reference = app::domain::Reference::generate();
        let token = app::domain::TrackingToken::generate();
        let at = Utc::now() - Duration::days(f.days_ago);
        let practice: Option<i64> = match f.practice {
            Some(code) => Some(
                app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM practices WHERE code = $1").bind(code).fetch_one(pool).await.unwrap()),
            ),
            None => None,
        };
        let id: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
            "INSERT INTO submissions (reference, token_hash, kind, topic, practice_id, message, language, status, created_at, updated_at, \
             first_reply_at, first_reply_days, contact_name, contact_email, contact_phone) \
             VALUES ($1, $2, $3, $4, $5, 'A fixture message', 'en', $6, $7, $7, $8, $9, 'Fixture Name', 'fixture@example.net', '+447700900123') RETURNING id")
            .bind(reference.as_str()).bind(token.hash()).bind(f.kind).bind(f.topic).bind(practice).bind(f.status).bind(at)
            .bind(f.reply_days.map(|_| at)).bind(f.reply_days).fetch_one(pool).await.unwrap());
        for theme in f.themes {
            // Each fixture theme is on the kept list, as an admin would have put it.
            app::on_db!(&app.db, pool => sqlx::query("INSERT INTO themes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
                .bind(*theme).execute(pool).await.unwrap().rows_affected());
            app::on_db!(&app.db, pool => sqlx::query("INSERT INTO submission_themes (submission_id, theme) VALUES ($1, $2)")
                .bind(id).bind(*theme).execute(pool).await.unwrap().rows_affected());
        }
    }
}

pub(crate) async fn csv_rows(browser: &Browser, path: &str) -> (String, Vec<Vec<String>>) {
    let response = browser.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let body = response.text().await.unwrap();
    assert!(
        body.starts_with('\u{feff}'),
        "a byte-order mark first, for spreadsheet programs"
    );
    let rows = parse(table(&body).1);
    (body, rows)
}

/// An export's statement of what it covers and its table, split at the blank line between.
pub(crate) fn table(body: &str) -> (&str, &str) {
    body.trim_start_matches('\u{feff}')
        .split_once("\r\n\r\n")
        .expect("a statement of what the export covers, a blank line, then the table")
}

/// RFC 4180 rows, every one as wide as the first.
pub(crate) fn parse(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("valid RFC 4180")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The value of one line of an export's statement of what it covers.
pub(crate) fn stated(body: &str, label: &str) -> String {
    let lines = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(table(body).0.as_bytes())
        .into_records()
        .map(|r| r.expect("valid RFC 4180"));
    for line in lines {
        if &line[0] == label {
            assert_eq!(line.len(), 2, "{line:?}");
            return line[1].to_owned();
        }
    }
    panic!("no line {label} in {body}")
}

pub(crate) fn cell(rows: &[Vec<String>], section: &str, item: &str) -> String {
    rows.iter()
        .find(|r| r[0] == section && r[1] == item)
        .unwrap_or_else(|| panic!("no row {section} / {item} in {rows:?}"))[2]
        .clone()
}

async fn the_figures_match_hand_counts_and_small_numbers_are_suppressed(app: TestApp) {
    // 5 housing feedback at SAMPLE01, 4 benefits ideas at SAMPLE03, 12 loneliness feedback at SAMPLE01.
    insert(
        &app,
        Fixture {
            topic: "housing",
            practice: Some("SAMPLE01"),
            reply_days: Some(2),
            themes: &["damp and mould"],
            ..Default::default()
        },
        5,
    )
    .await;
    insert(
        &app,
        Fixture {
            kind: "idea",
            topic: "benefits",
            practice: Some("SAMPLE03"),
            status: "new",
            ..Default::default()
        },
        4,
    )
    .await;
    insert(
        &app,
        Fixture {
            topic: "loneliness",
            practice: Some("SAMPLE01"),
            reply_days: Some(12),
            themes: &["coffee mornings"],
            ..Default::default()
        },
        12,
    )
    .await;
    // Older than the range: counted only as the previous period of the themes.
    insert(
        &app,
        Fixture {
            topic: "housing",
            days_ago: 400,
            themes: &["damp and mould"],
            ..Default::default()
        },
        7,
    )
    .await;
    insert(
        &app,
        Fixture {
            topic: "loneliness",
            days_ago: 400,
            themes: &["coffee mornings"],
            ..Default::default()
        },
        20,
    )
    .await;
    // Staff read exact counts; commissioners the same figures rounded (below).
    let staff = app.staff().await;
    let (body, rows) = csv_rows(&staff, "/insights/export.csv").await;
    assert_eq!(
        stated(&body, "Counts"),
        "Exact; counts from 1 to 4 are shown as \"fewer than 5\""
    );

    assert_eq!(cell(&rows, "Submissions", ""), "21");
    // Benefits (4) is hidden; with only one hidden cell, the next smallest (housing, 5) is withheld.
    assert_eq!(cell(&rows, "By topic", "Benefits"), "fewer than 5");
    assert_eq!(cell(&rows, "By topic", "Housing"), "withheld");
    assert_eq!(cell(&rows, "By topic", "Loneliness"), "12");
    assert_eq!(cell(&rows, "By topic", "Caring for someone"), "0");
    assert_eq!(cell(&rows, "Feedback and ideas", "Idea"), "fewer than 5");
    assert_eq!(cell(&rows, "Feedback and ideas", "Feedback"), "withheld");
    assert_eq!(
        cell(
            &rows,
            "By GP practice",
            "Riverside Medical Practice (sample)"
        ),
        "fewer than 5"
    );
    assert_eq!(
        cell(&rows, "By GP practice", "Canal Side Health Centre (sample)"),
        "withheld"
    );
    assert_eq!(cell(&rows, "By status", "New"), "fewer than 5");
    assert_eq!(cell(&rows, "By status", "Closed"), "withheld");
    // 4 open items, 10 days old.
    assert_eq!(
        cell(
            &rows,
            "Open now, of these submissions, by age",
            "1 to 4 weeks"
        ),
        "fewer than 5"
    );
    // Replies: 5 after 2 working days and 12 after 12: the median of 17 is the 9th, in the 11-15 band.
    assert_eq!(
        cell(&rows, "Response times", "Submissions with a public reply"),
        "17"
    );
    // In words: a spreadsheet would read "11-15" as a date.
    assert_eq!(
        cell(&rows, "Response times", "Median time to first reply"),
        "11 to 15 working days"
    );
    assert_eq!(cell(&rows, "Response times", "Answered within target"), "5");
    // Themes against the year before: 5 now, 7 before; 12 now, 20 before.
    let damp = rows
        .iter()
        .find(|r| r[0] == "Top themes" && r[1] == "damp and mould")
        .unwrap();
    assert_eq!((damp[2].as_str(), damp[3].as_str()), ("5", "7"));
    let coffee = rows
        .iter()
        .find(|r| r[0] == "Top themes" && r[1] == "coffee mornings")
        .unwrap();
    assert_eq!((coffee[2].as_str(), coffee[3].as_str()), ("12", "20"));

    // A commissioner sees every count from 5 up to the nearest 5, and the export says so.
    let commissioner = app.commissioner().await;
    let (body, rows) = csv_rows(&commissioner, "/insights/export.csv").await;
    assert_eq!(
        stated(&body, "Counts"),
        "Rounded to the nearest 5; counts from 1 to 4 are shown as \"fewer than 5\""
    );
    assert_eq!(cell(&rows, "Submissions", ""), "20");
    assert_eq!(cell(&rows, "By topic", "Benefits"), "fewer than 5");
    assert_eq!(cell(&rows, "By topic", "Housing"), "withheld");
    assert_eq!(cell(&rows, "By topic", "Loneliness"), "10");
    assert_eq!(
        cell(&rows, "Response times", "Submissions with a public reply"),
        "15"
    );
    let damp = rows
        .iter()
        .find(|r| r[0] == "Top themes" && r[1] == "damp and mould")
        .unwrap();
    assert_eq!((damp[2].as_str(), damp[3].as_str()), ("5", "5"));

    // The page shows the same figures, as SVG charts with their tables.
    let page = commissioner.get_page("/insights").await;
    assert_eq!(page.status, 200);
    assert!(page.has(".chart figure svg[role=img] title"));
    let rows_text = page.texts(".chart table tbody tr");
    assert!(
        rows_text
            .iter()
            .any(|r| r.contains("Benefits") && r.contains("fewer than 5")),
        "{rows_text:?}"
    );
    assert!(
        rows_text
            .iter()
            .any(|r| r.contains("Housing") && r.contains("withheld")),
        "{rows_text:?}"
    );
    assert!(!page.body.contains("fixture@example.net") && !page.body.contains("Fixture Name"));
}

async fn a_filter_narrows_every_figure_and_a_bad_date_is_explained(app: TestApp) {
    insert(
        &app,
        Fixture {
            topic: "housing",
            practice: Some("SAMPLE01"),
            ..Default::default()
        },
        6,
    )
    .await;
    insert(
        &app,
        Fixture {
            kind: "idea",
            topic: "parenting",
            practice: Some("SAMPLE05"),
            ..Default::default()
        },
        9,
    )
    .await;
    let staff = app.staff().await;
    let (_, rows) = csv_rows(&staff, "/insights/export.csv?kind=idea").await;
    assert_eq!(cell(&rows, "Submissions", ""), "9");
    assert_eq!(cell(&rows, "By topic", "Housing"), "0");
    let network: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT network_id FROM practices WHERE code = 'SAMPLE01'").fetch_one(pool).await.unwrap());
    let (_, rows) = csv_rows(&staff, &format!("/insights/export.csv?network={network}")).await;
    assert_eq!(cell(&rows, "Submissions", ""), "6");
    let today = Utc::now().date_naive();
    // Whole weeks: the fixtures, 10 days old, fall before the week that holds 3 days ago.
    let (_, rows) = csv_rows(
        &staff,
        &format!(
            "/insights/export.csv?period=week&from={}&to={}",
            today - Duration::days(3),
            today
        ),
    )
    .await;
    assert_eq!(cell(&rows, "Submissions", ""), "0");

    for (query, message) in [
        ("from=31/12/2025", "start date"),
        ("to=tomorrow", "end date"),
        ("from=2026-06-01&to=2026-01-01", "on or before"),
    ] {
        let page = staff.get_page(&format!("/insights?{query}")).await;
        assert_eq!(page.status, 422, "{query}");
        assert!(
            page.text(".error-summary").contains(message),
            "{query}: {}",
            page.text(".error-summary")
        );
        assert!(!page.has(".chart"));
    }
}

async fn a_range_outside_the_years_covered_is_refused_by_the_page_and_both_exports(app: TestApp) {
    insert(&app, Fixture::default(), 3).await;
    let commissioner = app.commissioner().await;
    let staff = app.staff().await;
    let today = Utc::now().date_naive();
    let next_year = today.year() + 1;
    let last = format!("{next_year}-12-31");
    let four_years_of_weeks = format!("from={}-01-01&period=week", today.year() - 3);
    let after_next_year = format!("to={}-01-01", next_year + 1);
    let refused: &[(&str, &str)] = &[
        // The review's request: 80 MB of weeks.
        (
            "from=0001-01-01&to=9999-12-31&period=week",
            "from 2020-01-01",
        ),
        ("from=0001-01-01&to=9999-12-31", "from 2020-01-01"),
        ("from=-5000-01-01&to=2026-01-01", "from 2020-01-01"),
        (
            "from=2026-01-01&to=%2B20000-01-01",
            "end date from 2020-01-01",
        ),
        ("from=2026-01-01&to=+20000-01-01", "end date"),
        ("from=2026-01-01&to=-0001-01-01", "end date from 2020-01-01"),
        ("from=2019-12-31", "start date from 2020-01-01"),
        (&after_next_year, &last),
        (
            "from=2020-01-01&to=2027-12-31&period=week",
            "at most 3 years",
        ),
        (&four_years_of_weeks, "at most 3 years"),
    ];
    for (query, message) in refused {
        let page = commissioner.get_page(&format!("/insights?{query}")).await;
        assert_eq!(page.status, 422, "/insights?{query}");
        let summary = page.text(".error-summary");
        assert!(summary.contains(message), "{query}: {summary}");
        assert!(
            !page.has(".chart") && !page.has(".exports"),
            "{query}: no figures"
        );
        assert!(
            page.body.len() < 100_000,
            "{query}: {} bytes",
            page.body.len()
        );
        for (browser, export) in [(&commissioner, "export.csv"), (&staff, "submissions.csv")] {
            let response = browser.get(&format!("/insights/{export}?{query}")).await;
            assert_eq!(response.status().as_u16(), 422, "{export}?{query}");
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html"),
                "{export}?{query}: a page, not a file"
            );
            let refusal = Page::from(response).await;
            assert!(
                refusal.text(".error-summary").contains(message),
                "{export}?{query}: {}",
                refusal.text(".error-summary")
            );
        }
    }
    let exported: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE '%exported'").fetch_one(pool).await.unwrap());
    assert_eq!(exported, 0, "a refused export is not exported");

    // The widest ranges still allowed: every month the insights cover, and three years of weeks.
    let every_month = format!("from=2020-01-01&to={last}");
    let three_years_of_weeks = format!(
        "from={}&to={today}&period=week",
        today.checked_sub_months(chrono::Months::new(36)).unwrap() + Duration::days(1)
    );
    for query in [every_month, three_years_of_weeks] {
        let page = commissioner.get_page(&format!("/insights?{query}")).await;
        assert_eq!(page.status, 200, "{query}");
        assert!(
            page.body.len() < 1_000_000,
            "{query}: {} bytes",
            page.body.len()
        );
        let (_, rows) = csv_rows(&commissioner, &format!("/insights/export.csv?{query}")).await;
        assert_eq!(cell(&rows, "Submissions", ""), "fewer than 5", "{query}");
        let (_, rows) = csv_rows(&staff, &format!("/insights/submissions.csv?{query}")).await;
        assert_eq!(rows.len(), 4, "{query}: a header and three submissions");
    }
}

async fn both_exports_arrive_whole_through_gzip_and_brotli(app: TestApp) {
    // More than one streamed page of rows (2,000), through the demo-data code path.
    let seeded = app::demo::generate(&app.db, 4321, 12).await.unwrap();
    assert_eq!(seeded, 4321);
    let mut references: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT reference FROM submissions").fetch_all(pool).await.unwrap());
    references.sort();
    let staff = app.staff().await;
    // Every submission: the demo data covers the last two years.
    let query = format!("from={}", Utc::now().date_naive() - Duration::days(800));
    for export in ["submissions.csv", "export.csv"] {
        let path = format!("/insights/{export}?{query}");
        let plain = staff
            .client
            .get(staff.url(&path))
            .header("Accept-Encoding", "identity")
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status().as_u16(), 200, "{path}");
        let plain = plain.bytes().await.expect("the whole body");
        for encoding in ["gzip", "br"] {
            let response = staff
                .client
                .get(staff.url(&path))
                .header("Accept-Encoding", encoding)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path} with {encoding}");
            assert_eq!(
                response
                    .headers()
                    .get("content-encoding")
                    .and_then(|v| v.to_str().ok()),
                Some(encoding),
                "{path}: compressed as asked"
            );
            let compressed = response
                .bytes()
                .await
                .unwrap_or_else(|e| panic!("{path} with {encoding}: the body is cut off: {e}"));
            let mut body = Vec::new();
            use std::io::Read;
            match encoding {
                "gzip" => flate2::read::GzDecoder::new(&compressed[..]).read_to_end(&mut body),
                _ => brotli_decompressor::Decompressor::new(&compressed[..], 4096)
                    .read_to_end(&mut body),
            }
            .unwrap_or_else(|e| panic!("{path} with {encoding}: not a whole stream: {e}"));
            // The two requests may fall either side of a minute: the "made at" time may differ.
            assert!(
                without_made_at(&body) == without_made_at(&plain),
                "{path} with {encoding}: {} bytes decoded, {} sent plain",
                body.len(),
                plain.len()
            );
            let text = String::from_utf8(body).unwrap();
            let rows = parse(table(&text).1);
            if export == "submissions.csv" {
                assert_eq!(&rows[0][0], "reference");
                let mut exported: Vec<String> =
                    rows[1..].iter().map(|r| r[0].replace('-', "")).collect();
                exported.sort();
                let stored: Vec<String> = references.iter().map(|r| r.replace('-', "")).collect();
                assert_eq!(exported.len(), 4321, "{path} with {encoding}: every row");
                assert_eq!(
                    exported, stored,
                    "{path} with {encoding}: each submission once"
                );
            } else {
                let total = rows
                    .iter()
                    .find(|r| &r[0] == "Submissions" && r[1].is_empty())
                    .expect("a total");
                assert_eq!(&total[2], "4321", "{path} with {encoding}");
            }
        }
    }
}

async fn commissioners_see_only_themes_given_five_times_or_more(app: TestApp) {
    insert(
        &app,
        Fixture {
            themes: &["mrs begum flat 3b"],
            ..Default::default()
        },
        1,
    )
    .await;
    insert(
        &app,
        Fixture {
            themes: &["four of us"],
            ..Default::default()
        },
        4,
    )
    .await;
    insert(
        &app,
        Fixture {
            themes: &["damp and mould"],
            ..Default::default()
        },
        5,
    )
    .await;
    // Five uses overall, only one of them in the last twelve months.
    insert(
        &app,
        Fixture {
            themes: &["mostly last year"],
            ..Default::default()
        },
        1,
    )
    .await;
    insert(
        &app,
        Fixture {
            themes: &["mostly last year"],
            days_ago: 400,
            ..Default::default()
        },
        4,
    )
    .await;
    let rare = ["mrs begum flat 3b", "four of us", "mostly last year"];

    let commissioner = app.commissioner().await;
    let page = commissioner.get_page("/insights").await;
    assert_eq!(page.status, 200);
    let themes = page.texts("table.table--figures tbody th");
    assert!(themes.iter().any(|t| t == "damp and mould"), "{themes:?}");
    let (body, rows) = csv_rows(&commissioner, "/insights/export.csv").await;
    assert!(
        rows.iter()
            .any(|r| r[0] == "Top themes" && r[1] == "damp and mould"),
        "{rows:?}"
    );
    for theme in rare {
        assert!(
            !page.body.contains(theme),
            "{theme} on a commissioner's page"
        );
        assert!(!body.contains(theme), "{theme} in a commissioner's export");
    }
    assert!(
        page.body
            .contains("fewer than 5 times in this range are not shown"),
        "the reader is told"
    );
    // Over a range that holds all five of its uses, the theme is a theme.
    let wide = format!("from={}", Utc::now().date_naive() - Duration::days(500));
    assert!(commissioner
        .get_page(&format!("/insights?{wide}"))
        .await
        .body
        .contains("mostly last year"));
    let (body, _) = csv_rows(&commissioner, &format!("/insights/export.csv?{wide}")).await;
    assert!(
        body.contains("mostly last year")
            && !body.contains("mrs begum")
            && !body.contains("four of us")
    );

    // Staff and admins see every theme, as they see the submissions.
    for (email, role) in [
        ("staff@example.org", Role::Staff),
        ("admin@example.org", Role::Admin),
    ] {
        let browser = app.browser_as(email, role, PASSWORD).await;
        let page = browser.get_page("/insights").await;
        assert!(!page
            .body
            .contains("are not shown: they may be about one person"));
        let (aggregate, _) = csv_rows(&browser, "/insights/export.csv").await;
        let (submissions, _) = csv_rows(&browser, "/insights/submissions.csv").await;
        for theme in [
            "mrs begum flat 3b",
            "four of us",
            "mostly last year",
            "damp and mould",
        ] {
            assert!(page.body.contains(theme), "{email}: {theme} on the page");
            assert!(aggregate.contains(theme), "{email}: {theme} in export.csv");
            assert!(
                submissions.contains(theme),
                "{email}: {theme} in submissions.csv"
            );
        }
    }
}

async fn every_insights_route_admits_exactly_its_roles(app: TestApp) {
    let admin = app.admin().await;
    let staff = app.staff().await;
    let commissioner = app.commissioner().await;
    let anonymous = app.new_browser();
    let table: &[(&str, u16, u16, u16)] = &[
        ("/insights", 200, 200, 200),
        ("/insights/export.csv", 200, 200, 200),
        ("/insights/submissions.csv", 200, 200, 403),
        ("/insights/board-pack", 200, 200, 200),
        ("/insights/board-pack.csv", 200, 200, 200),
        ("/staff/you-said-we-did", 200, 200, 403),
    ];
    for (path, a, s, c) in table {
        for (who, browser, expected) in [
            ("admin", &admin, a),
            ("staff", &staff, s),
            ("commissioner", &commissioner, c),
        ] {
            assert_eq!(
                browser.get(path).await.status().as_u16(),
                *expected,
                "{who} on {path}"
            );
        }
        assert_eq!(
            anonymous.get(path).await.status().as_u16(),
            303,
            "anonymous on {path}"
        );
    }
    let csrf = commissioner.csrf_on("/insights").await;
    let denied = commissioner
        .post_form(
            "/staff/you-said-we-did",
            &[
                ("csrf", csrf),
                ("said_en", "x".into()),
                ("did_en", "y".into()),
                ("action_date", "2026-01-01".into()),
            ],
        )
        .await;
    assert_eq!(denied.status().as_u16(), 403);
    assert_eq!(
        anonymous.get("/you-said-we-did").await.status().as_u16(),
        200,
        "the public page is public"
    );

    // A commissioner signing in lands on the insights, not on an inbox they may not see.
    let fresh = app.new_browser();
    let landing = fresh.sign_in("commissioner@example.org", PASSWORD).await;
    assert_eq!(landing.headers()["location"], "/insights");
}

async fn exports_are_rfc_4180_neutralise_formulas_carry_no_contact_details_and_are_audited(
    app: TestApp,
) {
    let hostile = "=HYPERLINK(\"http://example.com\",\"click\"), with a comma\nand a second line";
    let confirmation = app
        .follow(
            app.submit_feedback(&form_with(&[
                ("message", hostile),
                ("name", "Rahima Sample"),
                ("email", "rahima.sample@example.net"),
                ("phone", "07700 900123"),
                ("contact_consent", "yes"),
            ]))
            .await,
        )
        .await;
    assert_eq!(confirmation.status, 200);
    let staff = app.staff().await;
    let reference = confirmation.text("#reference").replace('-', "");
    let csrf = staff.csrf_on("/staff").await;
    // A theme on the kept list that looks like a formula (an admin could type it).
    app::on_db!(&app.db, pool => sqlx::query("INSERT INTO themes (name) VALUES ('+cmd')").execute(pool).await.unwrap().rows_affected());
    staff
        .post_form(
            &format!("/staff/submissions/{reference}/themes"),
            &[("csrf", csrf), ("themes", "+cmd, \"quoted\" theme".into())],
        )
        .await;

    let (body, rows) = csv_rows(&staff, "/insights/submissions.csv").await;
    assert_eq!(rows[0][0], "reference");
    assert_eq!(rows.len(), 2, "a header and one submission");
    let message_column = rows[0].iter().position(|c| c == "message").unwrap();
    assert_eq!(
        rows[1][message_column],
        format!("'{hostile}"),
        "the formula is neutralised, the comma, quotes and new line kept"
    );
    assert!(body.contains("\r\n"), "CRLF line ends");
    for secret in ["Rahima", "rahima.sample@example.net", "900123", "7700"] {
        assert!(
            !body.contains(secret),
            "the row export has no contact details ({secret})"
        );
    }
    let (aggregate, rows) = csv_rows(&staff, "/insights/export.csv").await;
    assert!(
        rows.iter().any(|r| r[1] == "'+cmd"),
        "a theme that looks like a formula is neutralised: {rows:?}"
    );
    for secret in ["Rahima", "rahima.sample@example.net", "900123"] {
        assert!(!aggregate.contains(secret));
    }
    let actions: Vec<String> = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE '%exported' ORDER BY id").fetch_all(pool).await.unwrap());
    assert_eq!(actions, ["submissions-exported", "insights-exported"]);
}

async fn staff_approve_a_quote_only_with_consent_and_it_reaches_the_insights(app: TestApp) {
    let agreed = app
        .follow(
            app.submit_feedback(&form_with(&[
                (
                    "message",
                    "Rahima at the Canal Side surgery was a great help with my housing letters",
                ),
                ("publish_consent", "yes"),
            ]))
            .await,
        )
        .await
        .text("#reference")
        .replace('-', "");
    let refused = app
        .follow(
            app.submit_feedback(&form_with(&[("message", "Please keep this private")]))
                .await,
        )
        .await
        .text("#reference")
        .replace('-', "");
    let staff = app.staff().await;
    let item = staff
        .get_page(&format!("/staff/submissions/{agreed}"))
        .await;
    assert!(
        item.has("#quote-body"),
        "the quote form is offered when the resident agreed"
    );
    assert!(!staff
        .get_page(&format!("/staff/submissions/{refused}"))
        .await
        .has("#quote-body"));
    let csrf = staff.csrf_on("/staff").await;
    let denied = staff
        .post_form(
            &format!("/staff/submissions/{refused}/quote"),
            &[
                ("csrf", csrf.clone()),
                ("body", "Please keep this private".into()),
                ("action", "approve".into()),
            ],
        )
        .await;
    assert_eq!(denied.status().as_u16(), 400);
    let approved = staff
        .post_form(
            &format!("/staff/submissions/{agreed}/quote"),
            &[
                ("csrf", csrf.clone()),
                (
                    "body",
                    "My social prescriber was a great help with my housing letters".into(),
                ),
                ("action", "approve".into()),
            ],
        )
        .await;
    assert_eq!(approved.status().as_u16(), 303);

    let commissioner = app.commissioner().await;
    let page = commissioner.get_page("/insights").await;
    assert!(page
        .text(".quote blockquote")
        .contains("great help with my housing letters"));
    assert!(
        !page.body.contains("Rahima"),
        "only the anonymised text is published"
    );
    assert!(!page.body.contains("Please keep this private"));

    staff
        .post_form(
            &format!("/staff/submissions/{agreed}/quote"),
            &[
                ("csrf", csrf),
                ("body", String::new()),
                ("action", "withdraw".into()),
            ],
        )
        .await;
    assert!(
        !commissioner.get_page("/insights").await.has(".quote"),
        "a withdrawn quote is gone"
    );
}

async fn staff_publish_you_said_we_did_in_both_languages_and_the_public_reads_it(app: TestApp) {
    let staff = app.staff().await;
    let csrf = staff.csrf_on("/staff/you-said-we-did").await;
    let empty = Page::from(
        staff
            .post_form(
                "/staff/you-said-we-did",
                &[
                    ("csrf", csrf.clone()),
                    ("said_en", " ".into()),
                    ("did_en", "".into()),
                    ("action_date", "soon".into()),
                ],
            )
            .await,
    )
    .await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.texts(".error-summary a").len(), 3);
    let count = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            app::on_db!(&db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM you_said_we_did").fetch_one(pool).await.unwrap())
        }
    };
    assert_eq!(count(&app).await, 0, "nothing stored from a bad form");

    for (said, did, said_bn, date) in [
        (
            "Walking groups only met on weekdays.",
            "The walking group now also meets on Saturdays.",
            "হাঁটার দল শুধু সপ্তাহের দিনে মিলিত হতো।",
            "2026-03-01",
        ),
        (
            "Benefit forms are hard.",
            "A weekly form-filling session at the library <script>alert(1)</script>",
            "",
            "2026-05-01",
        ),
    ] {
        let saved = staff
            .post_form(
                "/staff/you-said-we-did",
                &[
                    ("csrf", csrf.clone()),
                    ("said_en", said.into()),
                    ("did_en", did.into()),
                    ("said_bn", said_bn.into()),
                    ("action_date", date.into()),
                ],
            )
            .await;
        assert_eq!(saved.status().as_u16(), 303);
    }
    let public = app.new_browser().get_page("/you-said-we-did").await;
    let items = public.texts(".you-said__item");
    assert_eq!(items.len(), 2);
    assert!(
        items[0].contains("form-filling session"),
        "newest first: {items:?}"
    );
    assert!(
        !public.body.contains("<script>alert"),
        "staff text is sanitised"
    );
    let bengali = app.new_browser().get_page("/you-said-we-did?lang=bn").await;
    assert!(bengali.body.contains("হাঁটার দল শুধু সপ্তাহের দিনে মিলিত হতো।"));
    assert!(
        bengali.has("p[lang=en]"),
        "English shown in a Bengali page is marked as English"
    );

    let id: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM you_said_we_did ORDER BY id LIMIT 1").fetch_one(pool).await.unwrap());
    let removed = staff
        .post_form(
            &format!("/staff/you-said-we-did/{id}/remove"),
            &[("csrf", csrf)],
        )
        .await;
    assert_eq!(removed.status().as_u16(), 303);
    assert_eq!(count(&app).await, 1);
}

async fn the_roll_ups_stay_equal_to_counting_the_submissions(app: TestApp) {
    let staff = app.staff().await;
    let mut references = Vec::new();
    for (topic, practice) in [
        ("housing", "SAMPLE01"),
        ("housing", "SAMPLE01"),
        ("benefits", "SAMPLE02"),
        ("caring", ""),
    ] {
        let page = app
            .follow(
                app.submit_feedback(&form_with(&[("topic", topic), ("practice", practice)]))
                    .await,
            )
            .await;
        references.push((
            page.text("#reference").replace('-', ""),
            portal_tests::tracking_path(&page),
        ));
    }
    let csrf = staff.csrf_on("/staff").await;
    let (first, _) = &references[0];
    staff
        .post_form(
            &format!("/staff/submissions/{first}/update"),
            &[
                ("csrf", csrf.clone()),
                ("status", "in-progress".into()),
                ("priority", "urgent".into()),
                ("assignee", "".into()),
            ],
        )
        .await;
    staff
        .post_form(
            &format!("/staff/submissions/{first}/themes"),
            &[("csrf", csrf.clone()), ("themes", "repairs, damp".into())],
        )
        .await;
    staff
        .post_form(
            &format!("/staff/submissions/{first}/themes"),
            &[("csrf", csrf.clone()), ("themes", "damp".into())],
        )
        .await;
    staff
        .post_form(
            &format!("/staff/submissions/{first}/reply"),
            &[("csrf", csrf.clone()), ("body", "We are on it".into())],
        )
        .await;
    let (second, _) = &references[2];
    staff
        .post_form(
            &format!("/staff/submissions/{second}/safeguarding"),
            &[("csrf", csrf.clone()), ("reason", "A concern".into())],
        )
        .await;
    staff
        .post_form(
            &format!("/staff/submissions/{second}/themes"),
            &[("csrf", csrf.clone()), ("themes", "forms".into())],
        )
        .await;
    let truth = month_counts(&app, COUNTED_BY_HAND).await;
    let rolled = month_counts(&app, MONTHLY_ROLL_UP).await;
    assert_eq!(truth.iter().map(|r| r.n).sum::<i64>(), 4, "four sent");
    assert_eq!(rolled, truth);

    // The resident erases one through their tracking link: it stays counted, its themes go.
    let (_, tracking) = &references[2];
    let delete_page = app.get_page(&format!("{tracking}/delete")).await;
    let fields: Vec<(&str, String)> = delete_page
        .attr("form input[name=csrf]", "value")
        .map(|v| vec![("csrf", v)])
        .unwrap_or_default();
    let deleted = app.post_form(&format!("{tracking}/delete"), &fields).await;
    assert_eq!(deleted.status().as_u16(), 303, "erased");
    assert_eq!(app.count_submissions().await, 3);
    let after = month_counts(&app, MONTHLY_ROLL_UP).await;
    assert_eq!(after, truth, "an erasure leaves the counts as they were");
    let weeks: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT CAST(SUM(n) AS BIGINT) FROM insight_counts WHERE grain = 'week'").fetch_one(pool).await.unwrap());
    assert_eq!(weeks, 4, "the weekly roll-up agrees");
    let themes: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT theme || ' ' || grain, n FROM insight_themes ORDER BY grain").fetch_all(pool).await.unwrap());
    assert_eq!(
        themes,
        [("damp month".to_owned(), 1), ("damp week".to_owned(), 1)],
        "replaced and erased themes are gone from the roll-up, not kept at 0"
    );
    let replies: Vec<(i32, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT days, n FROM insight_replies WHERE n <> 0").fetch_all(pool).await.unwrap());
    assert_eq!(replies, [(0, 1)], "one first reply, the same day");
}

/// "Open now" counts the open items received in the range in the band of their age, and no
/// closed item and nothing received before the range.
async fn open_items_are_counted_in_the_band_of_their_age(app: TestApp) {
    for (days_ago, status, times) in [
        (2, "new", 5),
        (3, "closed", 3),
        (15, "in-review", 6),
        (50, "in-progress", 7),
        (50, "responded", 2),
        (200, "new", 8),
        (400, "new", 4),
    ] {
        insert(
            &app,
            Fixture {
                days_ago,
                status,
                ..Default::default()
            },
            times,
        )
        .await;
    }
    let staff = app.staff().await;
    let (_, rows) = csv_rows(&staff, "/insights/export.csv").await;
    let section = "Open now, of these submissions, by age";
    let bands: Vec<String> = [
        "Under 1 week",
        "1 to 4 weeks",
        "1 to 3 months",
        "Over 3 months",
    ]
    .iter()
    .map(|band| cell(&rows, section, band))
    .collect();
    assert_eq!(bands, ["5", "6", "7", "8"]);
    // Only the last week: the items 15 days old and older fall outside it.
    let today = Utc::now().date_naive();
    let week = format!(
        "/insights/export.csv?period=week&from={}&to={today}",
        today - Duration::days(6)
    );
    let (_, rows) = csv_rows(&staff, &week).await;
    assert_eq!(cell(&rows, section, "Under 1 week"), "5");
    assert_eq!(cell(&rows, section, "1 to 4 weeks"), "0");
    assert_eq!(cell(&rows, section, "Over 3 months"), "0");
}

/// Submissions that arrive together are written in one batch, one statement (see
/// `submissions::group`); PostgreSQL adds a batch's roll-up counts up once for the statement,
/// SQLite once as the batch closes. However they are grouped, each is counted once, under its
/// own kind, topic and practice.
async fn submissions_sent_together_are_each_counted_once(app: TestApp) {
    let mut forms = Vec::new();
    for i in 0..48 {
        let topic = ["housing", "benefits", "caring"][i % 3];
        let practice = ["SAMPLE01", "SAMPLE02", ""][i % 4 % 3];
        let kind = ["feedback", "idea"][i % 2];
        forms.push(form_with(&[
            ("topic", topic),
            ("practice", practice),
            ("kind", kind),
        ]));
    }
    let answers =
        futures_util::future::join_all(forms.iter().map(|form| app.submit_feedback(form))).await;
    for answer in &answers {
        assert_eq!(answer.status().as_u16(), 303, "each is acknowledged");
    }
    let truth = month_counts(&app, COUNTED_BY_HAND).await;
    assert_eq!(truth.iter().map(|r| r.n).sum::<i64>(), 48, "all stored");
    assert!(truth.len() >= 12, "spread over many cells: {}", truth.len());
    assert_eq!(month_counts(&app, MONTHLY_ROLL_UP).await, truth);
    let (weeks, new): (i64, i64) = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT (SELECT CAST(SUM(n) AS BIGINT) FROM insight_counts WHERE grain = 'week'), \
         (SELECT n FROM status_totals WHERE status = 'new')").fetch_one(pool).await.unwrap());
    assert_eq!(
        (weeks, new),
        (48, 48),
        "the weekly roll-up and the status totals agree"
    );
}

/// Demo data is inserted 500 rows to a statement, a batch of its own per transaction, with
/// every status, urgency, safeguarding flag and time to first reply: its roll-ups are what
/// counting the rows gives, and one more submission afterwards is counted on its own.
async fn demo_data_rolls_up_as_counting_it_would(app: TestApp) {
    let seeded = app::demo::generate(&app.db, 1_700, 5).await.unwrap();
    assert_eq!(seeded, 1_700);
    app.send_feedback(&[("topic", "housing")]).await;
    let truth = month_counts(&app, COUNTED_BY_HAND).await;
    assert_eq!(truth.iter().map(|r| r.n).sum::<i64>(), 1_701);
    assert!(truth.iter().any(|r| r.urgent) && truth.iter().any(|r| r.safeguarding));
    assert_eq!(month_counts(&app, MONTHLY_ROLL_UP).await, truth);
    let weeks: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT CAST(SUM(n) AS BIGINT) FROM insight_counts WHERE grain = 'week'").fetch_one(pool).await.unwrap());
    assert_eq!(weeks, 1_701, "the weekly roll-up agrees");
    let by_hand: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT status, COUNT(*) FROM submissions GROUP BY status ORDER BY status").fetch_all(pool).await.unwrap());
    let totals: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT status, n FROM status_totals WHERE n <> 0 ORDER BY status").fetch_all(pool).await.unwrap());
    assert_eq!(totals, by_hand, "the status totals agree");
    let replied: Vec<(i64, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT CAST(first_reply_days AS BIGINT), COUNT(*) FROM submissions \
         WHERE first_reply_days IS NOT NULL AND first_reply_days <= 10 GROUP BY 1 ORDER BY 1").fetch_all(pool).await.unwrap());
    let rolled: Vec<(i64, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT CAST(days AS BIGINT), CAST(SUM(n) AS BIGINT) FROM insight_replies WHERE days <= 10 \
         GROUP BY 1 ORDER BY 1").fetch_all(pool).await.unwrap());
    assert!(!replied.is_empty());
    assert_eq!(rolled, replied, "the times to first reply agree");
    if let app::db::Database::Sqlite(..) = &app.db {
        let open: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
            "SELECT COUNT(*) FROM insight_batch").fetch_one(pool).await.unwrap());
        assert_eq!(open, 0, "no batch is left open");
    }
}

async fn a_duplicate_is_closed_with_a_pointer_and_counted_once(app: TestApp) {
    insert(&app, Fixture::default(), 5).await;
    let original = app.send_feedback(&[("topic", "housing")]).await;
    let repeat = app.send_feedback(&[("topic", "housing")]).await;
    let third = app.send_feedback(&[("topic", "housing")]).await;
    // An admin reads exact counts (a commissioner's are rounded to the nearest 5).
    let commissioner = app.admin().await;
    let total = |commissioner: Browser| async move {
        let (_, rows) = csv_rows(&commissioner, "/insights/export.csv").await;
        (cell(&rows, "Submissions", ""), commissioner)
    };
    let (before, commissioner) = total(commissioner).await;
    assert_eq!(before, "8");

    let staff = app.staff().await;
    let path = format!("/staff/submissions/{repeat}");
    let csrf = staff.csrf_on(&path).await;
    let link = |of: String| {
        let staff = &staff;
        let csrf = csrf.clone();
        let path = path.clone();
        async move {
            staff
                .post_form(&format!("{path}/duplicate"), &[("csrf", csrf), ("of", of)])
                .await
        }
    };
    // Bad references are explained and change nothing.
    for (typed, message) in [
        (
            "not a reference",
            "Enter a reference of 10 letters and numbers",
        ),
        ("ABCDE-1234", "Enter a reference of 10 letters and numbers"),
        (repeat.as_str(), "An item cannot be a duplicate of itself"),
    ] {
        let page = Page::from(link(typed.to_owned()).await).await;
        assert_eq!(page.status, 422, "{typed}");
        assert!(
            page.text(".error-summary").contains(message),
            "{typed}: {}",
            page.text(".error-summary")
        );
        assert!(page.has("#duplicate-of"), "the field the summary links to");
    }
    let unknown = app::domain::Reference::generate();
    let page = Page::from(link(unknown.to_string()).await).await;
    assert_eq!(page.status, 422);
    assert!(page
        .text(".error-summary")
        .contains("No item has that reference"));
    assert!(!app
        .audit_actions()
        .await
        .contains(&"duplicate-linked".to_owned()));

    // Linked with the dash and in lower case, as staff type it.
    let (head, tail) = original.split_at(5);
    let typed = format!("{}-{}", head.to_lowercase(), tail.to_lowercase());
    let response = link(typed).await;
    assert_eq!(response.status().as_u16(), 303);
    let page = staff.follow(response).await;
    assert!(page
        .text("#duplicate-of-notice")
        .contains(&format!("{head}-{tail}")));
    assert!(page.has(&format!(
        "#duplicate-of-notice a[href='/staff/submissions/{original}']"
    )));
    assert!(page.has("#not-duplicate"));
    let page = staff
        .get_page(&format!("/staff/submissions/{original}"))
        .await;
    assert!(page.has(&format!(
        "#duplicates a[href='/staff/submissions/{repeat}']"
    )));
    let closed = staff.get_page("/staff?status=closed").await;
    assert!(
        closed
            .body
            .contains(&format!("/staff/submissions/{repeat}")),
        "closed"
    );
    let (after, commissioner) = total(commissioner).await;
    assert_eq!(after, "7", "the duplicate counts once, as the original");

    // A duplicate of the duplicate points at the original: one step.
    let third_path = format!("/staff/submissions/{third}");
    let csrf3 = staff.csrf_on(&third_path).await;
    let response = staff
        .post_form(
            &format!("{third_path}/duplicate"),
            &[("csrf", csrf3.clone()), ("of", repeat.clone())],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = staff.get_page(&third_path).await;
    assert!(page.has(&format!(
        "#duplicate-of-notice a[href='/staff/submissions/{original}']"
    )));
    let (after, commissioner) = total(commissioner).await;
    assert_eq!(after, "6");

    // Not a duplicate after all: reopened and counted again.
    let response = staff
        .post_form(&format!("{third_path}/not-duplicate"), &[("csrf", csrf3)])
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let page = staff.get_page(&third_path).await;
    assert!(!page.has("#duplicate-of-notice"));
    assert_eq!(
        page.attr("#status option[selected]", "value").as_deref(),
        Some("in-review")
    );
    let (after, _) = total(commissioner).await;
    assert_eq!(after, "7");
    let actions = app.audit_actions().await;
    assert_eq!(
        actions.iter().filter(|a| *a == "duplicate-linked").count(),
        4,
        "each link on both items"
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "duplicate-unlinked")
            .count(),
        1
    );
}

/// One cell of the monthly roll-up, as the roll-up holds it or as counted from submissions.
#[derive(Debug, PartialEq, sqlx::FromRow)]
struct MonthCount {
    month: String,
    kind: String,
    topic: String,
    practice_id: i64,
    status: String,
    urgent: bool,
    safeguarding: bool,
    n: i64,
}

const MONTHLY_ROLL_UP: &str = "SELECT substr(start, 1, 7) AS month, kind, topic, practice_id, \
     status, urgent, safeguarding, n FROM insight_counts WHERE n > 0 AND grain = 'month' \
     ORDER BY start, kind, topic, practice_id, status, urgent, safeguarding";

/// The same cells counted from `submissions` themselves.
const COUNTED_BY_HAND: &str =
    "SELECT substr(CAST(created_at AS TEXT), 1, 7) AS month, kind, topic, \
     COALESCE(practice_id, 0) AS practice_id, status, priority = 'urgent' AS urgent, \
     safeguarding_at IS NOT NULL AS safeguarding, COUNT(*) AS n \
     FROM submissions GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7";

async fn month_counts(app: &TestApp, sql: &str) -> Vec<MonthCount> {
    app::db::query(sql)
        .fetch_all::<MonthCount>(&app.db)
        .await
        .unwrap()
}

async fn a_week_that_crosses_into_a_new_month_is_counted_whole_in_every_view(app: TestApp) {
    let today = Utc::now().date_naive();
    let (first, monday) = crossing_week();
    let ago = |day: chrono::NaiveDate| (today - day).num_days();
    for (topic, day, times) in [
        ("housing", monday, 5),
        ("benefits", first, 6),
        ("loneliness", monday + Duration::days(7), 7),
    ] {
        let themes: &[&str] = if topic == "loneliness" {
            &[]
        } else {
            &["damp and mould"]
        };
        insert(
            &app,
            Fixture {
                topic,
                days_ago: ago(day),
                themes,
                ..Default::default()
            },
            times,
        )
        .await;
    }
    let staff = app.staff().await;
    let week_of = |day: chrono::NaiveDate| {
        format!("Week of {} {} {}", day.day(), day.format("%B"), day.year())
    };

    // The crossing week alone, asked for from either of its months.
    for from in [monday, first] {
        let (_, rows) = csv_rows(
            &staff,
            &format!("/insights/export.csv?period=week&from={from}&to={first}"),
        )
        .await;
        assert_eq!(cell(&rows, "Submissions", ""), "11", "from {from}");
        assert_eq!(cell(&rows, "Submissions over time", &week_of(monday)), "11");
        assert_eq!(cell(&rows, "By topic", "Housing"), "5");
        assert_eq!(cell(&rows, "By topic", "Benefits"), "6");
        assert_eq!(cell(&rows, "By topic", "Loneliness"), "0");
        assert_eq!(cell(&rows, "Top themes", "damp and mould"), "11");
    }

    // Across a whole month as well: its weeks from the crossing one to beyond the next month.
    let next_month = first.checked_add_months(chrono::Months::new(1)).unwrap();
    let (_, rows) = csv_rows(
        &staff,
        &format!(
            "/insights/export.csv?period=week&from={monday}&to={}",
            next_month + Duration::days(3)
        ),
    )
    .await;
    assert_eq!(cell(&rows, "Submissions", ""), "18");
    assert_eq!(cell(&rows, "Submissions over time", &week_of(monday)), "11");
    assert_eq!(
        cell(
            &rows,
            "Submissions over time",
            &week_of(monday + Duration::days(7))
        ),
        "7"
    );
    assert_eq!(cell(&rows, "By topic", "Loneliness"), "7");
    assert_eq!(cell(&rows, "Top themes", "damp and mould"), "11");

    // By month the same days split at the month's start.
    let (_, rows) = csv_rows(
        &staff,
        &format!("/insights/export.csv?from={first}&to={first}"),
    )
    .await;
    assert_eq!(cell(&rows, "Submissions", ""), "13");
    assert_eq!(cell(&rows, "By topic", "Housing"), "0");
    let weeks: i64 = app::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT CAST(SUM(n) AS BIGINT) FROM insight_counts WHERE grain = 'week'").fetch_one(pool).await.unwrap());
    assert_eq!(weeks, 18, "each submission once in the weekly roll-up");
}

/// The migration that keeps a week crossing into a new month as two pieces.
const WEEK_PIECES_MIGRATION: i64 = 20261210000002;

/// The first of a month about three months back that is not a Monday, and the Monday of its
/// week, in the month before.
fn crossing_week() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let today = Utc::now().date_naive();
    let mut first = (today - Duration::days(90)).with_day(1).unwrap();
    if first.weekday() == chrono::Weekday::Mon {
        first = (first - Duration::days(1)).with_day(1).unwrap();
    }
    let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    (first, monday)
}

/// A database as it was before the week pieces: two submissions on the Monday, three on the
/// first of the month, all with a theme, and one more on the first that was erased since.
async fn before_week_pieces(url: &str) {
    let (first, monday) = crossing_week();
    let insert = "INSERT INTO submissions (reference, token_hash, kind, topic, message, language, status, created_at, updated_at) \
                  VALUES ($1, $2, 'feedback', 'housing', 'An older message', 'en', 'closed', $3, $3)";
    let themes = "INSERT INTO submission_themes (submission_id, theme) \
                  SELECT id, 'damp and mould' FROM submissions WHERE reference <> 'HYS-ERASED01'";
    let rows = [
        ("HYS-WEEKMON1", monday),
        ("HYS-WEEKMON2", monday),
        ("HYS-MONTH001", first),
        ("HYS-MONTH002", first),
        ("HYS-MONTH003", first),
        ("HYS-ERASED01", first),
    ];
    let db = portal_tests::database_before(url, WEEK_PIECES_MIGRATION).await;
    app::db::query(
        "INSERT INTO themes (name) VALUES ('damp and mould') ON CONFLICT (name) DO NOTHING",
    )
    .execute(&db)
    .await
    .unwrap();
    for (i, (reference, day)) in rows.iter().enumerate() {
        let at = day.and_hms_opt(12, 0, 0).unwrap().and_utc();
        app::db::query(insert)
            .bind(*reference)
            .bind(vec![i as u8; 32])
            .bind(at)
            .execute(&db)
            .await
            .unwrap();
    }
    app::db::query(themes).execute(&db).await.unwrap();
    app::db::query("DELETE FROM submissions WHERE reference = 'HYS-ERASED01'")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
}

async fn weekly_rows_held_before_are_split_where_the_month_begins(backend: portal_tests::Backend) {
    let app = portal_tests::spawn_app_on(backend, before_week_pieces).await;
    let (first, monday) = crossing_week();
    let by_start = |table: &str, grain: &str| {
        format!(
            "SELECT start, CAST(SUM(n) AS BIGINT) FROM {table} WHERE grain = '{grain}' GROUP BY start ORDER BY start"
        )
    };
    let weeks: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(&by_start("insight_counts", "week")).fetch_all(pool).await.unwrap());
    // The erased submission's day is not known: it stays with the Monday.
    assert_eq!(weeks, [(monday.to_string(), 3), (first.to_string(), 3)]);
    let months: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(&by_start("insight_counts", "month")).fetch_all(pool).await.unwrap());
    assert_eq!(
        months,
        [
            (monday.with_day(1).unwrap().to_string(), 2),
            (first.to_string(), 4)
        ],
        "the months as they were"
    );
    let themes: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(&by_start("insight_themes", "week")).fetch_all(pool).await.unwrap());
    assert_eq!(themes, [(monday.to_string(), 2), (first.to_string(), 3)]);
    // The week's chart adds its pieces up; the month's start splits the week's breakdown.
    let staff = app.staff().await;
    let (_, rows) = csv_rows(
        &staff,
        &format!("/insights/export.csv?period=week&from={monday}&to={first}"),
    )
    .await;
    assert_eq!(cell(&rows, "Submissions", ""), "6");
}

#[tokio::test]
async fn weekly_rows_are_split_by_the_migration_on_sqlite() {
    weekly_rows_held_before_are_split_where_the_month_begins(portal_tests::Backend::Sqlite).await;
}

#[tokio::test]
async fn weekly_rows_are_split_by_the_migration_on_postgres() {
    weekly_rows_held_before_are_split_where_the_month_begins(portal_tests::Backend::Postgres).await;
}

on_both_databases!(
    the_figures_match_hand_counts_and_small_numbers_are_suppressed,
    a_filter_narrows_every_figure_and_a_bad_date_is_explained,
    a_range_outside_the_years_covered_is_refused_by_the_page_and_both_exports,
    both_exports_arrive_whole_through_gzip_and_brotli,
    commissioners_see_only_themes_given_five_times_or_more,
    every_insights_route_admits_exactly_its_roles,
    exports_are_rfc_4180_neutralise_formulas_carry_no_contact_details_and_are_audited,
    staff_approve_a_quote_only_with_consent_and_it_reaches_the_insights,
    staff_publish_you_said_we_did_in_both_languages_and_the_public_reads_it,
    the_roll_ups_stay_equal_to_counting_the_submissions,
    a_duplicate_is_closed_with_a_pointer_and_counted_once,
    a_week_that_crosses_into_a_new_month_is_counted_whole_in_every_view,
    submissions_sent_together_are_each_counted_once,
    demo_data_rolls_up_as_counting_it_would,
    open_items_are_counted_in_the_band_of_their_age,
);

/// An export with its "made at" time (`2026-12-04 10:15 UTC`) blanked.
fn without_made_at(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(" UTC") {
        let start = rest[..at]
            .char_indices()
            .rev()
            .nth(15)
            .map(|(i, _)| i)
            .unwrap_or(0);
        out.push_str(&rest[..start]);
        out.push_str("<time> UTC");
        rest = &rest[at + 4..];
    }
    out.push_str(rest);
    out
}
