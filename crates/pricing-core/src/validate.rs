//! The business rules a well-formed catalog must also satisfy. Every rule reports at the JSON
//! path of the offending value, and all rules run, so an editor sees every problem at once.

use crate::catalog::{Catalog, FeatureKind, FeatureValue, ModelKind, Offer, Plan, PriceTable, Problem, Promotion};
use crate::interval::MONTHS_PER_YEAR;
use crate::keyed::Keyed;
use crate::money::Currency;
use crate::pricing::{lowest_price_before, LOWEST_PRICE_WINDOW_DAYS};

mod access;
mod words;

pub(crate) use words::{longest_text, text_problem};
use words::{ANSWER, BADGE, DETAILS, HEADLINE, NAME, QUESTION, TAGLINE};

#[derive(Default)]
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem { path: path.into(), message: message.into() });
    }

    fn non_empty(&mut self, path: String, text: &str) {
        if text.trim().is_empty() {
            self.add(path, "must not be empty");
        }
    }

    /// Words a visitor reads, held to `text_problem`.
    fn words(&mut self, path: String, text: &str, longest: usize) {
        if let Some(problem) = text_problem(text, Some(longest)) {
            self.add(path, problem);
        }
    }

    fn unique_ids<'a>(&mut self, list: &str, ids: impl Iterator<Item = &'a str>) {
        let ids: Vec<&str> = ids.collect();
        for (i, id) in ids.iter().enumerate() {
            self.non_empty(format!("{list}[{i}].id"), id);
            if ids[..i].contains(id) {
                self.add(format!("{list}[{i}].id"), format!("duplicate id '{id}'"));
            }
        }
    }

    fn amount(&mut self, path: String, minor: i64) {
        if minor < 0 {
            self.add(path, format!("must be >= 0 (is {minor})"));
        }
    }

    /// Every offered currency covered (priced, taxed), no currency covered that is not offered.
    fn currencies_covered<T>(&mut self, path: &str, offered: &[Currency], priced: &Keyed<Currency, T>) {
        for currency in offered {
            if !priced.contains_key(currency) {
                self.add(format!("{path}.{currency}"), "missing: every currency in `currencies` needs one");
            }
        }
        for currency in priced.keys() {
            if !offered.contains(currency) {
                self.add(format!("{path}.{currency}"), "for a currency that `currencies` does not offer");
            }
        }
    }
}

pub(crate) fn problems(catalog: &Catalog) -> Vec<Problem> {
    let mut report = Report::default();
    top_level(catalog, &mut report);
    models(catalog, &mut report);
    plans(catalog, &mut report);
    access::check(catalog, &mut report);
    credit_packs(catalog, &mut report);
    promotions(catalog, &mut report);
    report.0
}

fn top_level(catalog: &Catalog, report: &mut Report) {
    report.non_empty("version".into(), &catalog.version);
    report.non_empty("credit_scale".into(), &catalog.credit_scale);
    if catalog.currencies.is_empty() {
        report.add("currencies", "must offer at least one currency");
    }
    for (i, currency) in catalog.currencies.iter().enumerate() {
        if catalog.currencies[..i].contains(currency) {
            report.add(format!("currencies[{i}]"), format!("{currency} is listed twice"));
        }
    }
    if catalog.languages.is_empty() {
        report.add("languages", "must offer at least the catalog's own language");
    }
    for (i, language) in catalog.languages.iter().enumerate() {
        if !crate::language_tag::is_language_tag(language) {
            let such_as = "a language tag such as 'de', 'pt-BR' or 'zh-Hans'";
            report.add(format!("languages[{i}]"), format!("'{language}' is not {such_as}"));
        }
        if catalog.languages[..i].contains(language) {
            report.add(format!("languages[{i}]"), format!("'{language}' is listed twice"));
        }
    }
    report.currencies_covered("tax", &catalog.currencies, &catalog.tax);
    for (currency, tax) in &catalog.tax {
        report.words(format!("tax.{currency}.name"), &tax.name, NAME);
    }
    if catalog.credit_cycle_months == 0 {
        report.add("credit_cycle_months", "must be at least 1");
    }
    if let Some(problem) = catalog.retention_offer.and_then(|offer| offer.problem()) {
        report.add("retention_offer", problem);
    }

    let basis = &catalog.estimate_basis;
    for (field, model_id, resolution, kind) in [
        ("video", &basis.video_model, &basis.video_resolution, ModelKind::Video),
        ("image", &basis.image_model, &basis.image_resolution, ModelKind::Image),
    ] {
        match catalog.model(model_id) {
            None => report.add(format!("estimate_basis.{field}_model"), format!("unknown model '{model_id}'")),
            Some(model) if model.kind != kind => {
                report.add(format!("estimate_basis.{field}_model"), format!("'{model_id}' is not a {field} model"))
            }
            Some(model) if model.resolution(resolution).is_none() => report.add(
                format!("estimate_basis.{field}_resolution"),
                format!("'{model_id}' does not offer '{resolution}'"),
            ),
            Some(_) => {}
        }
    }
    // The cards count videos of this length and the calculator starts from it: the model must
    // offer it, or a card would promise what no visitor can make.
    let basis_model = catalog.model(&basis.video_model).filter(|m| m.kind == ModelKind::Video);
    if let Some(model) = basis_model.filter(|m| !m.durations_s.contains(&basis.video_seconds)) {
        report.add(
            "estimate_basis.video_seconds",
            format!(
                "'{}' does not offer {} s clips (it offers {:?})",
                model.id, basis.video_seconds, model.durations_s
            ),
        );
    }

    report.unique_ids("feature_rows", catalog.feature_rows.iter().map(|r| r.id.as_str()));
    for (i, row) in catalog.feature_rows.iter().enumerate() {
        report.words(format!("feature_rows[{i}].label"), &row.label, NAME);
    }
    report.unique_ids("faq", catalog.faq.iter().map(|e| e.id.as_str()));
    for (i, entry) in catalog.faq.iter().enumerate() {
        report.words(format!("faq[{i}].question"), &entry.question, QUESTION);
        report.words(format!("faq[{i}].answer"), &entry.answer, ANSWER);
    }
    let email = catalog.support.email.trim();
    let looks_like_email = email.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    if !looks_like_email {
        report.add("support.email", format!("'{email}' is not an email address"));
    }
}

fn models(catalog: &Catalog, report: &mut Report) {
    if catalog.models.is_empty() {
        report.add("models", "must list at least one model");
    }
    report.unique_ids("models", catalog.models.iter().map(|m| m.id.as_str()));
    for (i, model) in catalog.models.iter().enumerate() {
        let at = format!("models[{i}]");
        report.words(format!("{at}.name"), &model.name, NAME);
        if model.resolutions.is_empty() {
            report.add(format!("{at}.resolutions"), "must offer at least one resolution");
        }
        report.unique_ids(&format!("{at}.resolutions"), model.resolutions.iter().map(|r| r.id.as_str()));
        for (j, resolution) in model.resolutions.iter().enumerate() {
            if resolution.credits == 0 {
                report.add(
                    format!("{at}.resolutions[{j}].credits"),
                    "must be at least 1 (a free output cannot be counted)",
                );
            }
        }
        match model.kind {
            ModelKind::Video => {
                if model.durations_s.is_empty() {
                    report.add(format!("{at}.durations_s"), "a video model must offer at least one duration");
                }
                for (j, &seconds) in model.durations_s.iter().enumerate() {
                    if seconds == 0 || model.durations_s[..j].contains(&seconds) {
                        report.add(format!("{at}.durations_s[{j}]"), "durations must be positive and distinct");
                    }
                }
                match model.billing_step_s {
                    None => report.add(format!("{at}.billing_step_s"), "a video model needs a billing step"),
                    Some(0) => report.add(format!("{at}.billing_step_s"), "must be at least 1"),
                    Some(_) => {}
                }
            }
            ModelKind::Image => {
                if !model.durations_s.is_empty() || model.billing_step_s.is_some() {
                    report.add(format!("{at}.durations_s"), "an image model has no durations or billing step");
                }
            }
        }
    }
}

fn plans(catalog: &Catalog, report: &mut Report) {
    if catalog.plans.is_empty() {
        report.add("plans", "must list at least one plan");
    }
    report.unique_ids("plans", catalog.plans.iter().map(|p| p.id.as_str()));
    if catalog.plans.iter().filter(|p| p.highlight).count() > 1 {
        report.add("plans", "at most one plan may be highlighted");
    }
    if !catalog.plans.is_empty() && catalog.plans.iter().filter(|p| p.free).count() != 1 {
        report.add("plans", "exactly one plan must be free: the plan of every customer without a paid one");
    }
    for (i, plan) in catalog.plans.iter().enumerate() {
        let at = format!("plans[{i}]");
        report.words(format!("{at}.name"), &plan.name, NAME);
        report.words(format!("{at}.tagline"), &plan.tagline, TAGLINE);
        if let Some(badge) = &plan.badge {
            report.words(format!("{at}.badge"), badge, BADGE);
        }
        prices(catalog, plan, &at, report);
        features(catalog, plan, &at, report);
        for (j, unlimited) in plan.unlimited.iter().enumerate() {
            match catalog.model(&unlimited.model) {
                None => {
                    report.add(format!("{at}.unlimited[{j}].model"), format!("unknown model '{}'", unlimited.model))
                }
                Some(model) if model.resolution(&unlimited.up_to).is_none() => report.add(
                    format!("{at}.unlimited[{j}].up_to"),
                    format!("'{}' does not offer '{}'", model.id, unlimited.up_to),
                ),
                Some(_) => {}
            }
            if plan.unlimited[..j].iter().any(|u| u.model == unlimited.model) {
                report.add(format!("{at}.unlimited[{j}].model"), format!("'{}' is listed twice", unlimited.model));
            }
        }
        if i > 0 {
            upgrade_order(catalog, &catalog.plans[i - 1], plan, &at, report);
        }
    }
}

fn prices(catalog: &Catalog, plan: &Plan, at: &str, report: &mut Report) {
    price_table(catalog, &plan.prices, &format!("{at}.prices"), report);
    for (currency, prices) in &plan.prices {
        let path = format!("{at}.prices.{currency}");
        if plan.free && (prices.monthly != 0 || prices.annual != 0) {
            report.add(path, "a free plan must cost 0");
        } else if !plan.free && (prices.monthly == 0 || prices.annual == 0) {
            report.add(path, "a paid plan must cost more than 0 (mark it `free` otherwise)");
        } else if prices.annual > prices.monthly.saturating_mul(MONTHS_PER_YEAR.into()) {
            report.add(format!("{path}.annual"), "costs more than twelve monthly payments");
        }
    }
    for (j, record) in plan.price_history.iter().enumerate() {
        let path = format!("{at}.price_history[{j}]");
        if record.from >= record.until {
            report.add(format!("{path}.until"), "must be after `from`");
        }
        if plan.price_history[..j].iter().any(|r| r.from < record.until && record.from < r.until) {
            report.add(path.clone(), "overlaps an earlier record");
        }
        price_table(catalog, &record.prices, &format!("{path}.prices"), report);
    }
}

fn price_table(catalog: &Catalog, table: &PriceTable, path: &str, report: &mut Report) {
    report.currencies_covered(path, &catalog.currencies, table);
    for (currency, prices) in table {
        report.amount(format!("{path}.{currency}.monthly"), prices.monthly);
        report.amount(format!("{path}.{currency}.annual"), prices.annual);
    }
}

fn features(catalog: &Catalog, plan: &Plan, at: &str, report: &mut Report) {
    for row in &catalog.feature_rows {
        let path = format!("{at}.features.{}", row.id);
        match (row.kind, plan.features.get(&row.id)) {
            (_, None) => report.add(path, "missing: every feature row needs a value on every plan"),
            (FeatureKind::Flag, Some(FeatureValue::Text(_))) => report.add(path, "must be true or false"),
            (FeatureKind::Text, Some(FeatureValue::Flag(_))) => report.add(path, "must be a text"),
            (FeatureKind::Text, Some(FeatureValue::Text(text))) => report.non_empty(path, text),
            (FeatureKind::Flag, Some(FeatureValue::Flag(_))) => {}
        }
    }
    for id in plan.features.keys() {
        if !catalog.feature_rows.iter().any(|row| &row.id == id) {
            report.add(format!("{at}.features.{id}"), "no feature row has this id");
        }
    }
}

/// Upgrades and downgrades follow the plans' order, so a later plan must give at least as
/// many credits and cost at least as much.
fn upgrade_order(catalog: &Catalog, previous: &Plan, plan: &Plan, at: &str, report: &mut Report) {
    if plan.credits_per_month <= previous.credits_per_month {
        report.add(
            format!("{at}.credits_per_month"),
            format!("plans go from smallest to largest: must exceed {}'s {}", previous.id, previous.credits_per_month),
        );
    }
    for currency in &catalog.currencies {
        if let (Some(before), Some(now)) = (previous.prices.get(currency), plan.prices.get(currency)) {
            if now.monthly < before.monthly {
                report.add(
                    format!("{at}.prices.{currency}.monthly"),
                    format!("plans go from smallest to largest: costs less than {}", previous.id),
                );
            }
        }
    }
}

fn credit_packs(catalog: &Catalog, report: &mut Report) {
    report.unique_ids("credit_packs", catalog.credit_packs.iter().map(|p| p.id.as_str()));
    for (i, pack) in catalog.credit_packs.iter().enumerate() {
        let at = format!("credit_packs[{i}]");
        report.words(format!("{at}.name"), &pack.name, NAME);
        if pack.credits == 0 {
            report.add(format!("{at}.credits"), "must be at least 1");
        }
        if pack.valid_days == 0 {
            report.add(format!("{at}.valid_days"), "must be at least 1");
        }
        report.currencies_covered(&format!("{at}.prices"), &catalog.currencies, &pack.prices);
        for (currency, &minor) in &pack.prices {
            if minor <= 0 {
                report.add(format!("{at}.prices.{currency}"), format!("must be > 0 (is {minor})"));
            }
        }
    }
}

fn promotions(catalog: &Catalog, report: &mut Report) {
    report.unique_ids("promotions", catalog.promotions.iter().map(|p| p.id.as_str()));
    for (i, promotion) in catalog.promotions.iter().enumerate() {
        let at = format!("promotions[{i}]");
        report.words(format!("{at}.headline"), &promotion.headline, HEADLINE);
        report.words(format!("{at}.details"), &promotion.details, DETAILS);
        if promotion.starts_at >= promotion.ends_at {
            report.add(format!("{at}.ends_at"), "must be after `starts_at`");
        }
        if promotion.plans.is_empty() {
            report.add(format!("{at}.plans"), "must name at least one plan");
        }
        if promotion.intervals.is_empty() {
            report.add(format!("{at}.intervals"), "must name at least one interval");
        }
        for (j, plan_id) in promotion.plans.iter().enumerate() {
            let path = format!("{at}.plans[{j}]");
            match catalog.plan(plan_id) {
                None => report.add(path, format!("unknown plan '{plan_id}'")),
                Some(plan) if plan.free => report.add(path, format!("'{plan_id}' is free; nothing to promote")),
                Some(plan) if matches!(promotion.offer, Offer::Unlimited { .. }) && plan.unlimited.is_empty() => {
                    report.add(path, format!("'{plan_id}' lists no Unlimited model"))
                }
                Some(_) => {}
            }
        }
        match &promotion.offer {
            Offer::Unlimited { months } if *months == 0 => {
                report.add(format!("{at}.offer.months"), "must be at least 1")
            }
            Offer::Unlimited { .. } => {}
            Offer::Discount { percent_off, was } => {
                if !(1..=99).contains(percent_off) {
                    report.add(format!("{at}.offer.percent_off"), "must be between 1 and 99");
                }
                was_prices(catalog, promotion, was, &format!("{at}.offer.was"), report);
            }
        }
    }
}

/// A struck-through price must be real: the lowest price the plan had in the
/// [`LOWEST_PRICE_WINDOW_DAYS`] days before the promotion started, for every plan, currency and
/// interval the promotion covers.
fn was_prices(
    catalog: &Catalog,
    promotion: &Promotion,
    was: &Keyed<String, PriceTable>,
    at: &str,
    report: &mut Report,
) {
    for plan_id in was.keys() {
        if !promotion.plans.contains(plan_id) {
            report.add(format!("{at}.{plan_id}"), "the promotion does not cover this plan");
        }
    }
    for plan in promotion.plans.iter().filter_map(|id| catalog.plan(id)) {
        let Some(table) = was.get(&plan.id) else {
            report.add(format!("{at}.{}", plan.id), "missing: the price to strike through");
            continue;
        };
        report.currencies_covered(&format!("{at}.{}", plan.id), &catalog.currencies, table);
        for (currency, prices) in table {
            for &interval in &promotion.intervals {
                let path = format!("{at}.{}.{currency}.{interval}", plan.id);
                let claimed = prices.get(interval);
                match lowest_price_before(plan, interval, *currency, promotion.starts_at) {
                    None => report.add(
                        path,
                        format!("no price of this plan is recorded in the {LOWEST_PRICE_WINDOW_DAYS} days before the promotion"),
                    ),
                    Some(lowest) if lowest.minor != claimed => report.add(
                        path,
                        format!(
                            "{claimed} was never the reference price: the lowest price in the {LOWEST_PRICE_WINDOW_DAYS} days before the promotion was {}",
                            lowest.minor
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
