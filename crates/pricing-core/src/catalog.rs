//! The catalog: plans, models, credit packs, promotions and FAQ, as typed data read from JSON.
//!
//! A `Catalog` only comes out of [`Catalog::parse`] (or its `decode` and `checked`, all in
//! `parse.rs`), which checks every rule in `validate.rs`, so code holding one may rely on it:
//! every plan has a price in every offered currency, every model a plan names exists, and so on.
//! This module holds the types and their lookups only, so that every other module may build on
//! it without importing parsing or pricing.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::interval::Interval;
use crate::keyed::Keyed;
use crate::money::{Currency, Money};

mod flat;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Free-form version label, shown by `catalog-check` and used in cache keys.
    pub version: String,
    /// What one credit is worth, in words; every credit figure in the catalog is on this scale.
    pub credit_scale: String,
    /// Currencies offered to visitors, the first being the default.
    pub currencies: Vec<Currency>,
    /// Languages offered, the first being the one the catalog is written in; each other one
    /// has a translation file next to the catalog (`translations/de.json`).
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    /// Per offered currency, whether its prices include tax and under which name.
    #[serde(default)]
    pub tax: Keyed<Currency, TaxRule>,
    /// Plan credits are granted per credit cycle of this many months, on every interval.
    pub credit_cycle_months: u32,
    /// Whether a generation that fails is refunded; the widget says so where it is true.
    pub failed_generations_refunded: bool,
    /// The outputs behind a plan's "estimated videos / images per month".
    pub estimate_basis: EstimateBasis,
    /// Rows of the comparison matrix that are plain catalog facts (credits, estimates and
    /// Unlimited rows are derived, not listed here).
    pub feature_rows: Vec<FeatureRow>,
    pub models: Vec<Model>,
    /// Plans from the smallest to the largest: the order is the upgrade order.
    pub plans: Vec<Plan>,
    pub credit_packs: Vec<CreditPack>,
    pub promotions: Vec<Promotion>,
    pub faq: Vec<FaqEntry>,
    pub support: Support,
    /// What a customer about to cancel is offered instead, if anything (`retention.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_offer: Option<RetentionOffer>,
}

/// A catalog that names no languages is written in English and offered in English only.
pub(crate) fn default_languages() -> Vec<String> {
    vec!["en".into()]
}

/// What the catalog offers a customer about to cancel: `percent_off` the next `months` monthly
/// renewals (`retention.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionOffer {
    pub percent_off: u8,
    pub months: u8,
}

/// How prices in one currency meet tax: European and Japanese visitors expect prices with tax
/// included, American ones a price plus tax.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxRule {
    /// Whether the prices already contain the tax.
    pub included: bool,
    /// The tax's name as the visitor reads it: "VAT", "applicable tax".
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateBasis {
    pub video_model: String,
    pub video_resolution: String,
    /// The seed counts a video as 4 seconds.
    pub video_seconds: u32,
    pub image_model: String,
    pub image_resolution: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureKind {
    Flag,
    Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureRow {
    pub id: String,
    pub label: String,
    pub kind: FeatureKind,
    #[serde(default)]
    pub help: Option<String>,
}

/// Read by hand (`catalog/flat.rs`): `true`, `false` or a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FeatureValue {
    Flag(bool),
    Text(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Image,
    Video,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub kind: ModelKind,
    /// Offered resolutions or quality tiers, lowest first, each with its credit rate: credits
    /// per image for image models, credits per billed second for video models.
    pub resolutions: Vec<Resolution>,
    /// Durations a video model offers, in seconds. Empty for image models.
    #[serde(default)]
    pub durations_s: Vec<u32>,
    /// Video durations are billed rounded up to a multiple of this many seconds.
    #[serde(default)]
    pub billing_step_s: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub id: String,
    pub credits: u32,
}

/// Prices of one plan in one currency, in minor units: `annual` is the total charged per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalPrices {
    pub monthly: i64,
    pub annual: i64,
}

impl IntervalPrices {
    pub fn get(&self, interval: Interval) -> i64 {
        match interval {
            Interval::Monthly => self.monthly,
            Interval::Annual => self.annual,
        }
    }
}

pub type PriceTable = Keyed<Currency, IntervalPrices>;

/// Regular prices that applied in an earlier period `[from, until)`: the record behind any
/// strikethrough price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRecord {
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub from: DateTime<Utc>,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub until: DateTime<Utc>,
    pub prices: PriceTable,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub name: String,
    pub tagline: String,
    #[serde(default)]
    pub free: bool,
    pub credits_per_month: u64,
    /// Current regular prices; they apply from the end of the latest `price_history` record.
    pub prices: PriceTable,
    #[serde(default)]
    pub price_history: Vec<PriceRecord>,
    pub features: Keyed<String, FeatureValue>,
    /// The models this plan may use, by id; absent: every model of the catalog. Larger plans
    /// include every model a smaller one does (`access.rs` holds the rules that read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub models: Option<Vec<String>>,
    /// Models that generate without spending credits on this plan (through 365 Unlimited).
    #[serde(default)]
    pub unlimited: Vec<UnlimitedModel>,
    #[serde(default)]
    pub badge: Option<String>,
    #[serde(default)]
    pub highlight: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlimitedModel {
    pub model: String,
    /// The highest resolution or tier that is Unlimited; above it generations spend credits.
    pub up_to: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditPack {
    pub id: String,
    pub name: String,
    pub credits: u64,
    /// Prices in minor units per currency.
    pub prices: Keyed<Currency, i64>,
    /// Bought credits stay usable this many days after purchase.
    pub valid_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Promotion {
    pub id: String,
    pub headline: String,
    pub details: String,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub starts_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::rfc3339::instant")]
    pub ends_at: DateTime<Utc>,
    pub plans: Vec<String>,
    pub intervals: Vec<Interval>,
    pub offer: Offer,
}

/// What a promotion gives: a discount on the listed prices, or months of Unlimited.
// Read through a flat struct of its fields (`catalog/flat.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "flat::OfferFields")]
pub enum Offer {
    /// A price reduction. `was` holds, per plan, the price struck through: by EU rules the
    /// lowest price the plan had in the window before the promotion started
    /// (`pricing::LOWEST_PRICE_WINDOW_DAYS`).
    Discount { percent_off: u8, was: Keyed<String, PriceTable> },
    /// "365 Unlimited": the plan's Unlimited models for this many months from purchase.
    Unlimited { months: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    /// Names the entry in translations, so that reordering the questions moves theirs too.
    pub id: String,
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    pub email: String,
}

/// One thing wrong with a catalog, at a JSON path such as `plans[2].prices.EUR.annual`. Shape
/// errors, broken business rules and translation checks all report these, so they are defined
/// here with the types rather than with any one of those steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every problem found in a catalog that did not validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the catalog has {} problem(s):", self.problems.len())?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogError {}

impl Catalog {
    pub fn default_currency(&self) -> Currency {
        self.currencies[0]
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The free plan, which every customer without a paid plan is on (a valid catalog has
    /// exactly one).
    pub fn free_plan(&self) -> &Plan {
        self.plans.iter().find(|p| p.free).expect("validated catalog: exactly one plan is free")
    }

    /// The plan a customer is on: their paid plan (`None`: they have none), else the free plan.
    pub fn plan_in_force(&self, paid_plan: Option<&str>) -> Option<&Plan> {
        match paid_plan {
            Some(id) => self.plan(id),
            None => Some(self.free_plan()),
        }
    }

    /// Whether `id` names the free plan.
    pub fn is_free(&self, id: &str) -> bool {
        self.plan(id).is_some_and(|p| p.free)
    }

    /// The plan's place in the upgrade order (0 is the smallest plan).
    pub fn plan_rank(&self, id: &str) -> Option<usize> {
        self.plans.iter().position(|p| p.id == id)
    }

    pub fn model(&self, id: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn credit_pack(&self, id: &str) -> Option<&CreditPack> {
        self.credit_packs.iter().find(|p| p.id == id)
    }

    pub fn promotion(&self, id: &str) -> Option<&Promotion> {
        self.promotions.iter().find(|p| p.id == id)
    }
}

impl Plan {
    /// The current regular price, before any promotion.
    pub fn list_price(&self, interval: Interval, currency: Currency) -> Option<Money> {
        let prices = self.prices.get(&currency)?;
        Some(Money::new(prices.get(interval), currency))
    }

    /// Whether the plan has Unlimited generation on `model` at `resolution`.
    pub fn is_unlimited(&self, model: &Model, resolution: &str) -> bool {
        self.unlimited.iter().any(|u| {
            u.model == model.id
                && match (model.resolution_rank(resolution), model.resolution_rank(&u.up_to)) {
                    (Some(asked), Some(limit)) => asked <= limit,
                    _ => false,
                }
        })
    }
}

impl Model {
    pub fn resolution(&self, id: &str) -> Option<&Resolution> {
        self.resolutions.iter().find(|r| r.id == id)
    }

    /// Position of a resolution from the lowest; Unlimited limits compare by it.
    pub fn resolution_rank(&self, id: &str) -> Option<usize> {
        self.resolutions.iter().position(|r| r.id == id)
    }
}

impl CreditPack {
    pub fn price(&self, currency: Currency) -> Option<Money> {
        self.prices.get(&currency).map(|&minor| Money::new(minor, currency))
    }
}
