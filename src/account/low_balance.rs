use leptos::prelude::*;
use pricing_core::api::account::LowBalance;

use super::account_view::Account;
use crate::purchase::buying::Buying;
use crate::purchase::plan_button::PlanButton;
use crate::purchase::{pack_checkout, run};
use crate::state::{use_pricing, Shown};

/// Running low: how much of the cycle is spent, the customer's own work of the last 30 days,
/// and what would pay for it (the plan finder fed with that work, on the server): packs to buy
/// now, and the plan that covers it, each with its button.
#[component]
pub fn LowBalanceNotice(account: Account, shown: Shown, buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-low-title");
    move || {
        let low = account.view.with(|v| v.as_ref()?.low_balance.clone())?;
        let LowBalance { percent_spent, recent_work, plan, packs } = low;
        let (words, catalog) = (state.words.clone(), state.catalog.clone());
        // The customer's own interval and currency (`account_view.rs` sets them from their plan).
        let (interval, currency) = (shown.interval(), shown.currency.get());
        let work = recent_work
            .iter()
            .map(|line| {
                let model = catalog.model(&line.model).map_or(line.model.clone(), |m| m.name.clone());
                words.count("account.work_line", line.count, &[("model", &model), ("resolution", &line.resolution)])
            })
            .collect::<Vec<_>>();
        let work = words.list(&work);
        let pack_buttons = packs
            .into_iter()
            .filter_map(|wanted| catalog.credit_pack(&wanted.pack).cloned().map(|p| (p, wanted.count)))
            .map(|(pack, count)| {
                let label = words.count("account.buy_packs", u64::from(count), &[("pack", &pack.name)]);
                let press_state = state.clone();
                let buy = move |_| run(&press_state, buying, pack_checkout(&pack.id, interval, currency));
                view! { <button type="button" class="pw-cta" on:click=buy>{label}</button> }
            })
            .collect_view();
        let plan = plan.and_then(|id| catalog.plan(&id).cloned()).map(|plan| {
            view! { <p>{words.text("account.low_plan")}</p><PlanButton plan shown buying/> }
        });
        Some(view! {
            <div class="pw-account-low" role="status" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{words.fill("account.low_title", &[("percent", &words.number(percent_spent.into()))])}</h3>
                {(!work.is_empty()).then(|| view! { <p>{words.fill("account.low_work", &[("work", &work)])}</p> })}
                <div class="pw-account-low-packs">{pack_buttons}</div>
                {plan}
            </div>
        })
    }
}
