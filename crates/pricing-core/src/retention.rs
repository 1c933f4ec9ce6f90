//! Cancellation that listens: why a customer leaves (from a list, and in their words), and the
//! offer the catalog may make to keep them, taken at most once per customer.

use serde::{Deserialize, Serialize};

use crate::catalog::Catalog;
pub use crate::catalog::RetentionOffer;
use crate::interval::Interval;
use crate::plan_change::Subscription;
use crate::pricing::discounted;

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

impl Catalog {
    /// The offer a customer cancelling `subscription` may take instead: the catalog's, for a
    /// monthly plan, unless they took one before.
    pub fn retention_offer_for(&self, subscription: &Subscription, taken_before: bool) -> Option<RetentionOffer> {
        self.retention_offer.filter(|_| !taken_before && subscription.interval == Interval::Monthly)
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
}
