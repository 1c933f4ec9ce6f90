//! Holds: a long generation's credits are taken when it starts (refused at once when they are
//! not there), kept when it succeeds (at most what was held) and given back when it fails or
//! the hold runs out. Unlimited work holds nothing.

use chrono::{DateTime, Duration, Utc};

use super::Debit;

/// How long a hold lasts when its request does not say.
pub const DEFAULT_HOLD_SECONDS: u32 = 3600;
/// The longest a hold may last: a generation that has not finished in a day has failed.
pub const MAX_HOLD_SECONDS: u32 = 24 * 3600;

/// Why a hold cannot be made or settled as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldRefused {
    /// A hold of more than [`MAX_HOLD_SECONDS`].
    TooLong,
    /// A capture of more than was held.
    MoreThanHeld { held: u64 },
}

impl std::fmt::Display for HoldRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HoldRefused::TooLong => write!(f, "a hold lasts at most {MAX_HOLD_SECONDS} seconds"),
            HoldRefused::MoreThanHeld { held } => write!(f, "at most the {held} credits held can be captured"),
        }
    }
}

/// When a hold made at `now` for `seconds` (the default when `None`) runs out.
pub fn hold_expiry(now: DateTime<Utc>, seconds: Option<u32>) -> Result<DateTime<Utc>, HoldRefused> {
    let seconds = seconds.unwrap_or(DEFAULT_HOLD_SECONDS);
    match seconds <= MAX_HOLD_SECONDS {
        true => Ok(now + Duration::seconds(i64::from(seconds.max(1)))),
        false => Err(HoldRefused::TooLong),
    }
}

/// What a capture keeps of `held` credits: all of them unless it names fewer.
pub fn captured(held: u64, asked: Option<u64>) -> Result<u64, HoldRefused> {
    match asked {
        Some(asked) if asked > held => Err(HoldRefused::MoreThanHeld { held }),
        Some(asked) => Ok(asked),
        None => Ok(held),
    }
}

/// The debits to undo so that a hold paid by `debits` (in spending order) keeps `kept`
/// credits: the last spent go back first, so what stays spent is what a charge of `kept`
/// would have spent.
pub fn give_back(debits: &[Debit], kept: u64) -> Vec<Debit> {
    let mut keep = kept;
    let mut back = Vec::new();
    for debit in debits {
        let kept_here = debit.credits.min(keep);
        keep -= kept_here;
        if debit.credits > kept_here {
            back.push(Debit { grant: debit.grant, credits: debit.credits - kept_here });
        }
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credits::{spend, CreditSource, Grant};
    use proptest::prelude::*;

    #[test]
    fn a_hold_lasts_an_hour_unless_asked_and_at_most_a_day() {
        let now: DateTime<Utc> = "2027-02-01T09:00:00Z".parse().unwrap();
        assert_eq!(hold_expiry(now, None), Ok(now + Duration::hours(1)));
        assert_eq!(hold_expiry(now, Some(600)), Ok(now + Duration::minutes(10)));
        assert_eq!(hold_expiry(now, Some(MAX_HOLD_SECONDS + 1)), Err(HoldRefused::TooLong));
        assert_eq!(captured(40, None), Ok(40));
        assert_eq!(captured(40, Some(25)), Ok(25));
        assert_eq!(captured(40, Some(41)), Err(HoldRefused::MoreThanHeld { held: 40 }));
    }

    proptest! {
        /// Keeping `kept` of a hold leaves spent exactly what spending `kept` from the start
        /// would have spent, grant by grant.
        #[test]
        fn what_stays_spent_is_what_a_smaller_charge_would_have_spent(
            lefts in proptest::collection::vec(1u64..500, 1..6),
            held_share in 0.0f64..=1.0,
            kept_share in 0.0f64..=1.0,
        ) {
            let now: DateTime<Utc> = "2027-02-01T09:00:00Z".parse().unwrap();
            let grants: Vec<Grant> = lefts.iter().enumerate().map(|(i, left)| Grant {
                id: i as i64,
                source: if i.is_multiple_of(2) { CreditSource::Plan } else { CreditSource::Pack },
                left: *left,
                expires_at: now + Duration::days(30 + i as i64),
            }).collect();
            let total: u64 = lefts.iter().sum();
            let held = (total as f64 * held_share) as u64;
            let kept = (held as f64 * kept_share) as u64;
            let debits = spend(&grants, held, now).unwrap();
            let back = give_back(&debits, kept);
            let mut left_spent = std::collections::BTreeMap::new();
            for d in &debits { *left_spent.entry(d.grant).or_insert(0i64) += d.credits as i64; }
            for d in &back { *left_spent.entry(d.grant).or_insert(0i64) -= d.credits as i64; }
            left_spent.retain(|_, c| *c != 0);
            let mut smaller = std::collections::BTreeMap::new();
            for d in spend(&grants, kept, now).unwrap() { smaller.insert(d.grant, d.credits as i64); }
            prop_assert_eq!(left_spent, smaller);
            prop_assert_eq!(back.iter().map(|d| d.credits).sum::<u64>(), held - kept);
        }
    }
}
