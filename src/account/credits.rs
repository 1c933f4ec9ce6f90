use leptos::prelude::*;
use pricing_core::credits::CreditSource;

use super::account_view::Account;
use crate::state::use_pricing;
use crate::words::format;

/// The credits left: in total, this cycle's plan allowance used (a meter), the credits held by
/// generations under way, and (in the full account, and in the summary too: they are what a
/// customer looks for) each source in the order generations spend them, with its last day.
#[component]
pub fn CreditsLeft(account: Account, full: bool) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-credits-title");
    move || {
        let view = account.view.get()?;
        let (locale, words) = (state.locale.clone(), state.words.clone());
        let subscription = &view.subscription;
        let rows = subscription
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
        let cycle = view.cycle.as_ref().map(|cycle| {
            let (used, allowance) = (format::number(cycle.used, &locale), format::number(cycle.allowance, &locale));
            let label = words.fill("account.cycle_used", &[("used", &used), ("allowance", &allowance)]);
            let renews = words.fill("account.cycle_ends", &[("date", &format::date(cycle.ends_at, &locale))]);
            let percent = (cycle.used.min(cycle.allowance) * 100).checked_div(cycle.allowance).unwrap_or(0);
            view! {
                <div class="pw-account-cycle">
                    <span class="pw-account-cycle-label">{label.clone()}</span>
                    <span class="pw-account-bar" role="meter" aria-label=label aria-valuemin="0"
                        aria-valuemax=cycle.allowance.to_string() aria-valuenow=cycle.used.min(cycle.allowance).to_string()>
                        <span style=format!("inline-size: {percent}%")></span>
                    </span>
                    {full.then_some(view! { <span class="pw-note">{renews}</span> })}
                </div>
            }
        });
        let held = (view.held > 0)
            .then(|| view! { <p class="pw-account-held">{words.count("account.held", view.held, &[])}</p> });
        let total = words.count("account.left", subscription.credits_left, &[]);
        Some(view! {
            <section class="pw-account-credits" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{total}</h3>
                {cycle}
                {held}
                <ul>{rows}</ul>
                <p class="pw-note">{words.text("account.order")}</p>
            </section>
        })
    }
}
