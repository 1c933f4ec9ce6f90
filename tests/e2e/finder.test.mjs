// The plan finder in Chromium: its answer for the work a visitor describes is the one
// pricing-core's finder gives (the `plan-finder` command), in the chosen currency and interval,
// with the event a page can forward; more than the largest plan covers sends to support.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, serveDirectory, launchChromium, money, axeViolations, withoutApi, LIVE } from './support.mjs';

const CATALOG_FILE = join(ROOT, 'catalog', 'default.json');
const catalog = JSON.parse(readFileSync(CATALOG_FILE, 'utf8'));
let server, browser;

before(async () => {
  server = await serveDirectory(join(ROOT, 'dist'), {}, withoutApi);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** What pricing-core's finder answers for `lines` (`MODEL:RESOLUTION:SECONDS:COUNT`). */
function core(interval, currency, lines) {
  const bin = join(ROOT, 'target', 'debug', 'plan-finder');
  return JSON.parse(execFileSync(bin, [CATALOG_FILE, interval, currency, ...lines], { encoding: 'utf8' }));
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

/** The finder's starting lines: the estimate basis, at each model's lowest resolution and
 *  shortest clip (`plan_finder::starting_lines`). */
function startingLines(videos, images) {
  const basis = catalog.estimate_basis;
  const video = catalog.models.find((m) => m.id === basis.video_model);
  const image = catalog.models.find((m) => m.id === basis.image_model);
  return [`${video.id}:${video.resolutions[0].id}:${Math.min(...video.durations_s)}:${videos}`, `${image.id}:${image.resolutions[0].id}:-:${images}`];
}

test('the finder answers as pricing-core does, for every change of work, interval and currency', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() => {
    window.recommended = [];
    document.addEventListener('pricing-widget:plan-recommended', (e) => window.recommended.push(e.detail));
  });
  await page.goto(server.url);
  const finder = page.locator(`${LIVE} .pw-finder`);
  await finder.waitFor();
  const best = () => finder.locator('.pw-finder-best').textContent();

  let expected = core('monthly', 'USD', startingLines(30, 200));
  assert.equal(await best(), headline(expected.best, 'USD'));
  const counts = finder.getByRole('spinbutton', { name: 'How many a month' });
  for (const [videos, images] of [[300, 200], [300, 5000], [2000, 0]]) {
    await counts.nth(0).fill(String(videos));
    await counts.nth(1).fill(String(images));
    expected = core('monthly', 'USD', startingLines(videos, images));
    assert.equal(await best(), headline(expected.best, 'USD'), `${videos} videos, ${images} images`);
  }
  const last = await page.evaluate(() => window.recommended.at(-1));
  assert.deepEqual(last, { plan: expected.best.plan, per_month: expected.best.per_month, currency: 'USD' });

  await page.getByRole('radio', { name: /Annual/ }).first().check();
  await page.getByLabel('Currency').selectOption('EUR');
  expected = core('annual', 'EUR', startingLines(2000, 0));
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
  await finder.getByRole('button', { name: 'Remove' }).first().click();
  assert.equal(await finder.locator('.pw-finder-line').count(), 1);
  await finder.getByRole('button', { name: 'Add a line' }).click();
  assert.equal(await finder.locator('.pw-finder-line').count(), 2);
  // On a model no plan has Unlimited, so that every plan spends credits on it.
  const everywhere = catalog.models.find((m) => !catalog.plans.some((p) => p.unlimited.some((u) => u.model === m.id)));
  await finder.getByRole('combobox', { name: 'Model' }).last().selectOption(everywhere.id);
  await finder.getByRole('spinbutton', { name: 'How many a month' }).last().fill('10000000');
  const answer = finder.locator('.pw-finder-answer');
  await answer.getByRole('link', { name: catalog.support.email }).waitFor();
  assert.match(await answer.textContent(), /more than our largest plan/);
  await page.close();
});
