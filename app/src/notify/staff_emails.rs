//! The emails staff are sent about an item they must act on: a safeguarding flag, an urgent
//! item nobody has marked as seen, an item assigned to them. Rendered once, when queued.

use super::emails::{args, email, item_email, staff_locale, EmailShell, ItemEmail};
use super::{mailer::Email, NotifySettings};
use crate::domain::Reference;
use crate::i18n::{t, Locale};
use crate::ui::render_html;
use leptos::prelude::*;

/// Tells the safeguarding contact that a member of staff flagged a concern. Who flagged it
/// and the link, not the reason or the message: those are read in the portal.
pub fn safeguarding_flagged(
    settings: &NotifySettings,
    to: &str,
    reference: &Reference,
    who: &str,
) -> Email {
    let l = staff_locale();
    let subject = l.text_args(
        "email-safeguarding-subject",
        &args(&[("reference", reference.to_string())]),
    );
    let intro = l.text_args(
        "email-safeguarding-intro",
        &args(&[("who", who.to_owned())]),
    );
    alert(settings, &l, to, reference, subject, intro)
}

/// The reminder to the safeguarding contact about an urgent item nobody has said they have
/// seen within `minutes`. The link, not the message.
pub fn urgent_unseen(
    settings: &NotifySettings,
    to: &str,
    reference: &Reference,
    minutes: u64,
) -> Email {
    let l = staff_locale();
    let subject = l.text_args(
        "email-urgent-unseen-subject",
        &args(&[("reference", reference.to_string())]),
    );
    let intro = l.text_args(
        "email-urgent-unseen-intro",
        &args(&[("minutes", minutes.to_string())]),
    );
    alert(settings, &l, to, reference, subject, intro)
}

/// A safeguarding alert: one line in red and the link to the item, nothing else.
fn alert(
    settings: &NotifySettings,
    l: &Locale,
    to: &str,
    reference: &Reference,
    subject: String,
    intro: String,
) -> Email {
    let link = settings.base_url_link(&format!("/staff/submissions/{}", reference.as_str()));
    let text = format!(
        "{intro}\n\n{}: {link}\n\n-- \n{}\n",
        l.text("email-staff-open"),
        l.text("email-staff-footer")
    );
    let html = render_html(l, move || {
        view! {
            <EmailShell>
                <p style="color:#d5281b;font-weight:bold">{intro}</p>
                <p><a href=link.clone() style="color:#005eb8;font-weight:bold">{t("email-staff-open")}</a></p>
                <p style="color:#4c6272;font-size:14px">{t("email-staff-footer")}</p>
            </EmailShell>
        }
    });
    email(settings, to, subject, text, html, chrono::Utc::now())
}

/// What an assignment email says about the item.
pub struct Assigned<'a> {
    pub reference: &'a Reference,
    pub kind: crate::domain::Kind,
    pub topic: crate::domain::Topic,
    /// When the reply is due, while the item is open.
    pub due: Option<chrono::NaiveDate>,
    /// Who assigned it.
    pub by: &'a str,
    pub message: &'a str,
}

/// Tells a member of staff an item is theirs now: its reference, topic, due date and link;
/// the message only where `PORTAL_MAIL_INCLUDE_MESSAGE` allows it.
pub fn item_assigned(settings: &NotifySettings, to: &str, item: &Assigned<'_>) -> Email {
    let l = staff_locale();
    let topic = l.text(&format!("topic-{}", item.topic.slug()));
    let kind = l.text(&format!("kind-{}", item.kind.slug()));
    let subject = l.text_args(
        "email-assigned-subject",
        &args(&[
            ("reference", item.reference.to_string()),
            ("topic", topic.clone()),
        ]),
    );
    let intro = l.text_args(
        "email-assigned-intro",
        &args(&[("who", item.by.to_owned())]),
    );
    let mut rows = vec![
        (l.text("email-staff-reference"), item.reference.to_string()),
        (l.text("email-staff-kind"), kind),
        (l.text("email-staff-topic"), topic),
    ];
    if let Some(due) = item.due {
        rows.push((
            l.text("email-assigned-due"),
            due.format("%-d %B %Y").to_string(),
        ));
    }
    item_email(
        settings,
        &l,
        ItemEmail {
            to,
            reference: item.reference,
            subject,
            intro,
            alarm: false,
            rows,
            message: settings.include_message.then(|| item.message.to_owned()),
            date: chrono::Utc::now(),
        },
    )
}

/// Tells the assignee (or the triage inbox) that the resident added to their message: the
/// reference and link; the words only where `PORTAL_MAIL_INCLUDE_MESSAGE` allows it.
pub fn resident_added(
    settings: &NotifySettings,
    to: &str,
    reference: &Reference,
    added: &str,
) -> Email {
    let l = staff_locale();
    let subject = l.text_args(
        "email-resident-added-subject",
        &args(&[("reference", reference.to_string())]),
    );
    item_email(
        settings,
        &l,
        ItemEmail {
            to,
            reference,
            subject,
            intro: l.text("email-resident-added-intro"),
            alarm: false,
            rows: vec![(l.text("email-staff-reference"), reference.to_string())],
            message: settings.include_message.then(|| added.to_owned()),
            date: chrono::Utc::now(),
        },
    )
}
