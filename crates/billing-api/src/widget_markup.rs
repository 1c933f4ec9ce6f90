//! The widget's markup rendered by the API from the catalog it serves, with the widget's own
//! components (`pricing_widget::prerender`, Leptos `ssr`): what a page includes from its server,
//! and what the two-line embed shows before the wasm, never older than the catalog. The same
//! inputs give the same bytes as the release build's pre-render; each rendering is kept per
//! key (its inputs and the span of time in which the catalog shows the same).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use pricing_core::api::SubscriptionView;
use pricing_core::i18n::negotiate;
use pricing_core::sections::Sections;
use pricing_core::{Catalog, Currency, Interval};
use pricing_widget::prerender::{element, formats, render, snippet, Assets, Prerender};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use crate::error::ApiError;

/// Renderings kept at most; a full cache starts again (the finder's free text could grow it).
const KEPT: usize = 512;

/// The widget's choices, as its attributes of the same names write them.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FragmentQuery {
    /// A currency the catalog offers (default: the catalog's first).
    pub currency: Option<String>,
    /// `monthly` (default) or `annual`.
    pub interval: Option<String>,
    /// The locale of numbers, money and dates, a BCP 47 tag (`de-AT`, `zh-Hans-CN`); the
    /// language is the one of the catalog's its visitor reads, else the catalog's own.
    /// Default: the catalog's language.
    pub locale: Option<String>,
    /// Comma-separated sections in order (default: all).
    pub sections: Option<String>,
    /// The plan to highlight (default: the catalog's).
    pub highlight: Option<String>,
    /// The plan finder's month of work, as the `finder` attribute writes it.
    pub finder: Option<String>,
    /// `fragment` (default): the widget's root, for `<pricing-widget>`'s shadow root; `element`:
    /// the element with its declarative shadow root, for a page that loads the entry script;
    /// `snippet`: with the entry script, as marketing pastes it.
    pub form: Option<String>,
}

#[derive(Clone, Copy, Debug)]
enum FragmentForm {
    Fragment,
    Element,
    Snippet,
}

/// One rendering: its HTML, its ETag and until when it is true.
pub struct Fragment {
    pub html: String,
    pub etag: String,
    pub until: Option<DateTime<Utc>>,
}

/// What the API renders fragments with: the catalog served (its text, as the render key
/// fingerprints it), its translations, where the widget's files are, and the renderings kept.
pub struct WidgetMarkup {
    catalog: Arc<Catalog>,
    catalog_json: String,
    translations: HashMap<String, String>,
    widget_url: String,
    api_url: String,
    stylesheet: String,
    kept: Mutex<HashMap<String, Arc<Fragment>>>,
}

/// The stylesheet's file name as the release build writes it (`scripts/embed-entry.mjs`): the
/// widget's components and their stylesheet come from the same sources as this binary.
fn stylesheet_name() -> String {
    let digest = Sha256::digest(include_bytes!("../../../style/widget.css"));
    format!("pricing-widget-{}.css", &format!("{digest:x}")[..16])
}

impl WidgetMarkup {
    /// Renders `catalog` (its text `catalog_json`) with the translation of each of its other
    /// languages (`translations::served`). A language without one is not rendered: a fragment
    /// in it answers 404.
    pub fn new(
        catalog: Arc<Catalog>,
        catalog_json: &str,
        translations: HashMap<String, String>,
        widget_url: &str,
        public_url: &str,
    ) -> WidgetMarkup {
        WidgetMarkup {
            catalog,
            catalog_json: catalog_json.to_string(),
            translations,
            widget_url: widget_url.to_string(),
            api_url: format!("{}/v1", public_url.trim_end_matches('/')),
            stylesheet: stylesheet_name(),
            kept: Mutex::new(HashMap::new()),
        }
    }

    /// The fragment `query` asks for at `at`.
    pub fn fragment(&self, query: &FragmentQuery, at: DateTime<Utc>) -> Result<Arc<Fragment>, ApiError> {
        let (request, form) = self.request(query, at)?;
        let window = self.catalog.content_window(at);
        // The catalog and its translations are this process's: the inputs and the span of time
        // say the rest.
        let Prerender { currency, interval, sections, highlight, locale, finder, .. } = &request;
        let key = format!("{form:?}|{currency:?}|{interval}|{sections}|{highlight:?}|{locale}|{finder:?}|{window:?}");
        if let Some(kept) = self.kept.lock().expect("never poisoned").get(&key) {
            return Ok(kept.clone());
        }
        let rendered = render(&request).map_err(ApiError::InvalidQuery)?;
        let assets = Assets { base: &self.widget_url, stylesheet: &self.stylesheet };
        let html = match form {
            FragmentForm::Fragment => rendered.html.clone(),
            FragmentForm::Element => element(&request, &rendered, &assets, Some(&self.api_url)),
            FragmentForm::Snippet => snippet(&request, &rendered, &assets, Some(&self.api_url)),
        };
        let etag = format!("\"{}\"", &format!("{:x}", Sha256::digest(html.as_bytes()))[..32]);
        let fragment = Arc::new(Fragment { html, etag, until: window.until });
        let mut kept = self.kept.lock().expect("never poisoned");
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, fragment.clone());
        Ok(fragment)
    }

    /// The widget's element `query` asks for at `at`, as `account` sees it (a still picture
    /// for the studio: not kept, never served to visitors).
    pub fn preview(
        &self,
        query: &FragmentQuery,
        at: DateTime<Utc>,
        account: Option<SubscriptionView>,
    ) -> Result<String, ApiError> {
        let (request, _) = self.request(query, at)?;
        let request = Prerender { account, ..request };
        let rendered = render(&request).map_err(ApiError::InvalidQuery)?;
        let assets = Assets { base: &self.widget_url, stylesheet: &self.stylesheet };
        Ok(element(&request, &rendered, &assets, Some(&self.api_url)))
    }

    /// The rendering `query` asks for, or every problem with it, worded as the widget warns
    /// about the attribute of the same name.
    fn request(&self, query: &FragmentQuery, at: DateTime<Utc>) -> Result<(Prerender, FragmentForm), ApiError> {
        let catalog = &self.catalog;
        let mut problems = Vec::new();
        let form = match query.form.as_deref() {
            None | Some("fragment") => FragmentForm::Fragment,
            Some("element") => FragmentForm::Element,
            Some("snippet") => FragmentForm::Snippet,
            Some(other) => {
                problems.push(format!("form=\"{other}\": not fragment, element or snippet"));
                FragmentForm::Fragment
            }
        };
        let currency = query.currency.as_deref().and_then(|code| match code.to_ascii_uppercase().parse::<Currency>() {
            Ok(currency) if catalog.currencies.contains(&currency) => Some(currency),
            Ok(_) => {
                problems.push(format!(
                    "currency=\"{code}\": the catalog does not offer it ({})",
                    list(&catalog.currencies)
                ));
                None
            }
            Err(error) => {
                problems.push(format!("currency=\"{code}\": {error}"));
                None
            }
        });
        let interval = match query.interval.as_deref().map(str::parse::<Interval>) {
            None => Interval::Monthly,
            Some(Ok(interval)) => interval,
            Some(Err(error)) => {
                problems.push(format!("interval=\"{}\": {error}", query.interval.as_deref().unwrap_or_default()));
                Interval::Monthly
            }
        };
        let sections = match query.sections.as_deref() {
            None => Sections::ALL,
            Some(list) => {
                let (sections, unknown) = Sections::read(list);
                problems.extend(unknown.into_iter().map(|error| format!("sections: {error}")));
                match sections == Sections::NONE {
                    // Only the private account section: the public view, as the element shows it.
                    true if pricing_core::sections::names_account(list) => Sections::ALL,
                    true => {
                        problems.push("sections names no section".into());
                        sections
                    }
                    false => sections,
                }
            }
        };
        if let Some(plan) = query.highlight.as_deref().filter(|id| catalog.plan(id).is_none()) {
            problems.push(format!(
                "highlight=\"{plan}\": the catalog has no such plan ({})",
                list(&catalog.plans.iter().map(|p| &p.id).collect::<Vec<_>>())
            ));
        }
        match query.finder.as_deref().map(|work| catalog.parse_work(work)) {
            Some(Err(error)) => problems.push(format!("finder: {error}")),
            Some(Ok(lines)) if lines.is_empty() => problems.push("finder names no work".into()),
            _ => {}
        }
        let language = negotiate(query.locale.as_deref(), &catalog.languages);
        let translation_json = match language == catalog.languages[0] {
            true => None,
            false => Some(
                self.translations
                    .get(&language)
                    .cloned()
                    .ok_or(ApiError::NotFound("translation of the catalog in that language on this server"))?,
            ),
        };
        let own = || {
            let translation = translation_json.as_deref().and_then(|json| pricing_widget::parse_translation(json).ok());
            pricing_widget::own_locale(translation.as_ref())
        };
        let locale = query.locale.clone().unwrap_or_else(own);
        if !pricing_core::i18n::is_language_tag(&locale) || !formats(&locale) {
            problems.push(format!("locale=\"{locale}\" is not a locale (a BCP 47 tag such as de-AT)"));
        }
        if !problems.is_empty() {
            return Err(ApiError::InvalidQuery(problems.join("; ")));
        }
        let request = Prerender {
            catalog_json: self.catalog_json.clone(),
            currency,
            interval,
            sections,
            highlight: query.highlight.clone(),
            locale,
            translation_json,
            at,
            fallback_url: None,
            finder: query.finder.clone(),
            account: None,
        };
        Ok((request, form))
    }
}

fn list(items: &[impl std::fmt::Display]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}
