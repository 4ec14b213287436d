//! The inbox and the item page.

use super::filter::InboxFilter;
use super::store::{InboxRow, Item};
use crate::domain::{Kind, Priority, Status, Topic};
use crate::i18n::{t, t_args};
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

fn label(prefix: &str, slug: &str) -> String {
    t(&format!("{prefix}-{slug}"))
}

#[component]
pub fn InboxPage(
    user: SignedIn,
    filter: InboxFilter,
    rows: Vec<InboxRow>,
    more: bool,
    /// How many match, counted up to [`super::store::COUNT_UP_TO`].
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
    let practice_options: Vec<(String, String)> =
        practices.into_iter().map(|p| (p.code, p.name)).collect();
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
        <Layout title=t("inbox-title") has_errors=has_errors wide=true>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            {done.map(|n| view! { <p class="notice" role="status" id="bulk-done">{t_args("bulk-done", &[("count", n.into())])}</p> })}
            <h1>{t("inbox-title")}</h1>
            <ul class="status-counts" aria-label=t("inbox-status")>
                <li><a href="/staff">{format!("{} ({total})", t("inbox-all-statuses"))}</a></li>
                {Status::ALL.iter().map(|s| {
                    let n = counts.iter().find(|(status, _)| status == s).map(|(_, n)| *n).unwrap_or(0);
                    view! { <li><a href=format!("/staff?status={}", s.slug())>{format!("{} ({n})", label("staff-status", s.slug()))}</a></li> }
                }).collect_view()}
            </ul>
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
            {(!has_errors).then(|| {
                let text = if matched > super::store::COUNT_UP_TO {
                    t_args("inbox-matched-many", &[("count", super::store::COUNT_UP_TO.into())])
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
                                            <a href=super::item_link(&r.reference, &within)>{r.reference.to_string()}</a>
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
        </Layout>
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

fn row(term: String, value: String) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt>{term}</dt>
            <dd>{value}</dd>
        </div>
    }
}

fn yes_no(b: bool) -> String {
    t(if b {
        "email-staff-yes"
    } else {
        "email-staff-no"
    })
}

#[component]
pub fn ItemPage(
    user: SignedIn,
    item: Item,
    staff: Vec<Account>,
    known_themes: Vec<String>,
    saved: bool,
    audit: Vec<crate::audit::Entry>,
    in_list: super::InList,
) -> impl IntoView {
    let reference = item.reference.to_string();
    let item_path = format!("/staff/submissions/{}", item.reference.as_str());
    let action = move |what: &str| format!("{item_path}/{what}");
    let csrf = user.csrf.clone();
    let hidden = move || view! { <input type="hidden" name="csrf" value=csrf.form_value()/> };
    let practice = match (&item.practice, &item.network, item.practice_unsure) {
        (Some(p), Some(n), _) => format!("{p} ({n})"),
        (Some(p), None, _) => p.clone(),
        (None, _, true) => t("email-staff-practice-unsure"),
        _ => t("email-staff-practice-none"),
    };
    let emailed = if item.contact_consent && item.email.is_some() {
        t("item-reply-emailed")
    } else {
        t("item-reply-not-emailed")
    };
    let has_contact = item.name.is_some() || item.email.is_some() || item.phone.is_some();
    let status_now = item.status;
    let priority_now = item.priority;
    let assignee_now = item.assignee_id;
    let themes_value = item.themes.join(", ");
    let urgent = crate::notify::urgent::matched(&item.message);
    let seen_action = format!("/staff/submissions/{}/seen", item.reference.as_str());
    let seen_csrf = user.csrf.clone();
    let seen_hidden =
        move || view! { <input type="hidden" name="csrf" value=seen_csrf.form_value()/> };
    view! {
        <Layout title=t_args("item-title", &[("reference", reference.clone().into())]) wide=true>
            <StaffNav user=user.clone()/>
            <nav class="item-nav" aria-label=t("item-nav")>
                <a class="back-link" href=in_list.back.clone()>{t("nav-inbox")}</a>
                {in_list.previous.clone().map(|href| view! { <a rel="prev" id="item-previous" href=href>{t("item-previous")}</a> })}
                {in_list.next.clone().map(|href| view! { <a rel="next" id="item-next" href=href>{t("item-next")}</a> })}
            </nav>
            {saved.then(|| view! { <p class="notice" role="status" id="saved" tabindex="-1">{t("item-saved")}</p> })}
            <h1>{t_args("item-title", &[("reference", reference.into())])}</h1>
            {(item.priority == Priority::Urgent).then(|| view! {
                <div class="urgent-help urgent-help--prominent" id="urgent-banner">
                    <h2>{t("item-urgent")}</h2>
                    <p>{match &urgent {
                        Some(m) => t_args("item-urgent-phrase", &[("phrase", m.phrase.clone().into())]),
                        None => t("item-urgent-by-staff"),
                    }}</p>
                    {match item.urgent_seen.clone() {
                        Some((who, at)) => view! {
                            <p id="urgent-seen">{t_args("item-urgent-seen-by", &[("who", who.into()), ("time", crate::domain::london_time(at).into())])}</p>
                        }.into_any(),
                        None => view! {
                            <form method="post" action=seen_action.clone() class="row-form">
                                {seen_hidden()}
                                <button class="button" type="submit" id="urgent-seen-button">{t("item-urgent-seen")}</button>
                            </form>
                        }.into_any(),
                    }}
                    {item.urgent_escalated_at.map(|at| view! {
                        <p>{t_args("item-urgent-escalated", &[("time", crate::domain::london_time(at).into())])}</p>
                    })}
                </div>
            })}
            {item.safeguarding.clone().map(|(reason, who, at)| view! {
                <div class="urgent-help urgent-help--prominent">
                    <h2>{t("item-safeguarding")}</h2>
                    <p>{t_args("item-safeguarding-flagged", &[("who", who.into()), ("date", long_date(&at).into()), ("reason", reason.into())])}</p>
                </div>
            })}
            <div class="item-layout">
            <div class="item-layout__main">
            <h2>{t("item-details")}</h2>
            <dl class="summary-list">
                {row(t("inbox-received"), long_date(&item.created_at))}
                {row(t("inbox-kind"), label("kind", item.kind.slug()))}
                {row(t("inbox-topic"), label("topic", item.topic.slug()))}
                {row(t("inbox-practice"), practice)}
                {row(t("item-channel"), label("channel", item.channel.slug()))}
                {row(t("item-language"), crate::i18n::Locale::from_code(&item.language)
                    .map(|l| l.text("language-name"))
                    .unwrap_or_else(|| item.language.clone()))}
                {row(t("inbox-status"), label("staff-status", item.status.slug()))}
                {row(t("inbox-priority"), label("priority", item.priority.slug()))}
                {row(t("item-consent-publish"), yes_no(item.publish_consent))}
            </dl>
            <h2>{t("item-message")}</h2>
            <p class="resident-text" dir="auto">{match urgent.as_ref().and_then(|m| m.at.clone()) {
                Some(at) if item.priority == Priority::Urgent => view! {
                    {item.message[..at.start].to_owned()}
                    <mark>{item.message[at.clone()].to_owned()}</mark>
                    {item.message[at.end..].to_owned()}
                }.into_any(),
                _ => item.message.clone().into_any(),
            }}</p>

            <h2>{t("item-contact")}</h2>
            {if !has_contact {
                view! { <p>{t("item-no-contact")}</p> }.into_any()
            } else {
                view! {
                    <dl class="summary-list">
                        {row(t("item-name"), item.name.clone().unwrap_or_default())}
                        {row(t("item-email"), item.email.clone().unwrap_or_default())}
                        {row(t("item-phone"), item.phone.clone().unwrap_or_default())}
                        {row(t("item-consent-contact"), yes_no(item.contact_consent))}
                    </dl>
                }.into_any()
            }}

            <h2 id="notes">{t("item-notes")}</h2>
            {if item.notes.is_empty() {
                view! { <p>{t("item-no-notes")}</p> }.into_any()
            } else {
                view! {
                    <ul class="notes">
                        {item.notes.iter().cloned().map(|(who, body, at)| view! {
                            <li class="note">
                                <p class="reply__meta">{format!("{who} · {}", long_date(&at))}</p>
                                <p class="resident-text" dir="auto">{body}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!item.replies.is_empty()).then(|| view! {
                <h2 id="replies">{t("item-replies")}</h2>
                {item.replies.iter().cloned().map(|(body, at)| view! {
                    <div class="reply">
                        <p class="reply__meta">{long_date(&at)}</p>
                        <p class="resident-text" dir="auto">{body}</p>
                    </div>
                }).collect_view()}
            })}
            </div>
            <div class="item-layout__actions">
            <h2 id="update">{t("item-update")}</h2>
            <form method="post" action=action("update") class="item-form">
                {hidden()}
                <div class="form-group">
                    <label class="label" for="status">{t("item-status-label")}</label>
                    <select class="select" id="status" name="status">
                        {Status::ALL.iter().map(|s| view! {
                            <option value=s.slug() selected=status_now == *s>{label("staff-status", s.slug())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="priority">{t("item-priority-label")}</label>
                    <select class="select" id="priority" name="priority">
                        {Priority::ALL.iter().map(|p| view! {
                            <option value=p.slug() selected=priority_now == *p>{label("priority", p.slug())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="assignee">{t("item-assignee-label")}</label>
                    <select class="select" id="assignee" name="assignee">
                        <option value="">{t("item-nobody")}</option>
                        {staff.into_iter().map(|a| view! {
                            <option value=a.id.to_string() selected=assignee_now == Some(a.id)>{a.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="form-group">
                    <label class="label" for="note">{t("item-note-add")}</label>
                    <p class="hint" id="note-hint">{t("item-notes-hint")}</p>
                    <textarea class="textarea" id="note" name="note" rows="3" aria-describedby="note-hint"></textarea>
                </div>
                <button class="button" type="submit">{t("item-save")}</button>
            </form>

            <h2 id="reply">{t("item-reply")}</h2>
            <form method="post" action=action("reply")>
                {hidden()}
                <div class="form-group">
                    <label class="label" for="reply-body">{t("item-reply")}</label>
                    <p class="hint" id="reply-hint">{t_args("item-reply-hint", &[("emailed", emailed.into())])}</p>
                    <textarea class="textarea" id="reply-body" name="body" rows="5" aria-describedby="reply-hint"></textarea>
                </div>
                <button class="button" type="submit">{t("item-reply-send")}</button>
            </form>

            <h2 id="themes">{t("item-themes")}</h2>
            <form method="post" action=action("themes")>
                {hidden()}
                <div class="form-group">
                    <label class="label" for="themes-input">{t("item-themes")}</label>
                    <p class="hint" id="themes-hint">{t("item-themes-hint")}</p>
                    <input class="input" id="themes-input" name="themes" type="text" list="known-themes"
                        aria-describedby="themes-hint" value=themes_value/>
                    <datalist id="known-themes">
                        {known_themes.into_iter().map(|th| view! { <option value=th></option> }).collect_view()}
                    </datalist>
                </div>
                <button class="button" type="submit">{t("item-save")}</button>
            </form>

            {item.publish_consent.then(|| {
                let current = item.quote.clone();
                let text = current.clone().unwrap_or_else(|| item.message.clone());
                view! {
                    <h2 id="quote">{t("item-quote")}</h2>
                    {current.is_some().then(|| view! { <p>{t("item-quote-published")}</p> })}
                    <form method="post" action=action("quote")>
                        {hidden()}
                        <div class="form-group">
                            <label class="label" for="quote-body">{t("item-quote-label")}</label>
                            <p class="hint" id="quote-hint">{t("item-quote-hint")}</p>
                            <textarea class="textarea" id="quote-body" name="body" rows="4" aria-describedby="quote-hint"
                                inner_html=crate::ui::escape_textarea(&text)></textarea>
                        </div>
                        <div class="button-group">
                            <button class="button" type="submit" name="action" value="approve">{t("item-quote-approve")}</button>
                            {current.is_some().then(|| view! {
                                <button class="button button--secondary" type="submit" name="action" value="withdraw">{t("item-quote-withdraw")}</button>
                            })}
                        </div>
                    </form>
                }
            })}

            <h2 id="safeguarding">{t("item-safeguarding")}</h2>
            <form method="post" action=action("safeguarding")>
                {hidden()}
                <div class="form-group">
                    <label class="label" for="reason">{t("item-safeguarding-reason")}</label>
                    <p class="hint" id="reason-hint">{t("item-safeguarding-hint")}</p>
                    <textarea class="textarea" id="reason" name="reason" rows="3" aria-describedby="reason-hint"></textarea>
                </div>
                <button class="button button--warning" type="submit">{t("item-safeguarding-button")}</button>
            </form>

            <h2 id="rights">{t("item-rights")}</h2>
            <p><a href=format!("/staff/submissions/{}/export.json", item.reference.as_str()) download="">{t("item-export")}</a></p>
            </div>
            </div>
            <h2 id="history">{t("item-audit")}</h2>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">{t("audit-when")}</th>
                        <th scope="col">{t("audit-actor")}</th>
                        <th scope="col">{t("audit-action")}</th>
                    </tr>
                </thead>
                <tbody>
                    {audit.into_iter().map(|e| view! {
                        <tr>
                            <td>{crate::domain::london_time(e.at)}</td>
                            <td>{e.actor_email.unwrap_or_default()}</td>
                            <td>{e.action}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </Layout>
    }
}
