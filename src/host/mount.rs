//! Mounting a widget instance on a host element: taking over a pre-rendered widget when it
//! shows what the wasm would render, rendering afresh when not, and swapping in the billing
//! API's catalog when it differs from the one on screen. Also the safety net for panics.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use pricing_core::i18n::{negotiate, Translation};
use pricing_core::{fingerprint, Catalog};
use web_sys::HtmlElement;

use crate::billing_api::BillingClient;
use crate::host::catalog_problem::CatalogProblem;
use crate::host::markup_digest;
use crate::host::render_key::{RenderInputs, RenderKey};
use crate::page::console::warn;
use crate::page::events::WidgetEvent;
use crate::page::json;
use crate::state::Controls;
use crate::widget::PricingWidget;
use crate::words::{self, language_key, Words};

thread_local! {
    /// Elements that hold a live widget, each with the sentence, in its visitor's language,
    /// that a panic puts there instead of leaving a half-rendered or blank widget.
    static ROOTS: RefCell<Vec<(HtmlElement, String)>> = const { RefCell::new(Vec::new()) };
    /// The root of the pre-rendered widget being taken over right now, if one is: a panic then
    /// leaves its markup on screen and tells the entry script, which renders it afresh from a
    /// new wasm instance (a panic aborts this one).
    static TAKING_OVER: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// The event a panic during a takeover dispatches on the root (not composed: for the entry
/// script, not the page), with the panic's message as its detail.
const TAKEOVER_FAILED: &str = "pricing-widget:takeover-failed";

/// Logs panics to the console and replaces every mounted widget with a short message; a panic
/// while a pre-render is taken over is left to the entry script instead (`embed/`).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if let Some(root) = TAKING_OVER.with(|root| root.try_borrow().ok().and_then(|root| root.clone())) {
            let init = web_sys::CustomEventInit::new();
            init.set_detail(&info.to_string().into());
            if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(TAKEOVER_FAILED, &init) {
                let _ = root.dispatch_event(&event);
            }
            return;
        }
        console_error_panic_hook::hook(info);
        ROOTS.with(|roots| {
            for (root, message) in roots.borrow().iter() {
                root.set_inner_text(message);
                let _ = root.set_attribute("role", "alert");
            }
        });
    }));
}

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
    /// Stops the API's catalog on its way (the request with it) when the widget goes.
    catalog_request: Option<AbortHandle>,
}

impl Drop for MountedWidget {
    fn drop(&mut self) {
        if let Some(request) = self.catalog_request.take() {
            request.abort();
        }
        self.instance.borrow_mut().view.take();
        ROOTS.with(|roots| roots.borrow_mut().retain(|(r, _)| r != &self.root));
    }
}

/// How many widgets are mounted on the page right now.
pub fn live_widgets() -> usize {
    ROOTS.with(|roots| roots.borrow().len())
}

struct Instance {
    root: HtmlElement,
    options: WidgetOptions,
    controls: Controls,
    inline_style: bool,
    /// The live view; `None` while a pre-render waits, static, for the API's catalog.
    view: Option<Box<dyn Any>>,
    /// The catalog on screen, by fingerprint of its text.
    shown: Option<(String, Arc<Catalog>)>,
    /// The visitor's language when it is not the catalog's own, and its render-key part.
    translation: Option<Arc<Translation>>,
    language: String,
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The key of a pre-rendered widget inside `root`, if there is one and the page holds it as it
/// was rendered (its digest); a changed one is named in the console and rendered afresh.
fn pre_rendered(root: &HtmlElement) -> Option<RenderKey> {
    let stamped = root.first_element_child()?;
    let key = stamped.get_attribute("data-pw-render")?;
    let written = stamped.get_attribute(markup_digest::ATTRIBUTE);
    if written.is_none_or(|digest| digest != markup_digest::of_children(root)) {
        warn("the pre-rendered widget is not the markup it was rendered as (a minifier, a CMS or an edit changed it: paste it as it is); rendering it afresh");
        return None;
    }
    key.parse().ok()
}

impl Instance {
    /// The visitor's language among the catalog's: its translation when the embedding fetched
    /// the right one, else the catalog's own language (with a warning).
    fn choose_language(&mut self, catalog: &Catalog) {
        let language = negotiate(self.options.languages.iter().map(String::as_str), &catalog.languages);
        if self.options.locale.is_empty() {
            self.options.locale = words::default_locale(&language);
        }
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
        self.view.take();
        #[cfg(feature = "hydrate")]
        if hydrate {
            TAKING_OVER.with(|root| *root.borrow_mut() = Some(self.root.clone()));
            self.view = Some(Box::new(leptos::mount::hydrate_from(self.root.clone(), widget)));
            TAKING_OVER.with(|root| root.borrow_mut().take());
            self.shown = Some((fingerprint(json), shown));
            WidgetEvent::Ready { hydrated: true }.dispatch_from(&self.root);
            return;
        }
        let _ = hydrate;
        self.root.set_inner_html("");
        self.view = Some(Box::new(leptos::mount::mount_to(self.root.clone(), widget)));
        self.shown = Some((fingerprint(json), shown));
        WidgetEvent::Ready { hydrated: false }.dispatch_from(&self.root);
    }

    fn show_problem(&mut self, error: pricing_core::CatalogError, words: &Words) {
        web_sys::console::error_1(&error.to_string().into());
        let inline_style = self.inline_style;
        let [unavailable, details] = ["problem.unavailable", "problem.details"].map(|key| words.text(key));
        self.view.take();
        self.root.set_inner_html("");
        let view = leptos::mount::mount_to(self.root.clone(), move || {
            view! { <CatalogProblem error unavailable details inline_style/> }
        });
        self.view = Some(Box::new(view));
        WidgetEvent::Ready { hydrated: false }.dispatch_from(&self.root);
    }

    /// Shows a catalog that arrived while a widget may already be on screen.
    fn arrived(&mut self, json: &str, catalog: Arc<Catalog>) {
        match &self.shown {
            Some((shown, _)) if *shown == fingerprint(json) => {}
            Some((_, shown)) if *shown == catalog => {}
            Some(_) => self.show(json, catalog, false),
            None => {
                let now = now();
                let hydrate = pre_rendered(&self.root).is_some_and(|k| k.shows(&self.key(json, &catalog, now), now));
                self.show(json, catalog, hydrate);
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
    let api = options.api.clone();
    let mut instance = Instance {
        root: root.clone(),
        options,
        controls: controls.clone(),
        inline_style,
        view: None,
        shown: None,
        translation: None,
        language: String::new(),
    };
    let on_screen = pre_rendered(&root);
    let embedded = json::catalog(fallback_json);
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
    ROOTS.with(|roots| roots.borrow_mut().push((root.clone(), words.text("widget.crashed"))));
    let unavailable = words.text("notice.unavailable");
    let embedded = match embedded {
        Err(error) => {
            instance.show_problem(error, &words);
            None
        }
        Ok(catalog) => {
            let (catalog, now) = (Arc::new(catalog), now());
            let wanted = instance.key(fallback_json, &catalog, now);
            match on_screen {
                Some(key) if key.shows(&wanted, now) => instance.show(fallback_json, catalog.clone(), true),
                // Pre-rendered from another catalog: most likely the API's newer one, so the
                // pre-render stays (static) until that arrives rather than flashing older prices.
                Some(key) if key.catalog != wanted.catalog && api.is_some() => {}
                _ => instance.show(fallback_json, catalog.clone(), false),
            }
            Some(catalog)
        }
    };
    let instance = Rc::new(RefCell::new(instance));
    let catalog_request = api.map(|api| {
        let (slot, fallback_json) = (Rc::downgrade(&instance), fallback_json.to_string());
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
    MountedWidget { root, instance, catalog_request }
}
