//! The one state every request reads: the catalog version in force (swapped whole when another
//! is published, by any process: `flows::publication::follow`), the store, the configuration
//! and the clock. Every decision reads the time from the clock here, so that tests can move it.

use std::sync::Arc;

use arc_swap::ArcSwap;
use chrono::{DateTime, Utc};
use pricing_core::Catalog;

use crate::clock::{Clock, SystemClock};
use crate::config::{redacted, Config};
use crate::published::Published;
use crate::store::{self, catalog_versions, Store};
use crate::translations;

#[derive(Clone)]
pub struct AppState {
    published: Arc<ArcSwap<Published>>,
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    /// Opens the store and serves the catalog version in force there. A new database is seeded
    /// with the configured catalog file (or the default catalog) as its first version. A
    /// catalog that does not validate is an error that lists every problem: the server does
    /// not start on it.
    pub async fn open(config: Config) -> Result<AppState, String> {
        AppState::open_with_clock(config, Arc::new(SystemClock)).await
    }

    /// `open`, with the clock the state reads the time from.
    pub async fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<AppState, String> {
        let store = Store::open(&config.database).await.map_err(|e| format!("{}: {e}", redacted(&config.database)))?;
        let (version, since) =
            seed(&store, &config, clock.now()).await.map_err(|e| format!("catalog versions: {e}"))?;
        let (json, texts) = {
            let mut conn = store.read().await.map_err(|e| e.to_string())?;
            let body = catalog_versions::body(&mut conn, version).await.map_err(|e| e.to_string())?;
            let texts = catalog_versions::translations(&mut conn, version).await.map_err(|e| e.to_string())?;
            (body.unwrap_or_default(), texts.unwrap_or_default())
        };
        let published = Published::build(version, since, json, &texts, &config)?;
        Ok(AppState { published: Arc::new(ArcSwap::from_pointee(published)), store, config: Arc::new(config), clock })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The catalog version in force, as one value for the whole request.
    pub fn published(&self) -> Arc<Published> {
        self.published.load_full()
    }

    /// The catalog in force.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.published.load().catalog.clone()
    }

    /// Serves `published` from now on.
    pub fn replace(&self, published: Published) {
        self.published.store(Arc::new(published));
    }
}

/// The version in force, after seeding a store that has none with the configured catalog file
/// and the texts of the translation files beside it.
async fn seed(store: &Store, config: &Config, now: DateTime<Utc>) -> Result<(i64, DateTime<Utc>), String> {
    let json = match &config.catalog_path {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?,
        None => pricing_core::DEFAULT_CATALOG_JSON.to_string(),
    };
    let mut tx = store.write().await.map_err(|e| e.to_string())?;
    store::lock(&mut tx, "catalog").await.map_err(|e| e.to_string())?;
    if let Some(in_force) = catalog_versions::in_force(&mut tx).await.map_err(|e| e.to_string())? {
        tracing::info!(
            version = in_force.0,
            "serving the catalog version in force in the store (a catalog file seeds a new store only)"
        );
        return Ok(in_force);
    }
    // Refused before it is stored: a store never holds a catalog that does not validate.
    let catalog = pricing_core::Catalog::parse(&json).map_err(|e| e.to_string())?;
    let texts = translations::from_files(&catalog, &config.translations_path)?;
    let texts = serde_json::to_string(&texts).map_err(|e| e.to_string())?;
    let version = catalog_versions::NewVersion {
        body: &json,
        translations: &texts,
        state: pricing_core::api::studio::VersionState::Published,
        based_on: None,
        author: "catalog file",
        note: "the catalog the store was seeded with",
        publish_at: None,
    };
    let id = catalog_versions::insert(&mut tx, &version, now).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok((id, now))
}
