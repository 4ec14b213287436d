//! Telling people about submissions: staff notifications routed by practice and topic, the
//! resident's confirmation, and the urgent escalation. Every email goes through the outbox
//! (written in the submission's own transaction) and is delivered by the worker; a request
//! never talks to a mail server.

pub mod digest;
pub mod emails;
pub mod escalation;
pub mod mailer;
pub mod outbox;
pub mod relay;
pub mod routing;
pub mod sms;
pub mod staff_emails;
pub mod texts;
pub mod urgent;
pub mod worker;

use crate::domain::{NewSubmission, TrackingToken};
use crate::i18n::Locale;
use emails::Facts;
use lettre::message::Mailbox;
use outbox::{EmailKind, Outgoing};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct NotifySettings {
    pub from: Mailbox,
    /// The central triage inbox: told about every submission.
    pub triage: String,
    /// Told at once about urgent submissions; the triage inbox when not set.
    pub safeguarding: Option<String>,
    /// Put the message text in staff emails (only where mail is secure, such as NHSmail to NHSmail).
    pub include_message: bool,
    pub max_attempts: i32,
    pub retry_base: Duration,
    pub poll_interval: Duration,
    /// How long a claimed message is reserved for its worker. A worker that dies mid-send
    /// (killed, power cut) leaves its claims behind: after this they are sent again.
    pub lease: Duration,
    /// How long an urgent item may go unseen before the safeguarding contact is reminded.
    pub urgent_ack_after: Duration,
    /// When the daily digest goes (London time), or never.
    pub digest: digest::DigestTime,
    /// The working days a reply is due within, for the digest's due dates.
    pub reply_target_days: u32,
    pub base_url: url::Url,
}

impl NotifySettings {
    /// Where urgent and safeguarding emails go: the safeguarding contact, else the triage inbox.
    pub fn safeguarding_inbox(&self) -> &str {
        self.safeguarding.as_deref().unwrap_or(&self.triage)
    }

    pub fn base_url_link(&self, path: &str) -> String {
        format!("{}{}", self.base_url.as_str().trim_end_matches('/'), path)
    }
}

/// Every message a new submission causes, rendered before its transaction so the write
/// holds the database for as short a time as it can: the staff notifications (one per
/// routing recipient), the urgent escalation, and the resident's confirmation when they
/// asked for contact: by email, or by text when they gave only a mobile number.
pub fn emails_for_new_submission(
    settings: &NotifySettings,
    token: &TrackingToken,
    new: &NewSubmission,
    facts: &Facts,
    staff_recipients: &[String],
) -> Vec<Outgoing> {
    let mut out = Vec::new();
    if let Some((first, others)) = staff_recipients.split_first() {
        // Nothing in the notification depends on whom it goes to: it is written once and
        // copied, each copy with its own address and Message-ID.
        let email = emails::staff_notification(settings, facts, first, false);
        let copies: Vec<_> = others
            .iter()
            .map(|to| emails::copy_to(settings, &email, to))
            .collect();
        out.extend(
            std::iter::once(email)
                .chain(copies)
                .map(|email| Outgoing::Email(EmailKind::StaffNotification, email)),
        );
    }
    if facts.urgent {
        let to = settings.safeguarding_inbox();
        let email = emails::staff_notification(settings, facts, to, true);
        out.push(Outgoing::Email(EmailKind::UrgentEscalation, email));
    }
    if new.contact_consent {
        let locale = Locale::from_code(&new.language).unwrap_or_else(Locale::english);
        let link = settings.base_url_link(&format!("/track/{}", token.as_str()));
        match (&new.email, &new.phone) {
            (Some(address), _) => {
                let email = emails::resident_confirmation(
                    settings,
                    facts,
                    &locale,
                    address.as_str(),
                    &link,
                );
                out.push(Outgoing::Email(EmailKind::ResidentConfirmation, email));
            }
            (None, Some(phone)) => {
                let text = texts::confirmation(&locale, phone.as_str(), &facts.reference, &link);
                out.push(Outgoing::Text(EmailKind::ResidentConfirmation, text));
            }
            (None, None) => {}
        }
    }
    out
}

/// How a resident who asked to hear back is reached: their email address, else their
/// mobile number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResidentContact {
    Email(String),
    Text(String),
}

impl ResidentContact {
    /// From what the submission holds: nothing without consent.
    pub fn of(consent: bool, email: Option<&str>, phone: Option<&str>) -> Option<Self> {
        if !consent {
            return None;
        }
        match (email, phone) {
            (Some(e), _) => Some(ResidentContact::Email(e.to_owned())),
            (None, Some(p)) => Some(ResidentContact::Text(p.to_owned())),
            (None, None) => None,
        }
    }
}
