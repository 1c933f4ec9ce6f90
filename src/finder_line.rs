use leptos::prelude::*;
use pricing_core::catalog::ModelKind;
use pricing_core::finder::WorkLine;

use crate::plan_finder::{line_for, EditedLine};
use crate::state::use_pricing;

/// One line of the plan finder's month of work: what to make (model, duration, resolution) and
/// how many, with a button that removes the line.
#[component]
pub fn FinderLine(key: u32, lines: RwSignal<Vec<EditedLine>>) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let work = Memo::new(move |_| lines.with(|l| l.iter().find(|l| l.key == key).map(|l| l.work.clone())));
    let edit = move |change: &dyn Fn(&mut WorkLine)| {
        lines.update(|lines| lines.iter_mut().filter(|l| l.key == key).for_each(|l| change(&mut l.work)));
    };
    let model = {
        let catalog = catalog.clone();
        Memo::new(move |_| work.get().and_then(|w| catalog.model(&w.model).cloned()))
    };
    let models = catalog
        .models
        .iter()
        .map(|m| {
            let id = m.id.clone();
            let key = if m.kind == ModelKind::Video { "calc.video_model" } else { "calc.image_model" };
            let selected = move || work.get().is_some_and(|w| w.model == id);
            view! { <option value=m.id.clone() selected=selected>{words.fill(key, &[("model", &m.name)])}</option> }
        })
        .collect_view();
    let choose_model = {
        let catalog = catalog.clone();
        move |ev| {
            if let Some(m) = catalog.model(&event_target_value(&ev)) {
                let count = work.get_untracked().map_or(10, |w| w.count);
                edit(&|w| *w = line_for(m, count));
            }
        }
    };
    let durations = {
        let words = words.clone();
        move || {
            let model = model.get().filter(|m| m.kind == ModelKind::Video)?;
            let chosen = work.get()?.seconds;
            let options = model
                .durations_s
                .iter()
                .map(|&s| view! { <option value=s.to_string() selected=chosen == Some(s)>{words.count("calc.seconds", s.into(), &[])}</option> })
                .collect_view();
            let set = move |ev| edit(&|w| w.seconds = event_target_value(&ev).parse().ok());
            Some(
                view! { <label class="pw-field">{words.text("calc.duration")}<select on:change=set>{options}</select></label> },
            )
        }
    };
    let resolutions = move || {
        let (model, chosen) = (model.get()?, work.get()?.resolution);
        Some(
            model
                .resolutions
                .iter()
                .map(|r| view! { <option value=r.id.clone() selected=r.id == chosen>{r.id.clone()}</option> })
                .collect_view(),
        )
    };
    let count = move || work.get().map_or(0, |w| w.count).to_string();
    let remove = move |_| lines.update(|lines| lines.retain(|l| l.key != key));
    view! {
        <li class="pw-finder-line">
            <label class="pw-field">{words.text("calc.model")}<select on:change=choose_model>{models}</select></label>
            {durations}
            <label class="pw-field">
                {words.text("calc.resolution")}
                <select on:change=move |ev| edit(&|w| w.resolution = event_target_value(&ev))>{resolutions}</select>
            </label>
            <label class="pw-field">
                {words.text("finder.count")}
                <input type="number" min="0" step="1" inputmode="numeric" prop:value=count
                    on:input=move |ev| edit(&|w| w.count = event_target_value(&ev).trim().parse().unwrap_or(0))/>
            </label>
            <button type="button" class="pw-link" on:click=remove>{words.text("finder.remove")}</button>
        </li>
    }
}
