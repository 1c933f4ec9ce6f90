//! JSON in the browser through the browser's own parser: `JSON.parse` builds JS values and
//! serde reads the typed structs from them. A JSON parser compiled into the wasm, once per
//! type it reads, was the largest share of the widget's bytes.

use pricing_core::{Catalog, CatalogError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Reads `T` from JSON text, or says in a sentence what was wrong with it.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(message)?;
    serde_wasm_bindgen::from_value(value).map_err(|error| message(error.into()))
}

/// The message of a JS error, without its "SyntaxError: " or "Error: " prefix.
pub fn message(error: wasm_bindgen::JsValue) -> String {
    js_sys::Error::from(error).message().into()
}

/// `value` as JSON text; `None` only for values JSON cannot hold.
pub fn to_string<T: Serialize>(value: &T) -> Option<String> {
    let value = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// Decodes a catalog and checks its business rules, as [`Catalog::decode`] does natively.
pub fn catalog(text: &str) -> Result<Catalog, CatalogError> {
    from_str::<Catalog>(text).map_err(CatalogError::shape)?.checked()
}
