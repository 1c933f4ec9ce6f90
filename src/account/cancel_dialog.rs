use leptos::html::Dialog;
use leptos::prelude::*;
use pricing_core::api::cancellation::{CancelRequest, CancellationOptions};
use pricing_core::retention::CancelReason;

use super::account_view::Account;
use super::actions::Actions;
use super::plan_summary::action_button;
use crate::state::use_pricing;
use crate::words::format;

/// Cancelling, confirmed in a dialog that says exactly what happens and when: the reasons to
/// choose from, a comment, and the retention offer the API has for this customer (if any),
/// which they may take instead. The API's answers are what it shows.
#[component]
pub fn CancelDialog(account: Account, actions: Actions) -> impl IntoView {
    let state = use_pricing();
    let dialog = NodeRef::<Dialog>::new();
    let options = RwSignal::new(None::<CancellationOptions>);
    let failed = RwSignal::new(None::<String>);
    let reason = RwSignal::new(None::<CancelReason>);
    let comment = RwSignal::new(String::new());
    let open_state = state.clone();
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        match account.cancelling.get() {
            true if !dialog.open() => {
                _ = dialog.show_modal();
                options.set(None);
                failed.set(None);
                let (Some(client), words) = (open_state.billing.clone(), open_state.words.clone()) else { return };
                open_state.spawn(async move {
                    match client.cancellation_options().await {
                        Ok(found) => options.set(Some(found)),
                        Err(error) if error.signed_out() => actions.token_expired(),
                        Err(error) => failed.set(Some(words.text(error.reason))),
                    }
                });
            }
            false if dialog.open() => dialog.close(),
            _ => {}
        }
    });
    let title_id = state.id("cancel-title");
    let labelled_by = title_id.clone();
    let words = state.words.clone();
    let plan = move || account.view.with(|v| v.as_ref().map(|v| v.subscription.plan.clone())).unwrap_or_default();
    let catalog = state.catalog.clone();
    let heading_words = words.clone();
    let heading = move || {
        let id = plan();
        let name = catalog.plan(&id).map_or(id, |p| p.name.clone());
        heading_words.fill("account.cancel_title", &[("plan", &name)])
    };
    let content = move || {
        let found = options.get()?;
        let (locale, words) = (state.locale.clone(), state.words.clone());
        let what = words.fill("account.cancel_what", &[("date", &format::date(found.ends_at, &locale))]);
        let name = state.id("cancel-reason");
        let choices = found
            .reasons
            .iter()
            .map(|&why| {
                let label = words.text(&format!("account.reason.{}", why.as_str()));
                let name = name.clone();
                view! {
                    <label><input type="radio" name=name value=why.as_str() on:change=move |_| reason.set(Some(why))/>{label}</label>
                }
            })
            .collect_view();
        let offer = found.offer.map(|offer| {
            let line = words.count(
                "account.offer",
                offer.months.into(),
                &[
                    ("percent", &words.number(offer.percent_off.into())),
                    ("offered", &format::money(offer.offered_price, &locale)),
                    ("price", &format::money(offer.renewal_price, &locale)),
                ],
            );
            let take =
                action_button(account, actions, "take_offer", words.text("account.take_offer"), |c, key| async move {
                    c.take_retention_offer(&key).await
                });
            view! { <div class="pw-account-offer"><p>{line}</p>{take}</div> }
        });
        let confirm =
            action_button(account, actions, "cancel", words.text("account.confirm_cancel"), move |c, key| async move {
                let why = CancelRequest {
                    reason: reason.get_untracked(),
                    comment: Some(comment.get_untracked()).filter(|c| !c.trim().is_empty()),
                };
                c.cancel(&why, &key).await
            });
        Some(view! {
            <p data-testid="cancel-what">{what}</p>
            <fieldset>
                <legend>{words.text("account.cancel_reason")}</legend>
                {choices}
            </fieldset>
            <label class="pw-account-comment">{words.text("account.cancel_comment")}
                <textarea maxlength="1000" prop:value=move || comment.get() on:input=move |e| comment.set(event_target_value(&e))></textarea>
            </label>
            {offer}
            <div class="pw-account-actions">{confirm}</div>
        })
    };
    // The dialog closes once an action in it is done (the account reloads with the outcome).
    Effect::new(move |was_busy: Option<bool>| {
        let busy = actions.busy.get().is_some();
        if was_busy == Some(true) && !busy && actions.failed.with(Option::is_none) {
            account.cancelling.set(false);
        }
        busy
    });
    let failure = move || {
        failed
            .get()
            .or_else(|| ["cancel", "take_offer"].into_iter().find_map(|n| actions.failure(n)))
            .map(|why| view! { <p class="pw-account-failed" role="alert">{why}</p> })
    };
    let keep = words.text("account.keep");
    view! {
        <dialog class="pw-dialog" node_ref=dialog aria-labelledby=labelled_by on:close=move |_| account.cancelling.set(false)>
            <h2 id=title_id>{heading}</h2>
            {content}
            {failure}
            <button type="button" class="pw-secondary" on:click=move |_| account.cancelling.set(false)>{keep}</button>
        </dialog>
    }
}
