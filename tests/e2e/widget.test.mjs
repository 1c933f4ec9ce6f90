// The built widget (dist/) in real Chromium, used as a visitor would, with every number on
// screen checked against what pricing-core computes from the same catalog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST, LIVE, serveDirectory, closeAll, launchChromium, readCatalog, priceSheet, money, textsOf, cardAmounts, collectProblems, axeViolations, screenshot, withoutApi,
} from './support.mjs';

let server, browser, sheet;

before(async () => {
  server = await serveDirectory(DIST, {}, withoutApi);
  browser = await launchChromium();
  sheet = priceSheet();
});
after(() => closeAll(browser, server));

/** The demo page, live; at the moment `at` (RFC 3339) when given, by the page's clock. */
async function openWidget({ width = 1280, colorScheme = 'light', at } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  if (at) await page.clock.setFixedTime(new Date(at));
  const { problems } = collectProblems(page);
  await page.goto(server.url);
  await page.waitForSelector(`${LIVE} .pw-card`);
  return { page, problems };
}

test('cards show the core prices and follow the interval and the currency', async () => {
  const { page, problems } = await openWidget();
  const names = await textsOf(page, '.pw-card h3');
  assert.deepEqual(names, sheet.plans.map((p) => p.name));
  assert.deepEqual(await cardAmounts(page), sheet.plans.map((p) => money(p.prices.USD.monthly.per_month, 'USD')));

  await page.getByText('Annual', { exact: false }).first().click();
  await page.getByLabel('Currency').selectOption('EUR');
  assert.deepEqual(await cardAmounts(page), sheet.plans.map((p) => money(p.prices.EUR.annual.per_month, 'EUR')));
  for (const [i, plan] of sheet.plans.entries()) {
    const billed = await page.locator('.pw-card .pw-billed').nth(i).textContent();
    const annual = plan.prices.EUR.annual;
    if (annual.charged > 0) assert.ok(billed.includes(money(annual.charged, 'EUR')), billed);
    if (annual.was) assert.ok(billed.includes(money(annual.was, 'EUR')), `struck price missing: ${billed}`);
  }

  await page.getByLabel('Currency').selectOption('JPY');
  const yen = await cardAmounts(page);
  assert.deepEqual(yen, sheet.plans.map((p) => money(p.prices.JPY.annual.per_month, 'JPY')));
  assert.ok(yen.every((text) => !text.includes('.')), 'yen is shown without minor units');

  const matrixCredits = await textsOf(page, '.pw-matrix tbody tr:nth-child(2) td');
  assert.deepEqual(matrixCredits, sheet.plans.map((p) => p.credits_per_month.toLocaleString('en-US')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the promotion banner strikes through the real earlier price while it runs, and is gone after', async () => {
  // A fixed day inside the first promotion, whatever today is, and one after every promotion.
  const { promotions } = readCatalog();
  const during = new Date(Date.parse(promotions[0].starts_at) + 86_400_000).toISOString();
  const after = new Date(Math.max(...promotions.map((p) => Date.parse(p.ends_at))) + 86_400_000).toISOString();
  const ended = await openWidget({ at: after });
  assert.equal(await ended.page.locator(`${LIVE} .pw-banner`).count(), 0, 'no banner once promotions have ended');
  await ended.page.close();

  const { page } = await openWidget({ at: during });
  const sale = priceSheet(during).plans.find((p) => p.prices.USD.annual.promotion);
  assert.ok(sale, `a plan is on sale at ${during}`);
  const banner = page.locator('.pw-banner');
  const text = await banner.textContent();
  assert.ok(text.includes(money(sale.prices.USD.annual.was, 'USD')), text);
  assert.ok(text.includes(money(sale.prices.USD.annual.charged, 'USD')), text);
  await page.evaluate(() => {
    window.intervals = [];
    document.addEventListener('pricing-widget:interval-changed', (e) => window.intervals.push(e.detail));
  });
  await page.getByRole('button', { name: /show annual prices/i }).click();
  assert.equal(await page.locator('.pw-plans-head input[value=annual]').isChecked(), true);
  assert.deepEqual(await page.evaluate(() => window.intervals), [{ interval: 'annual' }], 'the banner link says so too');
  await page.close();
});

test('the calculator turns a credit pack into videos with the core costs', async () => {
  const { page } = await openWidget();
  const calc = page.locator('.pw-calculator');
  await calc.getByRole('radio', { name: 'A credit pack' }).check();
  const pack = sheet.credit_packs.at(-1);
  await calc.getByLabel('Credit pack', { exact: true }).selectOption(pack.id);
  await calc.getByLabel('Model', { exact: true }).selectOption('luma-ray-2');
  await calc.getByLabel('Duration', { exact: true }).selectOption('9');
  await calc.getByLabel('Resolution', { exact: true }).selectOption('1080p');
  const cost = sheet.models.find((m) => m.id === 'luma-ray-2').credits_per_output['1080p@9s'];
  const outputs = Math.floor(pack.credits / cost);
  assert.equal(await calc.locator('[data-testid=calc-outputs]').textContent(), outputs.toLocaleString('en-US'));
  assert.ok((await calc.locator('.pw-calc-result').textContent()).includes(`Each costs ${cost} credits`));

  const rows = await calc.locator('.pw-models tbody tr').count();
  assert.equal(rows, sheet.models.length, 'every model has a row at a glance');
  await page.close();
});

test('Unlimited is named next to what credits would buy', async () => {
  const { page } = await openWidget();
  const calc = page.locator('.pw-calculator');
  await calc.getByLabel('Plan', { exact: true }).selectOption('pro');
  await calc.getByLabel('Model', { exact: true }).selectOption('kling-3.0');
  await calc.getByLabel('Resolution', { exact: true }).selectOption('720p');
  assert.match(await calc.locator('.pw-unlimited-note').textContent(), /standard queue.*priority queue/);
  await calc.getByLabel('Resolution', { exact: true }).selectOption('1080p');
  assert.equal(await calc.locator('.pw-unlimited-note').count(), 0, "Pro's Unlimited stops at 720p");
  await page.close();
});

test('the FAQ opens from the keyboard and names the support contact', async () => {
  const { page } = await openWidget();
  const first = page.locator('.pw-faq-item summary').first();
  const answer = page.locator('.pw-faq-item p').first();
  await first.focus();
  assert.equal(await answer.isVisible(), false);
  await page.keyboard.press('Enter');
  assert.ok(await answer.isVisible());
  assert.ok((await page.locator('.pw-support a').getAttribute('href')).startsWith('mailto:'));
  await page.close();
});

test('the call to action fires a typed event', async () => {
  const { page } = await openWidget();
  await page.evaluate(() => {
    window.chosen = [];
    document.addEventListener('pricing-widget:plan-chosen', (e) => window.chosen.push(e.detail));
  });
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Ultimate' }).click();
  assert.deepEqual(await page.evaluate(() => window.chosen), [{ plan: 'ultimate', interval: 'monthly', currency: 'USD' }]);
  await page.close();
});

for (const [name, width, colorScheme] of [['desktop-light', 1280, 'light'], ['phone-dark', 360, 'dark'], ['phone-light', 360, 'light']]) {
  test(`no accessibility violation and no sideways scroll: ${name}`, async () => {
    const { page, problems } = await openWidget({ width, colorScheme });
    await page.locator('.pw-faq-item summary').first().click();
    assert.deepEqual(await axeViolations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await screenshot(page, name);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
