use leptos::prelude::*;
use pricing_core::sections::Sections;

/// Which of the widget's sections to show, in the widget's order (the `sections` attribute).
#[component]
pub fn SectionChoice(sections: RwSignal<Vec<String>>, id: &'static str) -> impl IntoView {
    let boxes = Sections::NAMES
        .iter()
        .map(|&name| {
            let box_id = format!("{id}-{name}");
            let on = move || sections.with(|s| s.iter().any(|n| n == name));
            let toggle = move |ev| {
                sections.update(|s| {
                    s.retain(|n| n != name);
                    if event_target_checked(&ev) {
                        s.push(name.to_string());
                        s.sort_by_key(|n| Sections::NAMES.iter().position(|m| m == n));
                    }
                })
            };
            view! { <span class="choice"><input id=box_id.clone() type="checkbox" prop:checked=on on:change=toggle /><label for=box_id>{name}</label></span> }
        })
        .collect_view();
    view! { <fieldset class="field choices"><legend>"Sections"</legend>{boxes}</fieldset> }
}

/// The `sections` attribute's value: empty for all of them (the widget's default).
pub fn attribute(sections: &[String]) -> String {
    match sections.len() == Sections::NAMES.len() {
        true => String::new(),
        false => sections.join(","),
    }
}
