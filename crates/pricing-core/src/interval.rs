//! Billing intervals: how often a plan is charged, read and written by name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::named::{by_name, UnknownName};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Interval {
    Monthly,
    Annual,
}

/// The months an annual subscription runs and is charged for: an annual price is spread over
/// them per month, and compared with this many monthly payments for the annual saving.
pub const MONTHS_PER_YEAR: u32 = 12;

impl Interval {
    pub const ALL: [Interval; 2] = [Interval::Monthly, Interval::Annual];
    /// Their names, in the order of `ALL`.
    pub const NAMES: [&'static str; 2] = ["monthly", "annual"];

    pub fn months(self) -> u32 {
        match self {
            Interval::Monthly => 1,
            Interval::Annual => MONTHS_PER_YEAR,
        }
    }

    pub fn as_str(self) -> &'static str {
        Interval::NAMES[self as usize]
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Interval {
    type Err = UnknownName;

    /// `monthly` or `annual`, as `as_str` writes them.
    fn from_str(text: &str) -> Result<Interval, UnknownName> {
        by_name("interval", text, &Interval::ALL, &Interval::NAMES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_what_they_write() {
        for interval in Interval::ALL {
            assert_eq!(interval.as_str().parse(), Ok(interval));
            assert_eq!(
                serde_json::to_string(&interval).unwrap(),
                format!("\"{interval}\""),
                "serde writes the same name"
            );
        }
        assert_eq!(
            "weekly".parse::<Interval>().unwrap_err().to_string(),
            "\"weekly\" names no interval (monthly, annual)"
        );
    }
}
