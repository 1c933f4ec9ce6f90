//! Credits as the catalog defines them: a plan's allowance arrives every credit cycle (monthly
//! and annual plans alike) and what is left of it expires when the cycle ends; pack credits
//! expire `valid_days` after purchase; a generation spends plan credits first, then packs,
//! soonest-expiring first. Unlimited generations spend nothing. A generation needs a model the
//! plan includes (`access.rs`). The billing API keeps the grants and cycles; these rules decide
//! what they are worth, when they end, and what falls due next.

pub mod hold;
pub mod top_up;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::access::NotIncluded;
use crate::catalog::{Catalog, Plan};
use crate::estimate::EstimateError;
use crate::named::{by_name, UnknownName};
use crate::plan_change::unlimited_running;

/// The queue a generation runs in: Unlimited generations wait in the standard queue, credit
/// generations always go to the priority queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Queue {
    Standard,
    Priority,
}

impl Queue {
    /// Their names, in the order of the variants.
    pub const NAMES: [&'static str; 2] = ["standard", "priority"];

    pub fn for_generation(unlimited: bool) -> Queue {
        if unlimited {
            Queue::Standard
        } else {
            Queue::Priority
        }
    }

    pub fn as_str(self) -> &'static str {
        Queue::NAMES[self as usize]
    }
}

impl FromStr for Queue {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Queue, UnknownName> {
        by_name("queue", text, &[Queue::Standard, Queue::Priority], &Queue::NAMES)
    }
}

/// Where a grant of credits came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CreditSource {
    Plan,
    Pack,
}

impl CreditSource {
    /// Their names, in the order of the variants.
    pub const NAMES: [&'static str; 2] = ["plan", "pack"];

    pub fn as_str(self) -> &'static str {
        CreditSource::NAMES[self as usize]
    }
}

impl FromStr for CreditSource {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<CreditSource, UnknownName> {
        by_name("credit source", text, &[CreditSource::Plan, CreditSource::Pack], &CreditSource::NAMES)
    }
}

/// Credits granted at once, with what is left of them and until when they can be spent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub id: i64,
    pub source: CreditSource,
    pub left: u64,
    pub expires_at: DateTime<Utc>,
}

/// What a generation takes from one grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Debit {
    pub grant: i64,
    pub credits: u64,
}

/// A generation costs more credits than the customer has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreditsShort {
    pub needed: u64,
    pub available: u64,
}

/// The grants that can be spent at `now`, in the order they are spent: plan credits first
/// (they expire soonest: at the cycle's end), then packs soonest-expiring first.
pub fn spendable(grants: &[Grant], now: DateTime<Utc>) -> Vec<&Grant> {
    let mut usable: Vec<&Grant> = grants.iter().filter(|g| g.left > 0 && g.expires_at > now).collect();
    usable.sort_by_key(|g| (g.source, g.expires_at, g.id));
    usable
}

/// The debits that pay `cost` credits at `now`, in spending order.
pub fn spend(grants: &[Grant], cost: u64, now: DateTime<Utc>) -> Result<Vec<Debit>, CreditsShort> {
    let usable = spendable(grants, now);
    let available: u64 = usable.iter().map(|g| g.left).sum();
    if available < cost {
        return Err(CreditsShort { needed: cost, available });
    }
    let mut owed = cost;
    let mut debits = Vec::new();
    for grant in usable {
        if owed == 0 {
            break;
        }
        let credits = owed.min(grant.left);
        debits.push(Debit { grant: grant.id, credits });
        owed -= credits;
    }
    Ok(debits)
}

/// How a generation is paid: by Unlimited (standard queue) or with credits (priority queue).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageCharge {
    pub queue: Queue,
    pub credits: u64,
}

/// Why a generation cannot be charged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsageRefused {
    /// The output is not one the model makes (an unknown model, resolution or duration).
    Output(EstimateError),
    /// The customer's plan does not include the model.
    NotIncluded(NotIncluded),
}

impl fmt::Display for UsageRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageRefused::Output(error) => error.fmt(f),
            UsageRefused::NotIncluded(refused) => refused.fmt(f),
        }
    }
}

impl std::error::Error for UsageRefused {}

/// A customer's credit cycle: cycles are counted from `anchor` (a period's start, or when a
/// customer without a paid plan arrived); the current one ends at `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle {
    pub anchor: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// What falls due first for a customer at a moment, in the order it must be settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// The paid period ended (at or before the cycle's end): renew it, or end it.
    PeriodEnd,
    /// The credit cycle ended within the period: the next cycle starts with a new allowance.
    CycleEnd,
    /// Nothing: the period and the cycle both run past now.
    Nothing,
}

/// What a change of plan does to the credit cycle and the plan credits still running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CycleChange {
    /// The cycle the customer is in from the change on.
    pub cycle: Cycle,
    /// When the plan credits running at the change expire instead; `None`: as they were.
    pub running_plan_credits_expire: Option<DateTime<Utc>>,
}

impl Catalog {
    /// Credits a plan grants per credit cycle.
    pub fn cycle_allowance(&self, plan: &Plan) -> u64 {
        plan.credits_per_month * u64::from(self.credit_cycle_months)
    }

    /// The end of the credit cycle running at `at`, for cycles counted from `anchor` (a period's
    /// start): counted from the anchor each time, so that cycles end on the anchor's day of the
    /// month (Jan 31 → Feb 28 → Mar 31), and an annual period's last cycle ends with it.
    pub fn cycle_end(&self, anchor: DateTime<Utc>, at: DateTime<Utc>) -> DateTime<Utc> {
        let step = self.credit_cycle_months.max(1);
        (1..)
            .map(|k| anchor.checked_add_months(Months::new(k * step)).expect("dates stay far inside chrono's range"))
            .find(|&end| end > at)
            .expect("some cycle ends after any instant")
    }

    /// When `cycle` started: the end of the cycle before it, counted from the same anchor (the
    /// anchor itself for the first), so that its allowance is dated from then.
    pub fn cycle_start(&self, cycle: Cycle) -> DateTime<Utc> {
        let step = self.credit_cycle_months.max(1);
        (1..)
            .map(|k| {
                cycle.anchor.checked_add_months(Months::new(k * step)).expect("dates stay far inside chrono's range")
            })
            .take_while(|&end| end < cycle.end)
            .last()
            .unwrap_or(cycle.anchor)
    }

    /// The cycle running at `anchor`, for cycles counted from it.
    pub fn first_cycle(&self, anchor: DateTime<Utc>) -> Cycle {
        Cycle { anchor, end: self.cycle_end(anchor, anchor) }
    }

    /// The cycle after `cycle`, counted from the same anchor.
    pub fn next_cycle(&self, cycle: Cycle) -> Cycle {
        Cycle { anchor: cycle.anchor, end: self.cycle_end(cycle.anchor, cycle.end) }
    }

    /// What falls due first at `now` for a customer in `cycle` whose paid period (if any) ends
    /// at `period_end`: a period that ended no later than the cycle is settled first (its
    /// renewal starts new cycles from the new period's start), then each cycle that ended.
    pub fn due(&self, period_end: Option<DateTime<Utc>>, cycle: Cycle, now: DateTime<Utc>) -> Due {
        match period_end {
            Some(end) if end <= now && end <= cycle.end => Due::PeriodEnd,
            _ if cycle.end <= now => Due::CycleEnd,
            _ => Due::Nothing,
        }
    }

    /// A first paid plan bought at `now`: its cycles count from now, and its allowance replaces
    /// the free plan's credits, which expire at once.
    pub fn subscription_started(&self, now: DateTime<Utc>) -> CycleChange {
        CycleChange { cycle: self.first_cycle(now), running_plan_credits_expire: Some(now) }
    }

    /// An upgrade at `now` of a subscription whose period (after the upgrade) starts at
    /// `period_start`, for a customer in `cycle`: cycles go on counting from the period's start;
    /// when the upgrade starts a new period (monthly to annual), they count from its start, and
    /// the plan credits running now last until the new cycle ends.
    pub fn cycle_after_upgrade(
        &self,
        cycle: Option<Cycle>,
        period_start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> CycleChange {
        match cycle {
            Some(cycle) if cycle.anchor == period_start => CycleChange { cycle, running_plan_credits_expire: None },
            _ => {
                let cycle = Cycle { anchor: period_start, end: self.cycle_end(period_start, now) };
                CycleChange { cycle, running_plan_credits_expire: Some(cycle.end) }
            }
        }
    }

    /// When credits of `pack_id` bought at `purchased_at` expire.
    pub fn pack_expiry(&self, pack_id: &str, purchased_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.credit_pack(pack_id).map(|pack| purchased_at + Duration::days(pack.valid_days.into()))
    }

    /// What a generation costs a customer on `plan` whose 365 Unlimited (if any) runs until
    /// `unlimited_until`: nothing in the standard queue when Unlimited covers the model and
    /// resolution, else its credit cost (the calculator's figure) in the priority queue; refused
    /// when the plan does not include the model. A plan the catalog no longer has (`None`, a
    /// retired one a customer is still on) restricts no model and makes nothing Unlimited.
    pub fn usage_charge(
        &self,
        plan: Option<&Plan>,
        unlimited_until: Option<DateTime<Utc>>,
        model_id: &str,
        resolution: &str,
        seconds: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<UsageCharge, UsageRefused> {
        let model = self
            .model(model_id)
            .ok_or_else(|| UsageRefused::Output(EstimateError::UnknownModel(model_id.to_string())))?;
        let credits = model.credits_per_output(resolution, seconds).map_err(UsageRefused::Output)?;
        if let Some(plan) = plan {
            self.model_access(plan, model_id).map_err(UsageRefused::NotIncluded)?;
        }
        let unlimited = unlimited_running(unlimited_until, now).is_some()
            && plan.is_some_and(|plan| plan.is_unlimited(model, resolution));
        Ok(UsageCharge { queue: Queue::for_generation(unlimited), credits: if unlimited { 0 } else { credits } })
    }
}

#[cfg(test)]
mod tests;
