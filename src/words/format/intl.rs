//! The browser's `Intl`, with its formatters kept for reuse.

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use js_sys::{Array, Function, Intl, Object, Reflect};
use pricing_core::Money;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Formatters by locale and options: building an `Intl` formatter costs far more than
    /// using one, and the calculator formats dozens of numbers on every keystroke.
    /// A handful per page (locale × kind × currency): a list is enough.
    static FORMATTERS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The formatter called `kind` for `locale`, made with `options` the first time.
fn formatter<T: JsCast>(
    kind: &str,
    locale: &str,
    options: &[(&str, JsValue)],
    make: impl Fn(&Array, &Object) -> T,
) -> T {
    let key = format!("{locale}|{kind}");
    let cached = FORMATTERS.with(|f| f.borrow().iter().find(|(k, _)| *k == key).map(|(_, f)| f.clone()));
    if let Some(format) = cached {
        return format.unchecked_into();
    }
    let object = Object::new();
    for (key, value) in options {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("setting a key on a plain object");
    }
    let format = make(&Array::of1(&JsValue::from_str(locale)), &object);
    FORMATTERS.with(|f| f.borrow_mut().push((key, format.as_ref().clone())));
    format
}

fn call(format: &Function, value: JsValue) -> String {
    format.call1(&JsValue::NULL, &value).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

/// "$1,140.00", "¥170,400", "1.140,00 €": the currency's own minor digits, never more.
pub fn money(amount: Money, locale: &str) -> String {
    let digits = JsValue::from_f64(amount.currency.minor_digits().into());
    let format: Function = formatter(
        amount.currency.code(),
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
    let format: Function = formatter("number", locale, &[], |l, o| Intl::NumberFormat::new(l, o).format());
    call(&format, JsValue::from_f64(value as f64))
}

pub fn date(at: DateTime<Utc>, locale: &str) -> String {
    let format: Function =
        formatter("date", locale, &[("dateStyle", "long".into()), ("timeZone", "UTC".into())], |l, o| {
            Intl::DateTimeFormat::new(l, o).format()
        });
    call(&format, js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)).into())
}

/// The CLDR plural category of `count` ("one", "other", …), to choose a word's form by.
pub fn plural(count: u64, locale: &str) -> &'static str {
    let rules: Intl::PluralRules = formatter("plural", locale, &[], Intl::PluralRules::new);
    // A `&'static str` for the caller to match on; the six names are all CLDR has.
    match String::from(rules.select(count as f64)).as_str() {
        "zero" => "zero",
        "one" => "one",
        "two" => "two",
        "few" => "few",
        "many" => "many",
        _ => "other",
    }
}
