//! Numbers, money, dates and plural categories as the visitor's locale writes them: through
//! the browser's `Intl` in the wasm; natively (the pre-render) as `Intl` writes them for the
//! few locales the pre-render offers, so that the wasm takes over without a visible change.
//! A browser test compares pre-rendered text with live text; a unit test compares the native
//! side with Node's `Intl`.

#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use intl::{date, money, number, plural};
#[cfg(not(target_arch = "wasm32"))]
pub use native::{date, money, number, plural};

/// The locales the native formatting writes exactly as `Intl` does.
#[cfg(not(target_arch = "wasm32"))]
pub const PRERENDER_LOCALES: [&str; 4] = ["en-US", "de-DE", "fr-FR", "ja-JP"];
