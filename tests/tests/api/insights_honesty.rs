//! Insights a commissioner can take to a board: a month not yet over is called "so far" and is
//! never the quietest, "open now" answers for the same submissions as every other figure, each
//! page and export says what it covers, and no two views subtract to a count under 5.

use super::insights::{cell, csv_rows, insert, stated, Fixture};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use portal_tests::{on_both_databases, Browser, TestApp};
use rand::{rngs::StdRng, Rng, SeedableRng};

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// The first day of the month `back` months before this one.
fn month(back: u32) -> NaiveDate {
    today()
        .with_day(1)
        .unwrap()
        .checked_sub_months(Months::new(back))
        .unwrap()
}

/// Days from `day` to today, for a fixture.
fn days_ago(day: NaiveDate) -> i64 {
    (today() - day).num_days()
}

fn label(month: NaiveDate) -> String {
    month.format("%B %Y").to_string()
}

async fn the_month_not_yet_over_is_so_far_and_never_called_the_quietest(app: TestApp) {
    let mid = |first: NaiveDate| first + chrono::Duration::days(14);
    for (day, times) in [(mid(month(2)), 7), (mid(month(1)), 12), (today(), 5)] {
        let days_ago = days_ago(day);
        insert(
            &app,
            Fixture {
                days_ago,
                ..Default::default()
            },
            times,
        )
        .await;
    }
    let staff = app.staff().await;
    let query = format!("from={}&to={}", month(2), today());
    let (_, rows) = csv_rows(&staff, &format!("/insights/export.csv?{query}")).await;
    let over_time: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "Submissions over time")
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    let so_far = format!("{} (so far)", label(month(0)));
    assert_eq!(
        over_time,
        [
            (label(month(2)).as_str(), "7"),
            (label(month(1)).as_str(), "12"),
            (so_far.as_str(), "5")
        ]
    );

    // The chart's sentence compares whole months only: the one with 5 so far is not the quietest.
    let page = staff.get_page(&format!("/insights?{query}")).await;
    let sentence = page.texts(".chart figcaption")[0].clone();
    assert_eq!(
        sentence,
        format!(
            "The busiest was {} (12); the quietest was {} (7).",
            label(month(1)),
            label(month(2))
        )
    );

    // Months still to come are not drawn as quiet ones.
    let to_next_year = format!("from={}&to={}-12-31", month(2), today().year() + 1);
    let (_, rows) = csv_rows(&staff, &format!("/insights/export.csv?{to_next_year}")).await;
    let periods = rows
        .iter()
        .filter(|r| r[0] == "Submissions over time")
        .count();
    assert_eq!(periods, 3, "{rows:?}");
}

async fn open_now_counts_the_submissions_the_filters_choose(app: TestApp) {
    let open = |days_ago, kind| Fixture {
        days_ago,
        kind,
        status: "new",
        ..Default::default()
    };
    insert(&app, open(10, "feedback"), 6).await;
    insert(&app, open(10, "idea"), 5).await;
    insert(&app, open(150, "feedback"), 7).await;
    insert(
        &app,
        Fixture {
            days_ago: 10,
            ..Default::default()
        },
        8,
    )
    .await;
    let staff = app.staff().await;
    let open_now = |query: String| {
        let staff: &Browser = &staff;
        async move {
            let (_, rows) = csv_rows(staff, &format!("/insights/export.csv?{query}")).await;
            cell(&rows, "Open now, of these submissions", "")
        }
    };
    // 50 days back is in an earlier month than 10 days back, however long the months.
    let recent = today() - chrono::Duration::days(50);
    assert_eq!(open_now(format!("from={recent}")).await, "11");
    assert_eq!(open_now(format!("from={recent}&kind=idea")).await, "5");
    let older = today() - chrono::Duration::days(200);
    assert_eq!(open_now(format!("from={older}")).await, "18");
    assert_eq!(open_now(format!("from={older}&to={recent}")).await, "7");
}

async fn every_page_and_export_says_what_it_covers(app: TestApp) {
    let practice: String = app::on_db!(&app.db, pool => sqlx::query_scalar("SELECT name FROM practices WHERE code = 'SAMPLE01'").fetch_one(pool).await.unwrap());
    let query = "from=2026-01-10&to=2026-03-20&kind=idea&practice=SAMPLE01";
    let staff = app.staff().await;
    let before: DateTime<Utc> = Utc::now();
    let (figures, _) = csv_rows(&staff, &format!("/insights/export.csv?{query}")).await;
    let (rows, table) = csv_rows(&staff, &format!("/insights/submissions.csv?{query}")).await;
    assert_eq!(table[0][0], "reference", "the table follows the statement");
    for (body, export) in [
        (&figures, "Insights figures"),
        (&rows, "Submissions, without contact details"),
    ] {
        assert_eq!(stated(body, "Export"), export);
        assert_eq!(stated(body, "Date range"), "2026-01-01 to 2026-03-31");
        assert_eq!(stated(body, "Type"), "Idea");
        assert_eq!(stated(body, "Topic"), "All");
        assert_eq!(stated(body, "Primary Care Network"), "All");
        assert_eq!(stated(body, "GP practice"), practice);
        assert_eq!(stated(body, "Show over time by"), "Month");
        let made = stated(body, "Figures read");
        let made = NaiveDate::parse_and_remainder(&made, "%Y-%m-%d")
            .map(|(day, _)| day)
            .unwrap_or_else(|e| panic!("{made}: {e}"));
        assert_eq!(made, before.date_naive());
    }
    assert_eq!(
        stated(&figures, "Counts"),
        "Exact; counts from 1 to 4 are shown as \"fewer than 5\""
    );

    // The page says the same, in the reader's language.
    let page = staff.get_page(&format!("/insights?{query}")).await;
    let lines = page.texts(".stated .summary-list__row");
    for expected in ["2026-01-01 to 2026-03-31", "Idea", &practice, "Exact"] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "{expected} in {lines:?}"
        );
    }
    let bengali = staff.get_page(&format!("/insights?{query}&lang=bn")).await;
    let lines = bengali.texts(".stated .summary-list__row");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("2026-01-01 থেকে 2026-03-31")),
        "{lines:?}"
    );
}

/// What a reader can believe about a count from how it is shown to a commissioner: written
/// here from the words on the page, not taken from the code under test.
fn possible(shown: &str) -> (i64, i64) {
    match shown {
        "fewer than 5" => (1, 4),
        "withheld" => (5, i64::MAX),
        "0" => (0, 0),
        // 3 and 4 would be "fewer than 5".
        "5" => (5, 7),
        n => {
            let n: i64 = n.replace(',', "").parse().unwrap();
            (n - 2, n + 2)
        }
    }
}

/// One view a reader asked for: months `first..=last` back, one kind or all.
#[derive(Clone, Copy, PartialEq)]
struct View {
    first: u32,
    last: u32,
    kind: Option<&'static str>,
}

impl View {
    /// Whether every submission in `other` is in this view too.
    fn holds(&self, other: &View) -> bool {
        self.first >= other.first
            && self.last <= other.last
            && (self.kind.is_none() || self.kind == other.kind)
    }

    fn query(&self) -> String {
        let to = month(self.last).checked_add_months(Months::new(1)).unwrap()
            - chrono::Duration::days(1);
        let mut q = format!("from={}&to={to}", month(self.first));
        if let Some(kind) = self.kind {
            q.push_str(&format!("&kind={kind}"));
        }
        q
    }
}

/// Every pair of views, one holding the other, as `reader` sees them: the pairs whose
/// difference pins a count from 1 to 4, and checks that each shown count is consistent
/// with the truth.
async fn small_counts_recovered(
    reader: &Browser,
    views: &[View],
    truth: &dyn Fn(&View) -> i64,
    read: &dyn Fn(&str) -> (i64, i64),
) -> Vec<String> {
    let mut shown = Vec::new();
    for view in views {
        let (_, rows) = csv_rows(reader, &format!("/insights/export.csv?{}", view.query())).await;
        let total = cell(&rows, "Submissions", "");
        let (lo, hi) = read(&total);
        assert!(
            (lo..=hi).contains(&truth(view)),
            "{}: {total} shown for {}",
            view.query(),
            truth(view)
        );
        shown.push((lo, hi));
    }
    let mut recovered = Vec::new();
    for (a, whole) in views.iter().enumerate() {
        for (b, part) in views.iter().enumerate() {
            if a == b || !whole.holds(part) {
                continue;
            }
            let lo = shown[a].0.saturating_sub(shown[b].1).max(0);
            let hi = shown[a].1.saturating_sub(shown[b].0);
            if lo == hi && (1..5).contains(&lo) {
                recovered.push(format!("{} less {} = {lo}", whole.query(), part.query()));
            }
        }
    }
    recovered
}

async fn no_two_views_a_commissioner_can_ask_for_subtract_to_a_count_under_5(app: TestApp) {
    // Three blocks of four whole months, each month and kind a random small count, so that
    // many pairs of views differ by 1 to 4.
    let mut rng = StdRng::seed_from_u64(20261203);
    let mut counts = std::collections::HashMap::new();
    for back in 1..=12u32 {
        for kind in ["feedback", "idea"] {
            let n: usize = rng.random_range(0..9);
            counts.insert((back, kind), n as i64);
            let day = month(back) + chrono::Duration::days(14);
            insert(
                &app,
                Fixture {
                    kind,
                    days_ago: days_ago(day),
                    ..Default::default()
                },
                n,
            )
            .await;
        }
    }
    let mut views = Vec::new();
    for block in [1u32, 5, 9] {
        for first in block..block + 4 {
            for last in block..=first {
                for kind in [None, Some("feedback"), Some("idea")] {
                    views.push(View { first, last, kind });
                }
            }
        }
    }
    let truth = |v: &View| -> i64 {
        (v.last..=v.first)
            .flat_map(|back| ["feedback", "idea"].map(|k| (back, k)))
            .filter(|(_, k)| v.kind.is_none_or(|kind| kind == *k))
            .map(|key| counts[&key])
            .sum()
    };

    let commissioner = app.commissioner().await;
    let recovered = small_counts_recovered(&commissioner, &views, &truth, &possible).await;
    assert!(recovered.is_empty(), "{recovered:#?}");

    // The same data read exactly (as staff read it) gives small counts away: the check above
    // has pairs to find.
    let exact = |shown: &str| match shown {
        "fewer than 5" => (1, 4),
        "withheld" => (5, i64::MAX),
        n => {
            let n: i64 = n.replace(',', "").parse().unwrap();
            (n, n)
        }
    };
    let staff = app.staff().await;
    let recovered = small_counts_recovered(&staff, &views, &truth, &exact).await;
    assert!(!recovered.is_empty());
}

on_both_databases!(
    the_month_not_yet_over_is_so_far_and_never_called_the_quietest,
    open_now_counts_the_submissions_the_filters_choose,
    every_page_and_export_says_what_it_covers,
    no_two_views_a_commissioner_can_ask_for_subtract_to_a_count_under_5,
);
