use leptos::html::Article;
use leptos::prelude::*;
use pricing_core::catalog::{FeatureValue, Plan};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use crate::page::events::WidgetEvent;
use crate::purchase::buying::Buying;
use crate::purchase::plan_button::PlanButton;
use crate::sections::plans::plan_billing::PlanBilling;
use crate::sections::plans::plan_facts::{estimate_text, models_text};
use crate::sections::plans::tax_note::TaxNote;
use crate::state::{use_pricing, Shown};
use crate::words::format;

/// Calls `seen` once, the first time at least half of the element is on screen. The observer
/// stops with the card. (leptos-use's `use_intersection_observer` does this too, but added
/// 7.2 KB brotli to the wasm when tried: over the size budget.)
fn when_viewed(card: NodeRef<Article>, seen: impl Fn() + 'static) {
    let seen = std::rc::Rc::new(seen);
    Effect::new(move |_| {
        let Some(element) = card.get() else { return };
        let seen = std::cell::Cell::new(Some(seen.clone()));
        let callback = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: IntersectionObserver| {
                let visible = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
                if let Some(seen) = visible.then(|| seen.take()).flatten() {
                    seen();
                    observer.disconnect();
                }
            },
        );
        let options = IntersectionObserverInit::new();
        options.set_threshold(&JsValue::from_f64(0.5));
        let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options) else {
            return;
        };
        observer.observe(&element);
        let kept = SendWrapper::new((observer, callback));
        on_cleanup(move || kept.0.disconnect());
    });
}

/// One plan's card: its price a month in the interval and currency shown, how it is billed,
/// its credits and what they make, its features and Unlimited models, and its call to action.
/// The page hears once that it was seen (`PlanViewed`).
#[component]
pub fn PlanCard(
    plan: Plan,
    shown: Shown,
    /// The plan shown as highlighted, if any.
    highlight: Memo<Option<String>>,
    buying: Buying,
) -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (currency, now) = (shown.currency, state.now);
    let (locale, words) = (state.locale.clone(), state.words.clone());
    let id = plan.id.clone();
    let price = {
        let catalog = catalog.clone();
        let id = id.clone();
        Memo::new(move |_| catalog.plan_price(&id, shown.interval(), currency.get(), now).ok())
    };
    let saving = {
        let catalog = catalog.clone();
        let id = id.clone();
        Memo::new(move |_| catalog.annual_saving(&id, currency.get(), now).ok().filter(|s| s.minor > 0))
    };
    let estimate = catalog.plan_estimate(&plan);
    let line = |key, estimate: &Option<_>| estimate.as_ref().map(|e| estimate_text(&words, &catalog, key, e));
    let (videos, images) = (line("card.videos", &estimate.videos), line("card.images", &estimate.images));
    let models = match catalog.includes_every_model(&plan) {
        true => models_text(&words, &catalog, &plan),
        false => words.fill("card.models", &[("models", &models_text(&words, &catalog, &plan))]),
    };
    let (credits_before, credits_after) = words.around("card.credits", Some(plan.credits_per_month), &[], "count");
    let card = NodeRef::<Article>::new();
    {
        let (state, id) = (state.clone(), id.clone());
        when_viewed(card, move || state.emit(WidgetEvent::PlanViewed { plan: &id }));
    }
    let highlighted = {
        let id = id.clone();
        move || highlight.get().as_deref() == Some(id.as_str())
    };
    let title_id = state.id(&format!("plan-{}", plan.id));
    let labelled_by = title_id.clone();

    let per_month = {
        let locale = locale.clone();
        move || price.get().map(|p| format::money(p.per_month, &locale)).unwrap_or_default()
    };
    let features = catalog
        .feature_rows
        .iter()
        .map(|row| {
            let feature = [("feature", row.label.as_str())];
            let text = match plan.features.get(&row.id) {
                Some(FeatureValue::Flag(true)) => words.fill("card.feature_included", &feature),
                Some(FeatureValue::Flag(false)) => words.fill("card.feature_missing", &feature),
                Some(FeatureValue::Text(text)) => words.fill("card.feature_text", &[feature[0], ("value", text)]),
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
                words.fill("card.unlimited_model", &[("model", &name), ("resolution", &u.up_to)])
            })
            .collect();
        view! { <li class="pw-unlimited"><strong>{words.text("card.unlimited")}" "</strong>{words.list(&names)}</li> }
    });

    view! {
        <article class="pw-card" class:pw-card-highlight=highlighted part="card" node_ref=card aria-labelledby=labelled_by>
            {plan.badge.clone().map(|b| view! { <p class="pw-badge">{b}</p> })}
            <h3 id=title_id>{plan.name.clone()}</h3>
            <p class="pw-tagline">{plan.tagline.clone()}</p>
            <p class="pw-price">
                <span class="pw-amount">{per_month}</span>
                <span class="pw-per">" "{words.text("card.per_month")}</span>
            </p>
            <p class="pw-billed"><PlanBilling price saving shown free=plan.free/>{(!plan.free).then(|| view! { " · " <TaxNote currency/> })}</p>
            <ul class="pw-facts">
                <li>{credits_before}<strong>{format::number(plan.credits_per_month, &locale)}</strong>{credits_after}</li>
                {videos.map(|text| view! { <li>{text}</li> })}
                {images.map(|text| view! { <li>{text}</li> })}
                <li>{models}</li>
                {features}
                {unlimited}
            </ul>
            <PlanButton plan=plan.clone() shown buying/>
        </article>
    }
}
