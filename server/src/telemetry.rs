//! Logging. Compact lines in development, JSON in production. Nothing a resident typed and
//! no contact details are ever logged: request spans record the route pattern
//! (`/track/{token}`), never the path with its token.

use crate::config::LogFormat;
use axum::{extract::MatchedPath, http::Request};
use tracing::Span;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let registry = tracing_subscriber::registry().with(filter);
    // A second call (tests start several servers in one process) keeps the first subscriber.
    let _ = match format {
        LogFormat::Pretty => registry.with(fmt::layer().compact()).try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
    };
}

/// The span for one request: method and route pattern only.
pub fn request_span<B>(request: &Request<B>) -> Span {
    // Read inside the macro: it is not evaluated at all when the span is switched off.
    let route = || {
        request
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", MatchedPath::as_str)
    };
    tracing::info_span!("request", method = %request.method(), route = route())
}
