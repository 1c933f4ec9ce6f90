use leptos::prelude::*;

use crate::draft::Draft;

/// The problems at one field: the core's for its path, and the field's own (a value it could
/// not read). Always in the page, so that the input can point at it (`aria-describedby`).
#[component]
pub fn ProblemList(
    draft: Draft,
    path: String,
    id: String,
    /// What the field itself could not read, if anything.
    #[prop(into, optional)]
    unreadable: Signal<Option<String>>,
) -> impl IntoView {
    let messages = move || {
        let mut messages: Vec<String> = unreadable.get().into_iter().collect();
        messages.extend(draft.problems_at(&path));
        messages
    };
    view! {
        <ul class="problems" id=id>
            <For each=messages key=|message| message.clone() let:message>
                <li>{message}</li>
            </For>
        </ul>
    }
}

/// Whether the field shows a problem (for `aria-invalid`).
pub fn invalid(draft: Draft, path: &str, unreadable: Option<&String>) -> bool {
    unreadable.is_some() || !draft.problems_at(path).is_empty()
}
