//! The widget's root view (`PricingWidget`): it sets up one instance's state, hands each
//! section the signals it needs and puts the sections on screen; and the widget's styles.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing_core::i18n::Translation;
use pricing_core::{Catalog, Currency, Interval};

use crate::billing_api::BillingClient;
use crate::page::deep_link;
use crate::page::events::WidgetEvent;
use crate::page::takeover::later;
use crate::purchase::account::load_account;
use crate::purchase::buying::Buying;
use crate::purchase::change_dialog::ChangeDialog;
use crate::purchase::status_bar::PurchaseStatusBar;
use crate::sections::banner::PromotionBanner;
use crate::sections::billing_controls::BillingControls;
use crate::sections::calculator::Calculator;
use crate::sections::credit_packs::CreditPacks;
use crate::sections::faq::Faq;
use crate::sections::finder::plan_finder::PlanFinder;
use crate::sections::matrix::comparison_matrix::ComparisonMatrix;
use crate::sections::plans::plan_card::PlanCard;
use crate::state::{Controls, Pricing, Shown, VisitorChoices};
use crate::words::Words;

/// The widget's styles, rendered inside its root by the client-side build (`mount`, the component
/// tests). The browser build gets them as the hashed stylesheet file in its shadow root, so its
/// wasm does not carry them.
pub const STYLE: &str = if cfg!(feature = "csr") { include_str!("../style/widget.css") } else { "" };

#[component]
pub fn PricingWidget(
    catalog: Arc<Catalog>,
    #[prop(into)] locale: String,
    /// The visitor's language, when it is not the catalog's own: its catalog texts and words.
    #[prop(default = None)]
    translation: Option<Arc<Translation>>,
    now: DateTime<Utc>,
    #[prop(default = None)] billing: Option<BillingClient>,
    /// What this rendering shows (`RenderKey`), stamped on the root so that the wasm can tell
    /// whether a pre-rendered widget on screen is the one it would render.
    #[prop(optional, into)]
    render_key: String,
    /// Where the buttons lead while the wasm is not running (the support address if `None`).
    #[prop(default = None)]
    fallback_url: Option<String>,
    /// Choices the embedding controls from outside (attributes, the page URL).
    #[prop(optional)]
    controls: Controls,
    /// Render the stylesheet inside the widget; an embedding that adopts it into a shadow
    /// root turns this off (a strict CSP blocks inline `<style>`).
    #[prop(default = true)]
    inline_style: bool,
) -> impl IntoView {
    let (notice, finder_work) = (controls.notice.clone(), controls.finder_work.clone());
    let catalog = match &translation {
        Some(translation) => Arc::new(catalog.localized(translation)),
        None => catalog,
    };
    let words = Arc::new(Words::new(translation.as_deref(), &locale));
    let sections = controls.sections;
    let state = Pricing::new(catalog.clone(), words, now, billing, &controls, fallback_url);
    let choices = VisitorChoices::new(&catalog, &controls);
    let (shown, highlight) = (choices.shown, choices.highlight);
    let buying = Buying::new();
    #[cfg(feature = "ssr")]
    if let Some(account) = controls.account.clone() {
        buying.signed_in(account);
    }
    if state.sync_url {
        keep_url_in_step(shown);
    }
    let title_id = state.id("plans-title");
    let title_ref = title_id.clone();
    load_account(&state, buying);
    let root = state.root;
    // The interval and currency are the widget's: its controls and the banner ask to change them.
    let choose_interval = {
        let (state, interval) = (state.clone(), choices.interval);
        Callback::new(move |chosen: Interval| {
            interval.set(chosen);
            state.emit(WidgetEvent::IntervalChanged { interval: chosen });
        })
    };
    let choose_currency = {
        let (state, asked) = (state.clone(), choices.currency_asked);
        Callback::new(move |currency: Currency| {
            asked.set(Some(currency));
            state.emit(WidgetEvent::CurrencyChanged { currency });
        })
    };
    let state_words = state.words.clone();
    // Screen readers pronounce the widget in its own language, whatever the page's.
    let language = state_words.language.to_string();
    // Arabic lays the whole widget out right to left: the stylesheet is written in logical
    // directions (inline-start/end), so boxes, alignment and reading order follow.
    let direction = crate::words::direction(&language);
    provide_context(state);
    let plans = catalog.plans.clone();
    let active: Vec<_> = catalog.active_promotions(now).cloned().collect();
    view! {
        <div class="pw-root" lang=language dir=direction node_ref=root data-pw-render=render_key>
            {inline_style.then_some(view! { <style>{STYLE}</style> })}
            {(!active.is_empty()).then(|| later(move || view! { <PromotionBanner active currency=shown.currency choose_interval/> }))}
            {move || notice.get().map(|n| view! { <p class="pw-notice" role="status">{n}</p> })}
            <div class="pw-plans-head">
                <h2 id=title_id>{state_words.text(if sections.plans { "widget.title" } else { "widget.title_without_plans" })}</h2>
                {later(move || view! { <BillingControls shown choose_interval choose_currency/> })}
            </div>
            {later(move || view! { <PurchaseStatusBar buying/> })}
            {sections.plans.then(|| view! {
                <section class="pw-plans" part="plans" aria-labelledby=title_ref>
                    <div class="pw-cards">{plans.into_iter().map(|plan| later(move || view! { <PlanCard plan shown highlight buying/> })).collect_view()}</div>
                </section>
            })}
            {sections.packs.then(|| later(move || view! { <CreditPacks shown buying/> }))}
            {sections.matrix.then(|| later(move || view! { <ComparisonMatrix shown/> }))}
            {sections.calculator.then(|| later(move || view! { <Calculator shown/> }))}
            {sections.finder.then(|| later(move || view! { <PlanFinder written=finder_work shown buying/> }))}
            {sections.faq.then(|| later(|| view! { <Faq/> }))}
            {later(move || view! { <ChangeDialog buying/> })}
        </div>
    }
}

/// Keeps the page URL up to date with the visitor's interval and currency (with `sync-url`).
fn keep_url_in_step(shown: Shown) {
    Effect::new(move |_| {
        deep_link::write(&[
            (deep_link::INTERVAL, shown.interval().as_str()),
            (deep_link::CURRENCY, shown.currency.get().code()),
        ])
    });
}
