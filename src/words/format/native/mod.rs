//! What `Intl` writes, without a browser: ICU4X with its compiled CLDR data, for any locale.
//! Amounts go through the same `f64` the wasm hands to `Intl`, so that even amounts too large
//! for an `f64` to hold exactly come out as the browser writes them. `tests.rs` holds every
//! answer to Chromium's and names the strings where the two copies of CLDR differ.

use std::cell::OnceCell;
use std::rc::Rc;

use chrono::{DateTime, Datelike, Utc};
use icu_calendar::Date;
use icu_datetime::fieldsets::YMD;
use icu_datetime::DateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use pricing_core::{Currency, Money};

#[cfg(test)]
mod tests;

/// Whether `tag` is a locale the pre-render writes: any well-formed BCP 47 tag (CLDR's data
/// falls back from `de-AT` to `de` as the browser's does).
#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
pub fn formats(tag: &str) -> bool {
    Locale::try_from_str(tag).is_ok()
}

/// One locale's formatters, each made when first used (building one costs more than using it).
struct Formatters {
    locale: Locale,
    decimal: OnceCell<DecimalFormatter>,
    plurals: OnceCell<PluralRules>,
    dates: OnceCell<DateTimeFormatter<YMD>>,
    money: [OnceCell<CurrencyFormatter<DecimalFormatter>>; Currency::ALL.len()],
}

const DATA: &str = "ICU4X's compiled data has every locale, by fallback";

/// How many locales' formatters a thread keeps: a page is in one locale, and the API's
/// `locale` parameter is the visitor's to choose.
const KEPT: usize = 16;

thread_local! {
    /// The formatters of the locales this thread wrote last.
    static BY_LOCALE: std::cell::RefCell<Vec<(String, Rc<Formatters>)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn formatters(tag: &str) -> Rc<Formatters> {
    BY_LOCALE.with(|all| {
        if let Some((_, found)) = all.borrow().iter().find(|(t, _)| t == tag) {
            return found.clone();
        }
        let made = Rc::new(Formatters {
            locale: Locale::try_from_str(tag).unwrap_or(Locale::UNKNOWN),
            decimal: OnceCell::new(),
            plurals: OnceCell::new(),
            dates: OnceCell::new(),
            money: std::array::from_fn(|_| OnceCell::new()),
        });
        let mut all = all.borrow_mut();
        if all.len() == KEPT {
            all.remove(0);
        }
        all.push((tag.to_string(), made.clone()));
        made
    })
}

/// The decimal digits `Intl` starts from: V8's ICU takes the shortest decimal that reads back
/// as the same `f64`, as Rust's `Display` writes it (never in exponent form), not the `f64`'s
/// exact binary value: 2^63 is "9,223,372,036,854,776,000" and 1.005 rounds to "1.01".
fn shortest(value: f64) -> Decimal {
    Decimal::try_from_str(&value.to_string()).expect("a finite f64 is written as a decimal")
}

/// `value` rounded half away from zero, `Intl`'s default, to exactly `digits` fraction digits.
fn rounded(value: f64, digits: u32) -> Decimal {
    use fixed_decimal::{SignedRoundingMode, UnsignedRoundingMode};
    let position = -(digits as i16);
    let mut decimal = shortest(value);
    decimal.round_with_mode(position, SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand));
    decimal.absolute.pad_end(position);
    decimal
}

/// As `Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: d,
/// maximumFractionDigits: d })` writes `amount.major_for_display()`, d the currency's minor digits.
pub fn money(amount: Money, locale: &str) -> String {
    let formatters = formatters(locale);
    let formatter = formatters.money[amount.currency as usize].get_or_init(|| {
        let code = CurrencyType::try_from_str(amount.currency.code()).expect("an ISO 4217 code");
        let prefs = (&formatters.locale).into();
        match iso_code_as_symbol(&formatters.locale, amount.currency) {
            true => CurrencyFormatter::try_new_code(prefs, code, Default::default()),
            false => CurrencyFormatter::try_new_symbol(prefs, code, Default::default()),
        }
        .expect(DATA)
    });
    let decimal = rounded(amount.major_for_display(), amount.currency.minor_digits());
    let written = formatter.format_fixed_decimal(&decimal).to_string();
    written
}

/// Where CLDR gives a language no symbol of its own for a currency, and so the ISO code
/// ("12.345,60 GBP" in Spanish), as Chromium writes it: ICU4X's data leaves such a symbol out
/// and its fallback reaches CLDR's root ("£"). By language, or language and region where the
/// region has symbols of its own; `tests.rs` finds each in Chromium.
const ISO_CODE_AS_SYMBOL: [(&str, Option<&str>, &[Currency]); 15] = {
    use Currency::*;
    [
        ("de", Some("CH"), &[EUR]),
        ("de", Some("LI"), &[EUR]),
        ("es", None, &[AUD, BRL, CAD, CNY, GBP, JPY, KRW, MXN]),
        ("es", Some("419"), &[AUD, BRL, CAD, CNY, EUR, GBP, JPY, KRW, MXN, USD]),
        ("es", Some("AR"), &[AUD, BRL, CAD, CNY, EUR, GBP, JPY, KRW, MXN]),
        ("es", Some("CL"), &[AUD, BRL, CAD, CNY, EUR, GBP, JPY, KRW, MXN]),
        ("es", Some("CO"), &[AUD, BRL, CAD, CNY, EUR, GBP, JPY, KRW, MXN]),
        ("es", Some("MX"), &[AUD, BRL, CAD, CNY, EUR, GBP, JPY, KRW, USD]),
        ("es", Some("US"), &[AUD, BRL, CAD, CNY, EUR, GBP, KRW, MXN]),
        ("fr", Some("CA"), &[KRW, MXN]),
        ("fr", None, &[CNY, JPY]),
        ("it", None, &[BRL, JPY, KRW, MXN, USD]),
        ("pl", None, &[AUD, CAD, CNY, GBP, JPY, KRW, MXN, USD]),
        ("sv", None, &[AUD, CNY, GBP, JPY, KRW]),
        ("uk", None, &[AUD, BRL, CAD, CNY, EUR, GBP, KRW, MXN, USD]),
    ]
};

/// The regions whose Spanish CLDR derives from Latin America's (`es-419`), its parent locale.
const SPANISH_AMERICA: [&str; 21] = [
    "AR", "BO", "BR", "BZ", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PR", "PY", "SV",
    "US", "UY",
];

fn iso_code_as_symbol(locale: &Locale, currency: Currency) -> bool {
    let (language, region) = (locale.id.language.as_str(), locale.id.region.as_ref().map(|r| r.as_str()));
    let entry = |wanted: Option<&str>| ISO_CODE_AS_SYMBOL.iter().find(|(l, r, _)| *l == language && *r == wanted);
    let parent = |region: &str| (language == "es" && SPANISH_AMERICA.contains(&region)).then_some("419");
    let currencies = region
        .and_then(|region| entry(Some(region)).or_else(|| parent(region).and_then(|p| entry(Some(p)))))
        .or_else(|| entry(None));
    currencies.is_some_and(|(_, _, currencies)| currencies.contains(&currency))
}

/// As `Intl.NumberFormat(locale).format(value)`, `value` passed as the wasm passes it: an `f64`.
pub fn number(value: u64, locale: &str) -> String {
    let formatters = formatters(locale);
    let decimal = formatters
        .decimal
        .get_or_init(|| DecimalFormatter::try_new((&formatters.locale).into(), Default::default()).expect(DATA));
    decimal.format(&shortest(value as f64)).to_string()
}

/// As `Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" })`: "December 8, 2026".
pub fn date(at: DateTime<Utc>, locale: &str) -> String {
    let formatters = formatters(locale);
    let dates = formatters
        .dates
        .get_or_init(|| DateTimeFormatter::try_new((&formatters.locale).into(), YMD::long()).expect(DATA));
    let day = Date::try_new_iso(at.year(), at.month() as u8, at.day() as u8).expect("a chrono date is a valid date");
    dates.format(&day).to_string()
}

/// As `new Intl.PluralRules(locale).select(count)`: CLDR's cardinal category of `count`.
pub fn plural(count: u64, locale: &str) -> &'static str {
    let formatters = formatters(locale);
    let rules =
        formatters.plurals.get_or_init(|| PluralRules::try_new_cardinal((&formatters.locale).into()).expect(DATA));
    match rules.category_for(&shortest(count as f64)) {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}
