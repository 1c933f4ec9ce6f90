//! The one state every request reads: the catalog the server was started with (and its bytes
//! and ETag, served as they are), the store, the configuration and the clock. Every decision
//! reads the time from the clock here, so that tests can move it.

use std::sync::Arc;

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use pricing_core::Catalog;
use sha2::{Digest, Sha256};

use crate::clock::{Clock, SystemClock};
use crate::config::{redacted, Config};
use crate::store::Store;
use crate::widget_markup::WidgetMarkup;

#[derive(Clone)]
pub struct AppState {
    pub catalog: Arc<Catalog>,
    /// The catalog file's bytes, served as they are (the widget fingerprints them).
    pub catalog_json: Bytes,
    pub catalog_etag: Arc<str>,
    /// The widget's markup, rendered from this catalog.
    pub widget: Arc<WidgetMarkup>,
    pub store: Store,
    pub config: Arc<Config>,
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
        let catalog = Arc::new(Catalog::parse(&json).map_err(|e| e.to_string())?);
        let (translations, widget_url) = (&config.translations_path, &config.widget_url);
        let widget = WidgetMarkup::load(catalog.clone(), &json, translations, widget_url, &config.public_url)?;
        let store = Store::open(&config.database).await.map_err(|e| format!("{}: {e}", redacted(&config.database)))?;
        let etag = format!("\"{:x}\"", Sha256::digest(json.as_bytes()));
        Ok(AppState {
            catalog,
            catalog_json: json.into(),
            catalog_etag: etag.into(),
            widget: Arc::new(widget),
            store,
            config: Arc::new(config),
            clock,
        })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
