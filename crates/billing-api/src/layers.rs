//! What wraps every route: CORS for the widget's origins, the rate limit's answer, and JSON
//! bodies for the errors that axum and tower answer on their own.

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_governor::GovernorError;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::idempotency;

pub fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        // PUT: the account view saves the customer's auto top-up.
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            header::ETAG,
            header::RETRY_AFTER,
            HeaderName::from_static(idempotency::REPLAYED),
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(Duration::from_secs(600))
}

/// The answer to a client over its rate limit: 429 with `Retry-After`.
pub fn rate_limited(error: GovernorError) -> Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            ApiError::RateLimited { retry_after_s: wait_time.max(1) }.into_response()
        }
        other => ApiError::InvalidBody(other.to_string()).into_response(),
    }
}

/// Gives the body-size limit's bare 413 and the router's bare 405 the JSON error body every
/// other error has (a 405 keeps its `Allow` header).
pub async fn json_errors(response: Response) -> Response {
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::PayloadTooLarge.into_response(),
        StatusCode::METHOD_NOT_ALLOWED if !is_json => {
            let mut json = ApiError::MethodNotAllowed.into_response();
            if let Some(allow) = response.headers().get(header::ALLOW) {
                json.headers_mut().insert(header::ALLOW, allow.clone());
            }
            json
        }
        _ => response,
    }
}
