//! Catalog versions: every catalog the studio wrote or the server was seeded with, the one in
//! force, the scheduled ones, and who did what to each. A version's state changes only here,
//! and at most one is `published` (a unique index backs the rule).

use chrono::{DateTime, Utc};
use pricing_core::api::studio::{Reach, VersionEvent, VersionState, VersionSummary};

use super::decode::{self, column};
use super::{millis, Conn};

const STATES: [(&str, VersionState); 4] = [
    ("draft", VersionState::Draft),
    ("scheduled", VersionState::Scheduled),
    ("published", VersionState::Published),
    ("retired", VersionState::Retired),
];

/// A new version to keep.
pub struct NewVersion<'a> {
    pub body: &'a str,
    /// Its texts in the catalog's other languages (`CatalogTranslations` as JSON).
    pub translations: &'a str,
    pub state: VersionState,
    pub based_on: Option<i64>,
    pub author: &'a str,
    pub note: &'a str,
    pub publish_at: Option<DateTime<Utc>>,
}

/// Keeps a version (published at `now` when its state says so) and its first event.
pub async fn insert(conn: &mut Conn, version: &NewVersion<'_>, now: DateTime<Utc>) -> Result<i64, sqlx::Error> {
    let published_at = (version.state == VersionState::Published).then_some(millis(now));
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO catalog_versions (body, translations, state, based_on, author, note, created_at, publish_at,
            published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(version.body)
    .bind(version.translations)
    .bind(version.state.as_str())
    .bind(version.based_on)
    .bind(version.author)
    .bind(version.note)
    .bind(millis(now))
    .bind(version.publish_at.map(millis))
    .bind(published_at)
    .fetch_one(&mut *conn)
    .await?;
    record(conn, id, "created", version.author, now).await?;
    if version.state != VersionState::Draft {
        record(conn, id, version.state.as_str(), version.author, now).await?;
    }
    Ok(id)
}

/// Writes down that `actor` did `action` to version `id` at `at`.
pub async fn record(conn: &mut Conn, id: i64, action: &str, actor: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO catalog_events (version_id, action, actor, at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(action)
        .bind(actor)
        .bind(millis(at))
        .execute(conn)
        .await?;
    Ok(())
}

/// The version in force and since when, if any version was ever published.
pub async fn in_force(conn: &mut Conn) -> Result<Option<(i64, DateTime<Utc>)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, published_at FROM catalog_versions WHERE state = 'published'")
        .fetch_optional(conn)
        .await?;
    row.map(|row| Ok((column(&row, "id")?, decode::time(&row, "published_at")?))).transpose()
}

/// A version's catalog text.
pub async fn body(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT body FROM catalog_versions WHERE id = $1").bind(id).fetch_optional(conn).await
}

/// A version's texts in the catalog's other languages.
pub async fn translations(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT translations FROM catalog_versions WHERE id = $1").bind(id).fetch_optional(conn).await
}

/// Retires the version in force and puts `id` in its place, at `at`, for `actor`. The caller
/// holds the catalog's lock (`store::lock`).
pub async fn publish(conn: &mut Conn, id: i64, actor: &str, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    if let Some((current, _)) = in_force(conn).await? {
        sqlx::query("UPDATE catalog_versions SET state = 'retired', retired_at = $1 WHERE id = $2")
            .bind(millis(at))
            .bind(current)
            .execute(&mut *conn)
            .await?;
        record(conn, current, "retired", actor, at).await?;
    }
    sqlx::query("UPDATE catalog_versions SET state = 'published', published_at = $1 WHERE id = $2")
        .bind(millis(at))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    record(conn, id, "published", actor, at).await
}

/// Scheduled versions whose time has come by `now`, earliest first.
pub async fn due(conn: &mut Conn, now: DateTime<Utc>) -> Result<Vec<(i64, DateTime<Utc>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, publish_at FROM catalog_versions WHERE state = 'scheduled' AND publish_at <= $1 ORDER BY publish_at, id",
    )
    .bind(millis(now))
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| Ok((column(row, "id")?, decode::time(row, "publish_at")?))).collect()
}

/// Takes a scheduled version back to a draft: false when it was not scheduled (any more).
pub async fn unschedule(conn: &mut Conn, id: i64, actor: &str, at: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE catalog_versions SET state = 'draft', publish_at = NULL WHERE id = $1 AND state = 'scheduled'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 1 {
        record(conn, id, "unscheduled", actor, at).await?;
    }
    Ok(changed == 1)
}

/// Every version (one, with `only`), newest first, with their events.
pub async fn summaries(conn: &mut Conn, only: Option<i64>) -> Result<Vec<VersionSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, state, based_on, author, note, created_at, publish_at, published_at, retired_at
         FROM catalog_versions WHERE $1 IS NULL OR id = $1 ORDER BY id DESC",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let events = sqlx::query(
        "SELECT version_id, action, actor, at FROM catalog_events WHERE $1 IS NULL OR version_id = $1 ORDER BY id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let mut summaries = rows
        .iter()
        .map(|row| {
            Ok(VersionSummary {
                id: column(row, "id")?,
                state: decode::one_of(row, "state", &STATES)?,
                based_on: column(row, "based_on")?,
                author: column(row, "author")?,
                note: column(row, "note")?,
                created_at: decode::time(row, "created_at")?,
                publish_at: decode::optional_time(row, "publish_at")?,
                published_at: decode::optional_time(row, "published_at")?,
                retired_at: decode::optional_time(row, "retired_at")?,
                events: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    for row in &events {
        let id: i64 = column(row, "version_id")?;
        if let Some(summary) = summaries.iter_mut().find(|s| s.id == id) {
            summary.events.push(VersionEvent {
                action: column(row, "action")?,
                actor: column(row, "actor")?,
                at: decode::time(row, "at")?,
            });
        }
    }
    Ok(summaries)
}

/// Subscribers per plan, interval and currency, with their earliest and latest renewal.
pub async fn reach(conn: &mut Conn) -> Result<Vec<Reach>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT plan_id, interval, currency, COUNT(*) AS subscribers, MIN(period_end) AS first_renewal,
            MAX(period_end) AS last_renewal
         FROM subscriptions WHERE cancel_at_period_end = FALSE GROUP BY plan_id, interval, currency",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Reach {
                plan: column(row, "plan_id")?,
                interval: decode::interval(row, "interval")?,
                currency: decode::currency(row, "currency")?,
                subscribers: decode::count(row, "subscribers")?,
                first_renewal: decode::time(row, "first_renewal")?,
                last_renewal: decode::time(row, "last_renewal")?,
            })
        })
        .collect()
}

/// Replaces a scheduled version's text (its price history made again when it goes live).
pub async fn set_body(conn: &mut Conn, id: i64, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE catalog_versions SET body = $1 WHERE id = $2").bind(body).bind(id).execute(conn).await?;
    Ok(())
}
