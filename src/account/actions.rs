//! Account actions (cancel, resume, take the offer, take back a change, save the auto top-up):
//! one at a time, so a double click does one thing; each under an idempotency key kept until it
//! succeeds, so a retry after a failure cannot do it twice; a failure named in the customer's
//! words; the host told of each outcome, and of a token the API no longer takes.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::HtmlElement;

use super::events::{dispatch, ACCOUNT_ACTION, ACCOUNT_ACTION_FAILED, TOKEN_EXPIRED};
use crate::billing_api::{idempotency_key, BillingClient, BillingError};
use crate::state::Pricing;

#[derive(Clone, Copy)]
pub struct Actions {
    /// The action under way; the others' buttons wait for it.
    pub busy: RwSignal<Option<&'static str>>,
    /// The last action that failed, and why, in the customer's words.
    pub failed: RwSignal<Option<(&'static str, String)>>,
    /// Each unfinished action's idempotency key: a retry sends the same one.
    keys: StoredValue<Vec<(&'static str, String)>>,
    host: StoredValue<SendWrapper<HtmlElement>>,
    told_expired: StoredValue<bool>,
}

impl Actions {
    pub fn new(host: HtmlElement) -> Actions {
        Actions {
            busy: RwSignal::new(None),
            failed: RwSignal::new(None),
            keys: StoredValue::new(Vec::new()),
            host: StoredValue::new(SendWrapper::new(host)),
            told_expired: StoredValue::new(false),
        }
    }

    /// The customer token was refused: the host is told once (the entry script then shows the
    /// public view until the host sets a fresh token).
    pub fn token_expired(self) {
        if !self.told_expired.get_value() {
            self.told_expired.set_value(true);
            self.host.with_value(|host| dispatch(host, TOKEN_EXPIRED, &[]));
        }
    }

    /// Runs the action `name` (`call`, given the API and its key) unless one is under way, then
    /// `done` with its answer.
    pub fn run<T, Call, Answer>(self, state: &Pricing, name: &'static str, call: Call, done: impl FnOnce(T) + 'static)
    where
        Call: FnOnce(BillingClient, String) -> Answer + 'static,
        Answer: Future<Output = Result<T, BillingError>> + 'static,
    {
        let Some(client) = state.billing.clone() else { return };
        if self.busy.get_untracked().is_some() {
            return;
        }
        self.busy.set(Some(name));
        self.failed.set(None);
        let key = self.keys.with_value(|keys| keys.iter().find(|(n, _)| *n == name).map(|(_, k)| k.clone()));
        let key = key.unwrap_or_else(|| {
            let key = idempotency_key();
            self.keys.update_value(|keys| keys.push((name, key.clone())));
            key
        });
        let words = state.words.clone();
        state.spawn(async move {
            let answer = call(client, key).await;
            self.busy.set(None);
            match answer {
                Ok(value) => {
                    self.keys.update_value(|keys| keys.retain(|(n, _)| *n != name));
                    self.host.with_value(|host| dispatch(host, ACCOUNT_ACTION, &[("action", name)]));
                    done(value);
                }
                Err(error) if error.signed_out() => self.token_expired(),
                Err(error) => {
                    self.failed.set(Some((name, words.text(error.reason))));
                    let detail = [("action", name), ("message", error.message.as_str())];
                    self.host.with_value(|host| dispatch(host, ACCOUNT_ACTION_FAILED, &detail));
                }
            }
        });
    }

    /// What failed of `name`, if it was the last to fail.
    pub fn failure(self, name: &'static str) -> Option<String> {
        self.failed.with(|failed| failed.as_ref().filter(|(n, _)| *n == name).map(|(_, why)| why.clone()))
    }
}
