//! Model access: which models each plan may use. The catalog lists a plan's models (`models`;
//! absent: every model), and every part that lets someone pick or run a model follows these
//! rules: the cards and matrix say what a plan includes, the calculator names the plan that
//! unlocks a model, the finder only recommends plans that can run the work, and the usage API
//! refuses a generation on a model the customer's plan does not include. Credit packs add
//! credits, never models: they work on the models of the plan they are spent on.

use std::fmt;

use crate::catalog::{Catalog, Model, Plan};

impl Plan {
    /// Whether this plan may use the model `model_id`.
    pub fn includes(&self, model_id: &str) -> bool {
        self.models.as_ref().is_none_or(|models| models.iter().any(|m| m == model_id))
    }
}

/// A generation or a choice on a model the plan does not include.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotIncluded {
    pub model: String,
    pub plan: String,
    /// The smallest (cheapest) plan that includes the model, if any does.
    pub unlocked_by: Option<String>,
}

impl fmt::Display for NotIncluded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} plan does not include the model '{}'", self.plan, self.model)?;
        match &self.unlocked_by {
            Some(plan) => write!(f, "; the smallest plan that does is {plan}"),
            None => f.write_str("; no plan does"),
        }
    }
}

impl std::error::Error for NotIncluded {}

impl Catalog {
    /// The smallest plan (the first in the upgrade order, so the cheapest) that includes the
    /// model: the one a visitor is pointed to.
    pub fn smallest_plan_with(&self, model_id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.includes(model_id))
    }

    /// Whether `plan` may use `model_id`; if not, which plan would.
    pub fn model_access(&self, plan: &Plan, model_id: &str) -> Result<(), NotIncluded> {
        if plan.includes(model_id) {
            return Ok(());
        }
        Err(NotIncluded {
            model: model_id.to_string(),
            plan: plan.id.clone(),
            unlocked_by: self.smallest_plan_with(model_id).map(|p| p.id.clone()),
        })
    }

    /// The models `plan` may use, in the catalog's order.
    pub fn included_models<'a>(&'a self, plan: &'a Plan) -> impl Iterator<Item = &'a Model> + 'a {
        self.models.iter().filter(move |m| plan.includes(&m.id))
    }

    /// Whether `plan` may use every model of the catalog.
    pub fn includes_every_model(&self, plan: &Plan) -> bool {
        self.models.iter().all(|m| plan.includes(&m.id))
    }

    /// Credits bought alone (a pack, or so many credits) run on the models of the plan they
    /// are spent on: the free plan's at the least. Whether a model needs more, and which plan.
    pub fn credits_access(&self, model_id: &str) -> Result<(), NotIncluded> {
        self.model_access(self.free_plan(), model_id)
    }
}

/// Phrases with which a plan's words promise the whole catalog, by language (lower case; ASCII
/// letters are compared without regard to case).
const EVERY_MODEL: [(&str, &[&str]); 9] = [
    ("en", &["every model", "all models", "any model", "all the models"]),
    ("de", &["jedes modell", "alle modelle", "jedem modell", "allen modellen"]),
    ("fr", &["tous les modèles", "chaque modèle", "n'importe quel modèle"]),
    ("ja", &["すべてのモデル", "全てのモデル", "全モデル"]),
    ("es", &["todos los modelos", "cualquier modelo"]),
    ("pt-BR", &["todos os modelos", "qualquer modelo"]),
    ("ko", &["모든 모델", "전체 모델"]),
    ("zh-Hans", &["所有模型", "全部模型", "任何模型"]),
    ("ar", &["جميع النماذج", "كل النماذج", "كافة النماذج", "أي نموذج", "كل نموذج"]),
];

/// The phrase with which `text`, in `language`, promises every model, if it does (`None` too
/// for a language without a list: its words are not checked).
pub(crate) fn promises_every_model(language: &str, text: &str) -> Option<&'static str> {
    let (_, phrases) = EVERY_MODEL.iter().find(|(l, _)| *l == language)?;
    // By bytes: a substring search for `&str` patterns is kilobytes of the browser's wasm.
    let lower = text.to_ascii_lowercase();
    let says = |phrase: &str| lower.as_bytes().windows(phrase.len()).any(|w| w == phrase.as_bytes());
    phrases.iter().find(|phrase| says(phrase)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DEFAULT_CATALOG_JSON;

    fn excluded_model(catalog: &Catalog) -> String {
        catalog.models.iter().find(|m| !catalog.free_plan().includes(&m.id)).unwrap().id.clone()
    }

    #[test]
    fn words_that_promise_every_model_are_told_apart_in_each_language() {
        assert_eq!(promises_every_model("en", "Try Every Model today"), Some("every model"));
        assert_eq!(promises_every_model("de", "Testen Sie jedes Modell"), Some("jedes modell"));
        assert_eq!(promises_every_model("fr", "Essayez tous les modèles"), Some("tous les modèles"));
        assert_eq!(promises_every_model("ja", "すべてのモデルをお試しください"), Some("すべてのモデル"));
        assert_eq!(promises_every_model("es", "Prueba todos los modelos"), Some("todos los modelos"));
        assert_eq!(promises_every_model("pt-BR", "Use qualquer modelo"), Some("qualquer modelo"));
        assert_eq!(promises_every_model("ko", "모든 모델을 사용해 보세요"), Some("모든 모델"));
        assert_eq!(promises_every_model("zh-Hans", "体验所有模型"), Some("所有模型"));
        assert_eq!(promises_every_model("ar", "جرّب جميع النماذج"), Some("جميع النماذج"));
        assert_eq!(promises_every_model("en", "Try the standard models"), None);
        assert_eq!(promises_every_model("xx", "every model"), None, "a language without a list is not read");
    }

    #[test]
    fn the_free_plan_runs_the_standard_models_and_a_paid_plan_unlocks_the_rest() {
        let catalog = Catalog::parse(DEFAULT_CATALOG_JSON).unwrap();
        let free = catalog.free_plan();
        let excluded: Vec<&Model> = catalog.models.iter().filter(|m| !free.includes(&m.id)).collect();
        assert!(!excluded.is_empty() && excluded.len() < catalog.models.len(), "Free has some models, not all");
        assert!(excluded.iter().any(|m| m.id == catalog.estimate_basis.video_model), "the cards' video model is paid");
        for model in excluded {
            let refused = catalog.model_access(free, &model.id).unwrap_err();
            let unlocked_by = catalog.plan(refused.unlocked_by.as_deref().unwrap()).unwrap();
            assert!(unlocked_by.includes(&model.id) && !unlocked_by.free);
            let rank = catalog.plan_rank(&unlocked_by.id).unwrap();
            assert!(catalog.plans[..rank].iter().all(|p| !p.includes(&model.id)), "{} is the smallest", unlocked_by.id);
            assert_eq!(
                refused.to_string(),
                format!(
                    "the free plan does not include the model '{}'; the smallest plan that does is {}",
                    model.id, unlocked_by.id
                )
            );
        }
        assert_eq!(catalog.credits_access(&excluded_model(&catalog)).unwrap_err().plan, free.id);
        for plan in catalog.plans.iter().filter(|p| !p.free) {
            assert!(catalog.includes_every_model(plan), "{} includes every model", plan.id);
            assert_eq!(catalog.included_models(plan).count(), catalog.models.len());
        }
    }
}
