//! CSV exports: the aggregates for every insights role, and one row per submission (never
//! contact details) for staff and admins. RFC 4180 through the `csv` crate, UTF-8 with a
//! byte-order mark so spreadsheet programs read Bengali correctly, and every cell a person
//! typed neutralised against formula injection.
//!
//! Longer than the usual 450 lines on purpose: both exports share the streamed body, the
//! neutralising writer and the column lists, and their tests (a failed read ends the body with an
//! error, formula cells are neutralised) sit beside them.

use super::filter::Checked;
use super::report::{Report, Row};
use super::suppress::Shown;
use crate::db::{self, Conditions, Database};
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
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

/// A writer that starts with the byte-order mark and the statement of what the export
/// covers (two cells a line: the label and its value), then a blank line before the table.
pub(super) fn writer(
    locale: &Locale,
    export_key: &str,
    stated: &[(String, String)],
) -> csv::Writer<Vec<u8>> {
    let mut block = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(BOM.as_bytes().to_vec());
    record(
        &mut block,
        &[
            &locale.text("insights-stated-export"),
            &locale.text(export_key),
        ],
    );
    for (label, value) in stated {
        record(&mut block, &[label, value]);
    }
    let mut buffer = block.into_inner().expect("writing to memory cannot fail");
    buffer.extend_from_slice(b"\r\n");
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buffer)
}

pub(super) fn record(w: &mut csv::Writer<Vec<u8>>, cells: &[&str]) {
    w.write_record(cells.iter().map(|c| neutralise(c).into_owned()))
        .expect("writing to memory cannot fail");
}

/// The report as three columns: section, item, count.
pub fn aggregates(locale: &Locale, report: &Report) -> Vec<u8> {
    let mut w = writer(locale, "insights-stated-export-aggregates", &report.stated);
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
    record(
        &mut w,
        &[
            &heading("insights-open-now"),
            "",
            &shown_text(locale, report.open_total),
            "",
        ],
    );
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
        // Words, not "11-15": a spreadsheet reads that as the 11th of the 15th month or
        // the 11th of November, and "31+" as a formula.
        v.map(|n| match super::report::reply_band(n) {
            (31, _) => locale.text("insights-days-over-30"),
            (lo, hi) if lo == hi => lo.to_string(),
            (lo, hi) => locale.text_args(
                "insights-days-band",
                &[("from", lo.into()), ("to", hi.into())],
            ),
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
    let mut c = Conditions::after(3);
    for (column, value) in [
        ("s.kind", &f.kind),
        ("s.topic", &f.topic),
        ("p.code", &f.practice),
    ] {
        if let Some(v) = value {
            c.push_one(&format!(" AND {column} = ?"), v);
        }
    }
    if let Some(network) = f.network {
        c.push_one(" AND p.network_id = ?", network);
    }
    let (conditions, args) = c.into_parts();
    sql.push_str(&conditions);
    sql.push_str(&format!(" ORDER BY s.id LIMIT {limit}"));
    let (start, end) = f.instants();
    let rows: Vec<ExportRow> = db::query(sql)
        .bind(after)
        .bind(start)
        .bind(end)
        .bind_all(args)
        .fetch_all(db)
        .await?;
    let (Some(first), Some(last)) = (rows.first().map(|r| r.id), rows.last().map(|r| r.id)) else {
        return Ok(Vec::new());
    };
    let themes: Vec<(i64, String)> = db::query(
        "SELECT submission_id, theme FROM submission_themes WHERE submission_id BETWEEN $1 AND $2 \
         AND theme IN (SELECT name FROM themes WHERE state <> 'waiting') ORDER BY theme",
    )
    .bind(first)
    .bind(last)
    .fetch_all(db)
    .await?;
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

/// Rows the row-level export reads and writes at a time.
pub const ROW_PAGE: i64 = 2000;

/// The row-level export as a stream of CSV chunks: the header, then a page of
/// [`ROW_PAGE`] submissions at a time, so exporting a million submissions needs no more
/// memory than exporting a thousand.
pub fn row_stream(
    db: Database,
    f: Checked,
    header: Vec<u8>,
) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static {
    paged(ROW_PAGE, header, move |after| {
        let (db, f) = (db.clone(), f.clone());
        async move { rows_after(&db, &f, after, ROW_PAGE).await }
    })
}

/// The chunks of a paged read: the header, then `read(after)` for the page of rows after
/// the last id seen, until a page comes back short or a read fails (an error chunk ends the
/// body, so the download is visibly broken rather than silently short).
///
/// The stream is fused: once it has ended it keeps answering "no more". An HTTP body may be
/// polled again after its end: tower-http's compression looks for trailers after the last
/// byte. A bare `unfold` panics when that happens, which cut every compressed export off
/// (that is, the export of every browser) and killed the connection.
fn paged<R, F>(
    page: i64,
    header: Vec<u8>,
    read: R,
) -> impl futures_util::Stream<Item = std::io::Result<Vec<u8>>> + Send + 'static
where
    R: FnMut(i64) -> F + Send + 'static,
    F: std::future::Future<Output = Result<Vec<(ExportRow, Vec<String>)>, sqlx::Error>>
        + Send
        + 'static,
{
    use futures_util::StreamExt;
    enum Next {
        Header(Vec<u8>),
        After(i64),
        Done,
    }
    futures_util::stream::unfold(
        (Next::Header(header), read),
        move |(next, mut read)| async move {
            match next {
                Next::Done => None,
                Next::Header(header) => Some((Ok(header), (Next::After(0), read))),
                Next::After(after) => match read(after).await {
                    Ok(rows) => {
                        let last = rows.last().map(|(r, _)| r.id)?;
                        let next = if rows.len() as i64 >= page {
                            Next::After(last)
                        } else {
                            Next::Done
                        };
                        Some((Ok(row_lines(&rows)), (next, read)))
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "the submissions export stopped part way");
                        let failed = std::io::Error::other("export failed");
                        Some((Err(failed), (Next::Done, read)))
                    }
                },
            }
        },
    )
    .fuse()
}

/// The header line (with the byte-order mark) of the row-level export.
pub fn row_header(locale: &Locale, stated: &[(String, String)]) -> Vec<u8> {
    let mut w = writer(locale, "insights-stated-export-rows", stated);
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
    use futures_util::StreamExt;

    fn fake_row(id: i64) -> (ExportRow, Vec<String>) {
        let row = ExportRow {
            id,
            reference: format!("REF{id}"),
            created_at: Utc::now(),
            kind: "feedback".into(),
            topic: "housing".into(),
            practice: None,
            network: None,
            status: "new".into(),
            priority: "normal".into(),
            safeguarding: false,
            language: "en".into(),
            channel: "web".into(),
            first_reply_at: None,
            first_reply_days: None,
            message: format!("message {id}, with a comma"),
        };
        (row, vec!["a theme".into()])
    }

    type Page = Result<Vec<(ExportRow, Vec<String>)>, sqlx::Error>;

    /// `total` rows with ids 1..=total, read `page` at a time after an id, as the database
    /// would answer.
    fn fake_read(total: i64, page: i64) -> impl FnMut(i64) -> futures_util::future::Ready<Page> {
        move |after| {
            let rows = (after + 1..=total.min(after + page))
                .map(fake_row)
                .collect();
            futures_util::future::ready(Ok(rows))
        }
    }

    /// The column line alone, as the stream's first chunk.
    fn columns() -> Vec<u8> {
        format!("{}\r\n", ROW_COLUMNS.join(",")).into_bytes()
    }

    #[tokio::test]
    async fn every_row_is_streamed_whatever_the_pages_and_the_stream_stays_ended() {
        for (total, page) in [(0, 3), (1, 3), (3, 3), (7, 3), (9, 3), (4500, 2000)] {
            let mut stream = Box::pin(paged(page, columns(), fake_read(total, page)));
            let mut body = Vec::new();
            while let Some(chunk) = stream.next().await {
                body.extend(chunk.unwrap());
            }
            // Polled again after its end, as a compressing HTTP body does: still the end.
            for _ in 0..3 {
                assert!(stream.next().await.is_none(), "{total} rows by {page}");
            }
            let text = String::from_utf8(body).unwrap();
            let mut reader =
                csv::ReaderBuilder::new().from_reader(text.trim_start_matches(BOM).as_bytes());
            let references: Vec<String> =
                reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
            let expected: Vec<String> = (1..=total).map(|id| format!("REF{id}")).collect();
            assert_eq!(references, expected, "{total} rows by {page}");
        }
    }

    #[tokio::test]
    async fn a_failed_read_ends_the_body_with_an_error() {
        let mut calls = 0;
        let read = move |after: i64| {
            calls += 1;
            let result = if calls == 1 {
                Ok((after + 1..=after + 2).map(fake_row).collect())
            } else {
                Err(sqlx::Error::PoolTimedOut)
            };
            futures_util::future::ready(result)
        };
        let chunks: Vec<_> = paged(2, columns(), read).collect().await;
        assert_eq!(chunks.len(), 3, "header, one page, then the error");
        assert!(chunks[2].is_err());
    }

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
