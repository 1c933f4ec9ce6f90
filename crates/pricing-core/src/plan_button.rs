//! What a plan card's button does for the visitor looking at it: the widget labels the
//! button with it and the billing API accepts the same moves, so neither can promise what the
//! other would refuse.

use crate::catalog::{Catalog, Interval};

/// What a card's button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanAction {
    /// Nothing to buy through the API here: the host page handles the event (no billing API,
    /// the free plan for a visitor who has no paid plan, or an account still loading).
    Announce,
    /// A new paid plan, through checkout.
    Checkout,
    /// The plan and interval the customer already has.
    Current,
    /// A change of a paid plan, previewed first: an upgrade applies now, anything else
    /// (another plan for less, a shorter interval, the free plan) at the period's end.
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
    /// What `plan_id`'s button on `interval` does for `visitor`.
    pub fn plan_action(&self, visitor: Visitor, plan_id: &str, interval: Interval) -> PlanAction {
        let free = |id: &str| self.plan(id).is_some_and(|p| p.free);
        match visitor {
            Visitor::Offline | Visitor::Loading => PlanAction::Announce,
            Visitor::SignedIn(account)
                if account.plan == plan_id && (free(plan_id) || account.interval == Some(interval)) =>
            {
                PlanAction::Current
            }
            Visitor::SignedIn(account) if !free(account.plan) => {
                let from = (account.plan, account.interval.unwrap_or(interval));
                PlanAction::Change { upgrade: self.is_upgrade(from, (plan_id, interval)) }
            }
            _ if free(plan_id) => PlanAction::Announce,
            Visitor::Anonymous | Visitor::SignedIn(_) => PlanAction::Checkout,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

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
