// The plan finder in Chromium: its answer for the work a visitor describes is the one
// pricing-core's finder gives (the `plan-finder` command), in the chosen currency and interval,
// with the event a page can forward; more than the largest plan covers sends to support; a
// link or an attribute writes the work. The price chart shows the calculator's figures, and the
// cards count the videos the calculator counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, DIST, DESKTOP, LIVE, CATALOG_FILE, serveDirectory, closeAll, launchChromium, readCatalog, creditsOnlyModel, money, collectProblems, axeViolations, withoutApi,
  withAttributes, priceSheet,
} from './support.mjs';

const catalog = readCatalog();
let server, browser;

before(async () => {
  server = await serveDirectory(DIST, {}, withoutApi);
  browser = await launchChromium();
});
after(() => closeAll(browser, server));

/** What pricing-core's finder answers for `work` (as the `finder` attribute takes it). */
function core(interval, currency, work) {
  const bin = join(ROOT, 'target', 'debug', 'plan-finder');
  return JSON.parse(execFileSync(bin, [CATALOG_FILE, interval, currency, work], { encoding: 'utf8' }));
}

/** The headline the widget must show for the core's choice. */
function headline(best, currency) {
  const plan = catalog.plans.find((p) => p.id === best.plan).name;
  const price = money(best.per_month, currency);
  if (!best.packs.length) return `${plan}, ${price} per month`;
  const packs = best.packs.map(({ pack, count }) => {
    const name = catalog.credit_packs.find((p) => p.id === pack).name;
    return count === 1 ? `1 ${name} a month` : `${count} × ${name} a month`;
  });
  return `${plan} with ${packs.join(', ')}, ${price} per month`;
}

/** A typical month, as the finder starts: the estimate basis's models, each at its lowest
 *  resolution and shortest clip. */
function typicalMonth(videos, images) {
  const basis = catalog.estimate_basis;
  const video = catalog.models.find((m) => m.id === basis.video_model);
  const image = catalog.models.find((m) => m.id === basis.image_model);
  return `${video.id}:${video.resolutions[0].id}:${Math.min(...video.durations_s)}s:${videos},${image.id}:${image.resolutions[0].id}:${images}`;
}

test('the finder answers as pricing-core does, for every change of work, interval and currency', async () => {
  const page = await browser.newPage({ viewport: DESKTOP });
  const { uncaught: problems } = collectProblems(page);
  await page.addInitScript(() => {
    window.recommended = [];
    document.addEventListener('pricing-widget:plan-recommended', (e) => window.recommended.push(e.detail));
  });
  await page.goto(server.url);
  const finder = page.locator(`${LIVE} .pw-finder`);
  await finder.waitFor();
  const best = () => finder.locator('.pw-finder-best').textContent();

  let expected = core('monthly', 'USD', typicalMonth(30, 200));
  assert.equal(await best(), headline(expected.best, 'USD'));
  assert.deepEqual(await page.evaluate(() => window.recommended), [], 'no event before the visitor changes anything');
  const counts = finder.getByRole('spinbutton', { name: 'How many a month' });
  for (const [videos, images] of [[300, 200], [300, 5000], [2000, 0]]) {
    await counts.nth(0).fill(String(videos));
    await counts.nth(1).fill(String(images));
    expected = core('monthly', 'USD', typicalMonth(videos, images));
    assert.equal(await best(), headline(expected.best, 'USD'), `${videos} videos, ${images} images`);
  }
  const last = await page.evaluate(() => window.recommended.at(-1));
  assert.deepEqual(last, { plan: expected.best.plan, per_month: expected.best.per_month, currency: 'USD' });

  await page.getByRole('radio', { name: /Annual/ }).first().check();
  await page.getByLabel('Currency').selectOption('EUR');
  expected = core('annual', 'EUR', typicalMonth(2000, 0));
  assert.equal(await best(), headline(expected.best, 'EUR'));
  if (expected.next_best) {
    const saved = money(expected.next_best.per_month - expected.best.per_month, 'EUR');
    assert.ok((await finder.locator('.pw-finder-answer').textContent()).includes(saved), 'what the next best would cost more');
  }
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('lines come and go; more than the largest plan covers sends the visitor to support', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(server.url);
  const finder = page.locator(`${LIVE} .pw-finder`);
  await finder.waitFor();
  const models = () => finder.getByRole('combobox', { name: 'Model' }).evaluateAll((s) => s.map((e) => e.value));
  const [, image] = await models();
  await finder.getByRole('button', { name: 'Remove' }).first().click();
  assert.deepEqual(await models(), [image]);
  // A new line goes below the others, with the catalog's first model.
  await finder.getByRole('button', { name: 'Add a line' }).click();
  assert.deepEqual(await models(), [image, catalog.models[0].id]);
  // On a model no plan has Unlimited, so that every plan spends credits on it.
  const everywhere = creditsOnlyModel(catalog);
  await finder.getByRole('combobox', { name: 'Model' }).last().selectOption(everywhere.id);
  await finder.getByRole('spinbutton', { name: 'How many a month' }).last().fill('10000000');
  const answer = finder.locator('.pw-finder-answer');
  await answer.getByRole('link', { name: catalog.support.email }).waitFor();
  assert.match(await answer.textContent(), /more than our largest plan/);
  await page.close();
});

test('a link or an attribute writes the work; a wrong one is named and the typical month shown', async () => {
  const work = 'kling-2.1-master:10s:12,flux-2-pro:1K:300';
  const written = await serveDirectory(DIST, {}, withAttributes(() => `finder="${work}"`));
  const linked = await serveDirectory(DIST, {}, withAttributes(() => 'sync-url'));
  const wrong = await serveDirectory(DIST, {}, withAttributes(() => 'finder="sora:50"'));
  const expected = core('monthly', 'USD', work);
  for (const url of [written.url, `${linked.url}?pw_finder=${encodeURIComponent(work)}`]) {
    const page = await browser.newPage();
    const { uncaught: problems } = collectProblems(page);
    await page.goto(url);
    const finder = page.locator(`${LIVE} .pw-finder`);
    await finder.waitFor();
    assert.equal(await finder.locator('.pw-finder-best').textContent(), headline(expected.best, 'USD'), url);
    assert.deepEqual(await finder.getByRole('combobox', { name: 'Model' }).evaluateAll((s) => s.map((e) => e.value)), ['kling-2.1-master', 'flux-2-pro']);
    assert.deepEqual(await finder.getByRole('spinbutton').evaluateAll((s) => s.map((e) => e.value)), ['12', '300']);
    assert.equal(await finder.getByRole('combobox', { name: 'Duration' }).first().inputValue(), '10');
    assert.deepEqual(problems, []);
    if (url.includes('pw_finder')) {
      // The visitor's own work goes back into the link, for sharing.
      await finder.getByRole('spinbutton').first().fill('13');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('pw_finder')?.includes(':13,'));
      assert.equal(new URL(page.url()).searchParams.get('pw_finder'), 'kling-2.1-master:1080p:10s:13,flux-2-pro:1K:300');
    }
    await page.close();
  }
  const page = await browser.newPage();
  const { warnings } = collectProblems(page);
  await page.goto(wrong.url);
  const finder = page.locator(`${LIVE} .pw-finder`);
  await finder.waitFor();
  assert.equal(await finder.locator('.pw-finder-best').textContent(), headline(core('monthly', 'USD', typicalMonth(30, 200)).best, 'USD'));
  assert.ok(warnings.some((w) => w.includes("finder: unknown model 'sora'")), warnings.join('\n'));
  await page.close();
  await Promise.all([written.close(), linked.close(), wrong.close()]);
});

test("the chart's bars are the calculator's figures, for every plan and pack, model and interval", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(server.url);
  const calculator = page.locator(`${LIVE} .pw-calculator`);
  await calculator.waitFor();
  const chart = calculator.locator('.pw-chart-figure');
  /** The chart's figure for `name`: the SVG bar's label and the screen readers' table row. */
  const charted = async (name) => {
    const row = await chart.locator('tbody tr', { has: page.locator(`th:text-is("${name}")`) }).locator('td').textContent();
    const labels = await chart.locator('svg text').allTextContents();
    assert.equal(labels[labels.indexOf(name) + 1], row, `${name}: the bar says what the table says`);
    return row;
  };
  const worth = () => calculator.locator('p', { hasText: 'per output on this plan or pack' }).locator('strong');
  const checkAll = async (what) => {
    for (const plan of catalog.plans.filter((p) => !p.free)) {
      await calculator.getByRole('radio', { name: 'A plan' }).check();
      await calculator.getByLabel('Plan', { exact: true }).selectOption(plan.id);
      const unlimited = await calculator.locator('.pw-unlimited-note').count();
      assert.equal(await charted(plan.name), unlimited ? 'Unlimited' : await worth().textContent(), `${what}: ${plan.name}`);
    }
    for (const pack of catalog.credit_packs) {
      await calculator.getByRole('radio', { name: 'A credit pack' }).check();
      await calculator.getByLabel('Credit pack', { exact: true }).selectOption(pack.id);
      assert.equal(await charted(pack.name), await worth().textContent(), `${what}: ${pack.name}`);
    }
  };
  await checkAll('monthly, the basis model');
  await calculator.getByLabel('Model', { exact: true }).selectOption('kling-2.1-master');
  await calculator.getByLabel('Duration', { exact: true }).selectOption('10');
  await page.getByRole('radio', { name: /Annual/ }).first().check();
  await page.getByLabel('Currency').selectOption('JPY');
  await checkAll('annual JPY, Kling 2.1 Master 10 s');
  assert.equal(await chart.locator('svg').getAttribute('aria-label'), 'What one output costs on each plan and pack');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await axeViolations(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing scrolls a phone sideways');
  await page.close();
});

test('every card counts the videos the calculator counts for its plan', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  const calculator = page.locator(`${LIVE} .pw-calculator`);
  await calculator.waitFor();
  const basis = catalog.estimate_basis;
  assert.equal(await calculator.getByLabel('Model', { exact: true }).inputValue(), basis.video_model);
  assert.equal(await calculator.getByLabel('Duration', { exact: true }).inputValue(), String(basis.video_seconds));
  assert.equal(await calculator.getByLabel('Resolution', { exact: true }).inputValue(), basis.video_resolution);
  const sheet = priceSheet();
  for (const plan of catalog.plans) {
    const card = page.locator(`${LIVE} article[aria-labelledby$="-plan-${plan.id}"]`);
    const said = (await card.getByText(/^About [\d,]+ videos? \(/).textContent()).match(/About ([\d,]+) video/)[1];
    // A plan without the cards' video model counts on its own, which the card names.
    const counted = sheet.plans.find((p) => p.id === plan.id).videos_on;
    assert.ok(counted, `${plan.name} counts videos`);
    await calculator.getByLabel('Plan', { exact: true }).selectOption(plan.id);
    await calculator.getByLabel('Model', { exact: true }).selectOption(counted.model);
    await calculator.getByLabel('Duration', { exact: true }).selectOption(String(counted.seconds));
    assert.equal(await calculator.getByTestId('calc-outputs').textContent(), said, plan.name);
  }
  await page.close();
});
