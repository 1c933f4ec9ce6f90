//! Idempotency keys, with the semantics of the IETF draft and Stripe: a missing key is a 400;
//! the same key and request replays the first answer byte for byte (`Idempotent-Replayed:
//! true`); the same key with another request is a 422; a key still in flight is a 409. Keys
//! are scoped to the caller and the endpoint and kept 24 hours. Answers that failed on our
//! side (5xx) are not kept, so the client can retry. The work runs in its own task: a client
//! that hangs up mid-request cannot leave its key stuck "in flight".

use std::future::Future;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::store::Claim;
use crate::AppState;

pub const REPLAYED: &str = "idempotent-replayed";

fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// Runs `work` once per (caller, endpoint, key), answering repeats from the store.
pub async fn once<T, Fut>(
    state: &AppState,
    caller: &str,
    endpoint: &str,
    headers: &HeaderMap,
    body: &Bytes,
    work: Fut,
) -> Response
where
    T: Serialize + Send + 'static,
    Fut: Future<Output = Result<(StatusCode, T), ApiError>> + Send + 'static,
{
    let key = match headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim) {
        Some(key) if !key.is_empty() && key.len() <= 255 => key.to_string(),
        _ => return ApiError::MissingIdempotencyKey.into_response(),
    };
    let scope = format!("{caller} {endpoint}");
    let hash = format!("{:x}", Sha256::digest(body));
    let claim = match state.store.claim(&scope, &key, &hash, Utc::now()).await {
        Ok(claim) => claim,
        Err(e) => return ApiError::from(e).into_response(),
    };
    match claim {
        Claim::Mismatch => ApiError::IdempotencyKeyReused.into_response(),
        Claim::InFlight => ApiError::IdempotencyKeyInFlight.into_response(),
        Claim::Replay { status, body } => {
            let mut response = json_response(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
            response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
            response
        }
        Claim::Fresh => {
            let store = state.store.clone();
            let task = tokio::spawn(async move {
                let (status, bytes) = match work.await {
                    Ok((status, value)) => (status, serde_json::to_vec(&value).expect("response bodies serialize")),
                    Err(error) => {
                        let response = error.into_response();
                        let status = response.status();
                        let bytes =
                            axum::body::to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default().to_vec();
                        (status, bytes)
                    }
                };
                let kept = if status.is_server_error() {
                    store.release(&scope, &key).await
                } else {
                    store.finish(&scope, &key, status.as_u16(), &bytes).await
                };
                if let Err(e) = kept {
                    eprintln!("billing-api: could not record idempotency key: {e}");
                }
                (status, bytes)
            });
            match task.await {
                Ok((status, bytes)) => json_response(status, bytes),
                Err(_) => ApiError::Store("the request's task failed".into()).into_response(),
            }
        }
    }
}
