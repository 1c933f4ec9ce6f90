use leptos::either::Either;
use leptos::prelude::*;
use pricing_core::catalog::FeatureValue;

use crate::format;
use crate::state::use_pricing;
use crate::tax_note::TaxNote;

/// A cell that shows a mark and says what it means to screen readers. One view for every
/// mark: each distinct view is code in the wasm.
fn mark_cell(mark: &'static str, meaning: String) -> impl IntoView {
    view! { <td><span aria-hidden="true">{mark}</span><span class="pw-visually-hidden">{meaning}</span></td> }
}

/// Every plan against every feature. On a phone the table scrolls sideways while the feature
/// column stays in place.
#[component]
pub fn ComparisonMatrix() -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let (interval, currency, now) = (state.interval, state.currency, state.now);
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
                            .plan_price(&id, interval.get(), currency.get(), now)
                            .map(|p| format::money(p.per_month, &locale))
                            .unwrap_or_default()
                    }}
                </td>
            }
        })
        .collect_view();
    let number_row = |label: String, value: &dyn Fn(&pricing_core::catalog::Plan) -> u64| {
        let cells = catalog.plans.iter().map(|p| view! { <td>{format::number(value(p), &locale)}</td> }).collect_view();
        view! { <tr><th scope="row">{label}</th>{cells}</tr> }
    };
    let seconds = catalog.estimate_basis.video_seconds.to_string();
    let credits = number_row(words.text("matrix.credits"), &|p| p.credits_per_month);
    let videos =
        number_row(words.fill("matrix.videos", &[("seconds", &seconds)]), &|p| catalog.plan_estimate(p).videos);
    let images = number_row(words.text("matrix.images"), &|p| catalog.plan_estimate(p).images);

    let features = catalog
        .feature_rows
        .iter()
        .map(|row| {
            let cells = catalog
                .plans
                .iter()
                .map(|plan| match plan.features.get(&row.id) {
                    Some(FeatureValue::Text(text)) => Either::Left(view! { <td>{text.clone()}</td> }),
                    Some(FeatureValue::Flag(true)) => Either::Right(mark_cell("✓", words.text("matrix.included"))),
                    // Validation gives every plan a value for every row; a missing one is not included.
                    Some(FeatureValue::Flag(false)) | None => {
                        Either::Right(mark_cell("—", words.text("matrix.not_included")))
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{row.label.clone()}</th>{cells}</tr> }
        })
        .collect_view();

    let unlimited_models: Vec<_> = catalog
        .models
        .iter()
        .filter(|m| catalog.plans.iter().any(|p| p.unlimited.iter().any(|u| u.model == m.id)))
        .collect();
    let unlimited = unlimited_models
        .into_iter()
        .map(|model| {
            let cells = catalog
                .plans
                .iter()
                .map(|plan| match plan.unlimited.iter().find(|u| u.model == model.id) {
                    Some(u) => {
                        Either::Left(view! { <td>{words.fill("matrix.up_to", &[("resolution", &u.up_to)])}</td> })
                    }
                    None => Either::Right(mark_cell("—", words.text("matrix.not_unlimited"))),
                })
                .collect_view();
            view! { <tr><th scope="row">{words.fill("matrix.unlimited", &[("model", &model.name)])}</th>{cells}</tr> }
        })
        .collect_view();

    view! {
        <section class="pw-matrix" part="matrix" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("matrix.title")}</h2>
            <div class="pw-scroll" tabindex="0" role="region" aria-label=words.text("matrix.region")>
                <table>
                    <thead><tr><th scope="col">{words.text("matrix.feature")}</th>{header}</tr></thead>
                    <tbody>
                        <tr><th scope="row">{words.text("matrix.price")}" "<small><TaxNote/></small></th>{price_row}</tr>
                        {credits}
                        {videos}
                        {images}
                        {features}
                        {unlimited}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
