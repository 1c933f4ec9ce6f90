//! The pre-render: the widget's own views rendered to HTML natively (Leptos `ssr`) from a
//! checked catalog, for given choices and a moment, inside a declarative shadow root, so that a
//! page paints the widget before any script runs. The wasm then takes it over (see `mount.rs`).

use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use leptos::prelude::*;
use pricing_core::api::SubscriptionView;
use pricing_core::sections::Sections;
use pricing_core::{Catalog, Currency, Interval};
use serde_json::json;

use crate::host::markup_digest;
use crate::host::render_key::{RenderInputs, RenderKey};
use crate::state::Controls;
use crate::widget::PricingWidget;
pub use crate::words::format::formats;
use crate::words::language_key;

/// What to render: the catalog, the visitor's choices and the moment.
#[derive(Clone, Debug)]
pub struct Prerender {
    pub catalog_json: String,
    pub currency: Option<Currency>,
    pub interval: Interval,
    pub sections: Sections,
    pub highlight: Option<String>,
    pub locale: String,
    /// The translation file of the visitor's language; `None` for the catalog's own.
    pub translation_json: Option<String>,
    pub at: DateTime<Utc>,
    /// Where the buttons lead before the wasm runs (the support address if `None`).
    pub fallback_url: Option<String>,
    /// The plan finder's month of work, as the `finder` attribute writes it.
    pub finder: Option<String>,
    /// Render for this signed-in customer (a still picture: the studio's preview), not a visitor.
    pub account: Option<SubscriptionView>,
}

/// A rendered widget: its markup (the widget's root element) and what it shows.
pub struct Rendered {
    pub html: String,
    pub key: RenderKey,
    pub catalog: Catalog,
}

/// Renders the widget's markup, as the wasm would render it at `at`.
pub fn render(request: &Prerender) -> Result<Rendered, String> {
    if !formats(&request.locale) {
        return Err(format!("\"{}\" is not a locale (a BCP 47 tag such as de-AT)", request.locale));
    }
    let catalog = Catalog::parse(&request.catalog_json).map_err(|e| e.to_string())?;
    let translation = match &request.translation_json {
        Some(json) => Some((crate::words::parse(json).map_err(|e| format!("the translation: {e}"))?, json.as_str())),
        None => None,
    };
    let language = language_key(&catalog.languages[0], translation.as_ref().map(|(t, json)| (t, *json)));
    let translation = translation.map(|(t, _)| Arc::new(t));
    let inputs = RenderInputs {
        currency: request.currency,
        interval: request.interval,
        sections: request.sections,
        highlight: request.highlight.clone(),
        finder: request.finder.as_deref(),
        locale: &request.locale,
        language: &language,
    };
    let key = RenderKey::new(&request.catalog_json, &catalog, inputs, request.at);
    let controls = Controls {
        interval: ArcRwSignal::new(request.interval),
        currency: ArcRwSignal::new(request.currency),
        highlight: ArcRwSignal::new(request.highlight.clone()),
        sections: request.sections,
        scoped_ids: true,
        finder_work: request.finder.clone(),
        account: request.account.clone(),
        ..Controls::default()
    };
    // The structured data speaks the snippet's language too.
    let localized = translation.as_ref().map(|t| catalog.localized(t));
    let (shared, locale, now) = (Arc::new(catalog.clone()), request.locale.clone(), request.at);
    let (render_key, fallback_url) = (key.to_string(), request.fallback_url.clone());
    let owner = Owner::new();
    let html = owner.with(move || {
        view! { <PricingWidget catalog=shared locale translation now controls inline_style=false render_key fallback_url/> }
            .to_html()
    });
    // Tachys marks its placeholders `<!>`, an empty comment that HTML minifiers cannot parse;
    // `<!---->` is the same node for a browser (`<` is escaped everywhere else, so a `<!>` in
    // the markup is always a marker).
    let html = markup_digest::stamped(&html.replace("<!>", "<!---->"));
    Ok(Rendered { html, key, catalog: localized.unwrap_or(catalog) })
}

/// Where the widget's files live, for a snippet to point at.
pub struct Assets<'a> {
    /// The folder of `pricing-widget.js`, ending in `/`.
    pub base: &'a str,
    /// The content-hashed stylesheet's file name in that folder.
    pub stylesheet: &'a str,
}

/// Text for an HTML attribute value in double quotes.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The paste-able embed: a comment saying until when it is true, the entry script and the
/// `element`.
pub fn snippet(request: &Prerender, rendered: &Rendered, assets: &Assets, api: Option<&str>) -> String {
    let until =
        rendered.key.window.until.map_or("no end".to_string(), |t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
    format!(
        "<!-- Pricing widget pre-rendered at {at} from catalog {catalog}; true until {until}. \
         Regenerate it before then (see the README), or include it from the server. -->\n\
         <script type=\"module\" src=\"{base}pricing-widget.js\"></script>\n{element}\n",
        at = request.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        catalog = rendered.key.catalog,
        base = attribute(assets.base),
        element = element(request, rendered, assets, api),
    )
}

/// The element with its pre-rendered shadow root, for a page that loads the entry script:
/// the stylesheet as a file (a strict Content-Security-Policy blocks inline style), and the
/// plans' prices as schema.org data in the light DOM, for search engines.
pub fn element(request: &Prerender, rendered: &Rendered, assets: &Assets, api: Option<&str>) -> String {
    // Only what was asked for: the element's defaults are the pre-render's defaults.
    let mut attributes: Vec<(&str, String)> =
        request.currency.map(|c| ("currency", c.code().to_string())).into_iter().collect();
    if request.interval != Interval::Monthly {
        attributes.push(("interval", request.interval.to_string()));
    }
    if request.sections != Sections::ALL {
        attributes.push(("sections", request.sections.to_string()));
    }
    if request.translation_json.is_some() {
        attributes.push(("locale", request.locale.clone()));
    }
    let optional = [
        ("highlight", &request.highlight),
        ("finder", &request.finder),
        ("api", &api.map(str::to_string)),
        ("fallback-url", &request.fallback_url),
    ];
    attributes.extend(optional.into_iter().filter_map(|(name, value)| Some((name, value.clone()?))));
    let attributes: String =
        attributes.iter().map(|(name, value)| format!(" {name}=\"{}\"", attribute(value))).collect();
    format!(
        "<pricing-widget{attributes}><template shadowrootmode=\"open\">\
         <link rel=\"stylesheet\" href=\"{base}{css}\"><div class=\"pw-mount\" part=\"root\">{html}</div></template>\
         <script type=\"application/ld+json\">{data}</script></pricing-widget>",
        base = attribute(assets.base),
        css = attribute(assets.stylesheet),
        html = rendered.html,
        data = structured_data(rendered, request.at),
    )
}

/// Each plan as a schema.org `Product` with its `Offer` in the rendered currency and interval,
/// as JSON safe inside a `<script>` element (no `<`, `>` or `&` survives unescaped).
pub fn structured_data(rendered: &Rendered, at: DateTime<Utc>) -> String {
    let (catalog, key) = (&rendered.catalog, &rendered.key);
    let (unit, duration) = match key.interval {
        Interval::Monthly => ("MON", "P1M"),
        Interval::Annual => ("ANN", "P1Y"),
    };
    let products: Vec<_> = catalog
        .plans
        .iter()
        .filter_map(|plan| {
            let price = catalog.plan_price(&plan.id, key.interval, key.currency, at).ok()?;
            let mut offer = json!({
                "@type": "Offer",
                "price": price.charged.decimal(),
                "priceCurrency": key.currency.code(),
                "availability": "https://schema.org/InStock",
                "priceSpecification": {
                    "@type": "UnitPriceSpecification",
                    "price": price.charged.decimal(),
                    "priceCurrency": key.currency.code(),
                    "unitCode": unit,
                    "billingDuration": duration,
                },
            });
            if let Some(until) = key.window.until {
                offer["priceValidUntil"] = until.format("%Y-%m-%d").to_string().into();
            }
            Some(json!({ "@type": "Product", "name": plan.name, "description": plan.tagline, "offers": offer }))
        })
        .collect();
    json!({ "@context": "https://schema.org", "@graph": products })
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
