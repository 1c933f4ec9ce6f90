use leptos::prelude::*;

use crate::sections::matrix::matrix_rows::{fixed_rows, FixedRows};
use crate::sections::plans::tax_note::TaxNote;
use crate::state::{use_pricing, Shown};
use crate::words::format;

/// Every plan against every feature. On a phone the table scrolls sideways while the feature
/// column stays in place.
#[component]
pub fn ComparisonMatrix(shown: Shown) -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let (currency, now) = (shown.currency, state.now);
    let title_id = state.id("matrix-title");
    let title_ref = title_id.clone();
    let header = catalog.plans.iter().map(|p| view! { <th scope="col">{p.name.clone()}</th> }).collect_view();

    let price_row = catalog
        .plans
        .iter()
        .map(|plan| {
            let (catalog, locale, id) = (catalog.clone(), locale.clone(), plan.id.clone());
            view! {
                <td>
                    {move || {
                        catalog
                            .plan_price(&id, shown.interval(), currency.get(), now)
                            .map(|p| format::money(p.per_month, &locale))
                            .unwrap_or_default()
                    }}
                </td>
            }
        })
        .collect_view();
    let FixedRows { credits, videos, images, models, features, unlimited } = fixed_rows(&catalog, &words, &locale);

    view! {
        <section class="pw-matrix" part="matrix" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("matrix.title")}</h2>
            <div class="pw-scroll" tabindex="0" role="region" aria-label=words.text("matrix.region")>
                <table>
                    <thead><tr><th scope="col">{words.text("matrix.feature")}</th>{header}</tr></thead>
                    <tbody>
                        <tr><th scope="row">{words.text("matrix.price")}" "<small><TaxNote currency/></small></th>{price_row}</tr>
                        {credits}
                        {videos}
                        {images}
                        {models}
                        {features}
                        {unlimited}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
