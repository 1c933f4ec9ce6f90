//! The signed-in customer's account: a build of its own (`--features account`), loaded by the
//! entry script only for an element with a `customer-token`, so the public widget's wasm
//! carries none of it and nothing of it is pre-rendered (it is private). It mounts beside the
//! widget in the element's shadow root: the whole account (`sections="account"`) or a summary
//! above the cards. It reuses the widget's words, formatting, API client and purchase flow.

mod account_view;
mod actions;
mod auto_top_up;
mod cancel_dialog;
mod client;
mod credit_history;
mod credits;
mod events;
mod low_balance;
mod payments;
mod plan_summary;
mod unlimited;

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use futures::future::{AbortHandle, Abortable};
use leptos::mount::mount_to;
use leptos::prelude::*;
use pricing_core::i18n::{negotiate, Translation};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::billing_api::BillingClient;
use crate::host::attributes;
use crate::page::console::warn;
use crate::page::json;
use crate::words::{self, Words};
use account_view::{AccountRoot, Layout};

/// The account view's messages in the catalog's language; other languages arrive as data.
const SOURCE_JSON: &str = include_str!("../../catalog/translations/account/en.json");

/// The account view of one element, owned by it: `free()` unmounts it and stops its requests.
#[wasm_bindgen]
pub struct AccountInstance {
    /// The mounted view's handle, once the catalog is in: dropping it unmounts the view.
    mounted: Rc<RefCell<Option<Box<dyn Any>>>>,
    loading: AbortHandle,
}

#[wasm_bindgen]
impl AccountInstance {
    /// Renders the account of `host`'s customer into `container`: the whole of it (`full`) or
    /// the summary above the cards, in the language of the translations the entry fetched.
    #[wasm_bindgen(constructor)]
    pub fn new(
        container: HtmlElement,
        host: HtmlElement,
        widget_words: Option<String>,
        account_words: Option<String>,
        full: bool,
    ) -> AccountInstance {
        console_error_panic_hook::set_once();
        let mounted = Rc::new(RefCell::new(None));
        let (loading, registration) = AbortHandle::new_pair();
        let options = attributes::options(&host, widget_words);
        let (Some(api), Some(token)) = (options.api.clone(), options.customer_token.clone()) else {
            warn("the account needs an api and a customer-token");
            return AccountInstance { mounted, loading };
        };
        let client = BillingClient::new(&api, Some(&token));
        let slot = mounted.clone();
        let layout = if full { Layout::Full } else { Layout::Summary };
        wasm_bindgen_futures::spawn_local(async move {
            let catalog = Abortable::new(client.catalog_json(), registration).await;
            let Ok(answer) = catalog else { return };
            // The catalog the API charges by; the build's own when it cannot be had.
            let catalog = answer
                .ok()
                .and_then(|text| json::catalog(&text).ok())
                .or_else(|| json::catalog(pricing_core::DEFAULT_CATALOG_JSON).ok());
            let Some(catalog) = catalog else { return warn("no catalog reads: the account is not shown") };
            let language = negotiate(options.languages.iter().map(String::as_str), &catalog.languages);
            let read = |text: Option<String>| {
                text.and_then(|t| words::parse(&t).ok()).filter(|t: &Translation| t.language == language)
            };
            let (translation, account_translation) = (read(options.translation_json), read(account_words));
            let locale = match options.locale.is_empty() {
                true => words::own_locale(translation.as_ref()),
                false => options.locale.clone(),
            };
            let source = words::parse(SOURCE_JSON).expect("the account's messages are checked by catalog-check");
            let words = Words::new(translation.as_ref(), &locale).with_more(&source, account_translation.as_ref());
            let catalog = Arc::new(match &translation {
                Some(t) => catalog.localized(t),
                None => catalog,
            });
            let words = Arc::new(words);
            let handle = mount_to(container, move || {
                view! { <AccountRoot catalog words client host fallback=options.fallback_url layout/> }
            });
            *slot.borrow_mut() = Some(Box::new(handle));
        });
        AccountInstance { mounted, loading }
    }
}

impl Drop for AccountInstance {
    fn drop(&mut self) {
        self.loading.abort();
        self.mounted.borrow_mut().take();
    }
}
