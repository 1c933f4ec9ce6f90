use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::state::use_pricing;

/// What pays in the calculator.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Plan,
    Pack,
    Credits,
}

/// The calculator's "pay with": a plan, a credit pack or a number of credits, and the field
/// that picks which one.
#[component]
pub fn PaymentSource(
    source: RwSignal<Source>,
    plan_id: RwSignal<String>,
    pack_id: RwSignal<String>,
    custom_credits: RwSignal<u64>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let [plan_field, pack_field, credits_field] = ["calc-plan", "calc-pack", "calc-credits"].map(|n| state.id(n));
    let source_group = state.id("source");
    let source_option = move |value: Source, label: String| {
        view! {
            <label class="pw-segment">
                <input type="radio" name=source_group.clone() checked=move || source.get() == value prop:checked=move || source.get() == value on:change=move |_| source.set(value)/>
                <span>{label}</span>
            </label>
        }
    };
    let plan_options = catalog
        .plans
        .iter()
        .map(|p| {
            let id = p.id.clone();
            view! { <option value=p.id.clone() selected=move || plan_id.get() == id>{p.name.clone()}</option> }
        })
        .collect_view();
    let pack_options = catalog
        .credit_packs
        .iter()
        .map(|p| {
            let id = p.id.clone();
            let label = words.count("calc.pack_option", p.credits, &[("pack", &p.name)]);
            view! { <option value=p.id.clone() selected=move || pack_id.get() == id>{label}</option> }
        })
        .collect_view();
    let [plan_label, pack_label, credits_label] = ["calc.plan", "calc.pack", "calc.credits"].map(|k| words.text(k));
    let payer = move || match source.get() {
        Source::Plan => EitherOf3::A(view! {
            <label class="pw-field" for=plan_field.clone()>{plan_label.clone()}</label>
                <select id=plan_field.clone() on:change=move |ev| plan_id.set(event_target_value(&ev))>{plan_options.clone()}</select>
        }),
        Source::Pack => EitherOf3::B(view! {
            <label class="pw-field" for=pack_field.clone()>{pack_label.clone()}</label>
                <select id=pack_field.clone() on:change=move |ev| pack_id.set(event_target_value(&ev))>{pack_options.clone()}</select>
        }),
        Source::Credits => EitherOf3::C(view! {
            <label class="pw-field" for=credits_field.clone()>{credits_label.clone()}</label>
                <input id=credits_field.clone() type="number" min="0" step="1" inputmode="numeric" prop:value=move || custom_credits.get().to_string()
                    on:input=move |ev| custom_credits.set(event_target_value(&ev).trim().parse().unwrap_or(0))/>
        }),
    };
    view! {
        <fieldset class="pw-interval">
            <legend>{words.text("calc.pay_with")}</legend>
            {source_option(Source::Plan, words.text("calc.a_plan"))}
            {source_option(Source::Pack, words.text("calc.a_pack"))}
            {source_option(Source::Credits, words.text("calc.credits"))}
        </fieldset>
        {payer}
    }
}
