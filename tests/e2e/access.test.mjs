// Model access as a visitor meets it, in Chromium: the catalog says which models each plan may
// use (`models`), and the cards, the comparison matrix, the calculator (with its model table)
// and the plan finder all say the same, from pricing-core's rules (the `price-sheet` and
// `plan-finder` commands). A plan never seems to run a model it does not include.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, DIST, LIVE, CATALOG_FILE, serveDirectory, closeAll, launchChromium, readCatalog, priceSheet, collectProblems,
  axeViolations, withoutApi, withAttributes,
} from './support.mjs';

const catalog = readCatalog();
const free = catalog.plans.find((p) => p.free);
const modelName = (id) => catalog.models.find((m) => m.id === id).name;
/** "About 6 videos": a count as en-US writes it, in the form English uses for it. */
const about = (count, noun) => `About ${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
/** A model the free plan does not include, and the smallest plan that does. */
const locked = catalog.models.find((m) => !free.models.includes(m.id));
const unlockedBy = catalog.plans.find((p) => !p.models || p.models.includes(locked.id));
let server, browser;

before(async () => {
  server = await serveDirectory(DIST, {}, withoutApi);
  browser = await launchChromium();
});
after(() => closeAll(browser, server));

test('cards and matrix say which models each plan may use, and count on models the plan has', async () => {
  const page = await browser.newPage();
  const { uncaught: problems } = collectProblems(page);
  await page.goto(server.url);
  await page.locator(`${LIVE} .pw-matrix`).waitFor();
  const sheet = priceSheet();
  const freeCard = page.locator(`${LIVE} article[aria-labelledby$="-plan-${free.id}"]`);
  const names = free.models.map(modelName);
  await freeCard.getByText(`Models: ${names.join(', ')}`, { exact: true }).waitFor();
  const videos = sheet.plans.find((p) => p.id === free.id).videos_on;
  assert.equal(videos.on_basis, false, "the free plan lacks the cards' video model");
  const count = sheet.plans.find((p) => p.id === free.id).videos;
  await freeCard.getByText(`${about(count, 'video')} (${videos.seconds} s each, on ${modelName(videos.model)})`, { exact: true }).waitFor();
  assert.ok(free.models.includes(videos.model), 'counted on a model the plan includes');

  const row = page.locator(`${LIVE} .pw-matrix tr`, { has: page.getByRole('rowheader', { name: 'Models included' }) });
  const cells = await row.getByRole('cell').allTextContents();
  assert.deepEqual(cells, catalog.plans.map((p) => (p.models ? p.models.map(modelName).join(', ') : `Every model (${catalog.models.length})`)));
  for (const plan of catalog.plans.filter((p) => !p.models)) {
    const card = page.locator(`${LIVE} article[aria-labelledby$="-plan-${plan.id}"]`);
    await card.getByText(`Every model (${catalog.models.length})`, { exact: true }).waitFor();
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the calculator names the plan that unlocks a model, and the model table marks it', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.used = [];
    document.addEventListener('pricing-widget:calculator-used', (e) => window.used.push(e.detail));
  });
  await page.goto(server.url);
  const calculator = page.locator(`${LIVE} .pw-calculator`);
  await calculator.waitFor();
  await calculator.getByLabel('Plan', { exact: true }).selectOption(free.id);
  await calculator.getByLabel('Model', { exact: true }).selectOption(locked.id);
  const result = calculator.locator('.pw-calc-result');
  const refusal = `${locked.name} is not included in the ${free.name} plan. ${unlockedBy.name} and larger plans include it.`;
  await result.getByText(refusal, { exact: true }).waitFor();
  assert.equal(await result.getByTestId('calc-outputs').count(), 0, 'nothing is counted on a plan without the model');
  assert.deepEqual(await page.evaluate(() => window.used.at(-1)), { model: locked.id, credits: free.credits_per_month, outputs: 0 });
  const tableRow = calculator.locator('.pw-models tr', { has: page.getByRole('rowheader', { name: locked.name, exact: true }) });
  assert.equal((await tableRow.getByRole('cell').allTextContents()).at(-1), `Not in the ${free.name} plan`);

  // On the plan that unlocks it, the count is back; bought credits say which plan they need.
  await calculator.getByLabel('Plan', { exact: true }).selectOption(unlockedBy.id);
  await result.getByTestId('calc-outputs').waitFor();
  await calculator.getByRole('radio', { name: 'A credit pack' }).check();
  await result.getByText(`${locked.name} needs the ${unlockedBy.name} plan or a larger one`).waitFor();
  await result.getByTestId('calc-outputs').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('the finder never recommends a plan that cannot run the work', async () => {
  // One output of a model Free lacks: Free with a pack would cost less than any paid plan.
  const work = `${locked.id}:1`;
  const written = await serveDirectory(DIST, {}, withAttributes(() => `finder="${work}"`));
  const expected = JSON.parse(execFileSync(join(ROOT, 'target', 'debug', 'plan-finder'), [CATALOG_FILE, 'monthly', 'USD', work], { encoding: 'utf8' }));
  assert.equal(expected.best.plan, unlockedBy.id);
  const page = await browser.newPage();
  await page.goto(written.url);
  const best = page.locator(`${LIVE} .pw-finder .pw-finder-best`);
  await best.waitFor();
  assert.match(await best.textContent(), new RegExp(`^${unlockedBy.name}, `));
  await page.close();
  await written.close();
});
