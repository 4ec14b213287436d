//! Saving an item's status, priority and assignee, with a note if one was typed, in one
//! transaction; and the email that tells a new assignee, which bulk assignment sends too.

use super::{back_to, list, load, staff_text, store};
use crate::domain::{Priority, Status};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{outbox, staff_emails};
use crate::staff::accounts;
use crate::staff::guard::{CsrfForm, Staff};
use crate::state::AppState;
use crate::ui::FieldError;
use axum::{
    extract::{Path, State},
    response::Response,
    routing::post,
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/submissions/{reference}/update", post(update))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct UpdateForm {
    status: String,
    priority: String,
    assignee: String,
    /// A note saved with the change, so nothing typed is lost; empty for none.
    note: String,
}

async fn update(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<UpdateForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let status = Status::parse(&form.status).ok_or(PageError::BadRequest)?;
    let priority = Priority::parse(&form.priority).ok_or(PageError::BadRequest)?;
    let staff = accounts::assignable(&state.db).await?;
    let assignee = match form.assignee.as_str() {
        "" => None,
        id => {
            let id: i64 = id.parse().map_err(|_| PageError::BadRequest)?;
            Some(
                staff
                    .iter()
                    .find(|a| a.id == id)
                    .ok_or(PageError::BadRequest)?,
            )
        }
    };
    let note = match form.note.trim() {
        "" => None,
        text => match staff_text(text) {
            Ok(note) => Some(note),
            // Nothing is saved: the page comes back with the note kept and what to fix.
            Err(_) => {
                let shown = super::Shown {
                    problems: vec![FieldError {
                        field: "note",
                        message: locale.text("item-note-error"),
                    }],
                    note: form.note.clone(),
                    ..super::Shown::default()
                };
                return super::render_item(&state, &locale, user, item, shown).await;
            }
        },
    };
    let mut tx = state.db.begin().await?;
    store::update(
        &mut tx,
        &user.actor(),
        &item,
        status,
        priority,
        assignee.map(|a| a.id),
    )
    .await?;
    if let Some(note) = &note {
        store::add_note(&mut tx, &user.actor(), &item, note.as_str()).await?;
    }
    let newly_assigned =
        assignee.filter(|a| item.assignee_id != Some(a.id) && a.id != user.account.id);
    if let Some(to) = newly_assigned {
        queue_assignment_email(&state, &mut tx, &item, status, to, &user.account.name).await?;
    }
    tx.commit().await?;
    if newly_assigned.is_some() {
        state.outbox_wake.notify_one();
    }
    Ok(back_to(&item))
}

/// Tells `to` the item is theirs, in the transaction that assigns it. Assigning an item to
/// yourself sends nothing: you know.
pub(super) async fn queue_assignment_email(
    state: &AppState,
    tx: &mut crate::db::Tx,
    item: &store::Item,
    status: Status,
    to: &accounts::Account,
    by: &str,
) -> Result<(), sqlx::Error> {
    let due = list::OPEN.contains(&status).then(|| {
        crate::domain::add_working_days(
            crate::domain::london_date(item.created_at),
            state.settings.reply_target_days,
        )
    });
    let email = staff_emails::item_assigned(
        &state.notify,
        &to.email,
        &staff_emails::Assigned {
            reference: &item.reference,
            kind: item.kind,
            topic: item.topic,
            due,
            by,
            message: &item.message,
        },
    );
    outbox::enqueue(tx, outbox::EmailKind::Assignment, &email, Some(item.id)).await
}
