//! Site-wide routes and behaviour: information pages, static assets, health checks and the
//! friendly error pages.

mod health;
pub mod limits;
pub mod metrics;
mod pages;
pub mod redirect;
#[cfg(test)]
mod route_guards;

pub use pages::{ErrorPage, A11Y_SECTIONS, ERROR_PAGE_CODES, PRIVACY_SECTIONS};

use crate::assets;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::ui::render_page;
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use leptos::prelude::view;
use pages::{AccessibilityPage, PrivacyPage};

pub fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route("/privacy", get(privacy))
        .route("/accessibility", get(accessibility))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/language/{code}", get(choose_language));
    for asset in assets::all() {
        router = router.route(&asset.path(), get(move || serve_asset(asset)));
    }
    // Browsers ask for this whatever the page says; answer with the same icon.
    router.route("/favicon.ico", get(|| serve_asset(&assets::FAVICON)))
}

async fn privacy(locale: Locale) -> Response {
    render_page(&locale, StatusCode::OK, || view! { <PrivacyPage/> })
}

async fn accessibility(locale: Locale) -> Response {
    render_page(&locale, StatusCode::OK, || view! { <AccessibilityPage/> })
}

async fn serve_asset(asset: &'static assets::Asset) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.body,
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct ReturnTo {
    next: Option<String>,
}

/// The language switch: remembers the choice in a cookie for a year and goes back to the
/// page the reader was on. Only a path on this site is followed (`redirect::same_site_path`),
/// anything else goes to the front page.
async fn choose_language(
    State(state): State<AppState>,
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(next): axum::extract::Query<ReturnTo>,
) -> Response {
    let Some(locale) = Locale::from_code(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = redirect::same_site_path(next.next.as_deref(), &[], "/");
    let secure = if state.settings.base_url.scheme() == "https" {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        locale.code()
    );
    let mut response = axum::response::Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Makes the request path and the service's telephone number available to page rendering
/// (see `ui::REQUEST_PATH`, `ui::SERVICE_PHONE` and `ui::ISLANDS_LOADER`).
pub async fn remember_path(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let phone = state.settings.service_phone.clone();
    let islands = state.islands.as_ref().map(|b| b.loader());
    crate::ui::SERVICE_PHONE
        .scope(
            phone,
            crate::ui::ISLANDS_LOADER.scope(
                islands,
                crate::ui::REQUEST_PATH.scope(path, next.run(request)),
            ),
        )
        .await
}

/// No script may run at all: every page but the staff ones.
const NO_SCRIPT_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Staff pages may run the islands: scripts and wasm from this site only, never inline, and
/// requests back to it.
const STAFF_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
     connect-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; \
     base-uri 'none'; frame-ancestors 'none'";

/// The Content-Security-Policy of every response, chosen in this one place by where the
/// request went (a route may still set its own).
pub async fn content_security_policy(request: Request, next: Next) -> Response {
    let policy = if request.uri().path().starts_with("/staff") {
        STAFF_CSP
    } else {
        NO_SCRIPT_CSP
    };
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// Any route that does not exist.
pub async fn not_found(locale: Locale) -> Response {
    render_page(
        &locale,
        StatusCode::NOT_FOUND,
        || view! { <ErrorPage status=StatusCode::NOT_FOUND/> },
    )
}

/// Gives every error response a page a person can read, in their language: our own errors
/// (which carry only a status), and those from axum and tower (a body over the limit, a
/// method not allowed, a panic caught further in). Headers such as `Allow` and
/// `Retry-After` are kept.
pub async fn friendly_error_pages(locale: Locale, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let page = render_page(
        &locale,
        status,
        move || view! { <ErrorPage status=status/> },
    );
    let (page_parts, body) = page.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(page_parts.headers);
    Response::from_parts(parts, body)
}
