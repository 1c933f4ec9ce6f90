//! Language tags: which of the catalog's languages a visitor reads (by language, and by script
//! where a language has two), and the currency of a visitor's region.

use crate::money::Currency;

/// The primary language of a tag: `de` for `de-AT`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

/// The script a tag is written in: the one it names, else the one its language and region are
/// written in where a language has two (CLDR's likely subtags: Chinese is Traditional in
/// Taiwan, Hong Kong and Macao, Simplified elsewhere); `None` where the tag does not say.
fn script(tag: &str) -> Option<&str> {
    // Before any extension: `zh-CN-u-nu-latn` names a numbering system, not a script.
    let mut parts = tag.split(['-', '_']).skip(1).take_while(|part| part.len() > 1);
    let named = parts.find(|part| part.len() == 4 && part.bytes().all(|b| b.is_ascii_alphabetic()));
    named.or_else(|| match (primary(tag).as_str(), region(tag).as_deref()) {
        ("zh", Some("TW" | "HK" | "MO")) => Some("Hant"),
        ("zh", _) => Some("Hans"),
        _ => None,
    })
}

/// Whether a visitor who reads `wanted` reads the catalog's `offered` language: the same
/// language, in the same script where the offered one names its script (`zh-TW` does not read
/// `zh-Hans`). A region does not divide a language: `pt-PT` reads `pt-BR`.
fn reads(wanted: &str, offered: &str) -> bool {
    let same_script = |offered: &str| script(wanted).is_some_and(|wanted| wanted.eq_ignore_ascii_case(offered));
    primary(wanted) == primary(offered) && script(offered).is_none_or(same_script)
}

/// The language of the first of `wanted` (a `locale` attribute, else the browser's languages
/// in order) that `offered` has: the same tag (`pt-BR`), else one the visitor reads (`de-AT`
/// → `de`, `zh-CN` → `zh-Hans`); else the first offered language, the catalog's own.
pub fn negotiate<'a>(wanted: impl IntoIterator<Item = &'a str>, offered: &[String]) -> String {
    let offered_language = |tag: &str| {
        let same = offered.iter().find(|o| o.eq_ignore_ascii_case(&tag.replace('_', "-")));
        same.or_else(|| offered.iter().find(|o| reads(tag, o)))
    };
    wanted.into_iter().find_map(offered_language).or(offered.first()).cloned().unwrap_or_else(|| "en".into())
}

/// The region of a tag (`DE` for `de-DE`, `AT` for `de-Latn-AT`), if it names one: the
/// two-letter subtag before any extension (`ja-u-ca-japanese` names none).
pub fn region(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .take_while(|part| part.len() > 1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|part| part.to_ascii_uppercase())
}

/// Where people pay in euros: the euro area (Bulgaria since 2026), the countries that use the
/// euro by agreement or alone, and France's overseas regions and communities on the euro.
const EURO_AREA: [&str; 37] = [
    "AT", "BE", "BG", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "SK",
    "SI", "ES", "AD", "MC", "SM", "VA", "ME", "XK", "AX", "GF", "GP", "MQ", "RE", "YT", "PM", "BL", "MF", "TF",
];

/// The currency a visitor from `region` pays in, if the catalog offers it.
pub fn region_currency(region: &str, offered: &[Currency]) -> Option<Currency> {
    let currency = match region {
        "US" => Currency::USD,
        "GB" => Currency::GBP,
        "JP" => Currency::JPY,
        "KR" => Currency::KRW,
        "CH" | "LI" => Currency::CHF,
        "BR" => Currency::BRL,
        "MX" => Currency::MXN,
        "CN" => Currency::CNY,
        "SA" => Currency::SAR,
        "AE" => Currency::AED,
        "CA" => Currency::CAD,
        "AU" => Currency::AUD,
        r if EURO_AREA.contains(&r) => Currency::EUR,
        _ => return None,
    };
    offered.contains(&currency).then_some(currency)
}
