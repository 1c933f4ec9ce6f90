//! The custom element's Rust side. `embed/pricing-widget.js` defines `<pricing-widget>`, loads
//! this wasm once per page and creates one `PricingWidgetInstance` per element, inside the
//! element's shadow root (which already holds the stylesheet, and often the pre-rendered widget).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::host::attributes::{self, Attribute};
use crate::host::live_roots::{install_panic_hook, live_widgets};
use crate::host::mount::{mount_with, MountedWidget};
use crate::page::deep_link;
use crate::page::takeover;
use crate::state::Controls;

/// One widget on a page, owned by its element; `free()` (from `disconnectedCallback`) unmounts it.
#[wasm_bindgen]
pub struct PricingWidgetInstance {
    host: HtmlElement,
    controls: Controls,
    widget: MountedWidget,
}

#[wasm_bindgen]
impl PricingWidgetInstance {
    /// Renders the widget into `container` (inside `host`'s shadow root), set up by `host`'s
    /// attributes, in the language of `translation` (a translation file the entry fetched)
    /// when the visitor reads it.
    #[wasm_bindgen(constructor)]
    pub fn new(container: HtmlElement, host: HtmlElement, translation: Option<String>) -> PricingWidgetInstance {
        install_panic_hook();
        let mut controls = Controls {
            interval: ArcRwSignal::new(attributes::interval(&host)),
            currency: ArcRwSignal::new(attributes::currency(&host)),
            highlight: ArcRwSignal::new(attributes::highlight(&host)),
            sections: attributes::sections(&host),
            sync_url: attributes::present(&host, Attribute::SyncUrl),
            notice: ArcRwSignal::new(None),
            scoped_ids: true,
            finder_work: attributes::finder(&host),
            #[cfg(feature = "ssr")]
            account: None,
        };
        if controls.sync_url {
            follow_link(&mut controls);
        }
        let widget = mount_with(
            container,
            pricing_core::DEFAULT_CATALOG_JSON,
            attributes::options(&host, translation),
            controls.clone(),
            false,
        );
        PricingWidgetInstance { host, controls, widget }
    }

    /// Takes the next step of taking a pre-rendered widget over (each a short task); false when
    /// the widget is live. The entry script runs them, yielding to the page between two: a
    /// step that panics throws here, where the entry catches it.
    pub fn step(&self) -> bool {
        self.widget.step()
    }

    /// Applies a changed attribute to the live widget. Answers false when the change needs a
    /// new widget (API, locale, sections, customer token, fallback link, the finder's work).
    pub fn attribute_changed(&self, name: &str) -> bool {
        // Parts still waiting for their takeover would keep the pre-render's text.
        takeover::finish_now();
        match Attribute::named(name) {
            Some(Attribute::Interval) => self.controls.interval.set(attributes::interval(&self.host)),
            Some(Attribute::Currency) => self.controls.currency.set(attributes::currency(&self.host)),
            Some(Attribute::Highlight) => self.controls.highlight.set(attributes::highlight(&self.host)),
            _ => return false,
        }
        true
    }
}

/// Takes the choice from the page URL, before the widget renders (so that a pre-rendered
/// widget is compared with what the URL asks for).
fn follow_link(controls: &mut Controls) {
    let Some(link) = deep_link::read() else { return };
    if let Some(interval) = link.interval {
        controls.interval.set(interval);
    }
    if let Some(currency) = link.currency {
        controls.currency.set(Some(currency));
    }
    if let Some(plan) = link.plan {
        controls.highlight.set(Some(plan));
    }
    if let Some(work) = link.finder {
        controls.finder_work = Some(work);
    }
}

/// How many widgets are mounted on the page (for leak checks).
#[wasm_bindgen(js_name = liveWidgets)]
pub fn live_widget_count() -> usize {
    live_widgets()
}
