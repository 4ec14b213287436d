//! Turns a page component into an HTTP response.
//!
//! We render with Leptos' `RenderHtml::to_html` inside a fresh reactive owner that holds the
//! request's [`Locale`]. `leptos_axum`'s renderers are not used: they append an inline
//! `<script>` with hydration data after `</html>`, which our no-inline-script
//! Content-Security-Policy forbids and the HTML checker rejects. Only the staff islands
//! hydrate (`crate::islands`), from a script file, and only their wrappers.

use crate::i18n::Locale;
use crate::ui::CurrentPath;

tokio::task_local! {
    /// The path of the request being answered, set by the site layer (`site::frame`) for the whole
    /// request, so every page (error pages included) can offer the language switch back to it.
    pub static REQUEST_PATH: String;
    /// The service's telephone number from the settings, for the footer and the urgent-help
    /// box of every page.
    pub static SERVICE_PHONE: Option<std::sync::Arc<crate::domain::ServicePhone>>;
    /// The islands' module script, when the bundle is built, for the staff pages that use it.
    pub static ISLANDS_LOADER: Option<std::sync::Arc<str>>;
}
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;

pub fn render_page<V, F>(locale: &Locale, status: StatusCode, page: F) -> Response
where
    F: FnOnce() -> V,
    V: IntoView,
{
    let html = render_html(locale, page);
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response()
}

/// A component as an HTML string in `locale`: pages, and the HTML part of emails.
pub fn render_html<V, F>(locale: &Locale, view: F) -> String
where
    F: FnOnce() -> V,
    V: IntoView,
{
    // Islands mode: nothing outside an island is marked for hydration; an island (staff
    // pages only) switches it on for its own wrapper.
    let owner = Owner::new_root(Some(std::sync::Arc::new(
        hydration_context::SsrSharedContext::new_islands(),
    )));
    let path = REQUEST_PATH.try_with(Clone::clone).ok();
    let html = owner.with(|| {
        provide_context(locale.clone());
        if let Some(path) = path {
            provide_context(CurrentPath(path));
        }
        view().into_view().to_html()
    });
    owner.unset();
    // Leptos marks text boundaries with `<!>` for hydration. Nothing hydrates here and the
    // marker is an HTML parse error. Every text and attribute value is escaped (and
    // textareas go through `escape_textarea`), so the literal sequence cannot come from
    // anything a person typed.
    html.replace("<!>", "")
}
