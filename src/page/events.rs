//! Typed events the widget dispatches from its root, so the host page can react (analytics,
//! its own sign-up) without reaching into the widget. They bubble and cross shadow roots.

use js_sys::{Object, Reflect};
use pricing_core::{Currency, Interval, Money};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

pub enum WidgetEvent<'a> {
    /// The widget answers the visitor now: it took the pre-rendered markup over (`hydrated`) or
    /// rendered afresh. What the visitor did before is done again right after (the entry script).
    Ready {
        hydrated: bool,
    },
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
    /// The plan finder's answer changed: the cheapest plan for the work described, per month.
    PlanRecommended {
        plan: &'a str,
        per_month: Money,
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
    /// A signed-in customer's plan change was applied (now, or scheduled for the period's end).
    PlanChanged {
        plan: &'a str,
        interval: Interval,
    },
    /// A purchase step failed; the widget shows the message and a retry.
    CheckoutFailed {
        message: &'a str,
    },
}

impl WidgetEvent<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "pricing-widget:ready",
            WidgetEvent::PlanViewed { .. } => "pricing-widget:plan-viewed",
            WidgetEvent::IntervalChanged { .. } => "pricing-widget:interval-changed",
            WidgetEvent::CurrencyChanged { .. } => "pricing-widget:currency-changed",
            WidgetEvent::CalculatorUsed { .. } => "pricing-widget:calculator-used",
            WidgetEvent::PlanRecommended { .. } => "pricing-widget:plan-recommended",
            WidgetEvent::PlanChosen { .. } => "pricing-widget:plan-chosen",
            WidgetEvent::PackChosen { .. } => "pricing-widget:pack-chosen",
            WidgetEvent::CheckoutStarted { .. } => "pricing-widget:checkout-started",
            WidgetEvent::PlanChanged { .. } => "pricing-widget:plan-changed",
            WidgetEvent::CheckoutFailed { .. } => "pricing-widget:checkout-failed",
        }
    }

    /// The event's detail as a plain JS object, built directly (no JSON round trip).
    fn detail(&self) -> Object {
        let text = |value: &str| JsValue::from_str(value);
        let number = |value: u64| JsValue::from_f64(value as f64);
        let fields: Vec<(&str, JsValue)> = match self {
            WidgetEvent::Ready { hydrated } => vec![("hydrated", JsValue::from_bool(*hydrated))],
            WidgetEvent::PlanViewed { plan } => vec![("plan", text(plan))],
            WidgetEvent::IntervalChanged { interval } => vec![("interval", text(interval.as_str()))],
            WidgetEvent::CurrencyChanged { currency } => vec![("currency", text(currency.code()))],
            WidgetEvent::CalculatorUsed { model, credits, outputs } => {
                vec![("model", text(model)), ("credits", number(*credits)), ("outputs", number(*outputs))]
            }
            WidgetEvent::PlanRecommended { plan, per_month } => vec![
                ("plan", text(plan)),
                ("per_month", JsValue::from_f64(per_month.minor as f64)),
                ("currency", text(per_month.currency.code())),
            ],
            WidgetEvent::PlanChosen { plan, interval, currency } => {
                vec![("plan", text(plan)), ("interval", text(interval.as_str())), ("currency", text(currency.code()))]
            }
            WidgetEvent::PlanChanged { plan, interval } => {
                vec![("plan", text(plan)), ("interval", text(interval.as_str()))]
            }
            WidgetEvent::PackChosen { pack, currency } => {
                vec![("pack", text(pack)), ("currency", text(currency.code()))]
            }
            WidgetEvent::CheckoutStarted { session } => vec![("session", text(session))],
            WidgetEvent::CheckoutFailed { message } => vec![("message", text(message))],
        };
        let detail = Object::new();
        for (key, value) in fields {
            let _ = Reflect::set(&detail, &JsValue::from_str(key), &value);
        }
        detail
    }

    pub fn dispatch_from(&self, target: &EventTarget) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&self.detail());
        if let Ok(event) = CustomEvent::new_with_event_init_dict(self.name(), &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}
