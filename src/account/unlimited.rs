use leptos::prelude::*;

use super::account_view::Account;
use crate::state::use_pricing;
use crate::words::format;

/// The models that generate without credits now (365 Unlimited), each up to which resolution
/// and until when.
#[component]
pub fn UnlimitedModels(account: Account) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-unlimited-title");
    move || {
        let unlimited = account.view.with(|v| v.as_ref().map(|v| v.unlimited.clone()))?;
        if unlimited.is_empty() {
            return None;
        }
        let (locale, words, catalog) = (state.locale.clone(), state.words.clone(), state.catalog.clone());
        let rows = unlimited
            .into_iter()
            .map(|entry| {
                let model = catalog.model(&entry.model).map_or(entry.model.clone(), |m| m.name.clone());
                let date = format::date(entry.until, &locale);
                let line = words
                    .fill("account.unlimited_line", &[("model", &model), ("up_to", &entry.up_to), ("date", &date)]);
                view! { <li>{line}</li> }
            })
            .collect_view();
        Some(view! {
            <section class="pw-account-unlimited" aria-labelledby=title_id.clone()>
                <h3 id=title_id.clone()>{words.text("account.unlimited_title")}</h3>
                <ul>{rows}</ul>
            </section>
        })
    }
}
