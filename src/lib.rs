//! The pricing widget: Leptos components over `pricing-core`, mounted on an element the host
//! page gives us. Every view reads one `Pricing` state, so the interval and currency switch
//! cards, matrix, calculator and banner together.

mod app;
mod attributes;
mod billing_api;
mod billing_controls;
mod calculator;
mod calculator_result;
mod catalog_problem;
mod comparison_matrix;
mod credit_packs;
mod embed;
mod faq;
mod finder_line;
mod matrix_rows;
mod model_table;
mod mount;
mod output_choice;
mod page;
mod payment_source;
mod plan_billing;
mod plan_card;
mod plan_finder;
#[cfg(feature = "ssr")]
pub mod prerender;
mod price_chart;
mod promotion_banner;
mod purchase;
mod render_key;
mod state;
mod tax_note;
mod words;

pub use app::PricingWidget;
pub use billing_api::BillingClient;
pub use embed::PricingWidgetInstance;
pub use mount::{install_panic_hook, mount, MountedWidget, WidgetOptions};
pub use page::json::catalog as decode_catalog;
pub use render_key::RenderKey;
pub use state::{Controls, Pricing, Sections};
pub use words::default_locale;
