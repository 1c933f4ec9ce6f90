use leptos::prelude::*;
use serde_json::json;

use super::count;
use super::promotion_editor::PromotionEditor;
use crate::draft::{now, Draft};

/// The promotions, and a way to start one. Nobody types a struck-through price: publishing
/// writes the lowest price of the 30 days before the promotion, from the price history.
#[component]
pub fn Promotions(draft: Draft) -> impl IntoView {
    let promotions = count(draft, "promotions");
    // A new promotion starts tomorrow at midnight UTC and runs a week, for no plan yet.
    let add = move |offer: serde_json::Value| {
        let starts =
            (now() + chrono::Duration::days(1)).date_naive().and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let id = format!("promotion-{}", now().timestamp());
        draft.edit_list("promotions", |list| {
            list.push(json!({
                "id": id, "headline": "", "details": "",
                "starts_at": starts, "ends_at": starts + chrono::Duration::days(7),
                "plans": [], "intervals": ["monthly", "annual"], "offer": offer,
            }))
        });
    };
    view! {
        <section id="promotions" aria-labelledby="promotions-heading">
            <h2 id="promotions-heading">"Promotions"</h2>
            <p class="hint">"A discount's struck-through price is written when you publish: the lowest price of the 30 days before the promotion starts."</p>
            {move || (0..promotions.get()).map(|index| view! { <PromotionEditor draft index /> }).collect_view()}
            <button type="button" on:click=move |_| add(json!({ "type": "discount", "percent_off": 20, "was": {} }))>"Add a discount"</button>
            <button type="button" on:click=move |_| add(json!({ "type": "unlimited", "months": 12 }))>"Add months of Unlimited"</button>
        </section>
    }
}
