use super::texts::{source_mark, CatalogTranslations, LanguageTexts, TextState};
use super::*;
use crate::money::Currency;

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
fn a_language_written_for_a_region_or_in_a_script_is_read_by_those_who_read_it() {
    let offered: Vec<String> = ["en", "pt-BR", "zh-Hans", "ar"].map(String::from).to_vec();
    for (wanted, language) in [
        ("pt-BR", "pt-BR"),
        ("pt-PT", "pt-BR"),
        ("pt", "pt-BR"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-Hans-HK", "zh-Hans"),
        ("zh-TW", "en"),
        ("zh-HK", "en"),
        ("zh-Hant", "en"),
        ("zh_CN", "zh-Hans"),
        ("ar-EG", "ar"),
        ("ar-SA-u-nu-latn", "ar"),
        ("zh-CN-u-nu-latn", "zh-Hans"),
        ("zh-TW-u-nu-hans", "en"),
    ] {
        assert_eq!(negotiate([wanted], &offered), language, "{wanted}");
    }
    assert_eq!(negotiate(["zh-TW", "pt-PT"], &offered), "pt-BR", "the next language the visitor reads");
}

#[test]
fn a_right_to_left_message_isolates_each_value_it_fills() {
    let (before, after) =
        fill_around("{plan}: {price} / {period}", &[("plan", "Pro"), ("price", "US$ 29")], "period", true);
    assert_eq!((before.as_str(), after.as_str()), ("\u{2068}Pro\u{2069}: \u{2068}US$ 29\u{2069} / ", ""));
    assert_eq!(fill("{a}{b}", &[("a", "x"), ("b", "")]), "x", "left to right: the values as they are");
    assert_eq!(fill_around("[{a}]", &[("a", "")], "", true).0, "[]", "nothing to isolate in an empty value");
}

#[test]
fn a_catalog_names_its_languages_as_language_tags() {
    for tag in ["en", "de", "fil", "pt-BR", "zh-Hans", "zh-Hant-TW", "es-419", "sr-Latn"] {
        assert!(is_language_tag(tag), "{tag}");
    }
    for tag in ["", "EN", "english", "pt-br", "zh-hans", "pt_BR", "de-", "en-US-x-private", "e"] {
        assert!(!is_language_tag(tag), "{tag}");
    }
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
        ("bg-BG", Some(Currency::EUR)),
        ("fr-RE", Some(Currency::EUR)),
        ("ja-u-ca-japanese", None),
        ("es-419", None),
        ("es-ES", Some(Currency::EUR)),
        ("pt-BR", None),
        ("ko-KR", None),
        ("ar-SA", None),
    ] {
        assert_eq!(region(tag).and_then(|r| region_currency(&r, &offered)), currency, "{tag}");
    }
    // A catalog that offers them: the regions of the catalog's other languages.
    for (tag, currency) in [
        ("pt-BR", Currency::BRL),
        ("es-MX", Currency::MXN),
        ("ko-KR", Currency::KRW),
        ("zh-Hans-CN", Currency::CNY),
        ("ar-SA", Currency::SAR),
        ("ar-AE", Currency::AED),
    ] {
        assert_eq!(region(tag).and_then(|r| region_currency(&r, &Currency::ALL)), Some(currency), "{tag}");
    }
    // Egypt's pounds and Argentina's pesos are no currency a catalog can offer: the catalog's own.
    for tag in ["ar-EG", "es-AR"] {
        assert_eq!(region(tag).and_then(|r| region_currency(&r, &Currency::ALL)), None, "{tag}");
    }
}

fn translation(language: &str) -> Translation {
    let json = match language {
        "en" => include_str!("../../../../catalog/translations/en.json"),
        "de" => include_str!("../../../../catalog/translations/de.json"),
        "fr" => include_str!("../../../../catalog/translations/fr.json"),
        "ja" => include_str!("../../../../catalog/translations/ja.json"),
        "es" => include_str!("../../../../catalog/translations/es.json"),
        "pt-BR" => include_str!("../../../../catalog/translations/pt-BR.json"),
        "ko" => include_str!("../../../../catalog/translations/ko.json"),
        "zh-Hans" => include_str!("../../../../catalog/translations/zh-Hans.json"),
        "ar" => include_str!("../../../../catalog/translations/ar.json"),
        other => panic!("no translation file for {other} in this test"),
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
    let gone = ("plans.gone.name".to_string(), "Weg".to_string());
    german.catalog = german
        .catalog
        .iter()
        .filter(|(key, _)| *key != "plans.pro.tagline")
        .map(|(key, text)| (key.clone(), text.clone()))
        .chain([gone])
        .collect();
    let renamed = Message::Text("Auf {plan_name} wechseln".into());
    german.widget = german
        .widget
        .iter()
        .filter(|(key, _)| *key != "cta.choose")
        .map(|(key, message)| (key.clone(), if key == "cta.upgrade" { renamed.clone() } else { message.clone() }))
        .collect();
    let problems = catalog.translation_problems(&source, &german);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "translations.de.catalog.plans.pro.tagline",
            "translations.de.catalog.plans.gone.name",
            "translations.de.widget.cta.choose",
            "translations.de.widget.cta.upgrade",
        ]
    );
    let pro = catalog.plan_rank("pro").unwrap();
    assert!(problems[0].message.contains(&format!("plans[{pro}].tagline")), "{}", problems[0].message);
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
    let around = fill_around("{date}に終了 ({plan})", &[("plan", "Pro")], "date", false);
    assert_eq!(around, (String::new(), "に終了 (Pro)".to_string()));
    assert_eq!(placeholders("{b} {a} {b}"), ["a", "b"]);
    assert_eq!(placeholders("a { b {count}"), [" b {count"], "read as fill reads it");
    let source = Message::Plural(
        [("one", "{count} video"), ("other", "{count} videos")]
            .map(|(c, t)| (c.into(), t.into()))
            .into_iter()
            .collect(),
    );
    let idiomatic = Message::Plural(
        [("one", "une vidéo"), ("many", "{count} de vidéos"), ("other", "{count} vidéos")]
            .map(|(c, t)| (c.into(), t.into()))
            .into_iter()
            .collect(),
    );
    assert_eq!(message_problems(&source, &idiomatic), Vec::<String>::new());
    let broken = Message::Plural(
        [("uno", "{count} vídeo"), ("other", "{n} vídeos")].map(|(c, t)| (c.into(), t.into())).into_iter().collect(),
    );
    assert_eq!(message_problems(&source, &broken).len(), 2, "{:?}", message_problems(&source, &broken));
    assert_eq!(message_problems(&Message::Text("{plan}".into()), &Message::Text(" ".into())).len(), 2);
}

#[test]
fn a_translation_is_stale_once_its_source_text_changes_and_current_again_when_redone() {
    let mut catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
    let mut german = LanguageTexts::adopted(&catalog, &translation("de"));
    let states = |catalog: &Catalog, texts: &LanguageTexts| -> Vec<(String, TextState)> {
        catalog
            .text_statuses(texts)
            .into_iter()
            .filter(|s| s.state != TextState::Current)
            .map(|s| (s.key, s.state))
            .collect()
    };
    assert_eq!(states(&catalog, &german), []);
    let pro = catalog.plan_rank("pro").unwrap();
    catalog.plans[pro].tagline = "For weekly projects.".into();
    assert_eq!(states(&catalog, &german), [("plans.pro.tagline".to_string(), TextState::Stale)]);
    catalog.plans[pro].badge = Some("New".into());
    german.texts =
        german.texts.iter().filter(|(k, _)| *k != "plans.pro.badge").map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_eq!(
        states(&catalog, &german),
        [("plans.pro.tagline".to_string(), TextState::Stale), ("plans.pro.badge".to_string(), TextState::Missing)]
    );
    german.from = german
        .from
        .iter()
        .map(|(k, v)| {
            (k.clone(), if k == "plans.pro.tagline" { source_mark("For weekly projects.") } else { v.clone() })
        })
        .collect();
    assert_eq!(states(&catalog, &german), [("plans.pro.badge".to_string(), TextState::Missing)]);
}

#[test]
fn every_other_language_of_a_version_is_held_to_the_rules_of_its_source_texts() {
    let catalog = Catalog::parse(crate::DEFAULT_CATALOG_JSON).unwrap();
    let adopted = |language: &str| (language.to_string(), LanguageTexts::adopted(&catalog, &translation(language)));
    let mut translations: CatalogTranslations = catalog.languages[1..].iter().map(|l| adopted(l)).collect();
    assert_eq!(catalog.translations_problems(&translations), []);
    let mut french = translations.get("fr").unwrap().clone();
    french.texts = french
        .texts
        .iter()
        .map(|(key, text)| {
            let edited = match key.as_str() {
                "plans.pro.name" => "P".repeat(41),
                "plans.basic.tagline" => "<b>Basique</b>".into(),
                _ => text.clone(),
            };
            (key.clone(), edited)
        })
        .collect();
    let gone = ("promotions.gone.headline".to_string(), "Partie".to_string());
    french.texts = french.texts.iter().map(|(k, v)| (k.clone(), v.clone())).chain([gone]).collect();
    translations = [("fr".to_string(), french), ("it".to_string(), LanguageTexts::default())].into_iter().collect();
    let kept = catalog.kept_translations(&translations);
    assert_eq!(kept.keys().collect::<Vec<_>>(), ["fr"], "a language the catalog does not offer goes");
    assert!(!kept.get("fr").unwrap().texts.contains_key("promotions.gone.headline"), "so does a text of no part");
    assert!(catalog
        .translations_problems(&translations)
        .iter()
        .any(|p| p.path == "translations.fr.catalog.promotions.gone.headline"));
    let problems = catalog.translations_problems(&kept);
    let german_texts = catalog.texts().len();
    assert_eq!(problems.iter().filter(|p| p.path.starts_with("translations.de.catalog.")).count(), german_texts);
    let at = |path: &str| problems.iter().find(|p| p.path == path).map(|p| p.message.as_str());
    assert_eq!(at("translations.fr.catalog.plans.pro.name"), Some("at most 40 characters (is 41)"));
    assert!(at("translations.fr.catalog.plans.basic.tagline").unwrap().contains("plain text only"));
}
