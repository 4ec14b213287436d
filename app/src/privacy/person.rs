//! Rights requests by person: an admin finds every submission given with one email address
//! or phone number, then downloads them all or erases them all, each as one audited action.
//! The audit log records what was done and to which references, never the address or
//! number searched for ("contact search").

use super::erase::{erase_in, Target};
use crate::audit::{self, AuditAction};
use crate::db::{self, Database};
use crate::domain::{ContactEmail, PhoneNumber, Reference};
use crate::error::PageError;
use crate::i18n::{t, t_args, Locale};
use crate::staff::guard::{Admin, CsrfForm};
use crate::staff::{session::SignedIn, StaffNav};
use crate::state::AppState;
use crate::ui::{render_page, ErrorSummary, FieldError, Layout};
use axum::{
    extract::{Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/person", get(find))
        .route("/admin/person/export.json", get(export))
        .route("/admin/person/erase", post(erase_all))
}

/// A person as the request names them: an email address or a phone number, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Contact {
    Email(String),
    Phone(String),
}

impl Contact {
    fn parse(input: &str) -> Option<Contact> {
        let input = input.trim();
        if input.contains('@') {
            ContactEmail::parse(input)
                .ok()
                .map(|e| Contact::Email(e.as_str().to_lowercase()))
        } else {
            PhoneNumber::parse(input)
                .ok()
                .map(|p| Contact::Phone(p.as_str().to_owned()))
        }
    }

    /// Their submissions, oldest first: (reference, received).
    async fn submissions(
        &self,
        db: &Database,
    ) -> Result<Vec<(String, DateTime<Utc>)>, sqlx::Error> {
        let (sql, value) = match self {
            Contact::Email(email) => (
                "SELECT reference, created_at FROM submissions WHERE contact_email IS NOT NULL AND LOWER(contact_email) = $1 \
                 ORDER BY created_at, id",
                email,
            ),
            Contact::Phone(phone) => (
                "SELECT reference, created_at FROM submissions WHERE contact_phone = $1 \
                 ORDER BY created_at, id",
                phone,
            ),
        };
        db::query(sql).bind(value.as_str()).fetch_all(db).await
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PersonQuery {
    contact: String,
    /// How many were just erased, for the notice after the redirect.
    erased: Option<usize>,
}

async fn find(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    Query(query): Query<PersonQuery>,
) -> Result<Response, PageError> {
    let typed = query.contact.trim().to_owned();
    let erased = query.erased;
    if typed.is_empty() {
        return Ok(render_page(&locale, StatusCode::OK, move || {
            view! { <PersonPage user=user contact=String::new() found=None errors=vec![] erased=erased/> }
        }));
    }
    let Some(contact) = Contact::parse(&typed) else {
        let errors = vec![FieldError {
            field: "contact",
            message: locale.text("person-error-contact"),
        }];
        return Ok(render_page(
            &locale,
            StatusCode::UNPROCESSABLE_ENTITY,
            move || view! { <PersonPage user=user contact=typed found=None errors=errors erased=None/> },
        ));
    };
    let found = contact.submissions(&state.db).await?;
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::PersonSearched,
        None,
        &format!("contact search; {} found", found.len()),
    )
    .await?;
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <PersonPage user=user contact=typed found=Some(found) errors=vec![] erased=None/> }
    }))
}

/// Everything held about each of the person's submissions, in one JSON file.
async fn export(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<PersonQuery>,
) -> Result<Response, PageError> {
    let contact = Contact::parse(&query.contact).ok_or(PageError::BadRequest)?;
    let found = contact.submissions(&state.db).await?;
    let mut held = Vec::with_capacity(found.len());
    for (reference, _) in &found {
        let reference = Reference::parse(reference).map_err(|e| PageError::Internal(e.into()))?;
        if let Some(record) = super::held_about(&state.db, &reference).await? {
            held.push(record);
        }
    }
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::PersonExported,
        None,
        &format!(
            "contact search; {} submissions: {}",
            found.len(),
            references(&found)
        ),
    )
    .await?;
    let json = serde_json::to_vec_pretty(&held).map_err(|e| PageError::Internal(e.into()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"submissions-of-one-person.json\""),
            ),
        ],
        json,
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EraseAllForm {
    contact: String,
    /// The admin has checked the list is the person's: `yes`.
    confirm: String,
}

/// Erases every submission given with the contact, in one transaction with one audit row.
async fn erase_all(
    State(state): State<AppState>,
    locale: Locale,
    Admin(user): Admin,
    CsrfForm(form): CsrfForm<EraseAllForm>,
) -> Result<Response, PageError> {
    let contact = Contact::parse(&form.contact).ok_or(PageError::BadRequest)?;
    let found = contact.submissions(&state.db).await?;
    if form.confirm != "yes" {
        let errors = vec![FieldError {
            field: "confirm",
            message: locale.text("person-error-confirm"),
        }];
        let typed = form.contact.trim().to_owned();
        return Ok(render_page(
            &locale,
            StatusCode::UNPROCESSABLE_ENTITY,
            move || view! { <PersonPage user=user contact=typed found=Some(found) errors=errors erased=None/> },
        ));
    }
    let mut tx = state.db.begin().await?;
    let mut erased = Vec::with_capacity(found.len());
    let mut emails = 0;
    for (reference, at) in &found {
        let reference = Reference::parse(reference).map_err(|e| PageError::Internal(e.into()))?;
        if let Some(done) = erase_in(&mut tx, Target::Reference(&reference), None).await? {
            emails += done.emails_removed;
            erased.push((done.reference, *at));
        }
    }
    audit::record_in(
        &mut tx,
        &user.actor(),
        AuditAction::PersonErased,
        None,
        &format!(
            "erased on the person's request; contact search; {} submissions: {}; {emails} emails about them removed",
            erased.len(),
            references(&erased)
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/person?erased={}", erased.len())).into_response())
}

fn references(found: &[(String, DateTime<Utc>)]) -> String {
    found
        .iter()
        .map(|(r, _)| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn PersonPage(
    user: SignedIn,
    contact: String,
    found: Option<Vec<(String, DateTime<Utc>)>>,
    errors: Vec<FieldError>,
    erased: Option<usize>,
) -> impl IntoView {
    let has_errors = !errors.is_empty();
    let csrf = user.csrf.form_value();
    let export = format!(
        "/admin/person/export.json?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("contact", &contact)
            .finish()
    );
    view! {
        <Layout title=t("person-title") has_errors=has_errors>
            <StaffNav user=user/>
            <ErrorSummary errors=errors/>
            {erased.map(|n| view! { <p class="notice" role="status" id="person-erased">{t_args("person-erased", &[("count", n.into())])}</p> })}
            <h1>{t("person-title")}</h1>
            <p>{t("person-lead")}</p>
            <form method="get" action="/admin/person">
                <div class="form-group">
                    <label class="label" for="contact">{t("person-contact")}</label>
                    <p class="hint" id="contact-hint">{t("person-contact-hint")}</p>
                    <input class="input" id="contact" name="contact" type="text" autocomplete="off" spellcheck="false"
                        aria-describedby="contact-hint" value=contact.clone()/>
                </div>
                <button class="button" type="submit">{t("person-find")}</button>
            </form>
            {found.map(|found| {
                let count = found.len();
                if found.is_empty() {
                    return view! { <p id="person-count">{t("person-none")}</p> }.into_any();
                }
                view! {
                    <p id="person-count">{t_args("person-count", &[("count", count.into())])}</p>
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{t("inbox-reference")}</th>
                                <th scope="col">{t("inbox-received")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {found.into_iter().map(|(reference, at)| {
                                let shown = Reference::parse(&reference).map(|r| r.to_string()).unwrap_or(reference.clone());
                                view! {
                                    <tr>
                                        <td><a href=format!("/staff/submissions/{reference}")>{shown}</a></td>
                                        <td>{crate::resident::pages::long_date(&at)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p><a href=export.clone() download="">{t("person-export")}</a></p>
                    <h2>{t("person-erase-title")}</h2>
                    <form method="post" action="/admin/person/erase">
                        <input type="hidden" name="csrf" value=csrf.clone()/>
                        <input type="hidden" name="contact" value=contact.clone()/>
                        <div class="form-group checkboxes__item" id="confirm-group">
                            <input class="checkboxes__input" id="confirm" name="confirm" type="checkbox" value="yes"/>
                            <label class="checkboxes__label" for="confirm">{t_args("person-erase-confirm", &[("count", count.into())])}</label>
                        </div>
                        <button class="button button--warning" type="submit">{t_args("person-erase-button", &[("count", count.into())])}</button>
                    </form>
                }.into_any()
            })}
        </Layout>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_named_by_an_email_or_a_phone_number() {
        assert_eq!(
            Contact::parse(" Someone@Example.ORG "),
            Some(Contact::Email("someone@example.org".into()))
        );
        assert_eq!(
            Contact::parse("07700 900123"),
            Some(Contact::Phone("+447700900123".into()))
        );
        for bad in ["", "someone", "12", "someone@", "damp"] {
            assert_eq!(Contact::parse(bad), None, "{bad}");
        }
    }
}
