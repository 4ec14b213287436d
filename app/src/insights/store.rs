//! The insights SQL. Everything except the quotes reads the roll-up tables that triggers keep
//! in step with `submissions` (see the `insights` migration), so the cost follows the number
//! of days, topics and practices in range, not the number of submissions.

use crate::db::{self, Arg, Conditions, Database};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::filter::{Checked, Period};

/// Which rows of a roll-up a range covers.
enum Dates {
    /// The rows of one grain (`month` or `week`) that start from one day to another.
    Rows(&'static str, NaiveDate, NaiveDate),
    /// Months only: the reply roll-up is kept by month.
    Months(NaiveDate, NaiveDate),
}

/// The rows that add up to a range of whole periods, for figures over the whole range (the
/// breakdowns and the themes). A month view reads its months. A week view reads the whole
/// months inside it from the monthly rows, and only the week pieces at either end from the
/// weekly ones: a week that crosses into a new month is kept as one piece in each (see the
/// `week_pieces` migration), so the pieces at an end hold exactly its days.
fn parts(period: Period, from: NaiveDate, to: NaiveDate) -> Vec<Dates> {
    if period == Period::Month {
        return vec![Dates::Rows("month", from, to)];
    }
    let first_month = Period::Month.start(from);
    let first_whole = if first_month == from {
        from
    } else {
        Period::Month.next(first_month)
    };
    let last_whole = if Period::Month.end(to) == to {
        to
    } else {
        Period::Month.start(to) - Duration::days(1)
    };
    if first_whole > last_whole {
        return vec![Dates::Rows("week", from, to)];
    }
    let mut parts = vec![Dates::Rows("month", first_whole, last_whole)];
    if from < first_whole {
        parts.push(Dates::Rows("week", from, first_whole - Duration::days(1)));
    }
    if last_whole < to {
        parts.push(Dates::Rows("week", last_whole + Duration::days(1), to));
    }
    parts
}

/// The WHERE clause shared by the roll-up queries: dates, then kind, topic, practice and
/// network.
fn conditions(f: &Checked, dates: &Dates, table: &str) -> (String, Vec<Arg>) {
    let mut c = Conditions::default();
    c.push(" WHERE 1 = 1", []);
    let (from, to) = match *dates {
        Dates::Rows(grain, from, to) => {
            c.push_one(&format!(" AND {table}.grain = ?"), grain);
            (from, to)
        }
        Dates::Months(from, to) => (Period::Month.start(from), to),
    };
    c.push_one(&format!(" AND {table}.start >= ?"), from.to_string());
    c.push_one(&format!(" AND {table}.start <= ?"), to.to_string());
    chosen(&mut c, f, table);
    c.into_parts()
}

/// The kind, topic, practice and network a commissioner chose, on the rows of `table`.
fn chosen(c: &mut Conditions, f: &Checked, table: &str) {
    if let Some(kind) = &f.kind {
        c.push_one(&format!(" AND {table}.kind = ?"), kind);
    }
    if let Some(topic) = &f.topic {
        c.push_one(&format!(" AND {table}.topic = ?"), topic);
    }
    if let Some(practice) = &f.practice {
        c.push_one(
            &format!(" AND {table}.practice_id IN (SELECT id FROM practices WHERE code = ?)"),
            practice,
        );
    }
    if let Some(network) = f.network {
        c.push_one(
            &format!(" AND {table}.practice_id IN (SELECT id FROM practices WHERE network_id = ?)"),
            network,
        );
    }
}

/// Duplicates staff linked to an original are counted once, as the original: their rows in
/// `insight_counts` carry the status 'duplicate' (see the `duplicates` migration).
const ONCE: &str = " AND c.status <> 'duplicate'";

/// Submissions per period in range, by the first day of each row: a month, or a week's piece
/// (its Monday, or the first of a month it crosses into), for the caller to add up by week.
pub async fn per_period(db: &Database, f: &Checked) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let dates = Dates::Rows(f.period.grain(), f.from, f.to);
    let (filter, binds) = conditions(f, &dates, "c");
    let sql = format!(
        "SELECT c.start, CAST(SUM(c.n) AS BIGINT) FROM insight_counts c{filter}{ONCE} GROUP BY c.start ORDER BY c.start"
    );
    db::query(sql).bind_all(binds).fetch_all(db).await
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
/// A week view's range comes in up to three parts (see [`parts`]), whose cells the
/// breakdowns add up like any others.
pub async fn cells(db: &Database, f: &Checked) -> Result<Vec<Cell>, sqlx::Error> {
    let mut cells = Vec::new();
    for dates in parts(f.period, f.from, f.to) {
        cells.extend(cells_in(db, f, &dates).await?);
    }
    Ok(cells)
}

async fn cells_in(db: &Database, f: &Checked, dates: &Dates) -> Result<Vec<Cell>, sqlx::Error> {
    let (filter, binds) = conditions(f, dates, "c");
    // SQLite would read the range by the primary key and sort it for the GROUP BY (90 ms
    // for a year of weeks at a million submissions); in group order through the covering
    // index there is nothing to sort. A week view's ends are a week or two of pieces, few
    // enough to sort. PostgreSQL hashes the groups and needs no index.
    let index = match (db.backend(), dates) {
        (db::Backend::Sqlite, Dates::Rows("month", ..)) => " INDEXED BY insight_counts_by_cell",
        _ => "",
    };
    let sql = format!(
        "SELECT c.kind, c.topic, c.practice_id, c.status, c.urgent, c.safeguarding, CAST(SUM(c.n) AS BIGINT) AS n \
         FROM insight_counts c{index}{filter}{ONCE} GROUP BY c.kind, c.topic, c.practice_id, c.status, c.urgent, c.safeguarding \
         HAVING SUM(c.n) > 0"
    );
    if db.backend() == db::Backend::Postgres {
        return db::query(sql).bind_all(binds).fetch_all(db).await;
    }
    // SQLite hands each row of a result from its connection's thread to the task that
    // asked, a wake-up apiece: for a year of cells (4,000 rows) that cost more than the
    // query. The cells come as one JSON array in one row instead.
    let packed = format!(
        "SELECT json_group_array(json_array(kind, topic, practice_id, status, urgent, safeguarding, n)) FROM ({sql})"
    );
    let (json,): (String,) = db::query(packed).bind_all(binds).fetch_one(db).await?;
    type Packed = (String, String, i64, String, i64, i64, i64);
    let rows: Vec<Packed> =
        serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(rows
        .into_iter()
        .map(
            |(kind, topic, practice_id, status, urgent, safeguarding, n)| Cell {
                kind,
                topic,
                practice_id,
                status,
                urgent: urgent != 0,
                safeguarding: safeguarding != 0,
                n,
            },
        )
        .collect())
}

/// Theme counts in a range, for themes on the kept list (listed or retired): a suggestion
/// waiting for an admin is not counted until it is accepted or merged.
pub async fn themes(
    db: &Database,
    f: &Checked,
    range: (NaiveDate, NaiveDate),
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
    for dates in parts(f.period, range.0, range.1) {
        let (filter, binds) = conditions(f, &dates, "t");
        let sql = format!(
            "SELECT t.theme, CAST(SUM(t.n) AS BIGINT) FROM insight_themes t{filter} \
             AND t.theme IN (SELECT name FROM themes WHERE state <> 'waiting') \
             GROUP BY t.theme HAVING SUM(t.n) > 0"
        );
        let rows: Vec<(String, i64)> = db::query(sql).bind_all(binds).fetch_all(db).await?;
        for (theme, n) in rows {
            *counts.entry(theme).or_default() += n;
        }
    }
    Ok(counts.into_iter().collect())
}

/// How many submissions received in range had their first public reply after each number of
/// working days (in the buckets of the `insight_replies` table). Counted by whole months.
pub async fn reply_days(db: &Database, f: &Checked) -> Result<Vec<(i32, i64)>, sqlx::Error> {
    // Every bucket the roll-up's trigger writes, named so SQLite seeks each one in the
    // `insight_replies_by_days` index and reads only the months in range, in order.
    const BUCKETS: &str = " AND r.days IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 31)";
    let (filter, binds) = conditions(f, &Dates::Months(f.from, f.to), "r");
    let sql = format!(
        "SELECT r.days, CAST(SUM(r.n) AS BIGINT) FROM insight_replies r{filter}{BUCKETS} \
         GROUP BY r.days HAVING SUM(r.n) > 0 ORDER BY r.days"
    );
    db::query(sql).bind_all(binds).fetch_all(db).await
}

/// Items open now among those received in the range and matching the filters, in four age
/// bands (under a week, 1 to 4 weeks, 1 to 3 months, older), so "open now" answers for the
/// same submissions as every other figure. Read from `submissions` through its status index.
///
/// Each band is counted on its own, its dates cut to the range: a `COUNT(*)` over an index
/// range is a walk along it, where one pass that sorted every open item into its band
/// evaluated four comparisons a row (20 ms against 3 for the 70,000 open items in a year of
/// the benchmark's million).
pub async fn open_by_age(
    db: &Database,
    f: &Checked,
    now: DateTime<Utc>,
) -> Result<[i64; 4], sqlx::Error> {
    let (start, end) = f.instants();
    // Oldest to newest: [start, 91 days ago), [91, 28), [28, 7), [7 days ago, end).
    let edges = [
        start,
        now - Duration::days(91),
        now - Duration::days(28),
        now - Duration::days(7),
        end,
    ]
    .map(|edge| edge.clamp(start, end.max(start)));
    let mut c = Conditions::after(edges.len());
    chosen(&mut c, f, "s");
    let (conditions, args) = c.into_parts();
    let band = |from: usize| {
        format!(
            "(SELECT COUNT(*) FROM submissions s WHERE s.status IN ('new', 'in-review', 'in-progress') \
             AND s.created_at >= ${} AND s.created_at < ${}{conditions})",
            from + 1,
            from + 2
        )
    };
    let sql = format!("SELECT {}, {}, {}, {}", band(3), band(2), band(1), band(0));
    let mut query = db::query(sql);
    for edge in edges {
        query = query.bind(edge);
    }
    let row: (i64, i64, i64, i64) = query.bind_all(args).fetch_one(db).await?;
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
    let (start, end) = f.instants();
    let mut c = Conditions::after(2);
    chosen(&mut c, f, "s");
    let (conditions, args) = c.into_parts();
    sql.push_str(&conditions);
    sql.push_str(" ORDER BY s.quote_approved_at DESC LIMIT 6");
    let rows: Vec<(String, String, DateTime<Utc>)> = db::query(sql)
        .bind(start)
        .bind(end)
        .bind_all(args)
        .fetch_all(db)
        .await?;
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

/// The Bengali name of each theme that has one.
pub async fn theme_names_bn(db: &Database) -> Result<Vec<(String, String)>, sqlx::Error> {
    db::query("SELECT name, name_bn FROM themes WHERE name_bn <> ''")
        .fetch_all(db)
        .await
}

pub async fn practices(db: &Database) -> Result<Vec<PracticeInfo>, sqlx::Error> {
    const SQL: &str = "SELECT p.id, p.code, p.name, n.id AS network_id, n.name AS network \
                       FROM practices p JOIN networks n ON n.id = p.network_id ORDER BY n.name, p.name";
    db::query(SQL).fetch_all(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn shown(parts: Vec<Dates>) -> Vec<String> {
        parts
            .into_iter()
            .map(|d| match d {
                Dates::Rows(grain, from, to) => format!("{grain} {from} {to}"),
                Dates::Months(from, to) => format!("months {from} {to}"),
            })
            .collect()
    }

    #[test]
    fn a_week_view_reads_whole_months_and_only_the_pieces_at_its_ends() {
        // Monday 29 December 2025 to Sunday 6 December 2026: eleven whole months between.
        assert_eq!(
            shown(parts(Period::Week, day("2025-12-29"), day("2026-12-06"))),
            [
                "month 2026-01-01 2026-11-30",
                "week 2025-12-29 2025-12-31",
                "week 2026-12-01 2026-12-06"
            ]
        );
        // Weeks that begin and end on a month's edges need no pieces.
        assert_eq!(
            shown(parts(Period::Week, day("2026-06-01"), day("2026-08-02"))),
            ["month 2026-06-01 2026-07-31", "week 2026-08-01 2026-08-02"]
        );
        assert_eq!(
            shown(parts(Period::Week, day("2025-12-01"), day("2026-01-04"))),
            ["month 2025-12-01 2025-12-31", "week 2026-01-01 2026-01-04"]
        );
        // No whole month: the weeks' pieces alone.
        assert_eq!(
            shown(parts(Period::Week, day("2026-09-28"), day("2026-10-11"))),
            ["week 2026-09-28 2026-10-11"]
        );
        // A month view is its months.
        assert_eq!(
            shown(parts(Period::Month, day("2026-01-01"), day("2026-12-31"))),
            ["month 2026-01-01 2026-12-31"]
        );
    }
}
