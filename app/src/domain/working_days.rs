//! Counting working days, for the reply-time figures and the triage "due" promise.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Working days (Monday to Friday) after `from`, up to and including `to`. Bank holidays are
/// counted as working days: the list changes every year and the difference is small.
pub fn working_days(from: NaiveDate, to: NaiveDate) -> i64 {
    if to <= from {
        return 0;
    }
    let days = (to - from).num_days();
    let weeks = days / 7;
    let mut count = weeks * 5;
    let mut day = from + Duration::days(weeks * 7);
    while day < to {
        day += Duration::days(1);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn working_days_skip_weekends() {
        // 2026-11-20 is a Friday.
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-20")), 0);
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-21")), 0);
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-23")), 1);
        assert_eq!(working_days(d("2026-11-16"), d("2026-11-30")), 10);
        assert_eq!(working_days(d("2026-11-23"), d("2026-11-20")), 0);
    }

    #[test]
    fn working_days_agree_with_counting_one_by_one() {
        let start = d("2026-01-01");
        for span in 0..60 {
            let to = start + Duration::days(span);
            let slow = (1..=span)
                .map(|i| start + Duration::days(i))
                .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
                .count() as i64;
            assert_eq!(working_days(start, to), slow, "span {span}");
        }
    }
}
