use leptos::prelude::*;
use serde_json::Value;

use super::field_id;
use crate::draft::Draft;

/// A yes or no (a highlighted plan).
#[component]
pub fn CheckField(draft: Draft, #[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    let id = field_id(&path);
    let checked = {
        let path = path.clone();
        move || draft.get(&path).as_bool().unwrap_or(false)
    };
    view! {
        <div class="field check">
            <input id=id.clone() type="checkbox" prop:checked=checked on:change=move |ev| draft.set(&path, Value::Bool(event_target_checked(&ev))) />
            <label for=id>{label}</label>
        </div>
    }
}
