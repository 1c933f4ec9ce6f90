use leptos::prelude::*;
use pricing_core::i18n::texts::{TextState, TextStatus};

use super::field_id;
use super::problem_list::{invalid, ProblemList};
use crate::draft::Draft;

/// One text of the catalog in another language, beside the catalog's own wording: marked when
/// it is missing, or stale (translated from a wording the catalog's text no longer has).
#[component]
pub fn TranslatedField(
    draft: Draft,
    language: String,
    key: String,
    /// Every text of the catalog in `language`, with its state.
    statuses: Memo<Vec<TextStatus>>,
) -> impl IntoView {
    let path = format!("translations.{language}.catalog.{key}");
    let id = field_id(&path);
    let (problems, state_id) = (format!("{id}-problems"), format!("{id}-state"));
    let status = {
        let key = key.clone();
        Memo::new(move |_| statuses.with(|all| all.iter().find(|s| s.key == key).cloned()))
    };
    let source = move || status.with(|s| s.as_ref().map(|s| s.source.clone()).unwrap_or_default());
    let long = status.with_untracked(|s| s.as_ref().is_some_and(|s| s.source.chars().count() > 80));
    let value = move || status.with(|s| s.as_ref().and_then(|s| s.text.clone()).unwrap_or_default());
    let state = move || status.with(|s| s.as_ref().map_or(TextState::Missing, |s| s.state));
    let write = {
        let (language, key) = (language.clone(), key.clone());
        move |text: String| draft.translate(&language, &key, &text, &source())
    };
    let on_input = {
        let write = write.clone();
        move |ev| write(event_target_value(&ev))
    };
    let still_right = move |_| write(value());
    let is_invalid = {
        let path = path.clone();
        move || invalid(draft, &path, None).to_string()
    };
    let described = format!("{state_id} {problems}");
    let input = match long {
        true => view! { <textarea id=id.clone() rows="3" prop:value=value aria-invalid=is_invalid aria-describedby=described on:input=on_input></textarea> }.into_any(),
        false => view! { <input id=id.clone() type="text" prop:value=value aria-invalid=is_invalid aria-describedby=described on:input=on_input /> }.into_any(),
    };
    let marker = move || match state() {
        TextState::Missing => "Missing: visitors read the catalog's own wording.",
        TextState::Stale => "Stale: the wording above changed since this was translated.",
        TextState::Current => "",
    };
    view! {
        <div class="field translated" data-state=move || format!("{:?}", state()).to_lowercase()>
            <label for=id>{label(&key)}</label>
            <p class="source">{source}</p>
            {input}
            <p class="state" id=state_id>{marker}</p>
            <Show when=move || state() == TextState::Stale>
                <button type="button" class="secondary" on:click=still_right.clone()>"Still right"</button>
            </Show>
            <ProblemList draft path id=problems />
        </div>
    }
}

/// What a text is, from its key (`plans.pro.tagline`: "Plan pro: tagline").
fn label(key: &str) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    let kind = match parts[0] {
        "plans" => "Plan",
        "feature_rows" => "Feature row",
        "credit_packs" => "Credit pack",
        "promotions" => "Promotion",
        "faq" => "Question",
        "tax" => "Tax",
        _ => return "Credit scale note".into(),
    };
    format!("{kind} {}: {}", parts.get(1).unwrap_or(&""), parts.get(2..).unwrap_or_default().join(" "))
}
