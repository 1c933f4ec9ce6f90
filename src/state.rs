use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing_core::{Catalog, Currency, Interval};

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
    /// Prefix that keeps element ids and radio-group names unique per instance on a page.
    uid: usize,
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

impl Pricing {
    pub fn new(catalog: Arc<Catalog>, locale: &str, now: DateTime<Utc>) -> Pricing {
        let currency = catalog.default_currency();
        Pricing {
            catalog,
            interval: RwSignal::new(Interval::Monthly),
            currency: RwSignal::new(currency),
            now,
            locale: locale.into(),
            uid: INSTANCES.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// An id (or radio-group name) unique to this instance: `pw3-calc-plan`.
    pub fn id(&self, name: &str) -> String {
        format!("pw{}-{name}", self.uid)
    }
}

pub fn use_pricing() -> Pricing {
    use_context::<Pricing>().expect("views are rendered inside PricingWidget")
}
