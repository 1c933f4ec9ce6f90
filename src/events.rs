//! Typed events the widget dispatches from its root, so the host page can react (analytics,
//! its own sign-up) without reaching into the widget. They bubble and cross shadow roots.

use pricing_core::{Currency, Interval};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

pub enum WidgetEvent<'a> {
    /// A plan card came into view (once per plan and widget).
    PlanViewed {
        plan: &'a str,
    },
    IntervalChanged {
        interval: Interval,
    },
    CurrencyChanged {
        currency: Currency,
    },
    /// The visitor changed a calculator input; what it shows now.
    CalculatorUsed {
        model: &'a str,
        credits: u64,
        outputs: u64,
    },
    /// A plan's call to action was pressed.
    PlanChosen {
        plan: &'a str,
        interval: Interval,
        currency: Currency,
    },
    /// A credit pack's buy button was pressed.
    PackChosen {
        pack: &'a str,
        currency: Currency,
    },
    /// A checkout session was created and the visitor is being sent to it.
    CheckoutStarted {
        session: &'a str,
    },
    /// A purchase step failed; the widget shows the message and a retry.
    CheckoutFailed {
        message: &'a str,
    },
}

impl WidgetEvent<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::PlanViewed { .. } => "pricing-widget:plan-viewed",
            WidgetEvent::IntervalChanged { .. } => "pricing-widget:interval-changed",
            WidgetEvent::CurrencyChanged { .. } => "pricing-widget:currency-changed",
            WidgetEvent::CalculatorUsed { .. } => "pricing-widget:calculator-used",
            WidgetEvent::PlanChosen { .. } => "pricing-widget:plan-chosen",
            WidgetEvent::PackChosen { .. } => "pricing-widget:pack-chosen",
            WidgetEvent::CheckoutStarted { .. } => "pricing-widget:checkout-started",
            WidgetEvent::CheckoutFailed { .. } => "pricing-widget:checkout-failed",
        }
    }

    fn detail(&self) -> Value {
        match self {
            WidgetEvent::PlanViewed { plan } => json!({ "plan": plan }),
            WidgetEvent::IntervalChanged { interval } => json!({ "interval": interval.as_str() }),
            WidgetEvent::CurrencyChanged { currency } => json!({ "currency": currency.code() }),
            WidgetEvent::CalculatorUsed { model, credits, outputs } => {
                json!({ "model": model, "credits": credits, "outputs": outputs })
            }
            WidgetEvent::PlanChosen { plan, interval, currency } => {
                json!({ "plan": plan, "interval": interval.as_str(), "currency": currency.code() })
            }
            WidgetEvent::PackChosen { pack, currency } => json!({ "pack": pack, "currency": currency.code() }),
            WidgetEvent::CheckoutStarted { session } => json!({ "session": session }),
            WidgetEvent::CheckoutFailed { message } => json!({ "message": message }),
        }
    }

    pub fn dispatch_from(&self, target: &EventTarget) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&js_sys::JSON::parse(&self.detail().to_string()).unwrap_or(JsValue::NULL));
        if let Ok(event) = CustomEvent::new_with_event_init_dict(self.name(), &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}
