use leptos::prelude::*;

use crate::state::use_pricing;

/// Whether the price next to it includes tax, as the catalog says for the chosen currency:
/// "VAT included" for a European visitor, "plus applicable tax" for an American one.
#[component]
pub fn TaxNote() -> impl IntoView {
    let state = use_pricing();
    let (catalog, words, currency) = (state.catalog.clone(), state.words.clone(), state.currency);
    let note = move || {
        let tax = catalog.tax.get(&currency.get())?;
        let key = if tax.included { "tax.included" } else { "tax.excluded" };
        Some(words.fill(key, &[("tax", &tax.name)]))
    };
    view! { <span class="pw-tax">{note}</span> }
}
