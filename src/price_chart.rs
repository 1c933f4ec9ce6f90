use leptos::prelude::*;
use pricing_core::catalog::Model;
use pricing_core::Money;

use crate::format;
use crate::state::use_pricing;

/// One bar: a plan or a pack, what one output costs through it, or Unlimited.
#[derive(Clone, PartialEq)]
struct Bar {
    name: String,
    each: Option<Money>,
    unlimited: bool,
}

/// What one output of the calculator's choice costs on every plan and pack, as bars (SVG, no
/// chart library: every byte is the visitor's) with a table for screen readers. Unlimited
/// plans make it for nothing; the Free plan's credits have no price.
#[component]
pub fn PriceChart(
    /// The output priced: its model, resolution and credit cost.
    spec: Signal<Option<(Model, String, u64)>>,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let (interval, currency, now) = (state.interval, state.currency, state.now);
    let bars = Memo::new(move |_| {
        let Some((model, resolution, cost)) = spec.get() else { return Vec::new() };
        let (interval, currency) = (interval.get(), currency.get());
        let plans = catalog.plans.iter().filter(|p| !p.free).map(|plan| Bar {
            name: plan.name.clone(),
            each: catalog.plan_price_per_output(&plan.id, interval, currency, now, cost).ok().flatten(),
            unlimited: plan.is_unlimited(&model, &resolution),
        });
        let packs = catalog.credit_packs.iter().map(|pack| Bar {
            name: pack.name.clone(),
            each: catalog.pack_price_per_output(&pack.id, currency, cost).ok().flatten(),
            unlimited: false,
        });
        plans.chain(packs).collect()
    });
    let label = |bar: &Bar, words: &crate::words::Words, locale: &str| match (bar.unlimited, bar.each) {
        (true, _) => words.text("calc.unlimited_tag"),
        (false, Some(each)) => format::money(each, locale),
        (false, None) => "—".to_string(),
    };
    let title = words.text("chart.title");
    let (chart_words, table_words) = (words.clone(), words.clone());
    let locale = state.locale.clone();
    let svg = move || {
        let bars = bars.get();
        let most =
            bars.iter().filter(|b| !b.unlimited).filter_map(|b| b.each).map(|m| m.minor).max().unwrap_or(1).max(1);
        let rows = bars
            .iter()
            .enumerate()
            .map(|(i, bar)| {
                let y = i as f64 * 28.0;
                let share = if bar.unlimited { 0.0 } else { bar.each.map_or(0.0, |m| m.minor as f64 / most as f64) };
                view! {
                    <text x="0" y=y + 17.0 class="pw-chart-name">{bar.name.clone()}</text>
                    <rect x="120" y=y + 4.0 height="18" rx="3" width=(share * 150.0).max(2.0) class:pw-chart-unlimited=bar.unlimited/>
                    <text x=(126.0 + share * 150.0).max(128.0) y=y + 17.0>{label(bar, &chart_words, &locale)}</text>
                }
            })
            .collect_view();
        let height = (bars.len() as f64 * 28.0).max(28.0);
        view! { <svg viewBox=format!("0 0 360 {height}") role="img" aria-label=title.clone() class="pw-chart">{rows}</svg> }
    };
    let table_locale = state.locale.clone();
    let table = move || {
        bars.get()
            .iter()
            .map(|bar| view! { <tr><th scope="row">{bar.name.clone()}</th><td>{label(bar, &table_words, &table_locale)}</td></tr> })
            .collect_view()
    };
    view! {
        <figure class="pw-chart-figure">
            <figcaption>{words.text("chart.title")}</figcaption>
            {svg}
            <table class="pw-visually-hidden">
                <thead><tr><th scope="col">{words.text("chart.source")}</th><th scope="col">{words.text("chart.each")}</th></tr></thead>
                <tbody>{table}</tbody>
            </table>
        </figure>
    }
}
