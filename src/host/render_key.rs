//! What one rendering of the widget shows: the catalog (by fingerprint), the visitor's choices,
//! the locale, and the span of time in which its prices and promotions stay true. The
//! pre-render stamps it on the widget's root; the wasm takes a pre-rendered widget over only
//! when the key on screen is the one it would render itself, and replaces it otherwise.
//! (Hydration compares structure, not text: a stale price would otherwise stay on screen.)

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use pricing_core::finder::work_text;
use pricing_core::sections::Sections;
use pricing_core::{fingerprint, Catalog, ContentWindow, Currency, Interval, Money};

use crate::state::{effective_currency, effective_highlight};
use crate::words::{format, plural_locale};

#[derive(Clone, Debug, PartialEq)]
pub struct RenderKey {
    /// The views that rendered it (`build.rs`): markup from other views is never hydrated.
    pub views: String,
    pub catalog: String,
    pub currency: Currency,
    pub interval: Interval,
    pub sections: Sections,
    pub highlight: Option<String>,
    /// The plan finder's written month of work, as `work_text` writes it (`None`: the typical
    /// month a pre-render shows).
    pub finder: Option<String>,
    pub locale: String,
    /// The language, with the fingerprint of its translation (`de@1a2b…`), or the catalog's own.
    pub language: String,
    /// How the locale writes what the widget writes (`formats`): the pre-render's CLDR data and
    /// the browser's `Intl` differ here and there (`format/native/tests.rs` names where, for
    /// Chromium; other browsers carry other copies), and text is never compared at hydration.
    pub formats: String,
    pub window: ContentWindow,
}

/// A fingerprint of the locale's way with money in the currency shown (grouped, with fraction
/// digits; another currency is written afresh when chosen), numbers, dates and the plural
/// categories of the words' language.
fn formats(currency: Currency, locale: &str, language: &str) -> String {
    let mut written = format::money(Money::new(123_456_789, currency), locale);
    written += &format::number(1_234_567, locale);
    written += &format::date(DateTime::from_timestamp_millis(1_796_688_000_000).unwrap_or_default(), locale);
    let plurals = plural_locale(language, locale);
    for count in [0, 1, 2, 3, 11, 100, 1_000_000] {
        written += format::plural(count, plurals);
    }
    fingerprint(&written)
}

/// What a rendering starts from: the choices, before the catalog settles them, the locale
/// and the language.
pub struct RenderInputs<'a> {
    pub currency: Option<Currency>,
    pub interval: Interval,
    pub sections: Sections,
    pub highlight: Option<String>,
    pub finder: Option<&'a str>,
    pub locale: &'a str,
    pub language: &'a str,
}

impl RenderKey {
    /// The key of rendering `catalog` (parsed from `catalog_json`) with `inputs` at `at`.
    pub fn new(catalog_json: &str, catalog: &Catalog, inputs: RenderInputs, at: DateTime<Utc>) -> RenderKey {
        let currency = effective_currency(catalog, inputs.currency);
        RenderKey {
            views: env!("PW_VIEWS").to_string(),
            catalog: fingerprint(catalog_json),
            currency,
            interval: inputs.interval,
            sections: inputs.sections,
            highlight: effective_highlight(catalog, inputs.highlight),
            // As the finder reads it: a text it cannot read shows the typical month, as a
            // pre-render does (and, canonical, the key's `;` and `=` never appear in it).
            finder: inputs.finder.and_then(|text| catalog.parse_work(text).ok()).map(|lines| work_text(&lines)),
            locale: inputs.locale.to_string(),
            language: inputs.language.to_string(),
            formats: formats(currency, inputs.locale, inputs.language.split('@').next().unwrap_or_default()),
            window: catalog.content_window(at),
        }
    }

    /// Whether a widget rendered under this key shows, at `at`, what `wanted` would show.
    pub fn shows(&self, wanted: &RenderKey, at: DateTime<Utc>) -> bool {
        let same = RenderKey { window: self.window, ..wanted.clone() };
        *self == same && self.window.contains(at)
    }
}

fn millis(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| "-".to_string(), |t| t.timestamp_millis().to_string())
}

impl fmt::Display for RenderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "views={};catalog={};currency={};interval={};sections={};highlight={};finder={};locale={};language={};formats={};from={};until={}",
            self.views,
            self.catalog,
            self.currency,
            self.interval.as_str(),
            self.sections,
            self.highlight.as_deref().unwrap_or("-"),
            self.finder.as_deref().unwrap_or("-"),
            self.locale,
            self.language,
            self.formats,
            millis(self.window.from),
            millis(self.window.until),
        )
    }
}

impl FromStr for RenderKey {
    type Err = String;

    fn from_str(text: &str) -> Result<RenderKey, String> {
        let field = |name: &str| {
            text.split(';')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .ok_or_else(|| format!("the render key has no {name}"))
        };
        let time = |name: &str| -> Result<Option<DateTime<Utc>>, String> {
            match field(name)? {
                "-" => Ok(None),
                ms => ms
                    .parse()
                    .ok()
                    .and_then(DateTime::from_timestamp_millis)
                    .map(Some)
                    .ok_or_else(|| format!("the render key's {name} is not a time")),
            }
        };
        let named = |name: &str| format!("the render key's {name} is unknown");
        Ok(RenderKey {
            views: field("views")?.to_string(),
            catalog: field("catalog")?.to_string(),
            currency: field("currency")?.parse().map_err(|_| named("currency"))?,
            interval: field("interval")?.parse().map_err(|_| named("interval"))?,
            sections: field("sections")?.parse().map_err(|_| named("sections"))?,
            highlight: Some(field("highlight")?).filter(|h| *h != "-").map(str::to_string),
            finder: Some(field("finder")?).filter(|f| *f != "-").map(str::to_string),
            locale: field("locale")?.to_string(),
            language: field("language")?.to_string(),
            formats: field("formats")?.to_string(),
            window: ContentWindow { from: time("from")?, until: time("until")? },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pricing_core::DEFAULT_CATALOG_JSON;

    #[test]
    fn keys_survive_the_trip_through_the_page() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let inputs = |currency| RenderInputs {
            currency,
            interval: Interval::Annual,
            sections: Sections::ALL,
            highlight: None,
            finder: None,
            locale: "en-US",
            language: "en",
        };
        let now: DateTime<Utc> = "2026-11-25T12:00:00Z".parse().unwrap();
        let key = RenderKey::new(DEFAULT_CATALOG_JSON, &catalog, inputs(Some(Currency::EUR)), now);
        assert_eq!(key.to_string().parse::<RenderKey>(), Ok(key.clone()));
        assert!(key.shows(&key, now));
        let usd = RenderKey::new(DEFAULT_CATALOG_JSON, &catalog, inputs(None), now);
        assert!(!key.shows(&usd, now));
        if let Some(until) = key.window.until {
            assert!(!key.shows(&key, until));
        }
        let with_work = |text| {
            RenderKey::new(
                DEFAULT_CATALOG_JSON,
                &catalog,
                RenderInputs { finder: Some(text), ..inputs(Some(Currency::EUR)) },
                now,
            )
        };
        let written = with_work("kling-3.0:50");
        assert_eq!(written.finder.as_deref(), Some("kling-3.0:720p:4s:50"));
        assert_eq!(written.to_string().parse::<RenderKey>(), Ok(written.clone()));
        assert!(!key.shows(&written, now), "a pre-rendered typical month is not a written one");
        assert!(key.shows(&with_work("sora:5;locale=xx"), now), "unreadable work shows the typical month");
        let other_views = RenderKey { views: "0000000000000000".into(), ..key.clone() };
        assert!(!other_views.shows(&key, now), "markup of other views is never taken over");
    }
}
