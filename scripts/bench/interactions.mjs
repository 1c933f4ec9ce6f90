// How fast the live widget answers a visitor, timed in the page: a calculator input to the
// updated DOM, a currency change to re-priced cards, and a keystroke in the plan finder with
// all its lines in use to its new answer (each keystroke searches again: the dearest input the
// widget has). Medians of many inputs on the demo page once the wasm runs it.
import { creditsOnlyModel, readCatalog } from '../../tests/e2e/support.mjs';
import { openLiveWidget } from './chromium.mjs';
import { median } from './median.mjs';

/** The timings, in milliseconds, of `runs` calculator inputs, 7 currency changes and `runs`
 *  finder keystrokes on the page at `url`, with how many finder lines were in use. */
async function timeInteractions(url, runs) {
  const { page, close } = await openLiveWidget(url);
  const timings = await page.evaluate(async ({ runs, creditsOnly }) => {
    const shadow = document.querySelector('pricing-widget').shadowRoot;
    const text = (selector) => shadow.querySelector(selector)?.textContent;
    /** Milliseconds from `act()` to `selector`'s text differing from before (the view may replace
     *  the element, so it is looked up again each time). Leptos mostly updates synchronously, so
     *  the check right after `act()` usually ends it; else microtasks, then frames, for 2 s. */
    const timed = async (selector, act) => {
      const before = text(selector);
      const start = performance.now();
      act();
      for (let i = 0; text(selector) === before; i++) {
        if (performance.now() - start > 2000) return NaN;
        await (i < 100 ? Promise.resolve() : new Promise(requestAnimationFrame));
      }
      return performance.now() - start;
    };
    const credits = [...shadow.querySelectorAll('.pw-calculator .pw-interval label')].find((l) => l.textContent.trim() === 'Credits');
    credits.querySelector('input[type=radio]').click();
    const field = '.pw-calculator input[type=number]';
    for (let i = 0; i < 120 && !shadow.querySelector(field); i++) await new Promise(requestAnimationFrame);
    const input = shadow.querySelector(field);
    /** Sets `control` to each value in turn, timing each change until `selector`'s text changes. */
    const series = async (control, event, values, selector) => {
      const times = [];
      for (const value of values) {
        times.push(await timed(selector, () => {
          control.value = String(value);
          control.dispatchEvent(new Event(event, { bubbles: true }));
        }));
      }
      return times;
    };
    // Every value new, and few then many credits in turn, so that the output count changes.
    const calculator = await series(input, 'input', Array.from({ length: runs }, (_, i) => (i % 2 ? 50_000 + i : i)), '[data-testid=calc-outputs]');
    const select = shadow.querySelector('.pw-currency select');
    const reprice = await series(select, 'change', ['EUR', 'GBP', 'JPY', 'USD', 'EUR', 'GBP', 'JPY'], '.pw-card .pw-amount');
    // The plan finder with every line it takes in use: each keystroke searches again. The timed
    // line is on a model no plan has Unlimited (else its count changes no answer), its count few
    // then many in turn.
    const frame = () => new Promise(requestAnimationFrame);
    const add = [...shadow.querySelectorAll('.pw-finder button')].find((b) => b.textContent === 'Add a line');
    for (let i = 0; i < 20 && !add.disabled; i++) {
      add.click();
      await frame();
    }
    const lines = shadow.querySelectorAll('.pw-finder-line').length;
    const model = shadow.querySelector('.pw-finder-line select');
    model.value = creditsOnly;
    model.dispatchEvent(new Event('change', { bubbles: true }));
    await frame();
    const count = shadow.querySelector('.pw-finder-line input[type=number]');
    const finder = await series(count, 'input', Array.from({ length: runs }, (_, i) => (i % 2 ? 5_000 + i : i)), '.pw-finder-answer');
    return { calculator, reprice, finder, lines };
  }, { runs, creditsOnly: creditsOnlyModel(readCatalog()).id });
  await close();
  return timings;
}

/** One line: the median of the timings `xs` that changed the DOM, and how many did not. */
function printTiming(label, xs, what) {
  const ok = xs.filter(Number.isFinite);
  const missed = xs.length - ok.length ? ` (${xs.length - ok.length} did not change the DOM within 2 s)` : '';
  console.log(`${label.padEnd(37)} median ${ok.length ? median(ok).toFixed(2) : '—'} ms over ${ok.length} ${what}${missed} (timer step 0.1 ms: not cross-origin isolated)`);
}

/** Times the interactions on the demo page at `url` and prints them. */
export async function printInteractionTimings(url) {
  const timings = await timeInteractions(url, 21);
  printTiming('calculator input to updated DOM:', timings.calculator, 'inputs');
  printTiming('currency change to re-priced cards:', timings.reprice, 'changes');
  printTiming(`finder keystroke to answer (${timings.lines} lines):`, timings.finder, 'inputs');
}
