//! The pricing widget: Leptos components over `pricing-core`, mounted on an element the host
//! page gives us. Every view reads one `Pricing` state, so the interval and currency switch
//! cards, matrix, calculator and banner together.

mod attributes;
mod billing_api;
mod catalog_problem;
mod embed;
mod mount;
mod page;
#[cfg(feature = "ssr")]
pub mod prerender;
mod purchase;
mod render_key;
mod sections;
mod state;
mod widget;
mod words;

pub use billing_api::BillingClient;
pub use embed::PricingWidgetInstance;
pub use mount::{install_panic_hook, mount, MountedWidget, WidgetOptions};
pub use page::json::catalog as decode_catalog;
pub use render_key::RenderKey;
pub use state::{Controls, Pricing, Sections};
pub use widget::PricingWidget;
pub use words::default_locale;
