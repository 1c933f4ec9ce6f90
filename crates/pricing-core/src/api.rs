//! Request and response bodies of the billing API, shared by the reference server and the
//! widget's client. With the `openapi` feature they also describe themselves (utoipa), and the
//! billing API generates its contract `crates/billing-api/openapi.json` from them.

pub mod account;
pub mod cancellation;
pub mod holds;
pub mod receipts;
pub mod studio;
pub mod top_up;
pub mod webhooks;
pub mod whole;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::credits::CreditSource;
use crate::interval::Interval;
use crate::money::{Currency, Money};
use crate::plan_change::{Timing, UnlimitedAfter};

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
    /// A catalog that does not validate (`catalog_invalid`): each problem at its JSON path.
    /// Written for people and scripts; the studio reads the same list from `/v1/studio/check`,
    /// so no client decodes it (the widget's wasm carries no code for it).
    #[serde(default, skip_serializing_if = "Vec::is_empty", skip_deserializing)]
    pub problems: Vec<studio::ProblemView>,
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
    /// The customer's plan does not include the model; the message names the smallest plan
    /// that does.
    ModelNotIncluded,
    Unavailable,
    MethodNotAllowed,
    SessionNotOpen,
    RateLimited,
    /// The caller is known but may not do this (a customer token on an editor's call).
    Forbidden,
    /// A catalog that breaks a rule; `problems` lists each at its path.
    CatalogInvalid,
    /// The catalog in force moved on since the editor's version was written: read the
    /// difference and publish again.
    CatalogConflict,
    /// The API failed on its side; the same request may succeed later.
    Internal,
}

/// The query parameter with which a checkout returns to the page: the session it paid.
pub const CHECKOUT_SESSION_PARAM: &str = "checkout_session";

/// The longest return URL a checkout takes, in bytes.
pub const MAX_RETURN_URL_BYTES: usize = 2048;

/// The origin (`scheme://host[:port]`) of an http(s) URL, or `None` for anything else (other
/// schemes, user info that could disguise the host, no host).
fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host_end = after_scheme.find(['/', '?', '#', '\\']).unwrap_or(after_scheme.len());
    let host = &after_scheme[..host_end];
    (!host.is_empty() && !host.contains('@')).then(|| &url[..url.len() - after_scheme.len() + host_end])
}

/// Whether a checkout may send the visitor back to `url`: a page on one of the shop's own
/// `allowed` origins (compared without regard to case), at most [`MAX_RETURN_URL_BYTES`] of
/// printable ASCII, as URLs are written. A return URL elsewhere would make the checkout page a
/// step in a phishing path.
pub fn return_url_allowed(url: &str, allowed: &[String]) -> bool {
    url.len() <= MAX_RETURN_URL_BYTES
        && url.bytes().all(|b| b.is_ascii_graphic())
        && origin(url).is_some_and(|origin| allowed.iter().any(|a| a.eq_ignore_ascii_case(origin)))
}

/// The longest `Idempotency-Key` the API keeps, in bytes.
pub const IDEMPOTENCY_KEY_MAX_BYTES: usize = 255;

/// An `Idempotency-Key` as the API takes it, for the contract: 1 to 255 characters of printable
/// ASCII, spaces and tabs inside only (HTTP drops whitespace around a header's value).
pub fn idempotency_key_pattern() -> String {
    format!(r"^[!-~]([\t -~]{{0,{}}}[!-~])?$", IDEMPOTENCY_KEY_MAX_BYTES - 2)
}

/// The key an `Idempotency-Key` header's value holds, without the whitespace around it, when it
/// is a key the API takes (see [`idempotency_key_pattern`]).
pub fn idempotency_key(value: &str) -> Option<&str> {
    let key = value.trim_matches([' ', '\t']);
    let printable = key.bytes().all(|b| b.is_ascii_graphic() || b == b' ' || b == b'\t');
    (!key.is_empty() && key.len() <= IDEMPOTENCY_KEY_MAX_BYTES && printable).then_some(key)
}

/// The longest id the API writes (of a checkout session, quote or generation), in bytes.
pub const MAX_ID_BYTES: usize = 64;

/// Ids as the API writes them (`cs_…`, `qt_…`, `gen_…`), for the contract: letters, digits, `_`.
pub fn id_pattern() -> String {
    format!("^[A-Za-z0-9_]{{1,{MAX_ID_BYTES}}}$")
}

/// Whether `text` has the form of an id the API writes ([`id_pattern`]). A text that has not
/// cannot name anything the API keeps, and never reaches a database (PostgreSQL refuses a NUL
/// byte in text where SQLite stores it: both answer the same "no such" instead).
pub fn is_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= MAX_ID_BYTES && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The longest customer id, in bytes.
pub const MAX_CUSTOMER_ID_BYTES: usize = 128;

/// Customer ids, which the host page's own sign-in names (`cus_8d1e`, a UUID, `auth0|5f7c…`),
/// for the contract: printable ASCII without spaces or dots (the customer token's separator).
pub fn customer_id_pattern() -> String {
    format!(r"^[!-\-/-~]{{1,{MAX_CUSTOMER_ID_BYTES}}}$")
}

/// Whether `text` can be a customer id ([`customer_id_pattern`]); any other text names no
/// customer, on every store.
pub fn is_customer_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= MAX_CUSTOMER_ID_BYTES && text.bytes().all(|b| b.is_ascii_graphic() && b != b'.')
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_must_be_on_an_allowed_origin() {
        let allowed = ["https://shop.example".to_string(), "http://127.0.0.1:8080".to_string()];
        for url in ["https://shop.example", "https://SHOP.example/pricing?x=1", "http://127.0.0.1:8080/?done#top"] {
            assert!(return_url_allowed(url, &allowed), "{url}");
        }
        let long = format!("https://shop.example/{}", "a".repeat(MAX_RETURN_URL_BYTES));
        let refused = [
            "https://evil.example/steal",
            "https://shop.example.evil.example/",
            "https://shop.example@evil.example/",
            "http://shop.example/",
            "https://shop.example:8443/",
            "javascript:alert(1)",
            "//shop.example/",
            "https:///",
            "https://evil.example\\@shop.example/",
            "https://shop.example/\0",
            "https://shop.example/a b",
            "https://shop.example/caf\u{e9}",
            &long,
        ];
        for url in refused {
            assert!(!return_url_allowed(url, &allowed), "{url:?}");
        }
    }

    #[test]
    fn idempotency_keys_are_printable_and_bounded() {
        assert_eq!(idempotency_key("  checkout-7f3a\t"), Some("checkout-7f3a"));
        assert_eq!(idempotency_key("a b"), Some("a b"));
        let longest = "k".repeat(IDEMPOTENCY_KEY_MAX_BYTES);
        assert_eq!(idempotency_key(&longest), Some(longest.as_str()));
        for refused in ["", "   ", &"k".repeat(IDEMPOTENCY_KEY_MAX_BYTES + 1), "a\0b", "caf\u{e9}", "a\nb"] {
            assert_eq!(idempotency_key(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn ids_are_letters_digits_and_underscores() {
        for id in ["cs_5f2a9c", "cs_0123456789abcdef0123456789abcdef", &"x".repeat(MAX_ID_BYTES)] {
            assert!(is_id(id), "{id}");
        }
        for text in ["", "cs 1", "cs\u{0}1", "cs-1", "c\u{fc}s", "../etc", &"x".repeat(MAX_ID_BYTES + 1)] {
            assert!(!is_id(text), "{text:?}");
        }
        assert_eq!(id_pattern(), "^[A-Za-z0-9_]{1,64}$");
    }

    #[test]
    fn customer_ids_are_what_a_sign_in_names_them_but_never_break_a_store_or_a_token() {
        let uuid = "550e8400-e29b-41d4-a716-446655440000";
        for id in ["cus_5f2a9c", uuid, "auth0|5f7c8ec7c33c6c004bbafe82", "user:42", &"x".repeat(MAX_CUSTOMER_ID_BYTES)]
        {
            assert!(is_customer_id(id), "{id}");
        }
        let refused = ["", "cus 1", "cus\u{0}1", "a.b", "c\u{fc}s", "cus\t1", &"x".repeat(MAX_CUSTOMER_ID_BYTES + 1)];
        for text in refused {
            assert!(!is_customer_id(text), "{text:?}");
        }
        assert_eq!(customer_id_pattern(), r"^[!-\-/-~]{1,128}$");
        assert_eq!(idempotency_key_pattern(), r"^[!-~]([\t -~]{0,253}[!-~])?$");
    }
}
