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
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long a write probe's answer is reused: load balancers may ask every second, and a
/// probe is a small fsynced write.
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// The last write probe's time and outcome, shared by every `/readyz` request.
#[derive(Default)]
pub struct WriteProbe {
    last: Mutex<Option<(Instant, bool)>>,
}

impl WriteProbe {
    /// True when a durable write succeeded within the last [`PROBE_EVERY`]; probes again
    /// otherwise. Concurrent callers wait for the one probe in flight.
    async fn writable(&self, db: &crate::db::Database) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, ok)) = *last {
            if at.elapsed() < PROBE_EVERY {
                return ok;
            }
        }
        let ok = match tokio::time::timeout(Duration::from_secs(2), db.write_probe()).await {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                if !crate::db::note_failure(&e) {
                    tracing::warn!(error = %e, "readiness: the write probe failed");
                }
                false
            }
            Err(_) => false,
        };
        *last = Some((Instant::now(), ok));
        ok
    }
}

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
