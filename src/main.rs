//! The demo page's entry: one widget on the element `#pricing-widget`, configured by its
//! `data-locale`, `data-api` and `data-customer-token` attributes.

use pricing_widget::WidgetOptions;

fn main() {
    pricing_widget::install_panic_hook();
    let document = web_sys::window().and_then(|w| w.document()).expect("a browser page");
    let Some(root) = document.get_element_by_id("pricing-widget") else {
        web_sys::console::error_1(&"pricing widget: no element with id 'pricing-widget' on the page".into());
        return;
    };
    let options = WidgetOptions {
        locale: root.get_attribute("data-locale").unwrap_or_default(),
        api: root.get_attribute("data-api").filter(|a| !a.is_empty()),
        customer_token: root.get_attribute("data-customer-token"),
    };
    let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root);
    let widget = pricing_widget::mount(root, pricing_core::DEFAULT_CATALOG_JSON, options);
    // The demo page keeps its widget for the page's lifetime.
    std::mem::forget(widget);
}
