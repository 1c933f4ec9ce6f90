use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::purchase::buying::{Buying, PurchaseStatus};
use crate::purchase::run;
use crate::state::use_pricing;

/// What the current purchase is doing, read out to screen readers: progress, a failure with a
/// retry, or the outcome.
#[component]
pub fn PurchaseStatusBar(buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let purchase = buying.status;
    let line = move || {
        let state = state.clone();
        let words = state.words.clone();
        match purchase.get() {
            PurchaseStatus::Idle | PurchaseStatus::Confirm(_) => None,
            PurchaseStatus::Working(label) => Some(EitherOf3::A(view! { <p class="pw-status">{label}</p> })),
            PurchaseStatus::Done(message) => Some(EitherOf3::B(view! {
                <p class="pw-status pw-status-done">
                    {message} " "
                    <button type="button" class="pw-link" on:click=move |_| purchase.set(PurchaseStatus::Idle)>{words.text("status.dismiss")}</button>
                </p>
            })),
            PurchaseStatus::Failed { message, retry } => Some(EitherOf3::C(view! {
                <p class="pw-status pw-status-failed">
                    {words.fill("status.failed", &[("reason", &message)])}" "
                    <button type="button" class="pw-link" on:click=move |_| {
                        purchase.set(PurchaseStatus::Idle);
                        run(&state, buying, retry.clone());
                    }>{words.text("status.retry")}</button>
                    " "
                    <button type="button" class="pw-link" on:click=move |_| purchase.set(PurchaseStatus::Idle)>{words.text("status.dismiss")}</button>
                </p>
            })),
        }
    };
    view! { <div class="pw-status-region" role="status" aria-live="polite">{line}</div> }
}
