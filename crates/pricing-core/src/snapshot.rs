//! What a pre-rendered widget needs to know about the catalog it came from: a fingerprint of
//! the catalog's text, and the span of time in which what it showed stays true.

use chrono::{DateTime, Utc};

use crate::Catalog;

/// A short fingerprint of a catalog document: 64-bit FNV-1a of its bytes, in hex. It tells "the
/// same catalog text" from "another one" (the API serves its catalog file byte for byte); it is
/// not a security measure.
pub fn fingerprint(json: &str) -> String {
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// A span of time `[from, until)` in which no promotion starts or ends and no price record
/// begins or ends: every price, struck price and banner the catalog shows stays the same.
/// `None` is an open end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContentWindow {
    pub from: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

impl ContentWindow {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|from| from <= at) && self.until.is_none_or(|until| at < until)
    }
}

impl Catalog {
    /// Every moment at which what a visitor sees may change.
    fn content_changes(&self) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let promotions = self.promotions.iter().flat_map(|p| [p.starts_at, p.ends_at]);
        let prices = self.plans.iter().flat_map(|p| p.price_history.iter().flat_map(|r| [r.from, r.until]));
        promotions.chain(prices)
    }

    /// The window around `at` in which the catalog shows the same content as at `at`.
    pub fn content_window(&self, at: DateTime<Utc>) -> ContentWindow {
        ContentWindow {
            from: self.content_changes().filter(|&c| c <= at).max(),
            until: self.content_changes().filter(|&c| c > at).min(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_window_ends_at_the_next_promotion_boundary() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let now = at("2026-11-25T12:00:00Z");
        let window = catalog.content_window(now);
        assert!(window.contains(now));
        let until = window.until.expect("a promotion ends after today");
        // Inside the window the same promotions run; at its end the set changes.
        let running = |t| catalog.active_promotions(t).map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(running(now), running(until - chrono::Duration::seconds(1)));
        assert_ne!(running(now), running(until));
        assert!(!window.contains(until));
        let from = window.from.expect("a promotion started before today");
        assert!(window.contains(from) && !window.contains(from - chrono::Duration::seconds(1)));
    }

    #[test]
    fn a_catalog_without_dates_is_true_forever() {
        let mut catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        catalog.promotions.clear();
        catalog.plans.iter_mut().for_each(|p| p.price_history.clear());
        assert_eq!(catalog.content_window(at("2026-11-25T12:00:00Z")), ContentWindow { from: None, until: None });
    }

    #[test]
    fn fingerprints_tell_texts_apart() {
        assert_eq!(fingerprint(DEFAULT_CATALOG_JSON), fingerprint(DEFAULT_CATALOG_JSON));
        assert_ne!(fingerprint(DEFAULT_CATALOG_JSON), fingerprint(&DEFAULT_CATALOG_JSON.replace("Pro", "Pro+")));
        assert_eq!(fingerprint("").len(), 16);
    }
}
