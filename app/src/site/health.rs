//! Liveness and readiness, for process supervisors and load balancers.
//!
//! `/healthz` says only that this process is alive and answering: a supervisor restarts a
//! process that fails it, and restarting cannot mend a database, so it must not depend on
//! one. `/readyz` says whether this server should get new requests: not while it shuts
//! down, not while the database does not answer, and not while the database cannot take a
//! durable write (a full disk), so residents are sent to a server that can store their
//! feedback, and this one comes back by itself once writes succeed again.

use crate::state::AppState;
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use std::time::Duration;

pub async fn healthz() -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain")], "ok").into_response()
}

pub async fn readyz(State(state): State<AppState>) -> Response {
    let draining = state.draining.load(std::sync::atomic::Ordering::SeqCst);
    let text = if draining {
        Some("shutting down")
    } else if !tokio::time::timeout(Duration::from_secs(1), state.db.ping())
        .await
        .unwrap_or(false)
    {
        Some("database unavailable")
    } else if !state.write_probe.writable(&state.db).await {
        Some("database not accepting writes")
    } else {
        None
    };
    let status = match text {
        Some(_) => StatusCode::SERVICE_UNAVAILABLE,
        None => StatusCode::OK,
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain")],
        text.unwrap_or("ready"),
    )
        .into_response()
}
