#![allow(dead_code)] // each test binary uses its own subset of these helpers

use chrono::{DateTime, Utc};
use pricing_core::{Catalog, CatalogError, DEFAULT_CATALOG_JSON};
use serde_json::Value;

pub fn catalog() -> Catalog {
    Catalog::parse(DEFAULT_CATALOG_JSON).expect("the default catalog is valid")
}

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    rfc3339.parse().expect("test timestamps are RFC 3339")
}

/// Parses the default catalog after `edit` has changed its JSON.
pub fn parse_edited(edit: impl FnOnce(&mut Value)) -> Result<Catalog, CatalogError> {
    let mut json: Value = serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap();
    edit(&mut json);
    Catalog::parse(&json.to_string())
}

/// The problems an edit causes, as "path: message" lines.
pub fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<String> {
    match parse_edited(edit) {
        Ok(_) => vec![],
        Err(error) => error.problems.iter().map(|p| p.to_string()).collect(),
    }
}

pub fn plan_index(json: &Value, id: &str) -> usize {
    json["plans"].as_array().unwrap().iter().position(|p| p["id"] == id).unwrap()
}
