//! Buying through the billing API. What a call to action does: a checkout for visitors, a
//! previewed change for customers. One purchase runs at a time per widget, so a double click
//! never starts two, and a failed one can be retried with the same idempotency key. Next to it:
//! where a purchase stands (`buying`), the buttons, dialog and lines that start or show one,
//! and the signed-in customer's plan (`account`; the account view is a build of its own).

pub mod account;
pub mod buying;
pub mod change_dialog;
pub mod cta_form;
pub mod plan_button;
pub mod status_bar;

use leptos::prelude::*;
use pricing_core::api::{ChangeRequest, CheckoutRequest, Quote};
use pricing_core::{Currency, Interval};

use crate::billing_api::idempotency_key;
use crate::page::deep_link;
use crate::page::events::WidgetEvent;
use crate::purchase::buying::{Buying, Intent, PurchaseStatus};
use crate::state::Pricing;

/// The page the visitor comes back to after paying (or cancelling), with their choice.
fn return_urls(plan: Option<&str>, interval: Interval, currency: Currency) -> (String, String) {
    (
        deep_link::return_url(plan, interval, currency, ("checkout", "success")),
        deep_link::return_url(plan, interval, currency, ("checkout", "cancelled")),
    )
}

pub fn plan_checkout(plan: &str, interval: Interval, currency: Currency) -> Intent {
    let (success_url, cancel_url) = return_urls(Some(plan), interval, currency);
    let request = CheckoutRequest::Subscription { plan: plan.into(), interval, currency, success_url, cancel_url };
    Intent::Checkout { request, key: idempotency_key() }
}

pub fn pack_checkout(pack: &str, interval: Interval, currency: Currency) -> Intent {
    let (success_url, cancel_url) = return_urls(None, interval, currency);
    Intent::Checkout {
        request: CheckoutRequest::CreditPack { pack: pack.into(), currency, success_url, cancel_url },
        key: idempotency_key(),
    }
}

pub fn apply(quote: Quote) -> Intent {
    Intent::Apply { quote, key: idempotency_key() }
}

pub fn run(state: &Pricing, buying: Buying, intent: Intent) {
    let Some(client) = state.billing.clone() else { return };
    if matches!(buying.status.get_untracked(), PurchaseStatus::Working(_)) {
        return;
    }
    let label = match &intent {
        Intent::Checkout { .. } => "status.starting",
        Intent::Preview { .. } => "status.previewing",
        Intent::Apply { .. } => "status.changing",
    };
    buying.status.set(PurchaseStatus::Working(state.words.text(label)));
    let (widget, state) = (state, state.clone());
    widget.spawn(async move {
        let outcome = match &intent {
            Intent::Checkout { request, key } => client.checkout(request, key).await.map(|session| {
                state.emit(WidgetEvent::CheckoutStarted { session: &session.id });
                if let Some(window) = web_sys::window() {
                    let _ = window.location().assign(&session.url);
                }
                PurchaseStatus::Working(state.words.text("status.opening"))
            }),
            Intent::Preview { plan, interval } => client
                .preview(&ChangeRequest { plan: plan.clone(), interval: *interval })
                .await
                .map(PurchaseStatus::Confirm),
            Intent::Apply { quote, key } => client.apply(&quote.id, key).await.map(|applied| {
                let name = state.catalog.plan(&quote.plan).map(|p| p.name.clone()).unwrap_or_default();
                buying.signed_in(applied.subscription);
                state.emit(WidgetEvent::PlanChanged { plan: &quote.plan, interval: quote.interval });
                let key = match quote.timing {
                    pricing_core::Timing::Now => "status.changed_now",
                    pricing_core::Timing::AtPeriodEnd => "status.changed_later",
                };
                PurchaseStatus::Done(state.words.fill(key, &[("plan", &name)]))
            }),
        };
        // Removing the widget cancels the task at its next await, so its state is still here.
        buying.status.set(outcome.unwrap_or_else(|error| {
            state.emit(WidgetEvent::CheckoutFailed { message: &error.message });
            PurchaseStatus::Failed { message: state.words.text(error.reason), retry: intent }
        }));
    });
}
