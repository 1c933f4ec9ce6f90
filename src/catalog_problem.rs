use leptos::prelude::*;
use pricing_core::CatalogError;

/// Shown instead of the widget when the catalog does not validate: visitors get a clear
/// sentence, the page's editors the list of problems.
#[component]
pub fn CatalogProblem(error: CatalogError, #[prop(default = true)] inline_style: bool) -> impl IntoView {
    view! {
        <div class="pw-root pw-problem" role="alert">
            {inline_style.then_some(view! { <style>{crate::app::STYLE}</style> })}
            <p><strong>"Prices are unavailable right now."</strong> " Please try again later."</p>
            <details>
                <summary>"Details for the site editor"</summary>
                <ul>{error.problems.into_iter().map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}</ul>
            </details>
        </div>
    }
}
