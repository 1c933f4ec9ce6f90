//! `billing-api`: the reference billing server. Configured by `BILLING_*` variables (README).

use std::process::ExitCode;

use billing_api::{AppState, Config};

#[tokio::main]
async fn main() -> ExitCode {
    billing_api::observability::init_logging();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            tracing::error!("{e}");
            return ExitCode::from(2);
        }
    };
    let (addr, database) = (config.addr, billing_api::redacted(&config.database));
    let state = match AppState::open(config).await {
        Ok(state) => state,
        Err(e) => {
            tracing::error!("cannot start:\n{e}");
            return ExitCode::from(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    tracing::info!("listening on http://{addr} (catalog {}, store {database})", state.catalog().version);
    match billing_api::serve(listener, state).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::from(1)
        }
    }
}
