use leptos::prelude::*;

use super::count;
use serde_json::json;

use crate::draft::{now, Draft};
use crate::fields::TextField;

/// The questions and answers, in the order the widget shows them.
#[component]
pub fn Faq(draft: Draft) -> impl IntoView {
    let entries = count(draft, "faq");
    let entry = move |index: usize| {
        let remove = move |_| draft.edit_list("faq", |list| _ = (index < list.len()).then(|| list.remove(index)));
        view! {
            <div class="faq-entry">
                <TextField draft path=format!("faq[{index}].question") label="Question" />
                <TextField draft path=format!("faq[{index}].answer") label="Answer" long=true />
                <button type="button" class="secondary" on:click=remove>"Remove this question"</button>
            </div>
        }
    };
    // A new entry's id names it in every translation; the words are the editor's to write.
    let add = move |_| {
        let id = format!("question-{}", now().timestamp());
        draft.edit_list("faq", |list| list.push(json!({ "id": id, "question": "", "answer": "" })));
    };
    view! {
        <section id="faq" aria-labelledby="faq-heading">
            <h2 id="faq-heading">"Questions and answers"</h2>
            {move || (0..entries.get()).map(entry).collect_view()}
            <button type="button" on:click=add>"Add a question"</button>
        </section>
    }
}
