use leptos::prelude::*;

use crate::draft::Draft;
use crate::fields::{ChoiceField, NumberField, TextField, TimeField};

/// One promotion: its words, when it runs, whom it is for, and what it gives.
#[component]
pub fn PromotionEditor(draft: Draft, index: usize) -> impl IntoView {
    let at = format!("promotions[{index}]");
    let headline = {
        let path = format!("{at}.headline");
        move || match draft.get(&path).as_str().unwrap_or_default() {
            "" => "A new promotion".to_string(),
            headline => headline.to_string(),
        }
    };
    let plans: Vec<(String, String)> = draft
        .get("plans")
        .as_array()
        .map(|plans| {
            let paid = plans.iter().filter(|p| !p["free"].as_bool().unwrap_or(false));
            paid.map(|p| {
                (p["id"].as_str().unwrap_or_default().to_string(), p["name"].as_str().unwrap_or_default().to_string())
            })
            .collect()
        })
        .unwrap_or_default();
    let intervals = vec![("monthly".to_string(), "Monthly".to_string()), ("annual".to_string(), "Annual".to_string())];
    let discount = draft.get(&format!("{at}.offer.type")) == "discount";
    let remove = move |_| draft.edit_list("promotions", |list| _ = (index < list.len()).then(|| list.remove(index)));
    view! {
        <fieldset class="promotion">
            <legend>{headline}</legend>
            <TextField draft path=format!("{at}.headline") label="Headline" />
            <TextField draft path=format!("{at}.details") label="Details" long=true />
            <div class="row">
                <TimeField draft path=format!("{at}.starts_at") label="Starts" />
                <TimeField draft path=format!("{at}.ends_at") label="Ends" />
                {match discount {
                    true => view! { <NumberField draft path=format!("{at}.offer.percent_off") label="Percent off" /> }.into_any(),
                    false => view! { <NumberField draft path=format!("{at}.offer.months") label="Months of Unlimited" /> }.into_any(),
                }}
            </div>
            <ChoiceField draft path=format!("{at}.plans") legend="Plans" options=plans />
            <ChoiceField draft path=format!("{at}.intervals") legend="Intervals" options=intervals />
            <button type="button" class="secondary" on:click=remove>"Remove this promotion"</button>
        </fieldset>
    }
}
