use leptos::prelude::*;

use crate::state::{use_pricing, Fallback};

/// A call to action that does something even before (or without) the wasm: its button submits
/// a plain form, which leads to the host's page with the choice as deep-link parameters, or
/// opens a mail to support with the choice as the subject. Once the widget runs, the button's
/// own click handler acts and the submission is cancelled.
#[component]
pub fn CtaForm<C: IntoView + 'static>(
    /// The choice as deep-link parameters, e.g. `pw_plan=pro`.
    fields: Vec<(&'static str, Signal<String>)>,
    /// The same choice in words, for a mail to support.
    subject: Signal<String>,
    /// The button; typed, not boxed, so it needs no type-erased view code.
    children: TypedChildren<C>,
) -> impl IntoView {
    let (action, hidden) = match use_pricing().fallback {
        Fallback::Page(url) => (url, fields),
        Fallback::Mail(to) => (to, vec![("subject", subject)]),
    };
    let hidden = hidden
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=move || value.get()/> })
        .collect_view();
    view! {
        <form class="pw-cta-form" action=action.to_string() method="get" on:submit=|ev| ev.prevent_default()>
            {hidden}
            {children.into_inner()()}
        </form>
    }
}
