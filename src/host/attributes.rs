//! The custom element's attributes, read with a clear console warning and the default for
//! every value that is wrong, so a typo never breaks the widget.

use pricing_core::sections::Sections;
use pricing_core::{Currency, Interval};
use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::host::mount::WidgetOptions;
use crate::page::console::warn;

/// Every attribute `<pricing-widget>` reads. `embed/pricing-widget.js` observes the same
/// names (a test below keeps the two lists equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attribute {
    Api,
    Currency,
    Interval,
    Highlight,
    Sections,
    Locale,
    CustomerToken,
    SyncUrl,
    FallbackUrl,
    Finder,
}

impl Attribute {
    pub const ALL: [Attribute; 10] = [
        Attribute::Api,
        Attribute::Currency,
        Attribute::Interval,
        Attribute::Highlight,
        Attribute::Sections,
        Attribute::Locale,
        Attribute::CustomerToken,
        Attribute::SyncUrl,
        Attribute::FallbackUrl,
        Attribute::Finder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Attribute::Api => "api",
            Attribute::Currency => "currency",
            Attribute::Interval => "interval",
            Attribute::Highlight => "highlight",
            Attribute::Sections => "sections",
            Attribute::Locale => "locale",
            Attribute::CustomerToken => "customer-token",
            Attribute::SyncUrl => "sync-url",
            Attribute::FallbackUrl => "fallback-url",
            Attribute::Finder => "finder",
        }
    }

    pub fn named(name: &str) -> Option<Attribute> {
        Attribute::ALL.into_iter().find(|a| a.name() == name)
    }
}

fn attribute(host: &Element, which: Attribute) -> Option<String> {
    host.get_attribute(which.name()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// A yes/no attribute: present or not.
pub fn present(host: &Element, which: Attribute) -> bool {
    host.has_attribute(which.name())
}

pub fn interval(host: &Element) -> Interval {
    let Some(text) = attribute(host, Attribute::Interval) else { return Interval::Monthly };
    text.parse().unwrap_or_else(|error| {
        warn(&format!("interval=\"{text}\": {error}; using monthly"));
        Interval::Monthly
    })
}

/// The browser's languages, best first.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let languages: Vec<String> = navigator.languages().iter().filter_map(|l| l.as_string()).collect();
    if languages.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        languages
    }
}

/// The currency asked for; whether the catalog offers it is checked once it has loaded.
/// `auto`: the currency of the visitor's region, as the browser's locale (its first language)
/// names it.
pub fn currency(host: &Element) -> Option<Currency> {
    let code = attribute(host, Attribute::Currency)?;
    if code.eq_ignore_ascii_case("auto") {
        let region = browser_languages().first().and_then(|tag| pricing_core::i18n::region(tag))?;
        return pricing_core::i18n::region_currency(&region, &Currency::ALL);
    }
    code.to_ascii_uppercase()
        .parse()
        .map_err(|error| warn(&format!("currency=\"{code}\": {error}; using the catalog's default")))
        .ok()
}

pub fn highlight(host: &Element) -> Option<String> {
    attribute(host, Attribute::Highlight)
}

/// The plan finder's month of work, as written (the finder reads it with the catalog).
pub fn finder(host: &Element) -> Option<String> {
    attribute(host, Attribute::Finder)
}

pub fn sections(host: &Element) -> Sections {
    let Some(list) = attribute(host, Attribute::Sections) else { return Sections::ALL };
    let (sections, unknown) = Sections::read(&list);
    for error in unknown {
        warn(&format!("sections: {error}; ignoring it"));
    }
    if sections == Sections::NONE {
        // Only the account (someone not signed in): the public view.
        if !pricing_core::sections::names_account(&list) {
            warn("sections names no section; showing all of them");
        }
        return Sections::ALL;
    }
    sections
}

/// The locale that formats numbers and dates; empty without the attribute: the visitor's
/// language's own (`mount` knows which once it has the catalog's languages).
fn locale(host: &Element) -> String {
    let Some(asked) = attribute(host, Attribute::Locale) else { return String::new() };
    // Intl.NumberFormat.supportedLocalesOf throws on a malformed tag: call it through a
    // Function so that a throw is an Err here, not a trap in the wasm.
    let number_format = js_sys::Reflect::get(&js_sys::global(), &"Intl".into())
        .and_then(|intl| js_sys::Reflect::get(&intl, &"NumberFormat".into()));
    let supported = number_format.and_then(|nf| {
        let check: js_sys::Function = js_sys::Reflect::get(&nf, &"supportedLocalesOf".into())?.into();
        check.call1(&nf, &js_sys::Array::of1(&JsValue::from_str(&asked)))
    });
    // In its canonical form (`de-at` is `de-AT`), as the entry asks the API for it.
    match supported.ok().and_then(|list| js_sys::Array::from(&list).get(0).as_string()) {
        Some(canonical) => canonical,
        None => {
            warn(&format!("locale=\"{asked}\" is not a locale this browser formats; using the language's own"));
            String::new()
        }
    }
}

/// The attribute as an absolute URL with one of `schemes`, resolved against the page.
fn url(host: &Element, which: Attribute, schemes: &[&str], otherwise: &str) -> Option<String> {
    let asked = attribute(host, which)?;
    let name = which.name();
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    match web_sys::Url::new_with_base(&asked, &base) {
        Ok(url) if schemes.contains(&url.protocol().as_str()) => Some(url.href()),
        _ => {
            warn(&format!("{name}=\"{asked}\" is not a {} URL; {otherwise}", schemes.join(" or ")));
            None
        }
    }
}

/// Everything that needs a remount when it changes.
pub fn options(host: &Element, translation_json: Option<String>) -> WidgetOptions {
    let locale = locale(host);
    WidgetOptions {
        languages: if locale.is_empty() { browser_languages() } else { vec![locale.clone()] },
        translation_json,
        locale,
        api: url(host, Attribute::Api, &["https:", "http:"], "the widget runs without a billing API"),
        customer_token: attribute(host, Attribute::CustomerToken),
        fallback_url: url(
            host,
            Attribute::FallbackUrl,
            &["https:", "http:"],
            "buttons fall back to the support address",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::Attribute;

    #[test]
    fn the_entry_observes_every_attribute_the_widget_reads() {
        let entry = include_str!("../../embed/pricing-widget.js");
        let list = entry.split("observedAttributes = [").nth(1).and_then(|rest| rest.split(']').next());
        let observed: Vec<&str> =
            list.expect("the entry lists observedAttributes").split(',').map(|n| n.trim().trim_matches('\'')).collect();
        let read: Vec<&str> = Attribute::ALL.iter().map(|a| a.name()).collect();
        assert_eq!(observed, read);
    }
}
