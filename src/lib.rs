//! The pricing widget: Leptos components over `pricing-core`, mounted on an element the host
//! page gives us. Every view reads one `Pricing` state, so the interval and currency switch
//! cards, matrix, calculator and banner together.

mod app;
mod billing_controls;
mod calculator;
mod catalog_problem;
mod comparison_matrix;
mod events;
mod faq;
mod format;
mod mount;
mod plan_card;
mod promotion_banner;
mod state;

pub use app::PricingWidget;
pub use mount::{install_panic_hook, mount, MountedWidget};
pub use state::Pricing;
