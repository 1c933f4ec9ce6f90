//! What a purchase is and where it stands: the data the widget's state holds, apart from the
//! code that runs a purchase (`purchase::run`), which reads that state.

use pricing_core::api::{CheckoutRequest, Quote};
use pricing_core::Interval;

/// What the visitor asked for: a checkout, a plan change's preview, or applying a previewed
/// change. A failed one is kept whole, so that "Try again" repeats it (same idempotency key).
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    Checkout { request: CheckoutRequest, key: String },
    Preview { plan: String, interval: Interval },
    Apply { quote: Quote, key: String },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub enum PurchaseStatus {
    #[default]
    Idle,
    Working(String),
    /// A previewed change waiting for the visitor's confirmation.
    Confirm(Quote),
    Failed {
        message: String,
        retry: Intent,
    },
    Done(String),
}
