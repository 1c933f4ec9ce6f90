//! A new version of the catalog beside the one in force: what publishing it changes (every plan
//! × currency × interval's price and credits, every plan's outputs per model), and the records
//! only the publication itself may write (the price history behind a struck-through price, and
//! the struck-through prices themselves), so that no editor ever types a "was" price.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, IntervalPrices, Offer, Plan, PriceRecord};
use crate::estimate::outputs_for_credits;
use crate::interval::Interval;
use crate::keyed::Keyed;
use crate::money::Currency;
use crate::pricing::lowest_price_before;

/// One plan's figures for one currency and interval at a moment, in minor units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFigures {
    /// What a checkout charges at that moment (a promotion's price while one runs).
    pub charged: i64,
    /// The regular price.
    pub list: i64,
    /// The price struck through beside `charged`, while a promotion runs.
    pub was: Option<i64>,
    pub credits_per_month: u64,
}

/// A plan × currency × interval whose figures differ between two catalogs; `None` where the
/// plan or the currency is in only one of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceChange {
    pub plan: String,
    pub currency: Currency,
    pub interval: Interval,
    pub before: Option<PlanFigures>,
    pub after: Option<PlanFigures>,
}

/// A plan's monthly outputs of one model (at the model's lowest resolution, video at the
/// estimate basis's length) that differ between two catalogs; `None` where the plan does not
/// include the model (or either is missing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputChange {
    pub plan: String,
    pub model: String,
    pub resolution: String,
    pub seconds: Option<u32>,
    pub before: Option<u64>,
    pub after: Option<u64>,
}

/// Everything publishing `after` in place of `before` changes at a moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogDiff {
    pub prices: Vec<PriceChange>,
    pub outputs: Vec<OutputChange>,
    /// The other parts that differ, by their JSON name (`"faq"`, `"credit_packs"`, …).
    pub other_parts: Vec<String>,
}

impl CatalogDiff {
    pub fn is_empty(&self) -> bool {
        self.prices.is_empty() && self.outputs.is_empty() && self.other_parts.is_empty()
    }

    /// Whether a subscriber on `plan`, `interval` and `currency` pays another price or gets other
    /// credits after the change (at their next renewal).
    pub fn moves_price_of(&self, plan: &str, interval: Interval, currency: Currency) -> bool {
        self.prices.iter().any(|c| c.plan == plan && c.interval == interval && c.currency == currency)
    }
}

/// What changes between `before` and `after` for a visitor and a subscriber at `at`.
pub fn diff(before: &Catalog, after: &Catalog, at: DateTime<Utc>) -> CatalogDiff {
    let plans = union(before.plans.iter().map(|p| &p.id), after.plans.iter().map(|p| &p.id));
    let currencies = union(before.currencies.iter(), after.currencies.iter());
    let mut prices = Vec::new();
    for plan in &plans {
        for &currency in &currencies {
            for interval in [Interval::Monthly, Interval::Annual] {
                let (old, new) =
                    (figures(before, plan, currency, interval, at), figures(after, plan, currency, interval, at));
                if old != new {
                    prices.push(PriceChange { plan: plan.clone(), currency, interval, before: old, after: new });
                }
            }
        }
    }
    let models = union(before.models.iter().map(|m| &m.id), after.models.iter().map(|m| &m.id));
    let mut outputs = Vec::new();
    for plan in &plans {
        for model in &models {
            let (old, new) = (monthly_outputs(before, plan, model), monthly_outputs(after, plan, model));
            if old.as_ref().map(|o| o.count) != new.as_ref().map(|o| o.count) {
                let spec = new.as_ref().or(old.as_ref()).expect("one side has the output");
                outputs.push(OutputChange {
                    plan: plan.clone(),
                    model: model.clone(),
                    resolution: spec.resolution.clone(),
                    seconds: spec.seconds,
                    before: old.map(|o| o.count),
                    after: new.map(|o| o.count),
                });
            }
        }
    }
    CatalogDiff { prices, outputs, other_parts: other_parts(before, after) }
}

fn union<'a, T: Ord + Clone + 'a>(a: impl Iterator<Item = &'a T>, b: impl Iterator<Item = &'a T>) -> Vec<T> {
    let mut all: Vec<T> = a.chain(b).cloned().collect();
    all.sort();
    all.dedup();
    all
}

fn figures(
    catalog: &Catalog,
    plan_id: &str,
    currency: Currency,
    interval: Interval,
    at: DateTime<Utc>,
) -> Option<PlanFigures> {
    let plan = catalog.plan(plan_id)?;
    let price = catalog.plan_price(plan_id, interval, currency, at).ok()?;
    Some(PlanFigures {
        charged: price.charged.minor,
        list: plan.list_price(interval, currency)?.minor,
        was: price.was.map(|m| m.minor),
        credits_per_month: plan.credits_per_month,
    })
}

struct Outputs {
    count: u64,
    resolution: String,
    seconds: Option<u32>,
}

fn monthly_outputs(catalog: &Catalog, plan_id: &str, model_id: &str) -> Option<Outputs> {
    let plan = catalog.plan(plan_id)?;
    let model = catalog.model(model_id).filter(|m| plan.includes(&m.id))?;
    let lowest = model.resolutions.first()?;
    let (seconds, resolution) = model.settle(catalog.estimate_basis.video_seconds, &lowest.id);
    let cost = model.credits_per_output(&resolution, seconds).ok()?;
    Some(Outputs { count: outputs_for_credits(plan.credits_per_month, cost), resolution, seconds })
}

/// The catalog's parts other than the plans' figures, compared as JSON.
fn other_parts(before: &Catalog, after: &Catalog) -> Vec<String> {
    let (old, new) = (serde_json::to_value(before), serde_json::to_value(after));
    let (Ok(serde_json::Value::Object(old)), Ok(serde_json::Value::Object(new))) = (old, new) else {
        return Vec::new();
    };
    let mut parts: Vec<String> = old.keys().chain(new.keys()).filter(|k| old.get(*k) != new.get(*k)).cloned().collect();
    parts.sort();
    parts.dedup();
    parts
}

/// `draft` made ready to go live at `at` in place of `published`: each plan's price history is
/// the published one (an editor cannot rewrite it), with a record of the published prices until
/// `at` where the draft changes them; and every discount's struck-through prices are the lowest
/// of the 30 days before it starts, read from that history.
pub fn prepare_publication(draft: &Catalog, published: &Catalog, at: DateTime<Utc>) -> Catalog {
    let mut ready = draft.clone();
    for plan in &mut ready.plans {
        plan.price_history = match published.plan(&plan.id) {
            Some(old) => history_until(old, &plan.prices, at),
            None => Vec::new(),
        };
    }
    let struck: Vec<_> =
        ready.promotions.iter().map(|promotion| struck_prices(&ready, &promotion.plans, promotion.starts_at)).collect();
    for (promotion, was_now) in ready.promotions.iter_mut().zip(struck) {
        if let Offer::Discount { was, .. } = &mut promotion.offer {
            *was = was_now;
        }
    }
    ready
}

/// `old`'s price history, with its current prices recorded until `at` when `prices` replaces
/// them. They have been in force since the end of its last record; without one, for as long as
/// the catalog knows (`pricing::lowest_price_before` reads it so), which a record says as 1970.
fn history_until(old: &Plan, prices: &crate::catalog::PriceTable, at: DateTime<Utc>) -> Vec<PriceRecord> {
    let mut history = old.price_history.clone();
    if &old.prices != prices {
        let from = history.iter().map(|r| r.until).max().unwrap_or(DateTime::UNIX_EPOCH);
        if from < at {
            history.push(PriceRecord { from, until: at, prices: old.prices.clone() });
        }
    }
    history
}

/// The price a promotion starting at `starts` may strike through, per plan, currency and
/// interval: the lowest of the 30 days before it.
fn struck_prices(
    catalog: &Catalog,
    plans: &[String],
    starts: DateTime<Utc>,
) -> Keyed<String, crate::catalog::PriceTable> {
    plans
        .iter()
        .filter_map(|id| catalog.plan(id))
        .map(|plan| {
            let table = catalog
                .currencies
                .iter()
                .filter_map(|&currency| {
                    let lowest = |interval| lowest_price_before(plan, interval, currency, starts).map(|m| m.minor);
                    Some((
                        currency,
                        IntervalPrices { monthly: lowest(Interval::Monthly)?, annual: lowest(Interval::Annual)? },
                    ))
                })
                .collect();
            (plan.id.clone(), table)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

    fn catalog() -> Catalog {
        Catalog::parse(DEFAULT_CATALOG_JSON).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_catalog_written_out_reads_back_the_same() {
        let catalog = catalog();
        let json = serde_json::to_string(&catalog).unwrap();
        assert_eq!(Catalog::parse(&json).unwrap(), catalog);
    }

    #[test]
    fn the_same_catalog_changes_nothing() {
        assert!(diff(&catalog(), &catalog(), at("2027-02-01T00:00:00Z")).is_empty());
    }

    #[test]
    fn a_price_and_credit_change_is_listed_per_currency_and_interval_with_the_outputs_it_moves() {
        let before = catalog();
        let mut after = before.clone();
        let pro = after.plans.iter_mut().find(|p| p.id == "pro").unwrap();
        let usd = pro.prices.get(&Currency::USD).copied().unwrap();
        pro.prices = pro
            .prices
            .iter()
            .map(|(c, p)| {
                (*c, if *c == Currency::USD { IntervalPrices { monthly: usd.monthly + 100, ..*p } } else { *p })
            })
            .collect();
        pro.credits_per_month *= 2;
        let moment = at("2027-02-01T00:00:00Z");
        let changes = diff(&before, &after, moment);
        let usd_monthly = changes
            .prices
            .iter()
            .find(|c| c.plan == "pro" && c.currency == Currency::USD && c.interval == Interval::Monthly)
            .unwrap();
        assert_eq!(usd_monthly.before.as_ref().unwrap().list, usd.monthly);
        assert_eq!(usd_monthly.after.as_ref().unwrap().list, usd.monthly + 100);
        // Credits doubled: every currency and interval of Pro moves, no other plan does.
        assert_eq!(changes.prices.len(), 2 * before.currencies.len());
        assert!(changes.prices.iter().all(|c| c.plan == "pro"));
        let included = before.included_models(before.plan("pro").unwrap()).count();
        assert!(changes.outputs.iter().all(|o| o.plan == "pro" && o.after.unwrap() >= 2 * o.before.unwrap()));
        assert!(changes.outputs.len() <= included && !changes.outputs.is_empty());
        assert_eq!(changes.other_parts, vec!["plans".to_string()]);
    }

    #[test]
    fn publishing_new_prices_records_the_old_ones_and_a_later_promotion_strikes_the_lowest() {
        let published = catalog();
        let live_at = at("2027-02-01T00:00:00Z");
        let mut draft = published.clone();
        draft.promotions.clear();
        let pro = draft.plans.iter_mut().find(|p| p.id == "pro").unwrap();
        let old_usd = pro.prices.get(&Currency::USD).copied().unwrap();
        // A price rise, then a promotion 10 days later: the lowest of the 30 days before it is the old price.
        pro.prices = pro
            .prices
            .iter()
            .map(|(c, p)| (*c, IntervalPrices { monthly: p.monthly + 500, annual: p.annual + 5000 }))
            .collect();
        pro.price_history.clear();
        let mut promotion =
            published.promotions.iter().find(|p| matches!(p.offer, Offer::Discount { .. })).unwrap().clone();
        promotion.starts_at = at("2027-02-11T00:00:00Z");
        promotion.ends_at = at("2027-02-20T00:00:00Z");
        if let Offer::Discount { was, .. } = &mut promotion.offer {
            *was = Keyed::default();
        }
        draft.promotions.push(promotion);
        let ready = prepare_publication(&draft, &published, live_at);
        let pro = ready.plan("pro").unwrap();
        let record = pro.price_history.last().unwrap();
        assert_eq!((record.until, record.prices.get(&Currency::USD).copied()), (live_at, Some(old_usd)));
        let Offer::Discount { was, .. } = &ready.promotions[0].offer else { unreachable!() };
        assert_eq!(was.get("pro").unwrap().get(&Currency::USD).unwrap().annual, old_usd.annual);
        // And what the publication wrote passes every rule of the catalog check.
        let json = serde_json::to_string(&ready).unwrap();
        Catalog::parse(&json).unwrap();
    }

    #[test]
    fn unchanged_prices_add_no_history() {
        let published = catalog();
        let ready = prepare_publication(&published, &published, at("2027-02-01T00:00:00Z"));
        assert_eq!(ready, published);
    }
}
