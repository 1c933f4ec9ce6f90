//! The generation service's calls around a generation that takes a while: a check before it
//! starts, a hold of its credits while it runs, and the hold captured or released at its end.
//! Bearer the service's secret; browsers never call these.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ErrorCode;
use crate::credits::Queue;

/// Holds a generation's credits while it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"customer_id": "cus_8d1e", "model": "kling-3.0", "resolution": "1080p", "seconds": 10, "hold_seconds": 900})))]
pub struct HoldRequest {
    pub customer_id: String,
    pub model: String,
    pub resolution: String,
    /// A video's length; none for images.
    #[serde(default)]
    pub seconds: Option<u32>,
    /// How long the hold lasts before its credits go back (an hour unless given; at most a day).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 86400))]
    pub hold_seconds: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HoldState {
    /// The credits are taken from the balance until the hold is captured, released or runs out.
    Held,
    /// The generation succeeded: `credits` were spent (refundable like any generation).
    Captured,
    /// The generation failed: its credits went back.
    Released,
    /// Nobody settled it in time: its credits went back.
    Expired,
}

impl HoldState {
    pub const NAMES: [&'static str; 4] = ["held", "captured", "released", "expired"];

    pub fn as_str(self) -> &'static str {
        HoldState::NAMES[self as usize]
    }

    /// Whether its credits went back to the customer: the generation failed, or nobody settled
    /// it in time.
    pub fn given_back(self) -> bool {
        matches!(self, HoldState::Released | HoldState::Expired)
    }
}

/// A hold, and the customer's credits after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"id": "gen_41c7", "state": "held", "queue": "priority", "credits": 400, "expires_at": "2027-02-01T09:15:00Z", "credits_left": 2600})))]
pub struct Hold {
    /// The generation's id: capture, release or refund it by this id.
    pub id: String,
    pub state: HoldState,
    pub queue: Queue,
    /// Held, or spent once captured; 0 under Unlimited.
    pub credits: u64,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub expires_at: DateTime<Utc>,
    pub credits_left: u64,
}

/// Settles a hold: capture (the generation succeeded) keeps `credits`, or all that was held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"customer_id": "cus_8d1e", "credits": 320})))]
pub struct SettleRequest {
    pub customer_id: String,
    /// At most what was held; all of it when not given. Release ignores it.
    #[serde(default)]
    pub credits: Option<u64>,
}

/// May this customer run this generation now, at what cost and with what left after it: the
/// answer a real report or hold would give, without taking anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"allowed": true, "refusal": null, "message": null, "queue": "priority", "unlimited": false, "credits": 400, "credits_left": 3000, "credits_held": 400, "credits_left_after": 2600})))]
pub struct UsageCheck {
    pub allowed: bool,
    /// Why not: `insufficient_credits` or `model_not_included`.
    pub refusal: Option<ErrorCode>,
    /// The refusal in words (the smallest plan with the model, the credits short).
    pub message: Option<String>,
    pub queue: Queue,
    /// Whether the customer's Unlimited covers it (it then costs nothing).
    pub unlimited: bool,
    pub credits: u64,
    /// What the customer can spend now (held credits already taken out).
    pub credits_left: u64,
    /// Credits held by generations under way.
    pub credits_held: u64,
    /// `credits_left` after this generation, when it is allowed.
    pub credits_left_after: Option<u64>,
}
