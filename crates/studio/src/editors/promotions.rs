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
    let add = move |_| {
        let starts =
            (now() + chrono::Duration::days(1)).date_naive().and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let id = format!("promotion-{}", now().timestamp());
        draft.edit_list("promotions", |list| {
            list.push(json!({
                "id": id, "headline": "", "details": "",
                "starts_at": starts, "ends_at": starts + chrono::Duration::days(7),
                "plans": [], "intervals": ["monthly", "annual"],
                "offer": { "type": "discount", "percent_off": 20, "was": {} },
            }))
        });
    };
    view! {
        <section id="promotions" aria-labelledby="promotions-heading">
            <h2 id="promotions-heading">"Promotions"</h2>
            <p class="hint">"A discount's struck-through price is written when you publish: the lowest price of the 30 days before the promotion starts."</p>
            {move || (0..promotions.get()).map(|index| view! { <PromotionEditor draft index /> }).collect_view()}
            <button type="button" on:click=add>"Add a discount"</button>
        </section>
    }
}
