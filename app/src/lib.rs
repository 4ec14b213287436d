//! Have your say: the resident feedback portal for social prescribing in Tower Hamlets.
//!
//! Folders by feature: `resident/` (the public journey), `staff/` (accounts, sign-in,
//! sessions), `triage/` (the inbox, the item page, assisted entry), `insights/` (figures for
//! commissioners, CSV exports, "You said, we did"), `notify/` (emails:
//! outbox, worker, routing, urgent detection), `site/` (information pages, assets, health,
//! error pages). `audit` is the shared audit-log writer. Shared pieces: `domain/` (types that parse input once),
//! `i18n` (every string a person reads), `ui/` (page shell and form furniture),
//! `sanitise` (the one ammonia configuration), `db` (the storage handle for SQLite and
//! PostgreSQL).

pub mod domain;
pub mod i18n;
pub mod islands;
pub mod ui;

#[cfg(all(test, feature = "ssr"))]
mod layers;

#[cfg(feature = "ssr")]
pub mod admin;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod cookies;
#[cfg(feature = "ssr")]
pub mod db;
/// `portal demo-data`: a command-line tool, outside the request code.
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod insights;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod photos;
#[cfg(feature = "ssr")]
pub mod privacy;
#[cfg(feature = "ssr")]
pub mod resident;
#[cfg(feature = "ssr")]
pub mod sanitise;
#[cfg(feature = "ssr")]
pub mod seal;
#[cfg(feature = "ssr")]
pub mod site;
#[cfg(feature = "ssr")]
pub mod staff;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod submissions;
#[cfg(feature = "ssr")]
pub mod triage;

/// Every page route of the portal, ready for the server to add its layers and state.
#[cfg(feature = "ssr")]
pub fn routes() -> axum::Router<state::AppState> {
    resident::routes()
        .merge(staff::routes())
        .merge(triage::routes())
        .merge(admin::routes())
        .merge(insights::routes())
        .merge(privacy::routes())
        .merge(site::routes())
        .merge(islands::bundle::routes())
        .fallback(site::not_found)
}
