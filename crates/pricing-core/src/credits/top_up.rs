//! Auto top-up: a customer may have a pack bought when their credits fall below a threshold,
//! within a monthly cap on what it spends; and the low-balance marks of a cycle's allowance.

/// What a top-up does after a customer's credits moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopUp {
    /// The credits are at or above the threshold.
    NotNeeded,
    /// Buy the pack now.
    Buy,
    /// The pack would take this month's spend past the cap: not bought.
    Capped,
}

/// Whether `credits_left` below `threshold` buys a pack of `price` (minor units), when
/// `spent_this_month` has already gone on top-ups and `cap` is the month's limit.
pub fn top_up(credits_left: u64, threshold: u64, spent_this_month: i64, price: i64, cap: i64) -> TopUp {
    if credits_left >= threshold {
        TopUp::NotNeeded
    } else if spent_this_month.saturating_add(price) <= cap {
        TopUp::Buy
    } else {
        TopUp::Capped
    }
}

/// The shares of a cycle's allowance whose spending is announced, in percent.
pub const LOW_BALANCE_MARKS: [u8; 3] = [80, 90, 100];

/// The highest mark that `spent` of a cycle's `allowance` has reached, if any.
pub fn low_balance_mark(allowance: u64, spent: u64) -> Option<u8> {
    if allowance == 0 {
        return None;
    }
    // In whole credits: spent / allowance >= mark / 100, without rounding.
    LOW_BALANCE_MARKS
        .into_iter()
        .rev()
        .find(|mark| u128::from(spent) * 100 >= u128::from(allowance) * u128::from(*mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_is_bought_below_the_threshold_within_the_cap() {
        assert_eq!(top_up(500, 500, 0, 1000, 5000), TopUp::NotNeeded);
        assert_eq!(top_up(499, 500, 0, 1000, 5000), TopUp::Buy);
        assert_eq!(top_up(499, 500, 4000, 1000, 5000), TopUp::Buy, "up to the cap exactly");
        assert_eq!(top_up(499, 500, 4001, 1000, 5000), TopUp::Capped);
        assert_eq!(top_up(0, 1, 0, 1000, 999), TopUp::Capped, "a cap below one pack buys none");
    }

    #[test]
    fn marks_are_reached_at_80_90_and_100_percent_of_the_allowance() {
        assert_eq!(low_balance_mark(1000, 799), None);
        assert_eq!(low_balance_mark(1000, 800), Some(80));
        assert_eq!(low_balance_mark(1000, 899), Some(80));
        assert_eq!(low_balance_mark(1000, 900), Some(90));
        assert_eq!(low_balance_mark(1000, 1000), Some(100));
        assert_eq!(low_balance_mark(3, 3), Some(100));
        assert_eq!(low_balance_mark(0, 0), None, "no allowance, nothing to announce");
    }
}
