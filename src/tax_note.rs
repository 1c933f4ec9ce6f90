use leptos::prelude::*;
use pricing_core::Currency;

use crate::state::use_pricing;

/// Whether the price next to it includes tax, as the catalog says for its currency: "VAT
/// included" for a European visitor, "plus applicable tax" for an American one.
#[component]
pub fn TaxNote(
    /// The price's currency when it is not the one the visitor chose (a quote for a
    /// subscription in another currency).
    #[prop(optional)]
    currency: Option<Currency>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words, chosen) = (state.catalog.clone(), state.words.clone(), state.currency);
    let note = move || {
        let tax = catalog.tax.get(&currency.unwrap_or_else(|| chosen.get()))?;
        let key = if tax.included { "tax.included" } else { "tax.excluded" };
        Some(words.fill(key, &[("tax", &tax.name)]))
    };
    view! { <span class="pw-tax">{note}</span> }
}
