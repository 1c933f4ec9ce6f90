use html_escape::{encode_double_quoted_attribute as escape_attribute, encode_text as escape_text};
use leptos::prelude::*;
use pricing_core::catalog::Model;
use pricing_core::finder::OutputPrice;

use crate::state::{use_pricing, Shown};
use crate::words::format;
use crate::words::Words;

const ROW_HEIGHT: f64 = 28.0;
const NAME_WIDTH: f64 = 120.0;
const BAR_WIDTH: f64 = 150.0;

/// A bar's label: its price per output, "Unlimited", that the plan does not have the model, or
/// a dash where credits have no price.
fn label(bar: &OutputPrice, words: &Words) -> String {
    match (bar.unlimited, bar.each) {
        _ if !bar.included => words.text("chart.not_included"),
        (true, _) => words.text("calc.unlimited_tag"),
        (false, Some(each)) => format::money(each, &words.locale),
        (false, None) => "—".to_string(),
    }
}

/// The chart as markup: an SVG of one bar per way of paying, scaled to the dearest, and the
/// same figures as a table for screen readers (the SVG is one image to them), in a hidden box
/// that clips it (a table is never narrower than its cells, and would widen a phone's page). Markup rather
/// than view nodes because every distinct view type costs the wasm kilobytes of generic code.
fn markup(bars: &[OutputPrice], title: &str, words: &Words) -> String {
    let dearest = bars.iter().filter(|b| !b.unlimited).filter_map(|b| b.each).map(|m| m.minor).max().unwrap_or(1);
    let height = (bars.len() as f64 * ROW_HEIGHT).max(ROW_HEIGHT);
    let mut svg = format!(
        r#"<svg viewBox="0 0 360 {height}" role="img" aria-label="{}" class="pw-chart">"#,
        escape_attribute(title)
    );
    // Right to left, the chart is mirrored: names at the right, bars growing leftwards. The
    // texts' `start` anchor is then their right end, as the inherited `direction` says.
    let rtl = crate::words::direction(&words.language) == "rtl";
    let at = |x: f64, width: f64| if rtl { 360.0 - x - width } else { x };
    let mut rows = String::new();
    for (i, bar) in bars.iter().enumerate() {
        let (y, name, label) = (i as f64 * ROW_HEIGHT, escape_text(&bar.name), label(bar, words));
        let share = match (bar.unlimited, bar.each) {
            (false, Some(each)) => each.minor as f64 / dearest.max(1) as f64,
            _ => 0.0,
        };
        let width = (share * BAR_WIDTH).max(2.0);
        let class = if bar.unlimited { r#" class="pw-chart-unlimited""# } else { "" };
        svg += &format!(
            r#"<text x="{}" y="{}" class="pw-chart-name">{name}</text><rect x="{}" y="{}" height="18" rx="3" width="{width}"{class}></rect><text x="{}" y="{}">{}</text>"#,
            at(0.0, 0.0),
            y + 17.0,
            at(NAME_WIDTH, width),
            y + 4.0,
            at(NAME_WIDTH + 6.0 + width, 0.0),
            y + 17.0,
            escape_text(&label)
        );
        rows += &format!(r#"<tr><th scope="row">{name}</th><td>{}</td></tr>"#, escape_text(&label));
    }
    format!(
        r#"{svg}</svg><div class="pw-visually-hidden"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{rows}</tbody></table></div>"#,
        escape_text(&words.text("chart.source")),
        escape_text(&words.text("chart.each"))
    )
}

/// What one output of the calculator's choice costs on every plan and pack (SVG, no chart
/// library: every byte is the visitor's), with the figures as a table for screen readers.
/// Unlimited plans make it for nothing; the Free plan's credits are not bought, so it has no bar.
#[component]
pub fn PriceChart(
    /// The output priced: its model, the resolution it settled on, and its credit cost.
    model: Memo<Option<Model>>,
    settled: Memo<Option<(Option<u32>, String)>>,
    cost: Memo<Option<u64>>,
    shown: Shown,
) -> impl IntoView {
    let state = use_pricing();
    let (catalog, words) = (state.catalog.clone(), state.words.clone());
    let (currency, now) = (shown.currency, state.now);
    let title = words.text("chart.title");
    let chart_title = title.clone();
    let chart = move || {
        let priced = model.get().zip(settled.get()).zip(cost.get());
        let bars = priced.map_or_else(Vec::new, |((model, (_, resolution)), cost)| {
            catalog.output_prices(&model, &resolution, cost, shown.interval(), currency.get(), now)
        });
        markup(&bars, &chart_title, &words)
    };
    view! {
        <figure class="pw-chart-figure">
            <figcaption>{title}</figcaption>
            <div inner_html=chart></div>
        </figure>
    }
}
