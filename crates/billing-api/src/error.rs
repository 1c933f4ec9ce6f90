//! Every way a request can fail, and the one place each becomes an HTTP status and the JSON
//! body `{"error": {"code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pricing_core::api::studio::ProblemView;
use pricing_core::api::{ErrorBody, ErrorCode, ErrorDetail};
use pricing_core::credits::UsageRefused;
use pricing_core::PricingError;

/// Every way a request can fail, each with a stable machine-readable code.
#[derive(Debug)]
pub enum ApiError {
    MissingIdempotencyKey,
    IdempotencyKeyReused,
    InvalidBody(String),
    /// A query parameter the call cannot use; the message names each, as the widget's
    /// attribute of the same name would be warned about.
    InvalidQuery(String),
    PayloadTooLarge,
    Unauthorized(&'static str),
    Forbidden(&'static str),
    /// A catalog that breaks a rule: each problem at its path.
    CatalogInvalid(Vec<pricing_core::Problem>),
    /// A publication written against `based_on` while `in_force` is the catalog in force.
    CatalogConflict {
        based_on: i64,
        in_force: i64,
    },
    NotFound(&'static str),
    /// A catalog version or webhook endpoint in a state the call cannot use (the message says
    /// which it needs).
    WrongState(&'static str),
    Pricing(PricingError),
    QuoteUnusable(&'static str),
    /// A checkout's return URL (the field named) is not on one of the shop's origins.
    ReturnUrlNotAllowed(&'static str),
    MethodNotAllowed,
    Unavailable(&'static str),
    InsufficientCredits {
        needed: u64,
        available: u64,
    },
    Usage(UsageRefused),
    SessionNotOpen,
    RateLimited {
        retry_after_s: u64,
    },
    Store(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, ErrorCode, String) {
        use ApiError::*;
        match self {
            MissingIdempotencyKey => (
                StatusCode::BAD_REQUEST,
                ErrorCode::IdempotencyKeyMissing,
                "this call needs an Idempotency-Key header".into(),
            ),
            IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was already used with a different request".into(),
            ),
            InvalidBody(why) | InvalidQuery(why) => (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, why.clone()),
            PayloadTooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, "the request body is too large".into())
            }
            Unauthorized(why) => (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, (*why).into()),
            Forbidden(why) => (StatusCode::FORBIDDEN, ErrorCode::Forbidden, (*why).into()),
            CatalogInvalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::CatalogInvalid,
                format!("the catalog has {} problem(s); the first: {}", problems.len(), problems.first().map_or(String::new(), |p| p.to_string())),
            ),
            CatalogConflict { based_on, in_force } => (
                StatusCode::CONFLICT,
                ErrorCode::CatalogConflict,
                format!("this catalog was written against version {based_on}, but version {in_force} is in force now: compare with it and publish again"),
            ),
            NotFound(what) => (StatusCode::NOT_FOUND, ErrorCode::NotFound, format!("no such {what}")),
            Pricing(e @ (PricingError::NoChange | PricingError::NotSubscribed | PricingError::OutsidePeriod)) => {
                (StatusCode::CONFLICT, ErrorCode::ChangeNotPossible, e.to_string())
            }
            Pricing(e @ PricingError::AlreadySubscribed) => {
                (StatusCode::CONFLICT, ErrorCode::AlreadySubscribed, e.to_string())
            }
            Pricing(e @ PricingError::FreePlanNeedsNoCheckout) => {
                (StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, e.to_string())
            }
            Pricing(
                e @ (PricingError::UnknownPlan(_) | PricingError::UnknownPack(_) | PricingError::CurrencyNotOffered(_)),
            ) => (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownItem, e.to_string()),
            WrongState(why) => (StatusCode::CONFLICT, ErrorCode::ChangeNotPossible, (*why).into()),
            QuoteUnusable(why) => (StatusCode::CONFLICT, ErrorCode::QuoteUnusable, (*why).into()),
            ReturnUrlNotAllowed(field) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::ReturnUrlNotAllowed,
                format!("{field} must be a page on one of the shop's origins"),
            ),
            InsufficientCredits { needed, available } => (
                StatusCode::PAYMENT_REQUIRED,
                ErrorCode::InsufficientCredits,
                format!("this generation costs {needed} credits and the customer has {available}"),
            ),
            Usage(e @ UsageRefused::Output(_)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::UnknownItem, e.to_string())
            }
            Usage(e @ UsageRefused::NotIncluded(_)) => {
                (StatusCode::FORBIDDEN, ErrorCode::ModelNotIncluded, e.to_string())
            }
            Unavailable(why) => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable, (*why).into()),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "this endpoint does not take that method".into(),
            ),
            SessionNotOpen => {
                (StatusCode::CONFLICT, ErrorCode::SessionNotOpen, "this checkout was already paid".into())
            }
            RateLimited { retry_after_s } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("too many requests; retry in {retry_after_s} s"),
            ),
            Store(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "the billing store failed; please retry".into(),
            ),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> ApiError {
        ApiError::Store(e.to_string())
    }
}

impl From<UsageRefused> for ApiError {
    fn from(e: UsageRefused) -> ApiError {
        ApiError::Usage(e)
    }
}

impl From<PricingError> for ApiError {
    fn from(e: PricingError) -> ApiError {
        ApiError::Pricing(e)
    }
}

impl ApiError {
    pub(crate) fn status(&self) -> StatusCode {
        self.parts().0
    }

    /// The JSON body this error answers (also the contract's examples).
    pub(crate) fn body(&self) -> ErrorBody {
        let (_, code, message) = self.parts();
        let problems = match self {
            ApiError::CatalogInvalid(problems) => {
                problems.iter().map(|p| ProblemView { path: p.path.clone(), message: p.message.clone() }).collect()
            }
            _ => Vec::new(),
        };
        ErrorBody { error: ErrorDetail { code, message, problems } }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Store(detail) = &self {
            tracing::error!(%detail, "store error");
            metrics::counter!("billing_store_errors_total").increment(1);
        }
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        if let ApiError::RateLimited { retry_after_s } = self {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, retry_after_s.into());
        }
        response
    }
}
