//! The editor's draft: the catalog as JSON, edited one value at a time at the JSON paths the
//! core's problems name (`plans[2].prices.USD.monthly`, `pricing_core::json_path`), its texts in
//! the other languages, and every problem of both as the core sees them: read, made ready as a
//! publication now would make it (its price history and struck-through prices), and held to
//! every rule of `catalog-check` (a text missing in a language among them).

use leptos::prelude::*;
use pricing_core::i18n::texts::{source_mark, CatalogTranslations};
use pricing_core::json_path;
use pricing_core::revision::prepare_publication;
use pricing_core::{Catalog, Problem};
use serde_json::Value;

/// A version as the studio holds it: its id, catalog and texts in the other languages (JSON).
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub id: i64,
    pub catalog: Value,
    pub translations: Value,
}

/// The draft and the version in force it is written against.
#[derive(Clone, Copy)]
pub struct Draft {
    pub catalog: RwSignal<Value>,
    /// The texts in the catalog's other languages (`CatalogTranslations` as JSON).
    pub translations: RwSignal<Value>,
    /// The version in force (what the draft is compared with).
    pub in_force: RwSignal<Option<Version>>,
    /// The draft's catalog as it reads, rules aside (`None` while its shape is broken).
    pub shape: Memo<Option<Catalog>>,
    /// Every problem of the draft, as the core reports them.
    pub problems: Memo<Vec<Problem>>,
}

impl Draft {
    pub fn new() -> Draft {
        let catalog = RwSignal::new(Value::Null);
        let translations = RwSignal::new(Value::Null);
        let in_force: RwSignal<Option<Version>> = RwSignal::new(None);
        // Read once per version in force, not once per keystroke.
        let published =
            Memo::new(move |_| in_force.with(|v| v.as_ref().and_then(|v| Catalog::parse(&v.catalog.to_string()).ok())));
        let shape = Memo::new(move |_| {
            catalog.with(|c| (!c.is_null()).then(|| Catalog::parse_shape(&c.to_string()).ok()).flatten())
        });
        let problems = Memo::new(move |_| {
            let texts = translations.with(|t| serde_json::from_value(t.clone()).unwrap_or_default());
            published.with(|published| {
                shape.with(|read| match read {
                    Some(read) => problems_of(read, &texts, published.as_ref()),
                    None => catalog
                        .with(|c| Catalog::parse_shape(&c.to_string()).err().map(|e| e.problems))
                        .unwrap_or_default(),
                })
            })
        });
        Draft { catalog, translations, in_force, shape, problems }
    }

    /// Starts again from `version`, in force.
    pub fn start_from(&self, version: Version) {
        self.catalog.set(version.catalog.clone());
        self.translations.set(version.translations.clone());
        self.in_force.set(Some(version));
    }

    /// The texts in the other languages as a request sends them.
    pub fn texts(&self) -> Option<CatalogTranslations> {
        self.translations.with_untracked(|t| serde_json::from_value(t.clone()).ok())
    }

    /// Writes `language`'s text at `key` as a translation of the catalog's own text `source`
    /// (an empty text is no translation: the text is then missing).
    pub fn translate(&self, language: &str, key: &str, text: &str, source: &str) {
        self.translations.update(|all| {
            if !all.is_object() {
                *all = Value::Object(Default::default());
            }
            let own = all.as_object_mut().expect("an object").entry(language).or_insert_with(|| serde_json::json!({}));
            for (part, value) in [("texts", text.to_string()), ("from", source_mark(source))] {
                let map = own.as_object_mut().expect("an object").entry(part).or_insert_with(|| serde_json::json!({}));
                match text.is_empty() {
                    true => _ = map.as_object_mut().map(|m| m.remove(key)),
                    false => _ = map.as_object_mut().map(|m| m.insert(key.to_string(), Value::String(value))),
                }
            }
        });
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
        let (catalog, translations) = (self.catalog, self.translations);
        self.in_force.with(|v| {
            v.as_ref().is_none_or(|v| catalog.with(|c| *c != v.catalog) || translations.with(|t| *t != v.translations))
        })
    }

    pub fn in_force_version(&self) -> Option<i64> {
        self.in_force.with(|v| v.as_ref().map(|v| v.id))
    }
}

/// The draft's problems, with its texts in the other languages, if it were published now in
/// place of `published`.
fn problems_of(read: &Catalog, texts: &CatalogTranslations, published: Option<&Catalog>) -> Vec<Problem> {
    let ready = match published {
        Some(published) => prepare_publication(read, published, now()),
        None => read.clone(),
    };
    let untranslated = ready.translations_problems(&ready.kept_translations(texts));
    let broken = ready.checked().err().map_or_else(Vec::new, |e| e.problems);
    broken.into_iter().chain(untranslated).collect()
}

/// The browser's time.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}
