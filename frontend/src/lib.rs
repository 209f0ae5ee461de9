//! The WASM entry point: brings the islands of a server-rendered page to life.
//! Everything else on the page stays the HTML the server sent.
#![recursion_limit = "256"]

// The islands are exported from the app crate; linking it is what keeps them.
pub use app::islands;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
