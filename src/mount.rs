//! Mounting a widget instance on a host element, and the safety net for panics.

use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use pricing_core::Catalog;
use web_sys::HtmlElement;

use crate::app::PricingWidget;
use crate::catalog_problem::CatalogProblem;

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

/// A widget on the page; dropping it removes the widget and all its reactive state.
pub struct MountedWidget {
    root: HtmlElement,
    _handle: Box<dyn Any>,
}

impl Drop for MountedWidget {
    fn drop(&mut self) {
        ROOTS.with(|roots| roots.borrow_mut().retain(|r| r != &self.root));
    }
}

/// Renders the widget for `catalog_json` inside `root`. A catalog that fails validation shows
/// its problems instead of the widget.
pub fn mount(root: HtmlElement, catalog_json: &str, locale: &str) -> MountedWidget {
    let now: DateTime<Utc> = DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let locale = locale.to_string();
    ROOTS.with(|roots| roots.borrow_mut().push(root.clone()));
    let handle: Box<dyn Any> = match Catalog::parse(catalog_json) {
        Ok(catalog) => {
            let catalog = Arc::new(catalog);
            Box::new(leptos::mount::mount_to(root.clone(), move || view! { <PricingWidget catalog locale now/> }))
        }
        Err(error) => {
            web_sys::console::error_1(&error.to_string().into());
            Box::new(leptos::mount::mount_to(root.clone(), move || view! { <CatalogProblem error/> }))
        }
    };
    MountedWidget { root, _handle: handle }
}
