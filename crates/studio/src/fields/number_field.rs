use leptos::prelude::*;
use serde_json::json;

use super::typed_field::{TypedField, Typing};
use crate::draft::Draft;

/// A whole number (credits, a percentage, days).
#[component]
pub fn NumberField(draft: Draft, #[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    let typing = Typing {
        shown: Box::new(|v| v.as_i64().map(|n| n.to_string()).unwrap_or_default()),
        read: Box::new(|t| t.trim().parse::<i64>().ok().map(|n| json!(n))),
        hint: "write a whole number, such as 4000".into(),
        inputmode: "numeric",
    };
    view! { <TypedField draft path label typing /> }
}
