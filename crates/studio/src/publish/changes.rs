use leptos::prelude::*;
use pricing_core::api::studio::DiffView;
use pricing_core::revision::PlanFigures;
use pricing_core::Money;

/// What a publication changes: every plan × currency × interval whose price or credits move
/// (with the price struck through beside a promotion's), the outputs per model that move, and
/// whom each price change reaches at their next renewal; and the texts that change in the
/// other languages.
#[component]
pub fn Changes(diff: DiffView) -> impl IntoView {
    let DiffView { against, changes, reach, texts, .. } = diff;
    let figures = |figures: &Option<PlanFigures>, currency| match figures {
        None => "—".to_string(),
        Some(f) => {
            let price = Money::new(f.charged, currency);
            let struck = f.was.map_or(String::new(), |was| format!(" (was {})", Money::new(was, currency)));
            format!("{price}{struck}, {} credits", f.credits_per_month)
        }
    };
    let prices = changes
        .prices
        .iter()
        .map(|c| {
            let (before, after) = (figures(&c.before, c.currency), figures(&c.after, c.currency));
            view! { <tr><td>{c.plan.clone()}</td><td>{c.currency.code()}</td><td>{c.interval.as_str()}</td><td>{before}</td><td>{after}</td></tr> }
        })
        .collect_view();
    let outputs = changes
        .outputs
        .iter()
        .map(|o| {
            let count = |n: Option<u64>| n.map_or("—".to_string(), |n| n.to_string());
            let output = format!("{} {}{}", o.model, o.resolution, o.seconds.map_or(String::new(), |s| format!(" {s} s")));
            view! { <tr><td>{o.plan.clone()}</td><td>{output}</td><td>{count(o.before)}</td><td>{count(o.after)}</td></tr> }
        })
        .collect_view();
    let reached = reach
        .iter()
        .map(|r| {
            let when = format!("{} to {}", r.first_renewal.format("%Y-%m-%d"), r.last_renewal.format("%Y-%m-%d"));
            let who =
                format!("{} subscriber(s) on {} {} in {}", r.subscribers, r.plan, r.interval.as_str(), r.currency);
            view! { <li>{format!("{who}: at their next renewal, {when}")}</li> }
        })
        .collect_view();
    let quoted = |text: &Option<String>| text.as_ref().map_or("—".to_string(), |t| format!("“{t}”"));
    let translated = texts
        .iter()
        .map(|t| view! { <tr><td>{t.language.clone()}</td><td>{t.key.clone()}</td><td>{quoted(&t.before)}</td><td>{quoted(&t.after)}</td></tr> })
        .collect_view();
    let nothing = changes.is_empty() && texts.is_empty();
    view! {
        <div class="changes" aria-live="polite">
            <h3>{format!("Against version {against}")}</h3>
            {nothing.then(|| view! { <p>"Nothing changes."</p> })}
            {(!changes.prices.is_empty()).then(|| view! {
                <table>
                    <caption>"Prices and credits"</caption>
                    <thead><tr><th scope="col">"Plan"</th><th scope="col">"Currency"</th><th scope="col">"Interval"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>{prices}</tbody>
                </table>
            })}
            {(!changes.outputs.is_empty()).then(|| view! {
                <table>
                    <caption>"Outputs per month"</caption>
                    <thead><tr><th scope="col">"Plan"</th><th scope="col">"Output"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>{outputs}</tbody>
                </table>
            })}
            {(!texts.is_empty()).then(|| view! {
                <table>
                    <caption>"Translations"</caption>
                    <thead><tr><th scope="col">"Language"</th><th scope="col">"Text"</th><th scope="col">"Before"</th><th scope="col">"After"</th></tr></thead>
                    <tbody>{translated}</tbody>
                </table>
            })}
            <h4>"Subscribers reached"</h4>
            {match reach.is_empty() {
                true => view! { <p>"No subscriber pays a price that changes."</p> }.into_any(),
                false => view! { <ul>{reached}</ul> }.into_any(),
            }}
            {(!changes.other_parts.is_empty()).then(|| view! { <p>{format!("Parts changed: {}", changes.other_parts.join(", "))}</p> })}
        </div>
    }
}
