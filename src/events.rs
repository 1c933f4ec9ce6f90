//! Typed events the widget dispatches on its element, so the host page can react without
//! reaching into the widget. They bubble and cross shadow roots.

use pricing_core::{Currency, Interval};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// A visitor pressed a plan's call to action.
pub struct PlanChosen<'a> {
    pub plan: &'a str,
    pub interval: Interval,
    pub currency: Currency,
}

impl PlanChosen<'_> {
    pub const NAME: &'static str = "pricing-widget:plan-chosen";

    pub fn dispatch_from(&self, target: &EventTarget) {
        let detail = serde_json::json!({
            "plan": self.plan,
            "interval": self.interval.as_str(),
            "currency": self.currency.code(),
        });
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL));
        if let Ok(event) = CustomEvent::new_with_event_init_dict(Self::NAME, &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}
