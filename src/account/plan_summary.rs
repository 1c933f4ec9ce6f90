use leptos::prelude::*;
use pricing_core::api::account::AccountView;
use pricing_core::api::SubscriptionView;
use pricing_core::Interval;

use super::account_view::Account;
use super::actions::Actions;
use super::events::SUBSCRIPTION_CHANGED;
use crate::billing_api::{BillingClient, BillingError};
use crate::state::use_pricing;
use crate::words::{format, tax_note};

/// The plan, how it is billed and what happens next: the renewal's date and amount, or the day
/// it ends (with a way to keep it), and a change scheduled for then (with a way to take it
/// back). In the full account, the button that starts a cancellation.
#[component]
pub fn PlanSummary(account: Account, actions: Actions, title_id: String, full: bool) -> impl IntoView {
    let state = use_pricing();
    let words = state.words.clone();
    let catalog = state.catalog.clone();
    let plan_name =
        std::sync::Arc::new(move |id: &str| catalog.plan(id).map_or_else(|| id.to_string(), |p| p.name.clone()));
    let (name, heading_name, heading_words) = (plan_name.clone(), plan_name.clone(), words.clone());
    let heading = move || match account.view.with(|v| v.as_ref().map(|v| v.subscription.plan.clone())) {
        Some(plan) => heading_words.fill("account.plan", &[("plan", &heading_name(&plan))]),
        None => heading_words.text("account.loading"),
    };
    let details = move || {
        let view: AccountView = account.view.get()?;
        let (locale, words) = (state.locale.clone(), state.words.clone());
        let subscription = &view.subscription;
        let billed = subscription.interval.map(|interval| words.text(billed_key(interval)));
        let next = match (&view.renewal, subscription.period_end) {
            (Some(renewal), _) => {
                let key = if renewal.offer_applied { "account.renews_offer" } else { "account.renews" };
                let amount = format::money(renewal.amount, &locale);
                words.fill(key, &[("date", &format::date(renewal.at, &locale)), ("amount", &amount)])
            }
            (None, Some(end)) => words.fill("account.ends", &[("date", &format::date(end, &locale))]),
            (None, None) => words.text("account.free"),
        };
        let tax = view.renewal.as_ref().and_then(|r| tax_note(&state.catalog, &words, r.amount.currency));
        let scheduled = subscription.scheduled_change.as_ref().map(|change| {
            let interval = words.text(interval_word_key(change.interval));
            let plan = name(&change.plan);
            words.fill(
                "account.scheduled",
                &[("plan", &plan), ("interval", &interval), ("date", &format::date(change.at, &locale))],
            )
        });
        Some(view! {
            {billed.map(|b| view! { <p class="pw-account-billed">{b}</p> })}
            <p class="pw-account-next" data-testid="account-next">{next}</p>
            {tax.map(|tax| view! { <p class="pw-note pw-tax">{tax}</p> })}
            {scheduled.map(|line| view! { <p class="pw-account-scheduled">{line}</p> })}
        })
    };
    let buttons = move || {
        let view = account.view.get()?;
        let subscription = view.subscription;
        let current = plan_name(&subscription.plan);
        let words = words.clone();
        let paid = subscription.period_end.is_some();
        let take_back = subscription.scheduled_change.is_some().then(|| {
            let label = words.fill("account.keep_plan", &[("plan", &current)]);
            action_button(account, actions, "take_back_change", label, |c, key| async move {
                c.take_back_change(&key).await
            })
        });
        let resume = subscription.cancel_at_period_end.then(|| {
            let label = words.fill("account.resume", &[("plan", &current)]);
            action_button(account, actions, "resume", label, |c, key| async move { c.resume(&key).await })
        });
        let cancel = (full && paid && !subscription.cancel_at_period_end).then(|| {
            view! { <button type="button" class="pw-account-cancel" on:click=move |_| account.cancelling.set(true)>{words.text("account.cancel")}</button> }
        });
        Some(view! { <div class="pw-account-actions">{take_back}{resume}{cancel}</div> })
    };
    let failure = move || {
        ["take_back_change", "resume"].into_iter().find_map(|name| actions.failure(name)).map(|why| {
            view! { <p class="pw-account-failed" role="alert">{why}</p> }
        })
    };
    view! {
        <div class="pw-account-plan">
            <h2 id=title_id>{heading}</h2>
            {details}
            {buttons}
            {failure}
        </div>
    }
}

/// "Billed every month." / "Billed once a year."
fn billed_key(interval: Interval) -> &'static str {
    match interval {
        Interval::Monthly => "account.billed_monthly",
        Interval::Annual => "account.billed_annual",
    }
}

/// The interval as a word in a sentence ("billed monthly").
fn interval_word_key(interval: Interval) -> &'static str {
    match interval {
        Interval::Monthly => "account.interval_monthly",
        Interval::Annual => "account.interval_annual",
    }
}

/// A button for an action that changes the subscription: it waits while any action is under
/// way, and the account (and the pricing cards) follow what the API answers.
pub fn action_button<Call, Answer>(
    account: Account,
    actions: Actions,
    name: &'static str,
    label: String,
    call: Call,
) -> impl IntoView
where
    Call: FnOnce(BillingClient, String) -> Answer + Clone + 'static,
    Answer: std::future::Future<Output = Result<SubscriptionView, BillingError>> + 'static,
{
    let state = use_pricing();
    let busy = move || actions.busy.get().is_some();
    let host_state = state.clone();
    let press = move |_| {
        let emit = host_state.clone();
        actions.run(&host_state, name, call.clone(), move |subscription| {
            if let Some(root) = emit.root.get_untracked() {
                super::events::dispatch(&root, SUBSCRIPTION_CHANGED, &[("action", name)]);
            }
            // The answer at once (this button goes, so a late second click has nothing to do),
            // then the whole account read again.
            account.view.update(|view| {
                if let Some(view) = view {
                    view.subscription = subscription;
                }
            });
            account.reload();
        });
    };
    view! { <button type="button" aria-disabled=move || busy().to_string() on:click=press>{label}</button> }
}
