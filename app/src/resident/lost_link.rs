//! "Lost the link?": a resident gives the reference and the email address or mobile number
//! they gave with it; when both match a submission, its tracking link is sent again to that
//! contact (by email, or by text where only a number was given). The page answers the same
//! whether or not they match, so it tells nobody whether a reference exists or whose it is,
//! and it is rate-limited (see `site::limits`).
//!
//! The link is the submission's own, opened from its sealed copy; a submission made before
//! tokens were sealed gets a new token (its old link stops working, which is what a resident
//! who lost it wants anyway).

use crate::audit::{self, Actor, AuditAction};
use crate::db::{self, Tx};
use crate::domain::{ContactEmail, PhoneNumber, Reference, TrackingToken};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{emails, outbox, texts, NotifySettings, ResidentContact};
use crate::seal::SealingKey;
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{rejection::FormRejection, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Form, Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/track", get(ask).post(send))
        .route("/track-sent", get(sent))
}

/// `contact` is the one field the page shows; `email` and `phone` are read too, for
/// clients that send them apart.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LostLinkForm {
    pub reference: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
}

/// What the resident typed, parsed: the reference and one way to reach them.
struct Asked {
    reference: Reference,
    contact: Given,
}

enum Given {
    Email(ContactEmail),
    Phone(PhoneNumber),
}

impl LostLinkForm {
    fn check(&self, locale: &Locale) -> Result<Asked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let reference = Reference::parse(self.reference.trim()).ok();
        if reference.is_none() {
            errors.push(FieldError {
                field: "reference",
                message: locale.text(if self.reference.trim().is_empty() {
                    "lost-error-reference-missing"
                } else {
                    "lost-error-reference-invalid"
                }),
            });
        }
        let typed = [&self.contact, &self.email, &self.phone]
            .into_iter()
            .map(|f| f.trim())
            .find(|f| !f.is_empty());
        let contact = match typed {
            None => None,
            Some(t) if t.contains('@') => ContactEmail::parse(t).ok().map(Given::Email),
            Some(t) => PhoneNumber::parse(t).ok().map(Given::Phone),
        };
        if contact.is_none() {
            errors.push(FieldError {
                field: "contact",
                message: locale.text(if typed.is_none() {
                    "lost-error-contact-missing"
                } else {
                    "lost-error-contact-invalid"
                }),
            });
        }
        match (reference, contact) {
            (Some(reference), Some(contact)) => Ok(Asked { reference, contact }),
            _ => Err(errors),
        }
    }
}

async fn ask(locale: Locale) -> Response {
    page(&locale, LostLinkForm::default(), vec![])
}

fn page(locale: &Locale, form: LostLinkForm, errors: Vec<FieldError>) -> Response {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_page(locale, status, move || {
        leptos::prelude::view! { <super::pages::LostLinkPage form=form errors=errors/> }
    })
}

async fn sent(locale: Locale) -> Response {
    render_page(&locale, StatusCode::OK, || {
        leptos::prelude::view! { <super::pages::LinkSentPage/> }
    })
}

#[tracing::instrument(skip_all)]
async fn send(
    State(state): State<AppState>,
    locale: Locale,
    form: Result<Form<LostLinkForm>, FormRejection>,
) -> Result<Response, PageError> {
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => return Ok(rejection.status().into_response()),
    };
    let asked = match form.check(&locale) {
        Ok(asked) => asked,
        Err(errors) => return Ok(page(&locale, form, errors)),
    };
    let mut tx = state.db.begin().await?;
    let queued = resend(
        &mut tx,
        &state.notify,
        &state.settings.sealing_key,
        &locale,
        &asked,
    )
    .await?;
    if queued {
        tx.commit().await?;
        state.outbox_wake.notify_one();
    } else {
        tx.rollback().await?;
    }
    tracing::info!(matched = queued, "tracking link asked for again");
    Ok(Redirect::to("/track-sent").into_response())
}

#[derive(sqlx::FromRow)]
struct Found {
    id: i64,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    token_sealed: Option<Vec<u8>>,
}

/// Queues the link when the reference and contact match; answers whether they did.
async fn resend(
    tx: &mut Tx,
    settings: &NotifySettings,
    key: &SealingKey,
    locale: &Locale,
    asked: &Asked,
) -> Result<bool, sqlx::Error> {
    let found: Option<Found> = db::query(
        "SELECT id, contact_email, contact_phone, token_sealed FROM submissions WHERE reference = $1",
    )
    .bind(asked.reference.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(found) = found else {
        return Ok(false);
    };
    // The link goes to the contact that was typed, and only when it is the one given.
    let to = match &asked.contact {
        Given::Email(e) => found
            .contact_email
            .filter(|stored| stored.eq_ignore_ascii_case(e.as_str()))
            .map(ResidentContact::Email),
        Given::Phone(p) => found
            .contact_phone
            .filter(|stored| stored == p.as_str())
            .map(ResidentContact::Text),
    };
    let Some(to) = to else {
        return Ok(false);
    };
    let token = match found
        .token_sealed
        .and_then(|sealed| key.open_token(&asked.reference, &sealed))
    {
        Some(token) => token,
        None => replace_token(tx, key, found.id, &asked.reference).await?,
    };
    let link = settings.base_url_link(&format!("/track/{}", token.as_str()));
    let message = match to {
        ResidentContact::Email(address) => outbox::Outgoing::Email(
            outbox::EmailKind::TrackingLink,
            emails::tracking_link_again(settings, locale, &address, &asked.reference, &link),
        ),
        ResidentContact::Text(number) => outbox::Outgoing::Text(
            outbox::EmailKind::TrackingLink,
            texts::tracking_link(locale, &number, &asked.reference, &link),
        ),
    };
    outbox::queue(tx, &message, Some(found.id)).await?;
    let resident = Actor {
        id: None,
        email: Some("resident (lost link page)".to_owned()),
    };
    audit::record_in(
        tx,
        &resident,
        AuditAction::TrackingLinkSent,
        Some(asked.reference.as_str()),
        "",
    )
    .await?;
    Ok(true)
}

/// A new token for a submission whose link cannot be opened from the database.
async fn replace_token(
    tx: &mut Tx,
    key: &SealingKey,
    id: i64,
    reference: &Reference,
) -> Result<TrackingToken, sqlx::Error> {
    let token = TrackingToken::generate();
    db::query("UPDATE submissions SET token_hash = $2, token_sealed = $3 WHERE id = $1")
        .bind(id)
        .bind(token.hash())
        .bind(key.seal_token(reference, &token))
        .execute(&mut *tx)
        .await?;
    Ok(token)
}

/// The submission's tracking link, when it can be opened from its sealed copy (submissions
/// made before links were sealed have none): for replies to repeat it.
pub async fn sealed_link(
    tx: &mut Tx,
    settings: &NotifySettings,
    key: &SealingKey,
    id: i64,
    reference: &Reference,
) -> Result<Option<String>, sqlx::Error> {
    let sealed: Option<(Option<Vec<u8>>,)> =
        db::query("SELECT token_sealed FROM submissions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    Ok(sealed
        .and_then(|(s,)| s)
        .and_then(|s| key.open_token(reference, &s))
        .map(|token| settings.base_url_link(&format!("/track/{}", token.as_str()))))
}
