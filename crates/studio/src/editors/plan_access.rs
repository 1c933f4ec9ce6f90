use leptos::prelude::*;
use serde_json::{json, Value};

use crate::draft::Draft;
use crate::fields::{CheckField, ChoiceField, TextField};

/// What a plan includes: its feature values (a row of the comparison each), the models it may
/// use (every model, or a chosen few), and the models it makes without spending credits
/// (Unlimited, up to a resolution). The core checks the rest: a larger plan keeps a smaller
/// one's models, Unlimited only on included models.
#[component]
pub fn PlanAccess(draft: Draft, index: usize) -> impl IntoView {
    let at = format!("plans[{index}]");
    let rows = draft.get("feature_rows").as_array().cloned().unwrap_or_default();
    let features = rows
        .iter()
        .map(|row| {
            let (id, label) =
                (row["id"].as_str().unwrap_or_default(), row["label"].as_str().unwrap_or_default().to_string());
            let path = format!("{at}.features.{id}");
            match row["kind"].as_str() {
                Some("text") => view! { <TextField draft path label /> }.into_any(),
                _ => view! { <CheckField draft path label /> }.into_any(),
            }
        })
        .collect_view();
    let models: Vec<(String, String)> = draft
        .get("models")
        .as_array()
        .map(|models| {
            let pair = |m: &Value| {
                (m["id"].as_str().unwrap_or_default().to_string(), m["name"].as_str().unwrap_or_default().to_string())
            };
            models.iter().map(pair).collect()
        })
        .unwrap_or_default();
    let access = format!("{at}.models");
    let every = {
        let access = access.clone();
        Memo::new(move |_| draft.get(&access).is_null())
    };
    let all_ids: Vec<Value> = models.iter().map(|(id, _)| json!(id)).collect();
    let choose_every = {
        let access = access.clone();
        move |ev| {
            draft.set(&access, if event_target_checked(&ev) { Value::Null } else { Value::Array(all_ids.clone()) })
        }
    };
    let every_id = format!("{}-every", crate::fields::field_id(&access));
    let chosen = move || {
        (!every.get()).then(|| view! { <ChoiceField draft path=access.clone() legend="Models this plan may use" options=models.clone() /> })
    };
    view! {
        <details class="access">
            <summary>"Features, models and Unlimited"</summary>
            <div class="row">{features}</div>
            <div class="field check">
                <input id=every_id.clone() type="checkbox" prop:checked=move || every.get() on:change=choose_every />
                <label for=every_id>"Every model of the catalog"</label>
            </div>
            {chosen}
            <Unlimited draft at />
        </details>
    }
}

/// The models a plan makes without spending credits, each up to a resolution.
#[component]
fn Unlimited(draft: Draft, at: String) -> impl IntoView {
    let list = format!("{at}.unlimited");
    let count = {
        let list = list.clone();
        Memo::new(move |_| draft.len(&list))
    };
    let entry = {
        let list = list.clone();
        move |j: usize| {
            let remove = {
                let list = list.clone();
                move |_| draft.edit_list(&list, |items| _ = (j < items.len()).then(|| items.remove(j)))
            };
            view! {
                <div class="row">
                    <TextField draft path=format!("{list}[{j}].model") label="Unlimited model (id)" />
                    <TextField draft path=format!("{list}[{j}].up_to") label="Up to resolution" />
                    <button type="button" class="secondary" on:click=remove>"Remove"</button>
                </div>
            }
        }
    };
    let add = move |_| {
        let first = draft.get("models[0]");
        let up_to = first["resolutions"][0]["id"].clone();
        draft.edit_list(&list, |items| items.push(json!({ "model": first["id"], "up_to": up_to })));
    };
    view! {
        <fieldset class="unlimited">
            <legend>"Unlimited"</legend>
            {move || (0..count.get()).map(entry.clone()).collect::<Vec<_>>()}
            <button type="button" class="secondary" on:click=add>"Add an Unlimited model"</button>
        </fieldset>
    }
}
