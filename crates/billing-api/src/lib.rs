//! The reference billing API for the pricing widget. Every amount it charges comes from
//! `pricing-core`, so what the widget previews is what is charged. This file wires the router;
//! the parts, from the top down (no module imports one above it):
//! `handlers`, `account`, `holds`, `hosted`, `studio`, `webhooks` and `openapi` (HTTP) → `idempotency`, `auth` → `flows`
//! (checkout, subscription and renewals, quotes, credits, usage and holds, publication, events
//! and their delivery) → `state` (with `published`,
//! the catalog version in force) → `store` (SQL), with `error`,
//! `config`, `clock`, `token`, `signature`, `observability` and `fault` beside them; `widget_markup` renders
//! the widget's own components from the catalog (under `state`).

mod account;
mod auth;
mod body;
pub mod clock;
pub mod config;
mod error;
pub mod fault;
mod flows;
mod handlers;
mod holds;
mod hosted;
mod idempotency;
mod layers;
pub mod observability;
pub mod openapi;
mod public_catalog;
mod published;
mod server;
pub mod signature;
mod state;
pub mod store;
mod studio;
pub mod token;
mod translations;
mod webhooks;
mod widget_markup;

use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_governor::GovernorLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use config::{redacted, Config};
pub use error::ApiError;
pub use state::AppState;

/// Request bodies are small JSON documents; anything larger is refused.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// A catalog sent by the studio (the default one is 16 KB).
const MAX_CATALOG_BYTES: usize = 512 * 1024;

pub fn router(state: AppState) -> Router {
    let limits = GovernorConfigBuilder::default()
        .per_millisecond((1000 / state.config.rate_per_second.max(1)).max(1))
        .burst_size(state.config.rate_burst.max(1))
        .key_extractor(PeerIpKeyExtractor)
        .finish()
        .expect("positive rate and burst");
    let limiter = limits.limiter().clone();
    // Clients not seen for a while are forgotten, so the limiter does not grow forever.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    let rate_limit = GovernorLayer::new(limits).error_handler(layers::rate_limited);
    let mut api = Router::new()
        .route("/catalog", get(public_catalog::catalog))
        .route("/catalog/translations/{language}", get(public_catalog::translation))
        .route("/checkout/sessions", post(handlers::create_checkout))
        .route("/checkout/sessions/{id}", get(handlers::get_checkout))
        .route("/customer/subscription", get(handlers::subscription))
        .route("/customer/subscription/preview", post(handlers::preview))
        .route("/customer/subscription/change", post(handlers::apply))
        .route("/customer/subscription/cancellation", get(account::cancellation))
        .route("/customer/subscription/cancel", post(account::cancel))
        .route("/customer/subscription/resume", post(account::resume))
        .route("/customer/subscription/retention-offer", post(account::take_retention_offer))
        .route("/customer/subscription/scheduled-change/cancel", post(account::cancel_scheduled_change))
        .route("/customer/account", get(account::account))
        .route("/customer/credits/history", get(account::credit_history))
        .route("/customer/receipts", get(account::receipts))
        .route("/customer/receipts/{number}", get(account::receipt))
        .route("/customer/auto-top-up", get(account::auto_top_up).put(account::configure_auto_top_up))
        .route("/usage", post(handlers::record_usage))
        .route("/usage/{id}/refund", post(handlers::refund_usage))
        .route("/usage/check", get(holds::check))
        .route("/usage/holds", post(holds::hold))
        .route("/usage/holds/{id}/capture", post(holds::capture))
        .route("/usage/holds/{id}/release", post(holds::release))
        .route("/widget/fragment", get(handlers::widget_fragment))
        .route("/webhooks/endpoints", get(webhooks::list).post(webhooks::create))
        .route("/webhooks/endpoints/{id}", get(webhooks::get).patch(webhooks::update).delete(webhooks::delete))
        .route("/webhooks/endpoints/{id}/rotate-secret", post(webhooks::rotate))
        .route("/webhooks/endpoints/{id}/test", post(webhooks::test))
        .route("/webhooks/deliveries", get(webhooks::deliveries))
        .route("/webhooks/deliveries/{id}", get(webhooks::delivery))
        .route("/webhooks/deliveries/{id}/replay", post(webhooks::replay))
        .route("/events", get(webhooks::events))
        .route("/events/{id}", get(webhooks::event));
    if state.config.dev_tokens {
        api = api.route("/dev/tokens", post(handlers::mint_token));
    }
    observability::metrics();
    let public = Router::new()
        .nest("/v1", api)
        .route("/openapi.json", get(openapi::serve))
        .route("/checkout/{id}", get(hosted::page))
        .route("/checkout/{id}/pay", post(hosted::pay))
        .route("/checkout/{id}/decline", post(hosted::decline))
        .route("/receipts/{number}", get(hosted::receipt))
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .route("/metrics", get(observability::render))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));
    // The studio sends whole catalogs.
    let studio = Router::new()
        .route("/v1/studio/versions", get(studio::versions).post(studio::save))
        .route("/v1/studio/versions/{id}", get(studio::version))
        .route("/v1/studio/versions/{id}/rollback", post(studio::roll_back))
        .route("/v1/studio/versions/{id}/unschedule", post(studio::unschedule))
        .route("/v1/studio/check", post(studio::check))
        .route("/v1/studio/diff", post(studio::diff))
        .route("/v1/studio/preview", post(studio::preview))
        .route("/v1/studio/settings", get(studio::settings))
        .layer(RequestBodyLimitLayer::new(MAX_CATALOG_BYTES));
    let mut app = public.merge(studio);
    if let Some(dir) = &state.config.studio_dir {
        // The studio's page and files, on the API's origin: its calls need no CORS.
        app = app
            .route("/studio", get(|| async { axum::response::Redirect::permanent("/studio/") }))
            .nest_service("/studio/", tower_http::services::ServeDir::new(dir));
    }
    app.fallback(handlers::not_found)
        .layer(axum::middleware::map_response(layers::json_errors))
        .layer(axum::middleware::from_fn(observability::track))
        .layer(CompressionLayer::new())
        .layer(layers::cors(&state.config.allowed_origins))
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

/// Serves the router on an already bound listener until Ctrl-C or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    server::run(listener, router(state.clone()), state).await
}
