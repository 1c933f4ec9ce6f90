//! Cancelling with a reason, and the retention offer a customer may take instead.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::retention::CancelReason;

/// Why the customer cancels; both optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reason": "too_expensive", "comment": "I only need it in the summer"})))]
pub struct CancelRequest {
    #[serde(default)]
    pub reason: Option<CancelReason>,
    /// In the customer's words, at most 1,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub comment: Option<String>,
}

/// What a customer about to cancel is shown: the reasons to choose from, when the plan ends,
/// and the offer they may take instead (if the catalog has one and they never took it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"reasons": ["too_expensive", "not_using_enough", "other"], "ends_at": "2027-03-01T09:00:00Z", "offer": {"percent_off": 30, "months": 3, "renewal_price": {"minor": 2900, "currency": "USD"}, "offered_price": {"minor": 2030, "currency": "USD"}}})))]
pub struct CancellationOptions {
    pub reasons: Vec<CancelReason>,
    /// When the paid plan would end: the period's end.
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub ends_at: DateTime<Utc>,
    pub offer: Option<RetentionOfferView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionOfferView {
    pub percent_off: u8,
    /// How many monthly renewals it covers.
    pub months: u8,
    /// The next renewal's price without the offer.
    pub renewal_price: Money,
    /// Each covered renewal's price with it.
    pub offered_price: Money,
}
