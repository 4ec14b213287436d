//! An item's place in the inbox view it was opened from: the way back to that view and the
//! previous and next items in it. The view (a filter's query string) travels in each link.

use super::filter::InboxFilter;
use super::{list, store};
use crate::domain::Reference;
use crate::error::PageError;
use crate::staff::session::SignedIn;
use crate::state::AppState;
use axum::extract::Query;

/// Where an item sits in the inbox view it was opened from: the way back and its
/// neighbours, each link carrying the view on.
#[derive(Debug, Clone, Default)]
pub struct InList {
    pub back: String,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// The links around an item for the inbox view in `within` (a filter's query string). A
/// view that does not parse is ignored: the links then follow the whole inbox, newest first.
pub async fn in_list(
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
    let (previous, next) = list::neighbours(
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
