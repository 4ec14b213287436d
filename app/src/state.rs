//! What every handler can reach. Built once at start-up by [`AppState::build`] from the
//! database and the settings the server's configuration decided, and injected into the
//! router; there are no global pools.

use crate::db::Database;
use crate::notify::NotifySettings;
use std::sync::Arc;
use tokio::sync::Notify;

/// How long the blank form and the lists it offers are reused. An admin's change shows at
/// once on the server that made it ([`AppState::choices_changed`]), on others within this.
const PAGE_LIFETIME: std::time::Duration = std::time::Duration::from_secs(10);

/// What every handler can reach, behind one `Arc`: a request clones the state once for each
/// layer and extractor that takes it, and one reference count is cheaper to share between
/// threads than one for each of a dozen fields.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The fields of [`AppState`].
pub struct Shared {
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
    /// The active practices and topics, kept as long as the pages that list them.
    pub choices: Arc<crate::ui::Kept<crate::domain::Choices>>,
    /// The routing rules in force, kept as long as the pages; see [`AppState::routing_changed`].
    pub routing: Arc<crate::ui::Kept<crate::notify::routing::Rules>>,
    /// The writer that stores submissions in group commits.
    pub submissions: crate::submissions::Committer,
    /// The staff islands' bundle, when it has been built; staff pages work without it.
    pub islands: Option<Arc<crate::islands::bundle::Bundle>>,
}

/// What the server's configuration decides for the features; [`AppState::build`] makes the
/// rest (the form-timing key, the page cache, the default routing rule) from the database.
#[derive(Debug, Clone)]
pub struct StateConfig {
    pub base_url: url::Url,
    pub max_body_bytes: usize,
    pub trusted_proxy_header: Option<axum::http::HeaderName>,
    pub reply_target_days: u32,
    /// The service's telephone number, for the footer and the urgent-help box.
    pub service_phone: Option<crate::domain::ServicePhone>,
    /// A feedback form sent sooner than this after it was shown is treated as a bot's.
    pub form_min_seconds: u64,
    pub notify: NotifySettings,
    /// The roles that must sign in with two factors.
    pub require_two_factor: crate::domain::TwoFactorRequirement,
    /// From `PORTAL_SECRET_KEY`; without it, a key kept with the site secrets.
    pub secret_key: Option<crate::seal::SealingKey>,
    /// Where `scripts/build-islands` put the staff islands' bundle.
    pub islands_dir: std::path::PathBuf,
}

impl AppState {
    /// Forgets what lists practices or topics, after an admin changed them.
    pub fn choices_changed(&self) {
        self.pages.clear();
        self.choices.clear();
    }

    /// Forgets the routing rules, after an admin changed a rule or a staff account: the next
    /// submission on this server reads them again; other servers do within the lifetime.
    pub fn routing_changed(&self) {
        self.routing.clear();
    }

    /// The state for one process. Several processes on one database share the form-timing
    /// key and the default routing rule through it.
    pub async fn build(db: Database, config: StateConfig) -> anyhow::Result<Self> {
        use anyhow::Context;
        crate::notify::routing::ensure_default_rule(&db, &config.notify.triage)
            .await
            .context("keeping the default routing rule")?;
        let key = crate::forms::timing::shared_key(&db, "form-timing")
            .await
            .context("reading the form-timing key")?;
        let sealing_key = match config.secret_key {
            Some(key) => key,
            None => crate::seal::SealingKey::from_site_secret(
                &crate::forms::timing::shared_key(&db, "two-factor")
                    .await
                    .context("reading the two-factor key")?,
            ),
        };
        let dir = config.islands_dir.clone();
        let islands =
            tokio::task::spawn_blocking(move || crate::islands::bundle::Bundle::load(&dir))
                .await?
                .with_context(|| {
                    format!(
                        "reading the islands bundle in {}",
                        config.islands_dir.display()
                    )
                })?;
        match &islands {
            Some(bundle) => tracing::info!(
                dir = %config.islands_dir.display(),
                compressed_bytes = bundle.compressed_size(),
                "staff pages load the islands bundle"
            ),
            None => tracing::info!(
                dir = %config.islands_dir.display(),
                "staff pages are served without islands: no bundle built there (scripts/build-islands)"
            ),
        }
        Ok(AppState(Arc::new(Shared {
            islands: islands.map(Arc::new),
            settings: Arc::new(SiteSettings {
                base_url: config.base_url,
                max_body_bytes: config.max_body_bytes,
                trusted_proxy_header: config.trusted_proxy_header,
                reply_target_days: config.reply_target_days,
                service_phone: config.service_phone.map(Arc::new),
                form_timing: crate::forms::timing::FormTiming::new(key, config.form_min_seconds),
                two_factor: config.require_two_factor,
                sealing_key,
            }),
            notify: Arc::new(config.notify),
            outbox_wake: Arc::new(Notify::new()),
            draining: Arc::default(),
            write_probe: Arc::default(),
            pages: Arc::new(crate::ui::PageCache::new(PAGE_LIFETIME)),
            choices: Arc::new(crate::ui::Kept::new(PAGE_LIFETIME)),
            routing: Arc::new(crate::ui::Kept::new(PAGE_LIFETIME)),
            submissions: crate::submissions::Committer::start(db.clone()),
            db,
        })))
    }
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
    /// The service's telephone number, for the footer and the urgent-help box.
    pub service_phone: Option<Arc<crate::domain::ServicePhone>>,
    /// Signs the feedback form's start time and says how quick is too quick.
    pub form_timing: crate::forms::timing::FormTiming,
    /// The roles sent to set up two-factor sign-in before they can reach anything else.
    pub two_factor: crate::domain::TwoFactorRequirement,
    /// Seals authenticator secrets at rest.
    pub sealing_key: crate::seal::SealingKey,
}

impl SiteSettings {
    /// An absolute link to `path` on this portal.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_url.as_str().trim_end_matches('/'), path)
    }
}
