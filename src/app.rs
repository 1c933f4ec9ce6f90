use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing_core::Catalog;

use crate::billing_controls::BillingControls;
use crate::calculator::Calculator;
use crate::comparison_matrix::ComparisonMatrix;
use crate::faq::Faq;
use crate::plan_card::PlanCard;
use crate::promotion_banner::PromotionBanner;
use crate::state::Pricing;

/// The widget's styles travel with its root (not the page's `<head>`), so a widget inside a
/// shadow root is styled and the page is left alone.
pub const STYLE: &str = include_str!("../style/widget.css");

#[component]
pub fn PricingWidget(catalog: Arc<Catalog>, #[prop(into)] locale: String, now: DateTime<Utc>) -> impl IntoView {
    let state = Pricing::new(catalog.clone(), &locale, now);
    let title_id = state.id("plans-title");
    let title_ref = title_id.clone();
    provide_context(state);
    let plans = catalog.plans.clone();
    view! {
        <div class="pw-root">
            <style>{STYLE}</style>
            <PromotionBanner/>
            <section class="pw-plans" aria-labelledby=title_ref>
                <div class="pw-plans-head">
                    <h2 id=title_id>"Choose your plan"</h2>
                    <BillingControls/>
                </div>
                <div class="pw-cards">{plans.into_iter().map(|plan| view! { <PlanCard plan/> }).collect_view()}</div>
            </section>
            <ComparisonMatrix/>
            <Calculator/>
            <Faq/>
        </div>
    }
}
