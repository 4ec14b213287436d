//! What every response passes through on its way out, in one layer: the page language and
//! the request path for rendering, a readable page for an error, the Content-Security-Policy
//! and the other security headers, and the metrics.
//!
//! Written as one tower service rather than five `middleware::from_fn` layers: each of those
//! clones the whole stack inside it, boxes it again and boxes its future, for every request.
//! Together they took a third of the form page's CPU; this takes one allocation.

use super::metrics::Metrics;
use crate::i18n::Locale;
use crate::state::AppState;
use axum::{
    body::Body,
    extract::{MatchedPath, Request},
    http::{header, HeaderName, HeaderValue, Response},
};
use std::{
    convert::Infallible,
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Instant,
};

/// Sent with every response unless the page set its own. Pages are only ever framed by
/// nobody; links never pass on the address they came from (a tracking link must not leak in
/// a Referer); pages may hold personal data, so nothing caches them unless it says so.
const SECURITY_HEADERS: [(HeaderName, HeaderValue); 6] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
];

/// The site layer; see the module's description.
#[derive(Clone)]
pub struct SiteLayer {
    state: AppState,
    metrics: Arc<Metrics>,
    /// Whether the site is served over HTTPS, for the HSTS header.
    https: bool,
}

impl SiteLayer {
    pub fn new(state: AppState, metrics: Arc<Metrics>) -> Self {
        let https = state.settings.base_url.scheme() == "https";
        SiteLayer {
            state,
            metrics,
            https,
        }
    }
}

impl<S> tower::Layer<S> for SiteLayer {
    type Service = Site<S>;

    fn layer(&self, inner: S) -> Site<S> {
        Site {
            inner,
            layer: self.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Site<S> {
    inner: S,
    layer: SiteLayer,
}

impl<S, B> tower::Service<Request> for Site<S>
where
    S: tower::Service<Request, Response = Response<B>, Error = Infallible>,
    S::Future: Send + 'static,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let started = Instant::now();
        let route = request.extensions().get::<MatchedPath>().cloned();
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let policy = content_security_policy(&path);
        let locale = Locale::of(request.uri(), request.headers());
        request.extensions_mut().insert(locale.clone());
        let state = &self.layer.state;
        let phone = state.settings.service_phone.clone();
        let islands = state.islands.as_ref().map(|b| b.loader());
        let answer = self.inner.call(request);
        let (metrics, https) = (self.layer.metrics.clone(), self.layer.https);
        Box::pin(async move {
            // Pages (error pages too) are rendered with the path, the telephone number
            // and the islands' script at hand (see `ui::REQUEST_PATH` and its neighbours).
            let rendered = async move {
                let Ok(response) = answer.await;
                error_page(&locale, response.map(Body::new))
            };
            let mut response = crate::ui::SERVICE_PHONE
                .scope(
                    phone,
                    crate::ui::ISLANDS_LOADER
                        .scope(islands, crate::ui::REQUEST_PATH.scope(path, rendered)),
                )
                .await;
            let headers = response.headers_mut();
            security_headers(headers, https);
            headers
                .entry(header::CONTENT_SECURITY_POLICY)
                .or_insert(HeaderValue::from_static(policy));
            metrics.record(route, method, response.status(), started.elapsed());
            Ok(response)
        })
    }
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
fn content_security_policy(path: &str) -> &'static str {
    if path.starts_with("/staff") {
        STAFF_CSP
    } else {
        NO_SCRIPT_CSP
    }
}

/// [`SECURITY_HEADERS`] where the response has not set them, `Vary: accept-language` (pages
/// are in the language the browser prefers when no link or cookie chose one, so a cache must
/// keep them apart by it), and on HTTPS the HSTS header.
fn security_headers(headers: &mut axum::http::HeaderMap, https: bool) {
    // Room for them all and the policy at once: the map otherwise grows, and rehashes,
    // twice on the way.
    headers.reserve(SECURITY_HEADERS.len() + 3);
    for (name, value) in SECURITY_HEADERS {
        headers.entry(name).or_insert(value);
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(
                "max-age=31536000; includeSubDomains",
            ));
    }
}

/// Gives an error response a page a person can read, in their language: our own errors
/// (which carry only a status), and those from axum and tower (a body over the limit, a
/// method not allowed, a panic caught further in). Headers such as `Allow` and
/// `Retry-After` are kept. Any other response goes through as it is.
pub fn error_page(locale: &Locale, response: Response<Body>) -> Response<Body> {
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
    let page = crate::ui::render_page(locale, status, move || {
        leptos::prelude::view! { <super::ErrorPage status=status/> }
    });
    let (page_parts, body) = page.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.extend(page_parts.headers);
    Response::from_parts(parts, body)
}
