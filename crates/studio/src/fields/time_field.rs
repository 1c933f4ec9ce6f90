use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use leptos::prelude::*;
use serde_json::Value;

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// A moment in UTC (a promotion's start or end), as the catalog writes it (RFC 3339).
#[component]
pub fn TimeField(draft: Draft, #[prop(into)] path: String, label: &'static str) -> impl IntoView {
    let id = field_id(&path);
    let problems = format!("{id}-problems");
    let value = {
        let path = path.clone();
        move || {
            let stored = draft.get(&path);
            let at = stored.as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok());
            at.map(|at| at.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
        }
    };
    let write = {
        let path = path.clone();
        move |ev| {
            let typed = event_target_value(&ev);
            if let Ok(at) = NaiveDateTime::parse_from_str(&typed, "%Y-%m-%dT%H:%M") {
                draft.set(&path, Value::String(at.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true)));
            }
        }
    };
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, None).to_string()
    };
    view! {
        <div class="field time">
            <label for=id.clone()>{label} " (UTC)"</label>
            <input id=id type="datetime-local" prop:value=value aria-invalid=is_invalid aria-describedby=problems.clone() on:change=write />
            <ProblemList draft path id=problems />
        </div>
    }
}
