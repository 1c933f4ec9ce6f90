//! The billing API client, written against `crates/billing-api/openapi.json`. Requests time
//! out, and every failure becomes a sentence a visitor can act on.

use std::sync::Arc;

use gloo_net::http::{Request, RequestBuilder};
use pricing_core::api::{
    ApplyQuote, ChangeApplied, ChangeRequest, CheckoutRequest, CheckoutSession, ErrorBody, ErrorCode, Quote,
    SubscriptionView,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::page::json;

/// Long enough for a slow network, short enough that a visitor is not left waiting.
const TIMEOUT_MS: u32 = 8_000;

#[derive(Clone, Debug, PartialEq)]
pub struct BillingError {
    /// What went wrong, in English, for the console and the page's events.
    pub message: String,
    /// The same for the visitor: a message key (`error.timeout`), in their language.
    pub reason: &'static str,
}

impl BillingError {
    pub(crate) fn new(reason: &'static str, message: impl Into<String>) -> BillingError {
        BillingError { message: message.into(), reason }
    }

    /// The API's refusal: its code says what the visitor can do about it.
    fn refused(status: u16, code: ErrorCode, message: String) -> BillingError {
        let reason = match code {
            ErrorCode::Unauthorized => "error.unauthorized",
            ErrorCode::ChangeNotPossible => "error.change_not_possible",
            ErrorCode::AlreadySubscribed => "error.already_subscribed",
            ErrorCode::QuoteUnusable => "error.quote_unusable",
            ErrorCode::Unavailable => "error.unavailable",
            ErrorCode::RateLimited => "error.rate_limited",
            _ if status >= 500 => "error.failed",
            _ => "error.refused",
        };
        BillingError { message, reason }
    }
}

/// Where the billing API is, and the customer the host page vouches for (if any).
#[derive(Clone, Debug)]
pub struct BillingClient {
    base: Arc<str>,
    token: Option<Arc<str>>,
}

/// A fresh key for one purchase intent (a random UUID); retries of that intent reuse it.
/// `getRandomValues`, unlike `randomUUID`, also exists on pages served without HTTPS.
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut key = String::with_capacity(36);
    for (i, byte) in bytes.into_iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            key.push('-');
        }
        key.push(HEX[usize::from(byte >> 4)].into());
        key.push(HEX[usize::from(byte & 0x0f)].into());
    }
    key
}

impl BillingClient {
    pub fn new(base: &str, token: Option<&str>) -> BillingClient {
        BillingClient {
            base: base.trim_end_matches('/').into(),
            token: token.filter(|t| !t.is_empty()).map(Into::into),
        }
    }

    pub fn has_customer(&self) -> bool {
        self.token.is_some()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) fn authorized(&self, builder: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    /// Sends a request and reads its whole answer within the timeout: (status, body).
    async fn exchange(&self, builder: RequestBuilder, body: Option<String>) -> Result<(u16, String), BillingError> {
        let controller = web_sys::AbortController::new()
            .map_err(|_| BillingError::new("error.prepare", "this browser cannot make the request"))?;
        let abort = controller.clone();
        let _timer = gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || abort.abort());
        let _stop_when_dropped = AbortOnDrop(controller.clone());
        let builder = builder.abort_signal(Some(&controller.signal()));
        let request = match body {
            Some(body) => builder.header("Content-Type", "application/json").body(body),
            None => builder.build(),
        }
        .map_err(|_| BillingError::new("error.prepare", "the request could not be prepared"))?;
        let timed_out = || controller.signal().aborted();
        let response = request.send().await.map_err(|_| match timed_out() {
            true => BillingError::new("error.timeout", "the billing service took too long to answer"),
            false => BillingError::new("error.unreachable", "the billing service cannot be reached"),
        })?;
        let status = response.status();
        let text = response.text().await.map_err(|_| match timed_out() {
            true => BillingError::new("error.timeout", "the billing service took too long to answer"),
            false => BillingError::new("error.unreadable", "the answer could not be read"),
        })?;
        Ok((status, text))
    }

    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: Option<String>,
    ) -> Result<T, BillingError> {
        let (status, text) = self.exchange(builder, body).await?;
        read(status, &text)
    }

    pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        key: Option<&str>,
    ) -> Result<T, BillingError> {
        let mut builder = self.authorized(Request::post(&self.url(path)));
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key);
        }
        let body = json::to_string(body)
            .ok_or_else(|| BillingError::new("error.prepare", "the request could not be prepared"))?;
        self.send(builder, Some(body)).await
    }

    pub async fn catalog_json(&self) -> Result<String, BillingError> {
        match self.exchange(Request::get(&self.url("/catalog")), None).await? {
            (200, text) => Ok(text),
            (status, _) => Err(BillingError::new("error.failed", format!("the catalog answered {status}"))),
        }
    }

    pub async fn checkout(&self, request: &CheckoutRequest, key: &str) -> Result<CheckoutSession, BillingError> {
        self.post("/checkout/sessions", request, Some(key)).await
    }

    pub async fn checkout_session(&self, id: &str) -> Result<CheckoutSession, BillingError> {
        self.send(Request::get(&self.url(&format!("/checkout/sessions/{id}"))), None).await
    }

    pub async fn subscription(&self) -> Result<SubscriptionView, BillingError> {
        self.send(self.authorized(Request::get(&self.url("/customer/subscription"))), None).await
    }

    pub async fn preview(&self, change: &ChangeRequest) -> Result<Quote, BillingError> {
        self.post("/customer/subscription/preview", change, None).await
    }

    pub async fn apply(&self, quote_id: &str, key: &str) -> Result<ChangeApplied, BillingError> {
        self.post("/customer/subscription/change", &ApplyQuote { quote_id: quote_id.to_string() }, Some(key)).await
    }
}

fn read<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, BillingError> {
    if (200..300).contains(&status) {
        return json::from_str(text).map_err(|_| {
            BillingError::new("error.not_understood", "the billing service gave an answer we do not understand")
        });
    }
    Err(match json::from_str::<ErrorBody>(text) {
        Ok(body) => BillingError::refused(status, body.error.code, body.error.message),
        Err(_) => BillingError::new("error.failed", format!("the billing service failed ({status})")),
    })
}

/// Aborts a request whose future is dropped (its widget removed, its task cancelled): the
/// browser closes the connection instead of reading an answer nobody will apply.
struct AbortOnDrop(web_sys::AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
