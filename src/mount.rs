//! Mounting a widget instance on a host element, and the safety net for panics.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing_core::Catalog;
use web_sys::HtmlElement;

use crate::app::PricingWidget;
use crate::billing::BillingClient;
use crate::catalog_problem::CatalogProblem;
use crate::state::Controls;

thread_local! {
    /// Elements that hold a live widget, so that a panic can put a message in each of them
    /// instead of leaving a half-rendered or blank widget.
    static ROOTS: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

const PANIC_MESSAGE: &str = "Sorry, the pricing table stopped working. Please reload the page.";

/// Logs panics to the console and replaces every mounted widget with a short message.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        ROOTS.with(|roots| {
            for root in roots.borrow().iter() {
                root.set_inner_text(PANIC_MESSAGE);
                let _ = root.set_attribute("role", "alert");
            }
        });
    }));
}

/// How a widget instance is set up.
#[derive(Clone, Debug, Default)]
pub struct WidgetOptions {
    pub locale: String,
    /// The billing API's base URL (e.g. `http://127.0.0.1:8787/v1`); without it the widget
    /// shows its embedded catalog and its buttons only dispatch events.
    pub api: Option<String>,
    /// A customer token minted by the host page for its signed-in visitor.
    pub customer_token: Option<String>,
}

/// A widget on the page; dropping it removes the widget and all its reactive state.
pub struct MountedWidget {
    root: HtmlElement,
    view: Rc<RefCell<Option<Box<dyn Any>>>>,
}

impl Drop for MountedWidget {
    fn drop(&mut self) {
        self.view.borrow_mut().take();
        ROOTS.with(|roots| roots.borrow_mut().retain(|r| r != &self.root));
    }
}

/// How many widgets are mounted on the page right now.
pub fn live_widgets() -> usize {
    ROOTS.with(|roots| roots.borrow().len())
}

/// How one instance is set up.
struct Setup {
    options: WidgetOptions,
    controls: Controls,
    inline_style: bool,
}

fn render(root: &HtmlElement, catalog_json: &str, setup: &Setup, notice: Option<String>) -> Box<dyn Any> {
    let options = &setup.options;
    let (controls, inline_style) = (setup.controls.clone(), setup.inline_style);
    let now: DateTime<Utc> = DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let locale = if options.locale.is_empty() { "en-US".to_string() } else { options.locale.clone() };
    let billing = options.api.as_deref().map(|api| BillingClient::new(api, options.customer_token.as_deref()));
    match Catalog::parse(catalog_json) {
        Ok(catalog) => {
            let catalog = Arc::new(catalog);
            Box::new(leptos::mount::mount_to(root.clone(), move || {
                view! { <PricingWidget catalog locale now billing notice controls inline_style/> }
            }))
        }
        Err(error) => {
            web_sys::console::error_1(&error.to_string().into());
            Box::new(leptos::mount::mount_to(root.clone(), move || view! { <CatalogProblem error inline_style/> }))
        }
    }
}

/// Renders the widget inside `root`. With an API, the catalog comes from it (the embedded
/// `fallback_json` stands in when the API is down or answers garbage); a catalog that fails
/// validation shows its problems instead of the widget.
pub fn mount(root: HtmlElement, fallback_json: &str, options: WidgetOptions) -> MountedWidget {
    mount_with(root, fallback_json, options, Controls::default(), true)
}

/// `mount` with choices the embedding controls, and the stylesheet either rendered inline
/// (`inline_style`) or adopted by the shadow root beforehand.
pub fn mount_with(
    root: HtmlElement,
    fallback_json: &str,
    options: WidgetOptions,
    controls: Controls,
    inline_style: bool,
) -> MountedWidget {
    let setup = Setup { options, controls, inline_style };
    ROOTS.with(|roots| roots.borrow_mut().push(root.clone()));
    let view: Rc<RefCell<Option<Box<dyn Any>>>> = Rc::new(RefCell::new(None));
    match setup.options.api.clone() {
        None => *view.borrow_mut() = Some(render(&root, fallback_json, &setup, None)),
        Some(api) => {
            root.set_attribute("aria-busy", "true").ok();
            let (slot, target, fallback_json) = (Rc::downgrade(&view), root.clone(), fallback_json.to_string());
            wasm_bindgen_futures::spawn_local(async move {
                let fetched = BillingClient::new(&api, None).catalog_json().await;
                let (json, notice) = match fetched {
                    Ok(json) if Catalog::parse(&json).is_ok() => (json, None),
                    Ok(_) | Err(_) => {
                        web_sys::console::warn_1(
                            &"pricing widget: the billing API's catalog is unavailable; showing saved prices".into(),
                        );
                        (
                            fallback_json,
                            Some("Prices shown may be out of date, and buying is unavailable right now.".into()),
                        )
                    }
                };
                // The widget may have been removed while the catalog was on its way.
                if let Some(slot) = slot.upgrade() {
                    target.remove_attribute("aria-busy").ok();
                    *slot.borrow_mut() = Some(render(&target, &json, &setup, notice));
                }
            });
        }
    }
    MountedWidget { root, view }
}
