//! The reference billing API for the pricing widget. Every amount it charges comes from
//! `pricing-core`, so what the widget previews is what is charged.

mod auth;
mod billing;
pub mod clock;
pub mod config;
mod error;
pub mod fault;
mod handlers;
mod hosted;
mod idempotency;
mod ledger;
pub mod observability;
pub mod openapi;
pub mod store;
pub mod token;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use pricing_core::Catalog;
use sha2::{Digest, Sha256};
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use clock::{Clock, SystemClock};
pub use config::{redacted, Config};
pub use error::ApiError;
use store::Store;

/// Request bodies are small JSON documents; anything larger is refused.
const MAX_BODY_BYTES: usize = 16 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    pub catalog_json: axum::body::Bytes,
    pub catalog_etag: Arc<str>,
    /// The contract of this server (its catalog and origins), served at `/openapi.json`.
    pub openapi_json: axum::body::Bytes,
    pub store: Store,
    pub config: Arc<Config>,
    /// Every decision reads the time from here, so that tests can move it.
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    /// Loads and validates the configured catalog and opens the store. An invalid catalog is
    /// an error that lists every problem: the server does not start on it.
    pub async fn open(config: Config) -> Result<AppState, String> {
        AppState::open_with_clock(config, Arc::new(SystemClock)).await
    }

    /// `open`, with the clock the state reads the time from.
    pub async fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<AppState, String> {
        let json = match &config.catalog_path {
            Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
            None => pricing_core::DEFAULT_CATALOG_JSON.to_string(),
        };
        let catalog = Catalog::parse(&json).map_err(|e| e.to_string())?;
        let store = Store::open(&config.database).await.map_err(|e| format!("{}: {e}", redacted(&config.database)))?;
        let etag = format!("\"{:x}\"", Sha256::digest(json.as_bytes()));
        let openapi_json = openapi::document(&catalog, &config.return_origins);
        Ok(AppState {
            catalog: Arc::new(catalog),
            catalog_json: json.into(),
            catalog_etag: etag.into(),
            openapi_json: openapi_json.into(),
            store,
            config: Arc::new(config),
            clock,
        })
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
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

/// Gives the body-size limit's bare 413 and the router's bare 405 the JSON error body every
/// other error has (a 405 keeps its `Allow` header).
async fn json_errors(response: Response) -> Response {
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

pub fn router(state: AppState) -> Router {
    let limits = GovernorConfigBuilder::default()
        .per_millisecond((1000 / state.config.rate_per_second.max(1)).max(1))
        .burst_size(state.config.rate_burst.max(1))
        .key_extractor(PeerIpKeyExtractor)
        .finish()
        .expect("positive rate and burst");
    let limiter = limits.limiter().clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    let rate_limit = GovernorLayer::new(limits).error_handler(|error| match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            ApiError::RateLimited { retry_after_s: wait_time.max(1) }.into_response()
        }
        other => ApiError::InvalidBody(other.to_string()).into_response(),
    });

    let mut api = Router::new()
        .route("/catalog", get(handlers::catalog))
        .route("/checkout/sessions", post(handlers::create_checkout))
        .route("/checkout/sessions/{id}", get(handlers::get_checkout))
        .route("/customer/subscription", get(handlers::subscription))
        .route("/customer/subscription/preview", post(handlers::preview))
        .route("/customer/subscription/change", post(handlers::apply))
        .route("/customer/subscription/cancel", post(handlers::cancel))
        .route("/customer/subscription/resume", post(handlers::resume))
        .route("/usage", post(handlers::record_usage))
        .route("/usage/{id}/refund", post(handlers::refund_usage));
    if state.config.dev_tokens {
        api = api.route("/dev/tokens", post(handlers::mint_token));
    }
    observability::metrics();
    Router::new()
        .nest("/v1", api)
        .route("/openapi.json", get(handlers::openapi))
        .route("/checkout/{id}", get(hosted::page))
        .route("/checkout/{id}/pay", post(hosted::pay))
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .route("/metrics", get(observability::render))
        .fallback(handlers::not_found)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(json_errors))
        .layer(axum::middleware::from_fn(observability::track))
        .layer(CompressionLayer::new())
        .layer(cors(&state.config.allowed_origins))
        .layer(rate_limit)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(observability::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// How often expired idempotency keys and quotes are swept.
const SWEEP_EVERY: Duration = Duration::from_secs(600);

/// Sweeps expired keys and quotes now and then, in the background.
fn sweep_now_and_then(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SWEEP_EVERY);
        loop {
            tick.tick().await;
            let swept = async {
                let mut tx = state.store.write().await?;
                let swept = store::sweep(&mut tx, state.now()).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(swept)
            };
            match swept.await {
                Ok((keys, quotes)) => tracing::info!(keys, quotes, "swept expired idempotency keys and quotes"),
                Err(e) => tracing::error!(error = %e, "sweeping expired keys and quotes failed"),
            }
        }
    });
}

/// Serves until Ctrl-C, on an already bound listener.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    sweep_now_and_then(state.clone());
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    // Answers leave at once. With Nagle's algorithm a small write waits while an earlier segment
    // on the connection is unacknowledged, and a client may delay its ACK by up to 40 ms: on
    // keep-alive connections at a fixed 1,000 checkouts/s that put p99 at 42 ms (7 ms without).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

/// Ctrl-C or SIGTERM: the server stops accepting and finishes the requests in flight.
async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => _ = signal.recv().await,
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
