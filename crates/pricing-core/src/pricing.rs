//! What a plan or a pack costs at a moment: promotions, annual savings, price per output.
//!
//! Rounding, stated once: a percentage discount and any per-month or per-output figure round
//! to the nearest minor unit, halves away from zero. Amounts charged are whole minor units.

use std::fmt;

use chrono::{DateTime, Duration, Months, Utc};

use crate::catalog::{Catalog, Offer, Plan, Promotion};
use crate::interval::{Interval, MONTHS_PER_YEAR};
use crate::money::{mul_div_round, Currency, Money};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PricingError {
    UnknownPlan(String),
    UnknownPack(String),
    CurrencyNotOffered(Currency),
    /// A change to the plan and interval the customer already has.
    NoChange,
    /// A paid plan change needs a paid subscription; a free customer goes through checkout.
    NotSubscribed,
    /// `now` lies outside the subscription's current period.
    OutsidePeriod,
    /// Every customer without a paid plan is on the free plan: there is nothing to buy.
    FreePlanNeedsNoCheckout,
    /// A customer with a paid plan changes it rather than buying a second one.
    AlreadySubscribed,
}

impl fmt::Display for PricingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PricingError::UnknownPlan(id) => write!(f, "unknown plan '{id}'"),
            PricingError::UnknownPack(id) => write!(f, "unknown credit pack '{id}'"),
            PricingError::CurrencyNotOffered(c) => write!(f, "{c} is not offered"),
            PricingError::NoChange => f.write_str("that is already the current plan and interval"),
            PricingError::NotSubscribed => f.write_str("a free customer starts a paid plan through checkout"),
            PricingError::OutsidePeriod => f.write_str("the current billing period has ended"),
            PricingError::FreePlanNeedsNoCheckout => f.write_str("the free plan needs no checkout"),
            PricingError::AlreadySubscribed => {
                f.write_str("this customer has a paid plan: change it instead of buying another")
            }
        }
    }
}

impl std::error::Error for PricingError {}

/// The price a visitor sees and pays for one billing interval of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanPrice {
    /// Charged per interval (for annual, the whole year).
    pub charged: Money,
    /// The struck-through earlier price, when a discount applies.
    pub was: Option<Money>,
    /// The discount promotion applied, if any.
    pub promotion: Option<String>,
    /// `charged` spread over the interval's months, for "per month" labels.
    pub per_month: Money,
}

/// `was` reduced by `percent_off`, rounded to the nearest minor unit.
pub fn discounted(was: i64, percent_off: u8) -> i64 {
    mul_div_round(was, 100 - i64::from(percent_off.min(100)), 100)
}

/// What one output costs in money when `price` buys `credits`, rounded to the nearest minor
/// unit; `None` when the price buys no credits.
pub fn price_per_output(price: Money, credits: u64, credits_per_output: u64) -> Option<Money> {
    let credits = i64::try_from(credits).ok().filter(|&c| c > 0)?;
    let cost = i64::try_from(credits_per_output).ok()?;
    Some(Money::new(mul_div_round(price.minor, cost, credits), price.currency))
}

/// How many days before a promotion its struck-through price is looked for: the EU's price
/// indication rules (Directive 98/6/EC, art. 6a) allow striking through only the lowest price
/// of at least the 30 days before a reduction.
pub const LOWEST_PRICE_WINDOW_DAYS: i64 = 30;

/// The lowest regular price `plan` had during the [`LOWEST_PRICE_WINDOW_DAYS`] days before
/// `at`, or `None` when no price is recorded for that window. This is the only price a promotion may
/// strike through.
pub fn lowest_price_before(plan: &Plan, interval: Interval, currency: Currency, at: DateTime<Utc>) -> Option<Money> {
    let window_start = at - Duration::days(LOWEST_PRICE_WINDOW_DAYS);
    let current_since = plan.price_history.iter().map(|r| r.until).max();
    let history = plan.price_history.iter().map(|r| (Some(r.from), Some(r.until), &r.prices));
    let current = std::iter::once((current_since, None, &plan.prices));
    history
        .chain(current)
        .filter(|(from, until, _)| from.is_none_or(|f| f < at) && until.is_none_or(|u| u > window_start))
        .filter_map(|(_, _, table)| table.get(&currency).map(|p| p.get(interval)))
        .min()
        .map(|minor| Money::new(minor, currency))
}

impl Promotion {
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.starts_at <= at && at < self.ends_at
    }

    pub fn covers(&self, plan_id: &str, interval: Interval) -> bool {
        self.plans.iter().any(|p| p == plan_id) && self.intervals.contains(&interval)
    }
}

impl Catalog {
    pub fn active_promotions(&self, at: DateTime<Utc>) -> impl Iterator<Item = &Promotion> {
        self.promotions.iter().filter(move |p| p.is_active(at))
    }

    fn offered(&self, currency: Currency) -> Result<(), PricingError> {
        if self.currencies.contains(&currency) {
            Ok(())
        } else {
            Err(PricingError::CurrencyNotOffered(currency))
        }
    }

    /// The price of `plan_id` for `interval` in `currency` at `at`, with the best active
    /// discount applied (several discounts never stack).
    pub fn plan_price(
        &self,
        plan_id: &str,
        interval: Interval,
        currency: Currency,
        at: DateTime<Utc>,
    ) -> Result<PlanPrice, PricingError> {
        self.offered(currency)?;
        let plan = self.plan(plan_id).ok_or_else(|| PricingError::UnknownPlan(plan_id.to_string()))?;
        let list = plan.list_price(interval, currency).ok_or(PricingError::CurrencyNotOffered(currency))?;
        let best_discount = self
            .active_promotions(at)
            .filter(|p| p.covers(plan_id, interval))
            .filter_map(|p| match &p.offer {
                Offer::Discount { percent_off, was } => {
                    let was = was.get(plan_id)?.get(&currency)?.get(interval);
                    Some((discounted(was, *percent_off), was, &p.id))
                }
                Offer::Unlimited { .. } => None,
            })
            .min_by_key(|(price, _, _)| *price);
        let (charged, was, promotion) = match best_discount {
            Some((price, was, id)) if price < list.minor => (price, Some(Money::new(was, currency)), Some(id.clone())),
            _ => (list.minor, None, None),
        };
        Ok(PlanPrice {
            charged: Money::new(charged, currency),
            was,
            promotion,
            per_month: Money::new(mul_div_round(charged, 1, interval.months().into()), currency),
        })
    }

    /// What paying annually saves against twelve monthly payments at `at` (zero or more).
    pub fn annual_saving(&self, plan_id: &str, currency: Currency, at: DateTime<Utc>) -> Result<Money, PricingError> {
        let monthly = self.plan_price(plan_id, Interval::Monthly, currency, at)?.charged.minor;
        let annual = self.plan_price(plan_id, Interval::Annual, currency, at)?.charged.minor;
        Ok(Money::new((monthly * i64::from(MONTHS_PER_YEAR) - annual).max(0), currency))
    }

    /// The saving as a whole percentage of twelve monthly payments, rounded to nearest.
    pub fn annual_saving_percent(
        &self,
        plan_id: &str,
        currency: Currency,
        at: DateTime<Utc>,
    ) -> Result<u8, PricingError> {
        let saving = self.annual_saving(plan_id, currency, at)?.minor;
        let twelve_months =
            self.plan_price(plan_id, Interval::Monthly, currency, at)?.charged.minor * i64::from(MONTHS_PER_YEAR);
        Ok(if twelve_months == 0 { 0 } else { mul_div_round(saving, 100, twelve_months) as u8 })
    }

    /// The money value of one output on a plan: the interval's charge spread over the credits
    /// it grants, times the output's credit cost.
    pub fn plan_price_per_output(
        &self,
        plan_id: &str,
        interval: Interval,
        currency: Currency,
        at: DateTime<Utc>,
        credits_per_output: u64,
    ) -> Result<Option<Money>, PricingError> {
        let price = self.plan_price(plan_id, interval, currency, at)?;
        let plan = self.plan(plan_id).ok_or_else(|| PricingError::UnknownPlan(plan_id.to_string()))?;
        let credits = plan.credits_per_month * u64::from(interval.months());
        Ok(if plan.free { None } else { price_per_output(price.charged, credits, credits_per_output) })
    }

    /// The money value of one output bought with a credit pack.
    pub fn pack_price_per_output(
        &self,
        pack_id: &str,
        currency: Currency,
        credits_per_output: u64,
    ) -> Result<Option<Money>, PricingError> {
        self.offered(currency)?;
        let pack = self.credit_pack(pack_id).ok_or_else(|| PricingError::UnknownPack(pack_id.to_string()))?;
        let price = pack.price(currency).ok_or(PricingError::CurrencyNotOffered(currency))?;
        Ok(price_per_output(price, pack.credits, credits_per_output))
    }

    /// When a purchase at `purchased_at` earns 365 Unlimited, the moment it runs out.
    pub fn unlimited_grant(
        &self,
        plan_id: &str,
        interval: Interval,
        purchased_at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        self.active_promotions(purchased_at)
            .filter(|p| p.covers(plan_id, interval))
            .filter_map(|p| match p.offer {
                Offer::Unlimited { months } => purchased_at.checked_add_months(Months::new(months)),
                Offer::Discount { .. } => None,
            })
            .max()
    }

    /// Whether `plan_id` comes with 365 Unlimited, so that a move onto it keeps the grant.
    pub fn plan_keeps_unlimited(&self, plan_id: &str) -> bool {
        self.plan(plan_id).is_some_and(|p| !p.unlimited.is_empty())
    }
}
