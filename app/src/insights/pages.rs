//! The insights page and the "You said, we did" pages.

use super::charts::{shown, BarChart, ColumnChart};
use super::filter::InsightsFilter;
use super::report::{Report, Trend};
use super::store::PracticeInfo;
use super::you_said::Entry;
use crate::domain::{Kind, Topic};
use crate::i18n::{t, t_args};
use crate::staff::{session::SignedIn, StaffNav};
use crate::triage::pages::filter_select;
use crate::ui::{escape_textarea, ErrorSummary, FieldError, Layout};
use leptos::prelude::*;

#[component]
fn Filters(filter: InsightsFilter, practices: Vec<PracticeInfo>) -> impl IntoView {
    let kinds = Kind::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), t(&format!("kind-{}", k.slug()))))
        .collect();
    let topics = Topic::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), t(&format!("topic-{}", k.slug()))))
        .collect();
    let mut networks: Vec<(String, String)> = practices
        .iter()
        .map(|p| (p.network_id.to_string(), p.network.clone()))
        .collect();
    networks.dedup();
    let practice_options = practices.into_iter().map(|p| (p.code, p.name)).collect();
    let week = filter.period == "week";
    view! {
        <form method="get" action="/insights" class="filters">
            <h2 class="filters__title">{t("inbox-filters")}</h2>
            <div class="form-group filter">
                <label class="label" for="from">{t("insights-from")}</label>
                <input class="input" id="from" name="from" type="date" value=date_value(&filter.from)/>
            </div>
            <div class="form-group filter">
                <label class="label" for="to">{t("insights-to")}</label>
                <input class="input" id="to" name="to" type="date" value=date_value(&filter.to)/>
            </div>
            {filter_select("kind", t("inbox-kind"), kinds, filter.kind.clone())}
            {filter_select("topic", t("inbox-topic"), topics, filter.topic.clone())}
            {filter_select("network", t("insights-network"), networks, filter.network.clone())}
            {filter_select("practice", t("inbox-practice"), practice_options, filter.practice.clone())}
            <div class="form-group filter">
                <label class="label" for="period">{t("insights-period")}</label>
                <select class="select" id="period" name="period">
                    <option value="month" selected=!week>{t("insights-period-month")}</option>
                    <option value="week" selected=week>{t("insights-period-week")}</option>
                </select>
            </div>
            <div class="button-group">
                <button class="button" type="submit">{t("inbox-apply")}</button>
                <a href="/insights">{t("inbox-clear")}</a>
            </div>
        </form>
    }
}

/// A date input shows back only a real date: anything else was not typed into a date
/// picker, and an invalid value is not valid HTML for `type=date`.
fn date_value(value: &str) -> String {
    chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map(|d| d.to_string())
        .unwrap_or_default()
}

pub(super) fn percent_text(p: Option<i64>) -> String {
    p.map(|p| format!("{p}%"))
        .unwrap_or_else(|| t("insights-not-shown"))
}

#[component]
pub fn InsightsPage(
    user: SignedIn,
    filter: InsightsFilter,
    practices: Vec<PracticeInfo>,
    report: Option<Report>,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let query = filter.query();
    let can_export_rows = user.account.role.can_triage();
    let exports = view! {
        <ul class="exports">
            <li><a href=format!("/insights/export.csv?{query}") download="insights.csv">{t("insights-export-aggregates")}</a></li>
            <li><a href="/insights/board-pack">{t("nav-board-pack")}</a></li>
            {can_export_rows.then(|| view! {
                <li><a href=format!("/insights/submissions.csv?{query}") download="submissions.csv">{t("insights-export-rows")}</a></li>
            })}
        </ul>
    };
    view! {
        <Layout title=t("insights-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            <h1>{t("insights-title")}</h1>
            <p class="lead">{t("insights-lead")}</p>
            <Filters filter=filter practices=practices/>
            {report.map(|r| view! { {exports} <ReportView report=r/> })}
        </Layout>
    }
}

#[component]
fn ReportView(report: Report) -> impl IntoView {
    let period_heading = match report.filter.period {
        super::filter::Period::Month => t("insights-period-month"),
        super::filter::Period::Week => t("insights-period-week"),
    };
    let r = report.replies.clone();
    let days = |d: Option<i64>| match d.map(super::report::reply_band) {
        None => t("insights-not-shown"),
        Some((31, _)) => t("insights-days-over-30"),
        Some((lo, hi)) if lo == hi => t_args("insights-days", &[("count", lo.into())]),
        Some((lo, hi)) => t_args(
            "insights-days-band",
            &[("from", lo.into()), ("to", hi.into())],
        ),
    };
    let median = days(r.median);
    let p90 = days(r.p90);
    view! {
        <h2 id="covered">{t("insights-stated-title")}</h2>
        <dl class="summary-list stated">
            {report.stated.into_iter().map(|(label, value)| view! {
                <div class="summary-list__row"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
        <h2>{t("insights-key-figures")}</h2>
        <dl class="key-figures">
            <div><dt>{t("insights-total")}</dt><dd>{shown(report.total)}</dd></div>
            <div><dt>{t("insights-urgent")}</dt><dd>{format!("{} ({})", shown(report.urgent), percent_text(report.urgent_percent))}</dd></div>
            <div><dt>{t("insights-safeguarding")}</dt><dd>{format!("{} ({})", shown(report.safeguarding), percent_text(report.safeguarding_percent))}</dd></div>
            <div><dt>{t("insights-open-now")}</dt><dd>{shown(report.open_total)}</dd></div>
        </dl>

        <h2 id="over-time">{t("insights-over-time")}</h2>
        <ColumnChart id="chart-time" title=t("insights-over-time") heading=period_heading rows=report.periods/>

        <h2 id="themes">{t("insights-themes")}</h2>
        <p>{t("insights-themes-lead")}</p>
        {report.rare_themes_hidden.then(|| view! { <p>{t("insights-themes-rare-hidden")}</p> })}
        <ThemesTable themes=report.themes now=t("insights-this-period") before=t("insights-previous-period")/>

        <h2 id="topics">{t("insights-by-topic")}</h2>
        <BarChart id="chart-topic" title=t("insights-by-topic") heading=t("inbox-topic") rows=report.by_topic/>
        <h2 id="kinds">{t("insights-by-kind")}</h2>
        <BarChart id="chart-kind" title=t("insights-by-kind") heading=t("inbox-kind") rows=report.by_kind/>
        <h2 id="networks">{t("insights-by-network")}</h2>
        <BarChart id="chart-network" title=t("insights-by-network") heading=t("insights-network") rows=report.by_network/>
        <h2 id="practices">{t("insights-by-practice")}</h2>
        <BarChart id="chart-practice" title=t("insights-by-practice") heading=t("inbox-practice") rows=report.by_practice/>

        <h2 id="responses">{t("insights-replies")}</h2>
        <dl class="key-figures">
            <div><dt>{t("insights-replied")}</dt><dd>{shown(r.replied)}</dd></div>
            <div><dt>{t("insights-median-days")}</dt><dd>{median}</dd></div>
            <div><dt>{t("insights-p90-days")}</dt><dd>{p90}</dd></div>
            <div>
                <dt>{t_args("insights-within-target", &[("days", r.target.into())])}</dt>
                <dd>{r.within_target.map(|w| format!("{} ({})", shown(w), percent_text(r.within_target_percent))).unwrap_or_else(|| t("insights-not-shown"))}</dd>
            </div>
        </dl>
        <h3>{t("insights-open-by-age")}</h3>
        <BarChart id="chart-age" title=t("insights-open-by-age") heading=t("insights-age") rows=report.open_by_age/>
        <h2 id="status">{t("insights-by-status")}</h2>
        <BarChart id="chart-status" title=t("insights-by-status") heading=t("inbox-status") rows=report.by_status/>

        <h2 id="quotes">{t("insights-quotes")}</h2>
        <p>{t("insights-quotes-lead")}</p>
        <Quotes quotes=report.quotes/>
        <p class="small-print">{t("insights-small-numbers")}</p>
    }
}

/// The top themes against the period before, with the direction of each.
#[component]
pub(super) fn ThemesTable(
    themes: Vec<super::report::ThemeRow>,
    now: String,
    before: String,
) -> impl IntoView {
    if themes.is_empty() {
        return view! { <p>{t("insights-summary-none")}</p> }.into_any();
    }
    view! {
        <table class="table table--figures">
            <caption class="visually-hidden">{t("insights-themes")}</caption>
            <thead><tr>
                <th scope="col">{t("insights-theme")}</th>
                <th scope="col" class="numeric">{now}</th>
                <th scope="col" class="numeric">{before}</th>
                <th scope="col">{t("insights-change")}</th>
            </tr></thead>
            <tbody>
                {themes.into_iter().map(|row| {
                    let trend = t(match row.trend {
                        Trend::Up => "insights-trend-up",
                        Trend::Down => "insights-trend-down",
                        Trend::Same => "insights-trend-same",
                        Trend::New => "insights-trend-new",
                        Trend::Hidden => "insights-not-shown",
                    });
                    view! { <tr>
                        <th scope="row">{row.theme}</th>
                        <td class="numeric">{shown(row.now)}</td>
                        <td class="numeric">{shown(row.before)}</td>
                        <td>{trend}</td>
                    </tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Residents' words, approved by staff, with their topic.
#[component]
pub(super) fn Quotes(quotes: Vec<super::store::Quote>) -> impl IntoView {
    if quotes.is_empty() {
        return view! { <p>{t("insights-quotes-none")}</p> }.into_any();
    }
    quotes
        .into_iter()
        .map(|q| {
            view! {
                <figure class="quote">
                    <blockquote><p>{q.text}</p></blockquote>
                    <figcaption>{t(&format!("topic-{}", q.topic))}</figcaption>
                </figure>
            }
        })
        .collect_view()
        .into_any()
}

/// The public page: newest first, Bengali where it has been translated.
#[component]
pub fn YouSaidPage(entries: Vec<Entry>) -> impl IntoView {
    let locale = expect_context::<crate::i18n::Locale>();
    let bengali = locale.code() == "bn";
    view! {
        <Layout title=t("you-said-title")>
            <h1>{t("you-said-title")}</h1>
            <p class="lead">{t("you-said-lead")}</p>
            {if entries.is_empty() {
                view! { <p>{t("you-said-none")}</p> }.into_any()
            } else {
                view! { <ol class="you-said">
                    {entries.into_iter().map(|e| {
                        let (said, said_lang) = match (&e.said_bn, bengali) {
                            (Some(bn), true) => (bn.clone(), None),
                            _ => (e.said_en.clone(), bengali.then_some("en")),
                        };
                        let (did, did_lang) = match (&e.did_bn, bengali) {
                            (Some(bn), true) => (bn.clone(), None),
                            _ => (e.did_en.clone(), bengali.then_some("en")),
                        };
                        let date = crate::resident::pages::long_date(&e.action_date.and_hms_opt(12, 0, 0).expect("noon").and_utc());
                        view! {
                            <li class="you-said__item">
                                <h2 class="you-said__heading">{t("you-said-you-said")}</h2>
                                <p lang=said_lang>{said}</p>
                                <h2 class="you-said__heading">{t("you-said-we-did")}</h2>
                                <p lang=did_lang>{did}</p>
                                <p class="you-said__date">{t_args("you-said-date", &[("date", date.into())])}</p>
                            </li>
                        }
                    }).collect_view()}
                </ol> }.into_any()
            }}
        </Layout>
    }
}

/// The staff page to publish and remove "You said, we did" entries.
#[component]
pub fn YouSaidAdminPage(
    user: SignedIn,
    entries: Vec<Entry>,
    form: super::you_said::EntryForm,
    errors: Vec<FieldError>,
    saved: bool,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let csrf = user.csrf.clone();
    let field = |id: &'static str, label: String, hint: String, value: String, multiline: bool| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="form-group">
                <label class="label" for=id>{label}</label>
                <p class="hint" id=hint_id.clone()>{hint}</p>
                {if multiline {
                    view! { <textarea class="textarea" id=id name=id rows="4" aria-describedby=hint_id inner_html=escape_textarea(&value)></textarea> }.into_any()
                } else {
                    view! { <input class="input" id=id name=id type="text" aria-describedby=hint_id value=value/> }.into_any()
                }}
            </div>
        }
    };
    view! {
        <Layout title=t("you-said-admin-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            {saved.then(|| view! { <p class="notice" role="status">{t("you-said-saved")}</p> })}
            <h1>{t("you-said-admin-title")}</h1>
            <p>{t("you-said-admin-lead")}</p>
            <p><a href="/you-said-we-did">{t("you-said-view-public")}</a></p>
            <form method="post" action="/staff/you-said-we-did" novalidate>
                <input type="hidden" name="csrf" value=csrf.form_value()/>
                {field("said_en", t("you-said-field-said-en"), t("you-said-hint-no-personal"), form.said_en, true)}
                {field("did_en", t("you-said-field-did-en"), t("you-said-hint-did"), form.did_en, true)}
                {field("said_bn", t("you-said-field-said-bn"), t("you-said-hint-optional"), form.said_bn, true)}
                {field("did_bn", t("you-said-field-did-bn"), t("you-said-hint-optional"), form.did_bn, true)}
                {field("theme", t("you-said-field-theme"), t("you-said-hint-optional"), form.theme, false)}
                <div class="form-group">
                    <label class="label" for="action_date">{t("you-said-field-date")}</label>
                    <input class="input" id="action_date" name="action_date" type="date" value=date_value(&form.action_date)/>
                </div>
                <button class="button" type="submit">{t("you-said-publish")}</button>
            </form>
            <h2>{t("you-said-published")}</h2>
            {if entries.is_empty() {
                view! { <p>{t("you-said-none")}</p> }.into_any()
            } else {
                view! { <table class="table">
                    <caption class="visually-hidden">{t("you-said-published")}</caption>
                    <thead><tr>
                        <th scope="col">{t("you-said-field-date")}</th>
                        <th scope="col">{t("you-said-you-said")}</th>
                        <th scope="col">{t("you-said-we-did")}</th>
                        <th scope="col">{t("you-said-action")}</th>
                    </tr></thead>
                    <tbody>
                        {entries.into_iter().map(|e| view! { <tr>
                            <td>{e.action_date.to_string()}</td>
                            <td>{e.said_en}</td>
                            <td>{e.did_en}</td>
                            <td>
                                <form method="post" action=format!("/staff/you-said-we-did/{}/remove", e.id) class="inline-form">
                                    <input type="hidden" name="csrf" value=csrf.form_value()/>
                                    <button class="link-button" type="submit">{t("you-said-remove")}</button>
                                </form>
                            </td>
                        </tr> }).collect_view()}
                    </tbody>
                </table> }.into_any()
            }}
        </Layout>
    }
}
