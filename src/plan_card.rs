use leptos::prelude::*;
use pricing_core::catalog::{FeatureValue, Plan};
use pricing_core::Interval;

use crate::events::PlanChosen;
use crate::format;
use crate::state::use_pricing;

#[component]
pub fn PlanCard(plan: Plan) -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let locale = state.locale.clone();
    let id = plan.id.clone();
    let price = {
        let catalog = catalog.clone();
        let id = id.clone();
        Memo::new(move |_| catalog.plan_price(&id, interval.get(), currency.get(), now).ok())
    };
    let saving = {
        let catalog = catalog.clone();
        let id = id.clone();
        Memo::new(move |_| catalog.annual_saving(&id, currency.get(), now).ok().filter(|s| s.minor > 0))
    };
    let estimate = catalog.plan_estimate(&plan);
    let title_id = state.id(&format!("plan-{}", plan.id));
    let labelled_by = title_id.clone();

    let per_month = {
        let locale = locale.clone();
        move || price.get().map(|p| format::money(p.per_month, &locale)).unwrap_or_default()
    };
    let billed = {
        let locale = locale.clone();
        let free = plan.free;
        move || {
            let p = price.get()?;
            let line = match (free, interval.get()) {
                (true, _) => view! { <span>"Free forever, no card needed"</span> }.into_any(),
                (false, Interval::Monthly) => {
                    view! { <span>"Billed " {format::money(p.charged, &locale)} " every month"</span> }.into_any()
                }
                (false, Interval::Annual) => {
                    let was = p.was.map(|w| {
                        view! {
                            <s class="pw-was"><span class="pw-visually-hidden">"Regular price "</span>{format::money(w, &locale)}</s>
                            " "
                        }
                    });
                    let saving = saving
                        .get()
                        .map(|s| view! { <span class="pw-saving">" · you save " {format::money(s, &locale)}</span> });
                    view! { <span>"Billed " {was} {format::money(p.charged, &locale)} " per year" {saving}</span> }
                        .into_any()
                }
            };
            Some(line)
        }
    };

    let features = catalog
        .feature_rows
        .iter()
        .map(|row| {
            let text = match plan.features.get(&row.id) {
                Some(FeatureValue::Flag(true)) => format!("{} included", row.label),
                Some(FeatureValue::Flag(false)) => format!("No {}", row.label),
                Some(FeatureValue::Text(text)) => format!("{}: {text}", row.label),
                None => String::new(),
            };
            let included = !matches!(plan.features.get(&row.id), Some(FeatureValue::Flag(false)));
            view! { <li class:pw-missing=!included>{text}</li> }
        })
        .collect_view();
    let unlimited = (!plan.unlimited.is_empty()).then(|| {
        let names: Vec<String> = plan
            .unlimited
            .iter()
            .map(|u| {
                let name = catalog.model(&u.model).map(|m| m.name.clone()).unwrap_or_default();
                format!("{name} up to {}", u.up_to)
            })
            .collect();
        view! { <li class="pw-unlimited"><strong>"Unlimited: "</strong>{names.join(", ")}</li> }
    });

    let cta_label = if plan.free { "Start for free".to_string() } else { format!("Choose {}", plan.name) };
    let choose = move |ev: leptos::ev::MouseEvent| {
        if let Some(target) = ev.target() {
            PlanChosen { plan: &id, interval: interval.get_untracked(), currency: currency.get_untracked() }
                .dispatch_from(&target);
        }
    };

    view! {
        <article class="pw-card" class:pw-card-highlight=plan.highlight aria-labelledby=labelled_by>
            {plan.badge.clone().map(|b| view! { <p class="pw-badge">{b}</p> })}
            <h3 id=title_id>{plan.name.clone()}</h3>
            <p class="pw-tagline">{plan.tagline.clone()}</p>
            <p class="pw-price">
                <span class="pw-amount">{per_month}</span>
                <span class="pw-per">" / month"</span>
            </p>
            <p class="pw-billed">{billed}</p>
            <ul class="pw-facts">
                <li>
                    <strong>{format::number(plan.credits_per_month, &locale)}</strong>
                    " credits every month"
                </li>
                <li>"About " {format::number(estimate.videos, &locale)} " videos (4 s each)"</li>
                <li>"About " {format::number(estimate.images, &locale)} " images"</li>
                {features}
                {unlimited}
            </ul>
            <button type="button" class="pw-cta" on:click=choose>{cta_label}</button>
        </article>
    }
}
