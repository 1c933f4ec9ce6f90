// Forwards every widget event to the console; swap console.info for your analytics call.
const names = ['plan-viewed', 'interval-changed', 'currency-changed', 'calculator-used', 'plan-chosen', 'pack-chosen', 'checkout-started', 'checkout-failed'];
for (const name of names) {
  document.addEventListener(`pricing-widget:${name}`, (event) => console.info(event.type, event.detail));
}
