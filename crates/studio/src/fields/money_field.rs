use leptos::prelude::*;
use pricing_core::{Currency, Money};
use serde_json::json;

use super::typed_field::{TypedField, Typing};
use crate::draft::Draft;

/// An amount in one currency, typed in major units ("29.00", "4400" for yen) and kept in the
/// catalog in minor units, as every amount is.
#[component]
pub fn MoneyField(draft: Draft, #[prop(into)] path: String, currency: Currency, label: String) -> impl IntoView {
    let example = Money::new(2900 * 10i64.pow(currency.minor_digits()) / 100, currency).decimal();
    let typing = Typing {
        shown: Box::new(move |v| v.as_i64().map(|m| Money::new(m, currency).decimal()).unwrap_or_default()),
        read: Box::new(move |t| Money::parse_decimal(t, currency).map(|m| json!(m.minor))),
        hint: format!("write an amount in {currency}, such as {example}"),
        inputmode: "decimal",
    };
    view! { <TypedField draft path label typing /> }
}
