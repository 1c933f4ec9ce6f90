//! The signed-in customer's account, as the billing API tells it when the widget starts: their
//! plan, and the checkout they just came back from.

use leptos::prelude::*;

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
            match client.subscription().await {
                Ok(view) => buying.signed_in(view),
                Err(e) => warn(&format!("cannot read the customer's plan: {}", e.message)),
            }
        }
    });
}
