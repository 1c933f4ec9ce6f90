use leptos::prelude::*;
use serde_json::Value;

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// Words a visitor reads (a name, a headline, an answer).
#[component]
pub fn TextField(
    draft: Draft,
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    /// A paragraph rather than a line.
    #[prop(optional)]
    long: bool,
    /// May be left empty (then it is absent from the catalog).
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    let value = {
        let path = path.clone();
        move || draft.get(&path).as_str().unwrap_or_default().to_string()
    };
    let write = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            draft.set(&path, if optional && text.is_empty() { Value::Null } else { Value::String(text) });
        }
    };
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, None).to_string()
    };
    let input = match long {
        true => view! {
            <textarea id=id.clone() rows="4" prop:value=value aria-invalid=is_invalid aria-describedby=problems.clone() on:input=write></textarea>
        }
        .into_any(),
        false => view! {
            <input id=id.clone() type="text" prop:value=value aria-invalid=is_invalid aria-describedby=problems.clone() on:input=write />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            <ProblemList draft path id=problems />
        </div>
    }
}
