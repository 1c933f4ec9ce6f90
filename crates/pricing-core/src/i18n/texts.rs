//! The catalog's texts in its other languages, as a catalog version keeps them: what each says,
//! and which wording of the catalog's own text it translates, so that a translation whose
//! source has changed since is known to be stale. The studio edits them beside the catalog; the
//! API serves them with the widget's words as one translation per language.

use serde::{Deserialize, Serialize};

use super::Translation;
use crate::access::promises_every_model;
use crate::catalog::{Catalog, Problem};
use crate::keyed::Keyed;
use crate::snapshot::fingerprint;
use crate::validate::{longest_text, text_problem};

/// One language's texts of a catalog version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LanguageTexts {
    /// The catalog's texts in this language, by key (`plans.pro.tagline`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub texts: Keyed<String, String>,
    /// For each text, `source_mark` of the catalog's own text it translates.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, String>))]
    pub from: Keyed<String, String>,
}

/// A catalog version's texts in each of its other languages, by language (`de`).
pub type CatalogTranslations = Keyed<String, LanguageTexts>;

/// What identifies the wording of a source text a translation was made from.
pub fn source_mark(source: &str) -> String {
    fingerprint(source)
}

/// Where a translated text stands against the catalog's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextState {
    /// Not translated: the visitor would read the catalog's own language.
    Missing,
    /// Translated from a wording the catalog's own text no longer has.
    Stale,
    Current,
}

/// One text of the catalog in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextStatus {
    /// Its key in a translation (`plans.pro.tagline`).
    pub key: String,
    /// The JSON path of the catalog's own text (`plans[2].tagline`).
    pub path: String,
    pub source: String,
    pub text: Option<String>,
    pub state: TextState,
}

/// A text of one language that a new version changes (added: no `before`; removed: no `after`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextChange {
    pub language: String,
    pub key: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Every text that differs between two versions' translations, by language and key.
pub fn text_changes(before: &CatalogTranslations, after: &CatalogTranslations) -> Vec<TextChange> {
    let empty = LanguageTexts::default();
    let mut languages: Vec<&String> = before.keys().chain(after.keys()).collect();
    languages.sort_unstable();
    languages.dedup();
    let mut changes = Vec::new();
    for language in languages {
        let (old, new) = (before.get(language).unwrap_or(&empty), after.get(language).unwrap_or(&empty));
        let mut keys: Vec<&String> = old.texts.keys().chain(new.texts.keys()).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let (was, is) = (old.texts.get(key), new.texts.get(key));
            if was != is {
                let (before, after) = (was.cloned(), is.cloned());
                changes.push(TextChange { language: language.clone(), key: key.clone(), before, after });
            }
        }
    }
    changes
}

impl LanguageTexts {
    /// A translation file's catalog texts, taken as translating `catalog`'s texts as they are
    /// (a file keeps no record of the wording it was made from).
    pub fn adopted(catalog: &Catalog, translation: &Translation) -> LanguageTexts {
        let from = catalog
            .texts()
            .into_iter()
            .filter(|(key, _, _)| translation.catalog.contains_key(key))
            .map(|(key, _, source)| (key, source_mark(source)))
            .collect();
        LanguageTexts { texts: translation.catalog.clone(), from }
    }

    /// The translation the widget reads: these texts with the widget's words in the language.
    pub fn translation(&self, language: &str, widget: &Translation) -> Translation {
        Translation {
            language: language.to_string(),
            locale: widget.locale.clone(),
            catalog: self.texts.clone(),
            widget: widget.widget.clone(),
        }
    }
}

impl Catalog {
    /// Every text of the catalog in one language, in the catalog's order, with its state.
    pub fn text_statuses(&self, texts: &LanguageTexts) -> Vec<TextStatus> {
        self.texts()
            .into_iter()
            .map(|(key, path, source)| {
                let text = texts.texts.get(&key).cloned();
                let state = match text {
                    None => TextState::Missing,
                    Some(_) if texts.from.get(&key) != Some(&source_mark(source)) => TextState::Stale,
                    Some(_) => TextState::Current,
                };
                TextStatus { key, path, source: source.to_string(), text, state }
            })
            .collect()
    }

    /// What is wrong with one language's texts of the catalog, each at
    /// `translations.<language>.catalog.<key>`: a text missing, a text the catalog does not
    /// have, and a text held to the rules of its source (length, plain text, not empty).
    pub fn texts_problems(&self, language: &str, texts: &Keyed<String, String>) -> Vec<Problem> {
        let at = |key: &str| format!("translations.{language}.catalog.{key}");
        let mut problems = Vec::new();
        let own = self.texts();
        for (key, path, source) in &own {
            let problem = match texts.get(key) {
                None => Some(format!("missing: translate {path}, \"{source}\"")),
                Some(text) => text_problem(text, longest_text(path)),
            };
            if let Some(message) = problem {
                problems.push(Problem { path: at(key), message });
            }
        }
        for key in texts.keys().filter(|key| !own.iter().any(|(k, _, _)| k == *key)) {
            problems.push(Problem { path: at(key), message: "the catalog has no such text".into() });
        }
        // A plan that leaves models out must not promise them all, in any language.
        for plan in self.plans.iter().filter(|p| !self.includes_every_model(p)) {
            let own = format!("plans.{}.", plan.id);
            for (key, text) in texts.iter().filter(|(key, _)| key.starts_with(&own)) {
                if let Some(phrase) = promises_every_model(language, text) {
                    let message = format!("says \"{phrase}\", but the plan's `models` leaves some out");
                    problems.push(Problem { path: at(key), message });
                }
            }
        }
        problems
    }

    /// What is wrong with a version's translations: every language the catalog offers besides
    /// its own has its texts, held to `texts_problems`.
    pub fn translations_problems(&self, translations: &CatalogTranslations) -> Vec<Problem> {
        let empty = Keyed::default();
        let others = self.languages.get(1..).unwrap_or_default();
        others
            .iter()
            .flat_map(|language| {
                let texts = translations.get(language).map_or(&empty, |t| &t.texts);
                self.texts_problems(language, texts)
            })
            .collect()
    }

    /// `translations` without what the catalog no longer has: the texts of a part removed go
    /// with it, and so does a language it no longer offers.
    pub fn kept_translations(&self, translations: &CatalogTranslations) -> CatalogTranslations {
        let keys: Vec<String> = self.texts().into_iter().map(|(key, _, _)| key).collect();
        let kept = |map: &Keyed<String, String>| {
            map.iter().filter(|(k, _)| keys.contains(k)).map(|(k, v)| (k.clone(), v.clone())).collect()
        };
        translations
            .iter()
            .filter(|(language, _)| self.languages.get(1..).unwrap_or_default().contains(language))
            .map(|(language, own)| (language.clone(), LanguageTexts { texts: kept(&own.texts), from: kept(&own.from) }))
            .collect()
    }
}
