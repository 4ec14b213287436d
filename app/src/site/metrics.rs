//! Prometheus metrics, served on their own address when `PORTAL_METRICS_BIND` is set (never
//! on the public port): requests and their latency by route pattern and status, submissions
//! acknowledged, requests refused by the rate limiter, and the outbox's pending and failed
//! messages (read from the database at each scrape). Labels carry route patterns only,
//! never a path with a token or a reference in it.

use crate::db::{self, Database};
use axum::{
    extract::MatchedPath,
    http::{Method, StatusCode},
    response::IntoResponse,
};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet, EncodeLabelValue, LabelValueEncoder},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::sync::Arc;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: MethodLabel,
    route: RouteLabel,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: RouteLabel,
}

/// A route pattern as a label: the router's own shared copy, so counting a request
/// allocates nothing. `None` is a request no route matched.
#[derive(Clone, Debug)]
struct RouteLabel(Option<MatchedPath>);

impl RouteLabel {
    fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for RouteLabel {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RouteLabel {}

impl std::hash::Hash for RouteLabel {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl EncodeLabelValue for RouteLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        std::fmt::Write::write_str(encoder, self.as_str())
    }
}

/// A request method as a label: the standard ones by name, any other as `other`, so a
/// client inventing methods cannot grow the metrics without end.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct MethodLabel(&'static str);

impl MethodLabel {
    fn of(method: &Method) -> Self {
        const STANDARD: [&str; 9] = [
            "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
        ];
        MethodLabel(
            STANDARD
                .into_iter()
                .find(|name| *name == method.as_str())
                .unwrap_or("other"),
        )
    }
}

impl EncodeLabelValue for MethodLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        std::fmt::Write::write_str(encoder, self.0)
    }
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

impl Metrics {
    /// Counts an answered request by its route pattern (`route`, none when no route
    /// matched), method and status, with the time it took.
    pub fn record(
        &self,
        route: Option<MatchedPath>,
        method: Method,
        status: StatusCode,
        took: std::time::Duration,
    ) {
        let route = RouteLabel(route);
        if status == StatusCode::TOO_MANY_REQUESTS {
            self.rate_limited.inc();
        }
        if status == StatusCode::SEE_OTHER
            && method == Method::POST
            && route.as_str() == "/feedback"
        {
            self.submissions.inc();
        }
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                method: MethodLabel::of(&method),
                route,
                status: status.as_u16(),
            })
            .inc();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_nobody_uses_share_one_label() {
        let metrics = Metrics::default();
        for name in ["FROB", "WIBBLE", "QUUX", "GET"] {
            let method = Method::from_bytes(name.as_bytes()).unwrap();
            metrics.record(None, method, StatusCode::NOT_FOUND, Default::default());
        }
        let mut text = String::new();
        encode(&mut text, &metrics.registry).unwrap();
        assert!(
            text.contains(
                r#"portal_http_requests_total{method="other",route="unmatched",status="404"} 3"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"method="GET""#), "{text}");
        assert!(!text.contains("FROB") && !text.contains("WIBBLE"), "{text}");
    }
}
