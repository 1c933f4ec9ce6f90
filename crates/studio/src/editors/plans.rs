use leptos::prelude::*;

use super::plan_editor::PlanEditor;
use super::{count, currencies};
use crate::draft::Draft;

/// Every plan, in the catalog's order (smallest first).
#[component]
pub fn Plans(draft: Draft) -> impl IntoView {
    let plans = count(draft, "plans");
    let currencies = currencies(draft);
    view! {
        <section id="plans" aria-labelledby="plans-heading">
            <h2 id="plans-heading">"Plans"</h2>
            <p class="hint">"Prices per currency and interval, monthly credits, and what a card says. Plans go from smallest to largest; the free plan costs nothing."</p>
            {move || (0..plans.get()).map(|index| view! { <PlanEditor draft index currencies /> }).collect_view()}
        </section>
    }
}
