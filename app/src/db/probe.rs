//! The write probe behind `/readyz`: a small durable write and a check of the free space
//! beside a SQLite database, the answer reused for a moment, so readiness says "not ready"
//! while the disk is full and "ready" once writes succeed again.

use std::path::Path;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long a write probe's answer is reused: load balancers may ask every second, and a
/// probe is a small fsynced write.
const PROBE_EVERY: Duration = Duration::from_secs(2);

/// Free space below which a server on SQLite says it is not ready.
///
/// A successful probe write alone does not prove a submission would fit: a write that
/// failed for want of space has already extended the write-ahead log as far as it could,
/// and a later small write can land in that unused tail while every larger one still fails.
/// One MiB is room for many submissions and a checkpoint's growth of the database file, and
/// is nothing on any disk a server runs on.
const HEADROOM_BYTES: u64 = 1 << 20;

/// The last write probe's time and outcome, shared by every `/readyz` request.
#[derive(Default)]
pub struct WriteProbe {
    last: Mutex<Option<(Instant, bool)>>,
}

impl WriteProbe {
    /// True when a durable write succeeded within the last [`PROBE_EVERY`] and, on SQLite,
    /// the database's filesystem had [`HEADROOM_BYTES`] free; probes again otherwise.
    /// Concurrent callers wait for the one probe in flight.
    pub async fn writable(&self, db: &super::Database) -> bool {
        let mut last = self.last.lock().await;
        if let Some((at, ok)) = *last {
            if at.elapsed() < PROBE_EVERY {
                return ok;
            }
        }
        let was_ok = last.is_none_or(|(_, ok)| ok);
        let ok = match tokio::time::timeout(Duration::from_secs(2), db.write_probe()).await {
            Ok(Ok(())) => has_headroom(db, was_ok).await,
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

/// Whether a SQLite database's folder has [`HEADROOM_BYTES`] free (always true on
/// PostgreSQL, whose disk is the database server's). Warns once when space runs short.
async fn has_headroom(db: &super::Database, was_ok: bool) -> bool {
    let Some(folder) = db.sqlite_folder() else {
        return true;
    };
    let free = tokio::task::spawn_blocking(move || free_bytes(&folder)).await;
    match free {
        Ok(Ok(free)) if free >= HEADROOM_BYTES => true,
        Ok(Ok(free)) => {
            if was_ok {
                tracing::error!(
                    free_bytes = free,
                    "readiness: the SQLite database's disk is nearly full; this server says it \
                     is not ready until at least 1 MiB is free again"
                );
            }
            false
        }
        // A filesystem that cannot say how full it is is judged by the probe write alone.
        Ok(Err(e)) => {
            if was_ok {
                tracing::warn!(error = %e, "readiness: cannot read the database disk's free space");
            }
            true
        }
        Err(_) => false,
    }
}

/// Bytes an unprivileged process may still write on the filesystem holding `folder`.
fn free_bytes(folder: &Path) -> std::io::Result<u64> {
    let stats = rustix::fs::statvfs(folder)?;
    Ok(stats.f_bavail.saturating_mul(stats.f_frsize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_space_of_a_real_folder_is_read() {
        let free = free_bytes(Path::new(".")).expect("statvfs on the working folder");
        assert!(free > 0, "a build machine has some free space");
    }

    #[test]
    fn a_missing_folder_is_an_error_not_zero() {
        assert!(free_bytes(Path::new("/no/such/folder/for/the/portal")).is_err());
    }
}
