//! The editor's draft: the catalog as JSON, edited one value at a time at the JSON paths the
//! core's problems name (`plans[2].prices.USD.monthly`, `pricing_core::json_path`), and every
//! problem of it as the core sees it: read, made ready as a publication now would make it (its price history and
//! struck-through prices), and held to every rule of `catalog-check`.

use leptos::prelude::*;
use pricing_core::json_path;
use pricing_core::revision::prepare_publication;
use pricing_core::{Catalog, Problem};
use serde_json::Value;

/// The draft and the version in force it is written against.
#[derive(Clone, Copy)]
pub struct Draft {
    pub catalog: RwSignal<Value>,
    /// The catalog in force (what the draft is compared with) and its version.
    pub in_force: RwSignal<Option<(i64, Value)>>,
    /// Every problem of the draft, as the core reports them.
    pub problems: Memo<Vec<Problem>>,
}

impl Draft {
    pub fn new() -> Draft {
        let catalog = RwSignal::new(Value::Null);
        let in_force: RwSignal<Option<(i64, Value)>> = RwSignal::new(None);
        // Read once per version in force, not once per keystroke.
        let published = Memo::new(move |_| {
            in_force.with(|v| v.as_ref().and_then(|(_, json)| Catalog::parse(&json.to_string()).ok()))
        });
        let problems = Memo::new(move |_| {
            published.with(|published| catalog.with(|draft| problems_of(draft, published.as_ref())))
        });
        Draft { catalog, in_force, problems }
    }

    /// Starts again from version `id`'s catalog, in force.
    pub fn start_from(&self, id: i64, catalog: Value) {
        self.in_force.set(Some((id, catalog.clone())));
        self.catalog.set(catalog);
    }

    pub fn get(&self, path: &str) -> Value {
        self.catalog.with(|c| json_path::get(c, path).cloned().unwrap_or(Value::Null))
    }

    pub fn set(&self, path: &str, value: Value) {
        self.catalog.update(|c| json_path::set(c, path, value));
    }

    /// Changes the list at `path` (adding or removing an element).
    pub fn edit_list(&self, path: &str, edit: impl FnOnce(&mut Vec<Value>)) {
        self.catalog.update(|c| {
            if let Some(Value::Array(list)) = json_path::get_mut(c, path) {
                edit(list);
            }
        });
    }

    /// How many elements the list at `path` has.
    pub fn len(&self, path: &str) -> usize {
        self.catalog.with(|c| json_path::get(c, path).and_then(Value::as_array).map_or(0, Vec::len))
    }

    /// The messages of the problems at `path` exactly.
    pub fn problems_at(&self, path: &str) -> Vec<String> {
        self.problems.with(|all| all.iter().filter(|p| p.path == path).map(|p| p.message.clone()).collect())
    }

    pub fn changed(&self) -> bool {
        self.catalog.with(|draft| self.in_force.with(|v| v.as_ref().map(|(_, json)| json) != Some(draft)))
    }

    pub fn in_force_version(&self) -> Option<i64> {
        self.in_force.with(|v| v.as_ref().map(|(id, _)| *id))
    }
}

/// The draft's problems if it were published now in place of `published`.
fn problems_of(draft: &Value, published: Option<&Catalog>) -> Vec<Problem> {
    if draft.is_null() {
        return Vec::new();
    }
    let read = match Catalog::parse_shape(&draft.to_string()) {
        Ok(read) => read,
        Err(e) => return e.problems,
    };
    let ready = match published {
        Some(published) => prepare_publication(&read, published, now()),
        None => read,
    };
    ready.checked().err().map_or_else(Vec::new, |e| e.problems)
}

/// The browser's time.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
