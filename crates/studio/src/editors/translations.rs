use leptos::prelude::*;
use pricing_core::i18n::texts::{LanguageTexts, TextState, TextStatus};

use crate::draft::Draft;
use crate::fields::TranslatedField;

/// The catalog's texts in each of its other languages, beside its own wording, with what is
/// missing or stale counted and marked.
#[component]
pub fn Translations(draft: Draft) -> impl IntoView {
    let languages = Memo::new(move |_| {
        draft.shape.with(|c| c.as_ref().map(|c| c.languages.get(1..).unwrap_or_default().to_vec()).unwrap_or_default())
    });
    let language = RwSignal::new(languages.get_untracked().first().cloned().unwrap_or_default());
    let only_open = RwSignal::new(false);
    let statuses_in = move |language: &str| -> Vec<TextStatus> {
        let texts: LanguageTexts = draft
            .translations
            .with(|t| t.get(language).and_then(|own| serde_json::from_value(own.clone()).ok()))
            .unwrap_or_default();
        draft.shape.with(|c| c.as_ref().map(|c| c.text_statuses(&texts)).unwrap_or_default())
    };
    let statuses = Memo::new(move |_| statuses_in(&language.get()));
    let open = |all: &[TextStatus], state| all.iter().filter(|s| s.state == state).count();
    // The texts listed change when the catalog gains or loses one, or the choice does; not
    // while a text is typed (a text filled in stays in the list until the choice is made again).
    let keys = Memo::new(move |_| {
        draft.shape.with(|c| c.as_ref().map(|c| c.texts().into_iter().map(|t| t.0).collect::<Vec<_>>()))
    });
    let shown = Memo::new(move |_| {
        let (language, only_open, all) = (language.get(), only_open.get(), keys.get().unwrap_or_default());
        let states = statuses.get_untracked();
        let wanted = |key: &String| !only_open || states.iter().any(|s| &s.key == key && s.state != TextState::Current);
        (language, all.into_iter().filter(wanted).collect::<Vec<_>>())
    });
    let option = move |code: String| {
        let all = statuses_in(&code);
        let summary =
            format!("{code}: {} missing, {} stale", open(&all, TextState::Missing), open(&all, TextState::Stale));
        view! { <option value=code.clone() selected=move || language.get() == code>{summary}</option> }
    };
    let summary = move || {
        statuses.with(|all| {
            format!(
                "{} missing, {} stale of {} texts",
                open(all, TextState::Missing),
                open(all, TextState::Stale),
                all.len()
            )
        })
    };
    let rows = move || {
        let (language, keys) = shown.get();
        keys.into_iter()
            .map(|key| view! { <TranslatedField draft language=language.clone() key statuses /> })
            .collect_view()
    };
    view! {
        <section id="translations" aria-labelledby="translations-heading">
            <h2 id="translations-heading">"Translations"</h2>
            <div class="row">
                <div class="field">
                    <label for="translation-language">"Language"</label>
                    <select id="translation-language" on:change=move |ev| language.set(event_target_value(&ev))>
                        {move || languages.get().into_iter().map(option).collect_view()}
                    </select>
                </div>
                <div class="field choice">
                    <input id="translation-open" type="checkbox" prop:checked=only_open on:change=move |ev| only_open.set(event_target_checked(&ev)) />
                    <label for="translation-open">"Only what is missing or stale"</label>
                </div>
            </div>
            <p aria-live="polite">{summary}</p>
            {rows}
        </section>
    }
}
