//! Pure pricing rules shared by the widget (compiled to wasm) and the billing API: the catalog
//! and its validation, money in integer minor units, credits-to-outputs estimates, prices and
//! promotions, and plan changes. No web or I/O dependency lives here.

pub mod api;
pub mod catalog;
pub mod credits;
pub mod estimate;
pub mod finder;
pub mod i18n;
pub mod keyed;
pub mod money;
mod parse;
pub mod plan_button;
pub mod plan_change;
pub mod pricing;
mod rfc3339;
pub mod snapshot;
mod validate;

pub use catalog::{Catalog, CatalogError, Interval, Problem, TaxRule};
pub use estimate::{outputs_for_credits, EstimateError, OutputSpec, PlanEstimate};
pub use money::{Currency, Money};
pub use plan_change::{period_end, Cancellation, ChangePreview, Subscription, Timing, UnlimitedAfter};
pub use pricing::{PlanPrice, PricingError};
pub use snapshot::{fingerprint, ContentWindow};

/// The catalog shipped with the widget and served by the reference API by default.
pub const DEFAULT_CATALOG_JSON: &str = include_str!("../../../catalog/default.json");

/// The queue a generation runs in: Unlimited generations wait in the standard queue, credit
/// generations always go to the priority queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Queue {
    Standard,
    Priority,
}

impl Queue {
    pub fn for_generation(unlimited: bool) -> Queue {
        if unlimited {
            Queue::Standard
        } else {
            Queue::Priority
        }
    }
}
