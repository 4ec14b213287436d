//! Admin pages, for the `admin` role only, one module per area: staff accounts, practices
//! and networks, topics, routing rules, the outbox, and the audit log. Every change is audited in the same
//! transaction as the change.

mod accounts;
mod audit;
mod outbox;
pub mod pages;
mod practices;
mod routing;
mod staff_practices;
pub mod store;
pub mod templates;
pub mod themes;
mod topics;

use crate::audit::AuditAction;
use crate::db::Tx;
use crate::error::PageError;
use crate::staff::session::SignedIn;
use crate::state::AppState;
use axum::{
    response::{Redirect, Response},
    routing::get,
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/accounts") }))
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(practices::routes())
        .merge(topics::routes())
        .merge(themes::routes())
        .merge(routing::routes())
        .merge(outbox::routes())
        .merge(staff_practices::routes())
        .merge(templates::routes())
}

/// How an admin change to one row ends, for every admin page: when it matched no row, a 404
/// with nothing kept; otherwise its audit row in the same transaction, the commit, and back
/// to `page` with the saved notice.
pub(super) async fn finish_change(
    mut tx: Tx,
    matched: u64,
    user: &SignedIn,
    action: AuditAction,
    detail: &str,
    page: &str,
) -> Result<Response, PageError> {
    if matched == 0 {
        tx.rollback().await?;
        return Err(PageError::NotFound);
    }
    crate::audit::record_in(&mut tx, &user.actor(), action, None, detail).await?;
    tx.commit().await?;
    Ok(crate::forms::saved(page))
}
