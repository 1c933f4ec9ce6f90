use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::draft::Draft;

/// The draft as a catalog file, the format the repository keeps and a new store is seeded with:
/// exported as it stands, or replaced by an imported file, whose problems then show at their
/// fields as typed ones do (its texts in the other languages stay the draft's).
#[component]
pub fn CatalogFile(draft: Draft) -> impl IntoView {
    let outcome = RwSignal::new(None::<String>);
    let link = NodeRef::<leptos::html::A>::new();
    // Written when asked for, not on every keystroke.
    let export = move |_| {
        let json = draft.catalog.with_untracked(|c| serde_json::to_string_pretty(c).unwrap_or_default());
        if let Some(link) = link.get_untracked() {
            link.set_href(&format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&json)));
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        spawn_local(async move {
            let name = file.name();
            let text = JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string());
            let read =
                text.ok_or_else(|| "it could not be read".to_string()).and_then(|text| {
                    match serde_json::from_str::<Value>(&text) {
                        Ok(catalog) if catalog.is_object() => Ok(catalog),
                        Ok(_) => Err("it holds JSON, but not a catalog's object".to_string()),
                        Err(e) => Err(format!("it is not JSON ({e})")),
                    }
                });
            outcome.set(Some(match read {
                Ok(catalog) => {
                    draft.catalog.set(catalog);
                    format!("{name} is the draft now: its problems, if any, show at their fields.")
                }
                Err(why) => format!("{name} was not imported: {why}. The draft is as it was."),
            }));
        });
    };
    view! {
        <section id="catalog-file" aria-labelledby="catalog-file-heading">
            <h2 id="catalog-file-heading">"Catalog file"</h2>
            <p>
                <a node_ref=link href="#" download="catalog.json" on:click=export>"Export the catalog file"</a>
            </p>
            <div class="field">
                <label for="catalog-import">"Import a catalog file"</label>
                <input id="catalog-import" type="file" accept="application/json,.json" on:change=import />
            </div>
            <p class="outcome" role="status">{move || outcome.get()}</p>
        </section>
    }
}
