//! What a purchase is (`Intent`) and where it stands (`PurchaseStatus`), with the signed-in
//! customer's plan: the signals (`Buying`) that the code running a purchase (`purchase::run`)
//! moves and the views that start or show a purchase read.

use leptos::prelude::*;
use pricing_core::api::{CheckoutRequest, Quote, SubscriptionView};
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

/// Buying: the signed-in customer's plan and the purchase under way, which the purchase flow
/// (`purchase::run`) moves and the views that start or show a purchase read.
#[derive(Clone, Copy)]
pub struct Buying {
    /// The signed-in customer's plan, once the API has told us; views read it through
    /// `with_account`, and only the API's answers set it.
    account: RwSignal<Option<SubscriptionView>>,
    pub status: RwSignal<PurchaseStatus>,
}

impl Buying {
    pub fn new() -> Buying {
        Buying { account: RwSignal::new(None), status: RwSignal::new(PurchaseStatus::Idle) }
    }

    /// Reads the signed-in customer's plan, tracked.
    pub fn with_account<R>(self, read: impl FnOnce(&Option<SubscriptionView>) -> R) -> R {
        self.account.with(read)
    }

    /// The API said who is signed in, and on which plan.
    pub fn signed_in(self, account: SubscriptionView) {
        self.account.set(Some(account));
    }
}
