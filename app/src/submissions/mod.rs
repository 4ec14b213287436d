//! Accepting a submission: the one use case behind the resident's form and staff's assisted
//! entry. It decides whether the message is urgent, who is told (the routing rules), what the
//! emails say, and stores the row with every email it causes in one transaction.

pub mod group;
mod store;

pub use group::Committer;
pub use store::{close_batch, open_batch};

use crate::db::Database;
use crate::domain::{NewSubmission, PracticeChoice, Priority, Reference, TrackingToken};
use crate::notify::{self, emails::Facts, NotifySettings};
use chrono::Utc;

/// A submission has just been stored: the only moment its token exists in clear.
#[derive(Debug)]
pub struct Created {
    pub id: i64,
    pub reference: Reference,
    pub token: TrackingToken,
    pub urgent: bool,
    /// How many emails were queued with it.
    pub emails: usize,
}

/// Stores a submission with every email it causes, in one transaction shared with the other
/// submissions arriving at the same moment (see [`group`]), and returns once that
/// transaction is committed: the reference the resident is then shown always points at a
/// durable row, and no acknowledged submission can be missing its notifications. A clash
/// of random references (one in tens of billions) is retried with a new one.
///
/// The caller wakes the outbox worker afterwards; the emails are already safe in the outbox.
#[tracing::instrument(skip_all)]
pub async fn submit(
    committer: &Committer,
    db: &Database,
    settings: &NotifySettings,
    key: &crate::seal::SealingKey,
    routing: &crate::ui::Kept<notify::routing::Rules>,
    new: &NewSubmission,
    photos: Vec<crate::photos::CleanPhoto>,
) -> Result<Created, sqlx::Error> {
    let (practice_id, practice, practice_unsure) = match &new.practice {
        PracticeChoice::NotGiven => (None, None, false),
        PracticeChoice::NotSure => (None, None, true),
        PracticeChoice::Practice { id, name } => (Some(*id), Some(name.clone()), false),
    };
    let urgent = notify::urgent::is_urgent(new.message.as_str());
    let photos = std::sync::Arc::new(photos);
    let recipients = routing
        .get_or_load("active", || notify::routing::Rules::load(db))
        .await?
        .recipients(&settings.triage, practice_id, new.topic);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let reference = Reference::generate();
        let token = TrackingToken::generate();
        let now = Utc::now();
        let facts = Facts {
            reference: reference.clone(),
            kind: new.kind,
            topic: new.topic,
            practice: practice.clone(),
            practice_unsure,
            received: now,
            wants_contact: new.contact_consent,
            message: new.message.as_str().to_owned(),
            urgent,
        };
        let emails = notify::emails_for_new_submission(settings, &token, new, &facts, &recipients);
        let queued = emails.len();
        // Compressed here, by each request, not by the one task that writes the batch.
        let packed = if notify::outbox::packs(db.backend()) {
            notify::outbox::pack_all(&emails)
        } else {
            Vec::new()
        };
        let job = group::Job {
            reference: reference.clone(),
            token: token.clone(),
            new: new.clone(),
            practice_id,
            practice_unsure,
            priority: if urgent {
                Priority::Urgent
            } else {
                Priority::Normal
            },
            now,
            token_sealed: key.seal_token(&reference, &token),
            emails,
            packed,
            photos: photos.clone(),
        };
        match committer.write(job).await {
            Ok(id) => {
                return Ok(Created {
                    id,
                    reference,
                    token,
                    urgent,
                    emails: queued,
                })
            }
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && attempts < 5 => {
                tracing::warn!("reference clash, trying another");
            }
            Err(e) => return Err(e),
        }
    }
}
