//! Instants in JSON as RFC 3339 text, read by chrono's strict RFC 3339 parser. chrono's own
//! `Deserialize` goes through its general-purpose format parser, which also reads RFC 2822 and
//! relaxed forms: code the browser would download for nothing.

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, Error};
use serde::Deserialize;

/// For `#[serde(deserialize_with = "crate::rfc3339::instant")]`.
pub fn instant<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|e| D::Error::custom(format_args!("{text:?} is not an RFC 3339 instant: {e}")))
}

/// For optional instants: `null` or absent is `None`.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "instant")] DateTime<Utc>);
    Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(at)| at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct At {
        #[serde(deserialize_with = "instant")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "optional")]
        until: Option<DateTime<Utc>>,
    }

    #[test]
    fn reads_what_chrono_writes_and_refuses_other_forms() {
        let at: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
        let json = format!(r#"{{"at":{},"until":null}}"#, serde_json::to_string(&at).unwrap());
        let read: At = serde_json::from_str(&json).unwrap();
        assert_eq!((read.at, read.until), (at, None));
        let offset: At =
            serde_json::from_str(r#"{"at":"2026-11-25T11:00:00+01:00","until":"2026-12-01T00:00:00Z"}"#).unwrap();
        assert_eq!((offset.at, offset.until.map(|u| u.to_rfc3339())), (at, Some("2026-12-01T00:00:00+00:00".into())));
        let absent: At = serde_json::from_str(r#"{"at":"2026-11-25T10:00:00.000Z"}"#).unwrap();
        assert_eq!(absent.until, None);
        for wrong in [r#""Wed, 25 Nov 2026 10:00:00 +0000""#, r#""2026-11-25""#, "17", r#""2026-13-01T00:00:00Z""#] {
            let error = serde_json::from_str::<At>(&format!(r#"{{"at":{wrong}}}"#)).unwrap_err().to_string();
            assert!(error.contains("RFC 3339") || error.contains("invalid type"), "{wrong}: {error}");
        }
    }
}
