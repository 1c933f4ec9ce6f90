use leptos::prelude::*;
use pricing_core::credits::CreditSource;

use crate::purchase::buying::Buying;
use crate::state::use_pricing;
use crate::words::format;

/// The signed-in customer's credits by source, in the order generations spend them, each with
/// the day it runs out. Shown once the billing API has told us who is looking.
#[component]
pub fn AccountCredits(buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let title_id = state.id("credits-title");
    let labelled_by = title_id.clone();
    move || {
        let account = buying.with_account(Option::clone)?;
        let locale = locale.clone();
        let rows = account
            .balances
            .iter()
            .map(|balance| {
                let key = match balance.source {
                    CreditSource::Plan => "account.plan_credits",
                    CreditSource::Pack => "account.pack_credits",
                };
                let amount = words.count(key, balance.credits, &[]);
                let until = words.fill("account.until", &[("date", &format::date(balance.expires_at, &locale))]);
                view! { <li><strong>{amount}</strong>" "{until}</li> }
            })
            .collect_view();
        let total = words.count("account.left", account.credits_left, &[]);
        Some(view! {
            <section class="pw-account-credits" aria-labelledby=labelled_by.clone()>
                <h3 id=title_id.clone()>{total}</h3>
                <ul>{rows}</ul>
                <p class="pw-note">{words.text("account.order")}</p>
            </section>
        })
    }
}
