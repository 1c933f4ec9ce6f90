use leptos::prelude::*;
use leptos::task::spawn_local;
use pricing_core::api::studio::StudioSettings;

use crate::client::Client;

/// Asks for an editor's credential and checks it with the billing API before going on.
#[component]
pub fn SignIn(sign_in: Callback<(String, StudioSettings)>, remembered: Option<String>) -> impl IntoView {
    let credential = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let check = move |given: String| {
        busy.set(true);
        spawn_local(async move {
            match Client::new(given.clone()).settings().await {
                Ok(settings) => sign_in.run((given, settings)),
                Err(refused) => refusal.set(Some(match refused.status {
                    401 => "That is not an editor's credential.".to_string(),
                    403 => "That credential is a customer's; the studio needs an editor's.".to_string(),
                    _ => refused.message,
                })),
            }
            busy.set(false);
        });
    };
    if let Some(remembered) = remembered {
        check(remembered);
    }
    view! {
        <main class="sign-in">
            <h1>"Pricing studio"</h1>
            <form on:submit=move |ev| {
                ev.prevent_default();
                check(credential.get_untracked());
            }>
                <label for="credential">"Editor credential"</label>
                <input id="credential" type="password" autocomplete="current-password" required=true
                    aria-describedby="sign-in-problem"
                    prop:value=move || credential.get() on:input=move |ev| credential.set(event_target_value(&ev)) />
                <p id="sign-in-problem" class="problems" role="alert">{move || refusal.get()}</p>
                <button type="submit" disabled=move || busy.get()>"Sign in"</button>
            </form>
        </main>
    }
}
