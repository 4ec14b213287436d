//! CSV exports: the aggregates for every insights role, and one row per submission (never
//! contact details) for staff and admins. RFC 4180 through the `csv` crate, UTF-8 with a
//! byte-order mark so spreadsheet programs read Bengali correctly, and every cell a person
//! typed neutralised against formula injection.

use super::report::{Report, Row};
use super::store::Checked;
use super::suppress::Shown;
use crate::db::Database;
use crate::i18n::Locale;
use crate::on_db;
use chrono::{DateTime, Duration, Utc};
use std::borrow::Cow;

pub const BOM: &str = "\u{feff}";

/// A cell that a spreadsheet would run as a formula gets a leading apostrophe, which
/// spreadsheet programs show as text and do not evaluate.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

pub fn shown_text(locale: &Locale, shown: Shown) -> String {
    match shown {
        Shown::Exact(n) => n.to_string(),
        Shown::FewerThanFive => locale.text("insights-fewer-than-5"),
        Shown::Withheld => locale.text("insights-withheld"),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    let mut buffer = Vec::new();
    buffer.extend_from_slice(BOM.as_bytes());
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer)
}

fn record(w: &mut csv::Writer<Vec<u8>>, cells: &[&str]) {
    w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
        .expect("writing to memory cannot fail");
}

/// The report as three columns: section, item, count.
pub fn aggregates(locale: &Locale, report: &Report) -> Vec<u8> {
    let mut w = writer();
    let heading = |key: &str| locale.text(key);
    record(
        &mut w,
        &[
            &heading("insights-csv-section"),
            &heading("insights-csv-item"),
            &heading("insights-csv-count"),
            &heading("insights-csv-previous"),
        ],
    );
    let range = format!("{} – {}", report.filter.from, report.filter.to);
    record(&mut w, &[&heading("insights-range"), &range, "", ""]);
    record(
        &mut w,
        &[
            &heading("insights-total"),
            "",
            &shown_text(locale, report.total),
            "",
        ],
    );
    let section = |w: &mut csv::Writer<Vec<u8>>, key: &str, rows: &[Row]| {
        for row in rows {
            record(
                w,
                &[
                    &heading(key),
                    &row.label,
                    &shown_text(locale, row.count),
                    "",
                ],
            );
        }
    };
    section(&mut w, "insights-over-time", &report.periods);
    section(&mut w, "insights-by-kind", &report.by_kind);
    section(&mut w, "insights-by-topic", &report.by_topic);
    section(&mut w, "insights-by-network", &report.by_network);
    section(&mut w, "insights-by-practice", &report.by_practice);
    section(&mut w, "insights-by-status", &report.by_status);
    section(&mut w, "insights-open-by-age", &report.open_by_age);
    for theme in &report.themes {
        record(
            &mut w,
            &[
                &heading("insights-themes"),
                &theme.theme,
                &shown_text(locale, theme.now),
                &shown_text(locale, theme.before),
            ],
        );
    }
    record(
        &mut w,
        &[
            &heading("insights-urgent"),
            "",
            &shown_text(locale, report.urgent),
            "",
        ],
    );
    record(
        &mut w,
        &[
            &heading("insights-safeguarding"),
            "",
            &shown_text(locale, report.safeguarding),
            "",
        ],
    );
    let r = &report.replies;
    let optional = |v: Option<i64>| {
        v.map(|n| match super::report::reply_band(n) {
            (31, _) => "31+".to_owned(),
            (lo, hi) if lo == hi => lo.to_string(),
            (lo, hi) => format!("{lo}-{hi}"),
        })
        .unwrap_or_default()
    };
    record(
        &mut w,
        &[
            &heading("insights-replies"),
            &heading("insights-replied"),
            &shown_text(locale, r.replied),
            "",
        ],
    );
    record(
        &mut w,
        &[
            &heading("insights-replies"),
            &heading("insights-median-days"),
            &optional(r.median),
            "",
        ],
    );
    record(
        &mut w,
        &[
            &heading("insights-replies"),
            &heading("insights-p90-days"),
            &optional(r.p90),
            "",
        ],
    );
    record(
        &mut w,
        &[
            &heading("insights-replies"),
            &heading("insights-within-target-csv"),
            &r.within_target
                .map(|s| shown_text(locale, s))
                .unwrap_or_default(),
            "",
        ],
    );
    w.into_inner().expect("writing to memory cannot fail")
}

/// One submission in the row-level export. No name, email or phone: ever.
#[derive(Debug, sqlx::FromRow)]
pub struct ExportRow {
    pub id: i64,
    pub reference: String,
    pub created_at: DateTime<Utc>,
    pub kind: String,
    pub topic: String,
    pub practice: Option<String>,
    pub network: Option<String>,
    pub status: String,
    pub priority: String,
    pub safeguarding: bool,
    pub language: String,
    pub channel: String,
    pub first_reply_at: Option<DateTime<Utc>>,
    pub first_reply_days: Option<i32>,
    pub message: String,
}

pub const ROW_COLUMNS: [&str; 15] = [
    "reference",
    "received",
    "kind",
    "topic",
    "practice",
    "network",
    "status",
    "priority",
    "safeguarding_flagged",
    "language",
    "channel",
    "themes",
    "first_reply",
    "working_days_to_first_reply",
    "message",
];

/// The next `limit` submissions in range after id `after`, in id order, with their themes.
pub async fn rows_after(
    db: &Database,
    f: &Checked,
    after: i64,
    limit: i64,
) -> Result<Vec<(ExportRow, Vec<String>)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT s.id, s.reference, s.created_at, s.kind, s.topic, p.name AS practice, n.name AS network, \
         s.status, s.priority, s.safeguarding_at IS NOT NULL AS safeguarding, s.language, s.channel, \
         s.first_reply_at, s.first_reply_days, s.message \
         FROM submissions s LEFT JOIN practices p ON p.id = s.practice_id LEFT JOIN networks n ON n.id = p.network_id \
         WHERE s.id > $1 AND s.created_at >= $2 AND s.created_at < $3",
    );
    let mut texts = Vec::new();
    let mut i = 3;
    for (column, value) in [
        ("s.kind", &f.kind),
        ("s.topic", &f.topic),
        ("p.code", &f.practice),
    ] {
        if let Some(v) = value {
            i += 1;
            sql.push_str(&format!(" AND {column} = ${i}"));
            texts.push(v.clone());
        }
    }
    if f.network.is_some() {
        i += 1;
        sql.push_str(&format!(" AND p.network_id = ${i}"));
    }
    sql.push_str(&format!(" ORDER BY s.id LIMIT {limit}"));
    let start = f.from.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let end = (f.to + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    let network = f.network;
    let rows: Vec<ExportRow> = on_db!(db, pool => {
        let mut query = sqlx::query_as(&sql).bind(after).bind(start).bind(end);
        for t in &texts {
            query = query.bind(t);
        }
        if let Some(n) = network {
            query = query.bind(n);
        }
        query.fetch_all(pool).await?
    });
    let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
        return Ok(Vec::new());
    };
    let themes: Vec<(i64, String)> = on_db!(db, pool => sqlx::query_as(
        "SELECT submission_id, theme FROM submission_themes WHERE submission_id BETWEEN $1 AND $2 ORDER BY theme")
        .bind(first).bind(last).fetch_all(pool).await?);
    let mut by_id: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for (id, theme) in themes {
        by_id.entry(id).or_default().push(theme);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let themes = by_id.remove(&r.id).unwrap_or_default();
            (r, themes)
        })
        .collect())
}

/// The header line (with the byte-order mark) of the row-level export.
pub fn row_header() -> Vec<u8> {
    let mut w = writer();
    record(&mut w, &ROW_COLUMNS);
    w.into_inner().expect("writing to memory cannot fail")
}

/// Rows of the row-level export, without a header.
pub fn row_lines(rows: &[(ExportRow, Vec<String>)]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (r, themes) in rows {
        let received = r
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let first_reply = r
            .first_reply_at
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default();
        let days = r
            .first_reply_days
            .map(|d| d.to_string())
            .unwrap_or_default();
        record(
            &mut w,
            &[
                &r.reference,
                &received,
                &r.kind,
                &r.topic,
                r.practice.as_deref().unwrap_or(""),
                r.network.as_deref().unwrap_or(""),
                &r.status,
                &r.priority,
                if r.safeguarding { "yes" } else { "no" },
                &r.language,
                &r.channel,
                &themes.join("; "),
                &first_reply,
                &days,
                &r.message,
            ],
        );
    }
    w.into_inner().expect("writing to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_nothing_else() {
        for bad in ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["Housing", "1+1", " =x", "", "৳100"] {
            assert_eq!(neutralise(fine), fine);
        }
    }
}
