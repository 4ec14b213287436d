//! The resident pages. Each takes everything it shows as props: handlers load, pages render.

use super::form::{FeedbackForm, Practice, PRACTICE_NOT_SURE};
use super::store::TrackedSubmission;
use crate::domain::{Kind, Topic, MESSAGE_MAX_CHARS};
use crate::i18n::{t, t_args};
use crate::ui::{
    escape_textarea, group_class, ErrorSummary, FieldError, Layout, QuickExit, UrgentHelp,
};
use chrono::{DateTime, Datelike, Utc};
use leptos::prelude::*;

/// "23 November 2026", in the page language.
/// The London calendar day of `at`, in words: `3 December 2026`.
pub fn long_date(at: &DateTime<Utc>) -> String {
    let at = crate::domain::london(*at);
    format!(
        "{} {} {}",
        at.day(),
        t(&format!("month-{}", at.month())),
        at.year()
    )
}

/// Where to get help now, with numbers that can be tapped: linked from the footer of every
/// page.
#[component]
pub fn UrgentHelpPage() -> impl IntoView {
    view! {
        <Layout title=t("urgent-page-title")>
            <QuickExit/>
            <h1>{t("urgent-page-title")}</h1>
            <UrgentHelp prominent=true/>
            <p><a href="/">{t("urgent-page-back")}</a></p>
        </Layout>
    }
}

#[component]
pub fn StartPage() -> impl IntoView {
    view! {
        <Layout title=t("start-title")>
            <h1>{t("start-title")}</h1>
            <p class="lead">{t("start-lead")}</p>
            <h2>{t("start-what-heading")}</h2>
            <ul class="list-bullet">
                <li>{t("start-what-feedback")}</li>
                <li>{t("start-what-idea")}</li>
            </ul>
            <p>{t("start-time")}</p>
            <a class="button button--start" href="/feedback" role="button" draggable="false">{t("start-button")}</a>
            <h2>{t("start-who-heading")}</h2>
            <p>{t("start-who-body")}</p>
            <h2>{t("start-next-heading")}</h2>
            <p>{t("start-next-body")}</p>
            <p><a href="/track">{t("start-lost-link")}</a></p>
            <h2>{t("start-privacy-heading")}</h2>
            <p>{t("start-privacy-body")}</p>
            <p><a href="/privacy">{t("start-privacy-link")}</a></p>
            <h2>{t("start-you-said-heading")}</h2>
            <p><a href="/you-said-we-did">{t("start-you-said-link")}</a></p>
            <UrgentHelp/>
            <p>{t("start-other-ways")}</p>
        </Layout>
    }
}

/// The message beside a field, announced with it through `aria-describedby`.
fn field_error_message(id: &'static str, message: Option<String>) -> impl IntoView {
    message.map(|m| {
        view! {
            <p class="error-message" id=format!("{id}-error")>
                <span class="visually-hidden">{format!("{} ", t("error-title-prefix"))}</span>
                {m}
            </p>
        }
    })
}

fn described_by(hint: Option<&str>, id: &str, has_error: bool) -> Option<String> {
    let mut ids: Vec<String> = hint.map(|h| vec![h.to_owned()]).unwrap_or_default();
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
pub fn FeedbackPage(
    form: FeedbackForm,
    errors: Vec<FieldError>,
    practices: Vec<Practice>,
    topics: Vec<Topic>,
    /// Set when a member of staff records feedback given by phone, on paper or in person.
    #[prop(optional)]
    assisted: Option<Assisted>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let kind_error = FieldError::for_field(&errors, "kind");
    let topic_error = FieldError::for_field(&errors, "topic");
    let practice_error = FieldError::for_field(&errors, "practice");
    let message_error = FieldError::for_field(&errors, "message");
    let photos_error = FieldError::for_field(&errors, "photos");
    let name_error = FieldError::for_field(&errors, "name");
    let email_error = FieldError::for_field(&errors, "email");
    let phone_error = FieldError::for_field(&errors, "phone");
    let consent_error = FieldError::for_field(&errors, "contact_consent");
    let honeypot_error = FieldError::for_field(&errors, "website");
    // Hidden from people unless it is the thing that went wrong.
    let honeypot_class = if honeypot_error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group honeypot"
    };

    let chosen_kind = form.kind.clone();
    let kind_radio = move |kind: Kind, id: &'static str, label: String, hint: String| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="radios__item">
                <input class="radios__input" id=id name="kind" type="radio" value=kind.slug()
                    checked=chosen_kind == kind.slug() aria-describedby=hint_id.clone()/>
                <label class="radios__label" for=id>{label}</label>
                <p class="hint radios__hint" id=hint_id>{hint}</p>
            </div>
        }
    };

    let mut networks: Vec<(String, Vec<Practice>)> = Vec::new();
    for p in practices {
        match networks.last_mut() {
            Some((name, list)) if *name == p.network => list.push(p),
            _ => networks.push((p.network.clone(), vec![p])),
        }
    }
    let chosen_practice = form.practice.clone();
    let chosen_topic = form.topic.clone();

    let title = if assisted.is_some() {
        t("assisted-title")
    } else {
        t("form-title")
    };
    let action = if assisted.is_some() {
        "/staff/assisted"
    } else {
        "/feedback"
    };
    view! {
        <Layout title=title.clone() has_errors=has_errors>
            {if assisted.is_none() {
                view! {
                    <QuickExit/>
                    <a class="back-link" href="/">{t("back-link")}</a>
                }.into_any()
            } else {
                view! { <a class="back-link" href="/staff">{t("nav-inbox")}</a> }.into_any()
            }}
            <ErrorSummary errors=errors.clone()/>
            <h1>{title}</h1>
            // Residents may attach photos, so their form goes as multipart; the assisted
            // form (staff typing what was said) has none.
            <form method="post" action=action novalidate
                enctype=assisted.is_none().then_some("multipart/form-data")>
                {assisted.clone().map(assisted_fields)}
                {(!form.started.is_empty()).then(|| view! { <input type="hidden" name="started" value=form.started.clone()/> })}
                <div class=group_class(kind_error.is_some())>
                    <fieldset class="fieldset" aria-describedby=described_by(None, "kind", kind_error.is_some())>
                        <legend class="fieldset__legend">{t("form-kind-legend")}</legend>
                        {field_error_message("kind", kind_error.clone())}
                        <div class="radios">
                            {kind_radio(Kind::Feedback, "kind", t("form-kind-feedback"), t("form-kind-feedback-hint"))}
                            {kind_radio(Kind::Idea, "kind-idea", t("form-kind-idea"), t("form-kind-idea-hint"))}
                        </div>
                    </fieldset>
                </div>

                <div class=group_class(topic_error.is_some())>
                    <label class="label" for="topic">{t("form-topic-label")}</label>
                    {field_error_message("topic", topic_error.clone())}
                    <select class="select" id="topic" name="topic"
                        aria-describedby=described_by(None, "topic", topic_error.is_some())>
                        <option value="">{t("form-topic-choose")}</option>
                        {topics.iter().map(|topic| view! {
                            <option value=topic.slug() selected=chosen_topic == topic.slug()>
                                {t(&format!("topic-{}", topic.slug()))}
                            </option>
                        }).collect_view()}
                    </select>
                </div>

                <div class=group_class(practice_error.is_some())>
                    <label class="label" for="practice">{t("form-practice-label")}</label>
                    <p class="hint" id="practice-hint">{t("form-practice-hint")}</p>
                    {field_error_message("practice", practice_error.clone())}
                    <select class="select" id="practice" name="practice"
                        aria-describedby=described_by(Some("practice-hint"), "practice", practice_error.is_some())>
                        <option value="">{t("form-practice-none")}</option>
                        <option value=PRACTICE_NOT_SURE selected=chosen_practice == PRACTICE_NOT_SURE>{t("form-practice-not-sure")}</option>
                        {networks.into_iter().map(|(network, list)| {
                            let chosen = chosen_practice.clone();
                            view! {
                                <optgroup label=network>
                                    {list.into_iter().map(|p| {
                                        let selected = chosen == p.code;
                                        view! { <option value=p.code selected=selected>{p.name}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </div>

                <div class=group_class(message_error.is_some())>
                    <label class="label label--bold" for="message">{t("form-message-label")}</label>
                    <p class="hint" id="message-hint">{t_args("form-message-hint", &[("max", MESSAGE_MAX_CHARS.into())])}</p>
                    {field_error_message("message", message_error.clone())}
                    <textarea class="textarea" id="message" name="message" rows="8" dir="auto"
                        aria-describedby=described_by(Some("message-hint"), "message", message_error.is_some())
                        inner_html=escape_textarea(&form.message)></textarea>
                </div>

                {assisted.is_none().then(|| view! {
                    <div class=group_class(photos_error.is_some())>
                        <label class="label label--bold" for="photos">{t("form-photos-label")}</label>
                        <p class="hint" id="photos-hint">{t_args("form-photos-hint", &[("max", crate::photos::MAX_PHOTOS.into())])}</p>
                        {field_error_message("photos", photos_error.clone())}
                        <input class="file-upload" id="photos" name="photos" type="file" multiple
                            accept="image/jpeg,image/png"
                            aria-describedby=described_by(Some("photos-hint"), "photos", photos_error.is_some())/>
                    </div>
                })}

                <fieldset class="fieldset" aria-describedby="contact-hint">
                    <legend class="fieldset__legend fieldset__legend--m">{t("form-contact-legend")}</legend>
                    <p class="hint" id="contact-hint">{t("form-contact-hint")}</p>

                    <div class=group_class(name_error.is_some())>
                        <label class="label" for="name">{t("form-name-label")}</label>
                        {field_error_message("name", name_error.clone())}
                        <input class="input" id="name" name="name" type="text" autocomplete="name" spellcheck="false"
                            dir="auto" value=form.name.clone()
                            aria-describedby=described_by(None, "name", name_error.is_some())/>
                    </div>

                    <div class=group_class(email_error.is_some())>
                        <label class="label" for="email">{t("form-email-label")}</label>
                        <p class="hint" id="email-hint">{t("form-email-hint")}</p>
                        {field_error_message("email", email_error.clone())}
                        <input class="input" id="email" name="email" type="email" autocomplete="email" spellcheck="false"
                            value=form.email.clone()
                            aria-describedby=described_by(Some("email-hint"), "email", email_error.is_some())/>
                    </div>

                    <div class=group_class(phone_error.is_some())>
                        <label class="label" for="phone">{t("form-phone-label")}</label>
                        <p class="hint" id="phone-hint">{t("form-phone-hint")}</p>
                        {field_error_message("phone", phone_error.clone())}
                        <input class="input input--width-20" id="phone" name="phone" type="tel" autocomplete="tel"
                            value=form.phone.clone()
                            aria-describedby=described_by(Some("phone-hint"), "phone", phone_error.is_some())/>
                    </div>

                    <div class=group_class(consent_error.is_some())>
                        {field_error_message("contact_consent", consent_error.clone())}
                        <div class="checkboxes__item">
                            <input class="checkboxes__input" id="contact_consent" name="contact_consent" type="checkbox"
                                value="yes" checked=form.contact_consent.is_some()
                                aria-describedby=described_by(None, "contact_consent", consent_error.is_some())/>
                            <label class="checkboxes__label" for="contact_consent">{t("form-contact-consent")}</label>
                        </div>
                    </div>
                </fieldset>

                <fieldset class="fieldset">
                    <legend class="fieldset__legend fieldset__legend--m">{t("form-publish-legend")}</legend>
                    <div class="form-group">
                        <div class="checkboxes__item">
                            <input class="checkboxes__input" id="publish_consent" name="publish_consent" type="checkbox"
                                value="yes" checked=form.publish_consent.is_some()/>
                            <label class="checkboxes__label" for="publish_consent">{t("form-publish-consent")}</label>
                        </div>
                    </div>
                </fieldset>

                <div class=honeypot_class>
                    <label class="label" for="website">{t("form-honeypot-label")}</label>
                    {field_error_message("website", honeypot_error.clone())}
                    <input class="input" id="website" name="website" type="text" tabindex="-1" autocomplete="off"
                        value=form.website.clone()
                        aria-describedby=described_by(None, "website", honeypot_error.is_some())/>
                </div>

                <button class="button" type="submit">{t("form-submit")}</button>
            </form>
        </Layout>
    }
}

/// What the assisted form adds: the channel, the resident's language, and the CSRF token.
#[derive(Debug, Clone)]
pub struct Assisted {
    pub csrf: String,
    pub channel: String,
    pub language: String,
}

/// The assisted-only questions, first on the form.
fn assisted_fields(a: Assisted) -> impl IntoView {
    use crate::domain::Channel;
    let channels: Vec<Channel> = Channel::ALL
        .iter()
        .copied()
        .filter(|c| *c != Channel::Web)
        .collect();
    view! {
        <input type="hidden" name="csrf" value=a.csrf/>
        <div class="form-group">
            <label class="label" for="channel">{t("assisted-channel")}</label>
            <select class="select" id="channel" name="channel">
                {channels.into_iter().map(|c| view! {
                    <option value=c.slug() selected=a.channel == c.slug()>{t(&format!("channel-{}", c.slug()))}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="form-group">
            <label class="label" for="language">{t("assisted-language")}</label>
            <p class="hint" id="language-hint">{t("assisted-language-hint")}</p>
            <select class="select" id="language" name="language" aria-describedby="language-hint">
                {crate::i18n::Locale::available().into_iter().map(|l| view! {
                    <option value=l.code().to_owned() selected=a.language == l.code() lang=l.code().to_owned()>{l.text("language-name")}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The shared facts at the top of the confirmation and tracking pages.
fn summary_list(s: &TrackedSubmission) -> impl IntoView {
    let status = s.status.slug();
    view! {
        <dl class="summary-list">
            <div class="summary-list__row">
                <dt>{t("track-reference")}</dt>
                <dd class="reference">{s.reference.to_string()}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t("track-sent")}</dt>
                <dd>{long_date(&s.created_at)}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t("track-kind")}</dt>
                <dd>{t(&format!("kind-{}", s.kind.slug()))}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t("track-topic")}</dt>
                <dd>{t(&format!("topic-{}", s.topic.slug()))}</dd>
            </div>
            <div class="summary-list__row">
                <dt>{t("track-status")}</dt>
                <dd>
                    <strong class="tag">{t(&format!("status-{status}"))}</strong>
                    <span class="status-hint">{t(&format!("status-{status}-hint"))}</span>
                </dd>
            </div>
        </dl>
    }
}

#[component]
pub fn ConfirmationPage(
    submission: TrackedSubmission,
    tracking_link: String,
    urgent: bool,
) -> impl IntoView {
    let reference = submission.reference.to_string();
    view! {
        <Layout title=t("confirm-title")>
            {urgent.then(|| view! { <UrgentHelp prominent=true/> })}
            <div class="panel">
                <h1 class="panel__title">{t("confirm-title")}</h1>
                <div class="panel__body">
                    {t("confirm-reference-label")}
                    <br/>
                    <strong class="reference" id="reference">{reference}</strong>
                </div>
            </div>
            <p>{t("confirm-reference-hint")}</p>
            <h2>{t("confirm-next-heading")}</h2>
            <p>{t("confirm-next-body")}</p>
            <p>{if submission.contact_consent { t("confirm-next-contact") } else { t("confirm-next-anonymous") }}</p>
            <h2>{t("confirm-track-heading")}</h2>
            <p>{t("confirm-track-body")}</p>
            <p class="tracking-link">
                <span class="tracking-link__label">{t("confirm-track-link")}</span>
                <a id="tracking-link" href=tracking_link.clone()>{tracking_link.clone()}</a>
            </p>
            {(!urgent).then(|| view! { <UrgentHelp/> })}
            <p><a href="/feedback">{t("confirm-another")}</a></p>
        </Layout>
    }
}

#[component]
pub fn TrackPage(
    submission: TrackedSubmission,
    token: String,
    form: super::conversation::AddForm,
    errors: Vec<FieldError>,
    /// Just after an addition was sent: say so at the top.
    added: bool,
) -> impl IntoView {
    let conversation = submission.conversation.clone();
    let has_errors = !errors.is_empty();
    let message_error = FieldError::for_field(&errors, "message");
    view! {
        <Layout title=t("track-title") has_errors=has_errors>
            <QuickExit/>
            <ErrorSummary errors=errors.clone()/>
            {added.then(|| view! {
                <div class="notice" role="status">
                    <p>{t("track-added")}</p>
                </div>
            })}
            <h1>{t("track-title")}</h1>
            {summary_list(&submission)}
            <h2>{t("track-your-message")}</h2>
            <p class="resident-text" dir="auto">{submission.message.clone()}</p>
            <h2 id="conversation">{t("track-replies-heading")}</h2>
            {if conversation.is_empty() {
                view! { <p>{t("track-no-replies")}</p> }.into_any()
            } else {
                view! {
                    <ol class="conversation">
                        {conversation.into_iter().map(|turn| {
                            let (class, meta) = if turn.from_resident {
                                ("conversation__turn conversation__turn--resident", "track-added-on")
                            } else {
                                ("conversation__turn reply", "track-replied-on")
                            };
                            view! {
                                <li class=class>
                                    <p class="reply__meta">{t_args(meta, &[("date", long_date(&turn.created_at).into())])}</p>
                                    <p class="resident-text" dir="auto">{turn.body}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <h2>{t("track-add-heading")}</h2>
            <form method="post" action=format!("/track/{token}/add") novalidate>
                <div class=group_class(message_error.is_some())>
                    <label class="label label--bold" for="message">{t("track-add-label")}</label>
                    <p class="hint" id="message-hint">{t_args("track-add-hint", &[("max", MESSAGE_MAX_CHARS.into())])}</p>
                    {field_error_message("message", message_error.clone())}
                    <textarea class="textarea" id="message" name="message" rows="5" dir="auto"
                        aria-describedby=described_by(Some("message-hint"), "message", message_error.is_some())
                        inner_html=escape_textarea(&form.message)></textarea>
                </div>
                <button class="button button--secondary" type="submit">{t("track-add-button")}</button>
            </form>
            <h2>{t("track-delete-heading")}</h2>
            <p>{t("track-delete-body")}</p>
            <a class="button button--warning" href=format!("/track/{token}/delete") role="button">{t("track-delete-button")}</a>
        </Layout>
    }
}

#[component]
pub fn DeletePage(token: String) -> impl IntoView {
    view! {
        <Layout title=t("delete-title")>
            <a class="back-link" href=format!("/track/{token}")>{t("back-link")}</a>
            <h1>{t("delete-title")}</h1>
            <p>{t("delete-body")}</p>
            <form method="post" action=format!("/track/{token}/delete")>
                <div class="button-group">
                    <button class="button button--warning" type="submit">{t("delete-confirm-button")}</button>
                    <a href=format!("/track/{token}")>{t("delete-cancel")}</a>
                </div>
            </form>
        </Layout>
    }
}

#[component]
pub fn DeletedPage() -> impl IntoView {
    view! {
        <Layout title=t("deleted-title")>
            <div class="panel">
                <h1 class="panel__title">{t("deleted-title")}</h1>
            </div>
            <p>{t("deleted-body")}</p>
            <p><a href="/feedback">{t("deleted-again")}</a></p>
        </Layout>
    }
}

/// "Lost the link?": the reference and the email address or mobile number given with it.
#[component]
pub fn LostLinkPage(
    form: super::lost_link::LostLinkForm,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let reference_error = FieldError::for_field(&errors, "reference");
    let contact_error = FieldError::for_field(&errors, "contact");
    let contact = [&form.contact, &form.email, &form.phone]
        .into_iter()
        .find(|f| !f.trim().is_empty())
        .cloned()
        .unwrap_or_default();
    view! {
        <Layout title=t("lost-title") has_errors=has_errors>
            <QuickExit/>
            <a class="back-link" href="/">{t("back-link")}</a>
            <ErrorSummary errors=errors.clone()/>
            <h1>{t("lost-title")}</h1>
            <p>{t("lost-intro")}</p>
            <form method="post" action="/track" novalidate>
                <div class=group_class(reference_error.is_some())>
                    <label class="label label--bold" for="reference">{t("lost-reference-label")}</label>
                    <p class="hint" id="reference-hint">{t("lost-reference-hint")}</p>
                    {field_error_message("reference", reference_error.clone())}
                    <input class="input input--width-20" id="reference" name="reference" type="text"
                        autocomplete="off" spellcheck="false" autocapitalize="characters"
                        value=form.reference.clone()
                        aria-describedby=described_by(Some("reference-hint"), "reference", reference_error.is_some())/>
                </div>
                <div class=group_class(contact_error.is_some())>
                    <label class="label label--bold" for="contact">{t("lost-contact-label")}</label>
                    <p class="hint" id="contact-hint">{t("lost-contact-hint")}</p>
                    {field_error_message("contact", contact_error.clone())}
                    <input class="input" id="contact" name="contact" type="text" autocomplete="email"
                        spellcheck="false" value=contact
                        aria-describedby=described_by(Some("contact-hint"), "contact", contact_error.is_some())/>
                </div>
                <button class="button" type="submit">{t("lost-submit")}</button>
            </form>
        </Layout>
    }
}

/// The same answer whether or not the details matched.
#[component]
pub fn LinkSentPage() -> impl IntoView {
    view! {
        <Layout title=t("lost-sent-title")>
            <QuickExit/>
            <h1>{t("lost-sent-title")}</h1>
            <p>{t("lost-sent-body")}</p>
            <p>{t("lost-sent-nothing")}</p>
            <p><a href="/track">{t("lost-sent-again")}</a></p>
            <UrgentHelp/>
        </Layout>
    }
}
