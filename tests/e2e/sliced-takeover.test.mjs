// The takeover of a pre-rendered widget in short steps, the page free between two (the frame,
// then the controls, each card and each section), held still between two steps: a change
// made then (an attribute, a click, the element taken away) lands on a live widget, never on
// a part that would keep the pre-render's text, and nothing breaks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, priceSheet, money, cardAmounts, collectProblems, hostPage, EMPTY_ICON,
} from './support.mjs';

const pages = {};
let server, browser, sheet;

before(async () => {
  server = await serveDirectory(DIST, {}, undefined, pages);
  browser = await launchChromium();
  sheet = priceSheet();
});
after(() => closeAll(browser, server));

const snippet = () => execFileSync(join(ROOT, 'target', 'debug', 'prerender'), ['--dist', DIST, '--language', 'en', '--currency', 'USD'], { encoding: 'utf8' });

/** Counts the takeover's yields to the page and holds it still at the first one after the
 *  frame and `parts` parts are hydrated, until `window.__resume()`; notes the widget's events. */
function countSteps(parts) {
  window.__yields = 0;
  window.__events = [];
  for (const type of ['pricing-widget:ready', 'pricing-widget:plan-chosen']) {
    document.addEventListener(type, (event) => window.__events.push({ type, detail: event.detail }));
  }
  const hydrated = (name) => performance.getEntriesByName(`pricing-widget ${name}`, 'measure').length;
  const yieldNow = scheduler.yield.bind(scheduler);
  scheduler.yield = () => {
    window.__yields += 1;
    if (window.__resume || hydrated('hydrate') !== 1 || hydrated('hydrate later') !== parts) return yieldNow();
    return new Promise((resolve) => (window.__resume = resolve));
  };
}

/** The snippet's page, its takeover held once the frame and `parts` parts are live (never
 *  with `Infinity`); `setUp(page)` runs before it loads. */
async function openHeldAt(name, parts, { slowdown = 1, setUp = () => {} } = {}) {
  pages[`/${name}.html`] = hostPage(snippet(), EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const reported = collectProblems(page);
  if (slowdown > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  await setUp(page);
  await page.addInitScript(countSteps, parts);
  await page.goto(`${server.url}${name}.html`);
  if (Number.isFinite(parts)) await page.waitForFunction(() => window.__resume);
  return { page, ...reported };
}

const measures = (page, name) => page.evaluate((n) => performance.getEntriesByName(n, 'measure').length, name);
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);
/** Yields before the digest's: after the instance's set-up, the catalog decoded, and checked
 *  with the choices settled; then the digest, walked in as many slices as the device needs (one
 *  `check` measure each), then the frame. */
const STEPS_BEFORE_DIGEST = 3;

test('the takeover yields to the page between its steps, and is live only once every part is', async () => {
  const { page, problems } = await openHeldAt('steps', Infinity);
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  const parts = await measures(page, 'pricing-widget hydrate later');
  const cards = await page.locator('.pw-card').count();
  // The controls, each card, and at least the packs, the matrix, the calculator, the finder, the FAQ.
  assert.ok(parts >= 1 + cards + 5, `${parts} parts hydrated each in a step of its own`);
  const slices = await measures(page, 'pricing-widget check');
  assert.ok(slices >= 1, 'the digest is checked');
  assert.equal(await page.evaluate(() => window.__yields), STEPS_BEFORE_DIGEST + slices + 1 + parts, 'a yield to the page between any two steps');
  assert.equal(await measures(page, 'pricing-widget hydrate'), 1, 'one frame');
  assert.deepEqual((await events(page, 'pricing-widget:ready')).map((e) => e.detail.hydrated), [true], 'ready once, taken over');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a currency set between two steps reaches the cards hydrated after it', async () => {
  const { page, problems } = await openHeldAt('currency-midway', 0);
  assert.equal(await measures(page, 'pricing-widget hydrate'), 1, 'the frame is hydrated');
  assert.equal(await measures(page, 'pricing-widget hydrate later'), 0, 'no card yet');
  assert.deepEqual(await events(page, 'pricing-widget:ready'), [], 'the widget is not ready yet');
  await page.evaluate(() => document.querySelector('pricing-widget').setAttribute('currency', 'EUR'));
  await page.evaluate(() => window.__resume());
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'pricing-widget:ready'));
  const euros = sheet.plans.map((p) => money(p.prices.EUR.monthly.per_month, 'EUR'));
  assert.deepEqual(await cardAmounts(page), euros, 'every card re-priced, none left with the pre-render\'s dollars');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a click on a card between two steps is answered once the widget is live, once', async () => {
  const { page, problems } = await openHeldAt('click-midway', 1);
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Pro' }).click();
  assert.deepEqual(await events(page, 'pricing-widget:plan-chosen'), [], 'kept while the card waits');
  await page.evaluate(() => window.__resume());
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'pricing-widget:plan-chosen'));
  assert.deepEqual((await events(page, 'pricing-widget:plan-chosen')).map((e) => e.detail.plan), ['pro']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a widget taken off the page between two steps stops there, without an error', async () => {
  const { page, problems } = await openHeldAt('removed-midway', 2);
  await page.evaluate(() => document.querySelector('pricing-widget').remove());
  await page.evaluate(() => window.__resume());
  const { liveWidgets } = await page.evaluate(async () => ({ liveWidgets: await (await import('./pricing-widget.js')).liveWidgets() }));
  assert.equal(liveWidgets, 0, 'nothing of it left in the wasm');
  assert.deepEqual(await events(page, 'pricing-widget:ready'), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('on a slow device the digest is walked in slices, and the widget is still taken over', async () => {
  // At 20× slowdown the walk takes several of its 20 ms slices on any machine.
  const { page, problems } = await openHeldAt('slow-digest', Infinity, { slowdown: 20 });
  await page.locator(`${LIVE} .pw-card`).first().waitFor({ timeout: 60_000 });
  assert.ok(await measures(page, 'pricing-widget check') >= 2, 'more than one slice');
  assert.deepEqual((await events(page, 'pricing-widget:ready')).map((e) => e.detail.hydrated), [true], 'the digest walked in slices is the one the pre-render wrote');
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Pro' }).click();
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'pricing-widget:plan-chosen'));
  assert.deepEqual(problems, []);
  await page.close();
});

test("the browser's formatters are warmed by a worker, off the page's main thread", async () => {
  let worker;
  const { page, problems } = await openHeldAt('warm', Infinity, { setUp: (p) => void (worker = p.waitForEvent('worker')) });
  assert.match((await worker).url(), /\/pricing-widget-warm\.js$/, "a worker from the widget's own files");
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  assert.equal(await measures(page, 'pricing-widget warm'), 0, 'no formatter made on the main thread to warm it');
  assert.deepEqual(problems, []);
  await page.close();
});

test('when the worker cannot start, the formatters are warmed on the main thread, a task each', async () => {
  const missing = (p) => p.route('**/pricing-widget-warm.js', (route) => route.fulfill({ status: 404, body: '' }));
  const { page, problems } = await openHeldAt('warm-here', Infinity, { setUp: missing });
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('pricing-widget warm', 'measure').length >= 2);
  // One locale: a date and a money formatter, each in a task of its own.
  assert.equal(await measures(page, 'pricing-widget warm'), 2);
  assert.deepEqual(problems.filter((p) => !/404/.test(p)), [], 'nothing but the missing file itself');
  await page.close();
});
