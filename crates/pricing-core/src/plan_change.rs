//! Plan changes and cancellation, by the seed's rules:
//! - an upgrade takes effect at once; the price difference for the time left is charged now
//!   and the monthly credit difference is added now;
//! - a downgrade, or any move to a shorter interval, takes effect at the end of the period;
//! - a cancelled subscription stays active until the period ends;
//! - 365 Unlimited survives upgrades, and ends at period end on a move to a plan without it.
//!
//! Proration rounding, stated once: within the same interval the difference for the time left
//! is rounded down; when a new, longer period starts now, the unused part of the old one is
//! credited rounded up. Both favour the customer, so a change never costs more than the full
//! price difference.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, UnlimitedModel};
use crate::interval::Interval;
use crate::money::{mul_div_ceil, mul_div_floor, Currency, Money};
use crate::plan_move::PlanMove;
use crate::pricing::{PlanPrice, PricingError};

mod flat;

/// A customer's paid subscription, as the billing side records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub plan_id: String,
    pub interval: Interval,
    pub currency: Currency,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub period_start: DateTime<Utc>,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub period_end: DateTime<Utc>,
    /// What was charged for the current period, after any promotion, in minor units.
    pub paid: i64,
    /// The end of a 365 Unlimited grant, if the customer has one.
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    pub unlimited_until: Option<DateTime<Utc>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Timing {
    Now,
    AtPeriodEnd,
}

/// What happens to the customer's 365 Unlimited grant.
// Read through a flat struct of its fields (`plan_change/flat.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "flat::UnlimitedFields")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UnlimitedAfter {
    NotHeld,
    Continues {
        until: DateTime<Utc>,
    },
    /// The change is a purchase during a 365 Unlimited promotion: a new grant starts now.
    Starts {
        until: DateTime<Utc>,
    },
    EndsAt {
        at: DateTime<Utc>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangePreview {
    pub timing: Timing,
    pub effective_at: DateTime<Utc>,
    pub amount_due_now: Money,
    pub credits_added_now: u64,
    /// The target plan's price per interval from the change on.
    pub new_price: PlanPrice,
    /// The end of the period the customer is in once the change applies.
    pub period_end_after: DateTime<Utc>,
    pub unlimited: UnlimitedAfter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancellation {
    pub ends_at: DateTime<Utc>,
    pub unlimited: UnlimitedAfter,
}

/// The end of a 365 Unlimited grant that ends at `until`, when it is still running at `at`.
pub fn unlimited_running(until: Option<DateTime<Utc>>, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    until.filter(|&until| until > at)
}

impl Subscription {
    /// The end of the customer's 365 Unlimited grant, when it is still running at `at`.
    pub fn unlimited_at(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        unlimited_running(self.unlimited_until, at)
    }
}

impl Catalog {
    /// What `subscription` generates without credits at `at`: each Unlimited model of its plan
    /// (up to its resolution), while its 365 Unlimited runs, until the grant ends; none on a
    /// plan the catalog no longer has. `usage_charge` charges nothing for exactly these.
    pub fn unlimited_now(
        &self,
        subscription: &Subscription,
        at: DateTime<Utc>,
    ) -> Vec<(&UnlimitedModel, DateTime<Utc>)> {
        match (subscription.unlimited_at(at), self.plan(&subscription.plan_id)) {
            (Some(until), Some(plan)) => plan.unlimited.iter().map(|model| (model, until)).collect(),
            _ => Vec::new(),
        }
    }
}

/// The end of a period of `interval` starting at `start` (calendar months; Jan 31 + 1 month is
/// the last day of February).
pub fn period_end(start: DateTime<Utc>, interval: Interval) -> DateTime<Utc> {
    start.checked_add_months(Months::new(interval.months())).expect("dates stay far inside chrono's range")
}

impl Catalog {
    /// What moving `subscription` to `plan_id` on `interval` at `now` would do and cost.
    pub fn preview_change(
        &self,
        subscription: &Subscription,
        plan_id: &str,
        interval: Interval,
        now: DateTime<Utc>,
    ) -> Result<ChangePreview, PricingError> {
        let unknown = |id: &str| PricingError::UnknownPlan(id.to_string());
        let current = self.plan(&subscription.plan_id).ok_or_else(|| unknown(&subscription.plan_id))?;
        let target = self.plan(plan_id).ok_or_else(|| unknown(plan_id))?;
        if current.free {
            return Err(PricingError::NotSubscribed);
        }
        let upgrade = match self.plan_move(Some((&current.id, subscription.interval)), &target.id, interval) {
            PlanMove::Change { upgrade } => upgrade,
            PlanMove::Current | PlanMove::Checkout => return Err(PricingError::NoChange),
        };
        if now < subscription.period_start || now >= subscription.period_end {
            return Err(PricingError::OutsidePeriod);
        }
        let new_price = self.plan_price(plan_id, interval, subscription.currency, now)?;
        let lengthens = subscription.interval == Interval::Monthly && interval == Interval::Annual;
        let held = subscription.unlimited_at(now);

        if !upgrade {
            let unlimited = match held {
                None => UnlimitedAfter::NotHeld,
                Some(until) if self.plan_keeps_unlimited(plan_id) => UnlimitedAfter::Continues { until },
                Some(until) => UnlimitedAfter::EndsAt { at: until.min(subscription.period_end) },
            };
            return Ok(ChangePreview {
                timing: Timing::AtPeriodEnd,
                effective_at: subscription.period_end,
                amount_due_now: Money::new(0, subscription.currency),
                credits_added_now: 0,
                period_end_after: period_end(subscription.period_end, interval),
                new_price,
                unlimited,
            });
        }

        let length = (subscription.period_end - subscription.period_start).num_seconds();
        let left = (subscription.period_end - now).num_seconds();
        let (due, period_end_after) = if lengthens {
            let unused = mul_div_ceil(subscription.paid, left, length);
            (new_price.charged.minor - unused, period_end(now, interval))
        } else {
            let difference = new_price.charged.minor - subscription.paid;
            (mul_div_floor(difference, left, length), subscription.period_end)
        };
        let unlimited = match (held, self.unlimited_grant(plan_id, interval, now)) {
            (Some(until), _) => UnlimitedAfter::Continues { until },
            (None, Some(until)) => UnlimitedAfter::Starts { until },
            (None, None) => UnlimitedAfter::NotHeld,
        };
        Ok(ChangePreview {
            timing: Timing::Now,
            effective_at: now,
            amount_due_now: Money::new(due.max(0), subscription.currency),
            credits_added_now: target.credits_per_month.saturating_sub(current.credits_per_month),
            new_price,
            period_end_after,
            unlimited,
        })
    }

    /// Cancelling at `now`: the plan stays active until the period ends, and so does any
    /// 365 Unlimited grant (never longer than the grant itself).
    pub fn cancel_at_period_end(
        &self,
        subscription: &Subscription,
        now: DateTime<Utc>,
    ) -> Result<Cancellation, PricingError> {
        if now >= subscription.period_end {
            return Err(PricingError::OutsidePeriod);
        }
        let unlimited = match subscription.unlimited_at(now) {
            None => UnlimitedAfter::NotHeld,
            Some(until) => UnlimitedAfter::EndsAt { at: until.min(subscription.period_end) },
        };
        Ok(Cancellation { ends_at: subscription.period_end, unlimited })
    }
}

impl Catalog {
    /// The subscription after an upgrade that `preview` priced has been paid.
    pub fn upgraded(
        &self,
        subscription: &Subscription,
        preview: &ChangePreview,
        plan_id: &str,
        interval: Interval,
    ) -> Subscription {
        let lengthens = preview.period_end_after != subscription.period_end;
        let unlimited_until = match preview.unlimited {
            UnlimitedAfter::Starts { until } | UnlimitedAfter::Continues { until } => Some(until),
            UnlimitedAfter::EndsAt { .. } | UnlimitedAfter::NotHeld => subscription.unlimited_until,
        };
        Subscription {
            plan_id: plan_id.to_string(),
            interval,
            currency: subscription.currency,
            period_start: if lengthens { preview.effective_at } else { subscription.period_start },
            period_end: preview.period_end_after,
            // Later prorations credit the new plan's full price for this period: the old
            // plan's unused part has just been credited against it.
            paid: preview.new_price.charged.minor,
            unlimited_until,
        }
    }

    /// What follows a period of `subscription` that ran out: the next period, on the same plan
    /// or the one `scheduled` for then; `None` when the paid plan ends instead (cancelled, or a
    /// scheduled move to the free plan), which charges nothing.
    pub fn next_period(
        &self,
        subscription: &Subscription,
        scheduled: Option<(&str, Interval)>,
        cancelled: bool,
    ) -> Result<Option<Subscription>, PricingError> {
        let (plan, interval) = scheduled.unwrap_or((&subscription.plan_id, subscription.interval));
        if cancelled || self.is_free(plan) {
            return Ok(None);
        }
        self.renewed(subscription, plan, interval).map(Some)
    }

    /// The next period of `subscription` once its current one ends, on `next_plan` and
    /// `next_interval` (the same plan, or a scheduled downgrade). 365 Unlimited ends with the
    /// period when the next plan has no Unlimited models.
    pub fn renewed(
        &self,
        subscription: &Subscription,
        next_plan: &str,
        next_interval: Interval,
    ) -> Result<Subscription, PricingError> {
        let start = subscription.period_end;
        let price = self.plan_price(next_plan, next_interval, subscription.currency, start)?;
        let unlimited_until = subscription
            .unlimited_at(start)
            .filter(|_| self.plan_keeps_unlimited(next_plan))
            .or_else(|| subscription.unlimited_until.map(|until| until.min(start)));
        Ok(Subscription {
            plan_id: next_plan.to_string(),
            interval: next_interval,
            currency: subscription.currency,
            period_start: start,
            period_end: period_end(start, next_interval),
            paid: price.charged.minor,
            unlimited_until,
        })
    }
}
