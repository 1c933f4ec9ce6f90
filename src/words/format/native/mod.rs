//! What `Intl` writes for the pre-render's locales, without a browser: each locale's separators,
//! currency symbols, month names and plural rules, copied from Node's `Intl` (full ICU) and held
//! to it by `tests.rs`. Amounts go through the same `f64` the wasm hands to `Intl`, so that even
//! amounts too large for an `f64` to hold exactly come out as the browser writes them.

use chrono::{DateTime, Datelike, Utc};
use pricing_core::{Currency, Money};

use super::PRERENDER_LOCALES;

#[cfg(test)]
mod tests;

/// Where the locales differ, for the formats the widget uses.
struct Locale {
    group: char,
    decimal: char,
    /// "29,00 €" (after the amount, past a no-break space) rather than "$29.00".
    symbol_after: bool,
    symbol: fn(Currency) -> &'static str,
    /// `dateStyle: "long"` from the day, the month (0-based) and the year.
    date: fn(u32, usize, i32) -> String,
    /// The cardinal category from the integer's decimal digits.
    plural: fn(&str) -> &'static str,
}

const EN_US: Locale = Locale {
    group: ',',
    decimal: '.',
    symbol_after: false,
    symbol: |currency| match currency {
        Currency::USD => "$",
        Currency::EUR => "€",
        Currency::GBP => "£",
        Currency::JPY => "¥",
        Currency::KRW => "₩",
        Currency::CHF => "CHF",
        Currency::CAD => "CA$",
        Currency::AUD => "A$",
    },
    date: |day, month, year| {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        format!("{} {day}, {year}", MONTHS[month])
    },
    plural: one_for_one,
};

const DE_DE: Locale = Locale {
    group: '.',
    decimal: ',',
    symbol_after: true,
    // As en-US but for the Australian dollar.
    symbol: |currency| match currency {
        Currency::AUD => "AU$",
        other => (EN_US.symbol)(other),
    },
    date: |day, month, year| {
        const MONTHS: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        format!("{day}. {} {year}", MONTHS[month])
    },
    plural: one_for_one,
};

const FR_FR: Locale = Locale {
    // The narrow no-break space (U+202F), not the U+00A0 that comes before the symbol.
    group: '\u{202f}',
    decimal: ',',
    symbol_after: true,
    symbol: |currency| match currency {
        Currency::USD => "$US",
        Currency::EUR => "€",
        Currency::GBP => "£GB",
        // CLDR's French has no symbol for the yen: Intl falls back to the ISO code.
        Currency::JPY => "JPY",
        Currency::KRW => "₩",
        Currency::CHF => "CHF",
        Currency::CAD => "$CA",
        Currency::AUD => "$AU",
    },
    date: |day, month, year| {
        const MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        format!("{day} {} {year}", MONTHS[month])
    },
    // "0 crédit" like "1 crédit"; recent CLDR gives round millions ("1 000 000 de crédits") a
    // category of their own, "many", which 1 500 000 is not.
    plural: |digits| match digits {
        "0" | "1" => "one",
        _ if digits.ends_with("000000") => "many",
        _ => "other",
    },
};

const JA_JP: Locale = Locale {
    group: ',',
    decimal: '.',
    symbol_after: false,
    // As en-US but for the yen, which Japanese writes fullwidth (U+FFE5).
    symbol: |currency| match currency {
        Currency::JPY => "￥",
        other => (EN_US.symbol)(other),
    },
    date: |day, month, year| format!("{year}年{}月{day}日", month + 1),
    // Japanese nouns have no plural form.
    plural: |_| "other",
};

/// English and German: "one" for exactly 1 (integers have no visible fraction digits).
fn one_for_one(digits: &str) -> &'static str {
    if digits == "1" {
        "one"
    } else {
        "other"
    }
}

fn locale(tag: &str) -> &'static Locale {
    match tag {
        "en-US" => &EN_US,
        "de-DE" => &DE_DE,
        "fr-FR" => &FR_FR,
        "ja-JP" => &JA_JP,
        _ => panic!("the pre-render formats {} only, not {tag}", PRERENDER_LOCALES.join(", ")),
    }
}

/// The decimal digits `Intl` starts from: V8's ICU takes the shortest decimal that reads back
/// as the same `f64`, as Rust's `Display` writes it (never in exponent form), not the `f64`'s
/// exact binary value: 2^63 is "9,223,372,036,854,776,000" and 1.005 rounds to "1.01".
fn shortest(value: f64) -> String {
    value.to_string()
}

/// `unsigned` ("1234.567") rounded half away from zero, `Intl`'s default, to `digits` places:
/// the integer part and exactly `digits` fraction digits.
fn round(unsigned: &str, digits: usize) -> (String, String) {
    let (integer, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let padded = fraction.bytes().chain(std::iter::repeat(b'0'));
    let mut kept: Vec<u8> = integer.bytes().chain(padded.take(digits)).collect();
    if fraction.as_bytes().get(digits).is_some_and(|&d| d >= b'5') {
        let carried = kept.iter().rposition(|&d| d != b'9');
        let first_nine = carried.map_or(0, |i| i + 1);
        kept[first_nine..].fill(b'0');
        match carried {
            Some(i) => kept[i] += 1,
            None => kept.insert(0, b'1'),
        }
    }
    let fraction = kept.split_off(kept.len() - digits);
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("ASCII digits");
    (text(kept), text(fraction))
}

fn group(integer: &str, separator: char) -> String {
    let mut out = String::with_capacity(integer.len() * 2);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// As `Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: d,
/// maximumFractionDigits: d })` writes `amount.major_for_display()`, d the currency's minor digits.
pub fn money(amount: Money, locale_tag: &str) -> String {
    let locale = locale(locale_tag);
    let digits = amount.currency.minor_digits() as usize;
    let decimal = shortest(amount.major_for_display());
    let (sign, unsigned) = decimal.strip_prefix('-').map_or(("", decimal.as_str()), |u| ("-", u));
    let (integer, fraction) = round(unsigned, digits);
    let mut number = group(&integer, locale.group);
    if digits > 0 {
        number.push(locale.decimal);
        number.push_str(&fraction);
    }
    let symbol = (locale.symbol)(amount.currency);
    if locale.symbol_after {
        format!("{sign}{number}\u{a0}{symbol}")
    } else if symbol.ends_with(|c: char| c.is_alphabetic()) {
        // CLDR's currency spacing: a symbol ending in a letter is kept off the digits ("CHF 29.00").
        format!("{sign}{symbol}\u{a0}{number}")
    } else {
        format!("{sign}{symbol}{number}")
    }
}

/// As `Intl.NumberFormat(locale).format(value)`, `value` passed as the wasm passes it: an `f64`.
pub fn number(value: u64, locale_tag: &str) -> String {
    group(&shortest(value as f64), locale(locale_tag).group)
}

/// As `Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" })`: "December 8, 2026".
pub fn date(at: DateTime<Utc>, locale_tag: &str) -> String {
    (locale(locale_tag).date)(at.day(), at.month0() as usize, at.year())
}

/// As `new Intl.PluralRules(locale).select(count)`: CLDR's cardinal category of `count`.
pub fn plural(count: u64, locale_tag: &str) -> &'static str {
    (locale(locale_tag).plural)(&shortest(count as f64))
}
