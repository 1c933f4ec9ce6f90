use leptos::prelude::*;
use serde_json::json;

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// A whole number (credits, a percentage, days).
#[component]
pub fn NumberField(draft: Draft, #[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    let typed = RwSignal::new(None::<String>);
    let unreadable = Memo::new(move |_| {
        typed
            .get()
            .filter(|t| t.trim().parse::<i64>().is_err())
            .map(|_| "write a whole number, such as 4000".to_string())
    });
    let value = {
        let path = path.clone();
        move || typed.get().unwrap_or_else(|| draft.get(&path).as_i64().map(|n| n.to_string()).unwrap_or_default())
    };
    let write = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            if let Ok(number) = text.trim().parse::<i64>() {
                draft.set(&path, json!(number));
            }
            typed.set(Some(text));
        }
    };
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, unreadable.get().as_ref()).to_string()
    };
    view! {
        <div class="field number">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                prop:value=value
                aria-invalid=is_invalid
                aria-describedby=problems.clone()
                on:input=write
                on:blur=move |_| if unreadable.get_untracked().is_none() { typed.set(None) }
            />
            <ProblemList draft path id=problems unreadable />
        </div>
    }
}
