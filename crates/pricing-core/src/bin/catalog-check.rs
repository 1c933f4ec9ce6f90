//! `catalog-check FILE`: validates an edited catalog before it is published, with the
//! translation of each of its languages (`translations/<language>.json` next to it; the first
//! language's file holds the widget's own words, which every other one must translate), and the
//! account view's words in each (`translations/account/<language>.json`). Prints every problem
//! and exits 1, or prints a short summary and exits 0.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use pricing_core::catalog::ModelKind;
use pricing_core::i18n::Translation;
use pricing_core::{Catalog, OutputEstimate, Problem};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: catalog-check FILE");
        return ExitCode::from(2);
    };
    let json = match std::fs::read_to_string(path) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("{path}: cannot read: {e}");
            return ExitCode::from(2);
        }
    };
    let catalog = match Catalog::parse(&json) {
        Ok(catalog) => catalog,
        Err(error) => {
            eprint!("{path}: {error}");
            return ExitCode::from(1);
        }
    };
    let problems = translation_problems(&catalog, std::path::Path::new(path));
    if !problems.is_empty() {
        eprintln!("{path}: the translations have {} problem(s):", problems.len());
        for problem in problems {
            eprintln!("  {problem}");
        }
        return ExitCode::from(1);
    }
    println!("{}", summary(&catalog));
    ExitCode::SUCCESS
}

/// Every problem of every language's translation file, the unreadable ones included (none for a
/// catalog in one language: the widget's words in it are compiled in).
fn translation_problems(catalog: &Catalog, path: &std::path::Path) -> Vec<Problem> {
    if catalog.languages.len() == 1 {
        return Vec::new();
    }
    let folder = path.parent().unwrap_or(std::path::Path::new(".")).join("translations");
    let mut problems = translations_in(&folder, "translations", catalog, |source, translation| {
        catalog.translation_problems(source, translation)
    });
    // The account view's words, where the catalog's folder has them (a catalog edited apart
    // from the widget's sources may not).
    let account = folder.join("account");
    if account.is_dir() {
        problems.extend(translations_in(&account, "translations.account", catalog, |source, translation| {
            let at = format!("translations.account.{}", translation.language);
            pricing_core::i18n::word_problems(source, translation, &at)
        }));
    }
    problems
}

/// The problems `check` finds in each language's file in `folder` against the first language's.
fn translations_in(
    folder: &std::path::Path,
    at: &str,
    catalog: &Catalog,
    check: impl Fn(&Translation, &Translation) -> Vec<Problem>,
) -> Vec<Problem> {
    let read = |language: &str| -> Result<Translation, Problem> {
        let file = folder.join(format!("{language}.json"));
        let problem = |message: String| Problem { path: format!("{at}.{language}"), message };
        let text =
            std::fs::read_to_string(&file).map_err(|e| problem(format!("cannot read {}: {e}", file.display())))?;
        let translation: Translation =
            serde_json::from_str(&text).map_err(|e| problem(format!("{}: {e}", file.display())))?;
        if translation.language != language {
            return Err(problem(format!("{} says it is in '{}'", file.display(), translation.language)));
        }
        Ok(translation)
    };
    let source = match read(&catalog.languages[0]) {
        Ok(source) => source,
        Err(problem) => return vec![problem],
    };
    let mut problems = check(&source, &source);
    for language in &catalog.languages[1..] {
        match read(language) {
            Ok(translation) => problems.extend(check(&source, &translation)),
            Err(problem) => problems.push(problem),
        }
    }
    problems
}

fn summary(catalog: &Catalog) -> String {
    let now: DateTime<Utc> = std::time::SystemTime::now().into();
    let videos = catalog.models.iter().filter(|m| m.kind == ModelKind::Video).count();
    let currency = catalog.default_currency();
    let plans: Vec<String> = catalog
        .plans
        .iter()
        .map(|plan| {
            let price = catalog
                .plan_price(&plan.id, pricing_core::Interval::Monthly, currency, now)
                .map(|p| p.charged.to_string())
                .unwrap_or_default();
            let estimate = catalog.plan_estimate(plan);
            // The model a count is on, where it is not the estimate basis's.
            let count = |estimate: Option<OutputEstimate>| match estimate {
                Some(e) if e.on_basis => format!("~{}", e.count),
                Some(e) => format!("~{} (on {})", e.count, e.model),
                None => "no".into(),
            };
            let models = match catalog.includes_every_model(plan) {
                true => "every model".to_string(),
                false => format!("{} models", catalog.included_models(plan).count()),
            };
            format!(
                "  {:<10} {:>14}/month  {:>6} credits  {} videos, {} images, {models}",
                plan.name,
                price,
                plan.credits_per_month,
                count(estimate.videos),
                count(estimate.images)
            )
        })
        .collect();
    let active: Vec<&str> = catalog.active_promotions(now).map(|p| p.id.as_str()).collect();
    format!(
        "valid catalog {}\n{} plans:\n{}\n{} models ({} video, {} image), {} credit packs, {} FAQ entries\ncurrencies: {}\npromotions: {} ({} active now: {})",
        catalog.version,
        catalog.plans.len(),
        plans.join("\n"),
        catalog.models.len(),
        videos,
        catalog.models.len() - videos,
        catalog.credit_packs.len(),
        catalog.faq.len(),
        catalog.currencies.iter().map(|c| c.code()).collect::<Vec<_>>().join(" "),
        catalog.promotions.len(),
        active.len(),
        if active.is_empty() { "none".to_string() } else { active.join(", ") },
    )
}
