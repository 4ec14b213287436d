//! Working days in England and Wales: Monday to Friday, less the bank holidays. Residents
//! are promised a reply within a number of working days, and staff count them the same way.
//!
//! The bank holidays follow their rules (New Year's Day, Good Friday, Easter Monday, the
//! first and last Mondays of May, the last Monday of August, Christmas Day and Boxing Day,
//! each moved to the next weekday when it falls at a weekend), with the one-off changes
//! proclaimed so far in [`ONE_OFF`]. Rules rather than a list of dates, so the calendar does
//! not run out in a few years; the test checks them against the published dates. A new
//! one-off holiday (a coronation, a jubilee) is one line in [`ONE_OFF`].

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A proclaimed change to the usual bank holidays.
struct OneOff {
    year: i32,
    /// The usual holiday (month, day) that moved, or `None` for an extra day.
    instead_of: Option<(u32, u32)>,
    /// The holiday (month, day).
    day: (u32, u32),
}

const ONE_OFF: &[OneOff] = &[
    // VE Day's 75th anniversary: the early May holiday moved to Friday 8 May.
    OneOff {
        year: 2020,
        instead_of: Some((5, 4)),
        day: (5, 8),
    },
    // The Platinum Jubilee: the spring holiday moved to 2 June, and 3 June added.
    OneOff {
        year: 2022,
        instead_of: Some((5, 30)),
        day: (6, 2),
    },
    OneOff {
        year: 2022,
        instead_of: None,
        day: (6, 3),
    },
    // The State Funeral of Queen Elizabeth II.
    OneOff {
        year: 2022,
        instead_of: None,
        day: (9, 19),
    },
    // The Coronation of King Charles III.
    OneOff {
        year: 2023,
        instead_of: None,
        day: (5, 8),
    },
];

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a calendar date")
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u32, day as u32)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).expect("a first Monday")
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        date(year + 1, 1, 1)
    } else {
        date(year, month + 1, 1)
    };
    let mut day = next - Duration::days(1);
    while day.weekday() != Weekday::Mon {
        day -= Duration::days(1);
    }
    day
}

/// The bank holidays of England and Wales in `year`, in date order.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let mut days = Vec::with_capacity(10);
    let mut new_year = date(year, 1, 1);
    while is_weekend(new_year) {
        new_year += Duration::days(1);
    }
    days.push(new_year);
    let easter = easter(year);
    days.push(easter - Duration::days(2));
    days.push(easter + Duration::days(1));
    days.push(first_monday(year, 5));
    days.push(last_monday(year, 5));
    days.push(last_monday(year, 8));
    // Christmas Day and Boxing Day, each on the first weekday not already taken.
    for usual in [date(year, 12, 25), date(year, 12, 26)] {
        let mut day = usual;
        while is_weekend(day) || days.contains(&day) {
            day += Duration::days(1);
        }
        days.push(day);
    }
    for one_off in ONE_OFF.iter().filter(|o| o.year == year) {
        if let Some((month, day)) = one_off.instead_of {
            days.retain(|&x| x != date(year, month, day));
        }
        days.push(date(year, one_off.day.0, one_off.day.1));
    }
    days.sort();
    days
}

/// Whether `day` is a bank holiday in England and Wales.
pub fn is_bank_holiday(day: NaiveDate) -> bool {
    // Only the holidays that can fall in this month are worked out.
    match day.month() {
        1 => {
            let mut new_year = date(day.year(), 1, 1);
            while is_weekend(new_year) {
                new_year += Duration::days(1);
            }
            day == new_year
        }
        7 | 10 | 11 => false,
        _ => bank_holidays(day.year()).contains(&day),
    }
}

/// Monday to Friday and not a bank holiday.
pub fn is_working_day(day: NaiveDate) -> bool {
    !is_weekend(day) && !is_bank_holiday(day)
}

/// Working days after `from`, up to and including `to`: a reply on the day received took 0,
/// one the next working day took 1.
pub fn working_days(from: NaiveDate, to: NaiveDate) -> i64 {
    if to <= from {
        return 0;
    }
    from.iter_days()
        .skip(1)
        .take_while(|&day| day <= to)
        .filter(|&day| is_working_day(day))
        .count() as i64
}

/// The day `n` working days after `from`: a reply is due by the end of it.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day += Duration::days(1);
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// The last day received whose reply, `n` working days on, was due before `today`: open
/// items received on or before it are overdue. Due dates only move forward with the day
/// received, so one day bounds them all and the inbox needs no stored due date.
pub fn last_day_overdue_on(today: NaiveDate, n: u32) -> NaiveDate {
    let mut received = today - Duration::days(1);
    while add_working_days(received, n) >= today {
        received -= Duration::days(1);
    }
    received
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The dates GOV.UK publishes (gov.uk/bank-holidays), England and Wales.
    const PUBLISHED: &[(i32, [&str; 8])] = &[
        (
            2023,
            [
                "2023-01-02",
                "2023-04-07",
                "2023-04-10",
                "2023-05-01",
                "2023-05-29",
                "2023-08-28",
                "2023-12-25",
                "2023-12-26",
            ],
        ),
        (
            2024,
            [
                "2024-01-01",
                "2024-03-29",
                "2024-04-01",
                "2024-05-06",
                "2024-05-27",
                "2024-08-26",
                "2024-12-25",
                "2024-12-26",
            ],
        ),
        (
            2025,
            [
                "2025-01-01",
                "2025-04-18",
                "2025-04-21",
                "2025-05-05",
                "2025-05-26",
                "2025-08-25",
                "2025-12-25",
                "2025-12-26",
            ],
        ),
        (
            2026,
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28",
            ],
        ),
        (
            2027,
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-27",
                "2027-12-28",
            ],
        ),
    ];

    #[test]
    fn the_rules_give_the_published_bank_holidays() {
        for (year, published) in PUBLISHED {
            let mut expected: Vec<NaiveDate> = published.iter().map(|s| d(s)).collect();
            if *year == 2023 {
                expected.push(d("2023-05-08"));
                expected.sort();
            }
            assert_eq!(bank_holidays(*year), expected, "{year}");
        }
        assert_eq!(
            bank_holidays(2022),
            [
                "2022-01-03",
                "2022-04-15",
                "2022-04-18",
                "2022-05-02",
                "2022-06-02",
                "2022-06-03",
                "2022-08-29",
                "2022-09-19",
                "2022-12-26",
                "2022-12-27"
            ]
            .map(d)
            .to_vec()
        );
    }

    #[test]
    fn every_year_ahead_has_eight_holidays_on_weekdays() {
        for year in 2024..2100 {
            let days = bank_holidays(year);
            assert_eq!(days.len(), 8, "{year}");
            assert!(days.iter().all(|&day| !is_weekend(day)), "{year}");
            for day in &days {
                assert!(is_bank_holiday(*day), "{day}");
            }
        }
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // 2026-11-20 is a Friday.
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-20")), 0);
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-21")), 0);
        assert_eq!(working_days(d("2026-11-20"), d("2026-11-23")), 1);
        assert_eq!(working_days(d("2026-11-16"), d("2026-11-30")), 10);
        assert_eq!(working_days(d("2026-11-23"), d("2026-11-20")), 0);
        // Christmas 2026: Friday 25th and Monday 28th are holidays.
        assert_eq!(working_days(d("2026-12-24"), d("2026-12-29")), 1);
        // Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        assert_eq!(working_days(d("2026-04-02"), d("2026-04-07")), 1);
    }

    #[test]
    fn a_reply_is_due_ten_working_days_on_past_holidays() {
        // Received Monday 16 November 2026: due Monday 30th.
        assert_eq!(add_working_days(d("2026-11-16"), 10), d("2026-11-30"));
        // Received Friday 18 December 2026: 21–24 and 29–31 December, then 1 January is a
        // holiday, then 4, 5 and 6 January.
        assert_eq!(add_working_days(d("2026-12-18"), 10), d("2027-01-06"));
        assert_eq!(add_working_days(d("2026-12-18"), 0), d("2026-12-18"));
    }

    #[test]
    fn adding_and_counting_agree() {
        let start = d("2026-01-01");
        for offset in 0..400 {
            let from = start + Duration::days(offset);
            for n in [0, 1, 5, 10, 20] {
                let due = add_working_days(from, n);
                assert_eq!(working_days(from, due), i64::from(n), "{from} + {n}");
                if n > 0 {
                    assert!(is_working_day(due), "{due} is a working day");
                }
            }
        }
    }

    #[test]
    fn overdue_means_due_before_today() {
        let today = d("2026-12-03");
        let last = last_day_overdue_on(today, 10);
        assert!(add_working_days(last, 10) < today);
        assert!(add_working_days(last + Duration::days(1), 10) >= today);
        // 3 December 2026 is a Thursday: ten working days before it is Thursday 19 November,
        // due on the 3rd itself (not overdue), so the 18th is the last overdue day.
        assert_eq!(last, d("2026-11-18"));
    }
}
