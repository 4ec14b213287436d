//! Pieces every feature's forms share: the `?saved=1` notice after a change, the short text
//! fields of settings forms, and the on/off toggles. The CSRF check is not here but in the
//! extractor each handler takes (`staff::guard::CsrfForm`). `timing` signs the time a
//! form was drawn, so the feedback form can tell a person from a script.

pub mod timing;

use axum::response::{IntoResponse, Redirect, Response};

/// `?saved=1` on a page that has just been changed, so it can say so.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Saved {
    pub saved: Option<String>,
}

/// Back to `path` with the "saved" notice (post/redirect/get).
pub fn saved(path: &str) -> Response {
    Redirect::to(&format!("{path}?saved=1")).into_response()
}

/// A short settings field (a name, a code, a description): plain text, no control
/// characters, at most 200 characters, `None` when nothing is left.
pub fn short_text(value: &str) -> Option<String> {
    let v = crate::sanitise::plain_text(value.trim());
    let v: String = v.chars().filter(|c| !c.is_control()).take(200).collect();
    (!v.trim().is_empty()).then(|| v.trim().to_owned())
}

/// A theme's name as staff and admins type it: plain text, lower case (so "Damp" and "damp"
/// are one theme), at most 40 characters; `None` when nothing is left.
pub fn theme_name(raw: &str) -> Option<String> {
    let cleaned = crate::sanitise::plain_text(raw.trim()).to_lowercase();
    let name: String = cleaned
        .chars()
        .filter(|c| !c.is_control())
        .take(40)
        .collect::<String>()
        .trim()
        .to_owned();
    (!name.is_empty()).then_some(name)
}

/// The switch buttons on settings lists: `active=true` turns a thing on, anything else off.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Toggle {
    pub active: String,
}

impl Toggle {
    pub fn on(&self) -> bool {
        self.active == "true"
    }
}
