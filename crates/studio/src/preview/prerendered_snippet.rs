use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::Client;

/// The pre-rendered snippet for the embed code's choices, as the API renders it from the
/// catalog in force (`GET /v1/widget/fragment?form=snippet`): what a page pastes to show the
/// widget at once, before any script runs.
#[component]
pub fn PrerenderedSnippet(client: StoredValue<Client>, query: Memo<String>) -> impl IntoView {
    let snippet = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let copied = RwSignal::new(false);
    let show = move |_| {
        let client = client.get_value();
        let query = query.get_untracked();
        spawn_local(async move {
            match client.snippet(&query).await {
                Ok(html) => {
                    snippet.set(Some(html));
                    failure.set(None);
                    copied.set(false);
                }
                Err(refused) => failure.set(Some(format!("No snippet: {}", refused.message))),
            }
        });
    };
    let copy = move |_| {
        if let (Some(window), Some(html)) = (web_sys::window(), snippet.get_untracked()) {
            let _ = window.navigator().clipboard().write_text(&html);
            copied.set(true);
        }
    };
    view! {
        <h3>"Pre-rendered snippet"</h3>
        <p class="hint">"The widget's markup for these choices, from the catalog in force: it shows at once, and the script takes it over."</p>
        <button type="button" class="secondary" on:click=show>"Show the pre-rendered snippet"</button>
        <p class="problems" role="alert">{move || failure.get()}</p>
        {move || snippet.get().map(|html| view! {
            <pre class="snippet"><code id="prerendered-snippet">{html}</code></pre>
            <button type="button" on:click=copy>"Copy the snippet"</button>
            <span role="status">{move || copied.get().then_some("Copied.")}</span>
        })}
    }
}
