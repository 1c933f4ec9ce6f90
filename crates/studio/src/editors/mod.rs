//! The catalog's parts, each edited through the fields: plans, models and their credit costs,
//! promotions, credit packs, the FAQ and the texts in the other languages.

mod credit_packs;
mod faq;
mod models;
mod plan_access;
mod plan_editor;
mod plans;
mod promotion_editor;
mod promotions;
mod translations;

pub use credit_packs::CreditPacks;
pub use faq::Faq;
pub use models::Models;
pub use plans::Plans;
pub use promotions::Promotions;
pub use translations::Translations;

use leptos::prelude::*;
use pricing_core::Currency;

use crate::draft::Draft;

/// The currencies the draft offers, changing only when that list does.
pub fn currencies(draft: Draft) -> Memo<Vec<Currency>> {
    Memo::new(move |_| serde_json::from_value(draft.get("currencies")).unwrap_or_default())
}

/// How many elements the list at `path` has, changing only when that count does (a list's
/// editors are made again only then, so typing never loses its field).
pub fn count(draft: Draft, path: &'static str) -> Memo<usize> {
    Memo::new(move |_| draft.len(path))
}
