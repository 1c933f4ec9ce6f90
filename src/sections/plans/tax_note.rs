use leptos::prelude::*;
use pricing_core::Currency;

use crate::state::use_pricing;
use crate::words::tax_note;

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
