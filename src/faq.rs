use leptos::prelude::*;

use crate::state::use_pricing;

/// Questions as an accordion: each question is a button that shows or hides its answer.
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
        .enumerate()
        .map(|(i, entry)| {
            let open = RwSignal::new(false);
            let (button_id, panel_id) = (state.id(&format!("faq-q{i}")), state.id(&format!("faq-a{i}")));
            view! {
                <div class="pw-faq-item">
                    <h3>
                        <button type="button" id=button_id.clone() aria-controls=panel_id.clone()
                            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                            {entry.question.clone()}
                        </button>
                    </h3>
                    <div id=panel_id role="region" aria-labelledby=button_id hidden=move || !open.get()>
                        <p>{entry.answer.clone()}</p>
                    </div>
                </div>
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
