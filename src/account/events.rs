//! What the account view tells the host page: each action done or failed, and a customer token
//! the API no longer takes. They bubble and cross the shadow root, like the widget's events.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// The token was refused (expired or revoked): the host should mint a fresh one and set it.
pub const TOKEN_EXPIRED: &str = "pricing-widget:token-expired";
/// An account action changed the customer's subscription (the pricing cards follow it:
/// `purchase/account.rs`).
pub const SUBSCRIPTION_CHANGED: &str = "pricing-widget:subscription-changed";
/// A plan change the pricing cards applied (the account view reloads).
pub const PLAN_CHANGED: &str = "pricing-widget:plan-changed";
pub const ACCOUNT_ACTION: &str = "pricing-widget:account-action";
pub const ACCOUNT_ACTION_FAILED: &str = "pricing-widget:account-action-failed";

/// Dispatches `name` from `target` with `fields` as its detail.
pub fn dispatch(target: &EventTarget, name: &str, fields: &[(&str, &str)]) {
    let detail = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&detail, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}
