//! What every handler can reach. Built once at start-up by the server crate and injected
//! into the router; there are no global pools.

use crate::db::Database;
use crate::notify::NotifySettings;
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub settings: Arc<SiteSettings>,
    pub notify: Arc<NotifySettings>,
    /// Wakes this process's outbox worker after a commit that queued mail.
    pub outbox_wake: Arc<Notify>,
    /// Set when shutdown begins: `/readyz` then answers 503 so a load balancer stops
    /// sending new requests here while the ones in flight finish.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// The last write probe `/readyz` made, reused for a moment.
    pub write_probe: Arc<crate::db::probe::WriteProbe>,
    /// Rendered pages reused for a few seconds (the blank feedback form).
    pub pages: Arc<crate::ui::PageCache>,
}

/// The settings the features need, already parsed and checked by the server's configuration.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// Links in pages and emails are built from this, never from the request's Host header.
    pub base_url: url::Url,
    /// Request bodies above this are refused with a 413 page before they are read.
    pub max_body_bytes: usize,
    /// The header a trusted reverse proxy writes the client's address into, if any.
    pub trusted_proxy_header: Option<axum::http::HeaderName>,
    /// Working days within which a first public reply counts as on time (insights).
    pub reply_target_days: u32,
    /// Signs the feedback form's start time and says how quick is too quick.
    pub form_timing: crate::forms::timing::FormTiming,
}

impl SiteSettings {
    /// An absolute link to `path` on this portal.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url.as_str().trim_end_matches('/'), path)
    }
}
