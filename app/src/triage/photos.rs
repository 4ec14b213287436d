//! The resident's photos, one at a time, for staff and admins only (never commissioners,
//! never in an email). Served as the cleaned bytes stored with the submission, not cached
//! anywhere on the way.

use crate::db;
use crate::domain::Reference;
use crate::error::PageError;
use crate::staff::guard::Staff;
use crate::state::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/staff/submissions/{reference}/photos/{id}", get(photo))
}

async fn photo(
    State(state): State<AppState>,
    Staff(_user): Staff,
    Path((raw, id)): Path<(String, i64)>,
) -> Result<Response, PageError> {
    let reference = Reference::parse(&raw).map_err(|_| PageError::NotFound)?;
    let row: Option<(String, i32, Vec<u8>)> = db::query(
        "SELECT p.content_type, p.position, p.bytes FROM submission_photos p \
         JOIN submissions s ON s.id = p.submission_id WHERE s.reference = $1 AND p.id = $2",
    )
    .bind(reference.as_str())
    .bind(id)
    .fetch_optional(&state.db)
    .await?;
    let (content_type, position, bytes) = row.ok_or(PageError::NotFound)?;
    let extension = if content_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    let disposition = format!(
        "inline; filename=\"{}-photo-{position}.{extension}\"",
        reference.as_str()
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type).map_err(|_| PageError::NotFound)?,
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).map_err(|_| PageError::NotFound)?,
            ),
        ],
        bytes,
    )
        .into_response())
}
