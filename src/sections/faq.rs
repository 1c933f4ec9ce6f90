use leptos::prelude::*;

use crate::state::use_pricing;

/// Questions as disclosures: each question opens its answer, with or without the wasm (the
/// pre-rendered widget works as it is).
#[component]
pub fn Faq() -> impl IntoView {
    let state = use_pricing();
    let email = state.catalog.support.email.clone();
    let title_id = state.id("faq-title");
    let title_ref = title_id.clone();
    let words = state.words.clone();
    let (before, after) = words.around("faq.support", None, &[], "email");
    let entries = state
        .catalog
        .faq
        .iter()
        .map(|entry| {
            view! {
                <details class="pw-faq-item">
                    <summary>{entry.question.clone()}</summary>
                    <p>{entry.answer.clone()}</p>
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="pw-faq" part="faq" aria-labelledby=title_ref>
            <h2 id=title_id>{words.text("faq.title")}</h2>
            {entries}
            <p class="pw-support">{before}<a href=format!("mailto:{email}")>{email.clone()}</a>{after}</p>
        </section>
    }
}
