//! The signed-in customer's account at a glance (`GET /v1/customer/account`) and the history of
//! their credits (`GET /v1/customer/credits/history`): what the widget's account view shows.
//! Every figure is the server's; the view only writes it in the customer's words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::top_up::AutoTopUp;
use super::SubscriptionView;
use crate::credits::CreditSource;
use crate::interval::Interval;
use crate::money::Money;

mod view;

pub use view::{AccountFacts, CycleCredits, PaidPlan, RECENT_WORK_DAYS};

/// Everything the account view shows at once, read on one transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "subscription": {"customer_id": "cus_8d1e", "plan": "pro", "interval": "monthly", "currency": "USD", "period_end": "2027-03-01T09:00:00Z", "credits_left": 3000, "balances": [{"source": "plan", "credits": 2500, "expires_at": "2027-03-01T09:00:00Z"}, {"source": "pack", "credits": 500, "expires_at": "2028-01-31T09:00:00Z"}], "unlimited_until": null, "cancel_at_period_end": false, "scheduled_change": null},
    "renewal": {"at": "2027-03-01T09:00:00Z", "plan": "pro", "interval": "monthly", "amount": {"minor": 2900, "currency": "USD"}, "offer_applied": false, "tax": {"included": false, "name": "applicable tax"}},
    "cycle": {"allowance": 3000, "used": 500, "starts_at": "2027-02-01T09:00:00Z", "ends_at": "2027-03-01T09:00:00Z"},
    "held": 0,
    "unlimited": [],
    "auto_top_up": null,
    "low_balance": null})))]
pub struct AccountView {
    pub subscription: SubscriptionView,
    /// The next charge; `None` on the free plan or when the paid plan ends instead
    /// (`subscription.cancel_at_period_end`, or a move to the free plan scheduled).
    pub renewal: Option<Renewal>,
    /// This credit cycle's plan allowance and how much of it was spent (the figures of the
    /// `credits.low` event); `None` when the plan grants no credits.
    pub cycle: Option<CycleUsage>,
    /// Credits held by generations under way: out of every balance until they settle.
    pub held: u64,
    /// The models that generate without credits now, each until when.
    pub unlimited: Vec<UnlimitedInForce>,
    /// The customer's auto top-up, if they ever set one (`GET /v1/customer/auto-top-up`'s
    /// answer; that call answers 404 where this is `None`).
    pub auto_top_up: Option<AutoTopUp>,
    /// Set once this cycle's spending reaches the first low-balance mark, or nothing is left
    /// while credits still buy something (not everything the plan makes is Unlimited now).
    pub low_balance: Option<LowBalance>,
}

/// What the next renewal charges, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Renewal {
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub at: DateTime<Utc>,
    /// The plan and interval renewed: the current ones, or a change scheduled for then.
    pub plan: String,
    pub interval: Interval,
    pub amount: Money,
    /// The retention offer the customer took lowers this renewal.
    pub offer_applied: bool,
    /// Whether `amount` includes tax, as the catalog says for its currency.
    #[serde(default)]
    pub tax: Option<crate::TaxRule>,
}

/// A credit cycle's plan allowance and what was spent of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CycleUsage {
    /// The plan credits granted for this cycle: the plan's allowance (`Catalog::cycle_allowance`),
    /// with an upgrade's difference when the plan went up during it.
    pub allowance: u64,
    /// What of them is spent or held (refunds and released holds give theirs back).
    pub used: u64,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub starts_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub ends_at: DateTime<Utc>,
}

/// A model that generates without credits up to a resolution, until a moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlimitedInForce {
    pub model: String,
    pub up_to: String,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub until: DateTime<Utc>,
}

/// The customer is running low: the share of the cycle spent, their own work of the last 30
/// days, and what would pay for that work (the plan finder fed with it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LowBalance {
    /// The highest low-balance mark reached (80, 90, 100), in percent of the cycle's allowance;
    /// 100 when nothing is left.
    pub percent_spent: u8,
    /// At most `finder::MOST_WORK_LINES` lines, the most frequent first; only work the catalog
    /// still makes (a model, resolution and duration it offers), which the finder can price.
    pub recent_work: Vec<RecentWork>,
    /// The cheapest plan for that work (`Catalog::find_plan`, in the customer's interval and
    /// currency), when it is another plan than the customer's.
    pub plan: Option<String>,
    /// Packs to buy each month for that work on the customer's own plan, each with how many
    /// (`Catalog::choice`); none when the plan covers it, or cannot run it.
    pub packs: Vec<PackCount>,
}

/// Generations of one model, resolution and (video) length over the last
/// [`RECENT_WORK_DAYS`]: every one neither refunded nor given back, Unlimited ones too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentWork {
    pub model: String,
    pub resolution: String,
    pub seconds: Option<u32>,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PackCount {
    pub pack: String,
    pub count: u32,
}

/// One line of a customer's credit history, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HistoryEntry {
    /// A generation (reported, or held while under way): its credits, or none under Unlimited.
    Generation {
        id: String,
        #[serde(deserialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
        model: String,
        resolution: String,
        seconds: Option<u32>,
        /// What it was charged (what a capture kept), or holds while under way; 0 under
        /// Unlimited and for a hold released or run out, which charged nothing.
        credits: u64,
        /// Made under 365 Unlimited, for no credits (the standard queue).
        unlimited: bool,
        /// Still under way: its credits are held.
        held: bool,
        /// Its credits were given back: refunded after it failed, or a hold released or run out.
        refunded: bool,
    },
    /// Credits granted: a plan cycle, a pack bought, an auto top-up.
    Grant {
        id: String,
        /// When they came: a purchase's moment, or the start of the cycle an allowance is for.
        #[serde(deserialize_with = "crate::rfc3339::instant")]
        at: DateTime<Utc>,
        source: CreditSource,
        /// The pack bought, for pack credits.
        pack: Option<String>,
        credits: u64,
        #[serde(deserialize_with = "crate::rfc3339::instant")]
        expires_at: DateTime<Utc>,
    },
}

/// A page of the credit history; `next` asks for the page after it (`?after=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreditHistory {
    pub entries: Vec<HistoryEntry>,
    /// Where the next page starts, as the API wrote it (pass it back as it is); `None` on the
    /// last page. Entries written meanwhile never move it: each is listed once across pages.
    pub next: Option<String>,
}

#[cfg(test)]
mod tests;
