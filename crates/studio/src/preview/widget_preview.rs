use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing_core::api::studio::PreviewRequest;

use super::page;
use super::section_choice::{attribute as sections_attribute, SectionChoice};
use crate::client::Client;
use crate::draft::{now, Draft};
use crate::editors::currencies;
use pricing_core::sections::Sections;

/// The real widget, rendered by the API from the draft with the widget's own components: in any
/// currency, interval and language, at phone or desktop width, at a chosen moment (before,
/// during or after a promotion), to a visitor or to a signed-in customer on a plan.
#[component]
pub fn Preview(
    draft: Draft,
    client: StoredValue<Client>,
    /// The catalog's languages, each in its own locale (`StudioSettings::locales`).
    locales: Vec<String>,
) -> impl IntoView {
    let currencies = currencies(draft);
    let (currency, interval, locale) =
        (RwSignal::new(String::new()), RwSignal::new("monthly".to_string()), RwSignal::new("en-US".to_string()));
    let moment = RwSignal::new(String::new());
    let phone = RwSignal::new(false);
    let sections = RwSignal::new(Sections::NAMES.map(String::from).to_vec());
    let customer_plan = RwSignal::new(String::new());
    let plans = Memo::new(move |_| {
        let plans =
            draft.shape.with(|c| c.as_ref().map(|c| c.plans.iter().map(|p| (p.id.clone(), p.name.clone())).collect()));
        plans.unwrap_or_else(Vec::new)
    });
    let html = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let show = move |_| {
        let at = NaiveDateTime::parse_from_str(&moment.get_untracked(), "%Y-%m-%dT%H:%M").ok().map(|t| t.and_utc());
        let request = PreviewRequest {
            catalog: draft.catalog.get_untracked(),
            translations: draft.texts(),
            at: at.or(Some(now())),
            currency: Some(currency.get_untracked()).filter(|c| !c.is_empty()),
            interval: Some(interval.get_untracked()),
            locale: Some(locale.get_untracked()),
            sections: Some(sections.with_untracked(|s| sections_attribute(s))).filter(|s| !s.is_empty()),
            highlight: None,
            customer_plan: Some(customer_plan.get_untracked()).filter(|p| !p.is_empty()),
        };
        let client = client.get_value();
        spawn_local(async move {
            match client.preview(&request).await {
                Ok(widget) => {
                    html.set(Some(page(&widget)));
                    failure.set(None);
                }
                Err(refused) => failure.set(Some(format!("No preview: {}", refused.message))),
            }
        });
    };
    let select = |id: &'static str,
                  label: &'static str,
                  value: RwSignal<String>,
                  options: Box<dyn Fn() -> Vec<String> + Send + Sync>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                    {move || options().into_iter().map(|o| view! { <option value=o.clone() selected=value.get() == o>{o.clone()}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let currency_options = Box::new(move || currencies.get().iter().map(|c| c.code().to_string()).collect());
    view! {
        <section id="preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview"</h2>
            <div class="row">
                {select("preview-currency", "Currency", currency, currency_options)}
                {select("preview-interval", "Interval", interval, Box::new(|| vec!["monthly".into(), "annual".into()]))}
                {select("preview-locale", "Language", locale, Box::new(move || locales.clone()))}
                <div class="field"><label for="preview-at">"As on (UTC; empty: now)"</label>
                    <input id="preview-at" type="datetime-local" prop:value=move || moment.get() on:input=move |ev| moment.set(event_target_value(&ev)) /></div>
                <div class="field"><label for="preview-customer">"Seen by"</label>
                    <select id="preview-customer" on:change=move |ev| customer_plan.set(event_target_value(&ev))>
                        <option value="" selected=move || customer_plan.get().is_empty()>"A visitor, signed out"</option>
                        {move || plans.get().into_iter().map(|(id, name)| {
                            let chosen = id.clone();
                            view! { <option value=id selected=move || customer_plan.get() == chosen>{format!("A customer on {name}")}</option> }
                        }).collect_view()}
                    </select></div>
                <div class="field check"><input id="preview-phone" type="checkbox" prop:checked=move || phone.get() on:change=move |ev| phone.set(event_target_checked(&ev)) />
                    <label for="preview-phone">"Phone width"</label></div>
            </div>
            <SectionChoice sections id="preview-section" />
            <button type="button" on:click=show>"Show the preview"</button>
            <p class="problems" role="alert">{move || failure.get()}</p>
            {move || html.get().map(|html| view! {
                <iframe class="preview" title="The widget as visitors will see it" srcdoc=html
                    style=move || if phone.get() { "width: 360px" } else { "width: 100%" }></iframe>
            })}
        </section>
    }
}
