//! Page furniture shared by every feature: the document shell, the urgent-help box and the
//! error summary. Components get their words from [`crate::i18n`].

mod layout;

#[cfg(feature = "ssr")]
pub use layout::Layout;
pub use layout::{group_class, CurrentPath, ErrorSummary, FieldError, QuickExit, UrgentHelp};

#[cfg(feature = "ssr")]
mod cache;
#[cfg(feature = "ssr")]
pub use cache::{Kept, PageCache};
#[cfg(feature = "ssr")]
mod render;
#[cfg(feature = "ssr")]
pub use render::{render_html, render_page, ISLANDS_LOADER, REQUEST_PATH, SERVICE_PHONE};

/// Escapes text for the inside of a `<textarea>`. Leptos does not escape that element's
/// children (it treats it as raw text), so a value typed by a resident goes through here
/// and is set as inner HTML.
pub fn escape_textarea(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
