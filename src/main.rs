//! The demo page's entry: one widget on the element `#pricing-widget`, showing the catalog
//! compiled into the wasm.

fn main() {
    pricing_widget::install_panic_hook();
    let document = web_sys::window().and_then(|w| w.document()).expect("a browser page");
    let Some(root) = document.get_element_by_id("pricing-widget") else {
        web_sys::console::error_1(&"pricing widget: no element with id 'pricing-widget' on the page".into());
        return;
    };
    let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(root);
    let locale = root.get_attribute("data-locale").unwrap_or_else(|| "en-US".into());
    let widget = pricing_widget::mount(root, pricing_core::DEFAULT_CATALOG_JSON, &locale);
    // The demo page keeps its widget for the page's lifetime.
    std::mem::forget(widget);
}
