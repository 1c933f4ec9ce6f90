use leptos::prelude::*;
use pricing_core::Currency;

use super::plan_access::PlanAccess;
use crate::draft::Draft;
use crate::fields::{CheckField, MoneyField, NumberField, TextField};

/// One plan: its words, credits, badge and highlight, and its price in every currency and
/// interval.
#[component]
pub fn PlanEditor(draft: Draft, index: usize, currencies: Memo<Vec<Currency>>) -> impl IntoView {
    let at = format!("plans[{index}]");
    // A memo: the price fields are labelled with the name and made again only when it changes,
    // never while a price is typed.
    let name = {
        let path = format!("{at}.name");
        Memo::new(move |_| draft.get(&path).as_str().unwrap_or_default().to_string())
    };
    let free = draft.get(&format!("{at}.free")).as_bool().unwrap_or(false);
    let prices = {
        let at = at.clone();
        move || {
            currencies
                .get()
                .into_iter()
                .map(|currency| {
                    let path = format!("{at}.prices.{currency}");
                    view! {
                        <div class="price-row">
                            <MoneyField draft path=format!("{path}.monthly") currency label=format!("{} {currency} per month", name.get()) />
                            <MoneyField draft path=format!("{path}.annual") currency label=format!("{} {currency} per year", name.get()) />
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <fieldset class="plan">
            <legend>{name}</legend>
            <div class="row">
                <TextField draft path=format!("{at}.name") label="Name" />
                <TextField draft path=format!("{at}.badge") label="Badge (optional)" optional=true />
                <NumberField draft path=format!("{at}.credits_per_month") label="Credits per month" />
            </div>
            <TextField draft path=format!("{at}.tagline") label="Tagline" />
            <CheckField draft path=format!("{at}.highlight") label="Highlight this plan's card" />
            {(!free).then(|| view! { <div class="prices">{prices}</div> })}
            <PlanAccess draft index />
        </fieldset>
    }
}
