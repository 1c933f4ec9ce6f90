//! The account view's figures, from what the billing side keeps of a customer: the next renewal
//! as the renewal will charge it, this cycle's spending as the low-balance marks count it, what
//! is Unlimited now, and the low-balance suggestion (the plan finder fed with the customer's own
//! work). The API reads the rows; every decision is here.

use chrono::{DateTime, Utc};

use super::{AccountView, CycleUsage, LowBalance, PackCount, RecentWork, Renewal, UnlimitedInForce};
use crate::api::top_up::AutoTopUp;
use crate::api::SubscriptionView;
use crate::catalog::{Catalog, Plan};
use crate::credits::top_up::low_balance_mark;
use crate::credits::Cycle;
use crate::estimate::OutputSpec;
use crate::finder::{WorkLine, MOST_WORK_LINES};
use crate::interval::Interval;
use crate::money::Money;
use crate::plan_change::Subscription;
use crate::pricing::PricingError;
use crate::retention::OfferRunning;

/// How far back a customer's work counts for the low-balance suggestion: about the month of
/// work the plan finder prices.
pub const RECENT_WORK_DAYS: i64 = 30;

/// A customer's paid plan as the billing side keeps it.
#[derive(Clone, Copy, Debug)]
pub struct PaidPlan<'a> {
    pub subscription: &'a Subscription,
    /// The change scheduled for the period's end.
    pub scheduled: Option<(&'a str, Interval)>,
    pub cancel_at_period_end: bool,
    /// The retention offer taken and still running.
    pub offer: Option<OfferRunning>,
}

/// The plan credits granted for the customer's current credit cycle, and what is left of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CycleCredits {
    pub cycle: Cycle,
    pub granted: u64,
    pub left: u64,
}

/// What the account view is made of, read on one transaction once everything due is settled.
#[derive(Clone, Debug)]
pub struct AccountFacts<'a> {
    /// What `GET /v1/customer/subscription` answers.
    pub subscription: SubscriptionView,
    /// `None`: on the free plan.
    pub paid: Option<PaidPlan<'a>>,
    /// `None`: no cycle has started.
    pub cycle: Option<CycleCredits>,
    pub held: u64,
    pub auto_top_up: Option<AutoTopUp>,
    /// The customer's generations of the last [`RECENT_WORK_DAYS`], neither refunded nor given
    /// back, one line per model, resolution and duration.
    pub recent_work: Vec<RecentWork>,
}

impl From<&RecentWork> for WorkLine {
    fn from(work: &RecentWork) -> WorkLine {
        WorkLine {
            model: work.model.clone(),
            resolution: work.resolution.clone(),
            seconds: work.seconds,
            count: work.count,
        }
    }
}

impl Catalog {
    /// The account view at `now`. A paid plan that can no longer be priced (a plan or currency
    /// the catalog dropped) is an error, as its renewal will be.
    pub fn account_view(&self, facts: AccountFacts<'_>, now: DateTime<Utc>) -> Result<AccountView, PricingError> {
        let AccountFacts { subscription, paid, cycle, held, auto_top_up, recent_work } = facts;
        let renewal = match paid {
            Some(p) => self.next_renewal(p.subscription, p.scheduled, p.cancel_at_period_end, p.offer)?,
            None => None,
        };
        let renewal = renewal.map(|renewal| Renewal {
            at: renewal.next.period_start,
            amount: Money::new(renewal.next.paid, renewal.next.currency),
            tax: self.tax.get(&renewal.next.currency).cloned(),
            plan: renewal.next.plan_id,
            interval: renewal.next.interval,
            offer_applied: renewal.offer_applied,
        });
        let cycle = cycle.filter(|c| c.granted > 0).map(|c| CycleUsage {
            allowance: c.granted,
            used: c.granted.saturating_sub(c.left),
            starts_at: self.cycle_start(c.cycle),
            ends_at: c.cycle.end,
        });
        let paid = paid.map(|p| p.subscription);
        let unlimited = paid.map_or_else(Vec::new, |s| self.unlimited_now(s, now));
        let unlimited = unlimited
            .into_iter()
            .map(|(u, until)| UnlimitedInForce { model: u.model.clone(), up_to: u.up_to.clone(), until })
            .collect();
        let low_balance = self.low_balance(paid, cycle.as_ref(), subscription.credits_left, recent_work, now);
        Ok(AccountView { subscription, renewal, cycle, held, unlimited, auto_top_up, low_balance })
    }

    /// The low-balance suggestion for a customer with `paid` (`None`: the free plan), this
    /// `cycle`'s spending and `credits_left`, who did `recent_work`: `None` until the spending
    /// reaches a low-balance mark (`low_balance_mark`, as the `credits.low` event), or nothing is
    /// left while credits still buy something. Then their work (what the catalog still makes, the
    /// most frequent `MOST_WORK_LINES` lines) priced by the plan finder in their interval and
    /// currency (monthly, in the catalog's first currency, on the free plan): the cheapest plan
    /// when it is not theirs, and the packs their own plan needs for it. No work, no suggestion.
    pub fn low_balance(
        &self,
        paid: Option<&Subscription>,
        cycle: Option<&CycleUsage>,
        credits_left: u64,
        recent_work: Vec<RecentWork>,
        now: DateTime<Utc>,
    ) -> Option<LowBalance> {
        let plan_id = paid.map_or(self.free_plan().id.as_str(), |s| s.plan_id.as_str());
        let plan = self.plan(plan_id);
        let mark = cycle.and_then(|c| low_balance_mark(c.allowance, c.used));
        let nothing_left = credits_left == 0 && !self.everything_unlimited(plan, paid, now);
        let percent_spent = mark.or(nothing_left.then_some(100))?;
        let recent_work = self.work_to_price(recent_work);
        let work: Vec<WorkLine> = recent_work.iter().map(WorkLine::from).collect();
        let (interval, currency) =
            paid.map_or((Interval::Monthly, self.default_currency()), |s| (s.interval, s.currency));
        let (better, packs) = match work.is_empty() {
            true => (None, Vec::new()),
            false => {
                // Nothing fits (work beyond the largest plan and its packs): nothing to suggest.
                let best = self.find_plan(&work, interval, currency, now).ok().map(|found| found.best.plan);
                let own = plan.and_then(|plan| self.choice(plan, &work, interval, currency, now).ok().flatten());
                (best.filter(|best| best != plan_id), own.map_or_else(Vec::new, |choice| choice.packs))
            }
        };
        let packs = packs.into_iter().map(|(pack, count)| PackCount { pack, count }).collect();
        Some(LowBalance { percent_spent, recent_work, plan: better, packs })
    }

    /// The lines of `work` the finder can price (what the catalog still makes: a generation of a
    /// retired model, or of a duration no longer offered, cannot be made again), the most
    /// frequent first, at most `MOST_WORK_LINES`.
    fn work_to_price(&self, work: Vec<RecentWork>) -> Vec<RecentWork> {
        let mut work: Vec<RecentWork> = work
            .into_iter()
            .filter(|w| {
                let spec = OutputSpec { model: &w.model, resolution: &w.resolution, seconds: w.seconds };
                w.count > 0 && self.output_cost(&spec).is_ok()
            })
            .collect();
        // Equally frequent lines in a fixed order, so that the same work reads the same.
        work.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| (&a.model, &a.resolution, a.seconds).cmp(&(&b.model, &b.resolution, b.seconds)))
        });
        work.truncate(MOST_WORK_LINES);
        work
    }

    /// Whether nothing `plan` makes costs credits at `now`: the subscription's 365 Unlimited runs
    /// and covers every model the plan includes, up to its highest resolution. Credits then buy
    /// nothing, and having none is no shortage.
    fn everything_unlimited(&self, plan: Option<&Plan>, paid: Option<&Subscription>, now: DateTime<Utc>) -> bool {
        let running = paid.and_then(|s| s.unlimited_at(now)).is_some();
        running
            && plan.is_some_and(|plan| {
                self.included_models(plan).all(|m| m.resolutions.last().is_some_and(|r| plan.is_unlimited(m, &r.id)))
            })
    }
}
