//! The signed-in customer's account, as the billing API tells it when the widget starts: their
//! plan, and the checkout they just came back from.

use leptos::prelude::*;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::billing_api::BillingClient;
use crate::page::console::warn;
use crate::purchase::buying::{Buying, PurchaseStatus};
use crate::state::Pricing;

/// Asks the API for the signed-in customer's plan, and for the checkout the visitor just came
/// back from, if any; removing the widget cancels the requests' task.
pub fn load_account(state: &Pricing, buying: Buying) {
    let Some(client) = state.billing.clone() else { return };
    let session = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|params| params.get(pricing_core::api::CHECKOUT_SESSION_PARAM));
    let (purchase, words) = (buying.status, state.words.clone());
    state.spawn(async move {
        if let Some(id) = session {
            if let Ok(session) = client.checkout_session(&id).await {
                if session.status == pricing_core::api::SessionStatus::Paid {
                    let thanks = words.fill("status.paid", &[("purchase", &session.description)]);
                    purchase.set(PurchaseStatus::Done(thanks));
                }
            }
        }
        if client.has_customer() {
            read_plan(&client, buying).await;
        }
    });
    if state.billing.as_ref().is_some_and(BillingClient::has_customer) {
        follow_the_account(state, buying);
    }
}

async fn read_plan(client: &BillingClient, buying: Buying) {
    match client.subscription().await {
        Ok(view) => buying.signed_in(view),
        Err(e) => warn(&format!("cannot read the customer's plan: {}", e.message)),
    }
}

/// What the customer changes in the account view beside the cards (cancel, resume, take back a
/// scheduled change) is read again here, so every card's button follows it.
fn follow_the_account(state: &Pricing, buying: Buying) {
    let (root, state) = (state.root, state.clone());
    Effect::new(move |_| {
        let Some(element) = root.get() else { return };
        let (client, task) = (state.billing.clone(), state.clone());
        let changed = Closure::<dyn Fn()>::new(move || {
            let client = client.clone();
            task.spawn(async move {
                if let Some(client) = client {
                    read_plan(&client, buying).await;
                }
            });
        });
        let around = element.get_root_node();
        if around.add_event_listener_with_callback(SUBSCRIPTION_CHANGED, changed.as_ref().unchecked_ref()).is_ok() {
            let listening = send_wrapper::SendWrapper::new((around, changed));
            on_cleanup(move || {
                let (around, changed) = listening.take();
                let _ =
                    around.remove_event_listener_with_callback(SUBSCRIPTION_CHANGED, changed.as_ref().unchecked_ref());
            });
        }
    });
}

/// What the account view dispatches when it changed the subscription.
const SUBSCRIPTION_CHANGED: &str = "pricing-widget:subscription-changed";
