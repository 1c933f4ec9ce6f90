//! Deep links. With the opt-in `sync-url` attribute, the plan, interval and currency (and the
//! plan finder's month of work) come from the page URL when the widget mounts and are written
//! back as the visitor changes them; the checkout's return URLs always carry the plan, interval
//! and currency, so a visitor who signs up first comes back to the same choice. Here are the
//! parameters and the page URL, as plain values: the custom element applies what it reads to
//! the widget's controls, and the widget keeps the URL in step with its choices.

use pricing_core::{Currency, Interval};
use web_sys::{Url, UrlSearchParams};

pub const PLAN: &str = "pw_plan";
pub const INTERVAL: &str = "pw_interval";
pub const CURRENCY: &str = "pw_currency";
/// The plan finder's month of work, as `pricing_core::finder::work_text` writes it.
pub const FINDER: &str = "pw_finder";
/// Only in the fallback link of a pack's button: which pack the visitor wanted.
pub const PACK: &str = "pw_pack";

fn page_url() -> Option<Url> {
    Url::new(&web_sys::window()?.location().href().ok()?).ok()
}

/// The choice a page URL carries, each part only when the URL has it and it reads.
pub struct LinkedChoice {
    pub interval: Option<Interval>,
    pub currency: Option<Currency>,
    pub plan: Option<String>,
    /// The plan finder's month of work, as written.
    pub finder: Option<String>,
}

/// The choice in the page URL (`None` without a page).
pub fn read() -> Option<LinkedChoice> {
    let params = page_url()?.search_params();
    Some(LinkedChoice {
        interval: params.get(INTERVAL).and_then(|i| i.parse().ok()),
        currency: params.get(CURRENCY).and_then(|c| c.parse().ok()),
        plan: params.get(PLAN),
        finder: params.get(FINDER),
    })
}

/// Replaces these parameters of the page URL, without a navigation or a history entry.
pub fn write(pairs: &[(&str, &str)]) {
    let Some(url) = page_url() else { return };
    let params = url.search_params();
    for (name, value) in pairs {
        params.set(name, value);
    }
    url.set_search(&params.to_string().as_string().unwrap_or_default());
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// This page's URL with the visitor's choice and `extra` set, for a checkout to return to.
pub fn return_url(plan: Option<&str>, interval: Interval, currency: Currency, extra: (&str, &str)) -> String {
    let Some(url) = page_url() else { return String::new() };
    let params: UrlSearchParams = url.search_params();
    params.delete(pricing_core::api::CHECKOUT_SESSION_PARAM);
    if let Some(plan) = plan {
        params.set(PLAN, plan);
    }
    params.set(INTERVAL, interval.as_str());
    params.set(CURRENCY, currency.code());
    params.set(extra.0, extra.1);
    url.set_search(&params.to_string().as_string().unwrap_or_default());
    url.set_hash("");
    url.href()
}
