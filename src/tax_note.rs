use leptos::prelude::*;
use pricing_core::{Catalog, Currency};

use crate::state::use_pricing;
use crate::words::Words;

/// Whether a price in `currency` includes tax, as the catalog says for that currency.
pub fn tax_note(catalog: &Catalog, words: &Words, currency: Currency) -> Option<String> {
    let tax = catalog.tax.get(&currency)?;
    let key = if tax.included { "tax.included" } else { "tax.excluded" };
    Some(words.fill(key, &[("tax", &tax.name)]))
}

/// Whether the prices next to it include tax: "VAT included" for a European visitor, "plus
/// applicable tax" for an American one.
#[component]
pub fn TaxNote(
    /// The prices' currency.
    currency: Memo<Currency>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    view! { <span class="pw-tax">{move || tax_note(&catalog, &words, currency.get())}</span> }
}
