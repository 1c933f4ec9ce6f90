use leptos::prelude::*;
use pricing_core::{Currency, Money};
use serde_json::json;

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// An amount in one currency, typed in major units ("29.00", "4400" for yen) and kept in the
/// catalog in minor units, as every amount is.
#[component]
pub fn MoneyField(draft: Draft, #[prop(into)] path: String, currency: Currency, label: String) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    // What the editor typed, while it is not the stored amount written back.
    let typed = RwSignal::new(None::<String>);
    let unreadable = Memo::new(move |_| {
        typed.get().filter(|t| Money::parse_decimal(t, currency).is_none()).map(|_| {
            let example = Money::new(2900 * 10i64.pow(currency.minor_digits()) / 100, currency).decimal();
            format!("write an amount in {currency}, such as {example}")
        })
    });
    let value = {
        let path = path.clone();
        move || {
            typed.get().unwrap_or_else(|| {
                draft.get(&path).as_i64().map(|m| Money::new(m, currency).decimal()).unwrap_or_default()
            })
        }
    };
    let write = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            if let Some(money) = Money::parse_decimal(&text, currency) {
                draft.set(&path, json!(money.minor));
            }
            typed.set(Some(text));
        }
    };
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, unreadable.get().as_ref()).to_string()
    };
    view! {
        <div class="field money">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                prop:value=value
                aria-invalid=is_invalid
                aria-describedby=problems.clone()
                on:input=write
                on:blur=move |_| if unreadable.get_untracked().is_none() { typed.set(None) }
            />
            <ProblemList draft path id=problems unreadable />
        </div>
    }
}
