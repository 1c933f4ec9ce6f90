//! The plan finder: from a month of work (so many outputs of each kind), the cheapest way to pay
//! for it in a currency and an interval: a plan alone, or a plan plus credit packs bought each
//! month. Work on a model the plan has Unlimited at that resolution costs no credits.
//!
//! Only plans that include every model of the work are candidates (packs add credits, not
//! models: `access.rs`).
//!
//! Exact, not a heuristic: every plan is tried, and for each the cheapest set of packs that
//! covers its shortfall, within `MOST_PACKS_PER_MONTH`. Once the counts of all pack kinds but
//! one are fixed, the best count of that one is just enough to cover the rest (more only costs
//! more), so the search enumerates the other kinds' counts only.

use chrono::{DateTime, Utc};

use crate::catalog::{Catalog, CreditPack, Plan};
use crate::estimate::{EstimateError, OutputSpec};
use crate::interval::Interval;
use crate::money::{Currency, Money};
use crate::pricing::PricingError;

/// More packs than this in a month is a custom plan: the finder sends the visitor to support.
pub const MOST_PACKS_PER_MONTH: u32 = 10;

/// A typical month, what the finder shows before the visitor says anything: this many clips
/// and images on the models the cards count with.
pub const TYPICAL_VIDEOS_PER_MONTH: u64 = 30;
pub const TYPICAL_IMAGES_PER_MONTH: u64 = 200;
/// How many outputs a line the visitor adds starts with.
pub const NEW_LINE_COUNT: u64 = 10;

/// Lines of work the finder takes: more than a visitor describes, and a bound on what a link
/// can ask for (the benchmark times a search over this many).
pub const MOST_WORK_LINES: usize = 10;

/// One line of a month's work: `count` outputs of one model, resolution and (video) duration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkLine {
    pub model: String,
    pub resolution: String,
    pub seconds: Option<u32>,
    pub count: u64,
}

impl crate::catalog::Model {
    /// `count` outputs of this model at its lowest resolution and (video) shortest duration.
    pub fn work_line(&self, count: u64) -> WorkLine {
        WorkLine {
            model: self.id.clone(),
            resolution: self.resolutions.first().map(|r| r.id.clone()).unwrap_or_default(),
            seconds: match self.kind {
                crate::catalog::ModelKind::Video => self.durations_s.iter().copied().min(),
                crate::catalog::ModelKind::Image => None,
            },
            count,
        }
    }
}

/// Why a written month of work (a `finder` attribute, a `pw_finder` link) was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkTextError {
    /// A line is not `model[:resolution][:seconds s]:count`.
    Malformed(String),
    TooManyLines,
    Work(EstimateError),
}

impl std::fmt::Display for WorkTextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkTextError::Malformed(line) => {
                write!(f, "\"{line}\" is not model[:resolution][:seconds s]:count, e.g. kling-3.0:1080p:10s:30")
            }
            WorkTextError::TooManyLines => write!(f, "more than {MOST_WORK_LINES} lines of work"),
            WorkTextError::Work(error) => error.fmt(f),
        }
    }
}

impl WorkLine {
    /// The line as `work_text` writes it: `model:resolution:count`, with `:<n>s` before the
    /// count for video.
    fn write(&self) -> String {
        match self.seconds {
            Some(s) => format!("{}:{}:{s}s:{}", self.model, self.resolution, self.count),
            None => format!("{}:{}:{}", self.model, self.resolution, self.count),
        }
    }
}

/// Lines of work as one text for a link or an attribute, lines separated by commas.
pub fn work_text(lines: &[WorkLine]) -> String {
    lines.iter().map(WorkLine::write).collect::<Vec<_>>().join(",")
}

/// One way to pay for the work: a plan, and packs bought each month on top of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub plan: String,
    /// Pack ids with how many of each are bought per month; empty when the plan covers it.
    pub packs: Vec<(String, u32)>,
    /// Credits the work spends in a month on this plan (Unlimited work spends none).
    pub credits_needed: u64,
    /// Some of the work is Unlimited on this plan.
    pub unlimited_work: bool,
    /// What the plan and packs cost per billing interval (a year of packs for annual).
    pub per_interval: Money,
    /// The same spread over the interval's months, for "per month" labels.
    pub per_month: Money,
}

/// The cheapest choice, and the best one on another plan, to say what choosing it saves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recommendation {
    pub best: Choice,
    pub next_best: Option<Choice>,
}

impl Recommendation {
    /// What the best choice saves per month against the next best; `None` on a tie.
    pub fn saving_per_month(&self) -> Option<Money> {
        let next = self.next_best.as_ref()?;
        let saving = next.per_month.minor - self.best.per_month.minor;
        (saving > 0).then(|| Money::new(saving, self.best.per_month.currency))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FinderError {
    /// A line names a model, resolution or duration the catalog does not offer.
    Work(EstimateError),
    Pricing(PricingError),
    /// Even the largest plan with `MOST_PACKS_PER_MONTH` packs falls short.
    NothingFits {
        credits_needed: u64,
    },
}

impl From<EstimateError> for FinderError {
    fn from(error: EstimateError) -> FinderError {
        FinderError::Work(error)
    }
}

impl From<PricingError> for FinderError {
    fn from(error: PricingError) -> FinderError {
        FinderError::Pricing(error)
    }
}

/// The cheapest packs that add at least `short` credits, at most `MOST_PACKS_PER_MONTH` of
/// them: their counts (by index into `packs`) and total price; `None` when no such set exists.
/// Ties go to fewer packs.
fn cheapest_packs(packs: &[(&CreditPack, i64)], short: u64) -> Option<(Vec<u32>, i64)> {
    if short == 0 {
        return Some((vec![0; packs.len()], 0));
    }
    let (last_kind, others) = packs.split_last()?;
    let mut counts = vec![0u32; others.len()];
    let mut best: Option<(Vec<u32>, i64, u32)> = None;
    loop {
        let used: u32 = counts.iter().sum();
        let credits: u64 = counts.iter().zip(others).map(|(n, (pack, _))| u64::from(*n) * pack.credits).sum();
        let price: i64 = counts.iter().zip(others).map(|(n, (_, price))| i64::from(*n) * price).sum();
        let last = short.saturating_sub(credits).div_ceil(last_kind.0.credits.max(1));
        // More than the cap, however many the work asks for, is no choice (and no overflow).
        let last = u32::try_from(last).ok().filter(|&last| last <= MOST_PACKS_PER_MONTH - used);
        if let Some(last) = last {
            let (total, price) = (used + last, price + i64::from(last) * last_kind.1);
            let better = best.as_ref().is_none_or(|(_, p, n)| (price, total) < (*p, *n));
            if better {
                let mut all = counts.clone();
                all.push(last);
                best = Some((all, price, total));
            }
        }
        // The next combination of the other packs' counts, at most MOST_PACKS_PER_MONTH in all.
        let mut i = 0;
        loop {
            let Some(count) = counts.get_mut(i) else { return best.map(|(counts, price, _)| (counts, price)) };
            *count += 1;
            if counts.iter().sum::<u32>() <= MOST_PACKS_PER_MONTH {
                break;
            }
            counts[i] = 0;
            i += 1;
        }
    }
}

/// What one output costs through one way of paying: a plan's or a pack's price spread over
/// the outputs its credits make, `None` where that has no figure (no credits, a currency the
/// catalog does not sell in, a plan that does not include the model); `unlimited` when the
/// plan makes it for nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputPrice {
    pub name: String,
    pub each: Option<Money>,
    pub unlimited: bool,
    /// The plan includes the model. A pack is priced for every model: its credits run on the
    /// models of the plan they are spent on (`Catalog::credits_access` says which plan that needs).
    pub included: bool,
}

impl Catalog {
    /// A typical month of work: the cards' video and image models (their estimate basis), each
    /// at its lowest resolution and shortest clip.
    pub fn typical_month(&self) -> Vec<WorkLine> {
        let basis = &self.estimate_basis;
        [(&basis.video_model, TYPICAL_VIDEOS_PER_MONTH), (&basis.image_model, TYPICAL_IMAGES_PER_MONTH)]
            .into_iter()
            .filter_map(|(id, count)| self.model(id).map(|m| m.work_line(count)))
            .collect()
    }

    /// The line a visitor adds: the catalog's first model, `NEW_LINE_COUNT` of them.
    pub fn new_work_line(&self) -> Option<WorkLine> {
        self.models.first().map(|m| m.work_line(NEW_LINE_COUNT))
    }

    /// Reads `work_text`'s format, where a line may leave out its resolution (the model's
    /// lowest) and duration (its shortest), in that order: `kling-3.0:50` is fifty of the
    /// shortest clips, `kling-3.0:10s:50` fifty 10 s clips. Every line must name what the
    /// catalog offers.
    pub fn parse_work(&self, text: &str) -> Result<Vec<WorkLine>, WorkTextError> {
        let lines: Vec<&str> = text.split(',').map(str::trim).filter(|l| !l.is_empty()).collect();
        if lines.len() > MOST_WORK_LINES {
            return Err(WorkTextError::TooManyLines);
        }
        lines.into_iter().map(|written| self.parse_work_line(written)).collect()
    }

    fn parse_work_line(&self, written: &str) -> Result<WorkLine, WorkTextError> {
        let malformed = || WorkTextError::Malformed(written.to_string());
        let parts: Vec<&str> = written.split(':').collect();
        let (model_id, between, count) = match parts.as_slice() {
            [model, between @ .., count] if between.len() <= 2 => (*model, between, *count),
            _ => return Err(malformed()),
        };
        let model =
            self.model(model_id).ok_or_else(|| WorkTextError::Work(EstimateError::UnknownModel(model_id.into())))?;
        let mut line = model.work_line(count.parse().map_err(|_| malformed())?);
        let seconds =
            |part: &str| part.strip_suffix('s').and_then(|s| s.parse().ok()).filter(|_| line.seconds.is_some());
        match between {
            [] => {}
            // One part is the duration when it reads as one and is no resolution of the model.
            [part] => match seconds(part) {
                Some(s) if model.resolution(part).is_none() => line.seconds = Some(s),
                _ => line.resolution = part.to_string(),
            },
            [resolution, duration] => {
                line.seconds = Some(seconds(duration).ok_or_else(malformed)?);
                line.resolution = resolution.to_string();
            }
            _ => return Err(malformed()),
        }
        let spec = OutputSpec { model: &line.model, resolution: &line.resolution, seconds: line.seconds };
        self.output_cost(&spec).map_err(WorkTextError::Work)?;
        Ok(line)
    }

    /// What one output of `model` at `resolution`, costing `credits_per_output`, costs on every
    /// paid plan and then every pack, in the catalog's order: the price chart's bars. (The Free
    /// plan is left out: its credits are not bought.) A plan that does not include the model
    /// has no price for it.
    pub fn output_prices(
        &self,
        model: &crate::catalog::Model,
        resolution: &str,
        credits_per_output: u64,
        interval: Interval,
        currency: Currency,
        at: DateTime<Utc>,
    ) -> Vec<OutputPrice> {
        let plans = self.plans.iter().filter(|p| !p.free).map(|plan| {
            let included = plan.includes(&model.id);
            let each = self.plan_price_per_output(&plan.id, interval, currency, at, credits_per_output);
            OutputPrice {
                name: plan.name.clone(),
                each: each.ok().flatten().filter(|_| included),
                unlimited: included && plan.is_unlimited(model, resolution),
                included,
            }
        });
        let packs = self.credit_packs.iter().map(|pack| OutputPrice {
            name: pack.name.clone(),
            each: self.pack_price_per_output(&pack.id, currency, credits_per_output).ok().flatten(),
            unlimited: false,
            included: true,
        });
        plans.chain(packs).collect()
    }

    /// Credits `work` spends in a month on `plan` (Unlimited work spends none).
    pub fn work_credits(&self, plan: &Plan, work: &[WorkLine]) -> Result<u64, FinderError> {
        let mut credits = 0u64;
        for line in work {
            let spec = OutputSpec { model: &line.model, resolution: &line.resolution, seconds: line.seconds };
            let cost = self.output_cost(&spec)?;
            let model = self.model(&line.model).expect("output_cost found the model");
            if !plan.is_unlimited(model, &line.resolution) {
                credits = credits.saturating_add(cost.saturating_mul(line.count));
            }
        }
        Ok(credits)
    }

    /// The best way to pay for `work` on `plan`: the plan with the cheapest packs bought each
    /// month to cover what its credits do not; `None` when the plan lacks a model of the work or
    /// `MOST_PACKS_PER_MONTH` packs cannot cover it. `find_plan` weighs these, plan by plan; the
    /// account view asks it for the customer's own plan.
    pub fn choice(
        &self,
        plan: &Plan,
        work: &[WorkLine],
        interval: Interval,
        currency: Currency,
        at: DateTime<Utc>,
    ) -> Result<Option<Choice>, FinderError> {
        let credits_needed = self.work_credits(plan, work)?;
        if work.iter().any(|line| line.count > 0 && !plan.includes(&line.model)) {
            return Ok(None);
        }
        let packs: Vec<(&CreditPack, i64)> =
            self.credit_packs.iter().filter_map(|p| Some((p, p.price(currency)?.minor))).collect();
        let Some((counts, packs_price)) = cheapest_packs(&packs, credits_needed.saturating_sub(plan.credits_per_month))
        else {
            return Ok(None);
        };
        let months = i64::from(interval.months());
        let plan_price = self.plan_price(&plan.id, interval, currency, at)?.charged.minor;
        let per_interval = plan_price + packs_price * months;
        Ok(Some(Choice {
            plan: plan.id.clone(),
            packs: packs.iter().zip(counts).filter(|(_, n)| *n > 0).map(|((p, _), n)| (p.id.clone(), n)).collect(),
            credits_needed,
            unlimited_work: work.iter().any(|line| {
                line.count > 0 && self.model(&line.model).is_some_and(|m| plan.is_unlimited(m, &line.resolution))
            }),
            per_interval: Money::new(per_interval, currency),
            per_month: Money::new(crate::money::mul_div_round(per_interval, 1, months), currency),
        }))
    }

    /// The cheapest way to pay for a month of `work`, and the best on another plan. Ties go to
    /// fewer packs, then to the smaller plan.
    pub fn find_plan(
        &self,
        work: &[WorkLine],
        interval: Interval,
        currency: Currency,
        at: DateTime<Utc>,
    ) -> Result<Recommendation, FinderError> {
        let mut choices = Vec::new();
        for plan in &self.plans {
            if let Some(choice) = self.choice(plan, work, interval, currency, at)? {
                choices.push(choice);
            }
        }
        // The first of equals wins: the catalog lists the smallest plan first.
        let rank = |c: &Choice| (c.per_interval.minor, c.packs.iter().map(|(_, n)| n).sum::<u32>());
        let cheapest = |choices: &mut Vec<Choice>| {
            let at = (0..choices.len()).min_by_key(|&i| rank(&choices[i]))?;
            Some(choices.remove(at))
        };
        match cheapest(&mut choices) {
            Some(best) => Ok(Recommendation { best, next_best: cheapest(&mut choices) }),
            None => {
                let largest = self.plans.last().expect("a valid catalog has plans");
                Err(FinderError::NothingFits { credits_needed: self.work_credits(largest, work)? })
            }
        }
    }
}

#[cfg(test)]
mod tests;
