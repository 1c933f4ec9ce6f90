use leptos::prelude::*;
use pricing_core::{Currency, Interval};

use crate::state::{use_pricing, Shown};

/// The one interval switch and currency choice that every view follows.
#[component]
pub fn BillingControls(
    shown: Shown,
    /// Switches the widget to an interval (the widget owns the choice).
    choose_interval: Callback<Interval>,
    /// Switches the widget to a currency.
    choose_currency: Callback<Currency>,
) -> impl IntoView {
    let state = use_pricing();
    let currency = shown.currency;
    let catalog = state.catalog.clone();
    let best_saving = Memo::new(move |_| {
        let currency = currency.get();
        catalog.plans.iter().filter_map(|p| catalog.annual_saving_percent(&p.id, currency, state.now).ok()).max()
    });
    let group = state.id("interval");
    let words = state.words.clone();
    let option = move |value: Interval, label: Box<dyn Fn() -> String + Send + Sync>| {
        view! {
            <label class="pw-segment">
                <input
                    type="radio"
                    name=group.clone()
                    value=value.as_str()
                    // The attribute for the pre-render, the property for the live widget.
                    checked=move || shown.interval() == value
                    prop:checked=move || shown.interval() == value
                    on:change=move |_| choose_interval.run(value)
                />
                <span>{label}</span>
            </label>
        }
    };
    let annual_label = {
        let words = words.clone();
        move || match best_saving.get() {
            Some(percent) if percent > 0 => {
                words.fill("controls.annual_saving", &[("percent", &words.number(percent.into()))])
            }
            _ => words.text("controls.annual"),
        }
    };
    let monthly = words.text("controls.monthly");
    view! {
        <div class="pw-controls">
            <fieldset class="pw-interval">
                <legend class="pw-visually-hidden">{words.text("controls.interval")}</legend>
                {option(Interval::Monthly, Box::new(move || monthly.clone()))}
                {option(Interval::Annual, Box::new(annual_label))}
            </fieldset>
            <label class="pw-currency">
                <span>{words.text("controls.currency")}</span>
                <select on:change=move |ev| {
                    if let Ok(c) = event_target_value(&ev).parse::<Currency>() {
                        choose_currency.run(c);
                    }
                }>
                    {state
                        .catalog
                        .currencies
                        .iter()
                        .map(|&c| view! { <option value=c.code() selected=move || currency.get() == c>{c.code()}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
