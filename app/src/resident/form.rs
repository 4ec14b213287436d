//! The feedback form as posted, and its validation into a [`NewSubmission`].
//!
//! Field names are a contract (the issue tracker and other clients rely on them): `kind`,
//! `topic`, `practice`, `message`, `name`, `email`, `phone`, `contact_consent`,
//! `publish_consent`, and the honeypot `website`.

use crate::domain::{
    Channel, ContactEmail, ContactName, Kind, Message, PhoneNumber, TextError, Topic,
    MESSAGE_MAX_CHARS, NAME_MAX_CHARS,
};
use crate::i18n::Locale;
use crate::ui::FieldError;
use serde::Deserialize;

/// The form value for "I am not sure" in the practice list.
pub const PRACTICE_NOT_SURE: &str = "not-sure";

/// Everything as typed. Every field defaults to empty, so a missing field is a validation
/// message, never a rejected request.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    pub kind: String,
    pub topic: String,
    pub practice: String,
    pub message: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub contact_consent: Option<String>,
    pub publish_consent: Option<String>,
    /// The honeypot: hidden from people, filled in by careless bots.
    pub website: String,
    /// When the form was drawn, signed (see `timing`); absent for scripted posts.
    pub started: String,
    /// Assisted submissions only: how the feedback reached staff, and the resident's
    /// language (the staff session's CSRF token is checked by `CsrfForm` before this is read).
    pub channel: String,
    pub language: String,
}

pub use crate::domain::{Choices, NewSubmission, Practice, PracticeChoice};

impl FeedbackForm {
    /// Checks every rule and reports every problem at once, in the order of the fields on
    /// the page, so the error summary reads top to bottom. `topics` are those admins have
    /// left switched on.
    pub fn validate(
        &self,
        practices: &[Practice],
        topics: &[Topic],
        locale: &Locale,
    ) -> Result<NewSubmission, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut error =
            |field: &'static str, message: String| errors.push(FieldError { field, message });

        let kind = Kind::parse(self.kind.trim());
        if kind.is_none() {
            error("kind", locale.text("error-kind-missing"));
        }
        let topic = Topic::parse(self.topic.trim()).filter(|t| topics.contains(t));
        if topic.is_none() {
            error("topic", locale.text("error-topic-missing"));
        }
        let practice = match self.practice.trim() {
            "" => Some(PracticeChoice::NotGiven),
            PRACTICE_NOT_SURE => Some(PracticeChoice::NotSure),
            code => practices
                .iter()
                .find(|p| p.code == code)
                .map(|p| PracticeChoice::Practice {
                    id: p.id,
                    name: p.name.clone(),
                }),
        };
        if practice.is_none() {
            error("practice", locale.text("error-practice-invalid"));
        }
        let message = match Message::parse(&self.message) {
            Ok(m) => Some(m),
            Err(TextError::Empty) => {
                error("message", locale.text("error-message-missing"));
                None
            }
            Err(TextError::TooLong) => {
                let count = self.message.trim().chars().count();
                error(
                    "message",
                    locale.text_args(
                        "error-message-too-long",
                        &[("max", MESSAGE_MAX_CHARS.into()), ("count", count.into())],
                    ),
                );
                None
            }
            Err(TextError::ControlCharacters) => {
                error("message", locale.text("error-message-control"));
                None
            }
        };

        let name = optional(&self.name, ContactName::parse).map_err(|e| match e {
            TextError::TooLong => {
                locale.text_args("error-name-too-long", &[("max", NAME_MAX_CHARS.into())])
            }
            TextError::Empty | TextError::ControlCharacters => locale.text("error-name-control"),
        });
        let name = name.unwrap_or_else(|m| {
            error("name", m);
            None
        });
        let email = optional(&self.email, ContactEmail::parse).unwrap_or_else(|_| {
            error("email", locale.text("error-email-invalid"));
            None
        });
        let phone = optional(&self.phone, PhoneNumber::parse).unwrap_or_else(|_| {
            error("phone", locale.text("error-phone-invalid"));
            None
        });

        let contact_consent = self.contact_consent.is_some();
        let any_contact_typed = [&self.name, &self.email, &self.phone]
            .iter()
            .any(|f| !f.trim().is_empty());
        if any_contact_typed && !contact_consent {
            error("contact_consent", locale.text("error-consent-missing"));
        }
        if contact_consent && self.email.trim().is_empty() && self.phone.trim().is_empty() {
            error("email", locale.text("error-contact-method-missing"));
        }
        if let Some(message) = &message {
            let links = count_links(message.as_str());
            if links > MAX_LINKS {
                error(
                    "message",
                    locale.text_args("error-message-links", &[("max", MAX_LINKS.into())]),
                );
            }
        }
        if !self.website.is_empty() {
            error("website", locale.text("error-honeypot"));
        }

        match (kind, topic, practice, message) {
            (Some(kind), Some(topic), Some(practice), Some(message)) if errors.is_empty() => {
                Ok(NewSubmission {
                    kind,
                    topic,
                    practice,
                    message,
                    name,
                    email,
                    phone,
                    contact_consent,
                    publish_consent: self.publish_consent.is_some(),
                    language: locale.code().to_owned(),
                    channel: Channel::Web,
                })
            }
            _ => Err(errors),
        }
    }
}

/// More links than this in one message is what spam looks like; residents rarely need any.
pub const MAX_LINKS: usize = 3;

/// Web addresses in a text: each `http://`, `https://` or `www.`, in any case.
pub fn count_links(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower.matches("http://").count()
        + lower.matches("https://").count()
        + lower
            .match_indices("www.")
            .filter(|(i, _)| !lower[..*i].ends_with("//"))
            .count()
}

/// An optional field: empty means not given; anything else must parse.
fn optional<T, E>(input: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}
