//! Request and response bodies of the billing API, shared by the reference server and the
//! widget's client. `crates/billing-api/openapi.json` documents the same shapes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::credits::CreditSource;
use crate::money::{Currency, Money};
use crate::plan_change::{Timing, UnlimitedAfter};
use crate::Interval;

/// What a checkout buys. The client names ids; the server prices them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CheckoutRequest {
    Subscription { plan: String, interval: Interval, currency: Currency, success_url: String, cancel_url: String },
    CreditPack { pack: String, currency: Currency, success_url: String, cancel_url: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Paid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutSession {
    pub id: String,
    /// Where to send the visitor to pay.
    pub url: String,
    pub status: SessionStatus,
    pub amount: Money,
    pub description: String,
}

/// A customer's plan as the billing side sees it. Customers without a paid plan are on the
/// free plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub customer_id: String,
    pub plan: String,
    pub interval: Option<Interval>,
    pub currency: Option<Currency>,
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub period_end: Option<DateTime<Utc>>,
    /// The sum of `balances`.
    pub credits_left: u64,
    /// Credits that can be spent now, by source, in the order they are spent.
    #[serde(default)]
    pub balances: Vec<Balance>,
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub unlimited_until: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub scheduled_change: Option<ScheduledChange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledChange {
    pub plan: String,
    pub interval: Interval,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRequest {
    pub plan: String,
    pub interval: Interval,
}

/// A priced plan change. Applying it by id charges exactly `amount_due_now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    pub plan: String,
    pub interval: Interval,
    pub timing: Timing,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub effective_at: DateTime<Utc>,
    pub amount_due_now: Money,
    pub credits_added_now: u64,
    pub new_price: Money,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub period_end_after: DateTime<Utc>,
    pub unlimited: UnlimitedAfter,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplyQuote {
    pub quote_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeApplied {
    pub charged: Money,
    pub subscription: SubscriptionView,
}

/// Every error answer: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

/// Credits of one grant that can be spent now, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub source: CreditSource,
    pub credits: u64,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub expires_at: DateTime<Utc>,
}

/// A generation to pay for, reported by the generation service (never by browsers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageRequest {
    pub customer_id: String,
    pub model: String,
    pub resolution: String,
    /// A video's length; none for images.
    #[serde(default)]
    pub seconds: Option<u32>,
}

/// How a generation was paid: by Unlimited (standard queue, 0 credits) or with credits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRecorded {
    pub id: String,
    pub queue: crate::Queue,
    pub credits: u64,
    pub credits_left: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageRefunded {
    pub id: String,
    pub credits: u64,
    pub credits_left: u64,
}
