//! The resident journey: start page, feedback form, confirmation, tracking and deletion.
//! Every step is a plain form or link: POST, then a 303 redirect to a page that can be
//! reloaded safely.

pub mod conversation;
pub mod form;
pub mod lost_link;
pub mod pages;
pub mod store;
pub mod upload;
/// The signed start time lives with the shared form pieces; the old path stays for callers.
pub use crate::forms::timing;

use crate::domain::TrackingToken;
use crate::error::PageError;
use crate::i18n::Locale;
use crate::privacy::erase::{erase, Requester, Target};
use crate::state::AppState;
use crate::ui::render_page;
use axum::{
    extract::{DefaultBodyLimit, FromRequestParts, Path, Query, State},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use form::FeedbackForm;
use pages::{
    ConfirmationPage, DeletePage, DeletedPage, FeedbackPage, StartPage, TrackPage, UrgentHelpPage,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(start))
        .route("/urgent-help", get(urgent_help))
        // The larger body limit wraps the POST alone: the form page, the portal's busiest
        // route, keeps no layer of its own.
        .route(
            "/feedback",
            post(submit_feedback)
                .layer(DefaultBodyLimit::max(upload::BODY_LIMIT))
                .get(feedback_form),
        )
        .route("/feedback/confirmation/{token}", get(confirmation))
        .route("/track/{token}", get(track))
        .route("/track/{token}/delete", get(confirm_delete).post(delete))
        .route("/deleted", get(deleted))
        .merge(conversation::routes())
        .merge(lost_link::routes())
}

async fn start(locale: Locale) -> Response {
    render_page(
        &locale,
        StatusCode::OK,
        || leptos::prelude::view! { <StartPage/> },
    )
}

async fn urgent_help(locale: Locale) -> Response {
    render_page(
        &locale,
        StatusCode::OK,
        || leptos::prelude::view! { <UrgentHelpPage/> },
    )
}

#[tracing::instrument(skip_all)]
async fn feedback_form(
    State(state): State<AppState>,
    locale: Locale,
) -> Result<Response, PageError> {
    // The blank form is the same for everyone in a language but for its signed start time:
    // it is rendered once every few seconds with a marker where the time goes.
    const MARKER: &str = "form-started-marker";
    let path = crate::ui::REQUEST_PATH
        .try_with(Clone::clone)
        .unwrap_or_default();
    let key = format!("{} {path}", locale.code());
    let page = state
        .pages
        .get_or_load(&key, || async {
            let choices = choices(&state).await?;
            let (practices, topics) = (choices.practices.clone(), choices.topics.clone());
            let form = FeedbackForm {
                started: MARKER.to_owned(),
                ..Default::default()
            };
            Ok::<_, PageError>(crate::ui::render_html(&locale, move || {
                leptos::prelude::view! { <FeedbackPage form=form errors=vec![] practices=practices topics=topics/> }
            }))
        })
        .await?;
    let started = state.settings.form_timing.issue(timing::now());
    // One allocation of the final size: `replacen` grows its string a piece at a time.
    let html = match page.split_once(MARKER) {
        Some((before, after)) => {
            let mut html = String::with_capacity(before.len() + started.len() + after.len());
            html.push_str(before);
            html.push_str(&started);
            html.push_str(after);
            html
        }
        None => page.to_string(),
    };
    Ok((
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response())
}

/// Validates, stores, and only then acknowledges. A form the server cannot read at all
/// (not URL-encoded or multipart, not UTF-8, over the size limit) gets an error page;
/// anything it can read but does not accept comes back with the resident's typing kept
/// (photos must be chosen again: a browser cannot be handed files back).
#[tracing::instrument(skip_all)]
async fn submit_feedback(
    State(state): State<AppState>,
    locale: Locale,
    post: Result<upload::FeedbackPost, Response>,
) -> Result<Response, PageError> {
    let (form, raw_photos) = match post {
        Ok(upload::FeedbackPost { form, photos }) => (form, photos),
        Err(unreadable) => return Ok(unreadable),
    };
    let choices = choices(&state).await?;
    let (practices, topics) = (&choices.practices, &choices.topics);
    let timing = &state.settings.form_timing;
    let now = timing::now();
    let started = timing.check(&form.started, now);
    let too_fast = match started {
        timing::Timing::Fine => None,
        timing::Timing::TooFast => Some("error-too-fast"),
        timing::Timing::Invalid | timing::Timing::Expired => Some("error-form-expired"),
    };
    // The fields' own errors come first: a resident who pressed send on an empty form must
    // be told what to fill in, not to wait. The timing is the answer only to a form that is
    // otherwise right.
    let mut checked = form.validate(practices, topics, &locale);
    let photos = match upload::clean_all(raw_photos).await {
        Ok(photos) => photos,
        Err(problem) => {
            tracing::info!(reason = problem.key, "a photo was refused");
            let error = crate::ui::FieldError {
                field: "photos",
                message: locale.text_args(problem.key, &[("number", problem.number.into())]),
            };
            match &mut checked {
                Ok(_) => checked = Err(vec![error]),
                // In the order of the page: the photos come after the message, before the
                // contact details.
                Err(errors) => {
                    let after_message = errors
                        .iter()
                        .position(|e| {
                            matches!(
                                e.field,
                                "name" | "email" | "phone" | "contact_consent" | "website"
                            )
                        })
                        .unwrap_or(errors.len());
                    errors.insert(after_message, error);
                }
            }
            Vec::new()
        }
    };
    if let (Ok(_), Some(key)) = (&checked, too_fast) {
        tracing::info!(reason = key, "feedback form stopped by its timing");
        let mut form = form;
        form.started = timing.issue(now);
        let errors = vec![crate::ui::FieldError {
            field: "message",
            message: locale.text(key),
        }];
        return Ok(render_page(
            &locale,
            StatusCode::UNPROCESSABLE_ENTITY,
            move || {
                leptos::prelude::view! { <FeedbackPage form=form errors=errors practices=choices.practices.clone() topics=choices.topics.clone()/> }
            },
        ));
    }
    // An expired or unreadable start time is issued again with the field errors, so the
    // corrected form is not refused for its time as well; a form sent too fast keeps its own,
    // which goes on counting.
    let mut form = form;
    if matches!(started, timing::Timing::Invalid | timing::Timing::Expired) {
        form.started = timing.issue(now);
    }
    match checked {
        Ok(new) => {
            let created = crate::submissions::submit(
                &state.submissions,
                &state.db,
                &state.notify,
                &state.settings.sealing_key,
                &state.routing,
                &new,
                photos,
            )
            .await?;
            state.outbox_wake.notify_one();
            tracing::info!(
                submission = created.id,
                kind = %new.kind,
                topic = %new.topic,
                urgent = created.urgent,
                emails = created.emails,
                "submission stored"
            );
            Ok(Redirect::to(&format!(
                "/feedback/confirmation/{}",
                created.token.as_str()
            ))
            .into_response())
        }
        Err(errors) => {
            tracing::info!(fields = ?errors.iter().map(|e| e.field).collect::<Vec<_>>(), "feedback form has errors");
            Ok(render_page(
                &locale,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || {
                    leptos::prelude::view! { <FeedbackPage form=form errors=errors practices=choices.practices.clone() topics=choices.topics.clone()/> }
                },
            ))
        }
    }
}

/// The practices and topics a resident can choose, as kept for the form's lifetime.
async fn choices(state: &AppState) -> Result<std::sync::Arc<crate::domain::Choices>, sqlx::Error> {
    state
        .choices
        .get_or_load("active", || store::choices(&state.db))
        .await
}

/// A token that could never have been issued is not looked up.
fn parse_token(raw: &str) -> Result<TrackingToken, PageError> {
    TrackingToken::parse(raw).map_err(|_| PageError::NotFound)
}

/// The submission a tracking link in the path points at, or the 404 page: the one way the
/// confirmation, tracking and delete pages find theirs.
struct Tracked {
    token: TrackingToken,
    submission: store::TrackedSubmission,
}

impl FromRequestParts<AppState> for Tracked {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| PageError::NotFound.into_response())?;
        let found = async {
            let token = parse_token(&raw)?;
            let submission = store::find_by_token(&state.db, &token)
                .await?
                .ok_or(PageError::NotFound)?;
            Ok::<_, PageError>(Tracked { token, submission })
        };
        found.await.map_err(IntoResponse::into_response)
    }
}

async fn confirmation(
    State(state): State<AppState>,
    locale: Locale,
    Tracked { token, submission }: Tracked,
) -> Response {
    let link = state.settings.link(&format!("/track/{}", token.as_str()));
    render_page(&locale, StatusCode::OK, move || {
        leptos::prelude::view! { <ConfirmationPage urgent=submission.urgent submission=submission.clone() tracking_link=link/> }
    })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TrackQuery {
    /// Set by the redirect after an addition: the page says it was sent.
    added: Option<String>,
}

async fn track(
    locale: Locale,
    Tracked { token, submission }: Tracked,
    Query(query): Query<TrackQuery>,
) -> Response {
    let added = query.added.is_some();
    track_page(
        &locale,
        &token,
        submission,
        Default::default(),
        vec![],
        added,
    )
}

/// The tracking page, with the add-to-your-message form as typed and its errors (422) when
/// there are any.
fn track_page(
    locale: &Locale,
    token: &TrackingToken,
    submission: store::TrackedSubmission,
    form: conversation::AddForm,
    errors: Vec<crate::ui::FieldError>,
    added: bool,
) -> Response {
    let token = token.as_str().to_owned();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_page(locale, status, move || {
        leptos::prelude::view! { <TrackPage submission=submission token=token form=form errors=errors added=added/> }
    })
}

async fn confirm_delete(locale: Locale, Tracked { token, .. }: Tracked) -> Response {
    let token = token.as_str().to_owned();
    render_page(
        &locale,
        StatusCode::OK,
        move || leptos::prelude::view! { <DeletePage token=token/> },
    )
}

#[tracing::instrument(skip_all)]
async fn delete(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, PageError> {
    let token = parse_token(&raw)?;
    if erase(&state.db, Target::TrackingLink(&token), Requester::Resident)
        .await?
        .is_none()
    {
        return Err(PageError::NotFound);
    }
    tracing::info!("submission deleted by its resident");
    Ok(Redirect::to("/deleted").into_response())
}

async fn deleted(locale: Locale) -> Response {
    render_page(
        &locale,
        StatusCode::OK,
        || leptos::prelude::view! { <DeletedPage/> },
    )
}
