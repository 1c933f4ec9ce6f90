//! The `catalog-check` command, run as a real process on real files.

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_catalog-check")).args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn default_catalog_path() -> String {
    format!("{}/../../catalog/default.json", env!("CARGO_MANIFEST_DIR"))
}

/// The default catalog's languages: its own first, then those with a translation file.
fn languages() -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(default_catalog_path()).unwrap()).unwrap();
    json["languages"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect()
}

#[test]
fn a_valid_catalog_prints_a_summary_and_exits_0() {
    let (code, out, _) = run(&[&default_catalog_path()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("valid catalog "), "{out}");
    for plan in ["Free", "Basic", "Pro", "Ultimate", "Creator"] {
        assert!(out.contains(plan), "{out}");
    }
}

#[test]
fn an_invalid_catalog_lists_every_problem_and_exits_1() {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(default_catalog_path()).unwrap()).unwrap();
    json["plans"][2]["prices"]["EUR"]["annual"] = serde_json::json!(-100);
    json["credit_packs"][0]["credits"] = serde_json::json!(0);
    let file = std::env::temp_dir().join(format!("catalog-check-{}.json", std::process::id()));
    std::fs::write(&file, json.to_string()).unwrap();
    let (code, out, err) = run(&[file.to_str().unwrap()]);
    std::fs::remove_file(&file).ok();
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("plans[2].prices.EUR.annual: must be >= 0"), "{err}");
    assert!(err.contains("credit_packs[0].credits: must be at least 1"), "{err}");
}

#[test]
fn usage_and_unreadable_files_exit_2() {
    assert_eq!(run(&[]).0, 2);
    let (code, _, err) = run(&["/nonexistent/catalog.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
}

/// Runs catalog-check on a copy of the default catalog and its translations, each translation
/// (its language and JSON) passed through `edit` first: (exit code, stdout, stderr).
fn check_with_translations(name: &str, edit: impl Fn(&str, &mut serde_json::Value)) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("catalog-check-{name}-{}", std::process::id()));
    let translations = dir.join("translations");
    std::fs::create_dir_all(&translations).unwrap();
    std::fs::copy(default_catalog_path(), dir.join("catalog.json")).unwrap();
    let source = format!("{}/../../catalog/translations", env!("CARGO_MANIFEST_DIR"));
    for language in languages() {
        let text = std::fs::read_to_string(format!("{source}/{language}.json")).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&language, &mut json);
        std::fs::write(translations.join(format!("{language}.json")), json.to_string()).unwrap();
    }
    let out = run(&[dir.join("catalog.json").to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    out
}

#[test]
fn each_language_must_translate_every_text_and_message() {
    let (code, out, err) = check_with_translations("languages", |language, json| match language {
        "de" => {
            json["catalog"].as_object_mut().unwrap().remove("faq.renewal.answer");
            json["widget"]["cta.choose"] = serde_json::json!("{plan_name} wählen");
        }
        "fr" => json["language"] = serde_json::json!("de"),
        "ja" => {
            json.as_object_mut().unwrap().remove("locale");
        }
        "ko" => json["locale"] = serde_json::json!("ja-JP"),
        _ => {}
    });
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("translations.de.catalog.faq.renewal.answer: missing: translate faq[1].answer"), "{err}");
    assert!(err.contains("translations.de.widget.cta.choose: `other` uses {plan_name}, not {plan}"), "{err}");
    assert!(err.contains("translations.fr: ") && err.contains("says it is in 'de'"), "{err}");
    assert!(err.contains("translations.ja.locale: name the locale that writes the language's numbers"), "{err}");
    assert!(err.contains("translations.ko.locale: \"ja-JP\" is not a locale of ko"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("  ")).count(), 5, "nothing else is wrong: {err}");
}

#[test]
fn a_translation_never_promises_every_model_for_a_plan_that_leaves_some_out() {
    let (code, _, err) = check_with_translations("promise", |language, json| {
        if language == "ja" {
            json["catalog"]["plans.free.tagline"] = serde_json::json!("すべてのモデルを無料でお試しください。");
        }
    });
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("translations.ja.catalog.plans.free.tagline: says \"すべてのモデル\""), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("  ")).count(), 1, "nothing else is wrong: {err}");
}

#[test]
fn the_account_words_are_held_to_the_english_keys_in_every_language() {
    let dir = std::env::temp_dir().join(format!("catalog-check-account-{}", std::process::id()));
    let source = format!("{}/../../catalog", env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.join("translations/account")).unwrap();
    std::fs::copy(default_catalog_path(), dir.join("catalog.json")).unwrap();
    for language in languages() {
        for folder in ["translations", "translations/account"] {
            let text = std::fs::read_to_string(format!("{source}/{folder}/{language}.json")).unwrap();
            let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
            if folder.ends_with("account") && language == "fr" {
                json["widget"].as_object_mut().unwrap().remove("account.cancel_what");
                json["widget"]["account.renews"] = serde_json::json!("Renouvelé le {jour}.");
            }
            std::fs::write(dir.join(format!("{folder}/{language}.json")), json.to_string()).unwrap();
        }
    }
    let (code, out, err) = run(&[dir.join("catalog.json").to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("translations.account.fr.widget.account.cancel_what: missing"), "{err}");
    assert!(err.contains("translations.account.fr.widget.account.renews: `other` uses {jour}"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("  ")).count(), 2, "nothing else is wrong: {err}");
}
