// Embedding on a page we do not control: the widget's files on one origin, the host page on
// another, under a strict CSP, with Bootstrap and hostile global CSS; two instances, attribute
// changes, removal, events and deep links, in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { ROOT, DIST, DESKTOP, LIVE, serveDirectory, listenOnLoopback, closeAll, launchChromium, priceSheet, money, collectProblems } from './support.mjs';

let widgetFiles, host, browser, sheet;
let apiAttribute = '';

/** The host page's server: its page, Bootstrap from npm, the hostile CSS, and a strict CSP. */
async function serveHost(widgetOrigin) {
  const files = {
    '/': [join(ROOT, 'tests/e2e/host/index.html'), 'text/html'],
    '/hostile.css': [join(ROOT, 'tests/e2e/host/hostile.css'), 'text/css'],
    '/record.js': [join(ROOT, 'tests/e2e/host/record.js'), 'text/javascript'],
    '/bootstrap.min.css': [join(ROOT, 'node_modules/bootstrap/dist/css/bootstrap.min.css'), 'text/css'],
  };
  const csp = `default-src 'self'; script-src 'self' ${widgetOrigin} 'wasm-unsafe-eval'; connect-src ${widgetOrigin}`;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/favicon.ico') return res.writeHead(204).end();
    const [file, type] = files[path] ?? [];
    if (!file) return res.writeHead(404).end();
    let body = await readFile(file, 'utf8');
    body = body.replaceAll('WIDGET_ORIGIN', widgetOrigin).replace('API_ATTRIBUTE', apiAttribute);
    res.writeHead(200, { 'content-type': type, 'content-security-policy': csp }).end(body);
  });
  const { port, close } = await listenOnLoopback(server);
  return { url: `http://localhost:${port}/`, close };
}

before(async () => {
  // The widget's files come from 127.0.0.1, the page from localhost: two origins.
  widgetFiles = await serveDirectory(DIST, { 'access-control-allow-origin': '*' });
  host = await serveHost(widgetFiles.origin);
  browser = await launchChromium();
  sheet = priceSheet();
});
after(() => closeAll(browser, host, widgetFiles));

async function openHost(query = '') {
  const page = await browser.newPage({ viewport: DESKTOP });
  const { problems, warnings } = collectProblems(page);
  await page.goto(host.url + query);
  await page.locator(`#first ${LIVE} .pw-card`).first().waitFor();
  await page.locator(`#second ${LIVE} .pw-card`).first().waitFor();
  return { page, problems, warnings };
}

const amounts = (page, id) => page.locator(`#${id} .pw-card .pw-amount`).allTextContents();
const recorded = (page) => page.evaluate(() => window.recorded);

test('two widgets from another origin render under a strict CSP, untouched by the page CSS', async () => {
  const { page, problems } = await openHost();
  assert.deepEqual(await amounts(page, 'first'), sheet.plans.map((p) => money(p.prices.EUR.annual.per_month, 'EUR', 'de-DE')));
  assert.deepEqual(await amounts(page, 'second'), sheet.plans.map((p) => money(p.prices.JPY.monthly.per_month, 'JPY')));
  assert.equal(await page.locator('#second .pw-matrix').count(), 0, 'sections="plans,calculator,faq" leaves the matrix out');
  assert.equal(await page.locator('#first .pw-matrix').count(), 1);
  assert.match(await page.locator('#first .pw-card-highlight h3').textContent(), /Ultimate/);

  // A worker must come from the page's origin (a `blob:` one would break this CSP): the
  // formatters are warmed on the main thread instead, a task each.
  await page.waitForFunction(() => performance.getEntriesByName('pricing-widget warm', 'measure').length >= 2);
  const { violations, layoutShift } = await recorded(page);
  assert.deepEqual(violations, [], 'no CSP violation');
  assert.deepEqual(problems, []);
  assert.ok(layoutShift < 0.1, `layout shift ${layoutShift}`);

  const style = (selector, property) => page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
  assert.equal(await style('#first .pw-cta', 'backgroundColor'), 'rgb(67, 56, 202)', "the page's button rule stays out");
  assert.equal(await style('#first .pw-card h3', 'color'), 'rgb(22, 22, 29)', "the page's colour rule stays out");
  assert.equal(await style('#first .pw-card .pw-tagline', 'fontSize'), '16px', "the page's font sizes stay out");
  assert.equal(await style('#first .pw-card .pw-tagline', 'letterSpacing'), 'normal', "the page's inherited styles stay out");
  assert.equal(await style('#first .pw-card .pw-tagline', 'lineHeight'), '24px');
  assert.equal(await style('#outside-cta', 'textTransform'), 'none');
  assert.notEqual(await style('#outside-card', 'borderRadius'), '12px', "the widget's CSS stays in");
  assert.equal(await style('#second .pw-cta', 'backgroundColor'), 'rgb(15, 118, 110)', 'custom properties theme it');
  assert.equal(await style('#second .pw-cta', 'textTransform'), 'uppercase', '::part reaches the buttons');
  await page.close();
});

test('attribute changes update the live widget; a wrong value warns and uses the default', async () => {
  const { page, warnings, problems } = await openHost();
  await page.evaluate(() => document.getElementById('first').setAttribute('currency', 'GBP'));
  await page.waitForFunction(() => document.getElementById('first').shadowRoot.querySelector('.pw-amount').textContent.includes('£'));
  assert.deepEqual(await amounts(page, 'first'), sheet.plans.map((p) => money(p.prices.GBP.annual.per_month, 'GBP', 'de-DE')));

  await page.evaluate(() => document.getElementById('first').setAttribute('interval', 'weekly'));
  await page.waitForFunction(() => document.getElementById('first').shadowRoot.querySelector('.pw-plans-head input[value=monthly]').checked);
  assert.ok(warnings.some((w) => w.includes('interval="weekly"')), warnings.join('\n'));
  assert.deepEqual(await amounts(page, 'first'), sheet.plans.map((p) => money(p.prices.GBP.monthly.per_month, 'GBP', 'de-DE')));

  await page.evaluate(() => document.getElementById('first').setAttribute('currency', 'XYZ'));
  await page.waitForFunction(() => document.getElementById('first').shadowRoot.querySelector('.pw-amount').textContent.includes('$'));
  assert.ok(warnings.some((w) => w.includes('currency="XYZ"')), warnings.join('\n'));

  await page.evaluate(() => document.getElementById('first').setAttribute('sections', 'faq,teleport'));
  await page.locator('#first .pw-faq').waitFor();
  assert.equal(await page.locator('#first .pw-card').count(), 0);
  assert.ok(warnings.some((w) => w.includes('"teleport"')), warnings.join('\n'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the page receives typed events', async () => {
  const { page } = await openHost();
  const second = page.locator('#second');
  await second.getByRole('radio', { name: /Annual/ }).check();
  await second.getByLabel('Currency').selectOption('USD');
  await second.getByLabel('Model', { exact: true }).selectOption('nano-banana');
  await second.getByRole('button', { name: 'Choose Creator' }).click();
  await page.waitForFunction(() => window.recorded.events.some((e) => e.type === 'plan-chosen'));
  const events = (await recorded(page)).events.filter((e) => e.widget === 'second');
  const of = (type) => events.filter((e) => e.type === type).map((e) => e.detail);
  assert.deepEqual(of('interval-changed'), [{ interval: 'annual' }]);
  assert.deepEqual(of('currency-changed'), [{ currency: 'USD' }]);
  const creditsOnPlan = sheet.plans.find((p) => p.id === 'pro').credits_per_month;
  const cost = sheet.models.find((m) => m.id === 'nano-banana').credits_per_output['1K'];
  assert.deepEqual(of('calculator-used'), [{ model: 'nano-banana', credits: creditsOnPlan, outputs: Math.floor(creditsOnPlan / cost) }]);
  assert.deepEqual(of('plan-chosen'), [{ plan: 'creator', interval: 'annual', currency: 'USD' }]);
  const viewed = of('plan-viewed').map((d) => d.plan);
  assert.ok(viewed.length > 0 && new Set(viewed).size === viewed.length, `each plan viewed once: ${viewed}`);
  await page.close();
});

test('removing widgets cleans them up', async () => {
  const { page, problems } = await openHost();
  const live = () => page.evaluate(async (origin) => (await import(`${origin}/pricing-widget.js`)).liveWidgets(), widgetFiles.origin);
  assert.equal(await live(), 2);
  await page.evaluate(() => document.getElementById('first').remove());
  assert.equal(await live(), 1);
  await page.evaluate(() => document.querySelector('.container').append(Object.assign(document.createElement('pricing-widget'), { id: 'third' })));
  await page.locator(`#third ${LIVE} .pw-card`).first().waitFor();
  assert.equal(await live(), 2);
  await page.evaluate(() => document.querySelectorAll('pricing-widget').forEach((w) => w.remove()));
  assert.equal(await live(), 0);
  assert.equal(await page.evaluate(() => document.getElementById('outside-card') !== null), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test('deep links: the URL sets the choice, the choice updates the URL', async () => {
  const { page } = await openHost('?pw_currency=EUR&pw_interval=annual&pw_plan=creator');
  assert.deepEqual(await amounts(page, 'second'), sheet.plans.map((p) => money(p.prices.EUR.annual.per_month, 'EUR')));
  assert.match(await page.locator('#second .pw-card-highlight h3').textContent(), /Creator/);
  await page.locator('#second').getByLabel('Currency').selectOption('GBP');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('pw_currency') === 'GBP');
  assert.equal(new URL(page.url()).searchParams.get('pw_interval'), 'annual');
  // The first widget has no sync-url: the URL does not drive it.
  assert.deepEqual(await amounts(page, 'first'), sheet.plans.map((p) => money(p.prices.EUR.annual.per_month, 'EUR', 'de-DE')));
  await page.close();
});
