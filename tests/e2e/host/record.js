// Records, for the test, what the widgets tell the page: events, CSP violations, layout shifts.
window.recorded = { events: [], violations: [], layoutShift: 0 };
document.addEventListener('securitypolicyviolation', (e) => window.recorded.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
for (const name of ['plan-viewed', 'interval-changed', 'currency-changed', 'calculator-used', 'plan-chosen', 'checkout-started', 'checkout-failed']) {
  document.addEventListener(`pricing-widget:${name}`, (e) => window.recorded.events.push({ type: name, widget: e.target.id, detail: e.detail }));
}
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.recorded.layoutShift += entry.value;
}).observe({ type: 'layout-shift', buffered: true });
