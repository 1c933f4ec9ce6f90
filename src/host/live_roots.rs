//! The widgets live on the page, each with the sentence a panic puts in its place; the panic
//! hook (the safety net: no blank widget); and what the page is told when one is live.

use std::cell::RefCell;

use web_sys::HtmlElement;

use crate::page::events::WidgetEvent;
use crate::page::takeover;

thread_local! {
    /// Elements that hold a live widget, each with the sentence, in its visitor's language,
    /// that a panic puts there instead of leaving a half-rendered or blank widget.
    static ROOTS: RefCell<Vec<(HtmlElement, String)>> = const { RefCell::new(Vec::new()) };
}

/// The event a panic during a takeover dispatches on the root (not composed: for the entry
/// script, not the page), with the panic's message as its detail.
const TAKEOVER_FAILED: &str = "pricing-widget:takeover-failed";

/// Logs panics to the console and replaces every mounted widget with a short message; a panic
/// while a pre-render is taken over is left to the entry script instead (`embed/`).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        // A panic while a pre-render is taken over leaves its markup on screen and tells the
        // entry script, which renders it afresh from a new wasm instance (a panic aborts this one).
        if let Some(root) = takeover::taking_over() {
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

/// Keeps `root` among the live widgets, with the sentence a panic puts there.
pub fn keep(root: &HtmlElement, crashed: String) {
    ROOTS.with(|roots| roots.borrow_mut().push((root.clone(), crashed)));
}

/// Takes `root` off the live widgets.
pub fn forget(root: &HtmlElement) {
    ROOTS.with(|roots| roots.borrow_mut().retain(|(r, _)| r != root));
}

/// How many widgets are mounted on the page right now.
pub fn live_widgets() -> usize {
    ROOTS.with(|roots| roots.borrow().len())
}

/// Tells the entry script, the page and the tests that the widget in `root` answers now.
pub fn ready(root: &HtmlElement, hydrated: bool) {
    // Says "the wasm runs this widget" (a pre-rendered one looks the same without it): for the
    // page's own scripts and styles, and the browser tests.
    if let Some(widget) = root.first_element_child() {
        let _ = widget.set_attribute("data-live", "");
    }
    WidgetEvent::Ready { hydrated }.dispatch_from(root);
}
