// How soon a visitor sees plans, on a desktop over loopback (the network out of the way: what
// is left is the page's own work): from navigation to the first frame with a plan card in it,
// and to the largest contentful paint, median of many loads of each variant, and each as a
// ratio to the static copy's (1.00× would be a widget as fast as plain HTML).
import { DESKTOP } from '../../tests/e2e/support.mjs';
import { launchForMeasurements } from './chromium.mjs';
import { median } from './median.mjs';

/** Milliseconds from navigation start to the first frame whose rAF finds a plan card in the
 *  page or the widget's shadow root (when it can first be painted, not yet that it was), and
 *  to the largest contentful paint (an actual paint: the widget's first screen, cards included). */
async function cardsOnScreen(browser, url) {
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.addInitScript(() => {
    new PerformanceObserver((list) => (window.lcpAt = list.getEntries().at(-1).startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
    const look = () => {
      const shadow = document.querySelector('pricing-widget')?.shadowRoot;
      if (shadow?.querySelector('.pw-card') ?? document.querySelector('.pw-card')) window.cardsAt = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.cardsAt !== undefined && window.lcpAt !== undefined);
  await page.waitForTimeout(250); // for later, larger LCP candidates
  const at = await page.evaluate(() => ({ frame: window.cardsAt, lcp: window.lcpAt }));
  await page.close();
  // The closed page's wasm may still be compiling in the background: on 2 cores that would
  // slow the next load down, whichever it is.
  await new Promise((r) => setTimeout(r, 300));
  return at;
}

/** Loads each of `variants` (name → URL, the static copy named `static`) `runs` times and
 *  prints the medians. */
export async function printCardsOnScreen(variants, runs) {
  const names = Object.keys(variants);
  const browser = await launchForMeasurements();
  const loads = Object.fromEntries(names.map((name) => [name, []]));
  // Each round starts with another variant, so that none always follows the same one.
  for (let i = 0; i < runs * names.length; i++) {
    const name = names[(i + Math.floor(i / names.length)) % names.length];
    loads[name].push(await cardsOnScreen(browser, variants[name]));
  }
  await browser.close();
  const medianOf = (name, key) => median(loads[name].map((at) => at[key]));
  console.log(`plan cards on screen after navigation (desktop, loopback, median of ${runs} loads, and its ratio release/static):`);
  console.log(`  ${''.padEnd(14)} ${'first frame with a card'.padEnd(28)}largest contentful paint`);
  for (const name of names) {
    const cell = (key) => `${medianOf(name, key).toFixed(1).padStart(7)} ms ${(medianOf(name, key) / medianOf('static', key)).toFixed(2).padStart(5)}×`;
    console.log(`  ${name.padEnd(14)} ${cell('frame').padEnd(28)}${cell('lcp')}`);
  }
}
