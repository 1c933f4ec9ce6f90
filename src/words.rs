//! The widget's words in the visitor's language. The catalog's language (English) is compiled
//! in, from `catalog/translations/en.json`; any other language arrives as data, its file
//! fetched next to the widget, so a language costs nothing to visitors who do not read it.
//! A message missing from a translation stays in English.

use std::sync::Arc;

use pricing_core::i18n::{fill, Message, Translation};
use pricing_core::keyed::Keyed;

use crate::format;

/// The widget's messages in the catalog's own language.
pub const SOURCE_JSON: &str = include_str!("../catalog/translations/en.json");

/// Messages by key, and the locale that writes their numbers and picks their plural forms.
#[derive(Debug)]
pub struct Words {
    pub language: Arc<str>,
    pub locale: Arc<str>,
    messages: Keyed<String, Message>,
}

/// The language part of a render key: the catalog's own language, or a translation's language
/// with the fingerprint of its file (a corrected translation is a different rendering).
pub fn language_key(source: &str, translation: Option<(&Translation, &str)>) -> String {
    match translation {
        Some((translation, json)) => format!("{}@{}", translation.language, pricing_core::fingerprint(json)),
        None => source.to_string(),
    }
}

/// The locale that writes a language's numbers and dates when the page names none: the one
/// the pre-render writes for it.
pub fn default_locale(language: &str) -> String {
    match language {
        "en" => "en-US".into(),
        "de" => "de-DE".into(),
        "fr" => "fr-FR".into(),
        "ja" => "ja-JP".into(),
        other => other.into(),
    }
}

/// Reads a translation file (the source's, or a fetched one).
pub fn parse(json: &str) -> Result<Translation, String> {
    #[cfg(target_arch = "wasm32")]
    return crate::json::from_str(json);
    #[cfg(not(target_arch = "wasm32"))]
    serde_json::from_str(json).map_err(|e| e.to_string())
}

impl Words {
    /// The widget's words in `translation`'s language (`None`: the source language), numbers
    /// in `locale`.
    pub fn new(translation: Option<&Translation>, locale: &str) -> Words {
        let source = parse(SOURCE_JSON).expect("the source messages are checked by catalog-check");
        let Some(translation) = translation else {
            return Words { language: source.language.into(), locale: locale.into(), messages: source.widget };
        };
        let messages = source
            .widget
            .iter()
            .map(|(key, english)| (key.clone(), translation.widget.get(key).unwrap_or(english).clone()))
            .collect();
        Words { language: translation.language.as_str().into(), locale: locale.into(), messages }
    }

    fn message(&self, key: &str) -> Option<&Message> {
        let message = self.messages.get(key);
        debug_assert!(message.is_some(), "no message '{key}' in catalog/translations/en.json");
        message
    }

    /// A message without placeholders.
    pub fn text(&self, key: &str) -> String {
        self.message(key).map_or_else(|| key.to_string(), |m| m.form("other").to_string())
    }

    /// A message with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.message(key).map_or_else(|| key.to_string(), |m| fill(m.form("other"), values))
    }

    /// A message about `count` things, in the plural form the locale uses for it; `{count}` is
    /// the number as the locale writes it.
    pub fn count(&self, key: &str, count: u64, values: &[(&str, &str)]) -> String {
        let Some(message) = self.message(key) else { return key.to_string() };
        let number = format::number(count, &self.locale);
        let mut all = vec![("count", number.as_str())];
        all.extend_from_slice(values);
        fill(message.form(format::plural(count, &self.locale)), &all)
    }
}

impl Words {
    /// A message around one placeholder that the view fills with an element (a link, a date,
    /// a bold number): the text before it and after it, in the translation's word order.
    pub fn around(&self, key: &str, count: Option<u64>, values: &[(&str, &str)], at: &str) -> (String, String) {
        let marker = format!("{{{at}}}");
        let mut all = vec![(at, marker.as_str())];
        all.extend_from_slice(values);
        let text = match count {
            Some(count) => self.count(key, count, &all),
            None => self.fill(key, &all),
        };
        match text.split_once(&marker) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => (text, String::new()),
        }
    }
}
