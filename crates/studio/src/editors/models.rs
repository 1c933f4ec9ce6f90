use leptos::prelude::*;

use super::count;
use crate::draft::Draft;
use crate::fields::{NumberField, TextField};

/// The AI models and what their outputs cost: credits per image, or per billed second of video,
/// at each resolution (the widget's calculator and every card's estimate follow).
#[component]
pub fn Models(draft: Draft) -> impl IntoView {
    let models = count(draft, "models");
    let model = move |index: usize| {
        let at = format!("models[{index}]");
        let name = {
            let path = format!("{at}.name");
            Memo::new(move |_| draft.get(&path).as_str().unwrap_or_default().to_string())
        };
        let per = match draft.get(&format!("{at}.kind")).as_str() {
            Some("video") => "per second",
            _ => "per image",
        };
        let resolutions: Vec<String> = draft
            .get(&format!("{at}.resolutions"))
            .as_array()
            .map(|r| r.iter().filter_map(|r| r["id"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        let costs = resolutions
            .into_iter()
            .enumerate()
            .map(|(j, resolution)| {
                let label = format!("Credits {per} at {resolution}");
                view! { <NumberField draft path=format!("{at}.resolutions[{j}].credits") label /> }
            })
            .collect_view();
        view! {
            <fieldset class="model">
                <legend>{name}</legend>
                <TextField draft path=format!("{at}.name") label="Name" />
                <div class="row">{costs}</div>
            </fieldset>
        }
    };
    view! {
        <section id="models" aria-labelledby="models-heading">
            <h2 id="models-heading">"Models and credit costs"</h2>
            {move || (0..models.get()).map(model).collect::<Vec<_>>()}
        </section>
    }
}
