//! The custom element's Rust side. `embed/pricing-widget.js` defines `<pricing-widget>`, loads
//! this wasm once per page and creates one `PricingWidgetInstance` per element, inside the
//! element's shadow root.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use crate::attributes;
use crate::mount::{live_widgets, mount_with, MountedWidget};
use crate::state::Controls;

/// One widget on a page, owned by its element; `free()` (from `disconnectedCallback`) unmounts it.
#[wasm_bindgen]
pub struct PricingWidgetInstance {
    host: HtmlElement,
    controls: Controls,
    _widget: MountedWidget,
}

/// Adds the widget's stylesheet to the shadow root as a constructed sheet: a strict
/// Content-Security-Policy allows it where a `<style>` element would need 'unsafe-inline'.
fn adopt_style(container: &HtmlElement) {
    let Ok(shadow) = container.get_root_node().dyn_into::<ShadowRoot>() else { return };
    let Ok(sheet) = CssStyleSheet::new() else { return };
    if sheet.replace_sync(crate::app::STYLE).is_ok() {
        let sheets = shadow.adopted_style_sheets();
        sheets.push(&sheet);
        shadow.set_adopted_style_sheets(&sheets);
    }
}

#[wasm_bindgen]
impl PricingWidgetInstance {
    /// Renders the widget into `container` (inside `host`'s shadow root), set up by `host`'s
    /// attributes.
    #[wasm_bindgen(constructor)]
    pub fn new(container: HtmlElement, host: HtmlElement) -> PricingWidgetInstance {
        crate::install_panic_hook();
        adopt_style(&container);
        let controls = Controls {
            interval: ArcRwSignal::new(attributes::interval(&host)),
            currency: ArcRwSignal::new(attributes::currency(&host)),
            highlight: ArcRwSignal::new(attributes::highlight(&host)),
            sections: attributes::sections(&host),
            sync_url: host.has_attribute("sync-url"),
        };
        let widget = mount_with(
            container,
            pricing_core::DEFAULT_CATALOG_JSON,
            attributes::options(&host),
            controls.clone(),
            false,
        );
        PricingWidgetInstance { host, controls, _widget: widget }
    }

    /// Applies a changed attribute to the live widget. Answers false when the change needs a
    /// new widget (API, locale, sections, customer token).
    pub fn attribute_changed(&self, name: &str) -> bool {
        match name {
            "interval" => self.controls.interval.set(attributes::interval(&self.host)),
            "currency" => self.controls.currency.set(attributes::currency(&self.host)),
            "highlight" => self.controls.highlight.set(attributes::highlight(&self.host)),
            _ => return false,
        }
        true
    }
}

/// How many widgets are mounted on the page (for leak checks).
#[wasm_bindgen(js_name = liveWidgets)]
pub fn live_widget_count() -> usize {
    live_widgets()
}
