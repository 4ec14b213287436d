//! The user-facing error for page handlers.
//!
//! A handler returns `Result<Response, PageError>`. The variants are what a person may be
//! told; the cause inside `Unavailable` and `Internal` is logged with its chain and never
//! shown. Validation problems are not errors here: the form page is rendered again with
//! its error summary.
//!
//! The response carries only the status; the site layer (`site::frame`) renders the page, so
//! errors raised by axum itself (a body over the limit, a wrong method) look the same.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("not found")]
    NotFound,
    /// Signed in, but not allowed: a role that may not, or a form without its CSRF token.
    #[error("forbidden")]
    Forbidden,
    /// A form that could not have come from our pages (a value outside its choices).
    #[error("bad request")]
    BadRequest,
    #[error("the database is unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl PageError {
    pub fn status(&self) -> StatusCode {
        match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Forbidden => StatusCode::FORBIDDEN,
            PageError::BadRequest => StatusCode::BAD_REQUEST,
            PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match &self {
            PageError::NotFound | PageError::Forbidden | PageError::BadRequest => {}
            // A full or failing disk is logged by the storage layer once a minute, not here
            // for every request it turns away.
            PageError::Unavailable(cause)
                if cause
                    .downcast_ref::<sqlx::Error>()
                    .is_some_and(crate::db::note_failure) => {}
            PageError::Unavailable(cause) => tracing::warn!(error = ?cause, "database unavailable"),
            PageError::Internal(cause) => tracing::error!(error = ?cause, "request failed"),
        }
        self.status().into_response()
    }
}

/// Sorts database failures into "try again soon" and "our fault".
impl From<sqlx::Error> for PageError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            PageError::Unavailable(e.into())
        } else {
            PageError::Internal(e.into())
        }
    }
}

fn is_unavailable(e: &sqlx::Error) -> bool {
    if crate::db::is_storage_fault(e) {
        return true;
    }
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            if let Some(sqlite) = db.try_downcast_ref::<sqlx::sqlite::SqliteError>() {
                // SQLite busy or locked, in any of their extended forms (low byte 5 or 6).
                let primary = sqlx::error::DatabaseError::code(sqlite)
                    .and_then(|c| c.parse::<i32>().ok())
                    .map(|c| c & 0xff);
                return matches!(primary, Some(5 | 6));
            }
            // PostgreSQL: connection exceptions, shutting down, cannot connect now, out of
            // resources (too many connections, out of memory).
            let code = db.code().unwrap_or_default();
            code.starts_with("08") || code.starts_with("53") || code.starts_with("57P")
        }
        _ => false,
    }
}
