//! The item page: a submission with everything staff see, beside the forms that act on it.

use super::pages::label;
use super::pages::KeysHelp;
use super::store::Item;
use crate::domain::{Priority, Status};
use crate::i18n::{t, t_args};
use crate::islands::{ItemUpdate, TriageKeys};
use crate::resident::pages::long_date;
use crate::staff::{accounts::Account, session::SignedIn, StaffNav};
use crate::ui::{ErrorSummary, FieldError, Layout};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// One entry of the conversation on the item page.
enum Turn {
    Reply(super::store::Reply),
    Resident(String),
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
    /// The themes on the kept list.
    known_themes: Vec<super::suggest::Rule>,
    /// Themes on the list the message suggests, not yet given.
    suggested: Vec<super::suggest::Rule>,
    saved: bool,
    audit: Vec<crate::audit::Entry>,
    in_list: super::nav::InList,
    /// A form on the page that did not check out, listed at the top.
    problems: Vec<FieldError>,
    /// The reply templates staff can start from.
    templates: Vec<crate::admin::templates::Template>,
    /// Text for the reply box.
    draft: String,
    /// Text for the note box: a note that did not check out.
    note_draft: String,
) -> impl IntoView {
    let note_error = FieldError::for_field(&problems, "note");
    let has_note_error = note_error.is_some();
    let reference = item.reference.to_string();
    let item_path = format!("/staff/submissions/{}", item.reference.as_str());
    let action = move |what: &str| format!("{item_path}/{what}");
    let csrf = user.csrf.clone();
    let suggest_csrf = user.csrf.clone();
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
    // The submission's themes that are not on the list (suggestions waiting for review, or
    // retired ones) stay in the text box; the list is ticked.
    let themes_value = item
        .themes
        .iter()
        .filter(|th| !known_themes.iter().any(|rule| &rule.name == *th))
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let bengali = expect_context::<crate::i18n::Locale>().code() == "bn";
    let theme_boxes = known_themes
        .into_iter()
        .enumerate()
        .map(|(i, super::suggest::Rule { name, name_bn, .. })| {
            let id = format!("theme-{i}");
            let checked = item.themes.contains(&name);
            let label = if bengali && !name_bn.is_empty() { name_bn } else { name.clone() };
            view! {
                <div class="checkboxes__item">
                    <input class="checkboxes__input" id=id.clone() name="theme" type="checkbox" value=name checked=checked/>
                    <label class="label checkboxes__label" for=id>{label}</label>
                </div>
            }
        })
        .collect_view();
    let urgent = crate::notify::urgent::matched(&item.message);
    let update_action = action("update");
    let update_csrf = user.csrf.form_value();
    let seen_action = format!("/staff/submissions/{}/seen", item.reference.as_str());
    let seen_csrf = user.csrf.clone();
    let seen_hidden =
        move || view! { <input type="hidden" name="csrf" value=seen_csrf.form_value()/> };
    view! {
        <Layout title=t_args("item-title", &[("reference", reference.clone().into())]) wide=true islands=true>
            <StaffNav user=user.clone()/>
            <nav class="item-nav" aria-label=t("item-nav")>
                <a class="back-link" href=in_list.back.clone()>{t("nav-inbox")}</a>
                {in_list.previous.clone().map(|href| view! { <a rel="prev" id="item-previous" href=href>{t("item-previous")}</a> })}
                {in_list.next.clone().map(|href| view! { <a rel="next" id="item-next" href=href>{t("item-next")}</a> })}
            </nav>
            {saved.then(|| view! { <p class="notice" role="status" id="saved" tabindex="-1">{t("item-saved")}</p> })}
            <ErrorSummary errors=problems/>
            <h1>{t_args("item-title", &[("reference", reference.into())])}</h1>
            <TriageKeys><KeysHelp/></TriageKeys>
            {item.duplicate_of.clone().map(|original| view! {
                <p class="notice" id="duplicate-of-notice">
                    {t("item-duplicate-of")}" "
                    <a href=format!("/staff/submissions/{}", original.as_str())>{original.to_string()}</a>
                </p>
            })}
            {(!item.duplicates.is_empty()).then(|| view! {
                <div class="notice" id="duplicates">
                    <p>{t("item-duplicates")}</p>
                    <ul>
                        {item.duplicates.iter().map(|d| view! {
                            <li><a href=format!("/staff/submissions/{}", d.as_str())>{d.to_string()}</a></li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
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
            {(!item.photos.is_empty()).then(|| {
                let base = format!("/staff/submissions/{}/photos", item.reference.as_str());
                view! {
                    <h2 id="photos">{t("item-photos")}</h2>
                    <ul class="photos">
                        {item.photos.iter().map(|p| {
                            let src = format!("{base}/{}", p.id);
                            let href = src.clone();
                            let number = p.position;
                            view! {
                                <li>
                                    <a href=href aria-label=t_args("item-photo-open", &[("number", number.into()), ("width", p.width.into()), ("height", p.height.into())])>
                                        <img src=src alt=t_args("item-photo-alt", &[("number", number.into())])
                                            width=p.width.to_string() height=p.height.to_string() loading="lazy"/>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}

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
            {(!item.replies.is_empty() || !item.additions.is_empty()).then(|| {
                let reply_csrf = user.csrf.clone();
                let replies_path = format!("/staff/submissions/{}/replies", item.reference.as_str());
                // Staff replies and the resident's additions, as one conversation in order.
                let mut turns: Vec<(DateTime<Utc>, Turn)> = item
                    .replies
                    .iter()
                    .map(|r| (r.at, Turn::Reply(r.clone())))
                    .chain(item.additions.iter().map(|(body, at)| (*at, Turn::Resident(body.clone()))))
                    .collect();
                turns.sort_by_key(|(at, _)| *at);
                view! {
                    <h2 id="replies">{t("item-replies")}</h2>
                    {turns.into_iter().map(|(at, turn)| {
                        let r = match turn {
                            Turn::Reply(reply) => reply,
                            Turn::Resident(body) => return view! {
                                <div class="conversation__turn conversation__turn--resident">
                                    <p class="reply__meta">{t_args("item-resident-added", &[("date", long_date(&at).into())])}</p>
                                    <p class="resident-text" dir="auto">{body}</p>
                                </div>
                            }.into_any(),
                        };
                        let box_id = format!("reply-{}-body", r.id);
                        let edit = format!("{replies_path}/{}/edit", r.id);
                        let withdraw = format!("{replies_path}/{}/withdraw", r.id);
                        let token = reply_csrf.form_value();
                        let token2 = token.clone();
                        view! {
                            <div class="reply" id=format!("reply-{}", r.id)>
                                <p class="reply__meta">
                                    {long_date(&r.at)}
                                    {r.edited_at.map(|at| format!(" · {}", t_args("item-reply-edited", &[("time", crate::domain::london_time(at).into())])))}
                                </p>
                                {r.withdrawn_at.map(|at| view! {
                                    <p class="reply__withdrawn"><strong>{t_args("item-reply-withdrawn", &[("time", crate::domain::london_time(at).into())])}</strong></p>
                                })}
                                <p class="resident-text" dir="auto">{r.body.clone()}</p>
                                {(!r.earlier.is_empty()).then(|| view! {
                                    <details class="details">
                                        <summary>{t_args("item-reply-earlier", &[("count", r.earlier.len().into())])}</summary>
                                        <ul class="notes">
                                            {r.earlier.iter().cloned().map(|(body, who, at)| view! {
                                                <li class="note">
                                                    <p class="reply__meta">{t_args("item-reply-replaced", &[("who", who.into()), ("time", crate::domain::london_time(at).into())])}</p>
                                                    <p class="resident-text" dir="auto">{body}</p>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    </details>
                                })}
                                {r.withdrawn_at.is_none().then(|| view! {
                                    <details class="details">
                                        <summary>{t("item-reply-change")}</summary>
                                        <form method="post" action=edit>
                                            <input type="hidden" name="csrf" value=token/>
                                            <div class="form-group">
                                                <label class="label" for=box_id.clone()>{t("item-reply-edit-label")}</label>
                                                <textarea class="textarea" id=box_id name="body" rows="4"
                                                    inner_html=crate::ui::escape_textarea(&r.body)></textarea>
                                            </div>
                                            <button class="button button--secondary" type="submit">{t("item-reply-edit-save")}</button>
                                        </form>
                                        <form method="post" action=withdraw>
                                            <input type="hidden" name="csrf" value=token2/>
                                            <p class="hint">{t("item-reply-withdraw-hint")}</p>
                                            <button class="button button--warning" type="submit">{t("item-reply-withdraw")}</button>
                                        </form>
                                    </details>
                                })}
                            </div>
                        }.into_any()
                    }).collect_view()}
                }
            })}
            </div>
            <div class="item-layout__actions">
            <h2 id="update">{t("item-update")}</h2>
            <ItemUpdate>
            <div id="item-update-errors"></div>
            <form method="post" action=update_action class="item-form">
                <input type="hidden" name="csrf" value=update_csrf/>
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
                <div class=crate::ui::group_class(has_note_error)>
                    <label class="label" for="note">{t("item-note-add")}</label>
                    <p class="hint" id="note-hint">{t("item-notes-hint")}</p>
                    {note_error.map(|message| view! {
                        <p class="error-message" id="note-error">{message}</p>
                    })}
                    <textarea class="textarea" id="note" name="note" rows="3"
                        aria-describedby=if has_note_error { "note-hint note-error" } else { "note-hint" }
                        inner_html=crate::ui::escape_textarea(&note_draft)></textarea>
                </div>
                <button class="button" type="submit">{t("item-save")}</button>
            </form>
            <p class="update-live" id="item-update-live" aria-live="polite"></p>
            </ItemUpdate>

            <h2 id="duplicate">{t("item-duplicate")}</h2>
            {match item.duplicate_of.clone() {
                Some(original) => view! {
                    <form method="post" action=action("not-duplicate")>
                        {hidden()}
                        <p>{t_args("item-duplicate-linked", &[("reference", original.to_string().into())])}</p>
                        <button class="button button--secondary" type="submit" id="not-duplicate">{t("item-duplicate-unlink")}</button>
                    </form>
                }.into_any(),
                None => view! {
                    <form method="post" action=action("duplicate")>
                        {hidden()}
                        <div class="form-group">
                            <label class="label" for="duplicate-of">{t("item-duplicate-label")}</label>
                            <p class="hint" id="duplicate-hint">{t("item-duplicate-hint")}</p>
                            <input class="input input--width-20" id="duplicate-of" name="of" type="text"
                                autocomplete="off" spellcheck="false" aria-describedby="duplicate-hint"/>
                        </div>
                        <button class="button button--secondary" type="submit">{t("item-duplicate-button")}</button>
                    </form>
                }.into_any(),
            }}

            <h2 id="reply">{t("item-reply")}</h2>
            {(!templates.is_empty()).then(|| view! {
                <form method="get" action=format!("/staff/submissions/{}#reply-body", item.reference.as_str()) class="row-form">
                    <div class="form-group">
                        <label class="label" for="template">{t("item-reply-template")}</label>
                        <select class="select" id="template" name="template">
                            {templates.into_iter().map(|tp| {
                                let bn = tp.body_bn.is_some().then(|| view! {
                                    <option value=format!("{}:bn", tp.id)>{format!("{} ({})", tp.title, t("item-reply-template-bn"))}</option>
                                });
                                view! {
                                    <option value=format!("{}:en", tp.id)>{format!("{} ({})", tp.title, t("item-reply-template-en"))}</option>
                                    {bn}
                                }
                            }).collect_view()}
                        </select>
                    </div>
                    <button class="button button--secondary" type="submit">{t("item-reply-template-insert")}</button>
                </form>
            })}
            <form method="post" action=action("reply")>
                {hidden()}
                <div class="form-group">
                    <label class="label" for="reply-body">{t("item-reply")}</label>
                    <p class="hint" id="reply-hint">{t_args("item-reply-hint", &[("emailed", emailed.into())])}</p>
                    <textarea class="textarea" id="reply-body" name="body" rows="5" aria-describedby="reply-hint"
                        inner_html=crate::ui::escape_textarea(&draft)></textarea>
                </div>
                <button class="button" type="submit">{t("item-reply-send")}</button>
            </form>

            <h2 id="themes">{t("item-themes")}</h2>
            {(!suggested.is_empty()).then(|| {
                let add = action("themes/add");
                let csrf = suggest_csrf.clone();
                view! {
                    <h3>{t("item-themes-suggested")}</h3>
                    <p class="hint">{t("item-themes-suggested-hint")}</p>
                    <ul class="suggested-themes">
                        {suggested.into_iter().map(|rule| {
                            let label = if bengali && !rule.name_bn.is_empty() { rule.name_bn.clone() } else { rule.name.clone() };
                            view! {
                                <li>
                                    <form method="post" action=add.clone() class="inline-form">
                                        <input type="hidden" name="csrf" value=csrf.form_value()/>
                                        <input type="hidden" name="theme" value=rule.name/>
                                        <button class="button button--secondary" type="submit">
                                            {t_args("item-themes-add", &[("theme", label.into())])}
                                        </button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            <form method="post" action=action("themes")>
                {hidden()}
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{t("item-themes-list")}</legend>
                    <div class="checkboxes checkboxes--columns">{theme_boxes}</div>
                </fieldset>
                <div class="form-group">
                    <label class="label" for="themes-input">{t("item-themes-suggest")}</label>
                    <p class="hint" id="themes-hint">{t("item-themes-suggest-hint")} {t("item-themes-hint")}</p>
                    <input class="input" id="themes-input" name="themes" type="text"
                        aria-describedby="themes-hint" value=themes_value/>
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
            <table class="table" id="history-table">
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
