//! Domain types: input is parsed once, at the edge, into these. Code past the edge never
//! re-checks a `Message` or a `ContactEmail`; it cannot hold an invalid one.

mod choice;
mod contact;
mod london;
mod reference;
#[cfg(feature = "ssr")]
mod role;
mod submission;
mod text;
mod token;
mod working_days;

/// For closed lists kept beside their feature.
#[cfg(feature = "ssr")]
pub(crate) use choice::choice;
pub use choice::{Channel, Kind, Priority, Status, Topic};
pub use contact::{ContactEmail, InvalidEmail, InvalidPhone, PhoneNumber, ServicePhone};
pub use london::{london, london_date, london_midnight, london_time, london_today};
pub use reference::{Reference, ReferenceError};
#[cfg(feature = "ssr")]
pub use role::{Role, TwoFactorRequirement};
pub use submission::{Choices, NewSubmission, Practice, PracticeChoice};
pub use text::{ContactName, Message, TextError, MESSAGE_MAX_CHARS, NAME_MAX_CHARS};
pub use token::{MalformedToken, TrackingToken};
pub use working_days::{add_working_days, is_working_day, last_day_overdue_on, working_days};
