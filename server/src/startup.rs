//! Building the application: connect, migrate, assemble the router with its layers, bind.
//! `Application::build` binds before it serves, so tests ask for port 0 and read the port.

use crate::config::Settings;
use crate::telemetry;
use anyhow::Context;
use app::{
    db::Database,
    notify::worker::Worker,
    state::{AppState, StateConfig},
};
use axum::{extract::DefaultBodyLimit, middleware, Router};
use secrecy::ExposeSecret;
use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};
use std::time::Duration;
use tokio::{net::TcpListener, sync::watch};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Database,
    header_timeout: Duration,
    draining: Arc<AtomicBool>,
    retention: app::privacy::retention::Retention,
    /// The metrics listener and router, when `PORTAL_METRICS_BIND` is set.
    metrics: Option<(TcpListener, Router)>,
    /// `None` when this process leaves delivery to others (`PORTAL_OUTBOX_WORKER=false`).
    worker: Option<Worker>,
}

impl Application {
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        if let Some(key) = &settings.secret_key {
            anyhow::ensure!(
                key.expose_secret().chars().count() >= 32,
                "PORTAL_SECRET_KEY is too short: use at least 32 random characters (openssl rand -base64 32)"
            );
        }
        tracing::info!(database = %app::db::describe_url(settings.database_url()), "opening the database");
        let db = Database::connect(settings.database_url(), &settings.pool()).await?;
        let listener = TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("listening on {}", settings.bind))?;
        // Without a configured base URL, links point at the address actually bound (port 0
        // in tests becomes the real port).
        let base_url = match &settings.base_url {
            Some(url) => url.clone(),
            None => url::Url::parse(&format!("http://{}", listener.local_addr()?))?,
        };
        let state = AppState::build(
            db.clone(),
            StateConfig {
                base_url: base_url.clone(),
                max_body_bytes: settings.max_body_bytes,
                trusted_proxy_header: settings.trusted_proxy_header.clone(),
                reply_target_days: settings.reply_target_days,
                service_phone: settings.service_phone.clone(),
                form_min_seconds: settings.form_min_seconds,
                notify: settings.notify(base_url),
                require_two_factor: settings.require_two_factor,
                secret_key: settings
                    .secret_key
                    .as_ref()
                    .map(|k| app::staff::two_factor::SealingKey::from_setting(k.expose_secret())),
                islands_dir: settings.islands_dir.clone(),
            },
        )
        .await?;
        let worker = if settings.outbox_worker {
            Some(Worker {
                db: db.clone(),
                mailer: settings.mailer()?,
                texter: settings.texter()?,
                settings: state.notify.clone(),
                wake: state.outbox_wake.clone(),
            })
        } else {
            None
        };
        let draining = state.draining.clone();
        let metrics = Arc::new(app::site::metrics::Metrics::default());
        let metrics_listener = match settings.metrics_bind {
            Some(address) => Some((
                TcpListener::bind(address)
                    .await
                    .with_context(|| format!("listening for metrics on {address}"))?,
                app::site::metrics::router(metrics.clone(), db.clone()),
            )),
            None => None,
        };
        let router = router(
            state,
            Arc::new(settings.rate_limits()),
            Duration::from_secs(settings.request_timeout_secs),
            metrics,
        );
        Ok(Application {
            listener,
            router,
            db,
            header_timeout: Duration::from_secs(settings.header_timeout_secs),
            draining,
            retention: settings.retention(),
            metrics: metrics_listener,
            worker,
        })
    }

    /// The metrics address's port, when metrics are served.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics
            .as_ref()
            .and_then(|(l, _)| l.local_addr().ok())
            .map(|a| a.port())
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight and lets the
    /// outbox worker finish the message it is sending. Anything unsent waits in the outbox
    /// for the next start.
    ///
    /// Connections are served by hyper directly (not `axum::serve`) for its header-read
    /// timeout: a client must send its headers within `PORTAL_HEADER_TIMEOUT_SECS`, and a
    /// kept-alive connection idle that long is closed, so slow clients cannot hold sockets.
    pub async fn serve_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        use hyper_util::rt::{TokioIo, TokioTimer};
        tracing::info!(address = %self.listener.local_addr()?, "serving");
        let (stop, stopped) = watch::channel(false);
        let retention = tokio::spawn(app::privacy::retention::daily(
            self.db.clone(),
            self.retention,
            stopped.clone(),
        ));
        if let Some((listener, router)) = self.metrics {
            tracing::info!(address = %listener.local_addr()?, "serving metrics");
            let mut stop_metrics = stopped.clone();
            tokio::spawn(async move {
                let _ = axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop_metrics.changed().await;
                    })
                    .await;
            });
        }
        let worker = self.worker.map(|w| tokio::spawn(w.run(stopped)));
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .keep_alive(true);
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        tokio::pin!(shutdown);
        loop {
            let (stream, address) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a moment, keep serving.
                        tracing::warn!(error = %e, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let service = tower::ServiceExt::map_request(
                self.router.clone(),
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(address));
                    request
                },
            );
            let connection = http.serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(service),
            );
            let connection = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::debug!(error = %e, "connection closed with an error");
                }
            });
        }
        self.draining.store(true, Ordering::SeqCst);
        drop(self.listener);
        if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("requests still running after 30 s; stopping anyway");
        }
        let _ = stop.send(true);
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        let _ = retention.await;
        self.db.close().await;
        Ok(())
    }
}

/// Every route with every layer, outermost first. The order matters: the site layer (error
/// pages, security headers, metrics) sits outside the request timeout, the panic catcher
/// and the rate limiter, so a request that took too long, a panic and a refusal each become
/// a readable page with those headers, and are counted.
///
/// The layers are one `ServiceBuilder` stack given to `Router::layer` once. Each separate
/// `Router::layer` call boxes every route again, and a request then clones and drops each
/// box in turn: with a dozen layers that cost the form page a third of its throughput.
/// With rate limits switched off the limiter is left out rather than asked each time.
pub fn router(
    state: AppState,
    limits: Arc<app::site::limits::RateLimits>,
    timeout: Duration,
    metrics: Arc<app::site::metrics::Metrics>,
) -> Router {
    let max_body = state.settings.max_body_bytes;
    let rate_limit = limits
        .enabled()
        .then(|| middleware::from_fn_with_state(limits, app::site::limits::rate_limit));
    let layers = ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(app::site::SiteLayer::new(state.clone(), metrics))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::new())
        .option_layer(rate_limit)
        .layer(DefaultBodyLimit::max(max_body));
    app::routes().layer(layers).with_state(state)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::Request, routing::get};
    use tower::ServiceExt;

    /// The panic catcher and, outside it, the error page the site layer gives, as in
    /// `router()`: a panicking handler becomes
    /// the friendly 500 page and the next request is served as usual.
    #[tokio::test]
    async fn a_panic_in_a_handler_is_a_friendly_500_and_serving_goes_on() {
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    if std::hint::black_box(true) {
                        panic!("a bug in a handler");
                    }
                    "unreachable"
                }),
            )
            .route("/fine", get(|| async { "still here" }))
            .layer(CatchPanicLayer::new())
            .layer(middleware::from_fn(app::site::friendly_error_pages));
        let response = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), 500);
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let page = String::from_utf8(body.to_vec()).unwrap();
        assert!(page.contains("<h1"), "a page, not a bare status");
        assert!(
            !page.contains("a bug in a handler"),
            "the cause is never shown"
        );
        let next = app
            .oneshot(Request::get("/fine").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(next.status(), 200);
    }
}
