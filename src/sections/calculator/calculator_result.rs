use leptos::prelude::*;
use pricing_core::catalog::{Model, ModelKind};
use pricing_core::{outputs_for_credits, Money, Queue};

use crate::state::use_pricing;
use crate::words::format;

/// The calculator's answer: how many outputs the credits make, what one costs in credits and
/// in money, and whether the plan makes it for nothing (Unlimited).
#[component]
pub fn CalculatorResult(
    credits: Memo<u64>,
    /// Credits one output costs.
    cost: Memo<Option<u64>>,
    /// The model making it (video or image).
    model: Memo<Option<Model>>,
    /// What one output costs through the plan or pack paying (none for bare credits).
    price_each: Memo<Option<Money>>,
    /// The paying plan makes this output Unlimited.
    unlimited: Memo<Option<bool>>,
) -> impl IntoView {
    let words = use_pricing().words.clone();
    move || {
        let words = &words;
        let cost = cost.get()?;
        let kind = model.with(|m| m.as_ref().map(|m| m.kind))?;
        let count = outputs_for_credits(credits.get(), cost);
        let key = if kind == ModelKind::Video { "calc.videos_from" } else { "calc.images_from" };
        let credits = format::number(credits.get(), &words.locale);
        let (before, after) = words.around(key, Some(count), &[("credits", &credits)], "count");
        let price = price_each.get().map(|p| {
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
                {before}<strong data-testid="calc-outputs">{format::number(count, &words.locale)}</strong>{after}
            </p>
            <p>{words.count("calc.each_costs", cost, &[])}</p>
            {price}
            {unlimited_note}
        })
    }
}
