//! Site-wide routes and behaviour: information pages, static assets, health checks and the
//! friendly error pages.

pub mod frame;
mod health;
pub mod limits;
pub mod metrics;
mod pages;
pub mod redirect;
#[cfg(test)]
mod route_guards;

pub use frame::SiteLayer;
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

/// Any route that does not exist.
pub async fn not_found(locale: Locale) -> Response {
    render_page(
        &locale,
        StatusCode::NOT_FOUND,
        || view! { <ErrorPage status=StatusCode::NOT_FOUND/> },
    )
}

/// [`frame::error_page`] as a middleware of its own, for a router without the site layer.
pub async fn friendly_error_pages(locale: Locale, request: Request, next: Next) -> Response {
    frame::error_page(&locale, next.run(request).await)
}
