//! Charts as server-drawn SVG: no script, one colour with every value written beside its
//! bar (readable in greyscale and when printed), a text summary, and the same figures as a
//! table for screen readers and for anyone who wants the numbers.

use super::report::Row;
use super::suppress::Shown;
use crate::i18n::t;
use leptos::prelude::*;

const WIDTH: f64 = 640.0;

pub fn shown(count: Shown) -> String {
    match count {
        Shown::Exact(n) => thousands(n),
        Shown::FewerThanFive => t("insights-fewer-than-5"),
        Shown::Withheld => t("insights-withheld"),
    }
}

/// 12345 -> "12,345".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// "Housing had the most (1,234), then Benefits (987)." from the largest shown rows.
pub fn summary(rows: &[Row]) -> String {
    let mut shown: Vec<(&str, i64)> = rows
        .iter()
        .filter_map(|r| {
            r.count
                .value()
                .filter(|n| *n > 0)
                .map(|n| (r.label.as_str(), n))
        })
        .collect();
    shown.sort_by_key(|s| std::cmp::Reverse(s.1));
    match shown.as_slice() {
        [] => t("insights-summary-none"),
        [(label, n)] => crate::i18n::t_args(
            "insights-summary-one",
            &[
                ("label", label.to_string().into()),
                ("count", thousands(*n).into()),
            ],
        ),
        [(first, a), (second, b), ..] => crate::i18n::t_args(
            "insights-summary-two",
            &[
                ("first", first.to_string().into()),
                ("first_count", thousands(*a).into()),
                ("second", second.to_string().into()),
                ("second_count", thousands(*b).into()),
            ],
        ),
    }
}

/// The figures of a chart as a table.
#[component]
pub fn DataTable(caption: String, heading: String, rows: Vec<Row>) -> impl IntoView {
    view! {
        <table class="table table--figures">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{heading}</th><th scope="col" class="numeric">{t("insights-count")}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr><th scope="row">{r.label}</th><td class="numeric">{shown(r.count)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Horizontal bars, one row per label, the value written after each bar.
#[component]
pub fn BarChart(id: &'static str, title: String, heading: String, rows: Vec<Row>) -> impl IntoView {
    let max = largest(&rows);
    let row_height = 40.0;
    let height = (rows.len() as f64 * row_height).max(row_height);
    let text = summary(&rows);
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * row_height;
            let width = r.count.value().map(|n| n as f64 / max * (WIDTH - 120.0)).unwrap_or(0.0);
            let value = shown(r.count);
            view! {
                <text x="0" y=format!("{:.0}", y + 14.0) class="chart__label">{r.label.clone()}</text>
                <rect x="0" y=format!("{:.0}", y + 19.0) width=format!("{width:.1}") height="14" class="chart__bar"/>
                <text x=format!("{:.1}", width + 6.0) y=format!("{:.0}", y + 31.0) class="chart__value">{value}</text>
            }
        })
        .collect_view();
    chart_frame(id, title, heading, rows, text, height, bars)
}

/// Columns over time, labelled at the first, middle and last period.
#[component]
pub fn ColumnChart(
    id: &'static str,
    title: String,
    heading: String,
    rows: Vec<Row>,
) -> impl IntoView {
    let max = largest(&rows);
    let plot = 180.0;
    let height = plot + 30.0;
    let step = WIDTH / rows.len().max(1) as f64;
    let gap = (step * 0.2).min(4.0);
    let text = summary_over_time(&rows);
    let last = rows.len().saturating_sub(1);
    let labelled = [0, last / 2, last];
    let columns = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = i as f64 * step;
            let h = r.count.value().map(|n| n as f64 / max * plot).unwrap_or(0.0);
            let label = labelled.contains(&i).then(|| {
                let anchor = if i == 0 { "start" } else if i == last { "end" } else { "middle" };
                let lx = if i == 0 { x } else if i == last { x + step } else { x + step / 2.0 };
                view! { <text x=format!("{lx:.1}") y=format!("{:.0}", plot + 22.0) text-anchor=anchor class="chart__label">{r.label.clone()}</text> }
            });
            view! {
                <rect x=format!("{:.1}", x + gap / 2.0) y=format!("{:.1}", plot - h) width=format!("{:.1}", (step - gap).max(1.0)) height=format!("{h:.1}") class="chart__bar"/>
                {label}
            }
        })
        .collect_view();
    let marks = view! {
        <line x1="0" y1=format!("{plot}") x2=format!("{WIDTH}") y2=format!("{plot}") class="chart__axis"/>
        {columns}
    };
    chart_frame(id, title, heading, rows, text, height, marks)
}

/// The largest count that may be drawn (at least 1, so an empty chart divides by 1).
fn largest(rows: &[Row]) -> f64 {
    rows.iter()
        .filter_map(|r| r.count.value())
        .max()
        .unwrap_or(0)
        .max(1) as f64
}

/// What every chart shares: the SVG with its title and text summary, the caption, and the
/// figures as a table beside the picture.
fn chart_frame(
    id: &'static str,
    title: String,
    heading: String,
    rows: Vec<Row>,
    text: String,
    height: f64,
    marks: impl IntoView,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <div class="chart">
        <figure class="chart__figure">
            <svg class="chart__svg" viewBox=format!("0 0 {WIDTH} {height}") role="img"
                aria-labelledby=labelled_by preserveAspectRatio="xMinYMin meet">
                <title id=title_id>{title.clone()}</title>
                <desc id=desc_id>{text.clone()}</desc>
                {marks}
            </svg>
            <figcaption>{text}</figcaption>
        </figure>
        <DataTable caption=title heading=heading rows=rows/>
        </div>
    }
}

/// "The busiest month was March 2026 (1,234); the quietest was August 2025 (456)." A period
/// not yet over is neither: a month a week old is not quiet.
fn summary_over_time(rows: &[Row]) -> String {
    let shown: Vec<(&str, i64)> = rows
        .iter()
        .filter(|r| !r.partial)
        .filter_map(|r| r.count.value().map(|n| (r.label.as_str(), n)))
        .collect();
    let busiest = shown.iter().max_by_key(|(_, n)| *n);
    let quietest = shown.iter().min_by_key(|(_, n)| *n);
    match (busiest, quietest) {
        (Some((b, bn)), Some((q, qn))) if *bn > 0 => crate::i18n::t_args(
            "insights-summary-time",
            &[
                ("busiest", b.to_string().into()),
                ("busiest_count", thousands(*bn).into()),
                ("quietest", q.to_string().into()),
                ("quietest_count", thousands(*qn).into()),
            ],
        ),
        _ => t("insights-summary-none"),
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
