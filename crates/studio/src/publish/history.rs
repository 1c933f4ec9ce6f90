use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing_core::api::studio::{VersionList, VersionState, VersionSummary};

use crate::client::Client;

/// Every version, newest first, with who did what and when; any version that was in force can
/// be put back in one step, and a scheduled one taken back.
#[component]
pub fn History(
    versions: RwSignal<Option<VersionList>>,
    client: StoredValue<Client>,
    reload: Callback<()>,
) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let act = move |id: i64, roll_back: bool| {
        let Some(in_force) = versions.with_untracked(|v| v.as_ref().map(|v| v.in_force)) else { return };
        let client = client.get_value();
        spawn_local(async move {
            let done = match roll_back {
                true => client.roll_back(id, in_force).await,
                false => client.unschedule(id).await,
            };
            match done {
                Ok(_) => {
                    failure.set(None);
                    reload.run(());
                }
                Err(refused) => failure.set(Some(refused.message)),
            }
        });
    };
    let row = move |version: VersionSummary| {
        let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
            at.map_or(String::new(), |t| t.format("%Y-%m-%d %H:%M").to_string())
        };
        let events: Vec<String> = version
            .events
            .iter()
            .map(|e| format!("{} by {} at {}", e.action, e.actor, e.at.format("%Y-%m-%d %H:%M")))
            .collect();
        let id = version.id;
        let action = match version.state {
            VersionState::Retired => Some(view! { <button type="button" class="secondary" on:click=move |_| act(id, true)>{format!("Put version {id} back in force")}</button> }.into_any()),
            VersionState::Scheduled => Some(view! { <button type="button" class="secondary" on:click=move |_| act(id, false)>{format!("Unschedule version {id}")}</button> }.into_any()),
            _ => None,
        };
        view! {
            <tr>
                <th scope="row">{id}</th>
                <td>{version.state.as_str()}</td>
                <td>{version.author}</td>
                <td>{version.note}</td>
                <td>{when(version.published_at.or(version.publish_at))}</td>
                <td>{events.join("; ")}</td>
                <td>{action}</td>
            </tr>
        }
    };
    view! {
        <section id="history" aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <p class="problems" role="alert">{move || failure.get()}</p>
            <table>
                <thead><tr><th scope="col">"Version"</th><th scope="col">"State"</th><th scope="col">"By"</th><th scope="col">"Note"</th><th scope="col">"In force from"</th><th scope="col">"What happened"</th><th scope="col"><span class="visually-hidden">"Action"</span></th></tr></thead>
                <tbody>{move || versions.get().map(|list| list.versions.into_iter().map(row).collect_view())}</tbody>
            </table>
        </section>
    }
}
