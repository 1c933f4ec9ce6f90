//! Numbers, money and dates as the visitor's locale writes them, through the browser's `Intl`.

use chrono::{DateTime, Utc};
use js_sys::{Array, Function, Intl, Object, Reflect};
use pricing_core::Money;
use wasm_bindgen::JsValue;

fn formatter(locale: &str, options: &[(&str, JsValue)], make: impl Fn(&Array, &Object) -> Function) -> Function {
    let object = Object::new();
    for (key, value) in options {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("setting a key on a plain object");
    }
    make(&Array::of1(&JsValue::from_str(locale)), &object)
}

fn call(format: &Function, value: JsValue) -> String {
    format.call1(&JsValue::NULL, &value).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// "$1,140.00", "¥170,400", "1.140,00 €": the currency's own minor digits, never more.
pub fn money(amount: Money, locale: &str) -> String {
    let digits = JsValue::from_f64(amount.currency.minor_digits().into());
    let format = formatter(
        locale,
        &[
            ("style", "currency".into()),
            ("currency", amount.currency.code().into()),
            ("minimumFractionDigits", digits.clone()),
            ("maximumFractionDigits", digits),
        ],
        |l, o| Intl::NumberFormat::new(l, o).format(),
    );
    call(&format, amount.major_for_display().into())
}

pub fn number(value: u64, locale: &str) -> String {
    let format = formatter(locale, &[], |l, o| Intl::NumberFormat::new(l, o).format());
    call(&format, JsValue::from_f64(value as f64))
}

pub fn date(at: DateTime<Utc>, locale: &str) -> String {
    let format = formatter(locale, &[("dateStyle", "long".into()), ("timeZone", "UTC".into())], |l, o| {
        Intl::DateTimeFormat::new(l, o).format()
    });
    call(&format, js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)).into())
}
