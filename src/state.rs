//! What every view reads: the instance's context (`Pricing`), what prices are shown in
//! (`Shown`), the visitor's choices behind it, and the choices the host page controls
//! (`Controls`, with the `Sections` shown). A purchase's state is not here but in `purchase/`, above it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::html::Div;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use pricing_core::api::SubscriptionView;
use pricing_core::sections::Sections;
use pricing_core::{Catalog, Currency, Interval};

use crate::billing_api::BillingClient;
use crate::page::console::warn;
use crate::page::events::WidgetEvent;
use crate::page::takeover;
use crate::words::Words;

/// Choices the host page sets from outside the widget (attributes, the page URL). They are
/// reference-counted signals, so the embedding keeps a handle and updates a live widget.
#[derive(Clone)]
pub struct Controls {
    pub interval: ArcRwSignal<Interval>,
    pub currency: ArcRwSignal<Option<Currency>>,
    pub highlight: ArcRwSignal<Option<String>>,
    pub sections: Sections,
    /// Reads and writes the chosen plan, interval and currency in the page URL.
    pub sync_url: bool,
    /// A sentence shown above the plans, e.g. when the live catalog could not be loaded. A
    /// signal, so that it can appear on a widget that is already on screen.
    pub notice: ArcRwSignal<Option<String>>,
    /// The widget has a shadow root of its own, so its element ids need no per-instance
    /// prefix (and a pre-render, which cannot know the instance, writes the same ids).
    pub scoped_ids: bool,
    /// The month of work the plan finder starts from (the `finder` attribute or a `pw_finder`
    /// link), written as `pricing_core::finder::work_text` writes it; `None`: a typical month.
    pub finder_work: Option<String>,
    /// The signed-in customer to render for without asking the API (the studio's preview of
    /// the widget as a customer on a plan sees it): the pre-render's only, so the browser's
    /// wasm carries none of it.
    #[cfg(feature = "ssr")]
    pub account: Option<SubscriptionView>,
}

impl Default for Controls {
    fn default() -> Controls {
        Controls {
            interval: ArcRwSignal::new(Interval::Monthly),
            currency: ArcRwSignal::new(None),
            highlight: ArcRwSignal::new(None),
            sections: Sections::ALL,
            sync_url: false,
            finder_work: None,
            #[cfg(feature = "ssr")]
            account: None,
            notice: ArcRwSignal::new(None),
            scoped_ids: false,
        }
    }
}

/// What every view of one widget instance may read and nothing can change: the catalog, the
/// words, the moment prices are evaluated at, the billing API, and the instance's ids and
/// events. The choices that change (interval, currency, highlighted plan, a purchase) are not
/// here: each view is handed the signals it needs ([`Shown`], and `Buying` for a purchase).
#[derive(Clone)]
pub struct Pricing {
    pub catalog: Arc<Catalog>,
    /// The moment prices and promotions are evaluated at: fixed when the widget mounts, so
    /// every view agrees even across a promotion's last second.
    pub now: DateTime<Utc>,
    pub locale: Arc<str>,
    /// Every word the widget shows, in the visitor's language.
    pub words: Arc<Words>,
    /// The billing API, when the widget is connected to one.
    pub billing: Option<BillingClient>,
    /// Where a call to action leads without the wasm: the host's page, else the support address.
    pub fallback: Fallback,
    /// Reads and writes the visitor's choices in the page URL.
    pub sync_url: bool,
    /// The widget's root element, where its events start.
    pub root: NodeRef<Div>,
    /// Keeps element ids and radio-group names unique per instance on a page.
    id_prefix: Arc<str>,
    /// The widget's reactive owner: work started on its behalf (a purchase, whichever view
    /// started it) stops when it is cleaned up, i.e. when the widget is removed.
    owner: Owner,
}

/// What every price is shown in. Only the widget changes it (its controls and the banner ask
/// through callbacks); views can only read it.
#[derive(Clone, Copy)]
pub struct Shown {
    // Read through `interval()`: the widget's own signal, not a read-only copy, which would be
    // generic code of its own in the wasm.
    interval: RwSignal<Interval>,
    /// The currency in use: the one asked for when the catalog offers it, else the default.
    pub currency: Memo<Currency>,
}

impl Shown {
    /// The interval, tracked.
    pub fn interval(self) -> Interval {
        self.interval.get()
    }

    pub fn interval_untracked(self) -> Interval {
        self.interval.get_untracked()
    }
}

/// The visitor's choices, owned by the widget: the interval, the currency and the highlighted
/// plan asked for (by the visitor, an attribute or the URL) and what is shown for them.
pub struct VisitorChoices {
    pub interval: RwSignal<Interval>,
    pub currency_asked: RwSignal<Option<Currency>>,
    pub shown: Shown,
    /// The plan shown as highlighted: the one asked for when it exists, else the catalog's.
    pub highlight: Memo<Option<String>>,
}

/// Where a call to action leads without the wasm (a plain form submission).
#[derive(Clone, Debug, PartialEq)]
pub enum Fallback {
    /// The host's page, told the choice through the deep-link parameters (`pw_plan`, …).
    Page(Arc<str>),
    /// A `mailto:` link to support, the choice in the subject.
    Mail(Arc<str>),
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

/// The currency shown for a choice: the one asked for when the catalog offers it, else the default.
pub fn effective_currency(catalog: &Catalog, choice: Option<Currency>) -> Currency {
    choice.filter(|c| catalog.currencies.contains(c)).unwrap_or(catalog.default_currency())
}

/// The plan shown as highlighted: the one asked for when it exists, else the catalog's.
pub fn effective_highlight(catalog: &Catalog, choice: Option<String>) -> Option<String> {
    match choice {
        Some(id) if catalog.plan(&id).is_some() => Some(id),
        _ => catalog.plans.iter().find(|p| p.highlight).map(|p| p.id.clone()),
    }
}

impl VisitorChoices {
    /// The choices `controls` start from; one the catalog does not have is named in the console.
    pub fn new(catalog: &Arc<Catalog>, controls: &Controls) -> VisitorChoices {
        let interval = RwSignal::from(controls.interval.clone());
        let currency_asked = RwSignal::from(controls.currency.clone());
        let highlight_asked = RwSignal::from(controls.highlight.clone());
        let offered = catalog.clone();
        let currency = Memo::new(move |_| effective_currency(&offered, currency_asked.get()));
        let plans = catalog.clone();
        let highlight = Memo::new(move |_| effective_highlight(&plans, highlight_asked.get()));
        let known = catalog.clone();
        Effect::new(move |_| {
            if let Some(c) = currency_asked.get().filter(|c| !known.currencies.contains(c)) {
                let offered: Vec<&str> = known.currencies.iter().map(|c| c.code()).collect();
                warn(&format!(
                    "currency \"{c}\" is not offered ({}); showing {}",
                    offered.join(", "),
                    known.default_currency()
                ));
            }
            if let Some(id) = highlight_asked.get().filter(|id| known.plan(id).is_none()) {
                let ids: Vec<&str> = known.plans.iter().map(|p| p.id.as_str()).collect();
                warn(&format!("highlight \"{id}\" is not a plan ({}); ignoring it", ids.join(", ")));
            }
        });
        VisitorChoices { interval, currency_asked, shown: Shown { interval, currency }, highlight }
    }
}

impl Pricing {
    pub fn new(
        catalog: Arc<Catalog>,
        words: Arc<Words>,
        now: DateTime<Utc>,
        billing: Option<BillingClient>,
        controls: &Controls,
        fallback_url: Option<String>,
    ) -> Pricing {
        let fallback = match fallback_url {
            Some(url) => Fallback::Page(url.into()),
            None => Fallback::Mail(format!("mailto:{}", catalog.support.email).into()),
        };
        Pricing {
            catalog,
            now,
            locale: words.locale.clone(),
            words,
            billing,
            fallback,
            sync_url: controls.sync_url,
            root: NodeRef::new(),
            owner: Owner::current().unwrap_or_default(),
            id_prefix: match controls.scoped_ids {
                true => "pw".into(),
                false => format!("pw{}", INSTANCES.fetch_add(1, Ordering::Relaxed)).into(),
            },
        }
    }

    /// Runs `task` until it ends or the widget is removed, whichever comes first: a request
    /// out when the widget goes is dropped (and with it the fetch), its answer never applied.
    pub fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
        let (abort, registration) = futures::future::AbortHandle::new_pair();
        self.owner.with(|| on_cleanup(move || abort.abort()));
        // What it brings back may change any part: the takeover finishes first.
        let task = takeover::after_takeover(task);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = futures::future::Abortable::new(task, registration).await;
        });
    }

    /// An id (or radio-group name) unique to this instance: `pw3-calc-plan`, or `pw-calc-plan`
    /// inside a shadow root of the widget's own.
    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix)
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
