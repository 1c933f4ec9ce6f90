//! The account's root: it sets up the state the parts read (`Pricing`, the account as the API
//! last told it, the actions under way), loads the account and reloads it after every change,
//! and lays the parts out: all of them, or the summary above the pricing cards.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;
use pricing_core::api::account::AccountView;
use pricing_core::Catalog;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::actions::Actions;
use super::auto_top_up::AutoTopUpSettings;
use super::cancel_dialog::CancelDialog;
use super::credit_history::CreditHistoryList;
use super::credits::CreditsLeft;
use super::events::{dispatch, PLAN_CHANGED, SUBSCRIPTION_CHANGED};
use super::low_balance::LowBalanceNotice;
use super::payments::Payments;
use super::plan_summary::PlanSummary;
use super::unlimited::UnlimitedModels;
use crate::billing_api::BillingClient;
use crate::purchase::buying::Buying;
use crate::purchase::change_dialog::ChangeDialog;
use crate::purchase::status_bar::PurchaseStatusBar;
use crate::state::{Controls, Pricing, VisitorChoices};
use crate::words::Words;

#[derive(Clone, Copy, PartialEq)]
pub enum Layout {
    /// Every part: the `account` section.
    Full,
    /// Plan, credits and a low balance, above the pricing cards.
    Summary,
}

/// The account as the API last told it, and what its parts ask of it.
#[derive(Clone, Copy)]
pub struct Account {
    pub view: RwSignal<Option<AccountView>>,
    /// Why it could not be read, in the customer's words.
    pub problem: RwSignal<Option<String>>,
    /// Bumped to read it again (after a change, or a retry); the history and payments follow.
    pub version: RwSignal<u32>,
    /// The cancellation dialog is open.
    pub cancelling: RwSignal<bool>,
}

impl Account {
    pub fn reload(self) {
        self.version.update(|v| *v += 1);
    }
}

#[component]
pub fn AccountRoot(
    catalog: Arc<Catalog>,
    words: Arc<Words>,
    client: BillingClient,
    host: HtmlElement,
    fallback: Option<String>,
    layout: Layout,
) -> impl IntoView {
    let now = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let controls = Controls::default();
    let state = Pricing::new(catalog.clone(), words.clone(), now, Some(client.clone()), &controls, fallback);
    let choices = VisitorChoices::new(&catalog, &controls);
    let shown = choices.shown;
    let account = Account {
        view: RwSignal::new(None),
        problem: RwSignal::new(None),
        version: RwSignal::new(0),
        cancelling: RwSignal::new(false),
    };
    let actions = Actions::new(host.clone());
    let buying = Buying::new();
    provide_context(state.clone());
    load(&state, &client, account, actions, buying, &choices);
    let root = state.root;
    follow_plan_changes(&host, root, account);
    let title_id = state.id("account-title");
    let labelled_by = title_id.clone();
    let language = words.language.to_string();
    let retry = words.text("status.retry");
    let problem = move || {
        account.problem.get().map(|message| {
            view! {
                <p class="pw-account-problem" role="alert">
                    {message}" "
                    <button type="button" on:click=move |_| account.reload()>{retry.clone()}</button>
                </p>
            }
        })
    };
    let full = layout == Layout::Full;
    let direction = crate::words::direction(&language);
    view! {
        <div class="pw-root pw-account" class:pw-account-summary=!full lang=language dir=direction node_ref=root role="region" aria-labelledby=labelled_by>
            <PlanSummary account actions title_id full/>
            {problem}
            <LowBalanceNotice account shown buying/>
            <CreditsLeft account full/>
            {full.then(|| view! {
                <UnlimitedModels account/>
                <CreditHistoryList account/>
                <Payments account/>
                <AutoTopUpSettings account actions/>
                <CancelDialog account actions/>
            })}
            <PurchaseStatusBar buying/>
            <ChangeDialog buying/>
        </div>
    }
}

/// Reads the account whenever `account.version` moves; the request stops when the view goes,
/// and an answer overtaken by a newer read is dropped. Prices and purchases are in the
/// customer's own interval and currency (what the low-balance suggestion was priced in).
fn load(
    state: &Pricing,
    client: &BillingClient,
    account: Account,
    actions: Actions,
    buying: Buying,
    choices: &VisitorChoices,
) {
    let (state, client) = (state.clone(), client.clone());
    let (interval, currency) = (choices.interval, choices.currency_asked);
    Effect::new(move |_| {
        let asked = account.version.get();
        let (client, words) = (client.clone(), state.words.clone());
        state.spawn(async move {
            let answer = client.account().await;
            if account.version.get_untracked() != asked {
                return;
            }
            match answer {
                Ok(view) => {
                    interval.set(view.subscription.interval.unwrap_or(pricing_core::Interval::Monthly));
                    currency.set(view.subscription.currency);
                    buying.signed_in(view.subscription.clone());
                    account.problem.set(None);
                    account.view.set(Some(view));
                }
                Err(error) if error.signed_out() => actions.token_expired(),
                Err(error) => {
                    account.problem.set(Some(words.fill("account.unavailable", &[("why", &words.text(error.reason))])))
                }
            }
        });
    });
}

/// A plan change, made on the pricing cards or here (the low-balance notice's plan), reads the
/// account again; one made here also tells the cards, which read the plan again.
fn follow_plan_changes(host: &HtmlElement, root: NodeRef<Div>, account: Account) {
    let reload = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        account.reload();
        let origin = event.composed_path().get(0).dyn_into::<web_sys::Node>().ok();
        if let Some(root) = root.get_untracked().filter(|root| root.contains(origin.as_ref())) {
            dispatch(&root, SUBSCRIPTION_CHANGED, &[("action", "plan_change")]);
        }
    });
    if host.add_event_listener_with_callback(PLAN_CHANGED, reload.as_ref().unchecked_ref()).is_err() {
        return;
    }
    let listening = SendWrapper::new((host.clone(), reload));
    on_cleanup(move || {
        let (host, reload) = listening.take();
        let _ = host.remove_event_listener_with_callback(PLAN_CHANGED, reload.as_ref().unchecked_ref());
    });
}
