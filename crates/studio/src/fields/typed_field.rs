use leptos::prelude::*;
use serde_json::Value;

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// The stored value as the editor reads it ("29.00" for 2900 cents).
pub type Shown = Box<dyn Fn(&Value) -> String + Send + Sync>;
/// The value to store for what was typed, or `None` when it cannot be read.
pub type Read = Box<dyn Fn(&str) -> Option<Value> + Send + Sync>;

/// How a typed field reads and writes its value.
pub struct Typing {
    pub shown: Shown,
    pub read: Read,
    /// What to write instead, when it cannot.
    pub hint: String,
    pub inputmode: &'static str,
}

/// A value typed as text (an amount, a count): stored as soon as it reads, and until then kept
/// as typed with the field's own problem beside the core's.
#[component]
pub fn TypedField(draft: Draft, path: String, label: String, typing: Typing) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    let Typing { shown, read, hint, inputmode } = typing;
    let read = std::sync::Arc::new(read);
    // What the editor typed, while it is not the stored value written back.
    let typed = RwSignal::new(None::<String>);
    let unreadable = {
        let read = read.clone();
        Memo::new(move |_| typed.get().filter(|t| read(t).is_none()).map(|_| hint.clone()))
    };
    let value = {
        let path = path.clone();
        move || typed.get().unwrap_or_else(|| shown(&draft.get(&path)))
    };
    let write = {
        let path = path.clone();
        move |ev| {
            let text = event_target_value(&ev);
            if let Some(value) = read(&text) {
                draft.set(&path, value);
            }
            typed.set(Some(text));
        }
    };
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, unreadable.get().as_ref()).to_string()
    };
    view! {
        <div class="field typed">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type="text"
                inputmode=inputmode
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
