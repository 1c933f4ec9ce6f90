//! A customer's auto top-up: a pack bought when their credits fall below a threshold, within a
//! monthly cap on what it spends.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// The customer's choice. The cap is in the currency packs are bought in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"enabled": true, "pack": "pack-500", "threshold": 200, "monthly_cap": {"minor": 3000, "currency": "USD"}})))]
pub struct AutoTopUpRequest {
    pub enabled: bool,
    /// The pack to buy: one the catalog offers in the cap's currency.
    pub pack: String,
    /// Buy when the credits left fall below this.
    #[serde(deserialize_with = "super::whole::u64")]
    #[cfg_attr(feature = "openapi", schema(maximum = 1000000))]
    pub threshold: u64,
    /// The most top-ups may spend in a calendar month (UTC); below one pack's price, none is bought.
    #[serde(deserialize_with = "whole_money")]
    pub monthly_cap: Money,
}

/// The largest monthly cap, in minor units (a billion in the currency's major unit, or more).
pub const MAX_CAP_MINOR: i64 = 100_000_000_000;

/// An amount as JSON writes integers: `2900` or `2900.0` alike (JSON Schema's `integer` takes
/// both).
fn whole_money<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Written {
        minor: f64,
        currency: crate::money::Currency,
    }
    let written = Written::deserialize(deserializer)?;
    let whole = written.minor.fract() == 0.0 && written.minor.abs() <= MAX_CAP_MINOR as f64;
    match whole {
        true => Ok(Money::new(written.minor as i64, written.currency)),
        false => Err(D::Error::custom(format_args!("{} is not a whole number of minor units", written.minor))),
    }
}

/// The customer's auto top-up and what it bought this month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"enabled": true, "pack": "pack-500", "threshold": 200, "monthly_cap": {"minor": 3000, "currency": "USD"}, "spent_this_month": {"minor": 900, "currency": "USD"}, "bought_this_month": 1})))]
pub struct AutoTopUp {
    pub enabled: bool,
    pub pack: String,
    pub threshold: u64,
    pub monthly_cap: Money,
    pub spent_this_month: Money,
    pub bought_this_month: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn a_cap_reads_whole_amounts_as_json_writes_them() {
        let read = |cap: &str| {
            let json = format!(r#"{{"enabled": true, "pack": "p", "threshold": 1, "monthly_cap": {cap}}}"#);
            serde_json::from_str::<AutoTopUpRequest>(&json).map(|r| r.monthly_cap)
        };
        assert_eq!(read(r#"{"minor": 2900, "currency": "USD"}"#).unwrap(), Money::new(2900, Currency::USD));
        assert_eq!(read(r#"{"minor": 2900.0, "currency": "EUR"}"#).unwrap(), Money::new(2900, Currency::EUR));
        for wrong in [r#"{"minor": 29.5, "currency": "USD"}"#, r#"{"minor": 1, "currency": "XXX"}"#, r#"{"minor": 1}"#]
        {
            assert!(read(wrong).is_err(), "{wrong}");
        }
    }
}
