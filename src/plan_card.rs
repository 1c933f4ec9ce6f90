use leptos::either::EitherOf3;
use leptos::html::Article;
use leptos::prelude::*;
use pricing_core::catalog::{FeatureValue, Plan};
use pricing_core::plan_button::PlanAction;
use pricing_core::Interval;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use crate::cta_form::CtaForm;
use crate::deep_link;
use crate::events::WidgetEvent;
use crate::format;
use crate::plan_choice;
use crate::purchase::PurchaseStatus;
use crate::state::use_pricing;
use crate::tax_note::TaxNote;

/// Calls `seen` once, the first time at least half of the element is on screen. The observer
/// stops with the card.
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

#[component]
pub fn PlanCard(plan: Plan) -> impl IntoView {
    let state = use_pricing();
    let catalog = state.catalog.clone();
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let (locale, words) = (state.locale.clone(), state.words.clone());
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
    let seconds = catalog.estimate_basis.video_seconds.to_string();
    let (credits_before, credits_after) = words.around("card.credits", Some(plan.credits_per_month), &[], "count");
    let card = NodeRef::<Article>::new();
    {
        let (state, id) = (state.clone(), id.clone());
        when_viewed(card, move || state.emit(WidgetEvent::PlanViewed { plan: &id }));
    }
    let highlighted = {
        let (highlight, id) = (state.highlight, id.clone());
        move || highlight.get().as_deref() == Some(id.as_str())
    };
    let title_id = state.id(&format!("plan-{}", plan.id));
    let labelled_by = title_id.clone();

    let per_month = {
        let locale = locale.clone();
        move || price.get().map(|p| format::money(p.per_month, &locale)).unwrap_or_default()
    };
    let billed = {
        let (locale, words) = (locale.clone(), words.clone());
        let free = plan.free;
        move || {
            let p = price.get()?;
            let charged = format::money(p.charged, &locale);
            let line = match (free, interval.get()) {
                (true, _) => EitherOf3::A(view! { <span>{words.text("card.free_billing")}</span> }),
                (false, Interval::Monthly) => {
                    EitherOf3::B(view! { <span>{words.fill("card.billed_monthly", &[("price", &charged)])}</span> })
                }
                (false, Interval::Annual) => {
                    let (before, after) = words.around("card.billed_annual", None, &[], "price");
                    let was = p.was.map(|w| {
                        view! {
                            <s class="pw-was"><span class="pw-visually-hidden">{words.text("price.regular")}" "</span>{format::money(w, &locale)}</s>
                            " "
                        }
                    });
                    let saving = saving.get().map(|s| {
                        let saved = words.fill("card.saving", &[("amount", &format::money(s, &locale))]);
                        view! { <span class="pw-saving">" · "{saved}</span> }
                    });
                    EitherOf3::C(view! { <span>{before}{was}{charged}{after}{saving}</span> })
                }
            };
            Some(line)
        }
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
        view! { <li class="pw-unlimited"><strong>{words.text("card.unlimited")}" "</strong>{names.join(", ")}</li> }
    });

    let (free, name) = (plan.free, plan.name.clone());
    let action = {
        let (state, id) = (state.clone(), id.clone());
        Memo::new(move |_| plan_choice::action(&state, &id))
    };
    let cta_label = {
        let words = words.clone();
        move || words.fill(plan_choice::label_key(action.get(), free), &[("plan", &name)])
    };
    let fields = vec![
        (deep_link::PLAN, Signal::stored(id.clone())),
        (deep_link::INTERVAL, Signal::derive(move || interval.get().as_str().to_string())),
        (deep_link::CURRENCY, Signal::derive(move || currency.get().code().to_string())),
    ];
    let subject = {
        let (words, name) = (words.clone(), plan.name.clone());
        Signal::derive(move || {
            let interval = words.text(&format!("interval.{}", interval.get()));
            words.fill("card.subject", &[("plan", &name), ("interval", &interval), ("currency", currency.get().code())])
        })
    };
    let purchase_status = state.purchase;
    let busy = move || matches!(purchase_status.get(), PurchaseStatus::Working(_));
    let choose = {
        let state = use_pricing();
        move |_| plan_choice::choose(&state, &id, action.get_untracked())
    };

    view! {
        <article class="pw-card" class:pw-card-highlight=highlighted part="card" node_ref=card aria-labelledby=labelled_by>
            {plan.badge.clone().map(|b| view! { <p class="pw-badge">{b}</p> })}
            <h3 id=title_id>{plan.name.clone()}</h3>
            <p class="pw-tagline">{plan.tagline.clone()}</p>
            <p class="pw-price">
                <span class="pw-amount">{per_month}</span>
                <span class="pw-per">" "{words.text("card.per_month")}</span>
            </p>
            <p class="pw-billed">{billed}{(!plan.free).then(|| view! { " · " <TaxNote/> })}</p>
            <ul class="pw-facts">
                <li>{credits_before}<strong>{format::number(plan.credits_per_month, &locale)}</strong>{credits_after}</li>
                <li>{words.count("card.videos", estimate.videos, &[("seconds", &seconds)])}</li>
                <li>{words.count("card.images", estimate.images, &[])}</li>
                {features}
                {unlimited}
            </ul>
            <CtaForm fields subject>
                <button type="submit" class="pw-cta" part="cta" on:click=choose disabled=move || action.get() == PlanAction::Current || busy()
                    aria-busy=move || busy().then_some("true")>{cta_label}</button>
            </CtaForm>
        </article>
    }
}
