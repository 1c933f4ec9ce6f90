//! The comparison matrix's rows that stay as they are whatever the visitor chooses: credits
//! and what they make, the models each plan may use, the features, and the models each plan
//! has Unlimited.

use leptos::either::Either;
use leptos::prelude::*;
use pricing_core::catalog::{FeatureValue, Plan};
use pricing_core::{Catalog, OutputEstimate};

use crate::sections::plans::plan_facts::{estimate_text, models_text};
use crate::words::format;
use crate::words::Words;

/// A cell that shows a mark and says what it means to screen readers. One view for every
/// mark: each distinct view is code in the wasm.
fn mark_cell(mark: &'static str, meaning: String) -> impl IntoView {
    view! { <td><span aria-hidden="true">{mark}</span><span class="pw-visually-hidden">{meaning}</span></td> }
}

/// The rows under the price, one plan per column. Apart, not as one view, so that the table
/// body's view keeps one flat shape (every nesting is generic code of its own in the wasm).
pub struct FixedRows<N, F, U> {
    /// Credits, videos and images a month, and the models.
    pub credits: N,
    pub videos: N,
    pub images: N,
    pub models: N,
    /// One row per feature.
    pub features: F,
    /// One row per model some plan has Unlimited.
    pub unlimited: U,
}

pub fn fixed_rows(
    catalog: &Catalog,
    words: &Words,
    locale: &str,
) -> FixedRows<impl IntoView, impl IntoView, impl IntoView> {
    let text_row = |label: String, value: &dyn Fn(&Plan) -> String| {
        let cells = catalog.plans.iter().map(|p| view! { <td>{value(p)}</td> }).collect_view();
        view! { <tr><th scope="row">{label}</th>{cells}</tr> }
    };
    // A count on the cards' shared model is a number; on a plan's own model it names it.
    let estimated = |key: &str, estimate: Option<OutputEstimate>| match estimate {
        Some(e) if e.on_basis => format::number(e.count, locale),
        Some(e) => estimate_text(words, catalog, key, &e),
        None => words.text("matrix.not_included"),
    };
    let seconds = words.number(catalog.estimate_basis.video_seconds.into());
    let credits = text_row(words.text("matrix.credits"), &|p| format::number(p.credits_per_month, locale));
    let videos = text_row(words.fill("matrix.videos", &[("seconds", &seconds)]), &|p| {
        estimated("matrix.videos", catalog.plan_estimate(p).videos)
    });
    let images =
        text_row(words.text("matrix.images"), &|p| estimated("matrix.images", catalog.plan_estimate(p).images));
    let models = text_row(words.text("matrix.models"), &|p| models_text(words, catalog, p));

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

    FixedRows { credits, videos, images, models, features, unlimited }
}
