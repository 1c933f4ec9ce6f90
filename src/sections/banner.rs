use leptos::prelude::*;
use pricing_core::catalog::{Offer, Promotion};
use pricing_core::{Currency, Interval};

use crate::state::use_pricing;
use crate::words::format;

/// The promotions running now, each with its end date; a discount also shows, in the chosen
/// currency, the real earlier price struck through next to the sale price. Compact, so that
/// a phone still shows the first plan on its first screen: the details fold away.
#[component]
pub fn PromotionBanner(
    /// The promotions running now (`Catalog::active_promotions`): the widget shows the banner
    /// only while one runs.
    active: Vec<Promotion>,
    /// The currency of the discounts' example prices.
    currency: Memo<Currency>,
    /// Switches the widget to an interval (the widget owns the choice; a discount's example
    /// offers to show its interval's prices).
    choose_interval: Callback<Interval>,
) -> impl IntoView {
    let state = use_pricing();
    view! {
        <aside class="pw-banner" part="banner" aria-label=state.words.text("banner.label")>
            {active.into_iter().map(|promotion| view! { <PromotionOffer promotion currency choose_interval/> }).collect_view()}
        </aside>
    }
}

#[component]
fn PromotionOffer(
    promotion: Promotion,
    currency: Memo<Currency>,
    choose_interval: Callback<Interval>,
) -> impl IntoView {
    let state = use_pricing();
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let ends = format::date(promotion.ends_at, &locale);
    let (ends_before, ends_after) = words.around("banner.ends", None, &[], "date");
    let example = match &promotion.offer {
        Offer::Discount { .. } => promotion.plans.first().cloned().map(|plan_id| {
            let catalog = state.catalog.clone();
            let interval = promotion.intervals.first().copied().unwrap_or(Interval::Annual);
            let now = state.now;
            let plan_name = catalog.plan(&plan_id).map(|p| p.name.clone()).unwrap_or_default();
            let words = words.clone();
            let interval_word = words.text(&format!("interval.{interval}"));
            let show = move |_| choose_interval.run(interval);
            move || {
                let price = catalog.plan_price(&plan_id, interval, currency.get(), now).ok()?;
                let was = price.was?;
                Some(view! {
                    <p class="pw-banner-price">
                        {words.fill("banner.example", &[("plan", &plan_name), ("interval", &interval_word)])}
                        " "
                        <s><span class="pw-visually-hidden">{words.text("price.regular")}" "</span>{format::money(was, &locale)}</s>
                        " "
                        <strong>{format::money(price.charged, &locale)}</strong>
                        " "
                        <button type="button" class="pw-link" on:click=show>
                            {words.fill("banner.show", &[("interval", &interval_word)])}
                        </button>
                    </p>
                })
            }
        }),
        Offer::Unlimited { .. } => None,
    };
    view! {
        <div class="pw-offer">
            <p class="pw-offer-title">
                <strong>{promotion.headline.clone()}</strong>
                <span class="pw-offer-ends">" · "{ends_before}<time datetime=promotion.ends_at.to_rfc3339()>{ends}</time>{ends_after}</span>
            </p>
            {example}
            <details class="pw-offer-details">
                <summary>{words.text("banner.details")}</summary>
                <p>{promotion.details.clone()}</p>
            </details>
        </div>
    }
}
