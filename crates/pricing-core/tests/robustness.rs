//! Whatever bytes arrive, parsing answers with a catalog or problems, never a panic
//! (the cargo-fuzz target in `fuzz/` drives the same entry point with coverage guidance), and
//! the browser's path-free `decode` accepts exactly what `parse` accepts.

use pricing_core::{Catalog, DEFAULT_CATALOG_JSON};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        prop_assert_eq!(Catalog::parse(&text).is_ok(), Catalog::decode(&text).is_ok());
    }

    #[test]
    fn damaged_default_catalog_never_panics(cut in 0usize..DEFAULT_CATALOG_JSON.len(), insert in "[0-9\\-\\[\\]{}\",:a-z]{0,8}") {
        let mut damaged = DEFAULT_CATALOG_JSON.to_string();
        let cut = (0..=cut).rev().find(|&i| damaged.is_char_boundary(i)).unwrap();
        damaged.insert_str(cut, &insert);
        match (Catalog::parse(&damaged), Catalog::decode(&damaged)) {
            (Ok(parsed), Ok(decoded)) => prop_assert_eq!(parsed, decoded),
            (Err(parsed), Err(decoded)) => prop_assert!(!parsed.problems.is_empty() && !decoded.problems.is_empty()),
            (parsed, decoded) => prop_assert!(false, "parse {:?} but decode {:?}", parsed.is_ok(), decoded.is_ok()),
        }
    }

    #[test]
    fn any_number_in_place_of_a_number_is_handled(path_pick in 0usize..1000, value in proptest::num::i64::ANY) {
        let mut json: serde_json::Value = serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap();
        let mut numbers = Vec::new();
        collect_number_paths(&json, String::new(), &mut numbers);
        let pointer = &numbers[path_pick % numbers.len()];
        *json.pointer_mut(pointer).unwrap() = serde_json::json!(value);
        let text = json.to_string();
        prop_assert_eq!(Catalog::parse(&text).ok(), Catalog::decode(&text).ok());
    }
}

fn collect_number_paths(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Number(_) => out.push(at),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_number_paths(item, format!("{at}/{i}"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                collect_number_paths(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}
