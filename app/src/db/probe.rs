//! The write probe behind `/readyz`: a small durable write, its answer reused for a moment,
//! so readiness says "not ready" while the disk is full and "ready" once writes succeed.

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
    pub async fn writable(&self, db: &super::Database) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, ok)) = *last {
            if at.elapsed() < PROBE_EVERY {
                return ok;
            }
        }
        let ok = match tokio::time::timeout(Duration::from_secs(2), db.write_probe()).await {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                if !super::note_failure(&e) {
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
