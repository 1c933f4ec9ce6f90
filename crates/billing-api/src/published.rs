//! The catalog version in force, with everything served from it: its text and ETag, the
//! widget's markup rendered from it, and the contract that names its plans and packs. A new
//! version replaces the whole value at once (`AppState::published`), so a request reads one
//! version from start to end.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use chrono::{DateTime, Utc};
use pricing_core::Catalog;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::translations;
use crate::widget_markup::WidgetMarkup;

pub struct Published {
    /// The version's id in the store.
    pub version: i64,
    /// When it went into force.
    pub since: DateTime<Utc>,
    pub catalog: Arc<Catalog>,
    /// The catalog's text, served as it is (the widget fingerprints it).
    pub json: Bytes,
    pub etag: Arc<str>,
    /// The translation of each of the catalog's other languages (`translations::served`).
    pub translations: HashMap<String, Served>,
    /// The widget's markup, rendered from this catalog.
    pub widget: Arc<WidgetMarkup>,
    /// The contract for this catalog, made when first asked for.
    pub contract: OnceLock<Bytes>,
}

/// A text served as it is, with its ETag.
pub struct Served {
    pub json: Bytes,
    pub etag: Arc<str>,
}

impl Served {
    fn new(json: String) -> Served {
        let etag = format!("\"{:x}\"", Sha256::digest(json.as_bytes()));
        Served { json: json.into(), etag: etag.into() }
    }
}

impl Published {
    /// A version's catalog (`json`) and its texts in the other languages (`texts`, JSON),
    /// validated, with its markup ready to render. An invalid catalog is an error that lists
    /// every problem.
    pub fn build(
        version: i64,
        since: DateTime<Utc>,
        json: String,
        texts: &str,
        config: &Config,
    ) -> Result<Published, String> {
        let catalog = Arc::new(Catalog::parse(&json).map_err(|e| format!("catalog version {version}: {e}"))?);
        let translations = translations::served(&catalog, texts, &config.translations_path)?;
        let widget =
            WidgetMarkup::new(catalog.clone(), &json, translations.clone(), &config.widget_url, &config.public_url);
        let Served { json, etag } = Served::new(json);
        Ok(Published {
            version,
            since,
            catalog,
            json,
            etag,
            translations: translations.into_iter().map(|(language, json)| (language, Served::new(json))).collect(),
            widget: Arc::new(widget),
            contract: OnceLock::new(),
        })
    }
}
