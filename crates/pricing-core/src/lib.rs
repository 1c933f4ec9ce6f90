//! Pure pricing rules shared by the widget (compiled to wasm) and the billing API: the catalog
//! and its validation, money in integer minor units, model access, credits-to-outputs
//! estimates, prices and promotions, plan moves and changes, credits and their cycles, and the
//! API's shared types and limits. No web or I/O dependency lives here: every rule about money,
//! credits or eligibility is written once, here, and the widget and the API call it.

pub mod access;
pub mod api;
pub mod catalog;
pub mod credits;
pub mod estimate;
pub mod finder;
pub mod i18n;
pub mod interval;
pub mod json_path;
pub mod keyed;
mod language_tag;
pub mod money;
pub mod named;
mod parse;
pub mod plan_change;
pub mod plan_move;
pub mod pricing;
pub mod retention;
pub mod revision;
mod rfc3339;
pub mod sections;
pub mod snapshot;
mod validate;

pub use catalog::{Catalog, CatalogError, Problem, TaxRule};
pub use credits::Queue;
pub use estimate::{outputs_for_credits, EstimateError, OutputEstimate, OutputSpec, PlanEstimate};
pub use interval::Interval;
pub use money::{Currency, Money};
pub use named::UnknownName;
pub use plan_change::{
    period_end, unlimited_running, Cancellation, ChangePreview, Subscription, Timing, UnlimitedAfter,
};
pub use pricing::{PlanPrice, PricingError};
pub use snapshot::{fingerprint, ContentWindow};

/// The catalog shipped with the widget and served by the reference API by default.
pub const DEFAULT_CATALOG_JSON: &str = include_str!("../../../catalog/default.json");
