//! Assisted entry: feedback staff record for a resident who gave it by phone, on paper, in
//! person or through an interpreter. The same form, validation and use case as the web.

use crate::audit::{self, AuditAction};
use crate::domain::Channel;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::resident::form::FeedbackForm;
use crate::resident::pages::{Assisted, FeedbackPage};
use crate::staff::guard::{CsrfForm, Staff};
use crate::staff::session::SignedIn;
use crate::state::AppState;
use crate::ui::render_page;
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
    Router,
};
use leptos::prelude::view;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/assisted", get(assisted_form).post(record_assisted))
}

fn assisted(user: &SignedIn, form: &FeedbackForm) -> Assisted {
    Assisted {
        csrf: user.csrf.form_value(),
        channel: form.channel.clone(),
        language: form.language.clone(),
    }
}

async fn assisted_form(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
) -> Result<Response, PageError> {
    let practices = crate::resident::store::active_practices(&state.db).await?;
    let topics = crate::resident::store::active_topics(&state.db).await?;
    let form = FeedbackForm {
        language: locale.code().to_owned(),
        ..Default::default()
    };
    let extra = assisted(&user, &form);
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <FeedbackPage form=form errors=vec![] practices=practices topics=topics assisted=extra/> }
    }))
}

/// Feedback given by phone, on paper, in person or through an interpreter: the same
/// validation, storage and notifications as the web form, with the channel and the
/// resident's language recorded.
async fn record_assisted(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<Response, PageError> {
    let practices = crate::resident::store::active_practices(&state.db).await?;
    let topics = crate::resident::store::active_topics(&state.db).await?;
    let channel = Channel::parse(&form.channel)
        .filter(|c| *c != Channel::Web)
        .ok_or(PageError::BadRequest)?;
    let resident_locale = Locale::from_code(&form.language).ok_or(PageError::BadRequest)?;
    match form.validate(&practices, &topics, &locale) {
        Ok(mut new) => {
            new.channel = channel;
            new.language = resident_locale.code().to_owned();
            let created = crate::submissions::submit(
                &state.submissions,
                &state.db,
                &state.notify,
                &state.settings.sealing_key,
                &state.routing,
                &new,
                Vec::new(),
            )
            .await?;
            state.outbox_wake.notify_one();
            audit::record(
                &state.db,
                &user.actor(),
                AuditAction::AssistedSubmissionRecorded,
                Some(created.reference.as_str()),
                channel.slug(),
            )
            .await?;
            Ok(Redirect::to(&format!(
                "/feedback/confirmation/{}",
                created.token.as_str()
            ))
            .into_response())
        }
        Err(errors) => {
            let extra = assisted(&user, &form);
            Ok(render_page(
                &locale,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || {
                    view! { <FeedbackPage form=form errors=errors practices=practices topics=topics assisted=extra/> }
                },
            ))
        }
    }
}
