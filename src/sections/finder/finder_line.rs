use leptos::prelude::*;
use pricing_core::catalog::ModelKind;
use pricing_core::finder::WorkLine;

use crate::state::use_pricing;

/// One slot of the plan finder: nothing while empty, else a line of work (model, duration,
/// resolution, how many) with a button that empties it. The fields keep their own values once
/// drawn; duration and resolution are drawn anew when the model changes. Few reactive parts on
/// purpose: each distinct one costs the wasm its own generic code.
#[component]
pub fn FinderLine(
    /// The slot: the line of work, `None` while empty.
    work: RwSignal<Option<WorkLine>>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let edit = move |change: &dyn Fn(&mut WorkLine)| work.update(|line| line.iter_mut().for_each(change));
    let open = Memo::new(move |_| work.with(Option::is_some));
    let model_id = Memo::new(move |_| work.with(|line| line.as_ref().map(|l| l.model.clone())));
    let output_fields = {
        let (catalog, words) = (catalog.clone(), words.clone());
        move || {
            let model = catalog.model(&model_id.get()?)?.clone();
            let line = work.get_untracked()?;
            let seconds: &[u32] = if model.kind == ModelKind::Video { &model.durations_s } else { &[] };
            let durations = seconds
                .iter()
                .map(|&s| view! { <option value=s.to_string() selected=line.seconds == Some(s)>{words.count("calc.seconds", s.into(), &[])}</option> })
                .collect_view();
            let resolutions = model
                .resolutions
                .iter()
                .map(|r| view! { <option value=r.id.clone() selected=r.id == line.resolution>{r.id.clone()}</option> })
                .collect_view();
            Some(view! {
                <label class="pw-field" hidden=seconds.is_empty()>
                    {words.text("calc.duration")}
                    <select on:change=move |ev| edit(&|w| w.seconds = event_target_value(&ev).parse().ok())>{durations}</select>
                </label>
                <label class="pw-field">
                    {words.text("calc.resolution")}
                    <select on:change=move |ev| edit(&|w| w.resolution = event_target_value(&ev))>{resolutions}</select>
                </label>
            })
        }
    };
    move || {
        let drawn = open.get().then(|| work.get_untracked()).flatten()?;
        let models = catalog
            .models
            .iter()
            .map(|m| {
                let key = if m.kind == ModelKind::Video { "calc.video_model" } else { "calc.image_model" };
                view! { <option value=m.id.clone() selected=m.id == drawn.model>{words.fill(key, &[("model", &m.name)])}</option> }
            })
            .collect_view();
        let catalog = catalog.clone();
        let choose_model = move |ev| {
            if let Some(m) = catalog.model(&event_target_value(&ev)) {
                edit(&|w| *w = m.work_line(w.count));
            }
        };
        Some(view! {
            <li class="pw-finder-line">
                <label class="pw-field">{words.text("calc.model")}<select on:change=choose_model>{models}</select></label>
                {output_fields.clone()}
                <label class="pw-field">
                    {words.text("finder.count")}
                    <input type="number" min="0" step="1" inputmode="numeric" value=drawn.count.to_string()
                        on:input=move |ev| edit(&|w| w.count = event_target_value(&ev).trim().parse().unwrap_or(0))/>
                </label>
                <button type="button" class="pw-link" on:click=move |_| work.set(None)>{words.text("finder.remove")}</button>
            </li>
        })
    }
}
