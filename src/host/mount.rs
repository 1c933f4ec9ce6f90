//! Mounting a widget instance on a host element: taking over a pre-rendered widget when it
//! shows what the wasm would render, rendering afresh when not, and swapping in the billing
//! API's catalog when it differs from the one on screen; a takeover in short steps.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use pricing_core::i18n::{negotiate, Translation};
use pricing_core::{fingerprint, Catalog, CatalogError};
use web_sys::HtmlElement;

use crate::billing_api::BillingClient;
use crate::host::catalog_problem::CatalogProblem;
use crate::host::live_roots;
use crate::host::markup_digest::{self, LiveDigest};
use crate::host::render_key::{RenderInputs, RenderKey};
use crate::page::console::warn;
use crate::page::json;
use crate::page::takeover;
use crate::state::Controls;
use crate::widget::PricingWidget;
use crate::words::{self, language_key, Words};

/// How a widget instance is set up.
#[derive(Clone, Debug, Default)]
pub struct WidgetOptions {
    pub locale: String,
    /// The languages the visitor reads, best first: the `locale` attribute, else the browser's.
    pub languages: Vec<String>,
    /// The translation file the embedding fetched for the language it expects the visitor to
    /// get; used when the catalog's languages agree.
    pub translation_json: Option<String>,
    /// The billing API's base URL (e.g. `http://127.0.0.1:8787/v1`); without it the widget
    /// shows its embedded catalog and its buttons only dispatch events.
    pub api: Option<String>,
    /// A customer token minted by the host page for its signed-in visitor.
    pub customer_token: Option<String>,
    /// Where the buttons lead when the widget cannot run (pre-rendered, without JavaScript).
    pub fallback_url: Option<String>,
}

/// A widget on the page; dropping it removes the widget and all its reactive state.
pub struct MountedWidget {
    root: HtmlElement,
    instance: Rc<RefCell<Instance>>,
}

impl Drop for MountedWidget {
    fn drop(&mut self) {
        let mut instance = self.instance.borrow_mut();
        if let Some(request) = instance.catalog_request.take() {
            request.abort();
        }
        instance.drop_view();
        drop(instance);
        live_roots::forget(&self.root);
    }
}

struct Instance {
    root: HtmlElement,
    options: WidgetOptions,
    controls: Controls,
    inline_style: bool,
    /// The live view; `None` while a pre-render waits, static, for the API's catalog.
    view: Option<Box<dyn Any>>,
    /// The embedded catalog's text.
    json: String,
    /// The takeover's next step.
    next: Step,
    /// Stops the API's catalog on its way (the request with it) when the widget goes.
    catalog_request: Option<AbortHandle>,
    /// The catalog on screen, by fingerprint of its text.
    shown: Option<(String, Arc<Catalog>)>,
    /// The visitor's language when it is not the catalog's own, and its render-key part.
    translation: Option<Arc<Translation>>,
    language: String,
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The key stamped on a pre-rendered widget inside `root`, if there is one.
fn stamped(root: &HtmlElement) -> Option<RenderKey> {
    root.first_element_child()?.get_attribute("data-pw-render")?.parse().ok()
}

/// Whether the pre-rendered widget inside `root` is still the markup it was rendered as (its
/// digest), found in one go; a changed one is named in the console (and rendered afresh by the
/// caller).
fn intact(root: &HtmlElement) -> bool {
    DigestCheck::of(root).and_then(|mut check| check.slice(f64::INFINITY)).unwrap_or_else(changed)
}

/// How long one slice of the digest's walk may run: at Lighthouse's 4× slowdown the whole
/// walk took 40-66 ms in one task; in slices of this length each task, with the browser's own
/// work around it, stays well under 50 ms. A fast device finishes in one slice.
const CHECK_SLICE_MS: f64 = 20.0;

/// The digest the pre-render wrote on the widget, checked against the live markup's, walked a
/// slice at a time.
struct DigestCheck {
    written: String,
    live: LiveDigest,
}

impl DigestCheck {
    /// `None` when the widget inside `root` carries no digest.
    fn of(root: &HtmlElement) -> Option<Box<DigestCheck>> {
        let written = root.first_element_child()?.get_attribute(markup_digest::ATTRIBUTE)?;
        Some(Box::new(DigestCheck { written, live: LiveDigest::of_children(root) }))
    }

    /// Walks on for up to `budget_ms`; once the walk is done, whether the markup is intact.
    fn slice(&mut self, budget_ms: f64) -> Option<bool> {
        let start = takeover::now();
        let digest = self.live.walk(|| takeover::now() - start < budget_ms);
        takeover::measure("pricing-widget check", start);
        let intact = digest? == self.written;
        Some(intact || changed())
    }
}

/// Says in the console that the pre-rendered markup changed: false, not intact.
fn changed() -> bool {
    warn("the pre-rendered widget is not the markup it was rendered as (a minifier, a CMS or an edit changed it: paste it as it is); rendering it afresh");
    false
}

/// What a takeover does next, a task each (the entry script runs them, `MountedWidget::step`):
/// the catalog decoded, then checked and the widget's choices settled, the markup's digest
/// checked (in slices), the frame hydrated, then each part that waits (`page::takeover`). So
/// the page gets its main thread back between any two.
enum Step {
    Decode,
    Validate(Box<Result<Catalog, CatalogError>>),
    /// The live markup's digest, walked a slice a step.
    Check {
        catalog: Arc<Catalog>,
        check: Option<Box<DigestCheck>>,
    },
    Hydrate {
        catalog: Arc<Catalog>,
        intact: bool,
    },
    // Only the browser build hydrates.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Parts,
    Done,
}

impl MountedWidget {
    /// Takes the next step of taking a pre-rendered widget over; false when none is left (the
    /// widget is live). Each is short: the caller yields to the page between two.
    pub fn step(&self) -> bool {
        let next = std::mem::replace(&mut self.instance.borrow_mut().next, Step::Done);
        match next {
            Step::Decode => {
                let read = decode(&self.instance.borrow().json);
                self.instance.borrow_mut().next = Step::Validate(Box::new(read));
            }
            Step::Validate(read) => start(&self.instance, check(*read)),
            Step::Check { catalog, check } => {
                let mut instance = self.instance.borrow_mut();
                instance.next = match check.or_else(|| DigestCheck::of(&instance.root)) {
                    None => Step::Hydrate { catalog, intact: changed() },
                    Some(mut check) => match check.slice(CHECK_SLICE_MS) {
                        Some(intact) => Step::Hydrate { catalog, intact },
                        None => Step::Check { catalog, check: Some(check) },
                    },
                };
            }
            // Unless the API's catalog came first and is on screen already.
            Step::Hydrate { catalog, intact } => {
                let mut instance = self.instance.borrow_mut();
                if instance.shown.is_none() {
                    let json = instance.json.clone();
                    instance.show(&json, catalog, intact);
                }
            }
            Step::Parts if takeover::hydrate_next(&self.root) => self.instance.borrow_mut().next = Step::Parts,
            Step::Parts => live_roots::ready(&self.root, true),
            Step::Done => return false,
        }
        !matches!(self.instance.borrow().next, Step::Done)
    }
}

impl Instance {
    fn drop_view(&mut self) {
        takeover::forget(&self.root);
        self.next = Step::Done;
        self.view.take();
    }

    /// The visitor's language among the catalog's: its translation when the embedding fetched
    /// the right one, else the catalog's own language (with a warning).
    fn choose_language(&mut self, catalog: &Catalog) {
        let language = negotiate(self.options.languages.iter().map(String::as_str), &catalog.languages);
        let source = &catalog.languages[0];
        let fetched = self.options.translation_json.as_deref().map(|json| (words::parse(json), json));
        let translation = match fetched {
            _ if language == *source => None,
            Some((Ok(translation), json)) if translation.language == language => Some((translation, json)),
            Some((Ok(translation), _)) => {
                warn(&format!("the translation is for \"{}\", the visitor reads \"{language}\"", translation.language));
                None
            }
            Some((Err(error), _)) => {
                warn(&format!("the \"{language}\" translation does not read: {error}"));
                None
            }
            None => {
                warn(&format!("no \"{language}\" translation was given; showing {source}"));
                None
            }
        };
        if self.options.locale.is_empty() {
            self.options.locale = words::own_locale(translation.as_ref().map(|(t, _)| t));
        }
        self.language = language_key(source, translation.as_ref().map(|(t, json)| (t, *json)));
        self.translation = translation.map(|(t, _)| Arc::new(t));
    }

    fn key(&self, json: &str, catalog: &Catalog, at: DateTime<Utc>) -> RenderKey {
        let controls = &self.controls;
        let inputs = RenderInputs {
            currency: controls.currency.get_untracked(),
            interval: controls.interval.get_untracked(),
            sections: controls.sections,
            highlight: controls.highlight.get_untracked(),
            finder: controls.finder_work.as_deref(),
            locale: &self.options.locale,
            language: &self.language,
        };
        RenderKey::new(json, catalog, inputs, at)
    }

    /// Shows `catalog`: takes the pre-rendered widget over when it is exactly what this render
    /// would produce (`hydrate`), else replaces whatever is in the root.
    fn show(&mut self, json: &str, catalog: Arc<Catalog>, hydrate: bool) {
        let now = now();
        let render_key = self.key(json, &catalog, now).to_string();
        let billing =
            self.options.api.as_deref().map(|api| BillingClient::new(api, self.options.customer_token.as_deref()));
        let (locale, controls, inline_style) = (self.options.locale.clone(), self.controls.clone(), self.inline_style);
        let (fallback_url, translation) = (self.options.fallback_url.clone(), self.translation.clone());
        let shown = catalog.clone();
        let widget = move || {
            view! { <PricingWidget catalog locale translation now billing controls inline_style render_key fallback_url/> }
        };
        self.drop_view();
        self.shown = Some((fingerprint(json), shown));
        #[cfg(feature = "hydrate")]
        if hydrate {
            // The frame now; the controls, the cards and the sections each in a step of its own.
            let root = self.root.clone();
            let frame =
                takeover::slice(&root, "pricing-widget hydrate", || leptos::mount::hydrate_from(root.clone(), widget));
            self.view = Some(Box::new(frame));
            self.next = Step::Parts;
            return;
        }
        let _ = hydrate;
        self.root.set_inner_html("");
        self.view = Some(Box::new(leptos::mount::mount_to(self.root.clone(), widget)));
        live_roots::ready(&self.root, false);
    }

    fn show_problem(&mut self, error: CatalogError, words: &Words) {
        web_sys::console::error_1(&error.to_string().into());
        let inline_style = self.inline_style;
        let [unavailable, details] = ["problem.unavailable", "problem.details"].map(|key| words.text(key));
        self.drop_view();
        self.root.set_inner_html("");
        let view = leptos::mount::mount_to(self.root.clone(), move || {
            view! { <CatalogProblem error unavailable details inline_style/> }
        });
        self.view = Some(Box::new(view));
        live_roots::ready(&self.root, false);
    }

    /// Shows a catalog that arrived while a widget may already be on screen.
    fn arrived(&mut self, json: &str, catalog: Arc<Catalog>) {
        match &self.shown {
            Some((shown, _)) if *shown == fingerprint(json) => {}
            Some((_, shown)) if *shown == catalog => {}
            Some(_) => self.show(json, catalog, false),
            None => {
                let now = now();
                let wanted = self.key(json, &catalog, now);
                let hydrate = stamped(&self.root).is_some_and(|k| k.shows(&wanted, now)) && intact(&self.root);
                self.show(json, catalog, hydrate);
                // No step follows this one: the parts at once.
                if hydrate {
                    takeover::finish_now();
                    self.next = Step::Done;
                    live_roots::ready(&self.root, true);
                }
            }
        }
    }
}

/// Renders the widget inside `root` from the embedded `fallback_json`. With an API, the API's
/// catalog replaces it when it differs; when the API is down or answers garbage, the embedded
/// one stays and the widget says buying is unavailable. A catalog that fails validation shows
/// its problems instead of the widget.
pub fn mount(root: HtmlElement, fallback_json: &str, options: WidgetOptions) -> MountedWidget {
    mount_with(root, fallback_json, options, Controls::default(), true)
}

/// `mount` with choices the embedding controls, and the stylesheet either rendered inline
/// (`inline_style`) or adopted by the shadow root beforehand. A widget pre-rendered inside
/// `root` is taken over when it shows what this one would.
pub fn mount_with(
    root: HtmlElement,
    fallback_json: &str,
    options: WidgetOptions,
    controls: Controls,
    inline_style: bool,
) -> MountedWidget {
    let instance = Rc::new(RefCell::new(Instance {
        root: root.clone(),
        options,
        controls,
        inline_style,
        view: None,
        json: fallback_json.to_string(),
        next: Step::Decode,
        catalog_request: None,
        shown: None,
        translation: None,
        language: String::new(),
    }));
    let widget = MountedWidget { root, instance };
    // A pre-rendered widget is on screen and answers through its plain forms: the browser
    // build takes it over in steps, which the entry script runs (`step`). Else, at once.
    if !(cfg!(feature = "hydrate") && stamped(&widget.root).is_some()) {
        while widget.step() {}
    }
    widget
}

/// The catalog's structure, read (its business rules are `check`ed next).
fn decode(json: &str) -> Result<Catalog, CatalogError> {
    let decoding = takeover::now();
    let catalog = json::from_str::<Catalog>(json).map_err(CatalogError::shape);
    takeover::measure("pricing-widget decode", decoding);
    catalog
}

/// The catalog, when it keeps every business rule.
fn check(catalog: Result<Catalog, CatalogError>) -> Result<Catalog, CatalogError> {
    let checking = takeover::now();
    let catalog = catalog.and_then(Catalog::checked);
    takeover::measure("pricing-widget validate", checking);
    catalog
}

/// Shows the embedded catalog (taking a pre-rendered widget over when it shows
/// the same), and asks the API for its catalog.
fn start(cell: &Rc<RefCell<Instance>>, embedded: Result<Catalog, CatalogError>) {
    let mut instance = cell.borrow_mut();
    let (root, api, controls) = (instance.root.clone(), instance.options.api.clone(), instance.controls.clone());
    let fallback_json = instance.json.clone();
    let on_screen = stamped(&root);
    let starting = takeover::now();
    match &embedded {
        Ok(catalog) => instance.choose_language(catalog),
        // No catalog to offer languages: the one the embedding fetched is the best guess.
        Err(_) => {
            instance.translation =
                instance.options.translation_json.as_deref().and_then(|j| words::parse(j).ok()).map(Arc::new)
        }
    }
    if instance.options.locale.is_empty() {
        instance.options.locale = "en-US".into();
    }
    let words = Words::new(instance.translation.as_deref(), &instance.options.locale);
    live_roots::keep(&root, words.text("widget.crashed"));
    let unavailable = words.text("notice.unavailable");
    let embedded = match embedded {
        Err(error) => {
            instance.show_problem(error, &words);
            None
        }
        Ok(catalog) => {
            let (catalog, now) = (Arc::new(catalog), now());
            let wanted = instance.key(&fallback_json, &catalog, now);
            takeover::measure("pricing-widget start", starting);
            match on_screen {
                Some(key) if key.shows(&wanted, now) && cfg!(feature = "hydrate") => {
                    instance.next = Step::Check { catalog: catalog.clone(), check: None }
                }
                // Pre-rendered from another catalog: most likely the API's newer one, so the
                // pre-render stays (static) until that arrives rather than flashing older prices.
                Some(key) if key.catalog != wanted.catalog && api.is_some() => {}
                _ => instance.show(&fallback_json, catalog.clone(), false),
            }
            Some(catalog)
        }
    };
    drop(instance);
    let catalog_request = api.map(|api| {
        let slot = Rc::downgrade(cell);
        let (stop, registration) = AbortHandle::new_pair();
        let arrival = async move {
            let fetched = BillingClient::new(&api, None).catalog_json().await;
            let Some(instance) = slot.upgrade() else { return };
            let mut instance = instance.borrow_mut();
            match fetched.map_err(|e| e.message).and_then(|json| match json::catalog(&json) {
                Ok(catalog) => Ok((json, Arc::new(catalog))),
                Err(error) => Err(format!("it does not validate: {error}")),
            }) {
                Ok((json, catalog)) => instance.arrived(&json, catalog),
                Err(why) => {
                    warn(&format!("the billing API's catalog is unavailable ({why}); showing saved prices"));
                    takeover::finish_now();
                    controls.notice.set(Some(unavailable));
                    if let Some(catalog) = embedded {
                        instance.arrived(&fallback_json, catalog);
                    }
                }
            }
        };
        wasm_bindgen_futures::spawn_local(async move {
            let _ = Abortable::new(arrival, registration).await;
        });
        stop
    });
    cell.borrow_mut().catalog_request = catalog_request;
}
