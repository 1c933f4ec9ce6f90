use leptos::prelude::*;
use pricing_core::CatalogError;

/// Shown instead of the widget when the catalog does not validate: visitors get a clear
/// sentence in their language, the page's editors the list of problems (in the catalog's
/// terms, which are English).
#[component]
pub fn CatalogProblem(
    error: CatalogError,
    /// What the visitor reads.
    unavailable: String,
    /// The heading of the editor's details.
    details: String,
    #[prop(default = true)] inline_style: bool,
) -> impl IntoView {
    view! {
        <div class="pw-root pw-problem" role="alert">
            {inline_style.then_some(view! { <style>{crate::widget::STYLE}</style> })}
            <p>{unavailable}</p>
            <details>
                <summary>{details}</summary>
                <ul>{error.problems.into_iter().map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}</ul>
            </details>
        </div>
    }
}
