//! What a plan's credits make and which models it may use, in the visitor's words: the card's
//! lines and the comparison matrix's cells say the same (`Catalog::plan_estimate` and
//! `access.rs` decide it).

use pricing_core::catalog::Plan;
use pricing_core::{Catalog, OutputEstimate};

use crate::words::Words;

/// What `estimate` says under `key` (`card.videos`, `matrix.images`, …): counted on the cards'
/// shared model, or on the plan's own one (`<key>_on`), which it then names.
pub fn estimate_text(words: &Words, catalog: &Catalog, key: &str, estimate: &OutputEstimate) -> String {
    let seconds = words.number(estimate.seconds.unwrap_or_default().into());
    let model = catalog.model(&estimate.model).map_or("", |m| m.name.as_str());
    let values = [("seconds", seconds.as_str()), ("model", model)];
    match estimate.on_basis {
        true => words.count(key, estimate.count, &values),
        false => words.count(&format!("{key}_on"), estimate.count, &values),
    }
}

/// The models `plan` may use: all of them (with their number), or their names.
pub fn models_text(words: &Words, catalog: &Catalog, plan: &Plan) -> String {
    if catalog.includes_every_model(plan) {
        return words.count("models.all", catalog.models.len() as u64, &[]);
    }
    words.list(&catalog.included_models(plan).map(|m| m.name.clone()).collect::<Vec<_>>())
}
