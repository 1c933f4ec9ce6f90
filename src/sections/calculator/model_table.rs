use leptos::prelude::*;
use pricing_core::outputs_for_credits;

use crate::state::use_pricing;
use crate::words::format;

/// Every model at a glance: what one output is (the chosen clip length, each model's lowest
/// resolution), its credits, and how many the calculator's credits make, Unlimited tagged; on
/// a paying plan without the model, that it is not on the plan.
#[component]
pub fn ModelTable(
    credits: Memo<u64>,
    chosen_seconds: RwSignal<u32>,
    /// The id of the plan paying, when a plan pays.
    paying_plan: Memo<Option<String>>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let (table_locale, table_words) = (state.locale.clone(), words.clone());
    let rows = move || {
        let credits = credits.get();
        let seconds = chosen_seconds.get();
        let plan = paying_plan.get().and_then(|id| catalog.plan(&id).cloned());
        catalog
            .models
            .iter()
            .map(|m| {
                let (s, resolution) = m.settle(seconds, "");
                let each = m.credits_per_output(&resolution, s).unwrap_or(0);
                let what = match s {
                    Some(s) => table_words.fill("calc.video_output", &[("seconds", &table_words.number(s.into())), ("resolution", &resolution)]),
                    None => resolution.clone(),
                };
                let is_unlimited = plan.as_ref().is_some_and(|p| p.is_unlimited(m, &resolution));
                let outputs = match plan.as_ref().filter(|p| !p.includes(&m.id)) {
                    Some(p) => table_words.fill("calc.not_on_plan", &[("plan", &p.name)]),
                    None => format::number(outputs_for_credits(credits, each), &table_locale),
                };
                view! {
                    <tr>
                        <th scope="row">{m.name.clone()}</th>
                        <td>{what}</td>
                        <td>{format::number(each, &table_locale)}</td>
                        <td>
                            {outputs}
                            {is_unlimited.then(|| view! { <span class="pw-tag">{table_words.text("calc.unlimited_tag")}</span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="pw-scroll" tabindex="0" role="region" aria-label=words.text("calc.table_region")>
            <table class="pw-models">
                <caption>{words.text("calc.table_caption")}</caption>
                <thead><tr>
                    <th scope="col">{words.text("calc.model")}</th><th scope="col">{words.text("calc.output")}</th>
                    <th scope="col">{words.text("calc.credits_each")}</th><th scope="col">{words.text("calc.outputs")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
