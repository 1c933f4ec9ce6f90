//! Money in integer minor units, currencies and the rounding rules every amount goes through.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::named::{by_name, UnknownName};

/// The currencies a catalog may price in. Anything else is rejected when the catalog is parsed,
/// because we must know how many minor units a currency has before we can store a price in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    USD,
    EUR,
    GBP,
    JPY,
    KRW,
    CHF,
    CAD,
    AUD,
    // The regions of the catalog's Portuguese, Spanish, Chinese and Arabic readers, so that a
    // catalog may offer them theirs and `currency="auto"` finds it.
    BRL,
    MXN,
    CNY,
    SAR,
    AED,
}

impl Currency {
    pub const ALL: [Currency; 13] = [
        Currency::USD,
        Currency::EUR,
        Currency::GBP,
        Currency::JPY,
        Currency::KRW,
        Currency::CHF,
        Currency::CAD,
        Currency::AUD,
        Currency::BRL,
        Currency::MXN,
        Currency::CNY,
        Currency::SAR,
        Currency::AED,
    ];

    /// Their ISO 4217 codes, in the order of `ALL`.
    pub const CODES: [&'static str; 13] =
        ["USD", "EUR", "GBP", "JPY", "KRW", "CHF", "CAD", "AUD", "BRL", "MXN", "CNY", "SAR", "AED"];

    pub fn code(self) -> &'static str {
        Currency::CODES[self as usize]
    }

    /// ISO 4217 exponent: how many decimal digits the minor unit has (JPY and KRW have none).
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::JPY | Currency::KRW => 0,
            _ => 2,
        }
    }
}

impl FromStr for Currency {
    type Err = UnknownName;

    /// An ISO 4217 code as `code` writes it, in capitals: `USD`.
    fn from_str(code: &str) -> Result<Currency, UnknownName> {
        by_name("currency", code, &Currency::ALL, &Currency::CODES)
    }
}

/// Read from a plain string rather than as a serde enum, so that a price table's problems are
/// reported at their currency key and an unknown code gets a message that lists the known ones.
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in a currency's minor units (cents, pence; yen for JPY).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"minor": 2900, "currency": "USD"})))]
pub struct Money {
    /// Integer minor units (cents; yen for JPY).
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// The amount in major units as a float, for display libraries such as `Intl.NumberFormat`.
    /// Never compute with it.
    pub fn major_for_display(self) -> f64 {
        self.minor as f64 / 10f64.powi(self.currency.minor_digits() as i32)
    }

    /// The amount as a plain decimal in major units ("29.00", "-0.05", "4400"), as schema.org
    /// and other machine-readable formats want it.
    pub fn decimal(self) -> String {
        let digits = self.currency.minor_digits();
        let scale = 10u64.pow(digits);
        let (sign, abs) = (if self.minor < 0 { "-" } else { "" }, self.minor.unsigned_abs());
        match digits {
            0 => format!("{sign}{abs}"),
            _ => format!("{sign}{}.{:0width$}", abs / scale, abs % scale, width = digits as usize),
        }
    }
}

impl Money {
    /// Reads what [`Money::decimal`] writes ("29", "29.5", "29.50", "-1", "4400" for yen): at
    /// most the currency's minor digits after the point, never rounded. `None` for anything else.
    pub fn parse_decimal(text: &str, currency: Currency) -> Option<Money> {
        let text = text.trim();
        let (negative, text) = text.strip_prefix('-').map_or((false, text), |rest| (true, rest));
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = currency.minor_digits() as usize;
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) || fraction.len() > digits {
            return None;
        }
        let scale = 10i64.pow(digits as u32);
        let fraction = format!("{fraction:0<digits$}");
        let minor = whole.parse::<i64>().ok()?.checked_mul(scale)?.checked_add(fraction.parse::<i64>().unwrap_or(0))?;
        Some(Money::new(if negative { -minor } else { minor }, currency))
    }
}

/// A locale-free rendering ("USD 1,234.50", "JPY 4,400") for logs and command-line tools; the
/// widget formats with the browser's `Intl.NumberFormat` instead.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_digits();
        let scale = 10i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let major = group_thousands(abs / scale as u64);
        if digits == 0 {
            write!(f, "{} {sign}{major}", self.currency)
        } else {
            let minor = abs % scale as u64;
            write!(f, "{} {sign}{major}.{minor:0width$}", self.currency, width = digits as usize)
        }
    }
}

/// "1,234,567": digits grouped by thousands with commas, as en-US writes them.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `value * num / den` rounded toward negative infinity, computed in 128 bits so that no
/// intermediate product overflows. `den` must be positive.
pub fn mul_div_floor(value: i64, num: i64, den: i64) -> i64 {
    assert!(den > 0, "denominator must be positive");
    (value as i128 * num as i128).div_euclid(den as i128) as i64
}

/// `value * num / den` rounded toward positive infinity. `den` must be positive.
pub fn mul_div_ceil(value: i64, num: i64, den: i64) -> i64 {
    -mul_div_floor(-value, num, den)
}

/// `value * num / den` rounded to the nearest integer, halves away from zero (commercial
/// rounding). `den` must be positive.
pub fn mul_div_round(value: i64, num: i64, den: i64) -> i64 {
    assert!(den > 0, "denominator must be positive");
    let product = value as i128 * num as i128;
    let den = den as i128;
    let rounded = (product.abs() * 2 + den) / (den * 2);
    (if product < 0 { -rounded } else { rounded }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_written_amount_reads_back_as_itself(minor in -10_000_000i64..10_000_000, c in 0usize..Currency::ALL.len()) {
            let money = Money::new(minor, Currency::ALL[c]);
            prop_assert_eq!(Money::parse_decimal(&money.decimal(), money.currency), Some(money));
        }
    }

    #[test]
    fn typed_amounts_read_exactly_or_not_at_all() {
        let usd = |t| Money::parse_decimal(t, Currency::USD).map(|m| m.minor);
        assert_eq!(
            [usd("29"), usd("29.5"), usd(" 29.50 "), usd("-1"), usd("0.05")],
            [Some(2900), Some(2950), Some(2950), Some(-100), Some(5)]
        );
        assert_eq!([usd("29.505"), usd("29,50"), usd(""), usd("."), usd("1e3"), usd("--1")], [None; 6]);
        assert_eq!(Money::parse_decimal("4400", Currency::JPY).map(|m| m.minor), Some(4400));
        assert_eq!(Money::parse_decimal("44.5", Currency::JPY), None);
    }

    #[test]
    fn zero_decimal_currencies_print_without_minor_units() {
        assert_eq!(Money::new(440_000, Currency::JPY).to_string(), "JPY 440,000");
        assert_eq!(Money::new(123_456, Currency::USD).to_string(), "USD 1,234.56");
        assert_eq!(Money::new(-5, Currency::EUR).to_string(), "EUR -0.05");
        assert_eq!(Money::new(1_000, Currency::KRW).major_for_display(), 1000.0);
        assert_eq!(Money::new(1_999, Currency::GBP).major_for_display(), 19.99);
        assert_eq!(Money::new(2_900, Currency::USD).decimal(), "29.00");
        assert_eq!(Money::new(-5, Currency::EUR).decimal(), "-0.05");
        assert_eq!(Money::new(440_000, Currency::JPY).decimal(), "440000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn codes_round_trip() {
        for c in Currency::ALL {
            assert_eq!(c.code().parse(), Ok(c));
        }
        let unknown = "XYZ".parse::<Currency>().unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "\"XYZ\" names no currency (USD, EUR, GBP, JPY, KRW, CHF, CAD, AUD, BRL, MXN, CNY, SAR, AED)"
        );
        assert!("usd".parse::<Currency>().is_err(), "codes are written in capitals");
    }

    #[test]
    fn rounding_directions() {
        assert_eq!(mul_div_floor(10, 1, 3), 3);
        assert_eq!(mul_div_ceil(10, 1, 3), 4);
        assert_eq!(mul_div_round(10, 1, 4), 3); // 2.5 rounds away from zero
        assert_eq!(mul_div_round(-10, 1, 4), -3);
        assert_eq!(mul_div_floor(-10, 1, 3), -4);
        assert_eq!(mul_div_floor(i64::MAX, 2, 2), i64::MAX);
    }

    proptest! {
        #[test]
        fn rounding_brackets_the_exact_quotient(v in -1_000_000_000i64..1_000_000_000, n in 0i64..100_000, d in 1i64..100_000) {
            let exact = v as i128 * n as i128;
            let lo = mul_div_floor(v, n, d) as i128;
            let hi = mul_div_ceil(v, n, d) as i128;
            let near = mul_div_round(v, n, d) as i128;
            prop_assert!(lo * d as i128 <= exact && exact < (lo + 1) * d as i128);
            prop_assert!(hi - lo <= 1 && hi * d as i128 >= exact);
            prop_assert!(near == lo || near == hi);
            prop_assert!((near * d as i128 - exact).abs() * 2 <= d as i128);
        }
    }
}
