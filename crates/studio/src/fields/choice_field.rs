use leptos::prelude::*;
use serde_json::Value;

use super::field_id;
use super::problem_list::ProblemList;
use crate::draft::Draft;

/// Which of a few values a list holds (a promotion's plans, its intervals).
#[component]
pub fn ChoiceField(
    draft: Draft,
    #[prop(into)] path: String,
    legend: &'static str,
    /// (value, label) of each choice.
    options: Vec<(String, String)>,
) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    let choices = options
        .into_iter()
        .map(|(value, label)| {
            let box_id = format!("{id}-{value}");
            let (read, write, item) = (path.clone(), path.clone(), value.clone());
            let held = move || {
                draft.get(&read).as_array().is_some_and(|list| list.iter().any(|v| v == &Value::String(item.clone())))
            };
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                let value = Value::String(value.clone());
                draft.edit_list(&write, |list| {
                    list.retain(|v| v != &value);
                    if on {
                        list.push(value);
                    }
                });
            };
            view! {
                <span class="choice">
                    <input id=box_id.clone() type="checkbox" prop:checked=held on:change=toggle />
                    <label for=box_id>{label}</label>
                </span>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field choices" aria-describedby=problems.clone()>
            <legend>{legend}</legend>
            {choices}
            <ProblemList draft path id=problems.clone() />
        </fieldset>
    }
}
