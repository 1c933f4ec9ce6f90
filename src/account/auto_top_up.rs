use leptos::prelude::*;
use pricing_core::api::top_up::AutoTopUpRequest;
use pricing_core::Money;

use super::account_view::Account;
use super::actions::Actions;
use crate::state::use_pricing;
use crate::words::format;

/// Auto top-up: on or off, the pack, the balance that triggers it, the monthly cap, and what
/// it bought this month. Saved as one request; the API checks it and answers what it keeps.
#[component]
pub fn AutoTopUpSettings(account: Account, actions: Actions) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-top-up-title");
    let labelled_by = title_id.clone();
    let (enabled, pack, threshold, cap) = (
        RwSignal::new(false),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let invalid = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let catalog = state.catalog.clone();
    // The form starts from what the API keeps (or the cheapest pack, a threshold of one, a cap of one pack).
    let currency = Memo::new(move |_| {
        account.view.with(|v| v.as_ref().and_then(|v| v.subscription.currency)).unwrap_or(catalog.default_currency())
    });
    let defaults_catalog = state.catalog.clone();
    // What the API keeps, changing only when it does: a reload for another reason leaves what the
    // customer is typing alone.
    let kept = Memo::new(move |_| account.view.with(|v| v.as_ref().map(|v| v.auto_top_up.clone())));
    Effect::new(move |_| {
        let Some(kept) = kept.get() else { return };
        let currency = currency.get_untracked();
        match kept {
            Some(kept) => {
                enabled.set(kept.enabled);
                pack.set(kept.pack);
                threshold.set(kept.threshold.to_string());
                cap.set(kept.monthly_cap.decimal());
            }
            None => {
                let first = defaults_catalog.credit_packs.iter().find(|p| p.price(currency).is_some());
                pack.set(first.map(|p| p.id.clone()).unwrap_or_default());
                threshold.set(first.map_or(0, |p| p.credits / 5).to_string());
                cap.set(first.and_then(|p| p.price(currency)).map(Money::decimal).unwrap_or_default());
            }
        }
    });
    let save_state = state.clone();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let words = save_state.words.clone();
        let currency = currency.get_untracked();
        let (Ok(threshold), Some(cap)) =
            (threshold.get_untracked().trim().parse::<u64>(), Money::parse_decimal(&cap.get_untracked(), currency))
        else {
            // As the field takes an amount: digits and a decimal point ("20.00").
            let example = Money::new(2000, currency).decimal();
            invalid.set(Some(words.fill("account.top_up_invalid", &[("example", &example)])));
            return;
        };
        invalid.set(None);
        saved.set(false);
        let request = AutoTopUpRequest {
            enabled: enabled.get_untracked(),
            pack: pack.get_untracked(),
            threshold,
            monthly_cap: cap,
        };
        actions.run(
            &save_state,
            "auto_top_up",
            move |c, _key| async move { c.save_auto_top_up(&request).await },
            move |_| {
                saved.set(true);
                account.reload();
            },
        );
    };
    let words = state.words.clone();
    let (locale, month_words) = (state.locale.clone(), state.words.clone());
    let this_month = move || {
        let kept = account.view.with(|v| v.as_ref().and_then(|v| v.auto_top_up.clone()))?;
        let (spent, cap) = (format::money(kept.spent_this_month, &locale), format::money(kept.monthly_cap, &locale));
        Some(month_words.count(
            "account.top_up_month",
            kept.bought_this_month.into(),
            &[("spent", &spent), ("cap", &cap)],
        ))
    };
    let packs_catalog = state.catalog.clone();
    let pack_options = move || {
        let currency = currency.get();
        packs_catalog
            .credit_packs
            .iter()
            .filter(|p| p.price(currency).is_some())
            .map(|p| view! { <option value=p.id.clone() selected=pack.get() == p.id>{p.name.clone()}</option> })
            .collect_view()
    };
    let ids = ["top-up-on", "top-up-pack", "top-up-threshold", "top-up-cap"].map(|n| state.id(n));
    let cap_label = move || words.fill("account.top_up_cap", &[("currency", currency.get().code())]);
    let text = state.words.clone();
    view! {
        <section class="pw-account-top-up" aria-labelledby=labelled_by>
            <h3 id=title_id>{text.text("account.top_up_title")}</h3>
            <form on:submit=save>
                <label for=ids[0].clone()><input id=ids[0].clone() type="checkbox" prop:checked=enabled on:change=move |e| enabled.set(event_target_checked(&e))/>{text.text("account.top_up_enabled")}</label>
                <label for=ids[1].clone()>{text.text("account.top_up_pack")}</label>
                <select id=ids[1].clone() on:change=move |e| pack.set(event_target_value(&e))>{pack_options}</select>
                <label for=ids[2].clone()>{text.text("account.top_up_threshold")}</label>
                <input id=ids[2].clone() type="number" min="0" step="1" inputmode="numeric" prop:value=threshold on:input=move |e| threshold.set(event_target_value(&e))/>
                <label for=ids[3].clone()>{cap_label}</label>
                <input id=ids[3].clone() type="text" inputmode="decimal" prop:value=cap on:input=move |e| cap.set(event_target_value(&e))/>
                <button type="submit" aria-disabled=move || actions.busy.get().is_some().to_string()>{text.text("account.top_up_save")}</button>
            </form>
            {move || invalid.get().or_else(|| actions.failure("auto_top_up")).map(|why| view! { <p class="pw-account-failed" role="alert">{why}</p> })}
            {move || saved.get().then(|| view! { <p role="status">{text.text("account.top_up_saved")}</p> })}
            <p class="pw-account-top-up-month" data-testid="top-up-month">{this_month}</p>
        </section>
    }
}
