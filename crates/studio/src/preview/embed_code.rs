use leptos::prelude::*;
use pricing_core::api::studio::StudioSettings;
use pricing_core::sections::Sections;

use super::page;
use super::prerendered_snippet::PrerenderedSnippet;
use super::section_choice::{attribute as sections_attribute, SectionChoice};
use crate::client::Client;
use crate::draft::Draft;
use crate::editors::currencies;

/// `text` inside a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Builds the two lines a page embeds the widget with, from the choices a host page makes:
/// sections, currency, interval, highlight, language, theme, the finder's preset work and the
/// fallback page; shows it live and copies it.
#[component]
pub fn EmbedCode(draft: Draft, client: StoredValue<Client>, settings: StudioSettings) -> impl IntoView {
    let currencies = currencies(draft);
    let text = |initial: &str| RwSignal::new(initial.to_string());
    let (currency, interval, locale, highlight) = (text(""), text(""), text(""), text(""));
    let (accent, radius, font, finder, fallback) = (text("#4338ca"), text("12"), text(""), text(""), text(""));
    let dark = RwSignal::new(false);
    let sections = RwSignal::new(Sections::NAMES.map(String::from).to_vec());
    let code = Memo::new(move |_| {
        let mut attributes = vec![format!("api=\"{}\"", attribute(&settings.api_url))];
        for (name, value) in [
            ("currency", currency.get()),
            ("interval", interval.get()),
            ("locale", locale.get()),
            ("highlight", highlight.get()),
            ("sections", sections.with(|s| sections_attribute(s))),
            ("finder", finder.get()),
            ("fallback-url", fallback.get()),
        ] {
            if !value.trim().is_empty() {
                attributes.push(format!("{name}=\"{}\"", attribute(value.trim())));
            }
        }
        let mut style = format!("--pw-accent: {}; --pw-radius: {}px;", accent.get(), radius.get().trim());
        if !font.get().trim().is_empty() {
            style.push_str(&format!(" --pw-font: {};", font.get().trim()));
        }
        if dark.get() {
            style.push_str(" --pw-bg: #111318; --pw-fg: #f2f3f7; --pw-muted: #b7bccb; --pw-surface: #1b1e26; --pw-border: #383d4c; --pw-highlight: #242a44;");
        }
        attributes.push(format!("style=\"{}\"", attribute(&style)));
        format!(
            "<script type=\"module\" src=\"{}pricing-widget.js\"></script>\n<pricing-widget {}></pricing-widget>",
            attribute(&settings.widget_url),
            attributes.join(" ")
        )
    });
    // The same choices as the fragment's query, for the pre-rendered snippet.
    let query = Memo::new(move |_| {
        let sections = sections.with(|s| sections_attribute(s));
        let pairs = [
            ("currency", currency.get()),
            ("interval", interval.get()),
            ("locale", locale.get()),
            ("highlight", highlight.get()),
            ("sections", sections),
            ("finder", finder.get()),
        ];
        let pairs = pairs.into_iter().filter(|(_, v)| !v.trim().is_empty());
        let encoded: Vec<String> =
            pairs.map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim()))).collect();
        encoded.join("&")
    });
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&code.get_untracked());
            copied.set(true);
        }
    };
    let input = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! { <div class="field"><label for=id>{label}</label>
        <input id=id type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /></div> }
    };
    let choose = move |id: &'static str, label: &'static str, value: RwSignal<String>, options: Vec<String>| {
        view! { <div class="field"><label for=id>{label}</label>
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">"As the visitor's browser says"</option>
            {options.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
        </select></div> }
    };
    let plan_ids: Vec<String> = draft
        .get("plans")
        .as_array()
        .map(|p| p.iter().filter_map(|p| p["id"].as_str().map(String::from)).collect())
        .unwrap_or_default();
    view! {
        <section id="embed" aria-labelledby="embed-heading">
            <h2 id="embed-heading">"Embed code"</h2>
            <SectionChoice sections id="embed-section" />
            <div class="row">
                {move || choose("embed-currency", "Currency", currency, currencies.get().iter().map(|c| c.code().to_string()).collect())}
                {choose("embed-interval", "Interval", interval, vec!["monthly".into(), "annual".into()])}
                {choose("embed-locale", "Language", locale, settings.locales.clone())}
                {choose("embed-highlight", "Highlighted plan", highlight, plan_ids)}
            </div>
            <div class="row">
                <div class="field"><label for="embed-accent">"Accent"</label>
                    <input id="embed-accent" type="color" prop:value=move || accent.get() on:input=move |ev| accent.set(event_target_value(&ev)) /></div>
                {input("embed-radius", "Corner radius (px)", radius)}
                {input("embed-font", "Font", font)}
                <div class="field check"><input id="embed-dark" type="checkbox" prop:checked=move || dark.get() on:change=move |ev| dark.set(event_target_checked(&ev)) />
                    <label for="embed-dark">"Dark"</label></div>
            </div>
            <div class="row">
                {input("embed-finder", "Plan finder's preset work (model:count, …)", finder)}
                {input("embed-fallback", "Page to send visitors to without JavaScript", fallback)}
            </div>
            <pre><code id="embed-code">{move || code.get()}</code></pre>
            <button type="button" on:click=copy>"Copy the code"</button>
            <span role="status">{move || copied.get().then_some("Copied.")}</span>
            <iframe class="preview" title="The embed code, live" srcdoc=move || page(&code.get())></iframe>
            <PrerenderedSnippet client query />
        </section>
    }
}
