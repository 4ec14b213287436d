//! Turns the roll-up rows into what a commissioner reads: every count suppressed where it
//! is small, labels in the reader's language. The page, the charts and the CSV export all
//! take the same [`Report`], so they cannot disagree.

use super::filter::{Checked, Period};
use super::store::{self, Cell, PracticeInfo, Quote};
use super::suppress::{self, Precision, Shown};
use crate::db::Database;
use crate::domain::{Kind, Status, Topic};
use crate::i18n::Locale;
use crate::staff::accounts::Role;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use std::collections::BTreeMap;

/// One labelled count, as it may be shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub count: Shown,
    /// A period not yet over ("so far"): never called the busiest or the quietest.
    pub partial: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Up,
    Down,
    Same,
    New,
    /// One of the two counts is suppressed, so the direction is not shown either.
    Hidden,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRow {
    pub theme: String,
    pub now: Shown,
    pub before: Shown,
    pub trend: Trend,
}

/// Time to first public reply, in working days, for submissions received in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Replies {
    pub replied: Shown,
    /// `None` when fewer than 5 replied: a median of four items describes four people.
    pub median: Option<i64>,
    pub p90: Option<i64>,
    pub within_target: Option<Shown>,
    pub within_target_percent: Option<i64>,
    pub target: u32,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub filter: Checked,
    /// When the figures were read, stated on the page and in the exports.
    pub made_at: DateTime<Utc>,
    /// How exact the counts are for this reader.
    pub precision: Precision,
    /// The range, filters, precision and time, in words (see `stated`).
    pub stated: Vec<(String, String)>,
    pub total: Shown,
    pub periods: Vec<Row>,
    pub by_kind: Vec<Row>,
    pub by_topic: Vec<Row>,
    pub by_network: Vec<Row>,
    pub by_practice: Vec<Row>,
    pub by_status: Vec<Row>,
    pub urgent: Shown,
    pub urgent_percent: Option<i64>,
    pub safeguarding: Shown,
    pub safeguarding_percent: Option<i64>,
    pub themes: Vec<ThemeRow>,
    /// Themes given fewer than [`MIN_THEME_USES`] times in range were left out, because the
    /// reader may not see them.
    pub rare_themes_hidden: bool,
    pub replies: Replies,
    pub open_by_age: Vec<Row>,
    pub open_total: Shown,
    pub quotes: Vec<Quote>,
}

fn rows(labelled: Vec<(String, i64)>, precision: Precision) -> Vec<Row> {
    let counts: Vec<i64> = labelled.iter().map(|(_, n)| *n).collect();
    labelled
        .into_iter()
        .zip(suppress::group(&counts, precision))
        .map(|((label, _), count)| Row {
            label,
            count,
            partial: false,
        })
        .collect()
}

/// A share as a whole percentage of the counts as shown, only when both may be shown: a share
/// of the exact counts would give back what rounding took away.
fn percent(part: Shown, whole: Shown) -> Option<i64> {
    match (part.value(), whole.value()) {
        (Some(part), Some(whole)) if whole > 0 => Some((part * 100 + whole / 2) / whole),
        _ => None,
    }
}

/// The value at quantile `q` of a distribution given as sorted `(value, count)` pairs.
fn quantile(distribution: &[(i32, i64)], total: i64, q: f64) -> Option<i64> {
    let rank = ((total as f64) * q).ceil().max(1.0) as i64;
    let mut seen = 0;
    for (value, n) in distribution {
        seen += n;
        if seen >= rank {
            return Some(i64::from(*value));
        }
    }
    None
}

fn period_label(locale: &Locale, start: NaiveDate, period: Period) -> String {
    let month = locale.text(&format!("month-{}", start.month()));
    match period {
        Period::Month => format!("{month} {}", start.year()),
        Period::Week => locale.text_args(
            "insights-week-of",
            &[(
                "date",
                FluentValue::from(format!("{} {month} {}", start.day(), start.year())),
            )],
        ),
    }
}

pub struct Inputs {
    pub made_at: DateTime<Utc>,
    pub per_period: Vec<(String, i64)>,
    pub cells: Vec<Cell>,
    pub themes_now: Vec<(String, i64)>,
    pub themes_before: Vec<(String, i64)>,
    pub reply_days: Vec<(i32, i64)>,
    pub open_by_age: [i64; 4],
    pub quotes: Vec<Quote>,
    pub practices: Vec<PracticeInfo>,
    /// Themes' Bengali names, by English name.
    pub theme_names_bn: Vec<(String, String)>,
}

/// Reads everything the report needs. The reads are independent, so they run at once on
/// the pool's connections: the page waits for the slowest, not for the sum. (Each was its
/// own snapshot before too: none of them is a transaction with another.)
pub async fn load(db: &Database, f: &Checked) -> Result<Inputs, sqlx::Error> {
    let now = chrono::Utc::now();
    let (
        per_period,
        cells,
        themes_now,
        themes_before,
        reply_days,
        open_by_age,
        quotes,
        practices,
        theme_names_bn,
    ) = tokio::try_join!(
        store::per_period(db, f),
        store::cells(db, f),
        store::themes(db, f, (f.from, f.to)),
        store::themes(db, f, f.previous()),
        store::reply_days(db, f),
        store::open_by_age(db, f, now),
        store::quotes(db, f),
        store::practices(db),
        store::theme_names_bn(db),
    )?;
    Ok(Inputs {
        made_at: now,
        per_period,
        cells,
        themes_now,
        themes_before,
        reply_days,
        open_by_age,
        quotes,
        practices,
        theme_names_bn,
    })
}

/// The fewest times a theme must have been given, in the range and filters asked for, before
/// a reader who may not triage sees it. Themes are free text staff type: one given once or
/// twice may be about a person ("mrs begum flat 3b"); one given five times is a theme.
pub const MIN_THEME_USES: i64 = 5;

/// Whether `reader` sees a theme given `uses` times in range. Staff and admins see every
/// theme (they see the submissions themselves); commissioners only themes used
/// [`MIN_THEME_USES`] times or more. A count in range is never more than the count overall,
/// so a theme shown here has been used that often overall too.
pub fn theme_visible(reader: Role, uses: i64) -> bool {
    reader.can_triage() || uses >= MIN_THEME_USES
}

/// How exact the counts are for `reader`: staff and admins see the submissions themselves.
pub fn precision(reader: Role) -> Precision {
    if reader.can_triage() {
        Precision::Exact
    } else {
        Precision::NearestFive
    }
}

/// Builds the report for `reader` (it decides which themes are shown and how exact the
/// counts are); `target` is the reply target in working days.
pub fn build(locale: &Locale, f: Checked, input: Inputs, target: u32, reader: Role) -> Report {
    let precision = precision(reader);
    let rows = |labelled| rows(labelled, precision);
    let at = |n| Shown::at(n, precision);
    let total: i64 = input.cells.iter().map(|c| c.n).sum();

    // Every period in range up to the current one appears, empty ones as 0, so a quiet month
    // is visible as such; periods still to come are not drawn as if they had been quiet.
    let today = input.made_at.date_naive();
    let mut periods: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut start = f.from;
    while start <= f.to && start <= today {
        periods.insert(start, 0);
        start = f.period.next(start);
    }
    // A week that crosses into a new month comes as two pieces.
    for (start, n) in &input.per_period {
        if let Ok(start) = NaiveDate::parse_from_str(start, "%Y-%m-%d") {
            *periods.entry(f.period.start(start)).or_default() += n;
        }
    }
    let current = f.period.start(today);
    let mut periods = rows(
        periods
            .into_iter()
            .map(|(start, n)| {
                let label = period_label(locale, start, f.period);
                let label = if start == current {
                    locale.text_args("insights-so-far", &[("period", label.into())])
                } else {
                    label
                };
                (label, n)
            })
            .collect(),
    );
    if let Some(last) = periods.last_mut().filter(|_| f.to >= today) {
        last.partial = true;
    }

    let sum_by = |key: &dyn Fn(&Cell) -> String| {
        let mut map: BTreeMap<String, i64> = BTreeMap::new();
        for c in &input.cells {
            *map.entry(key(c)).or_default() += c.n;
        }
        map
    };
    let by_kind_map = sum_by(&|c| c.kind.clone());
    let by_kind = rows(
        Kind::ALL
            .iter()
            .map(|k| {
                (
                    locale.text(&format!("kind-{}", k.slug())),
                    by_kind_map.get(k.slug()).copied().unwrap_or(0),
                )
            })
            .collect(),
    );
    let by_topic_map = sum_by(&|c| c.topic.clone());
    let mut topics: Vec<(String, i64)> = Topic::ALL
        .iter()
        .map(|t| {
            (
                locale.text(&format!("topic-{}", t.slug())),
                by_topic_map.get(t.slug()).copied().unwrap_or(0),
            )
        })
        .collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let by_topic = rows(topics);

    let by_practice_map = sum_by(&|c| c.practice_id.to_string());
    let not_given = locale.text("insights-practice-not-given");
    let mut practices: Vec<(String, i64)> = input
        .practices
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                by_practice_map.get(&p.id.to_string()).copied().unwrap_or(0),
            )
        })
        .filter(|(_, n)| *n > 0 || f.practice.is_none())
        .collect();
    let no_practice = by_practice_map.get("0").copied().unwrap_or(0);
    if f.practice.is_none() && f.network.is_none() {
        practices.push((not_given.clone(), no_practice));
    }
    let by_practice = rows(practices);

    let mut networks: BTreeMap<(String, i64), i64> = BTreeMap::new();
    for p in &input.practices {
        if f.network.is_none_or(|n| n == p.network_id) {
            *networks
                .entry((p.network.clone(), p.network_id))
                .or_default() += by_practice_map.get(&p.id.to_string()).copied().unwrap_or(0);
        }
    }
    let mut networks: Vec<(String, i64)> = networks
        .into_iter()
        .map(|((name, _), n)| (name, n))
        .collect();
    if f.practice.is_none() && f.network.is_none() {
        networks.push((not_given, no_practice));
    }
    let by_network = rows(networks);

    let by_status_map = sum_by(&|c| c.status.clone());
    let by_status = rows(
        Status::ALL
            .iter()
            .map(|s| {
                (
                    locale.text(&format!("staff-status-{}", s.slug())),
                    by_status_map.get(s.slug()).copied().unwrap_or(0),
                )
            })
            .collect(),
    );
    let urgent: i64 = input.cells.iter().filter(|c| c.urgent).map(|c| c.n).sum();
    let safeguarding: i64 = input
        .cells
        .iter()
        .filter(|c| c.safeguarding)
        .map(|c| c.n)
        .sum();

    let before: BTreeMap<String, i64> = input.themes_before.into_iter().collect();
    let bengali: BTreeMap<String, String> = input.theme_names_bn.into_iter().collect();
    let rare_themes_hidden = input
        .themes_now
        .iter()
        .any(|(_, now)| !theme_visible(reader, *now));
    let mut themes: Vec<ThemeRow> = input
        .themes_now
        .into_iter()
        .filter(|(_, now)| theme_visible(reader, *now))
        .map(|(theme, now)| {
            let was = before.get(&theme).copied().unwrap_or(0);
            let (shown_now, shown_before) = (at(now), at(was));
            let trend = match (shown_now.value(), shown_before.value()) {
                (Some(_), Some(0)) => Trend::New,
                (Some(a), Some(b)) if a > b => Trend::Up,
                (Some(a), Some(b)) if a < b => Trend::Down,
                (Some(_), Some(_)) => Trend::Same,
                _ => Trend::Hidden,
            };
            let theme = match bengali.get(&theme) {
                Some(name_bn) if locale.code() == "bn" => name_bn.clone(),
                _ => theme,
            };
            ThemeRow {
                theme,
                now: shown_now,
                before: shown_before,
                trend,
            }
        })
        .collect();
    // Largest first, by the true count; a suppressed theme still sorts below every shown one.
    themes.sort_by(|a, b| {
        let key = |r: &ThemeRow| r.now.value().unwrap_or(0);
        key(b).cmp(&key(a)).then(a.theme.cmp(&b.theme))
    });
    themes.truncate(10);

    let replied: i64 = input.reply_days.iter().map(|(_, n)| n).sum();
    let enough = replied >= 5;
    let within: i64 = input
        .reply_days
        .iter()
        .filter(|(d, _)| *d as i64 <= i64::from(target))
        .map(|(_, n)| n)
        .sum();
    let within_target = enough.then(|| at(within));
    let replies = Replies {
        replied: at(replied),
        median: enough
            .then(|| quantile(&input.reply_days, replied, 0.5))
            .flatten(),
        p90: enough
            .then(|| quantile(&input.reply_days, replied, 0.9))
            .flatten(),
        within_target,
        within_target_percent: within_target.and_then(|w| percent(w, at(replied))),
        target,
    };

    let ages = input.open_by_age;
    let open_total = ages.iter().sum();
    let open_by_age = rows(
        [
            "insights-age-under-week",
            "insights-age-one-to-four-weeks",
            "insights-age-one-to-three-months",
            "insights-age-over-three-months",
        ]
        .iter()
        .zip(ages)
        .map(|(key, n)| (locale.text(key), n))
        .collect(),
    );

    let (total, urgent, safeguarding) = (at(total), at(urgent), at(safeguarding));
    let stated = super::stated::lines(locale, &f, &input.practices, input.made_at, Some(precision));
    Report {
        stated,
        made_at: input.made_at,
        precision,
        total,
        periods,
        by_kind,
        by_topic,
        by_network,
        by_practice,
        by_status,
        urgent,
        urgent_percent: percent(urgent, total),
        safeguarding,
        safeguarding_percent: percent(safeguarding, total),
        themes,
        rare_themes_hidden,
        replies,
        open_by_age,
        open_total: at(open_total),
        quotes: input.quotes,
        filter: f,
    }
}

/// What a value of the reply roll-up means: exact up to 10 working days, then a band.
pub fn reply_band(days: i64) -> (i64, i64) {
    match days {
        ..=10 => (days, days),
        11..=15 => (11, 15),
        16..=20 => (16, 20),
        21..=30 => (21, 30),
        _ => (31, 31),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_from_the_distribution() {
        // 1,1,2,3,3,3,4,8,9,20 working days.
        let dist = [(1, 2), (2, 1), (3, 3), (4, 1), (8, 1), (9, 1), (20, 1)];
        assert_eq!(quantile(&dist, 10, 0.5), Some(3));
        assert_eq!(quantile(&dist, 10, 0.9), Some(9));
        assert_eq!(quantile(&dist, 10, 1.0), Some(20));
    }

    #[test]
    fn only_staff_and_admins_see_rarely_used_themes() {
        for uses in [0, 1, 4] {
            assert!(!theme_visible(Role::Commissioner, uses));
            assert!(theme_visible(Role::Staff, uses) && theme_visible(Role::Admin, uses));
        }
        for uses in [5, 6, 100] {
            assert!(theme_visible(Role::Commissioner, uses));
        }
    }

    #[test]
    fn shares_are_only_given_for_counts_that_may_be_shown() {
        let exact = Shown::one;
        assert_eq!(percent(exact(3), exact(100)), None);
        assert_eq!(percent(exact(5), exact(100)), Some(5));
        assert_eq!(percent(exact(0), exact(100)), Some(0));
        assert_eq!(percent(exact(1), exact(3)), None);
        // A commissioner's share comes from the rounded counts: 7 of 98 shows as 5 of 100.
        let rounded = |n| Shown::at(n, Precision::NearestFive);
        assert_eq!(percent(rounded(7), rounded(98)), Some(5));
    }
}
