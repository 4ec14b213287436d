//! The service's clock: Tower Hamlets keeps London time, GMT in winter and BST in summer.
//! Times are stored in UTC; what people read, and the calendar days replies are due on,
//! are London's.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::{Europe::London, Tz};

/// `at` on a London clock.
pub fn london(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&London)
}

/// The London calendar day of `at`: a message sent at 00:30 BST on 1 July was received on
/// 1 July, although it is still 30 June in UTC.
pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    london(at).date_naive()
}

/// Today in London.
pub fn london_today() -> NaiveDate {
    london_date(Utc::now())
}

/// The moment a London day begins, in UTC, for comparing with stored times. Midnight
/// always exists in London (the clocks change at 01:00 and 02:00).
pub fn london_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight");
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// Date and time on a London clock with its zone, for staff pages and emails:
/// `2026-07-01 00:30 BST`.
pub fn london_time(at: DateTime<Utc>) -> String {
    london(at).format("%Y-%m-%d %H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn summer_and_winter_times_read_as_london_does() {
        assert_eq!(
            london_time(utc("2026-06-30T23:30:00Z")),
            "2026-07-01 00:30 BST"
        );
        assert_eq!(
            london_time(utc("2026-12-03T09:15:00Z")),
            "2026-12-03 09:15 GMT"
        );
        assert_eq!(
            london_date(utc("2026-06-30T23:30:00Z")).to_string(),
            "2026-07-01"
        );
        assert_eq!(
            london_date(utc("2026-12-31T23:30:00Z")).to_string(),
            "2026-12-31"
        );
    }

    #[test]
    fn a_london_day_starts_at_london_midnight() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(london_midnight(summer), utc("2026-06-30T23:00:00Z"));
        let winter = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(london_midnight(winter), utc("2026-12-03T00:00:00Z"));
        // The days the clocks change: 29 March and 25 October 2026.
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(london_midnight(spring), utc("2026-03-29T00:00:00Z"));
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        assert_eq!(london_midnight(autumn), utc("2026-10-24T23:00:00Z"));
    }
}
