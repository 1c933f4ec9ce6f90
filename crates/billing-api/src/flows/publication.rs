//! Publishing the catalog: editors' versions checked by the core's rules, compared with the
//! version in force, put in force now or at a time, and rolled back; and every process
//! following what is in force in the store (`follow`), so that a publication reaches all of
//! them within a poll without a restart.

use chrono::{DateTime, Utc};
use std::sync::Arc;

use pricing_core::api::studio::{
    CheckView, DiffRequest, DiffView, PreviewRequest, ProblemView, Publication, VersionList, VersionRequest,
    VersionState, VersionSummary, VersionView,
};
use pricing_core::i18n::texts::{text_changes, CatalogTranslations};
use pricing_core::revision::{diff, prepare_publication};
use pricing_core::Catalog;

use crate::error::ApiError;
use crate::published::Published;
use crate::state::AppState;
use crate::store::{self, catalog_versions, Conn};
use crate::translations;
use crate::widget_markup::{FragmentQuery, WidgetMarkup};

/// What a catalog text breaks if it were published now with the texts in force, each problem
/// at its JSON path.
pub async fn check(conn: &mut Conn, json: &serde_json::Value, now: DateTime<Utc>) -> Result<CheckView, ApiError> {
    let (in_force, _) = in_force(conn).await?;
    let texts = texts(conn, in_force).await?;
    let problems = match ready(json, &texts, &stored(conn, in_force).await?, now) {
        Ok(_) => Vec::new(),
        Err(ApiError::CatalogInvalid(problems)) => {
            problems.into_iter().map(|p| ProblemView { path: p.path, message: p.message }).collect()
        }
        Err(other) => return Err(other),
    };
    Ok(CheckView { problems })
}

async fn in_force(conn: &mut Conn) -> Result<(i64, DateTime<Utc>), ApiError> {
    catalog_versions::in_force(conn).await?.ok_or(ApiError::NotFound("catalog version"))
}

/// An editor's catalog as it would go live at `at` in place of `before`, with the records only
/// a publication writes, held with its `texts` in the other languages to every rule (every
/// problem of both at once).
fn ready(
    json: &serde_json::Value,
    texts: &CatalogTranslations,
    before: &Catalog,
    at: DateTime<Utc>,
) -> Result<Catalog, ApiError> {
    let draft = Catalog::parse_shape(&json.to_string()).map_err(|e| ApiError::CatalogInvalid(e.problems))?;
    let prepared = prepare_publication(&draft, before, at);
    let mut problems = prepared.translations_problems(&prepared.kept_translations(texts));
    match prepared.checked() {
        Ok(ready) if problems.is_empty() => Ok(ready),
        Ok(_) => Err(ApiError::CatalogInvalid(problems)),
        Err(broken) => Err(ApiError::CatalogInvalid(broken.problems.into_iter().chain(problems.drain(..)).collect())),
    }
}

/// A stored version's texts in the catalog's other languages.
async fn texts(conn: &mut Conn, id: i64) -> Result<CatalogTranslations, ApiError> {
    let json = catalog_versions::translations(conn, id).await?.ok_or(ApiError::NotFound("catalog version"))?;
    serde_json::from_str(&json).map_err(|e| ApiError::Store(format!("version {id}'s translations: {e}")))
}

/// The texts a request names, else those of version `id`.
async fn texts_or(
    conn: &mut Conn,
    given: &Option<CatalogTranslations>,
    id: i64,
) -> Result<CatalogTranslations, ApiError> {
    match given {
        Some(texts) => Ok(texts.clone()),
        None => texts(conn, id).await,
    }
}

pub const ONLY_SCHEDULED: &str = "only a scheduled version can be unscheduled";
pub const ONLY_PUBLISHED: &str = "only a version that was in force can be put back in force";
pub const NOTE_TOO_LONG: &str = "a note is at most 500 characters";

/// A stored version's catalog, held to every rule (a draft may break some).
async fn stored(conn: &mut Conn, id: i64) -> Result<Catalog, ApiError> {
    let body = catalog_versions::body(conn, id).await?.ok_or(ApiError::NotFound("catalog version"))?;
    Catalog::parse(&body).map_err(|e| ApiError::CatalogInvalid(e.problems))
}

/// What publishing `request.catalog` at `request.at` (or now) would change against the version
/// in force (or `request.against`), and whom.
pub async fn compare(conn: &mut Conn, request: &DiffRequest, now: DateTime<Utc>) -> Result<DiffView, ApiError> {
    let against = request.against.unwrap_or(in_force(conn).await?.0);
    let at = request.at.unwrap_or(now);
    let before = stored(conn, against).await?;
    let texts_before = texts(conn, against).await?;
    let texts_after = texts_or(conn, &request.translations, against).await?;
    let prepared = ready(&request.catalog, &texts_after, &before, at)?;
    let texts_after = prepared.kept_translations(&texts_after);
    let changes = diff(&before, &prepared, at);
    let reach = catalog_versions::reach(conn)
        .await?
        .into_iter()
        .filter(|r| changes.moves_price_of(&r.plan, r.interval, r.currency))
        .collect();
    let prepared = serde_json::to_value(&prepared).map_err(|e| ApiError::Store(e.to_string()))?;
    let texts = text_changes(&texts_before, &texts_after);
    Ok(DiffView { against, at, changes, reach, prepared, texts })
}

/// Keeps an editor's catalog as a draft, or publishes it now or at a time. A publication
/// written against a version that is no longer in force is refused (409); a catalog that
/// breaks a rule is refused (422) with every problem.
pub async fn save(
    conn: &mut Conn,
    editor: &str,
    request: VersionRequest,
    now: DateTime<Utc>,
) -> Result<VersionView, ApiError> {
    if request.note.chars().count() > 500 {
        return Err(ApiError::InvalidBody(NOTE_TOO_LONG.into()));
    }
    store::lock(conn, "catalog").await?;
    let (in_force, _) = in_force(conn).await?;
    let (state, at) = match (request.publication, request.publish_at) {
        (Publication::Draft, _) => (VersionState::Draft, None),
        (Publication::Now, _) => (VersionState::Published, Some(now)),
        (Publication::At, Some(at)) if at > now => (VersionState::Scheduled, Some(at)),
        (Publication::At, _) => return Err(ApiError::InvalidBody("publish_at must be a time after now".into())),
    };
    if state != VersionState::Draft && request.based_on != in_force {
        return Err(ApiError::CatalogConflict { based_on: request.based_on, in_force });
    }
    let texts = texts_or(conn, &request.translations, in_force).await?;
    let draft = Catalog::parse_shape(&request.catalog.to_string()).map_err(|e| ApiError::CatalogInvalid(e.problems))?;
    let texts = draft.kept_translations(&texts);
    // A draft keeps its shape and may break rules still; a publication keeps every rule.
    let body = match at {
        Some(at) => ready(&request.catalog, &texts, &stored(conn, in_force).await?, at)?,
        None => draft,
    };
    let body = serde_json::to_string(&body).map_err(|e| ApiError::Store(e.to_string()))?;
    let texts = serde_json::to_string(&texts).map_err(|e| ApiError::Store(e.to_string()))?;
    let version = catalog_versions::NewVersion {
        body: &body,
        translations: &texts,
        state: if state == VersionState::Published { VersionState::Draft } else { state },
        based_on: Some(request.based_on),
        author: editor,
        note: &request.note,
        publish_at: at.filter(|_| state == VersionState::Scheduled),
    };
    let id = catalog_versions::insert(conn, &version, now).await?;
    if state == VersionState::Published {
        catalog_versions::publish(conn, id, editor, now).await?;
    }
    view(conn, id).await
}

/// Puts version `id`'s catalog in force again, as a new version (prices it changes back are
/// recorded in the history like any other change).
pub async fn roll_back(
    conn: &mut Conn,
    editor: &str,
    id: i64,
    based_on: i64,
    now: DateTime<Utc>,
) -> Result<VersionView, ApiError> {
    let state =
        catalog_versions::summaries(conn, Some(id)).await?.pop().ok_or(ApiError::NotFound("catalog version"))?.state;
    if !matches!(state, VersionState::Published | VersionState::Retired) {
        return Err(ApiError::WrongState(ONLY_PUBLISHED));
    }
    let earlier = serde_json::to_value(stored(conn, id).await?).map_err(|e| ApiError::Store(e.to_string()))?;
    let note = format!("rollback to version {id}");
    let translations = Some(texts(conn, id).await?);
    let request = VersionRequest {
        catalog: earlier,
        translations,
        based_on,
        publication: Publication::Now,
        publish_at: None,
        note,
    };
    let view = save(conn, editor, request, now).await?;
    catalog_versions::record(conn, id, "rolled_back_to", editor, now).await?;
    Ok(view)
}

/// Takes a scheduled version back to a draft.
pub async fn unschedule(conn: &mut Conn, editor: &str, id: i64, now: DateTime<Utc>) -> Result<VersionView, ApiError> {
    store::lock(conn, "catalog").await?;
    if !catalog_versions::unschedule(conn, id, editor, now).await? {
        return Err(ApiError::WrongState(ONLY_SCHEDULED));
    }
    view(conn, id).await
}

pub async fn list(conn: &mut Conn) -> Result<VersionList, ApiError> {
    let (in_force, _) = in_force(conn).await?;
    Ok(VersionList { in_force, versions: catalog_versions::summaries(conn, None).await? })
}

pub async fn view(conn: &mut Conn, id: i64) -> Result<VersionView, ApiError> {
    let summary: VersionSummary =
        catalog_versions::summaries(conn, Some(id)).await?.pop().ok_or(ApiError::NotFound("catalog version"))?;
    let body = catalog_versions::body(conn, id).await?.unwrap_or_default();
    let catalog = serde_json::from_str(&body).map_err(|e| ApiError::Store(e.to_string()))?;
    Ok(VersionView { summary, catalog, translations: texts(conn, id).await? })
}

/// The widget's markup for a catalog published now, seen at `request.at` by a visitor or by a
/// customer on `request.customer_plan`: the element with its
/// declarative shadow root, without the entry script (a still picture of the real widget).
pub async fn preview(state: &AppState, request: PreviewRequest) -> Result<String, ApiError> {
    let now = state.now();
    let (ready, texts) = {
        let mut conn = state.store.read().await?;
        let (in_force, _) = in_force(&mut conn).await?;
        let texts = texts_or(&mut conn, &request.translations, in_force).await?;
        (ready(&request.catalog, &texts, &stored(&mut conn, in_force).await?, now)?, texts)
    };
    let at = request.at.unwrap_or(now);
    let account = request.customer(&ready, at).map_err(ApiError::InvalidBody)?;
    let query = FragmentQuery {
        currency: request.currency,
        interval: request.interval,
        locale: request.locale,
        sections: request.sections,
        highlight: request.highlight,
        finder: None,
        form: Some("element".into()),
    };
    let config = state.config.clone();
    // Rendering is CPU work: off the threads that answer requests.
    tokio::task::spawn_blocking(move || {
        let json = serde_json::to_string(&ready).map_err(|e| ApiError::Store(e.to_string()))?;
        let texts = serde_json::to_string(&texts).map_err(|e| ApiError::Store(e.to_string()))?;
        let translations = translations::served(&ready, &texts, &config.translations_path).map_err(ApiError::Store)?;
        let markup = WidgetMarkup::new(Arc::new(ready), &json, translations, &config.widget_url, &config.public_url);
        markup.preview(&query, at, account)
    })
    .await
    .map_err(|_| ApiError::Unavailable("the widget could not be rendered"))?
}

/// Puts in force the scheduled versions whose time has come by the state's clock, then serves
/// whatever version is in force in the store, if this process does not already.
pub async fn follow(state: &AppState) -> Result<(), ApiError> {
    let now = state.now();
    let due = catalog_versions::due(&mut *state.store.read().await?, now).await?;
    if !due.is_empty() {
        let mut tx = state.store.write().await?;
        store::lock(&mut tx, "catalog").await?;
        // Another process may have put them in force meanwhile: read them again under the lock.
        for (id, at) in catalog_versions::due(&mut tx, now).await? {
            let (in_force, _) = in_force(&mut tx).await?;
            // Written against the version in force when it was scheduled: its price history is
            // made again against the one it replaces.
            let ready = prepare_publication(&stored(&mut tx, id).await?, &stored(&mut tx, in_force).await?, at);
            let body = serde_json::to_string(&ready).map_err(|e| ApiError::Store(e.to_string()))?;
            catalog_versions::set_body(&mut tx, id, &body).await?;
            catalog_versions::publish(&mut tx, id, "schedule", at).await?;
        }
        tx.commit().await?;
    }
    let mut conn = state.store.read().await?;
    let Some((version, since)) = catalog_versions::in_force(&mut conn).await? else { return Ok(()) };
    if version == state.published().version {
        return Ok(());
    }
    let body = catalog_versions::body(&mut conn, version).await?.unwrap_or_default();
    let texts = catalog_versions::translations(&mut conn, version).await?.unwrap_or_default();
    drop(conn);
    let config = state.config.clone();
    let published = tokio::task::spawn_blocking(move || Published::build(version, since, body, &texts, &config))
        .await
        .map_err(|_| ApiError::Unavailable("the catalog could not be loaded"))?
        .map_err(ApiError::Store)?;
    tracing::info!(version, "serving catalog version {version}");
    state.replace(published);
    Ok(())
}
