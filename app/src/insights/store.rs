//! The insights SQL. Everything except the quotes reads the roll-up tables that triggers keep
//! in step with `submissions` (see the `insights` migration), so the cost follows the number
//! of days, topics and practices in range, not the number of submissions.

use crate::db::Database;
use crate::on_db;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// The filters as typed in the query string; [`InsightsFilter::parse`] checks them once.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InsightsFilter {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub topic: String,
    pub practice: String,
    pub network: String,
    /// `month` (the default) or `week`.
    pub period: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

impl Period {
    /// The roll-up tables' name for it.
    pub fn grain(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// The first day of the period holding `day` (weeks start on Monday).
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Period::Month => day.with_day(1).expect("first of the month"),
            Period::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        }
    }

    /// The last day of the period holding `day`.
    pub fn end(self, day: NaiveDate) -> NaiveDate {
        self.next(self.start(day)) - Duration::days(1)
    }

    /// The start of the period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => start + Duration::days(7),
            Period::Month => start
                .checked_add_months(chrono::Months::new(1))
                .expect("a later month"),
        }
    }
}

/// A filter that has been checked: dates parsed, the range the right way round.
#[derive(Debug, Clone)]
pub struct Checked {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: Option<String>,
    pub topic: Option<String>,
    pub practice: Option<String>,
    pub network: Option<i64>,
    pub period: Period,
}

/// The first year the insights reach back to: before the service's first submission, so no
/// real question is refused, and a bound on the work a single request can ask for.
pub const FIRST_YEAR: i32 = 2020;

/// The longest range a week view may cover, in months: a chart of more weeks is unreadable,
/// and each week is a row to build and send.
pub const MAX_WEEK_VIEW_MONTHS: u32 = 36;

/// Which field was wrong, for the error summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterError {
    /// The start date is not a date.
    From,
    /// The end date is not a date.
    To,
    Order,
    /// The start date is a date, but before [`FIRST_YEAR`] or after the end of next year.
    FromOutOfRange,
    /// The end date is a date, but before [`FIRST_YEAR`] or after the end of next year.
    ToOutOfRange,
    /// A week view of more than [`MAX_WEEK_VIEW_MONTHS`].
    TooManyWeeks,
}

/// The first and last days a filter may name: from the start of [`FIRST_YEAR`] to the end of
/// the year after `today`'s.
pub fn date_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).expect("a real date");
    let last = NaiveDate::from_ymd_opt(today.year() + 1, 12, 31).expect("a real date");
    (first, last)
}

impl InsightsFilter {
    /// Checks the filter: the one place the page and both exports take their range from.
    /// An empty range means the twelve months up to `today`. Dates must lie within
    /// [`date_bounds`] and a week view may cover at most [`MAX_WEEK_VIEW_MONTHS`], so no
    /// request can ask for more than a few hundred periods. The range is widened to whole
    /// periods (months or weeks).
    pub fn parse(&self, today: NaiveDate) -> Result<Checked, FilterError> {
        let (first, last) = date_bounds(today);
        let date = |s: &str, not_a_date: FilterError, out_of_range: FilterError| {
            let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| not_a_date)?;
            if d < first || d > last {
                return Err(out_of_range);
            }
            Ok(d)
        };
        let to = if self.to.trim().is_empty() {
            today.clamp(first, last)
        } else {
            date(&self.to, FilterError::To, FilterError::ToOutOfRange)?
        };
        let from = if self.from.trim().is_empty() {
            to.checked_sub_months(chrono::Months::new(11))
                .unwrap_or(to)
                .max(first)
        } else {
            date(&self.from, FilterError::From, FilterError::FromOutOfRange)?
        };
        if from > to {
            return Err(FilterError::Order);
        }
        let period = if self.period == "week" {
            Period::Week
        } else {
            Period::Month
        };
        if period == Period::Week
            && from
                .checked_add_months(chrono::Months::new(MAX_WEEK_VIEW_MONTHS))
                .is_none_or(|limit| to >= limit)
        {
            return Err(FilterError::TooManyWeeks);
        }
        // Whole periods: the roll-ups count by month and by week.
        let (from, to) = (period.start(from), period.end(to));
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(Checked {
            from,
            to,
            kind: some(&self.kind).filter(|k| crate::domain::Kind::parse(k).is_some()),
            topic: some(&self.topic).filter(|t| crate::domain::Topic::parse(t).is_some()),
            practice: some(&self.practice),
            network: self.network.trim().parse().ok(),
            period,
        })
    }

    /// The query string that reproduces this filter (for the export links and the audit log).
    pub fn query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("from", &self.from),
            ("to", &self.to),
            ("kind", &self.kind),
            ("topic", &self.topic),
            ("practice", &self.practice),
            ("network", &self.network),
            ("period", &self.period),
        ] {
            if !v.trim().is_empty() {
                q.append_pair(k, v.trim());
            }
        }
        q.finish()
    }
}

impl Checked {
    /// The same number of whole periods just before this range, for "how themes are moving".
    pub fn previous(&self) -> (NaiveDate, NaiveDate) {
        let mut periods = 0;
        let mut start = self.from;
        while start <= self.to {
            periods += 1;
            start = self.period.next(start);
        }
        let mut from = self.from;
        for _ in 0..periods {
            from = self.period.start(from - Duration::days(1));
        }
        (from, self.from - Duration::days(1))
    }
}

enum Bind {
    Text(String),
    Int(i64),
}

/// Which rows of a roll-up a range covers.
enum Dates {
    /// The periods (months or weeks, as the filter says) from one day to another.
    Periods(NaiveDate, NaiveDate),
    /// Months only: the reply roll-up is kept by month.
    Months(NaiveDate, NaiveDate),
}

/// The WHERE clause shared by the roll-up queries: dates, then kind, topic, practice and
/// network.
fn conditions(f: &Checked, dates: Dates, table: &str) -> (String, Vec<Bind>) {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut binds = Vec::new();
    let mut push = |sql: &mut String, clause: String, bind: Bind| {
        binds.push(bind);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    match dates {
        Dates::Periods(from, to) => {
            push(
                &mut sql,
                format!(" AND {table}.grain = ?"),
                Bind::Text(f.period.grain().into()),
            );
            push(
                &mut sql,
                format!(" AND {table}.start >= ?"),
                Bind::Text(f.period.start(from).to_string()),
            );
            push(
                &mut sql,
                format!(" AND {table}.start <= ?"),
                Bind::Text(f.period.start(to).to_string()),
            );
        }
        Dates::Months(from, to) => {
            push(
                &mut sql,
                format!(" AND {table}.start >= ?"),
                Bind::Text(Period::Month.start(from).to_string()),
            );
            push(
                &mut sql,
                format!(" AND {table}.start <= ?"),
                Bind::Text(Period::Month.start(to).to_string()),
            );
        }
    }
    if let Some(kind) = &f.kind {
        push(
            &mut sql,
            format!(" AND {table}.kind = ?"),
            Bind::Text(kind.clone()),
        );
    }
    if let Some(topic) = &f.topic {
        push(
            &mut sql,
            format!(" AND {table}.topic = ?"),
            Bind::Text(topic.clone()),
        );
    }
    if let Some(practice) = &f.practice {
        push(
            &mut sql,
            format!(" AND {table}.practice_id IN (SELECT id FROM practices WHERE code = ?)"),
            Bind::Text(practice.clone()),
        );
    }
    if let Some(network) = f.network {
        push(
            &mut sql,
            format!(" AND {table}.practice_id IN (SELECT id FROM practices WHERE network_id = ?)"),
            Bind::Int(network),
        );
    }
    (sql, binds)
}

macro_rules! fetch {
    ($db:expr, $sql:expr, $binds:expr) => {
        on_db!($db, pool => {
            let mut query = sqlx::query_as(&$sql);
            for b in &$binds {
                query = match b {
                    Bind::Text(s) => query.bind(s),
                    Bind::Int(i) => query.bind(i),
                };
            }
            query.fetch_all(pool).await?
        })
    };
}

/// Submissions per period (month or week) in range, by the period's first day.
pub async fn per_period(db: &Database, f: &Checked) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let (filter, binds) = conditions(f, Dates::Periods(f.from, f.to), "c");
    let sql = format!(
        "SELECT c.start, CAST(SUM(c.n) AS BIGINT) FROM insight_counts c{filter} GROUP BY c.start ORDER BY c.start"
    );
    Ok(fetch!(db, sql, binds))
}

/// One roll-up cell: counts by kind, topic, practice, status and the two flags.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Cell {
    pub kind: String,
    pub topic: String,
    pub practice_id: i64,
    pub status: String,
    pub urgent: bool,
    pub safeguarding: bool,
    pub n: i64,
}

/// Every non-empty combination in range, for the breakdowns (a few thousand rows at most).
pub async fn cells(db: &Database, f: &Checked) -> Result<Vec<Cell>, sqlx::Error> {
    let (filter, binds) = conditions(f, Dates::Periods(f.from, f.to), "c");
    let sql = format!(
        "SELECT c.kind, c.topic, c.practice_id, c.status, c.urgent, c.safeguarding, CAST(SUM(c.n) AS BIGINT) AS n \
         FROM insight_counts c{filter} GROUP BY c.kind, c.topic, c.practice_id, c.status, c.urgent, c.safeguarding \
         HAVING SUM(c.n) > 0"
    );
    Ok(fetch!(db, sql, binds))
}

/// Theme counts in a range.
pub async fn themes(
    db: &Database,
    f: &Checked,
    range: (NaiveDate, NaiveDate),
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let (filter, binds) = conditions(f, Dates::Periods(range.0, range.1), "t");
    let sql = format!(
        "SELECT t.theme, CAST(SUM(t.n) AS BIGINT) FROM insight_themes t{filter} GROUP BY t.theme HAVING SUM(t.n) > 0"
    );
    Ok(fetch!(db, sql, binds))
}

/// How many submissions received in range had their first public reply after each number of
/// working days (in the buckets of the `insight_replies` table). Counted by whole months.
pub async fn reply_days(db: &Database, f: &Checked) -> Result<Vec<(i32, i64)>, sqlx::Error> {
    let (filter, binds) = conditions(f, Dates::Months(f.from, f.to), "r");
    let sql = format!(
        "SELECT r.days, CAST(SUM(r.n) AS BIGINT) FROM insight_replies r{filter} \
         GROUP BY r.days HAVING SUM(r.n) > 0 ORDER BY r.days"
    );
    Ok(fetch!(db, sql, binds))
}

/// Open items now, in four age bands (under a week, 1 to 4 weeks, 1 to 3 months, older),
/// whatever the date range. Read from `submissions` through its status index: open items
/// are few, however many closed ones there are.
pub async fn open_by_age(
    db: &Database,
    f: &Checked,
    now: DateTime<Utc>,
) -> Result<[i64; 4], sqlx::Error> {
    let mut sql = String::from(
        "SELECT \
         COALESCE(SUM(CASE WHEN s.created_at >= $1 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN s.created_at < $1 AND s.created_at >= $2 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN s.created_at < $2 AND s.created_at >= $3 THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN s.created_at < $3 THEN 1 ELSE 0 END), 0) \
         FROM submissions s WHERE s.status IN ('new', 'in-review', 'in-progress')",
    );
    let mut texts: Vec<String> = Vec::new();
    let mut n = 3;
    for (column, value) in [("s.kind", &f.kind), ("s.topic", &f.topic)] {
        if let Some(v) = value {
            n += 1;
            sql.push_str(&format!(" AND {column} = ${n}"));
            texts.push(v.clone());
        }
    }
    if let Some(practice) = &f.practice {
        n += 1;
        sql.push_str(&format!(
            " AND s.practice_id IN (SELECT id FROM practices WHERE code = ${n})"
        ));
        texts.push(practice.clone());
    }
    if f.network.is_some() {
        n += 1;
        sql.push_str(&format!(
            " AND s.practice_id IN (SELECT id FROM practices WHERE network_id = ${n})"
        ));
    }
    let bounds = [
        now - Duration::days(7),
        now - Duration::days(28),
        now - Duration::days(91),
    ];
    let row: (i64, i64, i64, i64) = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(bounds[0]).bind(bounds[1]).bind(bounds[2]);
        for t in &texts {
            query = query.bind(t);
        }
        if let Some(network) = f.network {
            query = query.bind(network);
        }
        query.fetch_one(pool).await?
    });
    Ok([row.0, row.1, row.2, row.3])
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub text: String,
    pub topic: String,
    pub approved_at: DateTime<Utc>,
}

/// The newest quotes staff approved, for submissions in range that match the filters.
pub async fn quotes(db: &Database, f: &Checked) -> Result<Vec<Quote>, sqlx::Error> {
    // Start from the newest approved quotes (a small partial index), not from the date
    // range: a year of submissions is hundreds of thousands of rows, quotes are a handful.
    let mut sql = String::from(
        "SELECT s.quote, s.topic, s.quote_approved_at FROM \
         (SELECT id FROM submissions WHERE quote_approved_at IS NOT NULL ORDER BY quote_approved_at DESC LIMIT 500) newest \
         JOIN submissions s ON s.id = newest.id \
         WHERE s.quote IS NOT NULL AND s.publish_consent AND s.created_at >= $1 AND s.created_at < $2",
    );
    let start = f.from.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let end = (f.to + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    let mut texts: Vec<String> = Vec::new();
    let mut ints: Vec<i64> = Vec::new();
    let mut n = 2;
    if let Some(kind) = &f.kind {
        n += 1;
        sql.push_str(&format!(" AND s.kind = ${n}"));
        texts.push(kind.clone());
    }
    if let Some(topic) = &f.topic {
        n += 1;
        sql.push_str(&format!(" AND s.topic = ${n}"));
        texts.push(topic.clone());
    }
    if let Some(practice) = &f.practice {
        n += 1;
        sql.push_str(&format!(
            " AND s.practice_id IN (SELECT id FROM practices WHERE code = ${n})"
        ));
        texts.push(practice.clone());
    }
    if let Some(network) = f.network {
        n += 1;
        sql.push_str(&format!(
            " AND s.practice_id IN (SELECT id FROM practices WHERE network_id = ${n})"
        ));
        ints.push(network);
    }
    sql.push_str(" ORDER BY s.quote_approved_at DESC LIMIT 6");
    let rows: Vec<(String, String, DateTime<Utc>)> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(start).bind(end);
        for t in &texts {
            query = query.bind(t);
        }
        for i in &ints {
            query = query.bind(i);
        }
        query.fetch_all(pool).await?
    });
    Ok(rows
        .into_iter()
        .map(|(text, topic, approved_at)| Quote {
            text,
            topic,
            approved_at,
        })
        .collect())
}

/// Every practice (active or not: old submissions still name them) with its network.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PracticeInfo {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub network_id: i64,
    pub network: String,
}

pub async fn practices(db: &Database) -> Result<Vec<PracticeInfo>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.code, p.name, n.id AS network_id, n.name AS network \
                       FROM practices p JOIN networks n ON n.id = p.network_id ORDER BY n.name, p.name";
    on_db!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn filter(from: &str, to: &str, period: &str) -> InsightsFilter {
        InsightsFilter {
            from: from.into(),
            to: to.into(),
            period: period.into(),
            ..Default::default()
        }
    }

    #[test]
    fn dates_outside_the_first_year_and_the_end_of_next_year_are_refused() {
        let today = d("2026-11-24");
        for (from, to, expected) in [
            ("0001-01-01", "2026-01-01", FilterError::FromOutOfRange),
            ("-5000-01-01", "2026-01-01", FilterError::FromOutOfRange),
            ("2019-12-31", "2026-01-01", FilterError::FromOutOfRange),
            ("2028-01-01", "", FilterError::FromOutOfRange),
            ("2026-01-01", "9999-12-31", FilterError::ToOutOfRange),
            ("2026-01-01", "+20000-01-01", FilterError::ToOutOfRange),
            ("2026-01-01", "2028-01-01", FilterError::ToOutOfRange),
            ("", "2019-06-30", FilterError::ToOutOfRange),
            ("+2026-01-01x", "", FilterError::From),
        ] {
            assert_eq!(
                filter(from, to, "month").parse(today).unwrap_err(),
                expected,
                "{from} to {to}"
            );
        }
        let widest = filter("2020-01-01", "2027-12-31", "month")
            .parse(today)
            .unwrap();
        assert_eq!((widest.from, widest.to), (d("2020-01-01"), d("2027-12-31")));
    }

    #[test]
    fn a_week_view_covers_at_most_three_years() {
        let today = d("2026-11-24");
        let three_years = filter("2023-01-01", "2025-12-31", "week")
            .parse(today)
            .unwrap();
        assert_eq!(three_years.period, Period::Week);
        assert_eq!(
            filter("2023-01-01", "2026-01-01", "week")
                .parse(today)
                .unwrap_err(),
            FilterError::TooManyWeeks
        );
        assert!(filter("2020-01-01", "2027-12-31", "month")
            .parse(today)
            .is_ok());
    }

    #[test]
    fn an_empty_start_is_eleven_months_back_but_never_before_the_first_year() {
        let today = d("2026-11-24");
        let checked = filter("", "2020-03-15", "month").parse(today).unwrap();
        assert_eq!(
            (checked.from, checked.to),
            (d("2020-01-01"), d("2020-03-31"))
        );
        let default = filter("", "", "").parse(today).unwrap();
        assert_eq!(
            (default.from, default.to),
            (d("2025-12-01"), d("2026-11-30"))
        );
    }
}
