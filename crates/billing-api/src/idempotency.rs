//! Idempotency keys, with the semantics of the IETF draft and Stripe: a missing key is a 400;
//! the same key and request replays the first answer byte for byte (`Idempotent-Replayed:
//! true`); the same key with another request is a 422. Keys are scoped to the caller and the
//! endpoint and kept 24 hours.
//!
//! The key's lookup, the work and the kept answer are one write transaction (the "atomic
//! phases" of Stripe-like idempotency, all local here): a crash or a client hanging up at any
//! point leaves either nothing, so a retry runs afresh, or the work and its answer, so a retry
//! replays it. No key is ever left "in flight". A second request with a key that is running
//! waits for the first to commit, then replays its answer. The work runs in a savepoint: a
//! refusal (4xx) keeps its answer but none of its writes; a failure on our side (5xx) keeps
//! nothing, so the client can retry.

use std::future::Future;
use std::pin::Pin;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Acquire;

use crate::error::ApiError;
use crate::fault;
use crate::store::{self, Conn, Remembered};
use crate::AppState;

pub const REPLAYED: &str = "idempotent-replayed";

/// The work of an idempotent request, on the transaction that keeps its answer.
pub type Work<'c, T> = Pin<Box<dyn Future<Output = Result<(StatusCode, T), ApiError>> + Send + 'c>>;

/// Gives a closure the higher-ranked signature `once` takes (closures do not infer it).
pub fn work<T, W>(work: W) -> W
where
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T>,
{
    work
}

fn json_response(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

/// Runs `work` once per (caller, endpoint, key), answering repeats from the store.
pub async fn once<T, W>(
    state: &AppState,
    caller: &str,
    endpoint: &str,
    headers: &HeaderMap,
    body: &Bytes,
    work: W,
) -> Response
where
    T: Serialize,
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T>,
{
    let key = match headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim) {
        Some(key) if !key.is_empty() && key.len() <= 255 => key.to_string(),
        _ => return ApiError::MissingIdempotencyKey.into_response(),
    };
    match run(state, &format!("{caller} {endpoint}"), &key, body, work).await {
        Ok((answer, replayed)) => {
            let mut response = json_response(answer.status, answer.body);
            if replayed {
                response.headers_mut().insert(REPLAYED, HeaderValue::from_static("true"));
                metrics::counter!("billing_idempotent_replays_total", "endpoint" => endpoint.to_string()).increment(1);
            }
            response
        }
        Err(error) => error.into_response(),
    }
}

/// The answer for this key, and whether it is a replay.
async fn run<T, W>(
    state: &AppState,
    scope: &str,
    key: &str,
    body: &Bytes,
    work: W,
) -> Result<(Remembered, bool), ApiError>
where
    T: Serialize,
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T>,
{
    let request_hash = format!("{:x}", Sha256::digest(body));
    let now = state.now();
    let mut tx = state.store.write().await?;
    store::lock(&mut tx, &format!("idempotency {scope} {key}")).await?;
    if let Some(kept) = store::remembered(&mut tx, scope, key, now).await? {
        if kept.request_hash != request_hash {
            return Err(ApiError::IdempotencyKeyReused);
        }
        return Ok((kept, true));
    }
    fault::point("after-claim");
    let mut savepoint = tx.begin().await?;
    let outcome = work(&mut savepoint).await;
    let (status, body) = match outcome {
        Ok((status, value)) => {
            savepoint.commit().await?;
            (status, serde_json::to_vec(&value).map_err(|e| ApiError::Store(e.to_string()))?)
        }
        Err(error) => {
            savepoint.rollback().await?;
            let response = error.into_response();
            let status = response.status();
            (status, axum::body::to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default().to_vec())
        }
    };
    fault::point("after-work");
    let answer = Remembered { request_hash, status: status.as_u16(), body };
    if status.is_server_error() {
        return Ok((answer, false));
    }
    store::remember(&mut tx, scope, key, &answer, now).await?;
    fault::point("after-answer");
    tx.commit().await?;
    fault::point("after-commit");
    Ok((answer, false))
}
