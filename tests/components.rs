//! Component tests: the widget mounted in headless Chromium, read through its DOM.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Utc};
use pricing_core::{Catalog, Currency, Interval, DEFAULT_CATALOG_JSON};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Lets Leptos run the effects that a change scheduled.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).text_content().unwrap_or_default()
}

fn options() -> pricing_widget::WidgetOptions {
    pricing_widget::WidgetOptions { locale: "en-US".into(), ..Default::default() }
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap()
}

/// `minor` units of `currency` as the browser writes them, independently of the widget's own
/// formatter: the currency's minor digits come from Intl (ISO 4217), not from pricing-core.
fn intl_money(minor: i64, currency: Currency) -> String {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"style".into(), &"currency".into()).unwrap();
    js_sys::Reflect::set(&options, &"currency".into(), &currency.code().into()).unwrap();
    let intl = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&"en-US".into()), &options);
    let digits = js_sys::Reflect::get(&intl.resolved_options(), &"maximumFractionDigits".into()).unwrap();
    let major = minor as f64 / 10f64.powf(digits.as_f64().unwrap());
    intl.format().call1(&wasm_bindgen::JsValue::NULL, &major.into()).unwrap().as_string().unwrap()
}

fn change_select(select: &Element, value: &str) {
    let select: &HtmlSelectElement = select.unchecked_ref();
    select.set_value(value);
    select.dispatch_event(&Event::new("change").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn cards_show_the_catalog_prices_and_follow_interval_and_currency() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let root = host();
    let _widget = pricing_widget::mount(root.clone(), DEFAULT_CATALOG_JSON, options());
    settle().await;

    let cards = all(&root, ".pw-card");
    assert_eq!(cards.len(), catalog.plans.len());
    for (card, plan) in cards.iter().zip(&catalog.plans) {
        assert_eq!(text(card, "h3"), plan.name);
        let price = catalog.plan_price(&plan.id, Interval::Monthly, Currency::USD, now()).unwrap();
        assert_eq!(text(card, ".pw-amount"), intl_money(price.per_month.minor, Currency::USD));
    }

    let annual: HtmlInputElement =
        root.query_selector(".pw-plans-head input[value=annual]").unwrap().unwrap().unchecked_into();
    annual.click();
    settle().await;
    change_select(&root.query_selector(".pw-currency select").unwrap().unwrap(), "JPY");
    settle().await;
    for (card, plan) in all(&root, ".pw-card").iter().zip(&catalog.plans) {
        let price = catalog.plan_price(&plan.id, Interval::Annual, Currency::JPY, now()).unwrap();
        let shown = text(card, ".pw-amount");
        assert_eq!(shown, intl_money(price.per_month.minor, Currency::JPY));
        assert!(!shown.contains('.'), "yen has no minor unit: {shown}");
        assert!(text(card, ".pw-billed").contains(&intl_money(price.charged.minor, Currency::JPY)) || plan.free);
    }
    // The matrix follows the same state.
    let matrix_prices: Vec<String> =
        all(&root, ".pw-matrix tbody tr:first-child td").iter().map(|td| td.text_content().unwrap()).collect();
    let expected: Vec<String> = catalog
        .plans
        .iter()
        .map(|p| {
            intl_money(
                catalog.plan_price(&p.id, Interval::Annual, Currency::JPY, now()).unwrap().per_month.minor,
                Currency::JPY,
            )
        })
        .collect();
    assert_eq!(matrix_prices, expected);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_calculator_counts_outputs_from_typed_credits() {
    let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    let root = host();
    let _widget = pricing_widget::mount(root.clone(), DEFAULT_CATALOG_JSON, options());
    settle().await;
    let credits_radio: HtmlElement = all(&root, ".pw-calculator input[type=radio]")[2].clone().unchecked_into();
    credits_radio.click();
    settle().await;
    let input: HtmlInputElement =
        root.query_selector(".pw-calculator input[type=number]").unwrap().unwrap().unchecked_into();
    input.set_value("12345");
    input.dispatch_event(&Event::new("input").unwrap()).unwrap();
    change_select(&root.query_selector(".pw-calc-inputs select[id$=calc-model]").unwrap().unwrap(), "nano-banana-pro");
    settle().await;
    let cost = catalog.model("nano-banana-pro").unwrap().credits_per_output("1K", None).unwrap();
    assert_eq!(text(&root, "[data-testid=calc-outputs]").replace(',', ""), (12345 / cost).to_string());
    root.remove();
}

#[wasm_bindgen_test]
async fn two_widgets_keep_their_own_state() {
    let (first, second) = (host(), host());
    let _a = pricing_widget::mount(first.clone(), DEFAULT_CATALOG_JSON, options());
    let _b = pricing_widget::mount(second.clone(), DEFAULT_CATALOG_JSON, options());
    settle().await;
    change_select(&first.query_selector(".pw-currency select").unwrap().unwrap(), "EUR");
    settle().await;
    assert!(text(&first, ".pw-card .pw-amount").contains('€'));
    assert!(text(&second, ".pw-card .pw-amount").contains('$'));
    first.remove();
    second.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_catalog_shows_a_message_instead_of_the_widget() {
    // A broken business rule is named by its path.
    let root = host();
    let unordered = DEFAULT_CATALOG_JSON.replacen("\"credits_per_month\": 1200", "\"credits_per_month\": 1", 1);
    let _widget = pricing_widget::mount(root.clone(), &unordered, options());
    settle().await;
    assert!(text(&root, "[role=alert]").contains("plans[1]"), "{}", text(&root, "[role=alert]"));
    root.remove();
    // A malformed one by its place in the text.
    let root = host();
    let broken = DEFAULT_CATALOG_JSON.replacen("\"credits_per_month\": 1200", "\"credits_per_month\": -1", 1);
    let _widget = pricing_widget::mount(root.clone(), &broken, options());
    settle().await;
    assert!(all(&root, ".pw-card").is_empty());
    let alert = text(&root, "[role=alert]");
    assert!(alert.contains("Prices are unavailable"), "{alert}");
    assert!(alert.contains("`-1.0`, expected u64"), "the problem is named: {alert}");
    root.remove();
}

#[wasm_bindgen_test]
fn the_browser_reads_a_catalog_as_the_native_parser_does() {
    let native = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
    assert_eq!(pricing_widget::decode_catalog(DEFAULT_CATALOG_JSON).unwrap(), native);
    // The browser is lenient where the native parser is strict about form, not content: fields
    // it does not know are ignored (a newer API's catalog still shows), and numbers are read by
    // value (`1.2e3` is 1200). The API and `catalog-check` refuse both before a catalog is served.
    let extra = DEFAULT_CATALOG_JSON.replacen('{', "{\"note\": \"from a newer API\", ", 1);
    assert!(Catalog::parse(&extra).is_err());
    assert_eq!(pricing_widget::decode_catalog(&extra).unwrap(), native);
    // Damaged copies: every one the native parser refuses, the browser refuses too, and what
    // both accept they read alike.
    let inserts = ["-1", "0", "\"x\"", "\"", ",", ":", "[", "]", "{", "}", "null", "true", "9"];
    let mut refused = 0;
    let mut step = 0;
    for cut in (0..DEFAULT_CATALOG_JSON.len()).step_by(53) {
        if !DEFAULT_CATALOG_JSON.is_char_boundary(cut) {
            continue;
        }
        step += 1;
        let mut damaged = DEFAULT_CATALOG_JSON.to_string();
        damaged.insert_str(cut, inserts[step % inserts.len()]);
        match (Catalog::parse(&damaged), pricing_widget::decode_catalog(&damaged)) {
            (Ok(parsed), Ok(decoded)) => assert_eq!(parsed, decoded),
            (Err(_), Err(decoded)) => {
                assert!(!decoded.problems.is_empty() && !decoded.problems[0].message.is_empty());
                refused += 1;
            }
            // A key damaged into one the widget does not know: the leniency above.
            (Err(parsed), Ok(_)) if parsed.problems.iter().all(|p| p.message.starts_with("unknown field")) => {}
            (parsed, decoded) => panic!("at {cut}: native {:?}, browser {:?}", parsed.err(), decoded.err()),
        }
    }
    assert!(refused > 100, "most damage is refused: {refused} of {step}");
}

#[wasm_bindgen_test]
async fn dropping_the_widget_empties_its_element() {
    let root = host();
    let widget = pricing_widget::mount(root.clone(), DEFAULT_CATALOG_JSON, options());
    settle().await;
    assert!(!all(&root, ".pw-card").is_empty());
    drop(widget);
    settle().await;
    assert!(all(&root, ".pw-card").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_banner_shows_running_promotions_only() {
    let catalog = std::sync::Arc::new(Catalog::parse(DEFAULT_CATALOG_JSON).unwrap());
    let latest_end = catalog.promotions.iter().map(|p| p.ends_at).max().unwrap();
    let sale = catalog.promotion("kling3-unlimited-60").unwrap().clone();
    for (at, expected) in [(sale.starts_at, true), (latest_end, false)] {
        let root = host();
        let widget_catalog = catalog.clone();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            leptos::view! { <pricing_widget::PricingWidget catalog=widget_catalog locale="en-US" now=at/> }
        });
        settle().await;
        let banner = root.query_selector(".pw-banner").unwrap();
        assert_eq!(banner.is_some(), expected, "banner at {at}");
        if let Some(banner) = banner {
            assert!(banner.text_content().unwrap().contains(&sale.headline));
        }
        drop(handle);
        root.remove();
    }
}
