//! Prometheus metrics, served on their own address when `PORTAL_METRICS_BIND` is set (never
//! on the public port): requests and their latency by route pattern and status, submissions
//! acknowledged, requests refused by the rate limiter, and the outbox's pending and failed
//! messages (read from the database at each scrape). Labels carry route patterns only,
//! never a path with a token or a reference in it.

use crate::db::{self, Database};
use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::sync::Arc;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    submissions: Counter,
    rate_limited: Counter,
    outbox_pending: Gauge,
    outbox_failed: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("portal");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ])
        });
        let (submissions, rate_limited) = (Counter::default(), Counter::default());
        let (outbox_pending, outbox_failed) = (Gauge::default(), Gauge::default());
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route pattern",
            latency.clone(),
        );
        registry.register(
            "submissions",
            "Submissions acknowledged (303 to the confirmation)",
            submissions.clone(),
        );
        registry.register(
            "rate_limited",
            "Requests refused by the rate limiter (429)",
            rate_limited.clone(),
        );
        registry.register(
            "outbox_pending",
            "Emails waiting to be sent",
            outbox_pending.clone(),
        );
        registry.register(
            "outbox_failed",
            "Emails that failed for good",
            outbox_failed.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            submissions,
            rate_limited,
            outbox_pending,
            outbox_failed,
        }
    }
}

impl Metrics {
    /// The text exposition format, with the outbox gauges read now.
    pub async fn render(&self, db: &Database) -> String {
        let counts: Result<Vec<(String, i64)>, sqlx::Error> = db::query(
            "SELECT status, COUNT(*) FROM outbox WHERE status IN ('pending', 'failed') GROUP BY status")
            .fetch_all(db).await;
        if let Ok(counts) = counts {
            let get = |s: &str| {
                counts
                    .iter()
                    .find(|(k, _)| k == s)
                    .map(|(_, n)| *n)
                    .unwrap_or(0)
            };
            self.outbox_pending.set(get("pending"));
            self.outbox_failed.set(get("failed"));
        }
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

/// The middleware that counts every request by its route pattern.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = request.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    if status == 429 {
        metrics.rate_limited.inc();
    }
    if status == 303 && method == "POST" && route == "/feedback" {
        metrics.submissions.inc();
    }
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status,
        })
        .inc();
    response
}

/// The router for the metrics address.
pub fn router(metrics: Arc<Metrics>, db: Database) -> axum::Router {
    axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let (metrics, db) = (metrics.clone(), db.clone());
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    metrics.render(&db).await,
                )
                    .into_response()
            }
        }),
    )
}
