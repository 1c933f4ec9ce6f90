//! How `UnlimitedAfter` is read from JSON: a flat struct of its fields, checked for the
//! variant, instead of serde's derived reader for internally tagged enums (which buffers every
//! value into a generic `Content` tree, a large share of the browser's wasm). Writing stays
//! derived.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::UnlimitedAfter;

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum UnlimitedStatus {
    NotHeld,
    Continues,
    Starts,
    EndsAt,
}

#[derive(Deserialize)]
pub(super) struct UnlimitedFields {
    status: UnlimitedStatus,
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    until: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::rfc3339::optional")]
    at: Option<DateTime<Utc>>,
}

impl TryFrom<UnlimitedFields> for UnlimitedAfter {
    type Error = &'static str;

    fn try_from(fields: UnlimitedFields) -> Result<UnlimitedAfter, Self::Error> {
        match (fields.status, fields.until, fields.at) {
            (UnlimitedStatus::NotHeld, _, _) => Ok(UnlimitedAfter::NotHeld),
            (UnlimitedStatus::Continues, Some(until), _) => Ok(UnlimitedAfter::Continues { until }),
            (UnlimitedStatus::Starts, Some(until), _) => Ok(UnlimitedAfter::Starts { until }),
            (UnlimitedStatus::EndsAt, _, Some(at)) => Ok(UnlimitedAfter::EndsAt { at }),
            (UnlimitedStatus::EndsAt, _, None) => Err("missing field `at`"),
            _ => Err("missing field `until`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<UnlimitedAfter, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn each_variant_reads_back_what_it_writes() {
        let at: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
        let unlimited = [
            UnlimitedAfter::NotHeld,
            UnlimitedAfter::Continues { until: at },
            UnlimitedAfter::Starts { until: at },
            UnlimitedAfter::EndsAt { at },
        ];
        for after in unlimited {
            assert_eq!(read(&serde_json::to_string(&after).unwrap()), Ok(after));
        }
    }

    #[test]
    fn a_variant_without_its_time_is_refused() {
        assert!(read(r#"{"status":"ends_at"}"#).unwrap_err().contains("missing field `at`"));
        assert!(read(r#"{"status":"starts","at":"2026-11-25T10:00:00Z"}"#)
            .unwrap_err()
            .contains("missing field `until`"));
    }
}
