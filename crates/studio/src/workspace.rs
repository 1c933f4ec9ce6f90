use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing_core::api::studio::{StudioSettings, VersionList};

use crate::client::Client;
use crate::draft::{Draft, Version};
use crate::editors::{CreditPacks, Faq, Models, Plans, Promotions, Translations};
use crate::preview::{EmbedCode, Preview};
use crate::publish::{CatalogFile, History, Publish};

/// The signed-in studio: the draft's editors, its preview and embed code, publication and the
/// history of versions. Starts from the version in force, and again after every publication.
#[component]
pub fn Workspace(client: Client, settings: StudioSettings, sign_out: Callback<()>) -> impl IntoView {
    let draft = Draft::new();
    let versions = RwSignal::new(None::<VersionList>);
    let failure = RwSignal::new(None::<String>);
    let client = StoredValue::new(client);
    let reload = Callback::new(move |()| {
        let client = client.get_value();
        spawn_local(async move {
            let loaded = async {
                let list = client.versions().await?;
                let in_force = client.version(list.in_force).await?;
                Ok::<_, crate::client::Refusal>((list, in_force))
            };
            match loaded.await {
                Ok((list, in_force)) => {
                    let (catalog, translations) = (in_force.catalog, serde_json::to_value(&in_force.translations));
                    draft.start_from(Version {
                        id: list.in_force,
                        catalog,
                        translations: translations.unwrap_or_default(),
                    });
                    versions.set(Some(list));
                    failure.set(None);
                }
                Err(refused) => failure.set(Some(refused.message)),
            }
        });
    });
    reload.run(());
    let status = move || {
        let problems = draft.problems.with(Vec::len);
        let version = draft.in_force_version().map_or(String::new(), |v| format!("Version {v} is in force. "));
        match (problems, draft.changed()) {
            (0, false) => format!("{version}The draft is the catalog in force."),
            (0, true) => format!("{version}The draft has changes and no problems: it may be published."),
            (1, _) => format!("{version}1 problem to fix before publishing."),
            (n, _) => format!("{version}{n} problems to fix before publishing."),
        }
    };
    let loaded = move || versions.with(Option::is_some);
    view! {
        <header class="bar">
            <h1>"Pricing studio"</h1>
            <span>"Signed in as " {settings.editor.clone()}</span>
            <button type="button" class="secondary" on:click=move |_| sign_out.run(())>"Sign out"</button>
        </header>
        <nav aria-label="Parts of the studio">
            <a href="#plans">"Plans"</a> <a href="#models">"Models"</a> <a href="#promotions">"Promotions"</a> <a href="#credit-packs">"Credit packs"</a>
            <a href="#faq">"FAQ"</a> <a href="#translations">"Translations"</a> <a href="#preview">"Preview"</a> <a href="#embed">"Embed code"</a>
            <a href="#publish">"Publish"</a> <a href="#history">"History"</a> <a href="#catalog-file">"Catalog file"</a>
        </nav>
        <p class="status" role="status">{status}</p>
        <p class="problems" role="alert">{move || failure.get()}</p>
        <main>
            <Show when=loaded fallback=|| view! { <p>"Loading the catalog in force…"</p> }>
                <Plans draft />
                <Models draft />
                <Promotions draft />
                <CreditPacks draft />
                <Faq draft />
                <Translations draft />
                <Preview draft client locales=settings.locales.clone() />
                <EmbedCode draft client settings=settings.clone() />
                <Publish draft client reload />
                <History versions client reload />
                <CatalogFile draft />
            </Show>
        </main>
    }
}
