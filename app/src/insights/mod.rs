//! Insights for commissioners, staff and admins (`/insights`, its CSV exports) and the public
//! "You said, we did" page with the staff page that publishes to it.
//!
//! No insights page shows a person: counts come from roll-up tables, small numbers are
//! suppressed (`suppress`), quotes appear only with the resident's consent after staff
//! approved them, and the row-level export (staff and admins only) never has contact details.

pub mod board_pack;
pub mod charts;
pub mod export;
pub mod filter;
pub mod pages;
pub mod report;
pub mod stated;
pub mod store;
pub mod suppress;
pub mod you_said;

use crate::audit;
use crate::audit::AuditAction;
use crate::error::PageError;
use crate::forms::Saved;
use crate::i18n::Locale;
use crate::staff::guard::{CsrfForm, Reader, Staff};
use crate::staff::session::SignedIn;
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use chrono::{NaiveDate, Utc};
use filter::{Checked, FilterError, InsightsFilter};
use fluent_templates::fluent_bundle::FluentValue;
use leptos::prelude::view;
use pages::{InsightsPage, YouSaidAdminPage, YouSaidPage};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/insights", get(insights))
        .route("/insights/export.csv", get(export_aggregates))
        .route("/insights/submissions.csv", get(export_rows))
        .route("/you-said-we-did", get(you_said_public))
        .route(
            "/staff/you-said-we-did",
            get(you_said_admin).post(you_said_add),
        )
        .route("/staff/you-said-we-did/{id}/remove", post(you_said_remove))
        .merge(board_pack::routes())
}

fn filter_errors(locale: &Locale, e: FilterError, today: NaiveDate) -> Vec<FieldError> {
    let (first, last) = filter::date_bounds(today);
    let bounds = [
        ("first", FluentValue::from(first.to_string())),
        ("last", FluentValue::from(last.to_string())),
    ];
    let (field, message) = match e {
        FilterError::From => ("from", locale.text("insights-error-from")),
        FilterError::To => ("to", locale.text("insights-error-to")),
        FilterError::Order => ("from", locale.text("insights-error-order")),
        FilterError::FromOutOfRange => (
            "from",
            locale.text_args("insights-error-from-range", &bounds),
        ),
        FilterError::ToOutOfRange => ("to", locale.text_args("insights-error-to-range", &bounds)),
        FilterError::TooManyWeeks => (
            "period",
            locale.text_args(
                "insights-error-weeks",
                &[("years", (filter::MAX_WEEK_VIEW_MONTHS / 12).into())],
            ),
        ),
    };
    vec![FieldError { field, message }]
}

/// The filter of the page and of both exports, checked in one place. A filter that is not
/// valid (a date that is not one, a range outside the years the insights cover, a week view
/// of too many years) gets the insights page again with its error summary, as a 422, and
/// nothing is read or exported.
async fn check_filter(
    state: &AppState,
    locale: &Locale,
    user: &SignedIn,
    filter: &InsightsFilter,
    today: NaiveDate,
) -> Result<Checked, Response> {
    let e = match filter.parse(today) {
        Ok(checked) => return Ok(checked),
        Err(e) => e,
    };
    let practices = match store::practices(&state.db).await {
        Ok(practices) => practices,
        Err(e) => return Err(PageError::from(e).into_response()),
    };
    let errors = filter_errors(locale, e, today);
    let (user, filter) = (user.clone(), filter.clone());
    Err(render_page(
        locale,
        StatusCode::UNPROCESSABLE_ENTITY,
        move || {
            view! { <InsightsPage user=user filter=filter practices=practices report=None errors=errors/> }
        },
    ))
}

async fn insights(
    State(state): State<AppState>,
    locale: Locale,
    Reader(user): Reader,
    Query(filter): Query<InsightsFilter>,
) -> Result<Response, PageError> {
    let today = Utc::now().date_naive();
    let checked = match check_filter(&state, &locale, &user, &filter, today).await {
        Ok(checked) => checked,
        Err(refused) => return Ok(refused),
    };
    let practices = store::practices(&state.db).await?;
    let input = report::load(&state.db, &checked).await?;
    let report = report::build(
        &locale,
        checked,
        input,
        state.settings.reply_target_days,
        user.account.role,
    );
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <InsightsPage user=user filter=filter practices=practices report=Some(report) errors=vec![]/> }
    }))
}

fn csv(body: Body, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .expect("a plain file name"),
            ),
        ],
        body,
    )
        .into_response()
}

async fn export_aggregates(
    State(state): State<AppState>,
    locale: Locale,
    Reader(user): Reader,
    Query(filter): Query<InsightsFilter>,
) -> Result<Response, PageError> {
    let today = Utc::now().date_naive();
    let checked = match check_filter(&state, &locale, &user, &filter, today).await {
        Ok(checked) => checked,
        Err(refused) => return Ok(refused),
    };
    let input = report::load(&state.db, &checked).await?;
    let report = report::build(
        &locale,
        checked,
        input,
        state.settings.reply_target_days,
        user.account.role,
    );
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::InsightsExported,
        None,
        &filter.query(),
    )
    .await?;
    Ok(csv(
        Body::from(export::aggregates(&locale, &report)),
        &format!("insights-{today}.csv"),
    ))
}

/// Rows are read and written a page at a time while the response streams, so exporting a
/// million submissions needs no more memory than exporting a thousand.
async fn export_rows(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Query(filter): Query<InsightsFilter>,
) -> Result<Response, PageError> {
    let today = Utc::now().date_naive();
    let checked = match check_filter(&state, &locale, &user, &filter, today).await {
        Ok(checked) => checked,
        Err(refused) => return Ok(refused),
    };
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::SubmissionsExported,
        None,
        &filter.query(),
    )
    .await?;
    let practices = store::practices(&state.db).await?;
    let stated = stated::lines(&locale, &checked, &practices, Utc::now(), None);
    let header = export::row_header(&locale, &stated);
    Ok(csv(
        Body::from_stream(export::row_stream(state.db.clone(), checked, header)),
        &format!("submissions-{today}.csv"),
    ))
}

async fn you_said_public(
    State(state): State<AppState>,
    locale: Locale,
) -> Result<Response, PageError> {
    let entries = you_said::list(&state.db).await?;
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <YouSaidPage entries=entries/> }
    }))
}

async fn you_said_admin(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Query(saved): Query<Saved>,
) -> Result<Response, PageError> {
    let entries = you_said::list(&state.db).await?;
    let form = you_said::EntryForm {
        action_date: Utc::now().date_naive().to_string(),
        ..Default::default()
    };
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <YouSaidAdminPage user=user entries=entries form=form errors=vec![] saved=saved.saved.is_some()/> }
    }))
}

async fn you_said_add(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    CsrfForm(form): CsrfForm<you_said::EntryForm>,
) -> Result<Response, PageError> {
    match form.validate(&locale) {
        Ok(entry) => {
            you_said::add(&state.db, &user.actor(), &entry).await?;
            Ok(Redirect::to("/staff/you-said-we-did?saved=1").into_response())
        }
        Err(errors) => {
            let entries = you_said::list(&state.db).await?;
            Ok(render_page(
                &locale,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || {
                    view! { <YouSaidAdminPage user=user entries=entries form=form errors=errors saved=false/> }
                },
            ))
        }
    }
}

async fn you_said_remove(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(id): Path<i64>,
    _: CsrfForm,
) -> Result<Response, PageError> {
    if you_said::remove(&state.db, &user.actor(), id).await? == 0 {
        return Err(PageError::NotFound);
    }
    Ok(Redirect::to("/staff/you-said-we-did?saved=1").into_response())
}
