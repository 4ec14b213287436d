//! The inbox page, and the select boxes its filters (and the insights filters) share. The
//! item page is in `item_page.rs`.

use super::filter::InboxFilter;
use super::list::InboxRow;
use crate::domain::{Kind, Priority, Status, Topic};
use crate::i18n::{t, t_args};
use crate::islands::{InboxLive, TriageKeys};
use crate::resident::form::Practice;
use crate::resident::pages::long_date;
use crate::staff::{accounts::Account, session::SignedIn, StaffNav};
use crate::ui::{ErrorSummary, FieldError, Layout};
use leptos::prelude::*;

/// A `<select>` of `(value, label)` with an "any" first option.
pub(crate) fn filter_select(
    id: &'static str,
    label: String,
    options: Vec<(String, String)>,
    chosen: String,
) -> impl IntoView {
    view! {
        <div class="form-group filter">
            <label class="label" for=id>{label}</label>
            <select class="select" id=id name=id>
                <option value="">{t("inbox-any")}</option>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

pub(super) fn label(prefix: &str, slug: &str) -> String {
    t(&format!("{prefix}-{slug}"))
}

#[component]
pub fn InboxPage(
    user: SignedIn,
    filter: InboxFilter,
    rows: Vec<InboxRow>,
    more: bool,
    /// How many match, counted up to [`super::list::COUNT_UP_TO`].
    matched: i64,
    /// Today in the service's calendar, for "due today" and "overdue".
    today: chrono::NaiveDate,
    counts: Vec<(Status, i64)>,
    practices: Vec<Practice>,
    staff: Vec<Account>,
    /// Filter values that did not check out; the page then lists no submissions.
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let page = filter.page.unwrap_or(1).max(1);
    let statuses: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| (s.slug().to_owned(), label("staff-status", s.slug())))
        .collect();
    let kinds: Vec<(String, String)> = Kind::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), label("kind", k.slug())))
        .collect();
    let topics: Vec<(String, String)> = Topic::ALL
        .iter()
        .map(|k| (k.slug().to_owned(), label("topic", k.slug())))
        .collect();
    let priorities: Vec<(String, String)> = Priority::ALL
        .iter()
        .map(|p| (p.slug().to_owned(), label("priority", p.slug())))
        .collect();
    let practice_options: Vec<(String, String)> = std::iter::once((
        super::list::MY_PRACTICES.to_owned(),
        t("inbox-my-practices"),
    ))
    .chain(practices.into_iter().map(|p| (p.code, p.name)))
    .collect();
    let mut assignees: Vec<(String, String)> = vec![
        ("me".into(), t("inbox-mine")),
        ("none".into(), t("inbox-unassigned")),
    ];
    let (bulk_statuses, bulk_assign) = super::bulk::action_options(&staff);
    assignees.extend(staff.into_iter().map(|a| (a.id.to_string(), a.name)));
    let csrf = user.csrf.form_value();
    let done = filter.done;
    let within = filter.query_without_page();
    let prev = (page > 1).then(|| format!("/staff?{}", filter.query_for_page(page - 1)));
    let next = more.then(|| format!("/staff?{}", filter.query_for_page(page + 1)));
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    view! {
        <Layout title=t("inbox-title") has_errors=has_errors wide=true islands=true>
            <StaffNav user=user/>
            <div id="inbox-errors"><ErrorSummary errors=errors/></div>
            {done.map(|n| view! { <p class="notice" role="status" id="bulk-done">{t_args("bulk-done", &[("count", n.into())])}</p> })}
            <h1>{t("inbox-title")}</h1>
            <TriageKeys><KeysHelp/></TriageKeys>
            <ul class="status-counts" aria-label=t("inbox-status")>
                <li><a href="/staff">{format!("{} ({total})", t("inbox-all-statuses"))}</a></li>
                {Status::ALL.iter().map(|s| {
                    let n = counts.iter().find(|(status, _)| status == s).map(|(_, n)| *n).unwrap_or(0);
                    view! { <li><a href=format!("/staff?status={}", s.slug())>{format!("{} ({n})", label("staff-status", s.slug()))}</a></li> }
                }).collect_view()}
            </ul>
            <ul class="status-counts" aria-label=t("inbox-views")>
                <li><a href="/staff?assignee=me" id="view-mine">{t("inbox-mine")}</a></li>
                <li><a href="/staff?practice=mine" id="view-my-practices">{t("inbox-my-practices")}</a></li>
                <li><a href="/staff?overdue=yes&sort=due">{t("inbox-overdue-only")}</a></li>
            </ul>
            <InboxLive>
            <form method="get" action="/staff" class="filters">
                <h2 class="filters__title">{t("inbox-filters")}</h2>
                <div class="form-group filter filter--wide">
                    <label class="label" for="q">{t("inbox-search")}</label>
                    <div class="hint" id="q-hint">{t("inbox-search-hint")}</div>
                    <input class="input" id="q" name="q" type="search" aria-describedby="q-hint" value=filter.q.clone()/>
                </div>
                {filter_select("status", t("inbox-status"), statuses, filter.status.clone())}
                {filter_select("kind", t("inbox-kind"), kinds, filter.kind.clone())}
                {filter_select("topic", t("inbox-topic"), topics, filter.topic.clone())}
                {filter_select("practice", t("inbox-practice"), practice_options, filter.practice.clone())}
                {filter_select("priority", t("inbox-priority"), priorities, filter.priority.clone())}
                {filter_select("assignee", t("inbox-assignee"), assignees, filter.assignee.clone())}
                <div class="form-group filter">
                    <label class="label" for="from">{t("inbox-from")}</label>
                    <input class="input" id="from" name="from" type="text" inputmode="numeric" value=filter.from.clone()/>
                </div>
                <div class="form-group filter">
                    <label class="label" for="to">{t("inbox-to")}</label>
                    <input class="input" id="to" name="to" type="text" inputmode="numeric" value=filter.to.clone()/>
                </div>
                <div class="form-group filter checkboxes__item">
                    <input class="checkboxes__input" id="urgent" name="urgent" type="checkbox" checked=filter.urgent.is_some()/>
                    <label class="checkboxes__label" for="urgent">{t("inbox-urgent-only")}</label>
                </div>
                <div class="form-group filter checkboxes__item">
                    <input class="checkboxes__input" id="overdue" name="overdue" type="checkbox" value="yes"
                        checked=matches!(filter.overdue.as_str(), "yes" | "on")/>
                    <label class="checkboxes__label" for="overdue">{t("inbox-overdue-only")}</label>
                </div>
                <div class="form-group filter">
                    <label class="label" for="sort">{t("inbox-sort")}</label>
                    <select class="select" id="sort" name="sort">
                        {[
                            ("newest", t("inbox-sort-newest")),
                            ("oldest", t("inbox-sort-oldest")),
                            ("due", t("inbox-sort-due")),
                        ].into_iter().map(|(value, text)| {
                            let selected = filter.sort == value || (value == "newest" && filter.sort.is_empty());
                            view! { <option value=value selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="button-group">
                    <button class="button" type="submit">{t("inbox-apply")}</button>
                    <a href="/staff">{t("inbox-clear")}</a>
                </div>
            </form>
            <p class="visually-hidden" id="inbox-live" aria-live="polite"></p>
            <p id="inbox-urgent-arrived" hidden>{t("inbox-urgent-arrived")}</p>
            <div id="inbox-results">
            {(!has_errors).then(|| {
                let text = if matched > super::list::COUNT_UP_TO {
                    t_args("inbox-matched-many", &[("count", super::list::COUNT_UP_TO.into())])
                } else {
                    t_args("inbox-matched", &[("count", matched.into())])
                };
                view! { <p class="inbox-count" id="inbox-count" role="status">{text}</p> }
            })}
            {if has_errors {
                ().into_any()
            } else if rows.is_empty() {
                view! { <p class="inbox-empty">{t("inbox-none")}</p> }.into_any()
            } else {
                view! {
                    <form method="post" action="/staff/bulk" id="bulk" class="bulk">
                    <input type="hidden" name="csrf" value=csrf/>
                    <div class="bulk__actions">
                        <label class="label" for="bulk-action">{t("bulk-label")}</label>
                        <select class="select" id="bulk-action" name="action">
                            <option value="">{t("bulk-choose")}</option>
                            <optgroup label=t("inbox-status")>
                                {bulk_statuses.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
                            </optgroup>
                            <optgroup label=t("inbox-assignee")>
                                {bulk_assign.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
                            </optgroup>
                        </select>
                        <button class="button button--secondary" type="submit">{t("bulk-apply")}</button>
                    </div>
                    <table class="table inbox">
                        <caption class="visually-hidden">{t("inbox-title")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t("inbox-reference")}</th>
                                <th scope="col">{t("inbox-received")}</th>
                                <th scope="col">{t("inbox-summary")}</th>
                                <th scope="col">{t("inbox-status")}</th>
                                <th scope="col">{t("inbox-due")}</th>
                                <th scope="col">{t("inbox-assignee")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let urgent = r.priority == Priority::Urgent;
                                view! {
                                    <tr class=if urgent { "inbox__row inbox__row--urgent" } else { "inbox__row" }>
                                        <td>
                                            <div class="checkboxes__item checkboxes__item--small">
                                                <input class="checkboxes__input" type="checkbox" name="reference"
                                                    id=format!("select-{}", r.reference.as_str()) value=r.reference.as_str().to_owned()/>
                                                <label class="checkboxes__label" for=format!("select-{}", r.reference.as_str())>
                                                    <span class="visually-hidden">{t_args("bulk-select", &[("reference", r.reference.to_string().into())])}</span>
                                                </label>
                                            </div>
                                            <a href=super::nav::item_link(&r.reference, &within)>{r.reference.to_string()}</a>
                                        </td>
                                        <td>{long_date(&r.created_at)}</td>
                                        <td>
                                            <strong>{format!("{} · {}", label("kind", r.kind.slug()), label("topic", r.topic.slug()))}</strong>
                                            {r.practice.map(|p| view! { <span class="inbox__practice">{p}</span> })}
                                            <span class="inbox__snippet" dir="auto">{r.snippet}</span>
                                        </td>
                                        <td>
                                            <strong class="tag">{label("staff-status", r.status.slug())}</strong>
                                            {(r.priority != Priority::Normal).then(|| view! { <strong class="tag tag--priority">{label("priority", r.priority.slug())}</strong> })}
                                        </td>
                                        <td class="inbox__due">{r.due.map(|due| due_text(due, today))}</td>
                                        <td>{r.assignee.unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </form>
                }.into_any()
            }}
            <nav class="pagination" aria-label=t_args("inbox-page", &[("page", page.into())])>
                {prev.map(|href| view! { <a rel="prev" href=href>{t("inbox-previous")}</a> })}
                <span>{t_args("inbox-page", &[("page", page.into())])}</span>
                {next.map(|href| view! { <a rel="next" href=href>{t("inbox-next")}</a> })}
            </nav>
            </div>
            </InboxLive>
        </Layout>
    }
}

/// The keys the triage island answers to, drawn here so they are in the reader's language.
/// Hidden until `?` shows them; the hint appears only when the island runs.
#[component]
pub(crate) fn KeysHelp() -> impl IntoView {
    let keys = [
        ("j", "keys-next"),
        ("k", "keys-previous"),
        ("Enter", "keys-open"),
        ("x", "keys-select"),
        ("/", "keys-search"),
        ("s", "keys-status"),
        ("?", "keys-help"),
        ("Esc", "keys-close"),
    ];
    view! {
        <p class="keys-hint" id="keys-hint" hidden>{t("keys-hint")}</p>
        <section class="keys-help" id="keys-help" hidden tabindex="-1" aria-labelledby="keys-help-title">
            <h2 id="keys-help-title">{t("keys-title")}</h2>
            <dl class="keys-help__list">
                {keys.into_iter().map(|(key, what)| view! {
                    <div class="keys-help__row"><dt><kbd>{key}</kbd></dt><dd>{t(what)}</dd></div>
                }).collect_view()}
            </dl>
            <p>{t("keys-fields")}</p>
        </section>
    }
}

/// "Overdue", "due today" or the date, in words (not colour alone).
fn due_text(due: chrono::NaiveDate, today: chrono::NaiveDate) -> impl IntoView {
    let date = long_date(&due.and_hms_opt(12, 0, 0).expect("noon").and_utc());
    if due < today {
        view! { <strong class="tag tag--overdue">{t_args("inbox-due-overdue", &[("date", date.into())])}</strong> }.into_any()
    } else if due == today {
        view! { <strong class="tag tag--due-today">{t("inbox-due-today")}</strong> }.into_any()
    } else {
        view! { <span>{t_args("inbox-due-on", &[("date", date.into())])}</span> }.into_any()
    }
}
