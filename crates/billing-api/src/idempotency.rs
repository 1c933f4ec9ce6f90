//! Idempotency keys, with the semantics of the IETF draft and Stripe: a missing key is a 400;
//! the same key and request replays the first answer byte for byte (`Idempotent-Replayed:
//! true`); the same key with another request is a 422. Keys are scoped to the caller and the
//! endpoint and kept 24 hours.
//!
//! The key's lookup, the work and the kept answer are one write transaction (the "atomic
//! phases" of Stripe-like idempotency, all local here; `Store::transact`, which on SQLite shares
//! one commit among the transactions queued together): a crash or a client hanging up at any
//! point leaves either nothing, so a retry runs afresh, or the work and its answer, so a retry
//! replays it. No key is ever left "in flight". A second request with a key that is running
//! waits for the first to commit (it holds the key's lock), then replays its answer. The work runs in a savepoint: a
//! refusal (4xx) keeps its answer but none of its writes; a failure on our side (5xx) keeps
//! nothing, so the client can retry.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Acquire;

use crate::error::ApiError;
use crate::fault;
use crate::store::{self, Conn, JobFuture, Remembered};
use crate::AppState;

pub const REPLAYED: &str = "idempotent-replayed";

/// The work of an idempotent request, on the transaction that keeps its answer.
pub type Work<'c, T> = JobFuture<'c, Result<(StatusCode, T), ApiError>>;

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
    T: Serialize + Send + 'static,
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T> + Send + 'static,
{
    let key = match headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim) {
        Some(key) if !key.is_empty() && key.len() <= 255 => key.to_string(),
        _ => return ApiError::MissingIdempotencyKey.into_response(),
    };
    match run(state, format!("{caller} {endpoint}"), key, body, work).await {
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
    scope: String,
    key: String,
    body: &Bytes,
    work: W,
) -> Result<(Remembered, bool), ApiError>
where
    T: Serialize + Send + 'static,
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T> + Send + 'static,
{
    let request_hash = format!("{:x}", Sha256::digest(body));
    let now = state.now();
    let (answer, replayed) = state
        .store
        .transact(store::job(move |conn| {
            Box::pin(async move {
                store::lock(conn, &format!("idempotency {scope} {key}")).await?;
                if let Some(kept) = store::remembered(conn, &scope, &key, now).await? {
                    if kept.request_hash != request_hash {
                        return Err(ApiError::IdempotencyKeyReused);
                    }
                    return Ok((kept, true));
                }
                fault::point("after-claim");
                let answer = Remembered { request_hash, ..answer_of(conn, work).await? };
                fault::point("after-work");
                if StatusCode::from_u16(answer.status).is_ok_and(|s| s.is_server_error()) {
                    return Ok((answer, false));
                }
                store::remember(conn, &scope, &key, &answer, now).await?;
                fault::point("after-answer");
                Ok((answer, false))
            })
        }))
        .await?;
    if !replayed && answer.status < 500 {
        fault::point("after-commit");
    }
    Ok((answer, replayed))
}

/// Runs the work in a savepoint: its status and JSON body, and its writes kept only when it
/// succeeded.
async fn answer_of<T, W>(conn: &mut Conn, work: W) -> Result<Remembered, ApiError>
where
    T: Serialize,
    W: for<'c> FnOnce(&'c mut Conn) -> Work<'c, T>,
{
    let mut savepoint = conn.begin().await?;
    let (status, body) = match work(&mut savepoint).await {
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
    Ok(Remembered { request_hash: String::new(), status: status.as_u16(), body })
}
