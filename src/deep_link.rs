//! Deep links. With the opt-in `sync-url` attribute, the plan, interval and currency (and the
//! plan finder's month of work) come from the page URL when the widget mounts and are written
//! back as the visitor changes them; the checkout's return URLs always carry the plan, interval
//! and currency, so a visitor who signs up first comes back to the same choice.

use leptos::prelude::*;
use pricing_core::{Currency, Interval};
use web_sys::{Url, UrlSearchParams};

use crate::state::{Controls, Shown};

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

fn parse_interval(text: &str) -> Option<Interval> {
    Interval::ALL.into_iter().find(|i| i.as_str() == text)
}

/// Takes the choice from the page URL, before the widget renders (so that a pre-rendered
/// widget is compared with what the URL asks for).
pub fn read(controls: &mut Controls) {
    let Some(params) = page_url().map(|u| u.search_params()) else { return };
    if let Some(interval) = params.get(INTERVAL).as_deref().and_then(parse_interval) {
        controls.interval.set(interval);
    }
    if let Some(currency) = params.get(CURRENCY).and_then(|c| Currency::from_code(&c)) {
        controls.currency.set(Some(currency));
    }
    if let Some(plan) = params.get(PLAN) {
        controls.highlight.set(Some(plan));
    }
    if let Some(work) = params.get(FINDER) {
        controls.finder_work = Some(work);
    }
}

/// Keeps the page URL up to date with the visitor's interval and currency (with `sync-url`).
pub fn connect(shown: Shown) {
    Effect::new(move |_| write(&[(INTERVAL, shown.interval().as_str()), (CURRENCY, shown.currency.get().code())]));
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
