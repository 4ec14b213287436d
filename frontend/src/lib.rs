//! The wasm entry point for the staff pages. `public/islands-loader.js` calls `hydrate` and
//! then each island's own export (`app::islands`), found by the `leptos-island` elements
//! the server drew.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    app::islands::linked();
    leptos::mount::hydrate_islands();
}
