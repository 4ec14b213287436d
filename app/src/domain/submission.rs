//! A submission once every rule has passed: what the resident form and assisted entry hand
//! to storage and to notify. It lives here, below both, so notify needs nothing from the
//! resident journey.

use super::{Channel, ContactEmail, ContactName, Kind, Message, PhoneNumber, Topic};

/// A GP practice a resident can choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub network: String,
}

/// What a resident chooses from on the form: the active practices and topics.
#[derive(Debug, Clone)]
pub struct Choices {
    pub practices: Vec<Practice>,
    pub topics: Vec<Topic>,
}

/// The practice question's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PracticeChoice {
    NotGiven,
    NotSure,
    /// A listed practice, with the name the resident saw, so the emails need no second read.
    Practice {
        id: i64,
        name: String,
    },
}

/// A submission that passed every rule, ready to store.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub kind: Kind,
    pub topic: Topic,
    pub practice: PracticeChoice,
    pub message: Message,
    pub name: Option<ContactName>,
    pub email: Option<ContactEmail>,
    pub phone: Option<PhoneNumber>,
    pub contact_consent: bool,
    pub publish_consent: bool,
    pub language: String,
    pub channel: Channel,
}
