//! The native formatting against Chromium's `Intl` (the browser that takes the pre-render
//! over), for every locale the widget writes: each catalog language's own, the regions its
//! readers come from, and locales of languages the catalog lacks. One Chromium per test answers
//! the whole grid, so the tests stay quick; a difference is named with both strings.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use pricing_core::{Catalog, Currency, Money};
use serde_json::{json, Value};

use super::{date, money, number, plural};

/// Each catalog language's own locale, then locales the widget meets without a language of
/// their own: regions of the catalog's languages, and languages the catalog lacks (English
/// words, the locale's numbers and dates).
fn locales() -> Vec<String> {
    let catalog = Catalog::parse(include_str!("../../../../catalog/default.json")).expect("the default catalog");
    let translation = |language: &String| {
        let path = format!("{}/catalog/translations/{language}.json", env!("CARGO_MANIFEST_DIR"));
        crate::words::parse(&std::fs::read_to_string(path).expect("a translation file")).expect("a translation")
    };
    let own = catalog.languages[1..].iter().map(|language| crate::words::own_locale(Some(&translation(language))));
    let own = std::iter::once(crate::words::own_locale(None)).chain(own);
    let met = [
        "en-GB",
        "en-IN",
        "de-AT",
        "de-CH",
        "fr-CA",
        "fr-CH",
        "ja-JP-u-ca-japanese",
        "es-MX",
        "es-419",
        "es-US",
        "es-CO",
        "es-CL",
        "de-LI",
        "es-AR",
        "pt-PT",
        "ko",
        "zh",
        "zh-TW",
        "zh-Hant-HK",
        "ar",
        "ar-EG",
        "ar-AE",
        "ar-MA",
        "ar-SA-u-nu-latn",
        "it-IT",
        "nl-NL",
        "pl-PL",
        "tr-TR",
        "ru-RU",
        "uk-UA",
        "hi-IN",
        "bn-BD",
        "sv-SE",
        "id-ID",
        "vi-VN",
        "th-TH",
        "he-IL",
        "fa-IR",
    ];
    own.chain(met.map(String::from)).collect()
}

/// Answers each request as the wasm asks `Intl`, in order, in Chromium.
const CHROMIUM: &str = r#"
const { chromium } = require("playwright-core");
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  const answers = await page.evaluate((cases) => cases.map(([kind, locale, value, options]) => {
    switch (kind) {
      case "money": return new Intl.NumberFormat(locale, options).format(value);
      case "number": return new Intl.NumberFormat(locale).format(value);
      case "date": return new Intl.DateTimeFormat(locale, options).format(new Date(value));
      case "plural": return new Intl.PluralRules(locale).select(value);
    }
    throw new Error(`unknown kind ${kind}`);
  }), cases);
  await browser.close();
  process.stdout.write(JSON.stringify(answers));
})().catch((error) => { console.error(error); process.exit(1); });
"#;

/// Where Chromium's copy of CLDR (its ICU) and ICU4X's differ, for locales of languages the
/// catalog lacks and regions of its languages: the locale, what is written ("date", "number",
/// or "money" and the currency; "money" alone for every currency), one string as Chromium
/// writes it and as the pre-render does, and why. Any other difference fails, and so does a
/// named string that no longer differs. The catalog languages' own locales have none. Where
/// they differ, the render key's `formats` differs too, and the wasm renders afresh.
const KNOWN: [(&str, &str, &str, &str, &str); 7] = [
    (
        "de-AT",
        "money",
        "€\u{a0}1.234.567,89",
        "€\u{a0}1\u{a0}234\u{a0}567,89",
        "ICU4X groups Austrian money with spaces",
    ),
    ("fr-CH", "money", "0.00\u{a0}€", "0,00\u{a0}€", "ICU4X writes Swiss French money with a decimal comma"),
    ("fr-CH", "number", "1\u{202f}000", "1'000", "ICU4X groups Swiss French numbers with an apostrophe"),
    ("hi-IN", "date", "1 जनवरी 2026", "1 जनवरी, 2026", "ICU4X puts a comma before the year"),
    ("ru-RU", "date", "1 января 2026 г.", "1 января 2026\u{202f}г.", "ICU4X puts U+202F before «г.»"),
    ("uk-UA", "date", "1 січня 2026 р.", "1 січня 2026\u{202f}р.", "ICU4X puts U+202F before «р.»"),
    ("vi-VN", "date", "1 tháng 1, 2026", "1 tháng 1 2026", "Chromium puts a comma before the year"),
];

/// What a request writes, as `KNOWN` names it.
fn what(request: &Value) -> (String, String) {
    let (kind, locale) = (request[0].as_str().unwrap_or_default(), request[1].as_str().unwrap_or_default());
    let what = match request[3]["currency"].as_str() {
        Some(currency) => format!("{kind} {currency}"),
        None => kind.to_string(),
    };
    (locale.to_string(), what)
}

/// Each request (kind, locale, the value as the wasm hands it to `Intl`, options) with the
/// native answer; fails listing the answers that differ from Chromium's where `KNOWN` does not
/// name them, and the names of `KNOWN` that differ no more.
fn compare_with_chromium(cases: Vec<(Value, String)>) {
    let (requests, ours): (Vec<Value>, Vec<String>) = cases.into_iter().unzip();
    let mut node = Command::new("node")
        .args(["-e", CHROMIUM])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("running `node` (with playwright-core from `npm ci`, and /usr/bin/chromium)");
    let input = serde_json::to_vec(&requests).expect("a JSON grid");
    node.stdin.take().expect("node's stdin").write_all(&input).expect("writing the grid to node");
    let output = node.wait_with_output().expect("Chromium's answers");
    assert!(output.status.success(), "asking Chromium failed: {}", output.status);
    let theirs: Vec<String> = serde_json::from_slice(&output.stdout).expect("a JSON list of strings");
    assert_eq!(theirs.len(), requests.len(), "Chromium answers every request");

    let names = |(l, w, ..): &&(&str, &str, &str, &str, &str), (locale, what): &(String, String)| {
        l == locale && (w == what || what.strip_prefix(w).is_some_and(|currency| currency.starts_with(' ')))
    };
    let named = |asked: &(String, String)| KNOWN.iter().any(|known| names(&known, asked));
    let differing: Vec<(&Value, &String, &String)> = requests
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (o, t))| o != t)
        .map(|(r, (o, t))| (r, o, t))
        .collect();
    let unnamed: Vec<String> = differing
        .iter()
        .filter(|(request, _, _)| !named(&what(request)))
        .map(|(request, ours, theirs)| {
            format!("{request}\n    Chromium: {}\n    native:   {}", shown(theirs), shown(ours))
        })
        .collect();
    assert!(
        unnamed.is_empty(),
        "{} of {} differ from Chromium's Intl; the first:\n{}",
        unnamed.len(),
        requests.len(),
        unnamed.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
    let asked: Vec<(String, String)> = requests.iter().map(what).collect();
    let stale: Vec<String> = KNOWN
        .iter()
        .filter(|known| asked.iter().any(|asked| names(known, asked)))
        .filter(|(_, _, chromium, native, _)| !differing.iter().any(|(_, o, t)| o == native && t == chromium))
        .map(|(l, w, chromium, ..)| format!("{l} {w}: {chromium}"))
        .collect();
    assert!(stale.is_empty(), "KNOWN names strings Chromium no longer writes otherwise: {stale:?}");
}

/// `text` with the characters one cannot tell apart on a terminal (no-break spaces, narrow
/// no-break spaces, direction marks) as code points.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            let invisible =
                c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{61c}');
            if c.is_ascii() || !invisible {
                c.to_string()
            } else {
                format!("<U+{:04X}>", c as u32)
            }
        })
        .collect::<String>()
        .replace(' ', "<space>")
}

#[test]
fn money_is_written_as_intl_writes_it() {
    let typical = [0, 1, 99, 100, 2900, 27600, 123456789, -2900, -1, 5, 999999];
    // Past 2^53 the f64 the browser formats is no longer the amount: the native side must
    // round the same way.
    let huge = [9_007_199_254_740_993, -123_456_789_012_345_678, i64::MAX, i64::MIN];
    let mut cases = Vec::new();
    for locale in locales() {
        for currency in Currency::ALL {
            for minor in typical.into_iter().chain(huge) {
                let amount = Money::new(minor, currency);
                let digits = currency.minor_digits();
                let options = json!({
                    "style": "currency",
                    "currency": currency.code(),
                    "minimumFractionDigits": digits,
                    "maximumFractionDigits": digits,
                });
                let request = json!(["money", locale, amount.major_for_display(), options]);
                cases.push((request, money(amount, &locale)));
            }
        }
    }
    compare_with_chromium(cases);
}

#[test]
fn numbers_are_written_as_intl_writes_them() {
    let values = [0, 1, 999, 1000, 1234567, 12345, 1_000_000, 9_007_199_254_740_993, 1 << 63, u64::MAX];
    let cases = locales()
        .iter()
        .flat_map(|locale| values.map(|v| (json!(["number", locale, v as f64, null]), number(v, locale))))
        .collect();
    compare_with_chromium(cases);
}

#[test]
fn dates_are_written_as_intl_writes_them() {
    let options = json!({ "dateStyle": "long", "timeZone": "UTC" });
    let mut cases = Vec::new();
    for locale in locales() {
        for month in 1..=12 {
            for day in [1, 28] {
                // The day's last second too: the day is UTC's, not the machine's.
                for (h, m, s) in [(0, 0, 0), (23, 59, 59)] {
                    let at = Utc.with_ymd_and_hms(2026, month, day, h, m, s).unwrap();
                    let request = json!(["date", locale, at.timestamp_millis(), options]);
                    cases.push((request, date(at, &locale)));
                }
            }
        }
    }
    compare_with_chromium(cases);
}

#[test]
fn plural_categories_are_intl_s() {
    // Up to 2^53, the counts a browser's number holds exactly (past 2^63 Chromium's operands
    // overflow: it files u64::MAX under Arabic's "many", CLDR's rules under "other").
    let counts =
        [0, 1, 2, 3, 11, 21, 100, 102, 111, 1_000_000, 2_000_000, 1_500_000, 1_000_001, 1_000_000_000, 1 << 53];
    // Plural forms are asked in the words' language: the catalog's languages, in their regions.
    let catalog = Catalog::parse(include_str!("../../../../catalog/default.json")).expect("the default catalog");
    let read = |locale: &&String| {
        catalog.languages.iter().any(|l| pricing_core::i18n::primary(l) == pricing_core::i18n::primary(locale))
    };
    let cases = locales()
        .iter()
        .filter(read)
        .flat_map(|locale| counts.map(|n| (json!(["plural", locale, n as f64, null]), plural(n, locale).to_string())))
        .collect();
    compare_with_chromium(cases);
}

/// An amount from `Money` never has more fraction digits than its currency (the two-digit
/// decimal is always among the shortest that read back), so no grid above reaches the rounding;
/// these are `Intl`'s answers (`en-US`) for decimals that do: half away from zero.
#[test]
fn rounding_is_half_away_from_zero_as_in_intl() {
    for (value, digits, intl) in [
        (1.005, 2, "1.01"),
        (1.004, 2, "1.00"),
        (9.995, 2, "10.00"),
        (99.5, 0, "100"),
        (0.125, 2, "0.13"),
        (29.0, 2, "29.00"),
        (-0.125, 2, "-0.13"),
    ] {
        assert_eq!(super::rounded(value, digits).to_string(), intl, "{value} to {digits} digits");
    }
}

#[test]
fn a_tag_that_is_no_locale_is_refused() {
    assert!(super::formats("de-AT") && super::formats("zh-Hant-HK") && super::formats("ar-SA-u-nu-latn"));
    assert!(!super::formats("") && !super::formats("de_AT!") && !super::formats("xx-yyyyyyyyyyy"));
}
