use chrono::NaiveDateTime;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing_core::api::studio::{DiffRequest, DiffView, Publication, VersionRequest};
use pricing_core::api::ErrorCode;

use super::changes::Changes;
use crate::client::Client;
use crate::draft::{now, Draft};

/// Reads what the draft changes, then publishes it now or at a time. Refused while a problem
/// stands; refused by the API when another editor published meanwhile, and then the changes
/// against the version now in force are shown before publishing over it.
#[component]
pub fn Publish(draft: Draft, client: StoredValue<Client>, reload: Callback<()>) -> impl IntoView {
    let diff = RwSignal::new(None::<DiffView>);
    let note = RwSignal::new(String::new());
    let at = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<String>);
    // The version a conflict showed to be in force, once its changes have been read.
    let over = RwSignal::new(None::<i64>);
    let blocked = move || !draft.problems.with(Vec::is_empty) || !draft.changed();
    let review = move |against: Option<i64>| {
        let (catalog, translations) = (draft.catalog.get_untracked(), draft.texts());
        let request = DiffRequest { catalog, translations, against, at: None };
        let client = client.get_value();
        spawn_local(async move {
            match client.diff(&request).await {
                Ok(view) => diff.set(Some(view)),
                Err(refused) => outcome.set(Some(refused.message)),
            }
        });
    };
    let publish = move |scheduled: bool| {
        // To the second when the browser gives seconds (`step="1"`), else to the minute.
        let typed = at.get_untracked();
        let publish_at = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(&typed, format).ok())
            .map(|t| t.and_utc());
        if scheduled && publish_at.is_none_or(|t| t <= now()) {
            outcome.set(Some("Choose a time still to come to schedule the publication.".into()));
            return;
        }
        let request = VersionRequest {
            catalog: draft.catalog.get_untracked(),
            translations: draft.texts(),
            based_on: over.get_untracked().or(draft.in_force_version()).unwrap_or_default(),
            publication: if scheduled { Publication::At } else { Publication::Now },
            publish_at: publish_at.filter(|_| scheduled),
            note: note.get_untracked(),
        };
        let client = client.get_value();
        spawn_local(async move {
            match client.save(&request).await {
                Ok(saved) => {
                    outcome.set(Some(match saved.summary.publish_at {
                        Some(when) => format!(
                            "Version {} will go live at {} UTC.",
                            saved.summary.id,
                            when.format("%Y-%m-%d %H:%M:%S")
                        ),
                        None => format!("Version {} is in force.", saved.summary.id),
                    }));
                    diff.set(None);
                    over.set(None);
                    note.set(String::new());
                    reload.run(());
                }
                Err(refused) if refused.code == Some(ErrorCode::CatalogConflict) => {
                    outcome.set(Some(format!(
                        "Not published: {}. The changes against it are below; nothing of yours is lost.",
                        refused.message
                    )));
                    if let Ok(list) = client.versions().await {
                        over.set(Some(list.in_force));
                        review(Some(list.in_force));
                    }
                }
                Err(refused) => outcome.set(Some(format!("Not published: {}", refused.message))),
            }
        });
    };
    view! {
        <section id="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">"Publish"</h2>
            <button type="button" on:click=move |_| review(None)>"Review changes"</button>
            {move || diff.get().map(|diff| view! { <Changes diff /> })}
            <div class="row">
                <div class="field"><label for="note">"Note (optional)"</label>
                    <input id="note" type="text" maxlength="500" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) /></div>
                <div class="field"><label for="publish-at">"Go live at (UTC, to schedule)"</label>
                    <input id="publish-at" type="datetime-local" step="1" prop:value=move || at.get() on:input=move |ev| at.set(event_target_value(&ev)) /></div>
            </div>
            <div class="actions">
                <button type="button" disabled=blocked on:click=move |_| publish(false)>
                    {move || over.get().map_or("Publish now".to_string(), |v| format!("Publish over version {v}"))}
                </button>
                <button type="button" class="secondary" disabled=blocked on:click=move |_| publish(true)>"Schedule"</button>
            </div>
            <p class="outcome" role="status">{move || outcome.get()}</p>
        </section>
    }
}
