//! The islands' files, built by `scripts/build-islands` (wasm-bindgen's `frontend.js` and
//! `frontend_bg.wasm`) into `PORTAL_ISLANDS_DIR`, read once at start-up and served under
//! paths that carry a hash of their content, so browsers keep them for a year. Each is
//! compressed with brotli once, here, rather than by the compression layer on every request.

use crate::state::AppState;
use axum::{
    extract::{Path as UrlPath, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use sha2::Digest;
use std::io::Write;
use std::path::Path;

pub fn routes() -> Router<AppState> {
    Router::new().route("/islands/{file}", get(serve))
}

async fn serve(
    State(state): State<AppState>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let found = state
        .islands
        .as_ref()
        .and_then(|b| b.files.iter().find(|f| f.name == file));
    let Some(file) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let brotli = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            parts.next().is_some_and(|c| c.trim() == "br")
                && !parts.any(|p| p.trim().replace(' ', "") == "q=0")
        });
    let mut response = if brotli {
        (
            [(header::CONTENT_ENCODING, HeaderValue::from_static("br"))],
            file.brotli.clone(),
        )
            .into_response()
    } else {
        file.body.clone().into_response()
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(file.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

struct File {
    /// The name under `/islands/`, with the hash.
    name: String,
    content_type: &'static str,
    body: axum::body::Bytes,
    brotli: axum::body::Bytes,
}

impl File {
    fn new(stem: &str, ext: &str, body: Vec<u8>, content_type: &'static str) -> Self {
        let hash = hex::encode(&sha2::Sha256::digest(&body)[..6]);
        let mut brotli = Vec::with_capacity(body.len() / 3);
        {
            let mut writer = brotli::CompressorWriter::new(&mut brotli, 4096, 11, 22);
            writer
                .write_all(&body)
                .expect("compressing into memory cannot fail");
        }
        File {
            name: format!("{stem}.{hash}.{ext}"),
            content_type,
            body: body.into(),
            brotli: brotli.into(),
        }
    }

    fn path(&self) -> String {
        format!("/islands/{}", self.name)
    }
}

/// A built bundle of the staff islands.
pub struct Bundle {
    files: Vec<File>,
    /// The loader's path, shared with every staff page drawn (no copy per request).
    loader: std::sync::Arc<str>,
}

const JS: &str = "text/javascript; charset=utf-8";

impl Bundle {
    /// The bundle in `dir`, or `None` when it has not been built there.
    pub fn load(dir: &Path) -> std::io::Result<Option<Self>> {
        let (glue, wasm) = (dir.join("frontend.js"), dir.join("frontend_bg.wasm"));
        if !glue.is_file() || !wasm.is_file() {
            return Ok(None);
        }
        let glue = File::new("frontend", "js", std::fs::read(glue)?, JS);
        let wasm = File::new(
            "frontend_bg",
            "wasm",
            std::fs::read(wasm)?,
            "application/wasm",
        );
        let loader = include_str!("../../../public/islands-loader.js")
            .replace("__GLUE__", &glue.path())
            .replace("__WASM__", &wasm.path());
        let loader = File::new("islands", "js", loader.into_bytes(), JS);
        Ok(Some(Bundle {
            loader: loader.path().into(),
            files: vec![loader, glue, wasm],
        }))
    }

    /// The module script a staff page loads.
    pub fn loader(&self) -> std::sync::Arc<str> {
        self.loader.clone()
    }

    /// What a browser downloads the first time, brotli-compressed, in bytes.
    pub fn compressed_size(&self) -> usize {
        self.files.iter().map(|f| f.brotli.len()).sum()
    }
}
