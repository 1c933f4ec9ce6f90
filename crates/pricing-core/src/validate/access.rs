//! The catalog's rules on model access (`access.rs`): what a plan lists exists, larger plans
//! lose nothing, every model is sold somewhere, Unlimited only on a model the plan includes,
//! and the plan's own words never promise models it does not include.

use super::Report;
#[cfg(feature = "copy-rules")]
use crate::access::promises_every_model;
#[cfg(feature = "copy-rules")]
use crate::catalog::FeatureValue;
use crate::catalog::{Catalog, Plan};

pub(super) fn check(catalog: &Catalog, report: &mut Report) {
    for (i, plan) in catalog.plans.iter().enumerate() {
        let at = format!("plans[{i}]");
        listed_models(catalog, plan, &at, report);
        for (j, unlimited) in plan.unlimited.iter().enumerate() {
            if catalog.model(&unlimited.model).is_some() && !plan.includes(&unlimited.model) {
                report.add(
                    format!("{at}.unlimited[{j}].model"),
                    format!("'{}' is Unlimited on this plan, which does not include it", unlimited.model),
                );
            }
        }
        if let Some(previous) = i.checked_sub(1).map(|p| &catalog.plans[p]) {
            for model in catalog.included_models(previous).filter(|m| !plan.includes(&m.id)) {
                report.add(
                    format!("{at}.models"),
                    format!(
                        "plans go from smallest to largest: leaves out '{}', which {} includes",
                        model.id, previous.id
                    ),
                );
            }
        }
        #[cfg(feature = "copy-rules")]
        promises(catalog, plan, &at, report);
    }
    for (k, model) in catalog.models.iter().enumerate() {
        if !catalog.plans.iter().any(|p| p.includes(&model.id)) {
            report.add(format!("models[{k}]"), format!("no plan includes '{}'", model.id));
        }
    }
}

fn listed_models(catalog: &Catalog, plan: &Plan, at: &str, report: &mut Report) {
    let Some(models) = &plan.models else { return };
    if models.is_empty() {
        report.add(format!("{at}.models"), "must include at least one model (leave `models` out for every model)");
    }
    for (j, id) in models.iter().enumerate() {
        if catalog.model(id).is_none() {
            report.add(format!("{at}.models[{j}]"), format!("unknown model '{id}'"));
        }
        if models[..j].contains(id) {
            report.add(format!("{at}.models[{j}]"), format!("'{id}' is listed twice"));
        }
    }
}

/// A plan that leaves models out must not say it has them all (in the catalog's own language;
/// each translation is held to the same in `i18n.rs`).
#[cfg(feature = "copy-rules")]
fn promises(catalog: &Catalog, plan: &Plan, at: &str, report: &mut Report) {
    let left_out = catalog.models.iter().filter(|m| !plan.includes(&m.id)).count();
    if left_out == 0 {
        return;
    }
    let mut words: Vec<(String, &str)> = vec![(format!("{at}.tagline"), &plan.tagline)];
    words.extend(plan.badge.as_deref().map(|badge| (format!("{at}.badge"), badge)));
    for (row, value) in &plan.features {
        if let FeatureValue::Text(text) = value {
            words.push((format!("{at}.features.{row}"), text));
        }
    }
    let language = catalog.languages.first().map_or("", String::as_str);
    for (path, text) in words {
        if let Some(phrase) = promises_every_model(language, text) {
            report.add(
                path,
                format!("says \"{phrase}\", but the plan's `models` leaves out {left_out} of the catalog's"),
            );
        }
    }
}
