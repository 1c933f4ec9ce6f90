//! Languages: which of the catalog's languages a visitor gets and the currency of a visitor's
//! region (`tags.rs`), and translations, which travel as data (one file per language, next to the catalog)
//! so that a language nobody on the page reads costs nothing.
//!
//! A translation holds the catalog's texts by a path to the text it replaces, by id where the
//! list has ids (`plans.pro.tagline`, `faq.credits.answer`) and the widget's own words by message key. A message is a text with
//! `{name}` placeholders, or one text per plural category (`one`, `other`, …, as
//! `Intl.PluralRules` names them), so word order and plural forms belong to the translator.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, FeatureValue, Problem};
use crate::keyed::Keyed;

/// A text of the catalog: its key in a translation, its JSON path in the catalog, the text.
pub type CatalogText<'a> = (String, String, &'a str);

/// One language's texts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language, as the catalog's `languages` lists it (`de`).
    pub language: String,
    /// The locale that writes the language's numbers, money and dates where the page names
    /// none (`de-DE`, `ar-SA`): data, so that a language adds no byte to the wasm. The account
    /// view's files take it from the widget's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The catalog's texts in this language, by the JSON path of the text they replace.
    #[serde(default)]
    pub catalog: Keyed<String, String>,
    /// The widget's words in this language, by message key.
    pub widget: Keyed<String, Message>,
}

/// A widget message: one text, or one per plural category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    Plural(Keyed<String, String>),
}

impl Message {
    /// The text for a plural `category` (`Intl.PluralRules`' answer); `other` when the
    /// message has no form of its own for it.
    pub fn form(&self, category: &str) -> &str {
        match self {
            Message::Text(text) => text,
            Message::Plural(forms) => forms.get(category).or_else(|| forms.get("other")).map_or("", String::as_str),
        }
    }
}

/// Puts `values` into a message's `{name}` placeholders; a placeholder without a value stays.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    fill_around(text, values, "", false).0
}

/// `fill`, split where the placeholder `at` stands (for a view that puts an element there: a
/// link, a date, a bold number): the text before it and the text after it. With `isolate` (a
/// right-to-left language), each value between FSI and PDI (U+2068, U+2069), as MessageFormat 2
/// isolates its placeholders: a price, a number or a Latin name keeps its own direction and
/// never reorders the sentence around it.
pub fn fill_around(text: &str, values: &[(&str, &str)], at: &str, isolate: bool) -> (String, String) {
    let (mut before, mut after) = (String::with_capacity(text.len() + 16), String::new());
    let mut out = &mut before;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let inside = &rest[open + 1..];
        let Some(close) = inside.find('}') else {
            rest = &rest[open..];
            break;
        };
        let name = &inside[..close];
        match values.iter().find(|(n, _)| *n == name) {
            _ if name == at && !at.is_empty() => out = &mut after,
            Some((_, value)) if isolate && !value.is_empty() => {
                out.push('\u{2068}');
                out.push_str(value);
                out.push('\u{2069}');
            }
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &inside[close + 1..];
    }
    out.push_str(rest);
    (before, after)
}

/// The placeholder names a text uses, sorted, read as `fill_around` reads them.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let inside = &rest[open + 1..];
        let Some(close) = inside.find('}') else { break };
        names.push(&inside[..close]);
        rest = &inside[close + 1..];
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// The plural categories `Intl.PluralRules` answers with.
const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// What is wrong with a translated message, measured against the source's: an empty text, a
/// plural form CLDR does not name, a placeholder the widget does not fill or one the text
/// drops (a form for one thing, such as "a video", may leave out `{count}`).
fn message_problems(source: &Message, translated: &Message) -> Vec<String> {
    let wanted = placeholders(source.form("other"));
    let mut problems = Vec::new();
    let forms: Vec<(&str, &str)> = match translated {
        Message::Text(text) => vec![("other", text)],
        Message::Plural(forms) => {
            if !forms.contains_key("other") {
                problems.push("a plural message needs an `other` form".to_string());
            }
            forms.iter().map(|(category, text)| (category.as_str(), text.as_str())).collect()
        }
    };
    for (category, text) in forms {
        if !PLURAL_CATEGORIES.contains(&category) {
            problems.push(format!("`{category}` is not a plural category ({})", PLURAL_CATEGORIES.join(", ")));
        }
        if text.trim().is_empty() {
            problems.push(format!("the `{category}` text is empty"));
        }
        let used = placeholders(text);
        let fits = if category == "other" { used == wanted } else { used.iter().all(|name| wanted.contains(name)) };
        if !fits {
            problems.push(format!("`{category}` uses {{{}}}, not {{{}}}", used.join("}, {"), wanted.join("}, {")));
        }
    }
    problems
}

impl Catalog {
    /// Every text of the catalog a visitor reads, in the catalog's own language: its key in a
    /// translation (lists by id, so that a plan added to the catalog does not shift the
    /// others' texts) and its JSON path in the catalog. Model names are names, not words, and
    /// are not translated.
    pub fn texts(&self) -> Vec<CatalogText<'_>> {
        let mut texts: Vec<CatalogText<'_>> = Vec::new();
        texts.push(("credit_scale".into(), "credit_scale".into(), &self.credit_scale));
        for (currency, tax) in &self.tax {
            texts.push((format!("tax.{currency}.name"), format!("tax.{currency}.name"), &tax.name));
        }
        for (i, row) in self.feature_rows.iter().enumerate() {
            texts.push((format!("feature_rows.{}.label", row.id), format!("feature_rows[{i}].label"), &row.label));
            if let Some(help) = &row.help {
                texts.push((format!("feature_rows.{}.help", row.id), format!("feature_rows[{i}].help"), help));
            }
        }
        for (i, plan) in self.plans.iter().enumerate() {
            let id = &plan.id;
            texts.push((format!("plans.{id}.name"), format!("plans[{i}].name"), &plan.name));
            texts.push((format!("plans.{id}.tagline"), format!("plans[{i}].tagline"), &plan.tagline));
            if let Some(badge) = &plan.badge {
                texts.push((format!("plans.{id}.badge"), format!("plans[{i}].badge"), badge));
            }
            for (row, value) in &plan.features {
                if let FeatureValue::Text(text) = value {
                    texts.push((format!("plans.{id}.features.{row}"), format!("plans[{i}].features.{row}"), text));
                }
            }
        }
        for (i, pack) in self.credit_packs.iter().enumerate() {
            texts.push((format!("credit_packs.{}.name", pack.id), format!("credit_packs[{i}].name"), &pack.name));
        }
        for (i, promotion) in self.promotions.iter().enumerate() {
            let id = &promotion.id;
            texts.push((format!("promotions.{id}.headline"), format!("promotions[{i}].headline"), &promotion.headline));
            texts.push((format!("promotions.{id}.details"), format!("promotions[{i}].details"), &promotion.details));
        }
        for (i, entry) in self.faq.iter().enumerate() {
            texts.push((format!("faq.{}.question", entry.id), format!("faq[{i}].question"), &entry.question));
            texts.push((format!("faq.{}.answer", entry.id), format!("faq[{i}].answer"), &entry.answer));
        }
        texts
    }

    /// The catalog in `translation`'s language: each text it translates replaced, the others
    /// (a text added to the catalog after the translation was made) left as they were.
    pub fn localized(&self, translation: &Translation) -> Catalog {
        let mut catalog = self.clone();
        let text = |path: String, original: &mut String| {
            if let Some(translated) = translation.catalog.get(&path) {
                original.clone_from(translated);
            }
        };
        text("credit_scale".into(), &mut catalog.credit_scale);
        catalog.tax = self
            .tax
            .iter()
            .map(|(currency, tax)| {
                let mut tax = tax.clone();
                text(format!("tax.{currency}.name"), &mut tax.name);
                (*currency, tax)
            })
            .collect();
        for row in catalog.feature_rows.iter_mut() {
            text(format!("feature_rows.{}.label", row.id), &mut row.label);
            if let Some(help) = &mut row.help {
                text(format!("feature_rows.{}.help", row.id), help);
            }
        }
        for plan in catalog.plans.iter_mut() {
            let id = plan.id.clone();
            text(format!("plans.{id}.name"), &mut plan.name);
            text(format!("plans.{id}.tagline"), &mut plan.tagline);
            if let Some(badge) = &mut plan.badge {
                text(format!("plans.{id}.badge"), badge);
            }
            plan.features = plan
                .features
                .iter()
                .map(|(row, value)| match value {
                    FeatureValue::Text(original) => {
                        let mut value = original.clone();
                        text(format!("plans.{id}.features.{row}"), &mut value);
                        (row.clone(), FeatureValue::Text(value))
                    }
                    flag => (row.clone(), flag.clone()),
                })
                .collect();
        }
        for pack in catalog.credit_packs.iter_mut() {
            text(format!("credit_packs.{}.name", pack.id), &mut pack.name);
        }
        for promotion in catalog.promotions.iter_mut() {
            text(format!("promotions.{}.headline", promotion.id), &mut promotion.headline);
            text(format!("promotions.{}.details", promotion.id), &mut promotion.details);
        }
        for entry in catalog.faq.iter_mut() {
            text(format!("faq.{}.question", entry.id), &mut entry.question);
            text(format!("faq.{}.answer", entry.id), &mut entry.answer);
        }
        catalog
    }

    /// What is wrong with `translation` for this catalog, measured against the widget's words
    /// in the catalog's own language (`source`): every text and message missing, named by its
    /// path; texts the catalog no longer has; placeholders that differ from the source's.
    pub fn translation_problems(&self, source: &Translation, translation: &Translation) -> Vec<Problem> {
        let mut problems = Vec::new();
        let at = format!("translations.{}", translation.language);
        if !self.languages.contains(&translation.language) {
            let message = "is not one of the catalog's `languages`".to_string();
            problems.push(Problem { path: format!("{at}.language"), message });
        }
        if translation.language != self.languages[0] {
            problems.extend(self.texts_problems(&translation.language, &translation.catalog));
        } else if let Some(key) = translation.catalog.keys().next() {
            let message = "the catalog's own language takes its texts from the catalog".to_string();
            problems.push(Problem { path: format!("{at}.catalog.{key}"), message });
        }
        let locale_problem = match translation.locale.as_deref() {
            None => Some("name the locale that writes the language's numbers, such as \"de-DE\"".to_string()),
            Some(locale) if !is_language_tag(locale) => Some(format!("\"{locale}\" is not a locale such as \"de-DE\"")),
            Some(locale) if primary(locale) != primary(&translation.language) => {
                Some(format!("\"{locale}\" is not a locale of {}", translation.language))
            }
            Some(_) => None,
        };
        problems.extend(locale_problem.map(|message| Problem { path: format!("{at}.locale"), message }));
        problems.extend(word_problems(source, translation, &at));
        problems
    }
}

/// The locale that writes a language's numbers where the page names none: its translation's,
/// else (a file without one) the language itself.
pub fn own_locale(translation: &Translation) -> String {
    translation.locale.clone().unwrap_or_else(|| translation.language.clone())
}

/// How `translation`'s words (its `widget` messages) fall short of `source`'s: a message
/// missing, one with other placeholders or plural forms, one `source` does not have. For the
/// widget's words and for the account view's (`translations/account/`), at `at`.
pub fn word_problems(source: &Translation, translation: &Translation, at: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, message) in &source.widget {
        let path = format!("{at}.widget.{key}");
        let Some(translated) = translation.widget.get(key) else {
            problems.push(Problem { path, message: "missing".into() });
            continue;
        };
        for message in message_problems(message, translated) {
            problems.push(Problem { path: path.clone(), message });
        }
    }
    for key in translation.widget.keys().filter(|key| !source.widget.contains_key(*key)) {
        problems.push(Problem { path: format!("{at}.widget.{key}"), message: "the widget has no such message".into() });
    }
    problems
}

mod tags;
pub mod texts;

pub use crate::language_tag::is_language_tag;
pub use tags::{negotiate, primary, region, region_currency};

#[cfg(test)]
mod tests;
