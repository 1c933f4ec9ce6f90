//! The pricing widget: Leptos components over `pricing-core`, mounted on an element the host
//! page gives us. Every view reads one `Pricing` state, so the interval and currency switch
//! cards, matrix, calculator and banner together.
//!
//! The modules are layers, each using only the ones below it: `host` (how a page gets a
//! widget), `widget` (the root view), `sections` (what a visitor sees), `purchase` (buying
//! through the billing API), `state` (what every view reads), and at the bottom `words`,
//! `page` and `billing_api`, which use nothing above them.

// The account build links part of the widget (its words, formatting, API client and purchase
// flow); what only the widget's own entry uses is unused there.
#![cfg_attr(feature = "account", allow(dead_code))]

#[cfg(feature = "account")]
mod account;
mod billing_api;
mod host;
mod page;
mod purchase;
mod sections;
mod state;
mod widget;
mod words;

pub use billing_api::BillingClient;
#[cfg(not(feature = "account"))]
pub use host::element::PricingWidgetInstance;
pub use host::live_roots::install_panic_hook;
pub use host::mount::{mount, MountedWidget, WidgetOptions};
#[cfg(feature = "ssr")]
pub use host::prerender;
pub use host::render_key::RenderKey;
pub use page::json::catalog as decode_catalog;
pub use pricing_core::sections::Sections;
pub use state::{Controls, Pricing};
pub use widget::PricingWidget;
pub use words::own_locale;
pub use words::parse as parse_translation;
