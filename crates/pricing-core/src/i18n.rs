//! Languages: which of the catalog's languages a visitor gets, the currency of a visitor's
//! region, and translations, which travel as data (one file per language, next to the catalog)
//! so that a language nobody on the page reads costs nothing.
//!
//! A translation holds the catalog's texts by a path to the text it replaces, by id where the
//! list has ids (`plans.pro.tagline`, `faq[2].answer`) and the widget's own words by message key. A message is a text with
//! `{name}` placeholders, or one text per plural category (`one`, `other`, …, as
//! `Intl.PluralRules` names them), so word order and plural forms belong to the translator.

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, FeatureValue, Problem};
use crate::keyed::Keyed;
use crate::money::Currency;

/// One language's texts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language, as the catalog's `languages` lists it (`de`).
    pub language: String,
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

    fn texts(&self) -> Vec<&str> {
        match self {
            Message::Text(text) => vec![text],
            Message::Plural(forms) => forms.iter().map(|(_, text)| text.as_str()).collect(),
        }
    }
}

/// Puts `values` into a message's `{name}` placeholders; a placeholder without a value stays.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    fill_around(text, values, "").0
}

/// `fill`, split where the placeholder `at` stands (for a view that puts an element there: a
/// link, a date, a bold number): the text before it and the text after it.
pub fn fill_around(text: &str, values: &[(&str, &str)], at: &str) -> (String, String) {
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
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &inside[close + 1..];
    }
    out.push_str(rest);
    (before, after)
}

/// The placeholder names a text uses, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> =
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The primary language of a tag: `de` for `de-AT`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

/// The first of `wanted` (a `locale` attribute, else the browser's languages in order) that
/// `offered` has, by whole tag, then by primary language (`de-AT` → `de`); else the first
/// offered language, the catalog's own.
pub fn negotiate<'a>(wanted: impl IntoIterator<Item = &'a str>, offered: &[String]) -> String {
    let offered_primary = |tag: &str| offered.iter().find(|o| o.eq_ignore_ascii_case(tag) || **o == primary(tag));
    wanted.into_iter().find_map(offered_primary).or(offered.first()).cloned().unwrap_or_else(|| "en".into())
}

/// The region of a tag (`DE` for `de-DE`, `AT` for `de-Latn-AT`), if it names one.
pub fn region(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|part| part.to_ascii_uppercase())
}

/// Countries that pay in euros.
const EURO_AREA: [&str; 25] = [
    "AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "SK", "SI",
    "ES", "AD", "MC", "SM", "VA", "ME",
];

/// The currency a visitor from `region` pays in, if the catalog offers it.
pub fn region_currency(region: &str, offered: &[Currency]) -> Option<Currency> {
    let currency = match region {
        "US" => Currency::USD,
        "GB" => Currency::GBP,
        "JP" => Currency::JPY,
        "KR" => Currency::KRW,
        "CH" | "LI" => Currency::CHF,
        "CA" => Currency::CAD,
        "AU" => Currency::AUD,
        r if EURO_AREA.contains(&r) => Currency::EUR,
        _ => return None,
    };
    offered.contains(&currency).then_some(currency)
}

impl Catalog {
    /// Every text of the catalog a visitor reads, by path (lists by id, so that a plan added to
    /// the catalog does not shift the others' texts), in the catalog's own language. Model
    /// names are names, not words, and are not translated.
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut texts = vec![("credit_scale".to_string(), self.credit_scale.as_str())];
        for (currency, tax) in &self.tax {
            texts.push((format!("tax.{currency}.name"), tax.name.as_str()));
        }
        for row in &self.feature_rows {
            texts.push((format!("feature_rows.{}.label", row.id), row.label.as_str()));
            if let Some(help) = &row.help {
                texts.push((format!("feature_rows.{}.help", row.id), help.as_str()));
            }
        }
        for plan in &self.plans {
            let id = &plan.id;
            texts.push((format!("plans.{id}.name"), plan.name.as_str()));
            texts.push((format!("plans.{id}.tagline"), plan.tagline.as_str()));
            if let Some(badge) = &plan.badge {
                texts.push((format!("plans.{id}.badge"), badge.as_str()));
            }
            for (row, value) in &plan.features {
                if let FeatureValue::Text(text) = value {
                    texts.push((format!("plans.{id}.features.{row}"), text.as_str()));
                }
            }
        }
        for pack in &self.credit_packs {
            texts.push((format!("credit_packs.{}.name", pack.id), pack.name.as_str()));
        }
        for promotion in &self.promotions {
            texts.push((format!("promotions.{}.headline", promotion.id), promotion.headline.as_str()));
            texts.push((format!("promotions.{}.details", promotion.id), promotion.details.as_str()));
        }
        for (i, entry) in self.faq.iter().enumerate() {
            texts.push((format!("faq[{i}].question"), entry.question.as_str()));
            texts.push((format!("faq[{i}].answer"), entry.answer.as_str()));
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
        for (i, entry) in catalog.faq.iter_mut().enumerate() {
            text(format!("faq[{i}].question"), &mut entry.question);
            text(format!("faq[{i}].answer"), &mut entry.answer);
        }
        catalog
    }

    /// What is wrong with `translation` for this catalog, measured against the widget's words
    /// in the catalog's own language (`source`): every text and message missing, named by its
    /// path; texts the catalog no longer has; placeholders that differ from the source's.
    pub fn translation_problems(&self, source: &Translation, translation: &Translation) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut add = |path: String, message: String| problems.push(Problem { path, message });
        let at = format!("translations.{}", translation.language);
        if !self.languages.contains(&translation.language) {
            add(format!("{at}.language"), "is not one of the catalog's `languages`".into());
        }
        let texts = self.texts();
        for (path, original) in &texts {
            match translation.catalog.get(path) {
                None if translation.language != self.languages[0] => {
                    add(format!("{at}.catalog.{path}"), format!("missing: translate \"{original}\""))
                }
                Some(text) if text.trim().is_empty() => add(format!("{at}.catalog.{path}"), "must not be empty".into()),
                _ => {}
            }
        }
        for path in translation.catalog.keys() {
            if !texts.iter().any(|(p, _)| p == path) {
                add(format!("{at}.catalog.{path}"), "the catalog has no such text".into());
            }
        }
        for (key, message) in &source.widget {
            let Some(translated) = translation.widget.get(key) else {
                add(format!("{at}.widget.{key}"), "missing".into());
                continue;
            };
            let wanted = placeholders(message.texts()[0]);
            for text in translated.texts() {
                if placeholders(text) != wanted {
                    add(
                        format!("{at}.widget.{key}"),
                        format!("uses {{{}}}, not {{{}}}", placeholders(text).join("}, {"), wanted.join("}, {")),
                    );
                }
            }
            if let Message::Plural(forms) = translated {
                if !forms.contains_key("other") {
                    add(format!("{at}.widget.{key}"), "a plural message needs an `other` form".into());
                }
            }
        }
        for key in translation.widget.keys() {
            if !source.widget.contains_key(key) {
                add(format!("{at}.widget.{key}"), "the widget has no such message".into());
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_falls_back_from_region_to_language_to_the_catalogs_own() {
        let offered: Vec<String> = ["en", "de", "fr", "ja"].map(String::from).to_vec();
        assert_eq!(negotiate(["de-AT"], &offered), "de");
        assert_eq!(negotiate(["pt-BR", "fr-CA", "de"], &offered), "fr");
        assert_eq!(negotiate(["pt-BR"], &offered), "en");
        assert_eq!(negotiate(["JA-jp"], &offered), "ja");
        assert_eq!(negotiate([], &offered), "en");
    }

    #[test]
    fn a_region_pays_in_its_currency_when_the_catalog_offers_it() {
        let offered = [Currency::USD, Currency::EUR, Currency::GBP, Currency::JPY];
        for (tag, currency) in [
            ("de-DE", Some(Currency::EUR)),
            ("fr-FR", Some(Currency::EUR)),
            ("de-AT", Some(Currency::EUR)),
            ("en-GB", Some(Currency::GBP)),
            ("ja-JP", Some(Currency::JPY)),
            ("en-US", Some(Currency::USD)),
            ("de-CH", None),
            ("en", None),
            ("zh-Hant-TW", None),
        ] {
            assert_eq!(region(tag).and_then(|r| region_currency(&r, &offered)), currency, "{tag}");
        }
    }

    fn translation(language: &str) -> Translation {
        let json = match language {
            "en" => include_str!("../../../catalog/translations/en.json"),
            "de" => include_str!("../../../catalog/translations/de.json"),
            "fr" => include_str!("../../../catalog/translations/fr.json"),
            "ja" => include_str!("../../../catalog/translations/ja.json"),
            _ => unreachable!(),
        };
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn every_offered_language_translates_every_text() {
        let catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
        let source = translation("en");
        for language in &catalog.languages {
            assert_eq!(catalog.translation_problems(&source, &translation(language)), [], "{language}");
        }
    }

    #[test]
    fn a_missing_or_stale_text_is_named_by_its_path() {
        let catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
        let source = translation("en");
        let mut german = translation("de");
        german.catalog = german
            .catalog
            .iter()
            .filter(|(path, _)| *path != "plans.pro.tagline")
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect();
        german.catalog = german
            .catalog
            .iter()
            .map(|(p, t)| (p.clone(), t.clone()))
            .chain([("plans.gone.name".to_string(), "Weg".to_string())])
            .collect();
        german.widget =
            german.widget.iter().filter(|(key, _)| *key != "cta.choose").map(|(k, m)| (k.clone(), m.clone())).collect();
        let mut wrong = german.clone();
        wrong.widget = wrong
            .widget
            .iter()
            .map(|(k, m)| {
                (
                    k.clone(),
                    if k == "cta.upgrade" { Message::Text("Auf {plan_name} wechseln".into()) } else { m.clone() },
                )
            })
            .collect();
        let paths: Vec<String> = catalog.translation_problems(&source, &wrong).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "translations.de.catalog.plans.pro.tagline",
                "translations.de.catalog.plans.gone.name",
                "translations.de.widget.cta.choose",
                "translations.de.widget.cta.upgrade",
            ]
        );
    }

    #[test]
    fn a_translation_replaces_the_texts_it_has_and_keeps_the_others() {
        let catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
        let mut japanese = translation("ja");
        let localized = catalog.localized(&japanese);
        assert_eq!(localized.plan("pro").unwrap().tagline, japanese.catalog.get("plans.pro.tagline").unwrap().as_str());
        assert_eq!(
            localized.plans.iter().map(|p| p.credits_per_month).collect::<Vec<_>>(),
            catalog.plans.iter().map(|p| p.credits_per_month).collect::<Vec<_>>()
        );
        japanese.catalog = Keyed::default();
        assert_eq!(catalog.localized(&japanese), catalog);
    }

    #[test]
    fn placeholders_are_filled_in_the_translators_order() {
        assert_eq!(fill("{count} Bilder mit {model}", &[("model", "Kling"), ("count", "3")]), "3 Bilder mit Kling");
        assert_eq!(fill("{unknown} and {", &[]), "{unknown} and {");
        let around = fill_around("{date}に終了 ({plan})", &[("plan", "Pro")], "date");
        assert_eq!(around, (String::new(), "に終了 (Pro)".to_string()));
        assert_eq!(placeholders("{b} {a} {b}"), ["a", "b"]);
    }
}
