//! Pages about the service itself, and the error pages.

use crate::domain::MESSAGE_MAX_CHARS;
use crate::i18n::{t, t_args};
use crate::ui::Layout;
use axum::http::StatusCode;
use leptos::prelude::*;

/// The sections of the privacy notice, each a `privacy-…-heading` and `privacy-…-body`.
pub const PRIVACY_SECTIONS: [&str; 7] = ["who", "what", "not", "why", "who-sees", "keep", "rights"];
/// The sections of the accessibility statement (`a11y-…-heading`, `a11y-…-body`).
pub const A11Y_SECTIONS: [&str; 4] = ["can", "status", "feedback", "enforcement"];
/// Statuses with their own error page text (`error-…-title`, `error-…-body`).
pub const ERROR_PAGE_CODES: [u16; 8] = [400, 403, 404, 405, 413, 429, 500, 503];

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let sections = PRIVACY_SECTIONS;
    view! {
        <Layout title=t("privacy-title")>
            <h1>{t("privacy-title")}</h1>
            {sections.into_iter().map(|s| view! {
                <h2>{t(&format!("privacy-{s}-heading"))}</h2>
                <p>{t(&format!("privacy-{s}-body"))}</p>
            }).collect_view()}
        </Layout>
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let sections = A11Y_SECTIONS;
    view! {
        <Layout title=t("a11y-title")>
            <h1>{t("a11y-title")}</h1>
            <p>{t("a11y-intro")}</p>
            {sections.into_iter().map(|s| view! {
                <h2>{t(&format!("a11y-{s}-heading"))}</h2>
                <p>{t(&format!("a11y-{s}-body"))}</p>
            }).collect_view()}
            <p>{t("a11y-prepared")}</p>
        </Layout>
    }
}

/// The page for an error status; statuses without their own words share the 400 or 500 text.
#[component]
pub fn ErrorPage(status: StatusCode) -> impl IntoView {
    let key = match status.as_u16() {
        s if ERROR_PAGE_CODES.contains(&s) => s,
        s if s >= 500 => 500,
        _ => 400,
    };
    let title = t(&format!("error-{key}-title"));
    let body = t_args(
        &format!("error-{key}-body"),
        &[("max", MESSAGE_MAX_CHARS.into())],
    );
    view! {
        <Layout title=title.clone()>
            <h1>{title}</h1>
            <p>{body}</p>
            <p><a href="/">{t("error-home-link")}</a></p>
        </Layout>
    }
}
