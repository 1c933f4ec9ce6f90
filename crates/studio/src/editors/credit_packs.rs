use leptos::prelude::*;

use super::{count, currencies};
use crate::draft::Draft;
use crate::fields::{MoneyField, NumberField, TextField};

/// The credit packs: name, credits, how long they last, and a price per currency.
#[component]
pub fn CreditPacks(draft: Draft) -> impl IntoView {
    let packs = count(draft, "credit_packs");
    let currencies = currencies(draft);
    let pack = move |index: usize| {
        let at = format!("credit_packs[{index}]");
        // A memo, as for plans: the price fields are made again only when the name changes.
        let name = {
            let path = format!("{at}.name");
            Memo::new(move |_| draft.get(&path).as_str().unwrap_or_default().to_string())
        };
        let prices = {
            let at = at.clone();
            move || {
                currencies
                    .get()
                    .into_iter()
                    .map(|c| {
                        let label = format!("{} in {c}", name.get());
                        view! { <MoneyField draft path=format!("{at}.prices.{c}") currency=c label /> }
                    })
                    .collect_view()
            }
        };
        view! {
            <fieldset class="pack">
                <legend>{name}</legend>
                <div class="row">
                    <TextField draft path=format!("{at}.name") label="Name" />
                    <NumberField draft path=format!("{at}.credits") label="Credits" />
                    <NumberField draft path=format!("{at}.valid_days") label="Valid for (days)" />
                </div>
                <div class="prices">{prices}</div>
            </fieldset>
        }
    };
    view! {
        <section id="credit-packs" aria-labelledby="packs-heading">
            <h2 id="packs-heading">"Credit packs"</h2>
            {move || (0..packs.get()).map(pack).collect::<Vec<_>>()}
        </section>
    }
}
