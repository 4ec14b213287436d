//! The board pack: a quarter against the one before and the same quarter a year earlier, with
//! figures equal to counting the submissions, the same suppression as everywhere, and a clear
//! refusal of a quarter that is not one.

use super::insights::{csv_rows, insert, stated, Fixture};
use chrono::{Datelike, Months, NaiveDate, Utc};
use portal_tests::{on_both_databases, TestApp};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The first day of the last quarter that is over.
fn last_quarter() -> NaiveDate {
    let t = today();
    let this = NaiveDate::from_ymd_opt(t.year(), t.month0() / 3 * 3 + 1, 1).unwrap();
    this.checked_sub_months(Months::new(3)).unwrap()
}

fn code(start: NaiveDate) -> String {
    format!("{}-Q{}", start.year(), start.month0() / 3 + 1)
}

/// What the database says, counted by hand, for the quarter starting on `start`.
async fn counted(app: &TestApp, start: NaiveDate, topic: Option<&str>) -> i64 {
    let end = start.checked_add_months(Months::new(3)).unwrap();
    let (from, to) = (
        start.and_hms_opt(0, 0, 0).unwrap().and_utc(),
        end.and_hms_opt(0, 0, 0).unwrap().and_utc(),
    );
    let rows: Vec<(String, i64)> = app::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT topic, COUNT(*) FROM submissions WHERE created_at >= $1 AND created_at < $2 \
         AND status <> 'duplicate' GROUP BY topic")
        .bind(from).bind(to).fetch_all(pool).await.unwrap());
    rows.iter()
        .filter(|(t, _)| topic.is_none_or(|topic| topic == t))
        .map(|(_, n)| n)
        .sum()
}

fn shown(n: i64) -> String {
    if (1..5).contains(&n) {
        "fewer than 5".into()
    } else {
        n.to_string()
    }
}

async fn the_board_pack_equals_counting_each_quarter(app: TestApp) {
    let q = last_quarter();
    let previous = q.checked_sub_months(Months::new(3)).unwrap();
    let a_year_earlier = q.checked_sub_months(Months::new(12)).unwrap();
    let days_ago = |day: NaiveDate| (today() - day).num_days();
    for (start, topic, times) in [
        (q, "housing", 7),
        (q, "loneliness", 12),
        (q, "benefits", 3),
        (previous, "housing", 9),
        (previous, "loneliness", 6),
        (a_year_earlier, "housing", 5),
    ] {
        // Spread over the quarter's three months.
        for (i, offset) in [10, 40, 70].iter().enumerate() {
            let n = times / 3 + usize::from(i < times % 3);
            let day = start + chrono::Duration::days(*offset);
            insert(
                &app,
                Fixture {
                    topic,
                    days_ago: days_ago(day),
                    ..Default::default()
                },
                n,
            )
            .await;
        }
    }
    let staff = app.staff().await;
    let (body, rows) = csv_rows(
        &staff,
        &format!("/insights/board-pack.csv?quarter={}", code(q)),
    )
    .await;
    assert_eq!(stated(&body, "Export"), "Board pack");
    let quarter_end = q
        .checked_add_months(Months::new(3))
        .unwrap()
        .pred_opt()
        .unwrap();
    assert_eq!(stated(&body, "Date range"), format!("{q} to {quarter_end}"));
    let line = |item: &str| {
        rows.iter()
            .find(|r| r[0] == "Key figures" && r[1] == item)
            .unwrap_or_else(|| panic!("no {item} in {rows:?}"))[2..5]
            .to_vec()
    };
    let mut expected = Vec::new();
    for start in [q, previous, a_year_earlier] {
        expected.push(shown(counted(&app, start, None).await));
    }
    assert_eq!(line("Submissions"), expected);
    assert_eq!(
        expected,
        ["22", "15", "5"],
        "the fixtures are where they were meant to be"
    );
    for (slug, label) in [
        ("housing", "Housing"),
        ("loneliness", "Loneliness"),
        ("benefits", "Benefits"),
    ] {
        let mut expected = Vec::new();
        for start in [q, previous, a_year_earlier] {
            expected.push(shown(counted(&app, start, Some(slug)).await));
        }
        let got = line(&format!("Topic: {label}"));
        // A single hidden cell takes the next smallest with it, as on the insights page.
        for (got, want) in got.iter().zip(&expected) {
            assert!(
                got == want || got == "withheld",
                "{label}: {got} for {want}"
            );
        }
    }

    // The page shows the three quarters, and a commissioner's counts are rounded.
    let page = staff
        .get_page(&format!("/insights/board-pack?quarter={}", code(q)))
        .await;
    assert_eq!(page.status, 200);
    let headings = page.texts("table.table--figures thead th");
    assert_eq!(headings.len(), 4, "{headings:?}");
    let commissioner = app.commissioner().await;
    let (_, rows) = csv_rows(
        &commissioner,
        &format!("/insights/board-pack.csv?quarter={}", code(q)),
    )
    .await;
    let submissions = rows.iter().find(|r| r[1] == "Submissions").unwrap();
    assert_eq!(&submissions[2..5], ["20", "15", "5"]);
}

async fn a_quarter_that_is_not_one_is_refused_and_the_default_is_the_last_complete(app: TestApp) {
    let staff = app.staff().await;
    for bad in ["2026-Q5", "2019-Q4", "last", "2026Q1"] {
        let page = staff
            .get_page(&format!("/insights/board-pack?quarter={bad}"))
            .await;
        assert_eq!(page.status, 422, "{bad}");
        assert!(page.has(".error-summary a[href='#quarter']"), "{bad}");
        assert!(!page.has(".board-pack"), "{bad}");
        let response = staff
            .get(&format!("/insights/board-pack.csv?quarter={bad}"))
            .await;
        assert_eq!(response.status().as_u16(), 422, "{bad}");
    }
    let page = staff.get_page("/insights/board-pack").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.attr("#quarter", "value"), Some(code(last_quarter())));
    assert!(page.has(".board-pack"));
}

on_both_databases!(
    the_board_pack_equals_counting_each_quarter,
    a_quarter_that_is_not_one_is_refused_and_the_default_is_the_last_complete,
);
