//! The triage inbox and the item page, for the `staff` and `admin` roles. Every page that
//! shows a resident's personal data and every change writes to the audit log.

mod assisted;
pub mod bulk;
mod duplicate;
pub mod filter;
pub mod item_page;
pub mod list;
pub mod nav;
pub mod pages;
mod photos;
mod replies;
pub mod store;
pub mod suggest;
mod update;

use crate::audit;
use crate::audit::AuditAction;
use crate::domain::{Message, Priority, Reference};
use crate::error::PageError;
use crate::i18n::Locale;
use crate::notify::{emails, outbox, staff_emails};
use crate::staff::accounts;
use crate::staff::guard::{CsrfForm, Staff};
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
use item_page::ItemPage;
use leptos::prelude::view;
use pages::InboxPage;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(inbox))
        .route("/staff/submissions/{reference}", get(item))
        .route("/staff/submissions/{reference}/themes", post(themes))
        .route("/staff/submissions/{reference}/themes/add", post(add_theme))
        .route("/staff/submissions/{reference}/notes", post(note))
        .route("/staff/submissions/{reference}/reply", post(reply))
        .route(
            "/staff/submissions/{reference}/safeguarding",
            post(safeguarding),
        )
        .route("/staff/submissions/{reference}/quote", post(quote))
        .route("/staff/submissions/{reference}/seen", post(seen))
        .merge(update::routes())
        .merge(assisted::routes())
        .merge(bulk::routes())
        .merge(duplicate::routes())
        .merge(replies::routes())
        .merge(photos::routes())
}

async fn inbox(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Query(filter): Query<InboxFilter>,
) -> Result<Response, PageError> {
    let today = crate::domain::london_today();
    let counts = list::status_counts(&state.db).await?;
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
    let list::InboxList {
        rows,
        more,
        matched,
    } = list::inbox(
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
    /// A reply template to start the reply box from: `<id>:<language>`.
    template: String,
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
    let saved = query.saved.is_some();
    render_item(
        &state,
        &locale,
        user,
        item,
        Shown {
            within: query.within,
            saved,
            template: query.template,
            ..Shown::default()
        },
    )
    .await
}

/// What the item page shows besides the item.
#[derive(Default)]
pub(super) struct Shown {
    /// The inbox filter it was opened from.
    pub within: String,
    pub saved: bool,
    /// A form on the page that did not check out: listed at the top, answered with 422.
    pub problems: Vec<FieldError>,
    /// Text for the reply box: a reply that did not check out.
    pub draft: String,
    /// The reply template to start the reply box from, when there is no draft.
    pub template: String,
    /// Text for the note box: a note that did not check out.
    pub note: String,
}

/// The item page, audited as a view.
pub(super) async fn render_item(
    state: &AppState,
    locale: &Locale,
    user: crate::staff::session::SignedIn,
    item: store::Item,
    shown: Shown,
) -> Result<Response, PageError> {
    let Shown {
        within,
        saved,
        problems,
        draft,
        template,
        note,
    } = shown;
    let in_list = nav::in_list(state, &user, &item, &within).await?;
    let templates = crate::admin::templates::active(&state.db).await?;
    let draft = match draft.as_str() {
        "" => template_text(&templates, &template),
        _ => draft,
    };
    audit::record(
        &state.db,
        &user.actor(),
        AuditAction::SubmissionViewed,
        Some(item.reference.as_str()),
        "",
    )
    .await?;
    let staff = accounts::assignable(&state.db).await?;
    let known_themes = store::offered_themes(&state.db).await?;
    let suggested: Vec<suggest::Rule> = suggest::suggest(&item.message, &known_themes)
        .into_iter()
        .filter(|rule| !item.themes.contains(&rule.name))
        .cloned()
        .collect();
    let history = audit::list(
        &state.db,
        &audit::Filter {
            reference: item.reference.as_str().to_owned(),
            ..Default::default()
        },
    )
    .await?;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_page(locale, status, move || {
        view! {
            <ItemPage user=user item=item staff=staff known_themes=known_themes suggested=suggested saved=saved audit=history
                in_list=in_list problems=problems templates=templates draft=draft note_draft=note/>
        }
    }))
}

/// A template's text for the reply box, from `<id>:<language>`: the Bengali text when asked
/// for and written, else the English. Anything else gives an empty box.
fn template_text(templates: &[crate::admin::templates::Template], chosen: &str) -> String {
    let Some((id, language)) = chosen.split_once(':') else {
        return String::new();
    };
    templates
        .iter()
        .find(|t| id.parse() == Ok(t.id))
        .map(|t| match (language, &t.body_bn) {
            ("bn", Some(bn)) => bn.clone(),
            _ => t.body_en.clone(),
        })
        .unwrap_or_default()
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

/// Themes are short free tags: trimmed, lower-cased, cleaned, without repeats.
fn parse_themes(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for theme in input.split(',').filter_map(crate::forms::theme_name) {
        if !out.contains(&theme) {
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
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    // A box ticked for each theme on the list (`theme`, repeated), and typed names in
    // `themes`: the submission's themes not on the list, and new suggestions.
    let typed: Vec<&str> = fields
        .iter()
        .filter(|(name, _)| name == "theme" || name == "themes")
        .map(|(_, value)| value.as_str())
        .collect();
    let themes = parse_themes(&typed.join(","));
    store::set_themes(&state.db, &user.actor(), &item, &themes).await?;
    Ok(back_to(&item))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct AddThemeForm {
    theme: String,
}

/// One click on a suggested theme: it joins the submission's themes. Only a theme on the
/// list can be added this way.
async fn add_theme(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<AddThemeForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let offered = store::offered_themes(&state.db).await?;
    let theme = crate::forms::theme_name(&form.theme)
        .filter(|t| offered.iter().any(|rule| &rule.name == t))
        .ok_or(PageError::BadRequest)?;
    let mut themes = item.themes.clone();
    if !themes.contains(&theme) {
        themes.push(theme);
    }
    store::set_themes(&state.db, &user.actor(), &item, &themes).await?;
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

/// Publishes a reply on the tracking page and, when the resident agreed to be contacted,
/// sends it to them through the outbox, in the same transaction: by email with their
/// tracking link, or by text when they gave only a mobile number.
async fn reply(
    State(state): State<AppState>,
    locale: Locale,
    Staff(user): Staff,
    Path(raw): Path<String>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    let item = load(&state, &raw).await?;
    let Ok(body) = staff_text(&form.body) else {
        let problems = vec![FieldError {
            field: "reply-body",
            message: locale.text("item-reply-error-empty"),
        }];
        let shown = Shown {
            problems,
            draft: form.body.clone(),
            ..Shown::default()
        };
        return render_item(&state, &locale, user, item, shown).await;
    };
    let mut tx = state.db.begin().await?;
    store::add_reply(&mut tx, &user.actor(), &item, body.as_str()).await?;
    let contact = crate::notify::ResidentContact::of(
        item.contact_consent,
        item.email.as_deref(),
        item.phone.as_deref(),
    );
    if let Some(contact) = contact {
        let locale = Locale::from_code(&item.language).unwrap_or_else(Locale::english);
        let link = crate::resident::lost_link::sealed_link(
            &mut tx,
            &state.notify,
            &state.settings.sealing_key,
            item.id,
            &item.reference,
        )
        .await?;
        let kind = outbox::EmailKind::ReplyToResident;
        let message = match contact {
            crate::notify::ResidentContact::Email(address) => outbox::Outgoing::Email(
                kind,
                emails::reply_to_resident(
                    &state.notify,
                    &locale,
                    &address,
                    &item.reference,
                    body.as_str(),
                    link.as_deref(),
                ),
            ),
            // A text always carries a link: the submission's own, else the page that
            // sends it again.
            crate::notify::ResidentContact::Text(number) => outbox::Outgoing::Text(
                kind,
                crate::notify::texts::reply(
                    &locale,
                    &number,
                    &item.reference,
                    body.as_str(),
                    &link.unwrap_or_else(|| state.notify.base_url_link("/track")),
                ),
            ),
        };
        outbox::queue(&mut tx, &message, Some(item.id)).await?;
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
        staff_emails::safeguarding_flagged(&state.notify, to, &item.reference, &user.account.name);
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
