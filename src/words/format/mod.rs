//! Numbers, money, dates and plural categories as the visitor's locale writes them: through
//! the browser's `Intl` in the wasm; natively (the pre-render) from CLDR's data through ICU4X,
//! as `Intl` writes them, so that the wasm takes over without a visible change. A browser test
//! compares pre-rendered text with live text; a unit test compares the native side with
//! Chromium's `Intl`.

#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(not(target_arch = "wasm32"))]
mod native;

#[cfg(target_arch = "wasm32")]
pub use intl::{date, money, number, plural};
#[cfg(all(not(target_arch = "wasm32"), feature = "ssr"))]
pub use native::formats;
#[cfg(not(target_arch = "wasm32"))]
pub use native::{date, money, number, plural};
