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
mod topics;

use crate::state::AppState;
use axum::{response::Redirect, routing::get, Router};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/accounts") }))
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(practices::routes())
        .merge(topics::routes())
        .merge(routing::routes())
        .merge(outbox::routes())
        .merge(staff_practices::routes())
        .merge(templates::routes())
}
