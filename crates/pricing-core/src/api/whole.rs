//! Whole numbers as JSON writes them: `3600` or `3600.0` alike, since JSON Schema's `integer`
//! takes both and clients (and the contract's fuzzer) send either.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

fn whole<E: Error>(number: f64, max: u64) -> Result<u64, E> {
    match number.fract() == 0.0 && (0.0..=max as f64).contains(&number) {
        true => Ok(number as u64),
        false => Err(E::custom(format_args!("{number} is not a whole number from 0 to {max}"))),
    }
}

/// For `#[serde(deserialize_with = "crate::api::whole::u64")]`.
pub fn u64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    whole(f64::deserialize(deserializer)?, u64::from(u32::MAX) * 1024)
}

/// For optional `u32` fields: `null` or absent is `None`.
pub fn optional_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let Some(number) = Option::<f64>::deserialize(deserializer)? else { return Ok(None) };
    Ok(Some(whole(number, u64::from(u32::MAX))? as u32))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug)]
    struct Numbers {
        #[serde(deserialize_with = "super::u64")]
        count: u64,
        #[serde(default, deserialize_with = "super::optional_u32")]
        seconds: Option<u32>,
    }

    #[test]
    fn whole_numbers_read_with_or_without_a_fraction_of_zero() {
        let read = |json: &str| serde_json::from_str::<Numbers>(json).map(|n| (n.count, n.seconds));
        assert_eq!(read(r#"{"count": 3600}"#).unwrap(), (3600, None));
        assert_eq!(read(r#"{"count": 3600.0, "seconds": 10.0}"#).unwrap(), (3600, Some(10)));
        assert_eq!(read(r#"{"count": 1, "seconds": null}"#).unwrap(), (1, None));
        for wrong in
            [r#"{"count": 1.5}"#, r#"{"count": -1}"#, r#"{"count": "1"}"#, r#"{"count": 1, "seconds": 4294967296}"#]
        {
            assert!(read(wrong).is_err(), "{wrong}");
        }
    }
}
