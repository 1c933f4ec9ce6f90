//! Request and response bodies of the billing API, shared by the reference server and the
//! widget's client. With the `openapi` feature they also describe themselves (utoipa), and the
//! billing API generates its contract `crates/billing-api/openapi.json` from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::credits::CreditSource;
use crate::money::{Currency, Money};
use crate::plan_change::{Timing, UnlimitedAfter};
use crate::Interval;

/// What a checkout buys. The client names ids; the server prices them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"kind": "subscription", "plan": "pro", "interval": "annual", "currency": "USD", "success_url": "http://127.0.0.1:8080/?done", "cancel_url": "http://127.0.0.1:8080/"})))]
pub enum CheckoutRequest {
    Subscription { plan: String, interval: Interval, currency: Currency, success_url: String, cancel_url: String },
    CreditPack { pack: String, currency: Currency, success_url: String, cancel_url: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SessionStatus {
    Open,
    Paid,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "cs_5f2a9c", "url": "http://127.0.0.1:8787/checkout/cs_5f2a9c", "status": "open", "amount": {"minor": 28800, "currency": "USD"}, "description": "Pro plan, billed annual", "tax": {"included": false, "name": "applicable tax"}})))]
pub struct CheckoutSession {
    pub id: String,
    /// Where to send the visitor to pay.
    pub url: String,
    pub status: SessionStatus,
    pub amount: Money,
    pub description: String,
    /// Whether `amount` includes tax, as the catalog says for its currency.
    #[serde(default)]
    pub tax: Option<crate::TaxRule>,
}

/// A customer's plan as the billing side sees it. Customers without a paid plan are on the
/// free plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"customer_id": "cus_8d1e", "plan": "pro", "interval": "monthly", "currency": "USD", "period_end": "2027-03-01T09:00:00Z", "credits_left": 3000, "balances": [{"source": "plan", "credits": 2500, "expires_at": "2027-03-01T09:00:00Z"}, {"source": "pack", "credits": 500, "expires_at": "2028-01-31T09:00:00Z"}], "unlimited_until": null, "cancel_at_period_end": false, "scheduled_change": null})))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduledChange {
    pub plan: String,
    pub interval: Interval,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"plan": "ultimate", "interval": "monthly"})))]
pub struct ChangeRequest {
    pub plan: String,
    pub interval: Interval,
}

/// A priced plan change. Applying it by id charges exactly `amount_due_now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "qt_93b0", "plan": "ultimate", "interval": "monthly", "timing": "now", "effective_at": "2027-02-10T09:00:00Z", "amount_due_now": {"minor": 1800, "currency": "USD"}, "credits_added_now": 3500, "new_price": {"minor": 6000, "currency": "USD"}, "period_end_after": "2027-03-01T09:00:00Z", "unlimited": {"status": "not_held"}, "expires_at": "2027-02-10T09:10:00Z", "tax": {"included": false, "name": "applicable tax"}})))]
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
    /// Whether the amounts include tax, as the catalog says for their currency.
    #[serde(default)]
    pub tax: Option<crate::TaxRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"quote_id": "qt_93b0"})))]
pub struct ApplyQuote {
    pub quote_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeApplied {
    pub charged: Money,
    pub subscription: SubscriptionView,
}

/// Every error answer: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"error": {"code": "not_found", "message": "no such quote"}})))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
}

/// What went wrong, for a program: the API answers it, the widget reads it (and says it in the
/// visitor's words). The message beside it is for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    IdempotencyKeyMissing,
    IdempotencyKeyReused,
    InvalidRequest,
    PayloadTooLarge,
    Unauthorized,
    NotFound,
    /// The plan change cannot be made (no change, not subscribed, outside the period).
    ChangeNotPossible,
    /// A plan, pack, model or currency the catalog does not have.
    UnknownItem,
    /// A paid plan exists: change it rather than buying another.
    AlreadySubscribed,
    QuoteUnusable,
    ReturnUrlNotAllowed,
    InsufficientCredits,
    Unavailable,
    MethodNotAllowed,
    SessionNotOpen,
    RateLimited,
    /// The API failed on its side; the same request may succeed later.
    Internal,
}

/// The query parameter with which a checkout returns to the page: the session it paid.
pub const CHECKOUT_SESSION_PARAM: &str = "checkout_session";

/// Credits of one grant that can be spent now, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    pub source: CreditSource,
    pub credits: u64,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub expires_at: DateTime<Utc>,
}

/// A generation to pay for, reported by the generation service (never by browsers).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"customer_id": "cus_8d1e", "model": "nano-banana", "resolution": "1K"})))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "use_41c7", "queue": "priority", "credits": 10, "credits_left": 2990})))]
pub struct UsageRecorded {
    pub id: String,
    pub queue: crate::Queue,
    pub credits: u64,
    pub credits_left: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "use_41c7", "credits": 10, "credits_left": 3000})))]
pub struct UsageRefunded {
    pub id: String,
    pub credits: u64,
    pub credits_left: u64,
}
