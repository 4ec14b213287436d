//! Leptos islands for the staff pages: the inbox and the item page, where staff spend their
//! day. Each island wraps the server-drawn form it makes quicker, and works through that
//! form's own endpoint (same session check, CSRF token and audit), so with JavaScript off
//! the page underneath is the whole service.
//!
//! The islands take no props: the words they show (a count, "Saved", the keys) are in the
//! HTML they wrap, already in the reader's language. The wasm then carries no translations,
//! and nothing hydrates but each island's wrapper element, so the server may strip Leptos'
//! text markers from every page (`ui::render_html`).
//!
//! Resident pages use none of this and carry no script at all.

#[cfg(feature = "ssr")]
pub mod bundle;
#[cfg(feature = "hydrate")]
mod client;

use leptos::html::Div;
use leptos::prelude::*;

/// Runs an island's browser half once, when its wrapper has hydrated.
#[cfg(feature = "hydrate")]
fn start(root: NodeRef<Div>, run: fn(web_sys::HtmlElement)) {
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        match root.get() {
            Some(el) => {
                run(el.into());
                true
            }
            None => false,
        }
    });
}

/// Keeps the islands' exports in a wasm build that calls nothing else here.
pub fn linked() {}

/// Keyboard triage on the inbox and the item page: `j`/`k` move, `Enter` opens, `x`
/// selects for a bulk action, `/` goes to the search, `s` to the status, `?` shows the
/// keys (the help the server drew inside). Keys typed in a form field are left alone.
#[island]
pub fn TriageKeys(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    start(root, client::keys);
    view! { <div class="island island--keys" node_ref=root>{children()}</div> }
}

/// The inbox filters and the list they filter: the list follows as staff type or choose
/// (after a short pause), the address bar keeps the filter, and the new count is announced.
/// Urgent items that arrive while the inbox is open are added at the top.
#[island]
pub fn InboxLive(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    start(root, client::inbox);
    view! { <div class="island island--inbox" node_ref=root>{children()}</div> }
}

/// The item page's status, priority, assignee and note, saved without leaving the page: the
/// confirmation is announced and the history list shows the change; a problem shows the
/// plain form's own error.
#[island]
pub fn ItemUpdate(children: Children) -> impl IntoView {
    let root = NodeRef::<Div>::new();
    #[cfg(feature = "hydrate")]
    start(root, client::item_update);
    view! { <div class="island island--update" node_ref=root>{children()}</div> }
}
