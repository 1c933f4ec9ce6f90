use leptos::prelude::*;
use serde_json::json;

use super::{count, currencies};
use crate::draft::{now, Draft};
use crate::fields::{MoneyField, NumberField, TextField};

/// The credit packs: name, credits, how long they last, and a price per currency; a pack added
/// or removed (credits already bought stay with their buyers until they expire).
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
        let remove =
            move |_| draft.edit_list("credit_packs", |list| _ = (index < list.len()).then(|| list.remove(index)));
        view! {
            <fieldset class="pack">
                <legend>{name}</legend>
                <div class="row">
                    <TextField draft path=format!("{at}.name") label="Name" />
                    <NumberField draft path=format!("{at}.credits") label="Credits" />
                    <NumberField draft path=format!("{at}.valid_days") label="Valid for (days)" />
                </div>
                <div class="prices">{prices}</div>
                <button type="button" class="secondary" on:click=remove>"Remove this pack"</button>
            </fieldset>
        }
    };
    // A new pack's id names it in checkouts and translations; its words and figures are the
    // editor's to write (until then, each is a problem at its field).
    let add = move |_| {
        let prices: serde_json::Map<String, serde_json::Value> =
            currencies.get_untracked().iter().map(|c| (c.code().to_string(), json!(0))).collect();
        let id = format!("pack-{}", now().timestamp());
        draft.edit_list("credit_packs", |list| {
            list.push(json!({ "id": id, "name": "", "credits": 0, "prices": prices, "valid_days": 365 }))
        });
    };
    view! {
        <section id="credit-packs" aria-labelledby="packs-heading">
            <h2 id="packs-heading">"Credit packs"</h2>
            {move || (0..packs.get()).map(pack).collect::<Vec<_>>()}
            <button type="button" on:click=add>"Add a credit pack"</button>
        </section>
    }
}
