use leptos::html::Dialog;
use leptos::prelude::*;
use pricing_core::api::Quote;
use pricing_core::{Interval, Timing};

use crate::purchase;
use crate::purchase::buying::{Buying, PurchaseStatus};
use crate::state::use_pricing;
use crate::words::{format, tax_note};

/// The preview of a plan change, before anything is charged: what is paid today, the credits
/// added today and when the change takes effect. Confirming applies exactly this quote.
#[component]
pub fn ChangeDialog(buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let dialog = NodeRef::<Dialog>::new();
    let purchase = buying.status;
    let quote = Memo::new(move |_| match purchase.get() {
        PurchaseStatus::Confirm(quote) => Some(quote),
        _ => None,
    });
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            match quote.get() {
                Some(_) if !dialog.open() => _ = dialog.show_modal(),
                None if dialog.open() => dialog.close(),
                _ => {}
            }
        }
    });
    let title_id = state.id("change-title");
    let title_ref = title_id.clone();
    let content_state = state.clone();
    let content = move || {
        let quote: Quote = quote.get()?;
        let state = content_state.clone();
        let (locale, words) = (state.locale.clone(), state.words.clone());
        let name = state.catalog.plan(&quote.plan).map(|p| p.name.clone()).unwrap_or_default();
        let plan = [("plan", name.as_str())];
        let (heading, when, confirm) = match quote.timing {
            Timing::Now => (
                words.fill("cta.upgrade", &plan),
                words.text("change.now"),
                words.fill("change.confirm_pay", &[("amount", &format::money(quote.amount_due_now, &locale))]),
            ),
            Timing::AtPeriodEnd => (
                words.fill("cta.switch", &plan),
                words.fill("change.at_period_end", &[("date", &format::date(quote.effective_at, &locale))]),
                words.text("change.confirm"),
            ),
        };
        let then_key = if quote.interval == Interval::Annual { "change.then_annual" } else { "change.then_monthly" };
        let then = words.fill(
            then_key,
            &[
                ("price", &format::money(quote.new_price, &locale)),
                ("date", &format::date(quote.period_end_after, &locale)),
            ],
        );
        let confirm_quote = quote.clone();
        Some(view! {
            <h2 id=title_id.clone()>{heading}</h2>
            <dl class="pw-quote">
                <dt>{words.text("change.charged")}</dt>
                <dd><span data-testid="quote-due">{format::money(quote.amount_due_now, &locale)}</span>" · "
                    <span class="pw-tax">{tax_note(&state.catalog, &words, quote.amount_due_now.currency)}</span></dd>
                <dt>{words.text("change.credits")}</dt><dd>{format::number(quote.credits_added_now, &locale)}</dd>
                <dt>{words.text("change.when")}</dt><dd>{when}</dd>
                <dt>{words.text("change.then")}</dt><dd>{then}</dd>
            </dl>
            <div class="pw-dialog-actions">
                <button type="button" class="pw-cta" on:click=move |_| {
                    purchase.set(PurchaseStatus::Idle);
                    purchase::run(&state, buying, purchase::apply(confirm_quote.clone()));
                }>{confirm}</button>
                <button type="button" class="pw-secondary" on:click=move |_| purchase.set(PurchaseStatus::Idle)>{words.text("change.keep")}</button>
            </div>
        })
    };
    view! {
        <dialog class="pw-dialog" node_ref=dialog aria-labelledby=title_ref on:close=move |_| {
            if quote.get_untracked().is_some() {
                purchase.set(PurchaseStatus::Idle);
            }
        }>{content}</dialog>
    }
}
