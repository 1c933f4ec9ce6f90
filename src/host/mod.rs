//! How a host page gets a widget: the custom element's Rust side (`element`) and the
//! attributes it reads, mounting an instance on an element (taking a pre-rendered one over when
//! its `render_key` says it is the one the wasm would render and its `markup_digest` says the
//! page still holds it as rendered, in short steps the entry script runs), the live widgets and
//! the panic hook (`live_roots`), what shows when the catalog does not validate, and the native
//! pre-render (`prerender`, with the `ssr` feature).

pub mod attributes;
pub mod catalog_problem;
// The widget's own build only: the account build exports the account view instead.
#[cfg(not(feature = "account"))]
pub mod element;
pub mod live_roots;
pub mod markup_digest;
pub mod mount;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod render_key;
