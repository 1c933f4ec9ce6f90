//! The billing API's account calls (a customer token), beside the purchase calls in
//! `billing_api.rs`; only the account build links them.

use gloo_net::http::Request;
use pricing_core::api::account::{AccountView, CreditHistory};
use pricing_core::api::cancellation::{CancelRequest, CancellationOptions};
use pricing_core::api::receipts::ReceiptList;
use pricing_core::api::top_up::{AutoTopUp, AutoTopUpRequest};
use pricing_core::api::SubscriptionView;

use crate::billing_api::{BillingClient, BillingError};

/// The history's page size: a screenful.
pub const HISTORY_PAGE: u32 = 10;

impl BillingClient {
    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, BillingError> {
        self.send(self.authorized(Request::get(&self.url(path))), None).await
    }

    pub async fn account(&self) -> Result<AccountView, BillingError> {
        self.get("/customer/account").await
    }

    pub async fn credit_history(&self, after: Option<&str>) -> Result<CreditHistory, BillingError> {
        let cursor = after.map(|a| format!("&after={}", js_sys::encode_uri_component(a))).unwrap_or_default();
        self.get(&format!("/customer/credits/history?limit={HISTORY_PAGE}{cursor}")).await
    }

    pub async fn receipts(&self) -> Result<ReceiptList, BillingError> {
        self.get("/customer/receipts").await
    }

    pub async fn cancellation_options(&self) -> Result<CancellationOptions, BillingError> {
        self.get("/customer/subscription/cancellation").await
    }

    pub async fn cancel(&self, request: &CancelRequest, key: &str) -> Result<SubscriptionView, BillingError> {
        self.post("/customer/subscription/cancel", request, Some(key)).await
    }

    pub async fn resume(&self, key: &str) -> Result<SubscriptionView, BillingError> {
        self.post("/customer/subscription/resume", &serde_json::json!({}), Some(key)).await
    }

    pub async fn take_retention_offer(&self, key: &str) -> Result<SubscriptionView, BillingError> {
        self.post("/customer/subscription/retention-offer", &serde_json::json!({}), Some(key)).await
    }

    pub async fn take_back_change(&self, key: &str) -> Result<SubscriptionView, BillingError> {
        self.post("/customer/subscription/scheduled-change/cancel", &serde_json::json!({}), Some(key)).await
    }

    pub async fn save_auto_top_up(&self, request: &AutoTopUpRequest) -> Result<AutoTopUp, BillingError> {
        let body = crate::page::json::to_string(request)
            .ok_or_else(|| BillingError::new("error.prepare", "the request could not be prepared"))?;
        self.send(self.authorized(Request::put(&self.url("/customer/auto-top-up"))), Some(body)).await
    }
}

impl BillingError {
    /// The customer token was refused: expired or revoked.
    pub fn signed_out(&self) -> bool {
        self.reason == "error.unauthorized"
    }
}
