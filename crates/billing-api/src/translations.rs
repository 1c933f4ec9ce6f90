//! The translations served with a catalog version: each language's texts of the version (the
//! studio's to edit) with the widget's words in that language (the widget's build's, from the
//! translation files beside the catalog). A language whose texts are the file's is served as the
//! file, byte for byte, so that a page the build pre-rendered from the files is taken over by the
//! widget rather than rendered again.

use std::collections::HashMap;
use std::path::Path;

use pricing_core::i18n::texts::{CatalogTranslations, LanguageTexts};
use pricing_core::i18n::Translation;
use pricing_core::Catalog;

/// A translation file: its text and what it says.
struct File {
    json: String,
    translation: Translation,
}

fn read(folder: &Path, language: &str) -> Result<Option<File>, String> {
    let path = folder.join(format!("{language}.json"));
    let json = match std::fs::read_to_string(&path) {
        Ok(json) => json,
        Err(e) => {
            tracing::warn!("{}: {e}; the widget's words in {language} are English", path.display());
            return Ok(None);
        }
    };
    let translation = pricing_widget::parse_translation(&json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(File { json, translation }))
}

/// The texts of the translation files in `folder`, for a store's first version.
pub fn from_files(catalog: &Catalog, folder: &Path) -> Result<CatalogTranslations, String> {
    let mut texts = Vec::new();
    for language in &catalog.languages[1..] {
        if let Some(file) = read(folder, language)? {
            texts.push((language.clone(), LanguageTexts::adopted(catalog, &file.translation)));
        }
    }
    Ok(texts.into_iter().collect())
}

/// The translation of each of the catalog's other languages, as the widget reads it, from a
/// version's texts (`translations`, JSON) and the widget's words in `folder`. A version written
/// before versions kept texts has none: the files' texts serve. A language with neither texts
/// nor a file is not served (the widget shows the catalog's own language).
pub fn served(catalog: &Catalog, translations: &str, folder: &Path) -> Result<HashMap<String, String>, String> {
    let texts: CatalogTranslations =
        serde_json::from_str(translations).map_err(|e| format!("the version's translations do not read: {e}"))?;
    let mut served = HashMap::new();
    for language in &catalog.languages[1..] {
        let file = read(folder, language)?;
        let json = match (texts.get(language), file) {
            (Some(own), Some(file)) if own.texts == file.translation.catalog => file.json,
            (None, Some(file)) if texts.is_empty() => file.json,
            (Some(own), file) => {
                let words = file.map(|f| f.translation).unwrap_or_default();
                serde_json::to_string(&own.translation(language, &words)).map_err(|e| e.to_string())?
            }
            (None, _) => continue,
        };
        served.insert(language.clone(), json);
    }
    Ok(served)
}
