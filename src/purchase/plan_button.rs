//! A plan's call to action, on its card and under the plan finder's answer. What it says and
//! does for this visitor is `pricing_core::plan_move`'s rule, shared with the API.

use leptos::prelude::*;
use pricing_core::api::SubscriptionView;
use pricing_core::catalog::Plan;
use pricing_core::plan_move::{AccountPlan, PlanAction, Visitor};
use pricing_core::Interval;

use crate::page::deep_link;
use crate::page::events::WidgetEvent;
use crate::purchase;
use crate::purchase::buying::{Buying, Intent, PurchaseStatus};
use crate::purchase::cta_form::CtaForm;
use crate::state::{use_pricing, Pricing, Shown};

/// What the button of `plan_id` does for this visitor, signed in on `account` or not.
fn action(state: &Pricing, account: &Option<SubscriptionView>, plan_id: &str, interval: Interval) -> PlanAction {
    let visitor = match (&state.billing, account) {
        (_, Some(account)) => Visitor::SignedIn(AccountPlan { plan: &account.plan, interval: account.interval }),
        (None, None) => Visitor::Offline,
        (Some(client), None) if client.has_customer() => Visitor::Loading,
        (Some(_), None) => Visitor::Anonymous,
    };
    state.catalog.plan_action(visitor, plan_id, interval)
}

/// The message key of the button's label.
fn label_key(action: PlanAction, free: bool) -> &'static str {
    match action {
        PlanAction::Current => "cta.current",
        PlanAction::Change { upgrade: true } => "cta.upgrade",
        PlanAction::Change { upgrade: false } => "cta.switch",
        PlanAction::Announce | PlanAction::Checkout if free => "cta.free",
        PlanAction::Announce | PlanAction::Checkout => "cta.choose",
    }
}

/// The button was pressed: tell the page, remember the plan in the URL, and start a checkout
/// or a plan change's preview.
fn choose(state: &Pricing, shown: Shown, buying: Buying, plan_id: &str, action: PlanAction) {
    let (interval, currency) = (shown.interval_untracked(), shown.currency.get_untracked());
    state.emit(WidgetEvent::PlanChosen { plan: plan_id, interval, currency });
    if state.sync_url {
        deep_link::write(&[(deep_link::PLAN, plan_id)]);
    }
    match action {
        PlanAction::Checkout => purchase::run(state, buying, purchase::plan_checkout(plan_id, interval, currency)),
        PlanAction::Change { .. } => {
            purchase::run(state, buying, Intent::Preview { plan: plan_id.to_string(), interval })
        }
        PlanAction::Announce | PlanAction::Current => {}
    }
}

/// The button, in a form that works before the wasm does (to the host's page or to support),
/// busy while a purchase is under way, disabled on the visitor's own plan.
#[component]
pub fn PlanButton(plan: Plan, shown: Shown, buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let (currency, words) = (shown.currency, state.words.clone());
    let (id, name, free) = (plan.id.clone(), plan.name.clone(), plan.free);
    let action = {
        let (state, id) = (state.clone(), id.clone());
        Memo::new(move |_| buying.with_account(|account| action(&state, account, &id, shown.interval())))
    };
    let label = {
        let (words, name) = (words.clone(), name.clone());
        move || words.fill(label_key(action.get(), free), &[("plan", &name)])
    };
    let fields = vec![
        (deep_link::PLAN, Signal::stored(id.clone())),
        (deep_link::INTERVAL, Signal::derive(move || shown.interval().as_str().to_string())),
        (deep_link::CURRENCY, Signal::derive(move || currency.get().code().to_string())),
    ];
    let subject = Signal::derive(move || {
        let interval = words.text(&format!("interval.{}", shown.interval()));
        words.fill_plain(
            "card.subject",
            &[("plan", &name), ("interval", &interval), ("currency", currency.get().code())],
        )
    });
    let purchase_status = buying.status;
    let busy = move || matches!(purchase_status.get(), PurchaseStatus::Working(_));
    let press = move |_| choose(&state, shown, buying, &id, action.get_untracked());
    view! {
        <CtaForm fields subject>
            <button type="submit" class="pw-cta" part="cta" on:click=press disabled=move || action.get() == PlanAction::Current || busy()
                aria-busy=move || busy().then_some("true")>{label}</button>
        </CtaForm>
    }
}
