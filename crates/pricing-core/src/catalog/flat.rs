//! How the catalog's enums with data are read from JSON. serde's derived readers for untagged and
//! internally tagged enums buffer every value into a generic `Content` tree first, which is a
//! large share of the browser's wasm; these read a flat struct of all the fields (or the JSON
//! value itself) and check which variant it is. Writing stays derived.

use std::fmt;

use serde::de::{Deserializer, Visitor};
use serde::Deserialize;

use super::{FeatureValue, Offer, PriceTable};
use crate::keyed::Keyed;

impl<'de> Deserialize<'de> for FeatureValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FeatureValue, D::Error> {
        struct Value;

        impl Visitor<'_> for Value {
            type Value = FeatureValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("true, false or a text")
            }

            fn visit_bool<E>(self, flag: bool) -> Result<FeatureValue, E> {
                Ok(FeatureValue::Flag(flag))
            }

            fn visit_str<E>(self, text: &str) -> Result<FeatureValue, E> {
                Ok(FeatureValue::Text(text.to_string()))
            }
        }

        deserializer.deserialize_any(Value)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum OfferType {
    Discount,
    Unlimited,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OfferFields {
    #[serde(rename = "type")]
    kind: OfferType,
    percent_off: Option<u8>,
    was: Option<Keyed<String, PriceTable>>,
    months: Option<u32>,
}

impl TryFrom<OfferFields> for Offer {
    type Error = &'static str;

    fn try_from(fields: OfferFields) -> Result<Offer, Self::Error> {
        match fields {
            OfferFields { kind: OfferType::Discount, percent_off: Some(percent_off), was: Some(was), months: None } => {
                Ok(Offer::Discount { percent_off, was })
            }
            OfferFields { kind: OfferType::Unlimited, months: Some(months), percent_off: None, was: None } => {
                Ok(Offer::Unlimited { months })
            }
            OfferFields { kind: OfferType::Discount, .. } => {
                Err("a discount has `percent_off` and `was`, and no `months`")
            }
            OfferFields { kind: OfferType::Unlimited, .. } => {
                Err("an unlimited offer has `months`, and no `percent_off` or `was`")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::IntervalPrices;
    use crate::Currency;

    fn read<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn enums_read_back_what_they_write() {
        let was: Keyed<String, PriceTable> = [(
            "pro".to_string(),
            [(Currency::USD, IntervalPrices { monthly: 2900, annual: 27840 })].into_iter().collect(),
        )]
        .into_iter()
        .collect();
        for offer in [Offer::Discount { percent_off: 20, was }, Offer::Unlimited { months: 12 }] {
            assert_eq!(read::<Offer>(&serde_json::to_string(&offer).unwrap()), Ok(offer));
        }
        for value in [FeatureValue::Flag(true), FeatureValue::Flag(false), FeatureValue::Text("4K".into())] {
            assert_eq!(read::<FeatureValue>(&serde_json::to_string(&value).unwrap()), Ok(value));
        }
    }

    #[test]
    fn a_variant_without_its_fields_or_with_others_is_refused() {
        let refused = [
            (r#"{"type":"discount","percent_off":20}"#, "`percent_off` and `was`"),
            (r#"{"type":"unlimited","months":12,"percent_off":20}"#, "no `percent_off`"),
            (r#"{"type":"unlimited","months":12,"gift":true}"#, "unknown field `gift`"),
            (r#"{"type":"rebate","months":12}"#, "unknown variant `rebate`"),
            (r#"{"months":12}"#, "missing field `type`"),
        ];
        for (json, why) in refused {
            let error = read::<Offer>(json).unwrap_err();
            assert!(error.contains(why), "{json}: {error}");
        }
        assert!(read::<FeatureValue>("12").unwrap_err().contains("expected true, false or a text"));
    }
}
