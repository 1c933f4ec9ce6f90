use leptos::prelude::*;
use pricing_core::api::receipts::Receipt;

use super::account_view::Account;
use crate::state::use_pricing;
use crate::words::format;

/// Every payment with its receipt: the date, what was bought, the total, and the printable
/// receipt (a signed link valid for an hour; the list is read again with the account).
#[component]
pub fn Payments(account: Account) -> impl IntoView {
    let state = use_pricing();
    let title_id = state.id("account-payments-title");
    let labelled_by = title_id.clone();
    let receipts = RwSignal::new(None::<Vec<Receipt>>);
    let failed = RwSignal::new(None::<String>);
    let load_state = state.clone();
    Effect::new(move |_| {
        let asked = account.version.get();
        let (Some(client), words) = (load_state.billing.clone(), load_state.words.clone()) else { return };
        load_state.spawn(async move {
            let answer = client.receipts().await;
            // An answer overtaken by a newer read is dropped.
            if account.version.get_untracked() != asked {
                return;
            }
            match answer {
                Ok(list) => {
                    receipts.set(Some(list.receipts));
                    failed.set(None);
                }
                Err(error) => failed.set(Some(words.text(error.reason))),
            }
        });
    });
    let words = state.words.clone();
    let rows = move || {
        let list = receipts.get()?;
        let (locale, words) = (state.locale.clone(), state.words.clone());
        if list.is_empty() {
            return Some(view! { <p>{words.text("account.payments_empty")}</p> }.into_any());
        }
        let rows = list
            .into_iter()
            .map(|receipt| {
                let what = words.list(&receipt.items.iter().map(|i| i.description.clone()).collect::<Vec<_>>());
                let link = words.fill("account.receipt", &[("number", &receipt.number.to_string())]);
                view! {
                    <tr>
                        <td>{format::date(receipt.issued_at, &locale)}</td>
                        <td>{what}</td>
                        <td class="pw-num">{format::money(receipt.total, &locale)}</td>
                        <td><a href=receipt.html_url target="_blank" rel="noopener">{link}</a></td>
                    </tr>
                }
            })
            .collect_view();
        let head = ["account.paid_on", "account.paid_for", "account.paid_total", "account.paid_receipt"]
            .map(|key| view! { <th scope="col">{words.text(key)}</th> });
        Some(view! { <table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table> }.into_any())
    };
    view! {
        <section class="pw-account-payments" aria-labelledby=labelled_by>
            <h3 id=title_id>{words.text("account.payments_title")}</h3>
            {rows}
            {move || failed.get().map(|why| view! { <p class="pw-account-failed" role="alert">{why}</p> })}
        </section>
    }
}
