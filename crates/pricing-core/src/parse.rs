//! Reading a catalog from JSON: the only ways to a [`Catalog`] that keeps every rule.
//!
//! Two stages, so that an editor sees as much as possible at once: the JSON's shape (every
//! malformed list element, each at its path), then, once the shape is right, every business
//! rule of `validate.rs`.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::catalog::{default_languages, Catalog, CatalogError, EstimateBasis, Problem, Support, TaxRule};
use crate::keyed::Keyed;
use crate::money::Currency;
use crate::validate;

/// The catalog's lists, each element kept as JSON so that one malformed element is reported
/// without hiding the problems of its siblings.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Skeleton {
    version: String,
    credit_scale: String,
    currencies: Vec<Currency>,
    #[serde(default = "default_languages")]
    languages: Vec<String>,
    #[serde(default)]
    tax: Keyed<Currency, TaxRule>,
    credit_cycle_months: u32,
    failed_generations_refunded: bool,
    estimate_basis: EstimateBasis,
    feature_rows: Vec<Value>,
    models: Vec<Value>,
    plans: Vec<Value>,
    credit_packs: Vec<Value>,
    promotions: Vec<Value>,
    faq: Vec<Value>,
    support: Support,
    #[serde(default)]
    retention_offer: Option<crate::catalog::RetentionOffer>,
}

impl Catalog {
    /// Parses and validates a catalog. On failure the error lists every problem found: every
    /// malformed list element, or, once the shape is right, every broken business rule.
    pub fn parse(json: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse_shape(json)?.checked()
    }

    /// Reads a catalog's shape only: every malformed element at its path, none of the business
    /// rules. The studio's drafts are read so, made whole by `revision::prepare_publication` (the
    /// records only a publication writes), and then held to every rule by `parse`.
    pub fn parse_shape(json: &str) -> Result<Catalog, CatalogError> {
        let skeleton: Skeleton = from_json(json)?;
        let mut problems = Vec::new();
        let catalog = Catalog {
            version: skeleton.version,
            credit_scale: skeleton.credit_scale,
            currencies: skeleton.currencies,
            languages: skeleton.languages,
            tax: skeleton.tax,
            credit_cycle_months: skeleton.credit_cycle_months,
            failed_generations_refunded: skeleton.failed_generations_refunded,
            estimate_basis: skeleton.estimate_basis,
            feature_rows: each("feature_rows", skeleton.feature_rows, &mut problems),
            models: each("models", skeleton.models, &mut problems),
            plans: each("plans", skeleton.plans, &mut problems),
            credit_packs: each("credit_packs", skeleton.credit_packs, &mut problems),
            promotions: each("promotions", skeleton.promotions, &mut problems),
            faq: each("faq", skeleton.faq, &mut problems),
            support: skeleton.support,
            retention_offer: skeleton.retention_offer,
        };
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(CatalogError { problems })
        }
    }

    /// Decodes and validates a catalog without tracking JSON paths (path tracking is a large
    /// share of a wasm). A shape error is one problem, located by line and column; broken
    /// business rules are reported with their paths, as by `parse`. The browser decodes with
    /// the browser's own JSON parser instead, then calls [`Catalog::checked`].
    pub fn decode(json: &str) -> Result<Catalog, CatalogError> {
        let catalog: Catalog = serde_json::from_str(json).map_err(|e| CatalogError::shape(e.to_string()))?;
        catalog.checked()
    }

    /// The catalog, when it keeps every business rule; else every rule it breaks, by path.
    pub fn checked(self) -> Result<Catalog, CatalogError> {
        let problems = validate::problems(&self);
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(CatalogError { problems })
        }
    }
}

impl CatalogError {
    /// A catalog that is not even shaped like one (not JSON, a field of the wrong type).
    pub fn shape(message: String) -> CatalogError {
        CatalogError { problems: vec![Problem { path: "$".into(), message }] }
    }
}

fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, CatalogError> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|e| CatalogError { problems: vec![shape_problem("", e)] })?;
    de.end().map_err(|e| CatalogError::shape(e.to_string()))?;
    Ok(value)
}

/// The elements of `list` that are well-formed; each malformed one becomes a problem at its
/// index instead.
fn each<T: serde::de::DeserializeOwned>(list: &str, values: Vec<Value>, problems: &mut Vec<Problem>) -> Vec<T> {
    values
        .into_iter()
        .enumerate()
        .filter_map(|(i, value)| {
            serde_path_to_error::deserialize(value)
                .map_err(|e| problems.push(shape_problem(&format!("{list}[{i}]"), e)))
                .ok()
        })
        .collect()
}

/// A deserialization error as a problem at its full path: `prefix` locates the value that was
/// read (empty for the whole catalog), the error's own path the field inside it.
fn shape_problem<E: fmt::Display>(prefix: &str, error: serde_path_to_error::Error<E>) -> Problem {
    let inner = error.path().to_string();
    let path = match (prefix.is_empty(), inner == ".") {
        (true, true) => "$".to_string(),
        (true, false) => inner,
        (false, true) => prefix.to_string(),
        (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
        (false, false) => format!("{prefix}.{inner}"),
    };
    Problem { path, message: error.into_inner().to_string() }
}
