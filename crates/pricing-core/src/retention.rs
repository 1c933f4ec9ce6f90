//! Cancellation that listens: why a customer leaves (from a list, and in their words), and the
//! offer the catalog may make to keep them, taken at most once per customer.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
pub use crate::catalog::RetentionOffer;
use crate::interval::Interval;
use crate::plan_change::Subscription;
use crate::pricing::{discounted, PricingError};

/// Why a customer cancels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CancelReason {
    TooExpensive,
    NotUsingEnough,
    MissingFeature,
    QualityNotGoodEnough,
    SwitchingService,
    TechnicalProblems,
    OnlyNeededItOnce,
    Other,
}

impl CancelReason {
    pub const ALL: [CancelReason; 8] = [
        CancelReason::TooExpensive,
        CancelReason::NotUsingEnough,
        CancelReason::MissingFeature,
        CancelReason::QualityNotGoodEnough,
        CancelReason::SwitchingService,
        CancelReason::TechnicalProblems,
        CancelReason::OnlyNeededItOnce,
        CancelReason::Other,
    ];
    /// Their names, in the order of the variants.
    pub const NAMES: [&'static str; 8] = [
        "too_expensive",
        "not_using_enough",
        "missing_feature",
        "quality_not_good_enough",
        "switching_service",
        "technical_problems",
        "only_needed_it_once",
        "other",
    ];

    pub fn as_str(self) -> &'static str {
        CancelReason::NAMES[self as usize]
    }
}

/// The longest comment a cancellation keeps, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

impl RetentionOffer {
    /// A renewal's price under the offer, rounded as promotions round.
    pub fn price(&self, list: i64) -> i64 {
        discounted(list, self.percent_off)
    }

    /// What is wrong with the offer as written, if anything.
    pub fn problem(&self) -> Option<&'static str> {
        match (self.percent_off, self.months) {
            (1..=90, 1..=12) => None,
            (1..=90, _) => Some("months must be 1 to 12"),
            _ => Some("percent_off must be 1 to 90"),
        }
    }
}

/// A retention offer taken and still running on a subscription: what it takes off, and how many
/// renewals it still lowers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfferRunning {
    pub percent_off: u8,
    pub renewals_left: u32,
}

/// The period that follows one that ran out, charged `next.paid`, and whether the retention
/// offer lowered that charge (one of its renewals is then used).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextRenewal {
    pub next: Subscription,
    pub offer_applied: bool,
}

impl Catalog {
    /// The offer a customer cancelling `subscription` may take instead: the catalog's, for a
    /// monthly plan, unless they took one before.
    pub fn retention_offer_for(&self, subscription: &Subscription, taken_before: bool) -> Option<RetentionOffer> {
        self.retention_offer.filter(|_| !taken_before && subscription.interval == Interval::Monthly)
    }

    /// What renewing `subscription` at its period's end starts and charges: the next period
    /// (`next_period`: the same plan or the one `scheduled`), at the price of the offer still
    /// `running`, if any. `None` when the paid plan ends instead. The renewal charges this, and
    /// the account view shows it, so the two cannot differ.
    pub fn next_renewal(
        &self,
        subscription: &Subscription,
        scheduled: Option<(&str, Interval)>,
        cancelled: bool,
        running: Option<OfferRunning>,
    ) -> Result<Option<NextRenewal>, PricingError> {
        let Some(mut next) = self.next_period(subscription, scheduled, cancelled)? else { return Ok(None) };
        let offer = running.filter(|offer| offer.renewals_left > 0);
        if let Some(offer) = offer {
            // Rounded as the offer was priced when it was shown (`RetentionOffer::price`).
            next.paid = discounted(next.paid, offer.percent_off);
        }
        Ok(Some(NextRenewal { next, offer_applied: offer.is_some() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_is_named_as_serde_writes_it() {
        for reason in CancelReason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.as_str());
        }
    }

    #[test]
    fn an_offer_takes_its_percent_off_as_promotions_round_and_is_checked() {
        let offer = RetentionOffer { percent_off: 30, months: 3 };
        assert_eq!(offer.price(2900), 2030);
        assert_eq!(offer.price(999), 699, "699.3 rounds to the nearest minor unit");
        assert_eq!(offer.problem(), None);
        assert!(RetentionOffer { percent_off: 0, months: 3 }.problem().is_some());
        assert!(RetentionOffer { percent_off: 95, months: 3 }.problem().is_some());
        assert!(RetentionOffer { percent_off: 30, months: 0 }.problem().is_some());
    }

    #[test]
    fn a_renewal_is_charged_at_the_offer_while_it_runs_and_not_when_the_plan_ends() {
        let catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
        let start: chrono::DateTime<chrono::Utc> = "2027-02-01T09:00:00Z".parse().unwrap();
        let pro = Subscription {
            plan_id: "pro".into(),
            interval: Interval::Monthly,
            currency: crate::Currency::USD,
            period_start: start,
            period_end: crate::period_end(start, Interval::Monthly),
            paid: 2900,
            unlimited_until: None,
        };
        let list = catalog.next_period(&pro, None, false).unwrap().unwrap();
        let running = OfferRunning { percent_off: 30, renewals_left: 2 };
        let renewal = catalog.next_renewal(&pro, None, false, Some(running)).unwrap().unwrap();
        let offered = RetentionOffer { percent_off: 30, months: 3 }.price(list.paid);
        assert_eq!(renewal, NextRenewal { next: Subscription { paid: offered, ..list.clone() }, offer_applied: true });
        let spent = OfferRunning { renewals_left: 0, ..running };
        assert_eq!(catalog.next_renewal(&pro, None, false, Some(spent)).unwrap().unwrap().next, list);
        let basic = catalog.next_renewal(&pro, Some(("basic", Interval::Monthly)), false, None).unwrap().unwrap();
        assert_eq!((basic.next.plan_id.as_str(), basic.next.paid, basic.offer_applied), ("basic", 1000, false));
        assert_eq!(catalog.next_renewal(&pro, None, true, Some(running)).unwrap(), None, "cancelled");
        assert_eq!(catalog.next_renewal(&pro, Some(("free", Interval::Monthly)), false, None).unwrap(), None);
    }
}
