//! Storage faults: a full disk or quota, read-only files, I/O errors. They are told apart
//! from load (busy, locked) so a resident gets the "try again later" page and the operator
//! one clear log line a minute, not one per request.

/// True when the error says the database cannot store anything now: the disk or the
/// database's quota is full, the files are read-only, or an I/O error. Busy and locked are
/// load, not faults.
pub fn is_storage_fault(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(d) = e else {
        return false;
    };
    if let Some(sqlite) = d.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
        // Extended result codes carry the primary code in the low byte:
        // SQLITE_READONLY 8, SQLITE_IOERR 10, SQLITE_FULL 13.
        let primary = sqlx::error::DatabaseError::code(sqlite)
            .and_then(|c| c.parse::<i32>().ok())
            .map(|c| c & 0xff);
        return matches!(primary, Some(8 | 10 | 13));
    }
    // The group commit's own SQLite connection (`local`).
    if let Some(local) = d.try_downcast_ref::<super::local::LocalError>() {
        return matches!(local.extended_code() & 0xff, 8 | 10 | 13);
    }
    // PostgreSQL: disk full, I/O error, system error, read-only transaction.
    matches!(
        d.code().as_deref(),
        Some("53100" | "58030" | "58000" | "25006")
    )
}

/// When the last storage fault was logged, in seconds since the epoch; shared by every
/// handle in the process because the condition is the machine's, not a request's.
static LAST_FAULT_LOG: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Logs a storage fault at error level at most once a minute, with what to do about it.
/// Each failed request is still answered with the 503 page; only the log is spared.
/// Returns true when `e` is such a fault.
pub fn note_failure(e: &sqlx::Error) -> bool {
    if !is_storage_fault(e) {
        return false;
    }
    let now = chrono::Utc::now().timestamp();
    let last = LAST_FAULT_LOG.load(std::sync::atomic::Ordering::Relaxed);
    if now - last >= 60
        && LAST_FAULT_LOG
            .compare_exchange(
                last,
                now,
                std::sync::atomic::Ordering::Relaxed,
                std::sync::atomic::Ordering::Relaxed,
            )
            .is_ok()
    {
        tracing::error!(
            error = %e,
            "the database cannot store writes (disk full, read-only or failing): submissions \
             get the 'try again later' page and nothing is acknowledged. Free space on the \
             database's disk (or fix the fault); the portal recovers by itself, no restart \
             needed. Logged once a minute while it lasts."
        );
    }
    true
}
