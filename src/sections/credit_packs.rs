use leptos::prelude::*;

use crate::page::deep_link;
use crate::page::events::WidgetEvent;
use crate::purchase;
use crate::purchase::buying::{Buying, PurchaseStatus};
use crate::purchase::cta_form::CtaForm;
use crate::state::{use_pricing, Shown};
use crate::words::format;

/// Credit packs, bought on top of any plan: added at once, usable on the models of the plan
/// they are spent on.
#[component]
pub fn CreditPacks(shown: Shown, buying: Buying) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("packs-title");
    let title_ref = title_id.clone();
    let words = state.words.clone();
    let packs = state
        .catalog
        .credit_packs
        .iter()
        .map(|pack| {
            let state = state.clone();
            let (currency, locale, purchase_status) = (shown.currency, state.locale.clone(), buying.status);
            let price_pack = pack.clone();
            let price = move || price_pack.price(currency.get()).map(|p| format::money(p, &locale)).unwrap_or_default();
            let id = pack.id.clone();
            let buy = move |_| {
                let currency = currency.get_untracked();
                state.emit(WidgetEvent::PackChosen { pack: &id, currency });
                if state.billing.is_some() {
                    purchase::run(&state, buying, purchase::pack_checkout(&id, shown.interval_untracked(), currency));
                }
            };
            let (before, after) = words.around("packs.credits", Some(pack.credits), &[], "count");
            let credits = format::number(pack.credits, &words.locale);
            let fields = vec![
                (deep_link::PACK, Signal::stored(pack.id.clone())),
                (deep_link::CURRENCY, Signal::derive(move || currency.get().code().to_string())),
            ];
            let label = words.fill("packs.buy", &[("pack", &pack.name)]);
            let subject = {
                let (words, name) = (words.clone(), pack.name.clone());
                Signal::derive(move || words.fill_plain("packs.subject", &[("pack", &name), ("currency", currency.get().code())]))
            };
            view! {
                <li class="pw-pack">
                    <h3>{pack.name.clone()}</h3>
                    <p>{before}<strong>{credits}</strong>{after}</p>
                    <p class="pw-pack-price">{price}</p>
                    <p class="pw-note">{words.count("packs.valid", pack.valid_days.into(), &[])}</p>
                    <CtaForm fields subject>
                        <button type="submit" class="pw-cta" on:click=buy
                            disabled=move || matches!(purchase_status.get(), PurchaseStatus::Working(_))>{label}</button>
                    </CtaForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="pw-packs" part="packs" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("packs.title")}</h2>
            <p class="pw-note">{words.text("packs.intro")}</p>
            <ul class="pw-pack-list">{packs}</ul>
        </section>
    }
}
