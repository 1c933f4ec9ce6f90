//! What a plan's button says and does for this visitor, wherever it is: on the plan's card
//! and under the plan finder's answer. The rule itself is `pricing_core::plan_button`'s,
//! shared with the API.

use leptos::prelude::*;
use pricing_core::plan_button::{AccountPlan, PlanAction, Visitor};

use crate::deep_link;
use crate::events::WidgetEvent;
use crate::purchase::{self, Intent};
use crate::state::Pricing;

/// What the button of `plan_id` does for this visitor (tracks the account and the interval).
pub fn action(state: &Pricing, plan_id: &str) -> PlanAction {
    let account = state.account.get();
    let visitor = match (&state.billing, &account) {
        (None, _) => Visitor::Offline,
        (Some(_), Some(account)) => Visitor::SignedIn(AccountPlan { plan: &account.plan, interval: account.interval }),
        (Some(client), None) if client.has_customer() => Visitor::Loading,
        (Some(_), None) => Visitor::Anonymous,
    };
    state.catalog.plan_action(visitor, plan_id, state.interval.get())
}

/// The message key of the button's label.
pub fn label_key(action: PlanAction, free: bool) -> &'static str {
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
pub fn choose(state: &Pricing, plan_id: &str, action: PlanAction) {
    let (interval, currency) = (state.interval.get_untracked(), state.currency.get_untracked());
    state.emit(WidgetEvent::PlanChosen { plan: plan_id, interval, currency });
    if state.sync_url {
        deep_link::write(&[(deep_link::PLAN, plan_id)]);
    }
    match action {
        PlanAction::Checkout => purchase::run(state, purchase::plan_checkout(plan_id, interval, currency)),
        PlanAction::Change { .. } => purchase::run(state, Intent::Preview { plan: plan_id.to_string(), interval }),
        PlanAction::Announce | PlanAction::Current => {}
    }
}
