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
            <h2 id=title_id>"Questions and answers"</h2>
            {entries}
            <p class="pw-support">"Still unsure? Write to " <a href=format!("mailto:{email}")>{email.clone()}</a> "."</p>
        </section>
    }
}
