//! Writes the pre-rendered widget. Two uses:
//!
//! `prerender [OPTIONS]` prints one paste-able snippet for an attribute set:
//!   --catalog FILE      the catalog (default: the embedded one, as the release build has it)
//!   --currency CODE     --interval monthly|annual   --sections plans,packs,…   --highlight PLAN
//!   --language de       the visitor's language (its file in catalog/translations/; default: the
//!                       catalog's own)   --locale de-DE (default: the language's own)
//!   --at RFC3339 (default: now)  --fallback-url URL   --api URL   --finder WORK
//!   --base URL          where pricing-widget.js lives (default /)
//!   --stylesheet NAME   the hashed stylesheet's file name (default: found in --dist)
//!   --dist DIR          the release build (default dist)
//!   --element-only      leave out the entry script (the page loads it already)
//!
//! `prerender --build DIR [--base URL]` (the release build's post-build step) writes, for each
//! language × currency × interval, the fragment the entry script fetches
//! (`DIR/prerender/en/USD-monthly.html`, and `default-monthly.html` for the default currency)
//! and the snippet marketing pastes (`DIR/snippets/en/USD-monthly.html`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use pricing_core::{Catalog, Interval, DEFAULT_CATALOG_JSON};
use pricing_widget::prerender::{element, render, snippet, Assets, Prerender};
use pricing_widget::{own_locale, Sections};

struct Arguments {
    request: Prerender,
    api: Option<String>,
    base: String,
    stylesheet: Option<String>,
    dist: PathBuf,
    build: Option<PathBuf>,
    /// Print the element only, without the entry script (for a page that loads it already).
    element_only: bool,
    language: Option<String>,
    /// The catalog's translation files: `translations/` next to `--catalog`.
    translations: PathBuf,
}

fn parse(args: Vec<String>) -> Result<Arguments, String> {
    let mut request = Prerender {
        catalog_json: DEFAULT_CATALOG_JSON.to_string(),
        currency: None,
        interval: Interval::Monthly,
        sections: Sections::ALL,
        highlight: None,
        locale: String::new(),
        translation_json: None,
        at: DateTime::<Utc>::from(std::time::SystemTime::now()),
        fallback_url: None,
        finder: None,
        account: None,
    };
    let mut parsed = Arguments {
        request: request.clone(),
        api: None,
        base: "/".into(),
        stylesheet: None,
        dist: "dist".into(),
        build: None,
        element_only: false,
        language: None,
        translations: "catalog/translations".into(),
    };
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--element-only" {
            parsed.element_only = true;
            continue;
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--catalog" => {
                request.catalog_json = std::fs::read_to_string(&value).map_err(|e| format!("{value}: {e}"))?;
                parsed.translations = Path::new(&value).parent().unwrap_or(Path::new(".")).join("translations");
            }
            "--currency" => {
                request.currency = Some(value.to_ascii_uppercase().parse().map_err(|e| format!("--currency: {e}"))?)
            }
            "--interval" => request.interval = value.parse().map_err(|e| format!("--interval: {e}"))?,
            "--sections" => {
                request.sections = value.parse().map_err(|e| format!("--sections: {e}"))?;
                if request.sections == Sections::NONE {
                    return Err("--sections names no section".into());
                }
            }
            "--highlight" => request.highlight = Some(value),
            "--locale" => request.locale = value,
            "--language" => parsed.language = Some(value),
            "--at" => request.at = value.parse::<DateTime<Utc>>().map_err(|e| format!("--at {value}: {e}"))?,
            "--fallback-url" => request.fallback_url = Some(value),
            "--finder" => request.finder = Some(value),
            "--api" => parsed.api = Some(value),
            "--base" => parsed.base = if value.ends_with('/') { value } else { format!("{value}/") },
            "--stylesheet" => parsed.stylesheet = Some(value),
            "--dist" => parsed.dist = value.into(),
            "--build" => parsed.build = Some(value.into()),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    parsed.request = request;
    Ok(parsed)
}

/// `request` in `language`: its translation file, and its locale unless one was asked for.
fn in_language(arguments: &Arguments, catalog: &Catalog, language: &str) -> Result<Prerender, String> {
    let request = &arguments.request;
    let translation_json = if language == catalog.languages[0] {
        None
    } else if catalog.languages.iter().any(|l| l == language) {
        let path = arguments.translations.join(format!("{language}.json"));
        Some(std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?)
    } else {
        return Err(format!("the catalog does not offer {language} ({})", catalog.languages.join(", ")));
    };
    let parsed = match &translation_json {
        Some(json) => {
            Some(pricing_widget::parse_translation(json).map_err(|e| format!("the {language} translation: {e}"))?)
        }
        None => None,
    };
    let locale = if request.locale.is_empty() { own_locale(parsed.as_ref()) } else { request.locale.clone() };
    Ok(Prerender { translation_json, locale, ..request.clone() })
}

/// The widget's hashed stylesheet the release build wrote into `dist` (`pricing-widget-<hash>.css`;
/// not the account view's, `pricing-widget-account-<hash>.css`).
fn find_stylesheet(dist: &Path) -> Result<String, String> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let hashed = |name: &str| {
        let hash = name.strip_prefix("pricing-widget-").and_then(|rest| rest.strip_suffix(".css"));
        hash.is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| hashed(name))
        .ok_or_else(|| format!("no pricing-widget-<hash>.css in {} (build the widget first)", dist.display()))
}

fn write(path: PathBuf, text: &str) -> Result<(), String> {
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every currency × interval of the catalog, with the default sections and highlight.
fn build(dir: &Path, arguments: &Arguments) -> Result<(), String> {
    let stylesheet = find_stylesheet(dir)?;
    let assets = Assets { base: &arguments.base, stylesheet: &stylesheet };
    let catalog = Catalog::parse(&arguments.request.catalog_json).map_err(|e| e.to_string())?;
    let mut locales = serde_json::Map::new();
    for language in &catalog.languages {
        let in_language = in_language(arguments, &catalog, language)?;
        locales.insert(language.clone(), in_language.locale.clone().into());
        for &currency in &catalog.currencies {
            for interval in Interval::ALL {
                let request = Prerender { currency: Some(currency), interval, ..in_language.clone() };
                let rendered = render(&request)?;
                let name = format!("{currency}-{interval}.html");
                write(dir.join("prerender").join(language).join(&name), &rendered.html)?;
                write(dir.join("snippets").join(language).join(&name), &snippet(&request, &rendered, &assets, None))?;
                if currency == catalog.default_currency() {
                    // For an element without a currency attribute.
                    let default = format!("default-{interval}.html");
                    write(dir.join("prerender").join(language).join(default), &rendered.html)?;
                }
            }
        }
    }
    // Each language with the locale its fragments are in: the entry asks for one only in it
    // (`embed-entry.mjs` puts this in the entry).
    write(dir.join("prerender").join("locales.json"), &serde_json::Value::Object(locales.clone()).to_string())?;
    let (languages, currencies, dir) = (locales.len(), catalog.currencies.len(), dir.display());
    println!("pre-rendered {languages} languages × {currencies} currencies × 2 intervals into {dir}/prerender and {dir}/snippets");
    Ok(())
}

fn run() -> Result<(), String> {
    let arguments = parse(std::env::args().skip(1).collect())?;
    if let Some(dir) = &arguments.build {
        return build(dir, &arguments);
    }
    let stylesheet = match &arguments.stylesheet {
        Some(name) => name.clone(),
        None => find_stylesheet(&arguments.dist)?,
    };
    let catalog = Catalog::parse(&arguments.request.catalog_json).map_err(|e| e.to_string())?;
    let language = arguments.language.as_deref().unwrap_or(&catalog.languages[0]);
    let request = in_language(&arguments, &catalog, language)?;
    let rendered = render(&request)?;
    let assets = Assets { base: &arguments.base, stylesheet: &stylesheet };
    match arguments.element_only {
        true => print!("{}", element(&request, &rendered, &assets, arguments.api.as_deref())),
        false => print!("{}", snippet(&request, &rendered, &assets, arguments.api.as_deref())),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}
