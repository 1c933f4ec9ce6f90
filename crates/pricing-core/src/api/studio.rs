//! The pricing studio's calls: catalog versions, their checks, what publishing one changes, and
//! publication (now, at a time, or back to an earlier version). Editors only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Balance, SubscriptionView};
use crate::catalog::Catalog;
use crate::credits::CreditSource;
use crate::i18n::texts::{CatalogTranslations, TextChange};
use crate::interval::Interval;
use crate::money::Currency;
use crate::plan_change::period_end;
use crate::revision::CatalogDiff;

/// Where a catalog version stands. One version is `published` (in force) at a time; a
/// `scheduled` one replaces it at its `publish_at`; a replaced one is `retired`, kept for rollback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VersionState {
    Draft,
    Scheduled,
    Published,
    Retired,
}

impl VersionState {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionState::Draft => "draft",
            VersionState::Scheduled => "scheduled",
            VersionState::Published => "published",
            VersionState::Retired => "retired",
        }
    }
}

/// One thing done to a version, by whom and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionEvent {
    /// `created`, `scheduled`, `published`, `retired`, `unscheduled`, `rolled_back_to`.
    pub action: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// A catalog version without its body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionSummary {
    pub id: i64,
    pub state: VersionState,
    /// The version in force when this one was written (what its diff was read against).
    pub based_on: Option<i64>,
    pub author: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub publish_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub retired_at: Option<DateTime<Utc>>,
    pub events: Vec<VersionEvent>,
}

/// Every version, newest first, and the one in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionList {
    pub in_force: i64,
    pub versions: Vec<VersionSummary>,
}

/// A version with its catalog.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionView {
    #[serde(flatten)]
    pub summary: VersionSummary,
    /// The catalog, as `GET /v1/catalog` serves it when this version is in force.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub catalog: serde_json::Value,
    /// Its texts in the catalog's other languages, by language.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub translations: CatalogTranslations,
}

/// What to do with a catalog the editor wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Publication {
    /// Keep it as a draft.
    Draft,
    /// Put it in force now.
    Now,
    /// Put it in force at `publish_at`.
    At,
}

/// A catalog written in the studio, with the version in force it was written against: a
/// publication over a version that has moved on since is refused (409), nothing lost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub catalog: serde_json::Value,
    /// The texts in the catalog's other languages; by default those of the version in force.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub translations: Option<CatalogTranslations>,
    pub based_on: i64,
    pub publication: Publication,
    #[serde(default)]
    pub publish_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub note: String,
}

/// Puts an earlier version's catalog in force again, as a new version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RollbackRequest {
    pub based_on: i64,
}

/// A catalog to check or compare, against the version in force (or `against`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub catalog: serde_json::Value,
    /// The texts in the catalog's other languages; by default those of the version in force.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub translations: Option<CatalogTranslations>,
    #[serde(default)]
    pub against: Option<i64>,
    /// The moment the prices are compared at (by default when it would go live: now).
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// Subscribers on one plan, interval and currency, and when their next renewals fall: when a
/// price change reaches them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reach {
    pub plan: String,
    pub interval: Interval,
    pub currency: Currency,
    pub subscribers: u64,
    pub first_renewal: DateTime<Utc>,
    pub last_renewal: DateTime<Utc>,
}

/// What publishing a catalog changes, with the catalog as it would be published (its price
/// history and struck-through prices written by the server).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiffView {
    pub against: i64,
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: CatalogDiff,
    /// The subscribers each changed price reaches at their next renewal.
    pub reach: Vec<Reach>,
    /// The texts that change in the catalog's other languages.
    pub texts: Vec<TextChange>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub prepared: serde_json::Value,
}

/// One problem of a catalog, at its JSON path (`plans[2].prices.USD.monthly`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProblemView {
    pub path: String,
    pub message: String,
}

/// The catalog check's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckView {
    pub problems: Vec<ProblemView>,
}

/// The widget as visitors would see a catalog that is not published: its markup, rendered by
/// the widget's own components, for the choices a host page's attributes make, at a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub catalog: serde_json::Value,
    /// The texts in the catalog's other languages; by default those of the version in force.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub translations: Option<CatalogTranslations>,
    /// The moment shown (before, during or after a promotion); by default now.
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub interval: Option<String>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub sections: Option<String>,
    #[serde(default)]
    pub highlight: Option<String>,
    /// Show the widget to a signed-in customer on this plan (by default to a visitor).
    #[serde(default)]
    pub customer_plan: Option<String>,
}

impl PreviewRequest {
    /// Whom the preview shows the widget to: a visitor (`None`), or a customer who subscribed
    /// to `customer_plan` at `at` on the interval and currency asked (else monthly, in the
    /// catalog's first currency), holding the plan's credits of the month. A customer on the
    /// free plan has no interval, currency or renewal.
    pub fn customer(&self, catalog: &Catalog, at: DateTime<Utc>) -> Result<Option<SubscriptionView>, String> {
        let Some(id) = &self.customer_plan else { return Ok(None) };
        let plan = catalog.plan(id).ok_or_else(|| format!("customer_plan: the catalog has no plan \"{id}\""))?;
        let interval =
            self.interval.as_deref().map_or(Ok(Interval::Monthly), str::parse).map_err(|e| format!("interval: {e}"))?;
        let currency = match self.currency.as_deref() {
            Some(code) => code.to_ascii_uppercase().parse().map_err(|e| format!("currency: {e}"))?,
            None => catalog.currencies[0],
        };
        let paid = (!plan.free).then_some((interval, currency, period_end(at, interval)));
        let grant = Balance {
            source: CreditSource::Plan,
            credits: plan.credits_per_month,
            expires_at: period_end(at, Interval::Monthly),
        };
        Ok(Some(SubscriptionView {
            customer_id: "cus_preview".into(),
            plan: plan.id.clone(),
            interval: paid.map(|p| p.0),
            currency: paid.map(|p| p.1),
            period_end: paid.map(|p| p.2),
            credits_left: grant.credits,
            balances: vec![grant],
            unlimited_until: None,
            cancel_at_period_end: false,
            scheduled_change: None,
        }))
    }
}

/// What the studio needs to know of the server it edits: who is signed in, and where the
/// widget's files and the API are for the embed code it writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StudioSettings {
    pub editor: String,
    /// Where `pricing-widget.js` is served (ends in `/`).
    pub widget_url: String,
    /// The API's base for the `api` attribute (ends in `/v1`).
    pub api_url: String,
    /// The locale of each of the catalog's languages, in its order (`en-US`, `de-DE`, …): the
    /// preview and the embed code offer each.
    pub locales: Vec<String>,
}
