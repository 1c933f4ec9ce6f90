use leptos::prelude::*;
use pricing_core::api::account::HistoryEntry;
use pricing_core::credits::CreditSource;

use super::account_view::Account;
use crate::state::{use_pricing, Pricing};
use crate::words::format;

/// The last generations and grants, newest first, a page at a time: each generation's model
/// and output with its credits (or Unlimited), held while under way, and refunds; each grant
/// with its source and last day.
#[component]
pub fn CreditHistoryList(account: Account) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-history-title");
    let labelled_by = title_id.clone();
    let entries = RwSignal::new(Vec::<HistoryEntry>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let fetch = {
        let state = state.clone();
        move |after: Option<String>| {
            let (Some(client), words) = (state.billing.clone(), state.words.clone()) else { return };
            loading.set(true);
            let asked = account.version.get_untracked();
            state.spawn(async move {
                let page = client.credit_history(after.as_deref()).await;
                // A page read before the account moved on belongs to a history no longer shown.
                if account.version.get_untracked() != asked {
                    return;
                }
                loading.set(false);
                match page {
                    Ok(page) => {
                        // A first page replaces what was shown (the account moved on); later pages add to it.
                        if after.is_none() {
                            entries.set(page.entries);
                        } else {
                            entries.update(|shown| shown.extend(page.entries));
                        }
                        next.set(page.next);
                        failed.set(None);
                    }
                    Err(error) => failed.set(Some(words.text(error.reason))),
                }
            });
        }
    };
    let first = fetch.clone();
    Effect::new(move |_| {
        account.version.track();
        first(None);
    });
    let rows_state = state.clone();
    let rows = move || entries.get().into_iter().map(|entry| row(&rows_state, entry)).collect_view();
    let words = state.words.clone();
    let (more, empty) = (words.text("account.history_more"), words.text("account.history_empty"));
    view! {
        <section class="pw-account-history" aria-labelledby=labelled_by aria-busy=move || loading.get().to_string()>
            <h3 id=title_id>{words.text("account.history_title")}</h3>
            {move || (entries.with(Vec::is_empty) && !loading.get()).then(|| view! { <p>{empty.clone()}</p> })}
            <ul class="pw-account-history-list">{rows}</ul>
            {move || failed.get().map(|why| view! { <p class="pw-account-failed" role="alert">{why}</p> })}
            {move || next.get().map(|after| {
                let fetch = fetch.clone();
                view! { <button type="button" on:click=move |_| fetch(Some(after.clone()))>{more.clone()}</button> }
            })}
        </section>
    }
}

fn row(state: &Pricing, entry: HistoryEntry) -> impl IntoView + use<> {
    let (locale, words, catalog) = (&state.locale, &state.words, &state.catalog);
    let (at, what, amount, marks) = match entry {
        HistoryEntry::Generation { at, model, resolution, seconds, credits, unlimited, held, refunded, .. } => {
            let name = catalog.model(&model).map_or(model, |m| m.name.clone());
            let what = match seconds {
                Some(seconds) => words.fill(
                    "account.video",
                    &[("model", &name), ("resolution", &resolution), ("seconds", &words.number(seconds.into()))],
                ),
                None => words.fill("account.image", &[("model", &name), ("resolution", &resolution)]),
            };
            let amount = match unlimited {
                true => words.text("account.unlimited_used"),
                false => words.count("account.spent", credits, &[]),
            };
            let marks = [(held, "account.under_way"), (refunded, "account.refunded")]
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, key)| words.text(key))
                .collect::<Vec<_>>();
            let marks = words.list(&marks);
            (at, what, amount, marks)
        }
        HistoryEntry::Grant { at, source, pack, credits, expires_at, .. } => {
            let what = match (source, pack.and_then(|id| catalog.credit_pack(&id).map(|p| p.name.clone()))) {
                (CreditSource::Pack, Some(pack)) => words.fill("account.granted_pack", &[("pack", &pack)]),
                (CreditSource::Pack, None) => words.text("account.granted_packs"),
                (CreditSource::Plan, _) => words.text("account.granted_plan"),
            };
            let until = words.fill("account.until", &[("date", &format::date(expires_at, locale))]);
            (at, what, words.count("account.granted", credits, &[]), until)
        }
    };
    view! {
        <li>
            <span class="pw-account-when">{format::date(at, locale)}</span>
            <span class="pw-account-what">{what}</span>
            <span class="pw-account-amount">{amount}</span>
            {(!marks.is_empty()).then(|| view! { <span class="pw-note">{marks}</span> })}
        </li>
    }
}
