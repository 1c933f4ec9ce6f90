//! The contract, generated from the code: the handlers' `#[utoipa::path]` annotations, the
//! shared `pricing_core::api` types, and every operation's refusals, made from real `ApiError`s
//! so that their examples are the bodies the server sends. What a request may name (plans,
//! packs, currencies, return URLs) depends on the catalog and origins the server is started
//! with, so the server generates its document for them once, at start.
//! `crates/billing-api/openapi.json` is the document of the default configuration, written by
//! `cargo run -p billing-api --bin openapi > crates/billing-api/openapi.json`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pricing_core::api::top_up::MAX_CAP_MINOR;
use pricing_core::api::webhooks::{endpoint_url_pattern, MAX_ENDPOINT_URL_BYTES};
use pricing_core::api::{customer_id_pattern, id_pattern, ErrorBody, MAX_RETURN_URL_BYTES};
use pricing_core::finder::MOST_WORK_LINES;
use pricing_core::sections::Sections;
use pricing_core::{Catalog, Interval};
use serde_json::{json, Value};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod refusals;

use crate::flows::history;
use crate::state::AppState;
use crate::{account, handlers, holds, hosted, observability, public_catalog, studio, webhooks};

/// Where checkouts may send the visitor back when `BILLING_ALLOWED_ORIGINS` and
/// `BILLING_RETURN_ORIGINS` are not set (`Config::from_env`), for the committed document.
pub const DEFAULT_RETURN_ORIGINS: [&str; 2] = ["http://127.0.0.1:8080", "http://localhost:8080"];

/// This document, for the catalog version in force (generated once per version, when first
/// asked for: a publication that adds a plan adds it here).
#[utoipa::path(get, path = "/openapi.json", tag = "operations", operation_id = "openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document of this server", body = Object, content_type = "application/json")))]
pub async fn serve(State(state): State<AppState>) -> Response {
    let published = state.published();
    let contract = published
        .contract
        .get_or_init(|| Bytes::from(document(&published.catalog, &state.config.return_origins)))
        .clone();
    ([(header::CONTENT_TYPE, "application/json")], contract).into_response()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pricing widget billing API",
        version = "1.0.0",
        description = "Reference billing API behind the pricing widget. Clients send ids; the server computes every \
                       amount with pricing-core. Every error is `{\"error\": {\"code\", \"message\"}}`; every \
                       operation may answer 429 (rate limited, with `Retry-After`)."
    ),
    paths(
        public_catalog::catalog,
        public_catalog::translation,
        handlers::create_checkout,
        handlers::get_checkout,
        hosted::page,
        hosted::pay,
        hosted::decline,
        hosted::receipt,
        account::account,
        account::credit_history,
        account::receipts,
        account::receipt,
        account::auto_top_up,
        account::configure_auto_top_up,
        handlers::subscription,
        handlers::preview,
        handlers::apply,
        account::cancellation,
        account::cancel,
        account::resume,
        account::take_retention_offer,
        account::cancel_scheduled_change,
        handlers::record_usage,
        handlers::refund_usage,
        holds::check,
        holds::hold,
        holds::capture,
        holds::release,
        handlers::mint_token,
        handlers::widget_fragment,
        handlers::healthz,
        handlers::readyz,
        observability::render,
        serve,
        studio::versions,
        studio::version,
        studio::check,
        studio::diff,
        studio::save,
        studio::roll_back,
        studio::unschedule,
        studio::preview,
        studio::settings,
        webhooks::create,
        webhooks::list,
        webhooks::get,
        webhooks::update,
        webhooks::delete,
        webhooks::rotate,
        webhooks::test,
        webhooks::deliveries,
        webhooks::delivery,
        webhooks::replay,
        webhooks::events,
        webhooks::event,
    ),
    components(schemas(ErrorBody)),
    modifiers(&SecuritySchemes)
)]
struct Contract;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer = |description: &str| {
            let mut scheme = Http::new(HttpAuthScheme::Bearer);
            scheme.description = Some(description.into());
            SecurityScheme::Http(scheme)
        };
        components.add_security_scheme(
            "customerToken",
            bearer(
                "A short-lived HMAC token the host page mints for its signed-in customer: \
                 `v1.<customer>.<expiry>.<signature>`. Never a cookie.",
            ),
        );
        components.add_security_scheme(
            "editorSecret",
            bearer("One of BILLING_EDITORS' secrets: an editor of the catalog (the pricing studio)."),
        );
        components.add_security_scheme(
            "usageSecret",
            bearer(
                "BILLING_USAGE_SECRET: the secret of the service's own backend (the generation service, its \
                 webhook receivers); never given to browsers.",
            ),
        );
    }
}

/// A regex that matches `text` literally, ignoring ASCII case.
fn case_insensitive(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii_alphabetic() => format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase()),
            c if c.is_ascii_alphanumeric() || c == ':' || c == '-' => c.to_string(),
            c => format!("\\{c}"),
        })
        .collect()
}

/// A return URL as `pricing_core::api::return_url_allowed` takes it: an http(s) page on one
/// of the origins (scheme in lower case, host in any case), in printable ASCII as URLs are.
fn return_url_schema(origins: &[String]) -> Value {
    let origins: Vec<String> = origins
        .iter()
        .filter_map(|origin| {
            let (scheme, host) = origin.split_once("://")?;
            (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
                .then(|| format!("{}://{}", scheme.to_ascii_lowercase(), case_insensitive(host)))
        })
        .collect();
    json!({
        "type": "string",
        "maxLength": MAX_RETURN_URL_BYTES,
        "pattern": format!(r"^({})([/?#\\][!-~]*)?$", origins.join("|")),
        "description": "A page on one of the shop's origins (`BILLING_ALLOWED_ORIGINS`, `BILLING_RETURN_ORIGINS`).",
    })
}

fn id_enum(ids: Vec<&str>, description: &str) -> Value {
    json!({ "type": "string", "enum": ids, "description": description })
}

/// Narrows a schema of the generated document to what the configured server takes.
fn narrow(document: &mut Value, pointer: &str, schema: &Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer below the root");
    let parent = document.pointer_mut(parent).and_then(Value::as_object_mut);
    parent.unwrap_or_else(|| panic!("the contract has no {pointer}")).insert(key.into(), schema.clone());
}

/// The widget fragment's parameters as the server reads them: what the catalog offers, the
/// locales as BCP 47 tags, and the finder's lines in their shortest written form.
fn narrow_fragment_parameters(document: &mut Value, catalog: &Catalog, currency: &Value) {
    let one_of = |names: &[&str]| names.iter().map(|n| regex_escape(n)).collect::<Vec<_>>().join("|");
    let section = one_of(&[&Sections::NAMES[..], &[Sections::ACCOUNT]].concat());
    let models = one_of(&catalog.models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>());
    let line = format!("({models}):[0-9]{{1,6}}");
    let more_lines = MOST_WORK_LINES - 1;
    let schemas = [
        ("currency", currency.clone()),
        ("interval", json!({ "type": "string", "enum": Interval::ALL.map(|i| i.as_str()) })),
        (
            "locale",
            json!({ "type": "string", "pattern": "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$",
            "description": "A BCP 47 tag: the visitor's language picks the words, the whole tag the numbers, money and dates" }),
        ),
        ("sections", json!({ "type": "string", "pattern": format!("^({section})(,({section}))*$") })),
        ("highlight", id_enum(catalog.plans.iter().map(|p| p.id.as_str()).collect(), "A plan of the catalog")),
        (
            "finder",
            json!({ "type": "string", "pattern": format!("^{line}(,{line}){{0,{more_lines}}}$"),
            "description": "Lines of `model:count`, or `model:resolution:count`, `model:10s:count`, `model:resolution:10s:count` (at most 10)" }),
        ),
        ("form", json!({ "type": "string", "enum": ["fragment", "element", "snippet"] })),
    ];
    let parameters = document
        .pointer_mut("/paths/~1v1~1widget~1fragment/get/parameters")
        .and_then(Value::as_array_mut)
        .expect("the contract has the fragment's parameters");
    for (name, schema) in schemas {
        let parameter = parameters.iter_mut().find(|p| p["name"] == name).expect("every fragment parameter is listed");
        let description = parameter["schema"].get("description").cloned();
        parameter["schema"] = schema;
        if let Some(description) = description {
            parameter["schema"]["description"] = description;
        }
    }
}

/// `text` as a regular expression that matches it alone (model ids hold dots).
fn regex_escape(text: &str) -> String {
    text.chars().flat_map(|c| if ".+*?()[]{}|^$\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

/// The contract of a server that serves `catalog` and sends checkouts back to `return_origins`.
pub fn document(catalog: &Catalog, return_origins: &[String]) -> String {
    let mut document = serde_json::to_value(Contract::openapi()).expect("the contract serializes");
    let paths = document["paths"].as_object_mut().expect("the contract has paths");
    for operations in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in operations.values_mut() {
            let id = operation["operationId"].as_str().expect("every operation has an id").to_string();
            let responses = operation["responses"].as_object_mut().expect("every operation has responses");
            responses.extend(refusals::responses(refusals::of(&id)));
        }
    }

    let paid_plans = catalog.plans.iter().filter(|p| !p.free).map(|p| p.id.as_str()).collect();
    let plans = catalog.plans.iter().map(|p| p.id.as_str()).collect();
    let packs: Vec<&str> = catalog.credit_packs.iter().map(|p| p.id.as_str()).collect();
    let pack_ids = id_enum(packs, "A credit pack of the catalog");
    let currencies: Vec<&str> = catalog.currencies.iter().map(|c| c.code()).collect();
    let currency = json!({ "type": "string", "enum": currencies, "description": "A currency the catalog offers" });
    let return_url = return_url_schema(return_origins);
    let checkout = "/components/schemas/CheckoutRequest/oneOf";
    for (variant, item, ids) in [
        (0, "plan", id_enum(paid_plans, "A paid plan of the catalog (the free plan needs no checkout)")),
        (1, "pack", pack_ids.clone()),
    ] {
        narrow(&mut document, &format!("{checkout}/{variant}/properties/{item}"), &ids);
        narrow(&mut document, &format!("{checkout}/{variant}/properties/currency"), &currency);
        narrow(&mut document, &format!("{checkout}/{variant}/properties/success_url"), &return_url);
        narrow(&mut document, &format!("{checkout}/{variant}/properties/cancel_url"), &return_url);
        // serde's `deny_unknown_fields` on the enum, which utoipa does not carry to its variants.
        narrow(&mut document, &format!("{checkout}/{variant}/additionalProperties"), &Value::Bool(false));
    }
    narrow(
        &mut document,
        "/components/schemas/ChangeRequest/properties/plan",
        &id_enum(plans, "A plan of the catalog"),
    );
    narrow_fragment_parameters(&mut document, catalog, &currency);
    let top_up = "/components/schemas/AutoTopUpRequest/properties";
    narrow(&mut document, &format!("{top_up}/pack"), &pack_ids);
    let cap = json!({ "type": "object", "required": ["minor", "currency"], "additionalProperties": false, "properties": {
        "minor": { "type": "integer", "format": "int64", "minimum": 0, "maximum": MAX_CAP_MINOR },
        "currency": currency } });
    narrow(&mut document, &format!("{top_up}/monthly_cap"), &cap);
    let endpoint_url = json!({ "type": "string", "pattern": endpoint_url_pattern(), "maxLength": MAX_ENDPOINT_URL_BYTES,
        "description": "An http(s) URL with a host" });
    narrow(&mut document, "/components/schemas/EndpointRequest/properties/url", &endpoint_url);
    let optional_url = json!({ "oneOf": [endpoint_url, { "type": "null" }] });
    narrow(&mut document, "/components/schemas/EndpointUpdate/properties/url", &optional_url);
    // Ids the API wrote, and customer ids: what has not their form names nothing
    // (`pricing_core::api::is_id`, `is_customer_id`).
    let (ids, customer_ids, cursors) = (id_pattern(), customer_id_pattern(), history::cursor_pattern());
    let patterns = [
        ("/paths/~1v1~1checkout~1sessions~1{id}/get/parameters/0/schema", &ids),
        ("/paths/~1checkout~1{id}/get/parameters/0/schema", &ids),
        ("/paths/~1checkout~1{id}~1pay/post/parameters/0/schema", &ids),
        ("/paths/~1checkout~1{id}~1decline/post/parameters/0/schema", &ids),
        ("/paths/~1v1~1usage~1{id}~1refund/post/parameters/0/schema", &ids),
        ("/components/schemas/ApplyQuote/properties/quote_id", &ids),
        ("/components/schemas/UsageRequest/properties/customer_id", &customer_ids),
        ("/components/schemas/HoldRequest/properties/customer_id", &customer_ids),
        ("/components/schemas/SettleRequest/properties/customer_id", &customer_ids),
        ("/paths/~1v1~1usage~1check/get/parameters/0/schema", &customer_ids),
        ("/paths/~1v1~1usage~1holds~1{id}~1capture/post/parameters/0/schema", &ids),
        ("/paths/~1v1~1usage~1holds~1{id}~1release/post/parameters/0/schema", &ids),
        ("/components/schemas/RefundRequest/properties/customer_id", &customer_ids),
        ("/components/schemas/MintRequest/properties/customer_id", &customer_ids),
        ("/paths/~1v1~1customer~1credits~1history/get/parameters/0/schema", &cursors),
    ];
    for (pointer, pattern) in patterns {
        let schema = document.pointer_mut(pointer).unwrap_or_else(|| panic!("the contract has no {pointer}"));
        schema["pattern"] = pattern.as_str().into();
    }
    let served = "/paths/~1v1~1catalog/get/responses/200/content/application~1json";
    document.pointer_mut(served).expect("the catalog has a JSON answer")["example"] =
        serde_json::to_value(catalog).expect("a catalog serializes");
    let mut text = serde_json::to_string_pretty(&document).expect("JSON serializes");
    text.push('\n');
    text
}

/// The committed document: the default catalog, origins and settings.
pub fn default_document() -> String {
    let catalog = Catalog::parse(pricing_core::DEFAULT_CATALOG_JSON).expect("the default catalog is valid");
    document(&catalog, &DEFAULT_RETURN_ORIGINS.map(String::from))
}
