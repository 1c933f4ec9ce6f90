//! The native formatting against Node's `Intl` (full ICU), for every locale the pre-render
//! offers. One `node` per test answers the whole grid, so the tests stay quick.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::{TimeZone, Utc};
use pricing_core::{Currency, Money};
use serde_json::{json, Value};

use super::{date, money, number, plural};
use crate::words::format::PRERENDER_LOCALES;

/// Answers each request as the wasm would ask `Intl`, in order.
const NODE: &str = r#"
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const answers = cases.map(([kind, locale, value, options]) => {
  switch (kind) {
    case "money": return new Intl.NumberFormat(locale, options).format(value);
    case "number": return new Intl.NumberFormat(locale).format(value);
    case "date": return new Intl.DateTimeFormat(locale, options).format(new Date(value));
    case "plural": return new Intl.PluralRules(locale).select(value);
  }
  throw new Error(`unknown kind ${kind}`);
});
process.stdout.write(JSON.stringify(answers));
"#;

/// Each request (kind, locale, the value as the wasm hands it to `Intl`, options) with the
/// native answer; fails listing the first answers that differ from Node's.
fn compare_with_node(cases: Vec<(Value, String)>) {
    let (requests, ours): (Vec<Value>, Vec<String>) = cases.into_iter().unzip();
    let mut node = Command::new("node")
        .args(["-e", NODE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("running `node` (Node 20 with full ICU) from PATH");
    let input = serde_json::to_vec(&requests).expect("a JSON grid");
    node.stdin.take().expect("node's stdin").write_all(&input).expect("writing the grid to node");
    let output = node.wait_with_output().expect("node's answers");
    assert!(output.status.success(), "node failed: {}", output.status);
    let theirs: Vec<String> = serde_json::from_slice(&output.stdout).expect("node answers a JSON list of strings");
    assert_eq!(theirs.len(), requests.len(), "node answers every request");

    let differences: Vec<String> = requests
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (ours, theirs))| ours != theirs)
        .map(|(request, (ours, theirs))| {
            format!("{request}\n    Intl:   {}\n    native: {}", shown(theirs), shown(ours))
        })
        .collect();
    assert!(
        differences.is_empty(),
        "{} of {} differ from Intl; the first:\n{}",
        differences.len(),
        requests.len(),
        differences.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// `text` with the characters one cannot tell apart on a terminal (no-break spaces, narrow
/// no-break spaces, direction marks) as code points.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| {
            let invisible = c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}');
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
    for locale in PRERENDER_LOCALES {
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
                cases.push((request, money(amount, locale)));
            }
        }
    }
    compare_with_node(cases);
}

#[test]
fn numbers_are_written_as_intl_writes_them() {
    let values = [0, 1, 999, 1000, 1234567, 12345, 1_000_000, 9_007_199_254_740_993, 1 << 63, u64::MAX];
    let cases = PRERENDER_LOCALES
        .iter()
        .flat_map(|locale| values.map(|v| (json!(["number", locale, v as f64, null]), number(v, locale))))
        .collect();
    compare_with_node(cases);
}

#[test]
fn dates_are_written_as_intl_writes_them() {
    let options = json!({ "dateStyle": "long", "timeZone": "UTC" });
    let mut cases = Vec::new();
    for locale in PRERENDER_LOCALES {
        for month in 1..=12 {
            for day in [1, 28] {
                // The day's last second too: the day is UTC's, not the machine's.
                for (h, m, s) in [(0, 0, 0), (23, 59, 59)] {
                    let at = Utc.with_ymd_and_hms(2026, month, day, h, m, s).unwrap();
                    let request = json!(["date", locale, at.timestamp_millis(), options]);
                    cases.push((request, date(at, locale)));
                }
            }
        }
    }
    compare_with_node(cases);
}

#[test]
fn plural_categories_are_intl_s() {
    let counts = [0, 1, 2, 3, 11, 21, 100, 1_000_000, 2_000_000, 1_500_000, 1_000_001, 1_000_000_000, u64::MAX];
    let cases = PRERENDER_LOCALES
        .iter()
        .flat_map(|locale| counts.map(|n| (json!(["plural", locale, n as f64, null]), plural(n, locale).to_string())))
        .collect();
    compare_with_node(cases);
}

#[test]
#[should_panic(expected = "the pre-render formats en-US, de-DE, fr-FR, ja-JP only, not en-GB")]
fn other_locales_are_refused() {
    number(1, "en-GB");
}

/// An amount from `Money` never has more fraction digits than its currency (the two-digit
/// decimal is always among the shortest that read back), so no grid above reaches the rounding;
/// these are `Intl`'s answers for decimals that do.
#[test]
fn rounding_is_half_away_from_zero_as_in_intl() {
    let split = |(integer, fraction): (String, String)| format!("{integer}|{fraction}");
    assert_eq!(split(super::round("1.005", 2)), "1|01");
    assert_eq!(split(super::round("1.004", 2)), "1|00");
    assert_eq!(split(super::round("9.995", 2)), "10|00");
    assert_eq!(split(super::round("99.5", 0)), "100|");
    assert_eq!(split(super::round("0.125", 2)), "0|13");
    assert_eq!(split(super::round("29", 2)), "29|00");
    assert_eq!(split(super::round("29.5", 2)), "29|50");
}
