//! The insights filter: the query string as typed, checked once into [`Checked`] for the page
//! and both exports. Dates are bounded (from 2020 to the end of next year; weeks over at most
//! three years), so no request can ask for unbounded work.

use chrono::{Datelike, Duration, NaiveDate};

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
    /// The range as instants: from midnight (UTC) on the first day to midnight after the
    /// last, the end excluded.
    pub fn instants(&self) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
        let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        (midnight(self.from), midnight(self.to + Duration::days(1)))
    }

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
