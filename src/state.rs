use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::html::Div;
use leptos::prelude::*;
use pricing_core::api::SubscriptionView;
use pricing_core::{Catalog, Currency, Interval};

use crate::billing::BillingClient;
use crate::events::WidgetEvent;
use crate::purchase::PurchaseStatus;

/// The state every view of one widget instance reads. Each mounted widget has its own.
#[derive(Clone)]
pub struct Pricing {
    pub catalog: Arc<Catalog>,
    pub interval: RwSignal<Interval>,
    pub currency: RwSignal<Currency>,
    /// The moment prices and promotions are evaluated at: fixed when the widget mounts, so
    /// every view agrees even across a promotion's last second.
    pub now: DateTime<Utc>,
    pub locale: Arc<str>,
    /// The billing API, when the widget is connected to one.
    pub billing: Option<BillingClient>,
    /// The signed-in customer's plan, once the API has told us.
    pub account: RwSignal<Option<SubscriptionView>>,
    pub purchase: RwSignal<PurchaseStatus>,
    /// The widget's root element, where its events start.
    pub root: NodeRef<Div>,
    /// Keeps element ids and radio-group names unique per instance on a page.
    uid: usize,
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

impl Pricing {
    pub fn new(catalog: Arc<Catalog>, locale: &str, now: DateTime<Utc>, billing: Option<BillingClient>) -> Pricing {
        let currency = catalog.default_currency();
        Pricing {
            catalog,
            interval: RwSignal::new(Interval::Monthly),
            currency: RwSignal::new(currency),
            now,
            locale: locale.into(),
            billing,
            account: RwSignal::new(None),
            purchase: RwSignal::new(PurchaseStatus::Idle),
            root: NodeRef::new(),
            uid: INSTANCES.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// An id (or radio-group name) unique to this instance: `pw3-calc-plan`.
    pub fn id(&self, name: &str) -> String {
        format!("pw{}-{name}", self.uid)
    }

    pub fn emit(&self, event: WidgetEvent) {
        if let Some(root) = self.root.try_get_untracked().flatten() {
            event.dispatch_from(&root);
        }
    }
}

pub fn use_pricing() -> Pricing {
    use_context::<Pricing>().expect("views are rendered inside PricingWidget")
}
