use leptos::prelude::*;

use super::count;
use crate::draft::Draft;
use crate::fields::TextField;

/// The questions and answers, in the order the widget shows them.
#[component]
pub fn Faq(draft: Draft) -> impl IntoView {
    let entries = count(draft, "faq");
    let entry = move |index: usize| {
        view! {
            <div class="faq-entry">
                <TextField draft path=format!("faq[{index}].question") label="Question" />
                <TextField draft path=format!("faq[{index}].answer") label="Answer" long=true />
            </div>
        }
    };
    view! {
        <section id="faq" aria-labelledby="faq-heading">
            <h2 id="faq-heading">"Questions and answers"</h2>
            {move || (0..entries.get()).map(entry).collect_view()}
        </section>
    }
}
