//! The triage inbox and the item page, for the `staff` and `admin` roles. Every page that
//! shows a resident's personal data and every change writes to the audit log.

pub mod bulk;
pub mod filter;
pub mod pages;
pub mod store;

use crate::audit;
use crate::audit::AuditAction;
use crate::domain::{Channel, Message, Priority, Reference, Status};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{emails, outbox};
use crate::resident::form::FeedbackForm;
use crate::resident::pages::{Assisted, FeedbackPage};
use crate::staff::guard::{CsrfForm, Staff};
use crate::staff::{accounts, session::SignedIn};
use crate::state::AppState;
use crate::ui::{render_page, FieldError};
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Router,
};
use filter::{InboxError, InboxFilter};
use leptos::prelude::view;
use pages::{InboxPage, ItemPage};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(inbox))
        .route("/staff/submissions/{reference}", get(item))
        .route("/staff/submissions/{reference}/update", post(update))
        .route("/staff/submissions/{reference}/themes", post(themes))
        .route("/staff/submissions/{reference}/notes", post(note))
        .route("/staff/submissions/{reference}/reply", post(reply))
        .route(
            "/staff/submissions/{reference}/safeguarding",
            post(safeguarding),
        )
        .route("/staff/submissions/{reference}/quote", post(quote))
        .route("/staff/submissions/{reference}/seen", post(seen))
        .route("/staff/assisted", get(assisted_form).post(record_assisted))
        .merge(bulk::routes())
}

async fn inbox(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Query(filter): Query<InboxFilter>,
) -> Result<Response, PageError> {
    let today = crate::domain::london_today();
    let counts = store::status_counts(&state.db).await?;
    let practices = crate::resident::store::active_practices(&state.db).await?;
    let staff = accounts::assignable(&state.db).await?;
    let inbox = match filter.parse() {
        Ok(inbox) => inbox,
        Err(errors) => {
            let errors = filter_errors(&locale, &errors);
            return Ok(render_page(
                &locale,
                StatusCode::UNPROCESSABLE_ENTITY,
                move || {
                    view! { <InboxPage user=user filter=filter rows=Vec::new() more=false matched=0 today=today counts=counts practices=practices staff=staff errors=errors/> }
                },
            ));
        }
    };
    let store::InboxList {
        rows,
        more,
        matched,
    } = store::inbox(
        &state.db,
        &inbox,
        user.account.id,
        state.settings.reply_target_days,
        today,
    )
    .await?;
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::InboxViewed,
        None,
        &filter.for_audit(),
    )
    .await?;
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <InboxPage user=user filter=filter rows=rows more=more matched=matched today=today counts=counts practices=practices staff=staff errors=Vec::new()/> }
    }))
}

/// The error summary for a filter that did not check out, one line per field.
fn filter_errors(locale: &Locale, errors: &[InboxError]) -> Vec<FieldError> {
    errors
        .iter()
        .map(|e| FieldError {
            field: e.field(),
            message: locale.text(match e {
                InboxError::Choice(_) => "inbox-error-choice",
                InboxError::From => "inbox-error-from",
                InboxError::To => "inbox-error-to",
                InboxError::Order => "inbox-error-order",
            }),
        })
        .collect()
}

async fn load(state: &AppState, raw: &str) -> Result<store::Item, PageError> {
    let reference = Reference::parse(raw).map_err(|_| PageError::NotFound)?;
    store::item(&state.db, &reference)
        .await?
        .ok_or(PageError::NotFound)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ItemQuery {
    saved: Option<String>,
    /// The inbox filter the item was opened from (its query string), for "previous" and
    /// "next" in that list and the way back to it.
    #[serde(rename = "in")]
    within: String,
}

/// Where an item sits in the inbox view it was opened from: the way back and its
/// neighbours, each link carrying the view on.
#[derive(Debug, Clone, Default)]
pub struct InList {
    pub back: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Opening a submission shows the resident's contact details: that view is audited.
async fn item(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Path(raw): Path<String>,
    Query(query): Query<ItemQuery>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let in_list = in_list(&state, &user, &item, &query.within).await?;
    let saved = query.saved.is_some();
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::SubmissionViewed,
        Some(item.reference.as_str()),
        "",
    )
    .await?;
    let staff = accounts::assignable(&state.db).await?;
    let known_themes = store::all_themes(&state.db).await?;
    let history = audit::list(
        &state.db,
        &audit::Filter {
            reference: item.reference.as_str().to_owned(),
            ..Default::default()
        },
    )
    .await?;
    Ok(render_page(&locale, StatusCode::OK, move || {
        view! { <ItemPage user=user item=item staff=staff known_themes=known_themes saved=saved audit=history in_list=in_list/> }
    }))
}

/// The links around an item for the inbox view in `within` (a filter's query string). A
/// view that does not parse is ignored: the links then follow the whole inbox, newest first.
async fn in_list(
    state: &AppState,
    user: &SignedIn,
    item: &store::Item,
    within: &str,
) -> Result<InList, PageError> {
    let raw: InboxFilter = axum::http::Uri::try_from(format!("/staff?{within}"))
        .ok()
        .and_then(|uri| Query::<InboxFilter>::try_from_uri(&uri).ok())
        .map(|Query(f)| f)
        .unwrap_or_default();
    let (raw, inbox) = match raw.parse() {
        Ok(inbox) => (raw, inbox),
        Err(_) => {
            let raw = InboxFilter::default();
            let inbox = raw.parse().map_err(|_| PageError::BadRequest)?;
            (raw, inbox)
        }
    };
    let query = raw.query_without_page();
    let (previous, next) = store::neighbours(
        &state.db,
        &inbox,
        user.account.id,
        state.settings.reply_target_days,
        crate::domain::london_today(),
        item,
    )
    .await?;
    let link = |r: Reference| item_link(&r, &query);
    Ok(InList {
        back: if query.is_empty() {
            "/staff".to_owned()
        } else {
            format!("/staff?{query}")
        },
        previous: previous.map(link),
        next: next.map(link),
    })
}

/// An item's page, opened from the inbox view `query` (a filter's query string, maybe empty).
pub fn item_link(reference: &Reference, query: &str) -> String {
    if query.is_empty() {
        format!("/staff/submissions/{}", reference.as_str())
    } else {
        let within = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("in", query)
            .finish();
        format!("/staff/submissions/{}?{within}", reference.as_str())
    }
}

/// Back to the item after a change, with the "Saved" notice at the top of the page: the
/// fragment moves focus to it (it has `tabindex="-1"`), so a screen reader announces it and
/// the eye finds it, with or without script.
fn back_to(item: &store::Item) -> Response {
    Redirect::to(&format!(
        "/staff/submissions/{}?saved=1#saved",
        item.reference.as_str()
    ))
    .into_response()
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
        text => Some(staff_text(text)?),
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
async fn queue_assignment_email(
    state: &AppState,
    tx: &mut crate::db::Tx,
    item: &store::Item,
    status: Status,
    to: &accounts::Account,
    by: &str,
) -> Result<(), sqlx::Error> {
    let due = store::OPEN.contains(&status).then(|| {
        crate::domain::add_working_days(
            crate::domain::london_date(item.created_at),
            state.settings.reply_target_days,
        )
    });
    let email = emails::item_assigned(
        &state.notify,
        &to.email,
        &emails::Assigned {
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

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ThemesForm {
    themes: String,
}

/// Themes are short free tags: trimmed, lower-cased, cleaned, without repeats.
fn parse_themes(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in input.split(',') {
        let cleaned = crate::sanitise::plain_text(raw.trim()).to_lowercase();
        let theme: String = cleaned
            .chars()
            .filter(|c| !c.is_control())
            .take(40)
            .collect::<String>()
            .trim()
            .to_owned();
        if !theme.is_empty() && !out.contains(&theme) {
            out.push(theme);
        }
    }
    out.truncate(20);
    out
}

async fn themes(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<ThemesForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    store::set_themes(&state.db, &user.actor(), &item, &parse_themes(&form.themes)).await?;
    Ok(back_to(&item))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TextForm {
    body: String,
    reason: String,
    action: String,
}

/// Staff text goes through the same parsing and sanitiser as residents' text.
fn staff_text(input: &str) -> Result<Message, PageError> {
    Message::parse(input).map_err(|_| PageError::BadRequest)
}

async fn note(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let body = staff_text(&form.body)?;
    let mut tx = state.db.begin().await?;
    store::add_note(&mut tx, &user.actor(), &item, body.as_str()).await?;
    tx.commit().await?;
    Ok(back_to(&item))
}

/// Publishes a reply on the tracking page and, when the resident agreed and gave an email
/// address, emails it to them through the outbox, in the same transaction.
async fn reply(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let body = staff_text(&form.body)?;
    let mut tx = state.db.begin().await?;
    store::add_reply(&mut tx, &user.actor(), &item, body.as_str()).await?;
    if let (true, Some(address)) = (item.contact_consent, &item.email) {
        let locale = Locale::from_code(&item.language).unwrap_or_else(Locale::english);
        let email = emails::reply_to_resident(
            &state.notify,
            &locale,
            address,
            &item.reference,
            body.as_str(),
        );
        outbox::enqueue(
            &mut tx,
            outbox::EmailKind::ReplyToResident,
            &email,
            Some(item.id),
        )
        .await?;
    }
    tx.commit().await?;
    state.outbox_wake.notify_one();
    Ok(back_to(&item))
}

async fn safeguarding(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let reason = staff_text(&form.reason)?;
    let mut tx = state.db.begin().await?;
    store::flag_safeguarding(&mut tx, &user.actor(), &item, reason.as_str()).await?;
    let to = state.notify.safeguarding_inbox();
    let email =
        emails::safeguarding_flagged(&state.notify, to, &item.reference, &user.account.name);
    outbox::enqueue(
        &mut tx,
        outbox::EmailKind::SafeguardingFlag,
        &email,
        Some(item.id),
    )
    .await?;
    tx.commit().await?;
    state.outbox_wake.notify_one();
    tracing::warn!(staff = user.account.id, "safeguarding concern flagged");
    Ok(back_to(&item))
}

/// "I have seen this" on an urgent item: who and when, once, so the safeguarding contact is
/// not reminded about it.
async fn seen(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(_): CsrfForm,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    if item.priority != Priority::Urgent {
        return Err(PageError::BadRequest);
    }
    let mut tx = state.db.begin().await?;
    if store::mark_urgent_seen(&mut tx, item.id, user.account.id, chrono::Utc::now()).await? {
        audit::record_in(
            &mut tx,
            &user.actor(),
            AuditAction::UrgentSeen,
            Some(item.reference.as_str()),
            "",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(back_to(&item))
}

/// Approves the (edited) text as a quote for insights, or withdraws it. Refused unless the
/// resident agreed to publication.
async fn quote(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    if !item.publish_consent {
        return Err(PageError::BadRequest);
    }
    if form.action == "withdraw" {
        store::set_quote(&state.db, &user.actor(), &item, None).await?;
    } else {
        let text = staff_text(&form.body)?;
        store::set_quote(&state.db, &user.actor(), &item, Some(text.as_str())).await?;
    }
    Ok(back_to(&item))
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
            let created = crate::submissions::submit(&state.db, &state.notify, &new).await?;
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

#[cfg(test)]
mod tests {
    use super::filter::InboxFilter;
    use super::parse_themes;

    #[test]
    fn themes_are_cleaned_lower_cased_and_unique() {
        assert_eq!(
            parse_themes(" Damp, rent arrears ,damp,, <b>Mould</b> "),
            ["damp", "rent arrears", "mould"]
        );
        assert!(parse_themes("").is_empty());
        assert_eq!(parse_themes(&"x".repeat(100))[0].len(), 40);
    }

    #[test]
    fn the_audit_log_keeps_the_inbox_filter_but_not_the_search_words() {
        let filter = InboxFilter {
            q: "Mrs Begum flat 3b".into(),
            status: "new".into(),
            page: Some(2),
            ..Default::default()
        };
        let detail = filter.for_audit();
        assert_eq!(detail, "search text not recorded; status=new&page=2");
        assert!(!detail.to_lowercase().contains("begum"));
        let plain = InboxFilter {
            status: "new".into(),
            ..Default::default()
        };
        assert_eq!(plain.for_audit(), "status=new&page=1");
    }
}
