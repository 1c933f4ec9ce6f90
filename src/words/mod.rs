//! The widget's words in the visitor's language. The catalog's language (English) is compiled
//! in, from `catalog/translations/en.json`; any other language arrives as data, its file
//! fetched next to the widget, so a language costs nothing to visitors who do not read it.
//! A message missing from a translation stays in English. The numbers, money and dates in
//! them, and their plural forms, are written as the visitor's locale writes them (`format`).

pub mod format;

use std::sync::{Arc, OnceLock};

use pricing_core::i18n::{fill_around, Message, Translation};
use pricing_core::keyed::Keyed;
use pricing_core::{Catalog, Currency};

/// The widget's messages in the catalog's own language.
pub const SOURCE_JSON: &str = include_str!("../../catalog/translations/en.json");

/// Messages by key, and the locale that writes their numbers and picks their plural forms.
#[derive(Debug)]
pub struct Words {
    pub language: Arc<str>,
    pub locale: Arc<str>,
    messages: Keyed<String, Message>,
    /// The language runs right to left: its filled values are isolated (read once, not per
    /// message).
    right_to_left: bool,
}

/// The language part of a render key: the catalog's own language, or a translation's language
/// with the fingerprint of its file (a corrected translation is a different rendering).
pub fn language_key(source: &str, translation: Option<(&Translation, &str)>) -> String {
    match translation {
        Some((translation, json)) => format!("{}@{}", translation.language, pricing_core::fingerprint(json)),
        None => source.to_string(),
    }
}

/// The catalog's own language's words, read once.
pub fn source() -> &'static Translation {
    static SOURCE: OnceLock<Translation> = OnceLock::new();
    SOURCE.get_or_init(|| parse(SOURCE_JSON).expect("the source messages are checked by catalog-check"))
}

/// The locale that writes the numbers of `translation`'s language (`None`: the catalog's own)
/// where the page names none: the translation file says (`de-DE`, `ar-SA`).
pub fn own_locale(translation: Option<&Translation>) -> String {
    pricing_core::i18n::own_locale(translation.unwrap_or_else(|| source()))
}

/// Whose rules pick a message's plural form: the locale's where it is in the words' language
/// (`pt-PT` for Portuguese words), else the words' own language (English words between
/// Vietnamese numbers take English forms: "1 credit").
pub fn plural_locale<'a>(language: &'a str, locale: &'a str) -> &'a str {
    use pricing_core::i18n::primary;
    if primary(locale) == primary(language) {
        locale
    } else {
        language
    }
}

/// Which way a language's script runs, for the `dir` attribute: Arabic, Hebrew, Persian and
/// Urdu right to left.
pub fn direction(language: &str) -> &'static str {
    match pricing_core::i18n::primary(language).as_str() {
        "ar" | "he" | "fa" | "ur" => "rtl",
        _ => "ltr",
    }
}

/// Reads a translation file (the source's, or a fetched one).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(json: &str) -> Result<Translation, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// Reads a translation file by walking what the browser's `JSON.parse` made: a third of the
/// size serde's code for these maps and the untagged `Message` took in the wasm.
#[cfg(target_arch = "wasm32")]
pub fn parse(json: &str) -> Result<Translation, String> {
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    fn entries(value: Option<JsValue>, at: &str) -> Result<Vec<(String, JsValue)>, String> {
        let Some(value) = value.filter(|v| !v.is_undefined()) else { return Ok(Vec::new()) };
        let object = value.dyn_into::<Object>().map_err(|_| format!("{at} is not an object"))?;
        Ok(Object::entries(&object)
            .iter()
            .map(|pair| {
                let pair = Array::from(&pair);
                (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
            })
            .collect())
    }
    fn texts(value: Option<JsValue>, at: &str) -> Result<Keyed<String, String>, String> {
        entries(value, at)?
            .into_iter()
            .map(|(key, text)| {
                text.as_string().map(|text| (key.clone(), text)).ok_or(format!("{at}.{key} is not a text"))
            })
            .collect()
    }
    let value = js_sys::JSON::parse(json).map_err(crate::page::json::message)?;
    let field = |name: &str| Reflect::get(&value, &name.into()).ok();
    let language = field("language").and_then(|l| l.as_string()).ok_or("a translation names its language")?;
    let widget = entries(field("widget"), "widget")?
        .into_iter()
        .map(|(key, message)| match message.as_string() {
            Some(text) => Ok((key, Message::Text(text))),
            None => texts(Some(message), &format!("widget.{key}")).map(|forms| (key, Message::Plural(forms))),
        })
        .collect::<Result<_, String>>()?;
    let locale = field("locale").and_then(|l| l.as_string());
    Ok(Translation { language, locale, catalog: texts(field("catalog"), "catalog")?, widget })
}

impl Words {
    /// The widget's words in `translation`'s language (`None`: the source language), numbers
    /// in `locale`.
    pub fn new(translation: Option<&Translation>, locale: &str) -> Words {
        let source = source();
        let Some(translation) = translation else {
            let language: Arc<str> = source.language.as_str().into();
            let right_to_left = direction(&language) == "rtl";
            return Words { language, locale: locale.into(), messages: source.widget.clone(), right_to_left };
        };
        let messages = source
            .widget
            .iter()
            .map(|(key, english)| (key.clone(), translation.widget.get(key).unwrap_or(english).clone()))
            .collect();
        let right_to_left = direction(&translation.language) == "rtl";
        Words { language: translation.language.as_str().into(), locale: locale.into(), messages, right_to_left }
    }

    /// These words and `more` of them (the account view's), each in `translated`'s language
    /// where it has the message.
    #[cfg(feature = "account")]
    pub fn with_more(self, more: &Translation, translated: Option<&Translation>) -> Words {
        let added = more
            .widget
            .iter()
            .map(|(key, source)| (key.clone(), translated.and_then(|t| t.widget.get(key)).unwrap_or(source).clone()));
        Words { messages: self.messages.iter().map(|(k, m)| (k.clone(), m.clone())).chain(added).collect(), ..self }
    }

    fn plural_locale(&self) -> &str {
        plural_locale(&self.language, &self.locale)
    }

    fn message(&self, key: &str) -> Option<&Message> {
        let message = self.messages.get(key);
        debug_assert!(message.is_some(), "no message '{key}' in catalog/translations/en.json");
        message
    }

    /// A number as the locale writes it (a percentage, seconds): Arabic-Indic digits in Arabic.
    pub fn number(&self, value: u64) -> String {
        format::number(value, &self.locale)
    }

    /// Items as the language lists them: "a, b", "a、b", "a، b". Right to left, each item is
    /// isolated and the whole list runs right to left (RLI … PDI), even when every item is a
    /// Latin name.
    pub fn list(&self, items: &[String]) -> String {
        let separator = self.text("list.separator");
        if !self.right_to_left {
            return items.join(&separator);
        }
        let isolated: Vec<String> = items.iter().map(|item| self.isolate(item)).collect();
        format!("\u{2067}{}\u{2069}", isolated.join(&separator))
    }

    /// A message without placeholders.
    pub fn text(&self, key: &str) -> String {
        self.message(key).map_or_else(|| key.to_string(), |m| m.form("other").to_string())
    }

    /// `value` isolated in a right-to-left language (FSI … PDI, as `fill_around` isolates a
    /// message's values): a price or a number the view puts between the words of a message.
    pub fn isolate(&self, value: &str) -> String {
        fill_around("{v}", &[("v", value)], "", self.right_to_left).0
    }

    /// `fill_around`, each value isolated in a right-to-left language.
    fn fill_isolated(&self, text: &str, values: &[(&str, &str)], at: &str) -> (String, String) {
        fill_around(text, values, at, self.right_to_left)
    }

    /// A message filled for a text that leaves the page (a mail's subject): no direction marks.
    pub fn fill_plain(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.message(key).map_or_else(|| key.to_string(), |m| fill_around(m.form("other"), values, "", false).0)
    }

    /// A message with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.message(key).map_or_else(|| key.to_string(), |m| self.fill_isolated(m.form("other"), values, "").0)
    }

    /// A message about `count` things, in the plural form the locale uses for it; `{count}` is
    /// the number as the locale writes it.
    pub fn count(&self, key: &str, count: u64, values: &[(&str, &str)]) -> String {
        let Some(message) = self.message(key) else { return key.to_string() };
        let number = format::number(count, &self.locale);
        let mut all = vec![("count", number.as_str())];
        all.extend_from_slice(values);
        self.fill_isolated(message.form(format::plural(count, self.plural_locale())), &all, "").0
    }

    /// A message around one placeholder that the view fills with an element (a link, a date,
    /// a bold number): the text before it and after it, in the translation's word order; `None`
    /// where there is none (an empty text node is pre-rendered as a space, which hydration
    /// keeps).
    pub fn around(
        &self,
        key: &str,
        count: Option<u64>,
        values: &[(&str, &str)],
        at: &str,
    ) -> (Option<String>, Option<String>) {
        let text = |text: String| Some(text).filter(|t| !t.is_empty());
        let Some(message) = self.message(key) else { return (Some(key.to_string()), None) };
        let number = count.map(|count| format::number(count, &self.locale));
        let mut all: Vec<(&str, &str)> = number.as_deref().map(|n| ("count", n)).into_iter().collect();
        all.extend_from_slice(values);
        let category = count.map_or("other", |count| format::plural(count, self.plural_locale()));
        let (before, after) = self.fill_isolated(message.form(category), &all, at);
        (text(before), text(after))
    }
}

/// Whether a price in `currency` includes tax, as the catalog says for that currency: the note
/// next to the plans' prices, and next to the amount a plan change charges.
pub fn tax_note(catalog: &Catalog, words: &Words, currency: Currency) -> Option<String> {
    let tax = catalog.tax.get(&currency)?;
    let key = if tax.included { "tax.included" } else { "tax.excluded" };
    Some(words.fill(key, &[("tax", &tax.name)]))
}
