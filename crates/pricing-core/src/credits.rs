//! Credits as the catalog defines them: a plan's allowance arrives every credit cycle (monthly
//! and annual plans alike) and what is left of it expires when the cycle ends; pack credits
//! expire `valid_days` after purchase; a generation spends plan credits first, then packs,
//! soonest-expiring first. Unlimited generations spend nothing. The billing API keeps the
//! grants; these rules decide what they are worth.

use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, Plan};
use crate::estimate::EstimateError;
use crate::Queue;

/// Where a grant of credits came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CreditSource {
    Plan,
    Pack,
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

    /// When credits of `pack_id` bought at `purchased_at` expire.
    pub fn pack_expiry(&self, pack_id: &str, purchased_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.credit_pack(pack_id).map(|pack| purchased_at + Duration::days(pack.valid_days.into()))
    }

    /// What a generation costs a customer on `plan_id` whose 365 Unlimited (if any) runs until
    /// `unlimited_until`: nothing in the standard queue when Unlimited covers the model and
    /// resolution, else its credit cost (the calculator's figure) in the priority queue.
    pub fn usage_charge(
        &self,
        plan_id: &str,
        unlimited_until: Option<DateTime<Utc>>,
        model_id: &str,
        resolution: &str,
        seconds: Option<u32>,
        now: DateTime<Utc>,
    ) -> Result<UsageCharge, EstimateError> {
        let model = self.model(model_id).ok_or_else(|| EstimateError::UnknownModel(model_id.to_string()))?;
        let credits = model.credits_per_output(resolution, seconds)?;
        let unlimited = unlimited_until.is_some_and(|until| until > now)
            && self.plan(plan_id).is_some_and(|plan| plan.is_unlimited(model, resolution));
        Ok(UsageCharge { queue: Queue::for_generation(unlimited), credits: if unlimited { 0 } else { credits } })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn grant(id: i64, source: CreditSource, left: u64, expires_at: &str) -> Grant {
        Grant { id, source, left, expires_at: at(expires_at) }
    }

    #[test]
    fn plan_credits_go_first_then_packs_soonest_expiring_first() {
        let now = at("2027-02-10T00:00:00Z");
        let grants = [
            grant(1, CreditSource::Pack, 500, "2027-12-01T00:00:00Z"),
            grant(2, CreditSource::Pack, 100, "2027-06-01T00:00:00Z"),
            grant(3, CreditSource::Plan, 40, "2027-03-01T00:00:00Z"),
            grant(4, CreditSource::Pack, 999, "2027-02-01T00:00:00Z"), // expired
            grant(5, CreditSource::Plan, 0, "2027-03-01T00:00:00Z"),
        ];
        let debits = spend(&grants, 200, now).unwrap();
        assert_eq!(
            debits,
            [Debit { grant: 3, credits: 40 }, Debit { grant: 2, credits: 100 }, Debit { grant: 1, credits: 60 }]
        );
        assert_eq!(spend(&grants, 641, now), Err(CreditsShort { needed: 641, available: 640 }));
        assert_eq!(spend(&grants, 0, now), Ok(vec![]));
    }

    #[test]
    fn cycles_count_from_the_anchor_and_end_with_an_annual_period() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        assert_eq!(catalog.credit_cycle_months, 1);
        let anchor = at("2027-01-31T12:00:00Z");
        assert_eq!(catalog.cycle_end(anchor, anchor), at("2027-02-28T12:00:00Z"));
        assert_eq!(catalog.cycle_end(anchor, at("2027-02-28T12:00:00Z")), at("2027-03-31T12:00:00Z"));
        assert_eq!(catalog.cycle_end(anchor, at("2027-12-31T11:00:00Z")), at("2027-12-31T12:00:00Z"));
        let year_end = crate::period_end(anchor, crate::Interval::Annual);
        assert_eq!(catalog.cycle_end(anchor, at("2027-12-31T12:00:00Z")), year_end);
        let pack = &catalog.credit_packs[0];
        assert_eq!(catalog.pack_expiry(&pack.id, anchor), Some(anchor + Duration::days(pack.valid_days.into())));
    }

    #[test]
    fn unlimited_generations_are_free_only_while_the_grant_runs() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let (plan, unlimited) = catalog
            .plans
            .iter()
            .find_map(|p| p.unlimited.first().map(|u| (p, u)))
            .expect("a plan with an Unlimited model");
        let model = catalog.model(&unlimited.model).unwrap();
        let seconds = model.durations_s.first().copied();
        let now = at("2027-02-10T00:00:00Z");
        let cost = model.credits_per_output(&unlimited.up_to, seconds).unwrap();
        let charge = |until| catalog.usage_charge(&plan.id, until, &model.id, &unlimited.up_to, seconds, now).unwrap();
        assert_eq!(charge(Some(now + Duration::days(1))), UsageCharge { queue: Queue::Standard, credits: 0 });
        assert_eq!(charge(Some(now)), UsageCharge { queue: Queue::Priority, credits: cost });
        assert_eq!(charge(None), UsageCharge { queue: Queue::Priority, credits: cost });
        assert!(catalog.usage_charge(&plan.id, None, "no-such-model", "720p", None, now).is_err());
    }
}
