//! Numbers, money and dates as the visitor's locale writes them: through the browser's `Intl`
//! in the wasm; natively (the pre-render) as `Intl` writes them for en-US, the one locale the
//! pre-render offers. A browser test compares pre-rendered text with live text.

use chrono::{DateTime, Utc};
use pricing_core::Money;

#[cfg(not(target_arch = "wasm32"))]
pub use en_us::{date, money, number};
#[cfg(target_arch = "wasm32")]
pub use intl::{date, money, number};

/// The locales the native formatting writes exactly as `Intl` does.
#[cfg(not(target_arch = "wasm32"))]
pub const PRERENDER_LOCALES: [&str; 1] = ["en-US"];

#[cfg(target_arch = "wasm32")]
mod intl {
    use super::*;
    use std::cell::RefCell;

    use js_sys::{Array, Function, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;

    thread_local! {
        /// Formatters by locale and options: building an `Intl` formatter costs far more than
        /// using one, and the calculator formats dozens of numbers on every keystroke.
        /// A handful per page (locale × kind × currency): a list is enough.
        static FORMATTERS: RefCell<Vec<(String, Function)>> = const { RefCell::new(Vec::new()) };
    }

    /// The formatter called `kind` for `locale`, made with `options` the first time.
    fn formatter(
        kind: &str,
        locale: &str,
        options: &[(&str, JsValue)],
        make: impl Fn(&Array, &Object) -> Function,
    ) -> Function {
        let key = format!("{locale}|{kind}");
        let cached = FORMATTERS.with(|f| f.borrow().iter().find(|(k, _)| *k == key).map(|(_, f)| f.clone()));
        if let Some(format) = cached {
            return format;
        }
        let object = Object::new();
        for (key, value) in options {
            Reflect::set(&object, &JsValue::from_str(key), value).expect("setting a key on a plain object");
        }
        let format = make(&Array::of1(&JsValue::from_str(locale)), &object);
        FORMATTERS.with(|f| f.borrow_mut().push((key, format.clone())));
        format
    }

    fn call(format: &Function, value: JsValue) -> String {
        format.call1(&JsValue::NULL, &value).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// "$1,140.00", "¥170,400", "1.140,00 €": the currency's own minor digits, never more.
    pub fn money(amount: Money, locale: &str) -> String {
        let digits = JsValue::from_f64(amount.currency.minor_digits().into());
        let format = formatter(
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
        let format = formatter("number", locale, &[], |l, o| Intl::NumberFormat::new(l, o).format());
        call(&format, JsValue::from_f64(value as f64))
    }

    pub fn date(at: DateTime<Utc>, locale: &str) -> String {
        let format = formatter("date", locale, &[("dateStyle", "long".into()), ("timeZone", "UTC".into())], |l, o| {
            Intl::DateTimeFormat::new(l, o).format()
        });
        call(&format, js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64)).into())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod en_us {
    use super::*;
    use pricing_core::money::group_thousands;
    use pricing_core::Currency;

    fn check(locale: &str) {
        assert!(PRERENDER_LOCALES.contains(&locale), "the pre-render formats en-US only, not {locale}");
    }

    /// As `Intl.NumberFormat("en-US", { style: "currency" })` writes it.
    pub fn money(amount: Money, locale: &str) -> String {
        check(locale);
        let symbol = match amount.currency {
            Currency::USD => "$",
            Currency::EUR => "€",
            Currency::GBP => "£",
            Currency::JPY => "¥",
            Currency::KRW => "₩",
            Currency::CHF => "CHF\u{a0}",
            Currency::CAD => "CA$",
            Currency::AUD => "A$",
        };
        let decimal = amount.decimal();
        let unsigned = decimal.trim_start_matches('-');
        let sign = &decimal[..decimal.len() - unsigned.len()];
        let (major, minor) = unsigned.split_once('.').map_or((unsigned, ""), |(major, minor)| (major, minor));
        let major = group_thousands(major.parse().expect("decimal() writes digits"));
        let point = if minor.is_empty() { "" } else { "." };
        format!("{sign}{symbol}{major}{point}{minor}")
    }

    pub fn number(value: u64, locale: &str) -> String {
        check(locale);
        group_thousands(value)
    }

    /// As `Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" })`: "December 8, 2026".
    pub fn date(at: DateTime<Utc>, locale: &str) -> String {
        check(locale);
        at.format("%B %-d, %Y").to_string()
    }
}
