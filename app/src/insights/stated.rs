//! What a page or an export of figures covers, said in words: the date range, every filter
//! (including "all"), how exact the counts are and when the figures were read. A table that
//! leaves a meeting without its filters is read as the whole service; this travels with it.

use super::filter::{Checked, Period};
use super::store::PracticeInfo;
use super::suppress::Precision;
use crate::i18n::Locale;
use chrono::{DateTime, Utc};

/// The lines of the statement, each a label and its value, in the reader's language.
pub fn lines(
    locale: &Locale,
    f: &Checked,
    practices: &[PracticeInfo],
    made_at: DateTime<Utc>,
    precision: Option<Precision>,
) -> Vec<(String, String)> {
    let all = || locale.text("insights-stated-all");
    let chosen = |value: Option<String>| value.unwrap_or_else(all);
    let kind = f.kind.as_ref().map(|k| locale.text(&format!("kind-{k}")));
    let topic = f.topic.as_ref().map(|t| locale.text(&format!("topic-{t}")));
    let network = f.network.map(|id| {
        practices
            .iter()
            .find(|p| p.network_id == id)
            .map(|p| p.network.clone())
            .unwrap_or_else(|| locale.text("insights-stated-none-such"))
    });
    let practice = f.practice.as_ref().map(|code| {
        practices
            .iter()
            .find(|p| &p.code == code)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| locale.text("insights-stated-none-such"))
    });
    let period = match f.period {
        Period::Month => locale.text("insights-period-month"),
        Period::Week => locale.text("insights-period-week"),
    };
    let range = locale.text_args(
        "insights-stated-range-value",
        &[
            ("from", f.from.to_string().into()),
            ("to", f.to.to_string().into()),
        ],
    );
    let mut lines = vec![
        (locale.text("insights-range"), range),
        (locale.text("inbox-kind"), chosen(kind)),
        (locale.text("inbox-topic"), chosen(topic)),
        (locale.text("insights-network"), chosen(network)),
        (locale.text("inbox-practice"), chosen(practice)),
        (locale.text("insights-period"), period),
    ];
    if let Some(precision) = precision {
        let key = match precision {
            Precision::Exact => "insights-stated-exact",
            Precision::NearestFive => "insights-stated-rounded",
        };
        lines.push((locale.text("insights-stated-counts"), locale.text(key)));
    }
    lines.push((
        locale.text("insights-stated-made"),
        made_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    ));
    lines
}
