//! Acting on many inbox items at once: mark as spam, close, set a status, assign. Each row
//! of the inbox has a checkbox (`reference`); the form posts them here with one `action`.
//! More than [`CONFIRM_ABOVE`] items ask first. Every item gets its own audit row, all in
//! one transaction: either every selected item changes or none does.

use super::store::{self, Item};
use crate::domain::{Reference, Status};
use crate::error::PageError;
use crate::i18n::{t, t_args, Locale};
use crate::staff::guard::{CsrfForm, Staff};
use crate::staff::{accounts, session::SignedIn, StaffNav};
use crate::state::AppState;
use crate::ui::{render_page, Layout};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Router,
};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/bulk", post(apply))
}

/// Above this many items the change is confirmed on a page of its own first.
pub const CONFIRM_ABOVE: usize = 20;

/// At most this many items in one request: a page of the inbox holds 25.
const MOST: usize = 500;

/// What to do to every selected item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Status(Status),
    /// Give them to a member of staff, or to nobody.
    Assign(Option<i64>),
}

impl Action {
    /// `spam`, `close`, `status:<status>`, `assign:<staff id>` or `assign:none`.
    pub fn parse(value: &str) -> Option<Action> {
        match value.split_once(':') {
            None if value == "spam" => Some(Action::Status(Status::Spam)),
            None if value == "close" => Some(Action::Status(Status::Closed)),
            Some(("status", status)) => Status::parse(status).map(Action::Status),
            Some(("assign", "none")) => Some(Action::Assign(None)),
            Some(("assign", id)) => id.parse().ok().map(|id| Action::Assign(Some(id))),
            _ => None,
        }
    }
}

/// The form as posted: repeated `reference` fields, so it is read as name/value pairs.
struct BulkForm {
    references: Vec<String>,
    action: String,
    confirmed: bool,
}

impl BulkForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> BulkForm {
        let mut form = BulkForm {
            references: Vec::new(),
            action: String::new(),
            confirmed: false,
        };
        for (name, value) in pairs {
            match name.as_str() {
                "reference" => form.references.push(value),
                "action" => form.action = value,
                "confirm" => form.confirmed = value == "yes",
                _ => {}
            }
        }
        form
    }
}

async fn apply(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = BulkForm::from_pairs(pairs);
    let action = Action::parse(form.action.trim());
    let mut references: Vec<Reference> = Vec::new();
    for raw in &form.references {
        let reference = Reference::parse(raw).map_err(|_| PageError::BadRequest)?;
        if !references.contains(&reference) {
            references.push(reference);
        }
    }
    if references.len() > MOST {
        return Err(PageError::BadRequest);
    }
    let staff = accounts::assignable(&state.db).await?;
    let (Some(action), false) = (action, references.is_empty()) else {
        let problem = locale.text(if references.is_empty() {
            "bulk-none-selected"
        } else {
            "bulk-no-action"
        });
        return Ok(render_page(
            &locale,
            StatusCode::UNPROCESSABLE_ENTITY,
            move || view! { <BulkProblem user=user problem=problem/> },
        ));
    };
    let assignee = match action {
        Action::Assign(Some(id)) => Some(
            staff
                .iter()
                .find(|a| a.id == id)
                .ok_or(PageError::BadRequest)?
                .clone(),
        ),
        _ => None,
    };
    if references.len() > CONFIRM_ABOVE && !form.confirmed {
        let what = describe(&locale, action, assignee.as_ref());
        let action_value = form.action.trim().to_owned();
        return Ok(render_page(&locale, StatusCode::OK, move || {
            view! { <BulkConfirm user=user references=references action=action_value what=what/> }
        }));
    }

    let mut items: Vec<Item> = Vec::with_capacity(references.len());
    for reference in &references {
        if let Some(item) = store::item(&state.db, reference).await? {
            items.push(item);
        }
    }
    let mut tx = state.db.begin().await?;
    let mut emails = 0;
    for item in &items {
        let (status, assignee_id) = match action {
            Action::Status(status) => (status, item.assignee_id),
            Action::Assign(to) => (item.status, to),
        };
        store::update(
            &mut tx,
            &user.actor(),
            item,
            status,
            item.priority,
            assignee_id,
        )
        .await?;
        if let Some(to) = assignee
            .as_ref()
            .filter(|a| item.assignee_id != Some(a.id) && a.id != user.account.id)
        {
            super::update::queue_assignment_email(
                &state,
                &mut tx,
                item,
                status,
                to,
                &user.account.name,
            )
            .await?;
            emails += 1;
        }
    }
    tx.commit().await?;
    if emails > 0 {
        state.outbox_wake.notify_one();
    }
    Ok(Redirect::to(&format!("/staff?done={}", items.len())).into_response())
}

/// The change in words, for the confirmation page.
fn describe(locale: &Locale, action: Action, assignee: Option<&accounts::Account>) -> String {
    match action {
        Action::Status(status) => locale.text_args(
            "bulk-describe-status",
            &[(
                "status",
                locale
                    .text(&format!("staff-status-{}", status.slug()))
                    .into(),
            )],
        ),
        Action::Assign(None) => locale.text("bulk-describe-unassign"),
        Action::Assign(Some(_)) => locale.text_args(
            "bulk-describe-assign",
            &[(
                "name",
                assignee.map(|a| a.name.clone()).unwrap_or_default().into(),
            )],
        ),
    }
}

/// `(value, label)` pairs for a `<select>`.
pub type Options = Vec<(String, String)>;

/// The choices of the bulk action select: the status changes, then the assignments.
pub fn action_options(staff: &[accounts::Account]) -> (Options, Options) {
    let mut statuses = vec![
        ("spam".to_owned(), t("bulk-spam")),
        ("close".to_owned(), t("bulk-close")),
    ];
    statuses.extend(
        Status::ALL
            .iter()
            .filter(|s| !matches!(s, Status::Spam | Status::Closed))
            .map(|s| {
                (
                    format!("status:{}", s.slug()),
                    t_args(
                        "bulk-describe-status",
                        &[("status", t(&format!("staff-status-{}", s.slug())).into())],
                    ),
                )
            }),
    );
    let mut assign = vec![("assign:none".to_owned(), t("bulk-describe-unassign"))];
    assign.extend(staff.iter().map(|a| {
        (
            format!("assign:{}", a.id),
            t_args("bulk-describe-assign", &[("name", a.name.clone().into())]),
        )
    }));
    (statuses, assign)
}

#[component]
fn BulkConfirm(
    user: SignedIn,
    references: Vec<Reference>,
    action: String,
    what: String,
) -> impl IntoView {
    let count = references.len();
    let csrf = user.csrf.form_value();
    view! {
        <Layout title=t("bulk-confirm-title")>
            <StaffNav user=user/>
            <a class="back-link" href="/staff">{t("nav-inbox")}</a>
            <h1>{t("bulk-confirm-title")}</h1>
            <p>{t_args("bulk-confirm-text", &[("count", count.into()), ("what", what.into())])}</p>
            <form method="post" action="/staff/bulk">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="action" value=action/>
                <input type="hidden" name="confirm" value="yes"/>
                {references.into_iter().map(|r| view! {
                    <input type="hidden" name="reference" value=r.as_str().to_owned()/>
                }).collect_view()}
                <div class="button-group">
                    <button class="button" type="submit">{t_args("bulk-confirm-button", &[("count", count.into())])}</button>
                    <a href="/staff">{t("bulk-cancel")}</a>
                </div>
            </form>
        </Layout>
    }
}

#[component]
fn BulkProblem(user: SignedIn, problem: String) -> impl IntoView {
    view! {
        <Layout title=t("bulk-problem-title") has_errors=true>
            <StaffNav user=user/>
            <a class="back-link" href="/staff">{t("nav-inbox")}</a>
            <h1>{t("bulk-problem-title")}</h1>
            <div class="error-summary" role="alert" tabindex="-1">
                <p>{problem}</p>
            </div>
            <p><a href="/staff">{t("bulk-back")}</a></p>
        </Layout>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_read_from_their_values() {
        assert_eq!(Action::parse("spam"), Some(Action::Status(Status::Spam)));
        assert_eq!(Action::parse("close"), Some(Action::Status(Status::Closed)));
        assert_eq!(
            Action::parse("status:in-review"),
            Some(Action::Status(Status::InReview))
        );
        assert_eq!(Action::parse("assign:7"), Some(Action::Assign(Some(7))));
        assert_eq!(Action::parse("assign:none"), Some(Action::Assign(None)));
        for bad in ["", "delete", "status:lost", "assign:me", "spam:1"] {
            assert_eq!(Action::parse(bad), None, "{bad}");
        }
    }
}
