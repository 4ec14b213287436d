//! The feedback form as a request body: URL-encoded (no photos), or `multipart/form-data`
//! with up to [`photos::MAX_PHOTOS`] photos in the `photos` field. Each file is read in
//! chunks and given up as soon as it passes [`photos::MAX_BYTES`], so an oversized file is
//! never held whole; then each is cleaned ([`photos::clean`]) off the async threads, a few
//! at a time, so a burst of uploads cannot take every core.

use super::form::FeedbackForm;
use crate::photos::{self, CleanPhoto, PhotoError};
use crate::state::AppState;
use axum::{
    extract::{FromRequest, Multipart, Request},
    http::{header::CONTENT_TYPE, StatusCode},
    response::{IntoResponse, Response},
    Form,
};
use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// The body limit of the feedback route: three photos at their limit, and the form.
pub const BODY_LIMIT: usize = photos::MAX_PHOTOS * photos::MAX_BYTES + 256 * 1024;

/// One file as it arrived.
pub enum RawPhoto {
    Bytes(Vec<u8>),
    TooBig,
}

/// The form's fields and its files, not yet checked.
pub struct FeedbackPost {
    pub form: FeedbackForm,
    pub photos: Vec<RawPhoto>,
}

impl FromRequest<AppState> for FeedbackPost {
    type Rejection = Response;

    /// The route allows [`BODY_LIMIT`] for the photos; everything that is not a photo keeps
    /// the portal's usual limit (`PORTAL_MAX_BODY_BYTES`): a URL-encoded form over it, or
    /// text fields adding up to more, get the 413 page as on any other route.
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let most_text = state.settings.max_body_bytes;
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
        let unreadable = |status: StatusCode| {
            tracing::info!(%status, "unreadable feedback form");
            status.into_response()
        };
        if !multipart {
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, most_text)
                .await
                .map_err(|_| unreadable(StatusCode::PAYLOAD_TOO_LARGE))?;
            let req = Request::from_parts(parts, axum::body::Body::from(bytes));
            let Form(form) = Form::<FeedbackForm>::from_request(req, state)
                .await
                .map_err(|r| unreadable(r.status()))?;
            return Ok(FeedbackPost {
                form,
                photos: Vec::new(),
            });
        }
        let mut body = Multipart::from_request(req, state)
            .await
            .map_err(|r| unreadable(r.status()))?;
        let mut fields = serde_json::Map::new();
        let mut text_bytes = 0;
        let mut photos = Vec::new();
        while let Some(mut field) = body
            .next_field()
            .await
            .map_err(|e| unreadable(e.status()))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let is_photo = name == "photos";
            let most = if is_photo {
                photos::MAX_BYTES
            } else {
                most_text - text_bytes.min(most_text)
            };
            let mut bytes = Vec::new();
            let mut too_big = false;
            while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(e.status()))? {
                if too_big || bytes.len() + chunk.len() > most {
                    too_big = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if !is_photo {
                if too_big {
                    return Err(unreadable(StatusCode::PAYLOAD_TOO_LARGE));
                }
                text_bytes += bytes.len();
                let text =
                    String::from_utf8(bytes).map_err(|_| unreadable(StatusCode::BAD_REQUEST))?;
                fields.insert(name, serde_json::Value::String(text));
            } else if too_big {
                photos.push(RawPhoto::TooBig);
            } else if !bytes.is_empty() {
                // A file input left empty still sends a part, with no bytes.
                photos.push(RawPhoto::Bytes(bytes));
            }
        }
        let form = serde_json::from_value(serde_json::Value::Object(fields))
            .map_err(|_| unreadable(StatusCode::BAD_REQUEST))?;
        Ok(FeedbackPost { form, photos })
    }
}

/// Why the photos as a whole were refused: the message key and the photo's number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoProblem {
    pub key: &'static str,
    pub number: usize,
}

/// Cleans every photo, or names the first that cannot be taken (then none is kept).
pub async fn clean_all(raw: Vec<RawPhoto>) -> Result<Vec<CleanPhoto>, PhotoProblem> {
    /// Photos being decoded at once, across all requests: one per core on the servers
    /// this runs on. More wait their turn.
    static CLEANING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));
    if raw.len() > photos::MAX_PHOTOS {
        return Err(PhotoProblem {
            key: "photo-error-too-many",
            number: photos::MAX_PHOTOS,
        });
    }
    let mut clean = Vec::with_capacity(raw.len());
    for (i, photo) in raw.into_iter().enumerate() {
        let problem = |e: PhotoError| PhotoProblem {
            key: e.key(),
            number: i + 1,
        };
        let bytes = match photo {
            RawPhoto::TooBig => return Err(problem(PhotoError::TooBig)),
            RawPhoto::Bytes(bytes) => bytes,
        };
        let _turn = CLEANING
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let cleaned = tokio::task::spawn_blocking(move || photos::clean(&bytes))
            .await
            .unwrap_or(Err(PhotoError::Unreadable));
        clean.push(cleaned.map_err(problem)?);
    }
    Ok(clean)
}
