use leptos::prelude::*;
use pricing_core::catalog::{Model, ModelKind};

use crate::state::use_pricing;

/// What the calculator makes: a model, and for it a duration (video) and a resolution among
/// those it offers.
#[component]
pub fn OutputChoice(
    model_id: RwSignal<String>,
    chosen_seconds: RwSignal<u32>,
    chosen_resolution: RwSignal<String>,
    /// The chosen model, and the duration and resolution it settles on.
    model: Memo<Option<Model>>,
    settled: Memo<Option<(Option<u32>, String)>>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let [model_field, duration_field, resolution_field] =
        ["calc-model", "calc-duration", "calc-resolution"].map(|n| state.id(n));
    let model_options = catalog
        .models
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let key = if m.kind == ModelKind::Video { "calc.video_model" } else { "calc.image_model" };
            view! { <option value=m.id.clone() selected=move || model_id.get() == id>{words.fill(key, &[("model", &m.name)])}</option> }
        })
        .collect_view();
    let model_label = words.text("calc.model");
    let output_choices = move || {
        let model = model.get()?;
        let (seconds, resolution) = settled.get()?;
        let durations = (model.kind == ModelKind::Video).then(|| {
            let options = model
                .durations_s
                .iter()
                .map(|&s| view! { <option value=s.to_string() selected=seconds == Some(s)>{words.count("calc.seconds", s.into(), &[])}</option> })
                .collect_view();
            view! {
                <label class="pw-field" for=duration_field.clone()>{words.text("calc.duration")}</label>
                <select id=duration_field.clone() on:change=move |ev| chosen_seconds.set(event_target_value(&ev).parse().unwrap_or(seconds.unwrap_or_default()))>{options}</select>
            }
        });
        let resolutions = model
            .resolutions
            .iter()
            .map(|r| view! { <option value=r.id.clone() selected=r.id == resolution>{r.id.clone()}</option> })
            .collect_view();
        Some(view! {
            {durations}
            <label class="pw-field" for=resolution_field.clone()>{words.text("calc.resolution")}</label>
            <select id=resolution_field.clone() on:change=move |ev| chosen_resolution.set(event_target_value(&ev))>{resolutions}</select>
        })
    };
    view! {
        <label class="pw-field" for=model_field.clone()>{model_label}</label>
        <select id=model_field on:change=move |ev| model_id.set(event_target_value(&ev))>{model_options}</select>
        {output_choices}
    }
}
