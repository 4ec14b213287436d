//! The emails a new submission causes, a reply, and account links; the alerts and
//! assignments staff are sent are in `staff_emails.rs`. Each is rendered once, when it is queued, and stored
//! in the outbox as it will be sent: a retry sends exactly the same message.
//!
//! Staff emails carry no message text and no contact details unless the organisation turns
//! on `PORTAL_MAIL_INCLUDE_MESSAGE`: staff read them in the portal, behind sign-in.

use super::{mailer::Email, NotifySettings};
use crate::domain::{Kind, Reference, Topic};
use crate::i18n::{t, Locale};
use crate::ui::render_html;
use chrono::{DateTime, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use leptos::prelude::*;

/// What an email may say about a submission.
#[derive(Debug, Clone)]
pub struct Facts {
    pub reference: Reference,
    pub kind: Kind,
    pub topic: Topic,
    /// The practice's name, or `None` with `practice_unsure` telling why.
    pub practice: Option<String>,
    pub practice_unsure: bool,
    pub received: DateTime<Utc>,
    pub wants_contact: bool,
    pub message: String,
    pub urgent: bool,
}

/// An email from the service to `to`, with a fresh Message-ID on the sending domain.
pub(super) fn email(
    settings: &NotifySettings,
    to: &str,
    subject: String,
    text: String,
    html: String,
    date: chrono::DateTime<chrono::Utc>,
) -> Email {
    let domain = settings.from.email.domain().to_owned();
    Email {
        message_id: format!("<{}@{domain}>", super::outbox::unique_id()),
        to: to.to_owned(),
        subject,
        text,
        html,
        date,
    }
}

/// The same email for another recipient: its own address and Message-ID.
pub(super) fn copy_to(settings: &NotifySettings, original: &Email, to: &str) -> Email {
    email(
        settings,
        to,
        original.subject.clone(),
        original.text.clone(),
        original.html.clone(),
        original.date,
    )
}

pub(super) fn args(pairs: &[(&'static str, String)]) -> Vec<(&'static str, FluentValue<'static>)> {
    pairs
        .iter()
        .map(|(k, v)| (*k, FluentValue::from(v.clone())))
        .collect()
}

/// Staff read English; their emails use the English file whatever the resident's language.
pub(super) fn staff_locale() -> Locale {
    Locale::english()
}

fn staff_rows(facts: &Facts, l: &Locale) -> Vec<(String, String)> {
    let practice = match (&facts.practice, facts.practice_unsure) {
        (Some(name), _) => name.clone(),
        (None, true) => l.text("email-staff-practice-unsure"),
        (None, false) => l.text("email-staff-practice-none"),
    };
    vec![
        (l.text("email-staff-reference"), facts.reference.to_string()),
        (
            l.text("email-staff-kind"),
            l.text(&format!("kind-{}", facts.kind.slug())),
        ),
        (
            l.text("email-staff-topic"),
            l.text(&format!("topic-{}", facts.topic.slug())),
        ),
        (l.text("email-staff-practice"), practice),
        (
            l.text("email-staff-received"),
            crate::domain::london(facts.received)
                .format("%-d %B %Y, %H:%M %Z")
                .to_string(),
        ),
        (
            l.text("email-staff-contact"),
            l.text(if facts.wants_contact {
                "email-staff-yes"
            } else {
                "email-staff-no"
            }),
        ),
    ]
}

/// The notification to one staff recipient; `urgent` makes it the safeguarding escalation.
pub fn staff_notification(
    settings: &NotifySettings,
    facts: &Facts,
    to: &str,
    urgent: bool,
) -> Email {
    let l = staff_locale();
    let kind = l
        .text(&format!("kind-{}", facts.kind.slug()))
        .to_lowercase();
    let topic = l.text(&format!("topic-{}", facts.topic.slug()));
    let subject_args = args(&[
        ("kind", kind),
        ("topic", topic),
        ("reference", facts.reference.to_string()),
    ]);
    let subject = l.text_args(
        if urgent {
            "email-urgent-subject"
        } else {
            "email-staff-subject"
        },
        &subject_args,
    );
    let intro = l.text(if urgent {
        "email-urgent-intro"
    } else {
        "email-staff-intro"
    });
    let message = settings.include_message.then(|| facts.message.clone());
    item_email(
        settings,
        &l,
        ItemEmail {
            to,
            reference: &facts.reference,
            subject,
            intro,
            alarm: urgent,
            rows: staff_rows(facts, &l),
            message,
            date: facts.received,
        },
    )
}

/// A staff email about one item: an intro, a table of its facts, the message only where
/// `PORTAL_MAIL_INCLUDE_MESSAGE` allows it, and the link. The notification of a new
/// submission and the assignment email are both this shape.
pub(super) struct ItemEmail<'a> {
    pub to: &'a str,
    pub reference: &'a Reference,
    pub subject: String,
    pub intro: String,
    /// The intro in bold red, for urgent items.
    pub alarm: bool,
    pub rows: Vec<(String, String)>,
    pub message: Option<String>,
    pub date: DateTime<Utc>,
}

pub(super) fn item_email(settings: &NotifySettings, l: &Locale, e: ItemEmail<'_>) -> Email {
    let ItemEmail {
        to,
        reference,
        subject,
        intro,
        alarm,
        rows,
        message,
        date,
    } = e;
    let link = settings.base_url_link(&format!("/staff/submissions/{}", reference.as_str()));
    let mut text = format!("{intro}\n\n");
    for (k, v) in &rows {
        text.push_str(&format!("{k}: {v}\n"));
    }
    if let Some(m) = &message {
        text.push_str(&format!("\n{}:\n{m}\n", l.text("email-staff-message")));
    } else {
        text.push_str(&format!("\n{}\n", l.text("email-staff-privacy")));
    }
    text.push_str(&format!(
        "\n{}: {link}\n\n-- \n{}\n",
        l.text("email-staff-open"),
        l.text("email-staff-footer")
    ));
    let html = render_html(l, move || {
        view! {
            <EmailShell>
                <p style=if alarm { "color:#d5281b;font-weight:bold" } else { "" }>{intro}</p>
                <table role="presentation" style="border-collapse:collapse">
                    {rows.into_iter().map(|(k, v)| view! {
                        <tr>
                            <th scope="row" style="text-align:start;padding:4px 16px 4px 0;vertical-align:top">{k}</th>
                            <td style="padding:4px 0">{v}</td>
                        </tr>
                    }).collect_view()}
                </table>
                {match message {
                    Some(m) => view! {
                        <h2 style="font-size:19px">{t("email-staff-message")}</h2>
                        <p style="white-space:pre-wrap">{m}</p>
                    }.into_any(),
                    None => view! { <p>{t("email-staff-privacy")}</p> }.into_any(),
                }}
                <p><a href=link.clone() style="color:#005eb8;font-weight:bold">{t("email-staff-open")}</a></p>
                <p style="color:#4c6272;font-size:14px">{t("email-staff-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, date)
}

/// The confirmation a resident gets when they gave an email address and agreed to contact.
pub fn resident_confirmation(
    settings: &NotifySettings,
    facts: &Facts,
    locale: &Locale,
    to: &str,
    tracking_link: &str,
) -> Email {
    let reference = facts.reference.to_string();
    let subject = locale.text_args(
        "email-resident-subject",
        &args(&[("reference", reference.clone())]),
    );
    let lines = [
        locale.text("email-resident-greeting"),
        locale.text_args(
            "email-resident-reference",
            &args(&[("reference", reference)]),
        ),
        locale.text("email-resident-next"),
    ];
    let text = format!(
        "{}\n\n{}\n\n{}\n\n{}\n{tracking_link}\n{}\n\n{}\n\n-- \n{}\n",
        lines[0],
        lines[1],
        lines[2],
        locale.text("email-resident-track"),
        locale.text("email-resident-private"),
        locale.text("email-resident-urgent"),
        locale.text("email-resident-footer"),
    );
    let link = tracking_link.to_owned();
    let html = render_html(locale, move || {
        view! {
            <EmailShell>
                {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                <p>{t("email-resident-track")}</p>
                <LinkLine link=link.clone()/>
                <p>{t("email-resident-private")}</p>
                <p style="border-inline-start:6px solid #005eb8;padding-inline-start:12px">{t("email-resident-urgent")}</p>
                <p style="color:#4c6272;font-size:14px">{t("email-resident-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, facts.received)
}

/// A plain, readable HTML email in the page language.
#[component]
pub(super) fn EmailShell(children: Children) -> impl IntoView {
    let locale = expect_context::<Locale>();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code().to_owned() dir=locale.dir()>
            <head>
                <meta charset="utf-8"/>
                <title>{t("service-name")}</title>
            </head>
            <body style="font-family:system-ui,'Noto Sans','Noto Sans Bengali',Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32;max-width:600px;margin:0 auto;padding:16px">
                <p style="background:#005eb8;color:#ffffff;font-weight:bold;padding:12px 16px;margin:0 0 16px">{t("service-name")}</p>
                {children()}
            </body>
        </html>
    }
}

/// A staff reply, to a resident who agreed to be contacted, in their language: the reply
/// itself (staff's own words to the resident) and the private tracking link again, to read
/// the whole conversation and answer. `link` is `None` only for a submission made before
/// links were kept sealed: the email then points to the link they were given.
pub fn reply_to_resident(
    settings: &NotifySettings,
    locale: &Locale,
    to: &str,
    reference: &Reference,
    body: &str,
    link: Option<&str>,
) -> Email {
    let subject = locale.text_args(
        "email-reply-subject",
        &args(&[("reference", reference.to_string())]),
    );
    let intro = locale.text("email-reply-intro");
    let track = match link {
        Some(_) => locale.text("email-reply-track-link"),
        None => locale.text("email-reply-track"),
    };
    let shown_link = link.map(|l| format!("\n{l}")).unwrap_or_default();
    let text = format!(
        "{intro}\n\n{body}\n\n{track}{shown_link}\n\n{}\n\n-- \n{}\n",
        locale.text("email-resident-urgent"),
        locale.text("email-resident-footer")
    );
    let body = body.to_owned();
    let link = link.map(str::to_owned);
    let html = render_html(locale, move || {
        view! {
            <EmailShell>
                <p>{intro}</p>
                <p style="white-space:pre-wrap;border-inline-start:6px solid #005eb8;padding-inline-start:12px">{body}</p>
                <p>{track}</p>
                {link.clone().map(|link| view! { <LinkLine link=link/> })}
                <p>{t("email-resident-urgent")}</p>
                <p style="color:#4c6272;font-size:14px">{t("email-resident-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, chrono::Utc::now())
}

/// The tracking link sent again to the contact given with the submission, in the language
/// of the page that asked.
pub fn tracking_link_again(
    settings: &NotifySettings,
    locale: &Locale,
    to: &str,
    reference: &Reference,
    link: &str,
) -> Email {
    let subject = locale.text_args(
        "email-link-again-subject",
        &args(&[("reference", reference.to_string())]),
    );
    let intro = locale.text_args(
        "email-link-again-intro",
        &args(&[("reference", reference.to_string())]),
    );
    let text = format!(
        "{intro}\n{link}\n\n{}\n\n{}\n\n-- \n{}\n",
        locale.text("email-resident-private"),
        locale.text("email-link-again-not-you"),
        locale.text("email-resident-footer")
    );
    let link = link.to_owned();
    let html = render_html(locale, move || {
        view! {
            <EmailShell>
                <p>{intro}</p>
                <LinkLine link=link.clone()/>
                <p>{t("email-resident-private")}</p>
                <p>{t("email-link-again-not-you")}</p>
                <p style="color:#4c6272;font-size:14px">{t("email-resident-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, chrono::Utc::now())
}

/// A private link is one long word: it breaks anywhere rather than widen the email past a
/// 320 px screen.
#[component]
fn LinkLine(link: String) -> impl IntoView {
    view! {
        <p style="overflow-wrap:anywhere;word-break:break-all"><a href=link.clone() style="color:#005eb8;font-weight:bold">{link.clone()}</a></p>
    }
}

/// An account invitation or password reset: the one-time link, in English (staff language).
pub fn account_link(
    settings: &NotifySettings,
    to: &str,
    link: &str,
    subject_key: &str,
    body_key: &str,
) -> Email {
    let l = staff_locale();
    let subject = l.text(subject_key);
    let body = l.text(body_key);
    let text = format!("{body}\n\n{link}\n\n-- \n{}\n", l.text("title-suffix"));
    let link = link.to_owned();
    let html = render_html(&l, move || {
        view! {
            <EmailShell>
                <p>{body}</p>
                <p><a href=link.clone() style="color:#005eb8;font-weight:bold">{link.clone()}</a></p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, chrono::Utc::now())
}
