//! Which move takes a customer from the plan they have to another: a first paid plan through
//! checkout, a change of the paid plan (an upgrade now, anything else at the period's end), or
//! none. One rule for the widget, whose plan buttons say and do it, and for the billing API,
//! which accepts exactly these checkouts and changes: neither can promise what the other
//! would refuse.

use crate::catalog::Catalog;
use crate::interval::Interval;
use crate::pricing::PricingError;

/// How a customer gets a plan on an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanMove {
    /// A first paid plan, through checkout.
    Checkout,
    /// The plan and interval the customer is on (every customer without a paid plan is on
    /// the free plan).
    Current,
    /// A change of a paid plan, previewed first: an upgrade applies now, anything else (another
    /// plan for less, a shorter interval, the free plan) at the period's end.
    Change { upgrade: bool },
}

/// What a card's button does for the visitor looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanAction {
    /// Nothing to buy through the API here: the host page handles the event (no billing API,
    /// the free plan for a visitor who is not signed in, or an account still loading).
    Announce,
    /// A new paid plan, through checkout.
    Checkout,
    /// The plan and interval the customer already has.
    Current,
    /// A change of a paid plan, previewed first.
    Change { upgrade: bool },
}

/// The signed-in customer's plan, as the billing API reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountPlan<'a> {
    pub plan: &'a str,
    /// `None` on the free plan.
    pub interval: Option<Interval>,
}

/// Who is looking at the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visitor<'a> {
    /// The widget has no billing API.
    Offline,
    /// Not signed in: buying starts a checkout.
    Anonymous,
    /// Signed in, the plan not known yet.
    Loading,
    SignedIn(AccountPlan<'a>),
}

impl Catalog {
    /// Whether moving from one (plan, interval) to another is an upgrade, which takes effect
    /// now: a larger paid plan without shortening the interval, or the same plan from monthly
    /// to annual. Everything else waits for the period end.
    pub fn is_upgrade(
        &self,
        (from_plan, from_interval): (&str, Interval),
        (to_plan, to_interval): (&str, Interval),
    ) -> bool {
        let (Some(from), Some(to)) = (self.plan_rank(from_plan), self.plan_rank(to_plan)) else { return false };
        let shortens = from_interval == Interval::Annual && to_interval == Interval::Monthly;
        let lengthens = from_interval == Interval::Monthly && to_interval == Interval::Annual;
        !self.is_free(to_plan) && !shortens && (to > from || (to == from && lengthens))
    }

    /// The move to `plan_id` on `interval` for a customer whose paid plan is `paid` (plan and
    /// interval; `None`: on the free plan).
    pub fn plan_move(&self, paid: Option<(&str, Interval)>, plan_id: &str, interval: Interval) -> PlanMove {
        match paid {
            None if self.is_free(plan_id) => PlanMove::Current,
            None => PlanMove::Checkout,
            Some((plan, on)) if plan == plan_id && on == interval => PlanMove::Current,
            Some(from) => PlanMove::Change { upgrade: self.is_upgrade(from, (plan_id, interval)) },
        }
    }

    /// Whether a customer whose paid plan is `paid` may buy `plan_id` on `interval` through
    /// checkout: only a first paid plan is bought; a paid plan is changed instead.
    pub fn checkout_allowed(
        &self,
        paid: Option<(&str, Interval)>,
        plan_id: &str,
        interval: Interval,
    ) -> Result<(), PricingError> {
        if self.plan(plan_id).is_none() {
            return Err(PricingError::UnknownPlan(plan_id.to_string()));
        }
        if self.is_free(plan_id) {
            return Err(PricingError::FreePlanNeedsNoCheckout);
        }
        match self.plan_move(paid, plan_id, interval) {
            PlanMove::Checkout => Ok(()),
            PlanMove::Current | PlanMove::Change { .. } => Err(PricingError::AlreadySubscribed),
        }
    }

    /// What `plan_id`'s button on `interval` does for `visitor`.
    pub fn plan_action(&self, visitor: Visitor, plan_id: &str, interval: Interval) -> PlanAction {
        let paid = match visitor {
            Visitor::Offline | Visitor::Loading => return PlanAction::Announce,
            Visitor::Anonymous => None,
            Visitor::SignedIn(account) => {
                account.interval.filter(|_| !self.is_free(account.plan)).map(|i| (account.plan, i))
            }
        };
        match self.plan_move(paid, plan_id, interval) {
            // A visitor who is not signed in is on no plan yet: the free plan's button invites.
            PlanMove::Current if visitor == Visitor::Anonymous => PlanAction::Announce,
            PlanMove::Current => PlanAction::Current,
            PlanMove::Checkout => PlanAction::Checkout,
            PlanMove::Change { upgrade } => PlanAction::Change { upgrade },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

    #[test]
    fn only_a_first_paid_plan_is_bought_through_checkout() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let monthly = Interval::Monthly;
        assert_eq!(catalog.checkout_allowed(None, "pro", Interval::Annual), Ok(()));
        assert_eq!(catalog.checkout_allowed(None, "free", monthly), Err(PricingError::FreePlanNeedsNoCheckout));
        assert_eq!(catalog.checkout_allowed(None, "gold", monthly), Err(PricingError::UnknownPlan("gold".into())));
        for (plan, interval) in [("pro", monthly), ("ultimate", monthly), ("basic", Interval::Annual)] {
            assert_eq!(
                catalog.checkout_allowed(Some(("pro", monthly)), plan, interval),
                Err(PricingError::AlreadySubscribed),
                "a paid plan is changed, never bought twice"
            );
        }
    }

    #[test]
    fn each_visitor_gets_the_move_the_api_accepts() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let (monthly, annual) = (Interval::Monthly, Interval::Annual);
        let on = |plan, interval| Visitor::SignedIn(AccountPlan { plan, interval });
        let cases = [
            (Visitor::Offline, "pro", monthly, PlanAction::Announce),
            (Visitor::Loading, "pro", monthly, PlanAction::Announce),
            (Visitor::Anonymous, "pro", annual, PlanAction::Checkout),
            (Visitor::Anonymous, "free", monthly, PlanAction::Announce),
            (on("free", None), "free", annual, PlanAction::Current),
            (on("free", None), "basic", monthly, PlanAction::Checkout),
            (on("pro", Some(monthly)), "pro", monthly, PlanAction::Current),
            (on("pro", Some(monthly)), "pro", annual, PlanAction::Change { upgrade: true }),
            (on("pro", Some(annual)), "pro", monthly, PlanAction::Change { upgrade: false }),
            (on("pro", Some(monthly)), "ultimate", monthly, PlanAction::Change { upgrade: true }),
            (on("pro", Some(monthly)), "basic", monthly, PlanAction::Change { upgrade: false }),
            // A paying customer's Free card is a downgrade at the period's end, not a sign-up.
            (on("basic", Some(monthly)), "free", monthly, PlanAction::Change { upgrade: false }),
        ];
        for (visitor, plan, interval, expected) in cases {
            assert_eq!(catalog.plan_action(visitor, plan, interval), expected, "{visitor:?} on {plan} {interval}");
        }
    }
}
