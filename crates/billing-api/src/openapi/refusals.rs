//! What each operation of the contract can answer besides success: the refusals as real
//! `ApiError`s, so that their examples are the bodies the server sends.

use std::collections::BTreeMap;

use pricing_core::access::NotIncluded;
use pricing_core::credits::UsageRefused;
use pricing_core::{EstimateError, PricingError};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::flows;
use crate::flows::{publication, webhooks};

/// What each operation can answer besides success, as the errors themselves. Rate limiting
/// (429) applies to every operation and is added to all.
pub(super) fn of(operation_id: &str) -> Vec<ApiError> {
    use ApiError::*;
    let invalid_body = || InvalidBody("the request body is not valid: missing field `plan` at line 1 column 2".into());
    let bad_token = || Unauthorized("bad token signature");
    let store = || Store(String::new());
    let unknown_plan = || Pricing(PricingError::UnknownPlan("platinum".into()));
    let not_subscribed = || Pricing(PricingError::NotSubscribed);
    let usage = || Unauthorized("this call needs the usage secret");
    match operation_id {
        "catalog" | "healthz" | "metrics" | "openapi" => vec![],
        "translation" => vec![NotFound("translation in that language")],
        "readyz" => vec![Unavailable("the database does not answer")],
        "create_checkout" => vec![
            MissingIdempotencyKey,
            invalid_body(),
            Pricing(PricingError::FreePlanNeedsNoCheckout),
            bad_token(),
            Pricing(PricingError::AlreadySubscribed),
            PayloadTooLarge,
            IdempotencyKeyReused,
            unknown_plan(),
            ReturnUrlNotAllowed("success_url"),
            store(),
        ],
        "get_checkout" | "checkout_page" => vec![NotFound("checkout session"), store()],
        "decline_checkout" => vec![NotFound("checkout session"), SessionNotOpen, store()],
        "pay_checkout" => {
            vec![NotFound("checkout session"), SessionNotOpen, Pricing(PricingError::AlreadySubscribed), store()]
        }
        "subscription" => vec![Unauthorized("this call needs a customer token"), store()],
        "account" => vec![Unauthorized("this call needs a customer token"), unknown_plan(), store()],
        "credit_history" => vec![
            Unauthorized("this call needs a customer token"),
            InvalidQuery(flows::LIMIT_REFUSED.into()),
            InvalidQuery(flows::history::CURSOR_REFUSED.into()),
            store(),
        ],
        "cancel_scheduled_change" => vec![
            MissingIdempotencyKey,
            Unauthorized("this call needs a customer token"),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "receipts" => vec![
            Unauthorized("this call needs a customer token"),
            InvalidQuery(flows::LIMIT_REFUSED.into()),
            InvalidQuery("before is a receipt's number, 1 or more".into()),
            store(),
        ],
        "receipt" => {
            vec![Unauthorized("this call needs a customer token"), NotFound("receipt of this customer"), store()]
        }
        "auto_top_up" => vec![
            Unauthorized("this call needs a customer token"),
            NotFound("auto top-up of this customer (PUT one first)"),
            store(),
        ],
        "configure_auto_top_up" => vec![
            Unauthorized("this call needs a customer token"),
            InvalidBody("the request body is not valid: missing field `pack` at line 1 column 2".into()),
            InvalidBody(flows::top_up::OUT_OF_RANGE.into()),
            Pricing(PricingError::UnknownPack("pack-9".into())),
            NotFound("customer"),
            PayloadTooLarge,
            store(),
        ],
        "receipt_page" => {
            vec![NotFound("receipt"), Unauthorized("this receipt's link has expired"), store()]
        }
        "preview" => vec![
            invalid_body(),
            Unauthorized("this call needs a customer token"),
            not_subscribed(),
            Pricing(PricingError::NoChange),
            PayloadTooLarge,
            unknown_plan(),
            store(),
        ],
        "apply" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: missing field `quote_id` at line 1 column 2".into()),
            Unauthorized("this call needs a customer token"),
            NotFound("quote"),
            QuoteUnusable("this quote has expired; preview the change again"),
            not_subscribed(),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "cancellation" => vec![Unauthorized("this call needs a customer token"), not_subscribed(), store()],
        "take_retention_offer" => vec![
            MissingIdempotencyKey,
            Unauthorized("this call needs a customer token"),
            not_subscribed(),
            WrongState(flows::cancellation::NO_OFFER),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "cancel" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: unknown variant `bored` at line 1 column 17".into()),
            InvalidBody(flows::cancellation::COMMENT_TOO_LONG.into()),
            Unauthorized("this call needs a customer token"),
            not_subscribed(),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "resume" => vec![
            MissingIdempotencyKey,
            Unauthorized("this call needs a customer token"),
            not_subscribed(),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "record_usage" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: missing field `model` at line 1 column 2".into()),
            usage(),
            InsufficientCredits { needed: 40, available: 12 },
            Usage(UsageRefused::NotIncluded(NotIncluded {
                model: "kling-3.0".into(),
                plan: "free".into(),
                unlocked_by: Some("basic".into()),
            })),
            NotFound("customer"),
            PayloadTooLarge,
            IdempotencyKeyReused,
            Usage(UsageRefused::Output(EstimateError::UnknownModel("dall-e".into()))),
            store(),
        ],
        "refund_usage" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: missing field `customer_id` at line 1 column 2".into()),
            usage(),
            NotFound("unrefunded generation of this customer"),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "usage_check" => vec![
            usage(),
            InvalidQuery("Failed to deserialize query string: missing field `model`".into()),
            NotFound("customer"),
            Usage(UsageRefused::Output(EstimateError::UnknownModel("dall-e".into()))),
            store(),
        ],
        "usage_hold" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: missing field `model` at line 1 column 2".into()),
            InvalidBody(pricing_core::credits::hold::HoldRefused::TooLong.to_string()),
            usage(),
            InsufficientCredits { needed: 400, available: 120 },
            Usage(UsageRefused::NotIncluded(NotIncluded {
                model: "kling-3.0".into(),
                plan: "free".into(),
                unlocked_by: Some("basic".into()),
            })),
            NotFound("customer"),
            PayloadTooLarge,
            IdempotencyKeyReused,
            Usage(UsageRefused::Output(EstimateError::UnknownModel("dall-e".into()))),
            store(),
        ],
        "usage_capture" | "usage_release" => vec![
            MissingIdempotencyKey,
            InvalidBody("the request body is not valid: missing field `customer_id` at line 1 column 2".into()),
            InvalidBody(pricing_core::credits::hold::HoldRefused::MoreThanHeld { held: 400 }.to_string()),
            usage(),
            NotFound("hold of this customer"),
            WrongState(flows::holds::SETTLED),
            PayloadTooLarge,
            IdempotencyKeyReused,
            store(),
        ],
        "mint_token" => vec![
            InvalidBody(flows::customers::CUSTOMER_ID_REFUSED.into()),
            NotFound("endpoint"),
            PayloadTooLarge,
            store(),
        ],
        "widget_fragment" => vec![
            InvalidQuery("interval=\"weekly\": unknown interval \"weekly\" (monthly or annual)".into()),
            NotFound("translation of the catalog in that language on this server"),
            Unavailable("the widget could not be rendered"),
        ],
        id if id.starts_with("webhook_") || id.starts_with("event") => {
            let mut refusals = vec![usage(), store()];
            let endpoint = || NotFound("webhook endpoint");
            let once = [MissingIdempotencyKey, PayloadTooLarge, IdempotencyKeyReused];
            let delivery_id = || InvalidQuery("a delivery's id is a whole number".into());
            let query = || InvalidQuery(flows::LIMIT_REFUSED.into());
            match id {
                "webhook_create" => {
                    refusals.extend(once.into_iter().chain([InvalidBody(webhooks::URL_REFUSED.into())]))
                }
                "webhook_update" => {
                    refusals.extend([endpoint(), InvalidBody(webhooks::URL_REFUSED.into()), PayloadTooLarge])
                }
                "webhook_get" | "webhook_delete" => refusals.push(endpoint()),
                "webhook_rotate" => refusals.extend(
                    once.into_iter()
                        .chain([endpoint(), InvalidBody("previous_valid_for_s may be at most 604800".into())]),
                ),
                "webhook_test" => refusals.extend(once.into_iter().chain([endpoint(), WrongState(webhooks::DISABLED)])),
                "webhook_deliveries" | "events" => refusals.extend([
                    query(),
                    InvalidQuery("Failed to deserialize query string: state: unknown variant `lost`".into()),
                ]),
                "webhook_delivery" => refusals.extend([NotFound("webhook delivery"), delivery_id()]),
                "webhook_replay" => refusals.extend(
                    once.into_iter()
                        .chain([NotFound("webhook delivery to an endpoint that still exists"), delivery_id()]),
                ),
                "event" => refusals.push(NotFound("event")),
                _ => {}
            }
            refusals
        }
        id if id.starts_with("studio_") => {
            let mut refusals = vec![
                Unauthorized("this call needs an editor's credential"),
                Forbidden("a customer may not change the catalog; this call needs an editor's credential"),
                PayloadTooLarge,
                store(),
            ];
            let invalid = || {
                let problem = pricing_core::Problem {
                    path: "plans[2].prices.USD.monthly".into(),
                    message: "must not be negative".into(),
                };
                CatalogInvalid(vec![problem])
            };
            let body =
                || InvalidBody("the request body is not valid: missing field `catalog` at line 1 column 2".into());
            match id {
                "studio_version" => refusals
                    .extend([NotFound("catalog version"), InvalidQuery("a version's id is a whole number".into())]),
                "studio_check" => refusals.push(body()),
                "studio_preview" => refusals.extend([
                    body(),
                    invalid(),
                    InvalidQuery("interval=\"weekly\": unknown interval \"weekly\" (monthly or annual)".into()),
                    NotFound("translation of the catalog in that language on this server"),
                    Unavailable("the widget could not be rendered"),
                ]),
                "studio_diff" => refusals.extend([body(), invalid(), NotFound("catalog version")]),
                "studio_save" => refusals.extend([
                    body(),
                    invalid(),
                    InvalidBody(publication::NOTE_TOO_LONG.into()),
                    CatalogConflict { based_on: 3, in_force: 4 },
                ]),
                "studio_rollback" => refusals.extend([
                    body(),
                    NotFound("catalog version"),
                    WrongState(publication::ONLY_PUBLISHED),
                    invalid(),
                    CatalogConflict { based_on: 3, in_force: 4 },
                    InvalidQuery("a version's id is a whole number".into()),
                ]),
                "studio_unschedule" => refusals.extend([
                    WrongState(publication::ONLY_SCHEDULED),
                    InvalidQuery("a version's id is a whole number".into()),
                ]),
                _ => {}
            }
            refusals
        }
        other => panic!("no refusals listed for the operation {other}"),
    }
}

/// The responses of a list of refusals, one per status, each with its errors as named examples.
pub(super) fn responses(refusals: Vec<ApiError>) -> BTreeMap<String, Value> {
    let mut by_status: BTreeMap<u16, Vec<ApiError>> = BTreeMap::new();
    for refusal in refusals.into_iter().chain([ApiError::RateLimited { retry_after_s: 1 }]) {
        by_status.entry(refusal.status().as_u16()).or_default().push(refusal);
    }
    by_status
        .into_iter()
        .map(|(status, errors)| {
            let mut examples = serde_json::Map::new();
            let mut codes = Vec::new();
            for error in &errors {
                let body = error.body();
                let code = json!(body.error.code).as_str().expect("an error code is a string").to_string();
                let name = match examples.contains_key(&code) {
                    false => code.clone(),
                    true => format!("{code} ({})", examples.len() + 1),
                };
                if !codes.contains(&code) {
                    codes.push(code);
                }
                examples.insert(name, json!({ "summary": body.error.message, "value": body }));
            }
            let reason = errors[0].status().canonical_reason().unwrap_or("Error");
            let mut response = json!({
                "description": format!("{reason}: {}", codes.join(", ")),
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/ErrorBody" },
                    "examples": examples,
                } },
            });
            if status == 429 {
                response["headers"] = json!({ "Retry-After": {
                    "description": "Seconds to wait before retrying",
                    "required": true,
                    "schema": { "type": "integer", "minimum": 1 },
                } });
            }
            (status.to_string(), response)
        })
        .collect()
}
