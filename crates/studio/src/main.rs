//! The pricing studio: marketing edits the catalog through forms (every field checked by the
//! core's own rules as they type), previews the real widget, reads what a publication changes,
//! publishes now or at a time, rolls back, and builds the embed code. Everything it sends goes
//! through the billing API's `/v1/studio/*` calls, which hold the same rules.
//!
//! Folders: `fields/` (one input per kind of value, each bound to a JSON path of the draft),
//! `editors/` (the catalog's parts), `publish/` (changes, publication, history), `preview/`
//! (the widget as visitors see it, and the embed code).

mod app;
mod client;
mod draft;
mod editors;
mod fields;
mod preview;
mod publish;
mod sign_in;
mod workspace;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
