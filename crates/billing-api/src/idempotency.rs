//! Idempotency keys, with the semantics of the IETF draft and Stripe: a missing key is a 400;
//! the same key and request replays the first answer byte for byte (`Idempotent-Replayed:
//! true`); the same key with another request is a 422. Keys are scoped to the caller and the
//! endpoint and kept 24 hours.
//!
//! A repeat is answered from a read. Otherwise the work and the kept answer are one write
//! transaction (the "atomic phases" of Stripe-like idempotency, all local here;
//! `Store::transact`, which on SQLite shares one commit among the transactions queued
//! together): a crash or a client hanging up at any point leaves either nothing, so a retry runs
//! afresh, or the work and its answer, so a retry replays it. No key is ever left "in flight".
//! Two requests with one key may both reach the work: the answer is kept only where no answer
//! is yet, so the second's work is undone and it replays the first's answer (on PostgreSQL the
//! second waits for the key's lock, then finds the answer before it works). A refusal (4xx) keeps its answer but none of its
//! writes; a failure on our side (5xx) keeps nothing, so the client can retry.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pricing_core::api::idempotency_key_pattern;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{ObjectBuilder, Required, Type};
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::fault;
use crate::state::AppState;
use crate::store::{self, Conn, JobFuture, Remembered};

pub const REPLAYED: &str = "idempotent-replayed";

/// The `Idempotency-Key` header of the calls that must not run twice, as the contract states
/// it (`pricing_core::api::idempotency_key` reads it).
pub struct IdempotencyKey;

impl IntoParams for IdempotencyKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let schema = ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(idempotency_key_pattern()))
            .examples([json!("checkout-2027-02-01-7f3a")]);
        let parameter = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(
                "Unique per intended operation. The same key and body within 24 h replays the first answer \
                 byte for byte (`Idempotent-Replayed: true`); the same key with another body is a 422; a request \
                 whose key is still running waits for it and replays its answer.",
            ))
            .schema(Some(schema))
            .build();
        vec![parameter]
    }
}

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
    let header = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    let Some(key) = header.and_then(pricing_core::api::idempotency_key).map(str::to_string) else {
        return ApiError::MissingIdempotencyKey.into_response();
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

/// Why an idempotent transaction wrote nothing.
enum Undone {
    /// The work refused the request: its writes are undone, its answer is still kept.
    Refused(ApiError),
    /// Another request with the same key answered first: its answer is replayed.
    Taken,
    Failed(ApiError),
}

impl From<sqlx::Error> for Undone {
    fn from(error: sqlx::Error) -> Undone {
        Undone::Failed(error.into())
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
    // A repeat is answered from a read, without taking a writer's turn.
    if let Some(kept) = replay(state, &scope, &key, &request_hash).await? {
        return Ok((kept, true));
    }
    let (job_scope, job_key, job_hash) = (scope.clone(), key.clone(), request_hash.clone());
    let done = state
        .store
        .transact(store::job(move |conn| {
            Box::pin(async move {
                let waited = store::lock(conn, &format!("idempotency {job_scope} {job_key}")).await?;
                if waited && store::remembered(conn, &job_scope, &job_key, now).await?.is_some() {
                    return Err(Undone::Taken);
                }
                fault::point("after-claim");
                let (status, value) = work(conn).await.map_err(Undone::Refused)?;
                let body = serde_json::to_vec(&value).map_err(|e| Undone::Failed(ApiError::Store(e.to_string())))?;
                fault::point("after-work");
                let answer = Remembered { request_hash: job_hash, status: status.as_u16(), body };
                if !store::remember(conn, &job_scope, &job_key, &answer, now).await? {
                    return Err(Undone::Taken);
                }
                fault::point("after-answer");
                Ok(answer)
            })
        }))
        .await;
    match done {
        Ok(answer) => {
            fault::point("after-commit");
            Ok((answer, false))
        }
        Err(Undone::Refused(error)) => keep_refusal(state, scope, key, request_hash, error).await,
        Err(Undone::Taken) => replay(state, &scope, &key, &request_hash)
            .await?
            .map(|kept| (kept, true))
            .ok_or_else(|| ApiError::Store("an idempotent answer vanished".into())),
        Err(Undone::Failed(error)) => Err(error),
    }
}

/// The answer kept for the key, if any; 422 when it was for another request.
async fn replay(state: &AppState, scope: &str, key: &str, request_hash: &str) -> Result<Option<Remembered>, ApiError> {
    let kept = store::remembered(&mut *state.store.read().await?, scope, key, state.now()).await?;
    match kept {
        Some(kept) if kept.request_hash != request_hash => Err(ApiError::IdempotencyKeyReused),
        kept => Ok(kept),
    }
}

/// A refusal (4xx) is kept as the key's answer, as a success would be; a failure on our side
/// (5xx) is not, so that the client can retry.
async fn keep_refusal(
    state: &AppState,
    scope: String,
    key: String,
    request_hash: String,
    error: ApiError,
) -> Result<(Remembered, bool), ApiError> {
    let response = error.into_response();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default().to_vec();
    let answer = Remembered { request_hash: request_hash.clone(), status: status.as_u16(), body };
    if status.is_server_error() {
        return Ok((answer, false));
    }
    let now = state.now();
    let (job_scope, job_key) = (scope.clone(), key.clone());
    let kept = state
        .store
        .transact(store::job(move |conn| {
            Box::pin(async move {
                store::lock(conn, &format!("idempotency {job_scope} {job_key}")).await?;
                store::remember(conn, &job_scope, &job_key, &answer, now).await.map(|kept| kept.then_some(answer))
            })
        }))
        .await?;
    match kept {
        Some(answer) => Ok((answer, false)),
        None => replay(state, &scope, &key, &request_hash)
            .await?
            .map(|kept| (kept, true))
            .ok_or_else(|| ApiError::Store("an idempotent answer vanished".into())),
    }
}
