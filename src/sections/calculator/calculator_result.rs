use leptos::prelude::*;
use pricing_core::access::NotIncluded;
use pricing_core::catalog::{Model, ModelKind};
use pricing_core::{Catalog, Money, Queue};

use crate::state::use_pricing;
use crate::words::{format, Words};

/// The calculator's model needs another plan (`access.rs`): the plan that pays does not have
/// it, and makes none of it; or credits bought alone need a plan that has it.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanNeeded {
    NotOnPayingPlan(NotIncluded),
    ForCredits(NotIncluded),
}

impl PlanNeeded {
    /// Whether the plan that pays makes any of the model's outputs.
    pub fn makes_outputs(needed: &Option<PlanNeeded>) -> bool {
        !matches!(needed, Some(PlanNeeded::NotOnPayingPlan(_)))
    }
}

/// Which plan the model needs, if the one paying (`None`: credits bought alone) lacks it.
pub fn plan_needed(catalog: &Catalog, paying_plan: Option<&str>, model_id: &str) -> Option<PlanNeeded> {
    match paying_plan.and_then(|id| catalog.plan(id)) {
        Some(plan) => catalog.model_access(plan, model_id).err().map(PlanNeeded::NotOnPayingPlan),
        None => catalog.credits_access(model_id).err().map(PlanNeeded::ForCredits),
    }
}

/// The sentence that says which plan unlocks the model.
fn needed_text(words: &Words, catalog: &Catalog, needed: &PlanNeeded) -> String {
    let (key, refused) = match needed {
        PlanNeeded::NotOnPayingPlan(refused) => ("calc.not_included", refused),
        PlanNeeded::ForCredits(refused) => ("calc.needs_plan", refused),
    };
    let name = |id: Option<&str>| id.and_then(|id| catalog.plan(id)).map_or("", |p| p.name.as_str());
    let model = catalog.model(&refused.model).map_or("", |m| m.name.as_str());
    let (plan, unlocked_by) = (name(Some(&refused.plan)), name(refused.unlocked_by.as_deref()));
    words.fill(key, &[("model", model), ("plan", plan), ("unlocked_by", unlocked_by)])
}

/// The calculator's answer: how many outputs the credits make (none on a plan without the
/// model, which it names the plan for), what one costs in credits and in money, and whether
/// the plan makes it for nothing (Unlimited).
#[component]
pub fn CalculatorResult(
    credits: Memo<u64>,
    /// Credits one output costs.
    cost: Memo<Option<u64>>,
    /// The model making it (video or image), and its id.
    model: Memo<Option<Model>>,
    model_id: RwSignal<String>,
    /// What one output costs through the plan or pack paying (none for bare credits).
    price_each: Memo<Option<Money>>,
    /// The paying plan makes this output Unlimited.
    unlimited: Memo<Option<bool>>,
    /// The id of the plan paying, when a plan pays.
    paying_plan: Memo<Option<String>>,
) -> impl IntoView {
    let state = use_pricing();
    let (words, catalog) = (state.words.clone(), state.catalog.clone());
    move || {
        let words = &words;
        let cost = cost.get()?;
        let kind = model.with(|m| m.as_ref().map(|m| m.kind))?;
        let needed = paying_plan.with(|plan| model_id.with(|model| plan_needed(&catalog, plan.as_deref(), model)));
        let runs = PlanNeeded::makes_outputs(&needed);
        // On a plan without the model, the main line says which plan has it, and counts nothing.
        let (before, count, after) = match &needed {
            Some(refused @ PlanNeeded::NotOnPayingPlan(_)) => (Some(needed_text(words, &catalog, refused)), None, None),
            _ => {
                let count = pricing_core::outputs_for_credits(credits.get(), cost);
                let key = if kind == ModelKind::Video { "calc.videos_from" } else { "calc.images_from" };
                let credits = format::number(credits.get(), &words.locale);
                let (before, after) = words.around(key, Some(count), &[("credits", &credits)], "count");
                (before, Some(format::number(count, &words.locale)), after)
            }
        };
        let needs_plan = needed
            .as_ref()
            .filter(|n| matches!(n, PlanNeeded::ForCredits(_)))
            .map(|n| view! { <p class="pw-note">{needed_text(words, &catalog, n)}</p> });
        let price = price_each.get().filter(|_| runs).map(|p| {
            let (before, after) = words.around("calc.worth", None, &[], "price");
            view! { <p>{before}<strong>{format::money(p, &words.locale)}</strong>{after}</p> }
        });
        let queue =
            |q: Queue| words.text(if q == Queue::Priority { "calc.priority_queue" } else { "calc.standard_queue" });
        let unlimited_note = unlimited.get().filter(|&u| u).map(|_| {
            let (standard, priority) = (queue(Queue::for_generation(true)), queue(Queue::for_generation(false)));
            view! {
                <p class="pw-unlimited-note">
                    <strong>{words.text("calc.unlimited_title")}</strong>
                    " "{words.fill("calc.unlimited_note", &[("unlimited_queue", &standard), ("credit_queue", &priority)])}
                </p>
            }
        });
        Some(view! {
            <p class="pw-result-main">
                {before}{count.map(|count| view! { <strong data-testid="calc-outputs">{count}</strong> })}{after}
            </p>
            <p>{words.count("calc.each_costs", cost, &[])}</p>
            {price}
            {unlimited_note}
            {needs_plan}
        })
    }
}
