use leptos::prelude::*;
use pricing_core::api::studio::StudioSettings;

use crate::client::Client;
use crate::sign_in::SignIn;
use crate::workspace::Workspace;

/// Where the editor's credential is kept for this tab (never in a cookie, never beyond the tab).
pub const CREDENTIAL_KEY: &str = "pricing-studio-credential";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The studio: the sign-in form, then the workspace.
#[component]
pub fn App() -> impl IntoView {
    let signed_in = RwSignal::new(None::<(Client, StudioSettings)>);
    let remembered = session().and_then(|s| s.get_item(CREDENTIAL_KEY).ok().flatten());
    let sign_in = Callback::new(move |(credential, settings): (String, StudioSettings)| {
        if let Some(session) = session() {
            let _ = session.set_item(CREDENTIAL_KEY, &credential);
        }
        signed_in.set(Some((Client::new(credential), settings)));
    });
    let sign_out = Callback::new(move |()| {
        if let Some(session) = session() {
            let _ = session.remove_item(CREDENTIAL_KEY);
        }
        signed_in.set(None);
    });
    view! {
        {move || match signed_in.get() {
            None => view! { <SignIn sign_in remembered=remembered.clone() /> }.into_any(),
            Some((client, settings)) => view! { <Workspace client settings sign_out /> }.into_any(),
        }}
    }
}
