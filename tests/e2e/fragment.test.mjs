// The billing API renders the widget's markup from the catalog it serves
// (`GET /v1/widget/fragment`): byte for byte the build's pre-render, answered as a CDN needs,
// bad parameters named as the widget names bad attributes; a page that includes it from its own
// server is live and never stale (a catalog published on the API shows without a rebuild), and
// the two-line embed fetches it for exactly its attributes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, DIST, DESKTOP, LIVE, serveDirectory, listenOnLoopback, closeAll, launchChromium, readCatalog, money, cardAmounts, collectProblems,
  hostPage, EMPTY_ICON, holdWasm, startBillingApi,
} from './support.mjs';

const CATALOG = readCatalog();
const LOCALES = JSON.parse(readFileSync(join(DIST, 'prerender', 'locales.json'), 'utf8'));
const TRANSLATIONS = join(ROOT, 'catalog', 'translations');
const scratch = mkdtempSync(join(tmpdir(), 'fragment-'));
const pages = {};
let widget, browser, billing, landing;

/** The page a site renders on its own server, including the API's fragment at each request. */
async function startLandingPage() {
  const server = createServer(async (_req, res) => {
    const answer = await fetch(`${billing.api}/widget/fragment?currency=USD&form=snippet`);
    res.writeHead(200, { 'content-type': 'text/html' }).end(hostPage(await answer.text(), EMPTY_ICON));
  });
  const { port, close } = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}/`, origin: `http://127.0.0.1:${port}`, close };
}

before(async () => {
  // The widget's files, on a CDN of their own: a page elsewhere loads them.
  widget = await serveDirectory(DIST, { 'access-control-allow-origin': '*' }, undefined, pages);
  landing = await startLandingPage();
  browser = await launchChromium();
  billing = await startBillingApi({ BILLING_ALLOWED_ORIGINS: [widget.origin, landing.origin].join(','), BILLING_WIDGET_URL: widget.url });
});
after(async () => {
  billing?.stop();
  rmSync(scratch, { recursive: true, force: true });
  await closeAll(browser, widget, landing);
});

const fragment = (query, headers = {}) => fetch(`${billing.api}/widget/fragment?${new URLSearchParams(query)}`, { headers });

test("the API's fragment is the build's pre-render, byte for byte, in every language, currency and interval", async () => {
  for (const [language, locale] of Object.entries(LOCALES)) {
    for (const currency of CATALOG.currencies) {
      for (const interval of ['monthly', 'annual']) {
        const built = readFileSync(join(DIST, 'prerender', language, `${currency}-${interval}.html`), 'utf8');
        const answer = await fragment({ currency, interval, locale });
        assert.equal(answer.status, 200);
        assert.ok((await answer.text()) === built, `${language} ${currency} ${interval}: the API's fragment differs from the build's`);
      }
    }
  }
});

test('it answers as a CDN needs: compressed, an ETag that revalidates, cached until the catalog shows something else', async () => {
  const answer = await fragment({ currency: 'EUR', locale: 'de-DE' }, { 'accept-encoding': 'br' });
  assert.equal(answer.headers.get('content-encoding'), 'br');
  assert.match(answer.headers.get('content-type'), /^text\/html/);
  const vary = answer.headers.get('vary').toLowerCase();
  assert.ok(vary.includes('accept-encoding') && vary.includes('origin'), vary);
  const html = await answer.text();
  const until = Number(html.match(/;until=(\d+)"/)?.[1]);
  const maxAge = Number(answer.headers.get('cache-control').match(/^public, max-age=(\d+)$/)[1]);
  assert.ok(maxAge > 0 && maxAge <= 300, `max-age ${maxAge}`);
  if (until) assert.ok(Date.now() + maxAge * 1000 <= until + 1000, 'never cached past the next change of the catalog');
  const again = await fragment({ currency: 'EUR', locale: 'de-DE' }, { 'if-none-match': answer.headers.get('etag') });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), answer.headers.get('etag'));
});

test('bad parameters are refused in the words the widget warns about the same attributes', async () => {
  const bad = { currency: 'XYZ', interval: 'weekly', sections: 'plans,pricing' };
  const attributes = Object.entries(bad).map(([name, value]) => ` ${name}="${value}"`).join('');
  pages['/bad.html'] = hostPage(`<pricing-widget${attributes}></pricing-widget><script type="module" src="/pricing-widget.js"></script>`, EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const { warnings } = collectProblems(page);
  await page.goto(`${widget.url}bad.html`);
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  await page.close();
  const answer = await fragment(bad);
  assert.equal(answer.status, 400);
  const { error } = await answer.json();
  assert.equal(error.code, 'invalid_request');
  const named = warnings.filter((w) => Object.keys(bad).some((name) => w.includes(`${name}`))).map((w) => w.replace('pricing-widget: ', '').split(';')[0]);
  assert.equal(named.length, 3, `the widget warns about each: ${warnings}`);
  for (const warning of named) assert.ok(error.message.includes(warning), `"${warning}" is in the API's answer: ${error.message}`);
  assert.equal((await fragment({ locale: 'not a locale' })).status, 400, 'a locale that is no BCP 47 tag');
});

/** What the landing page shows once live: the cards' amounts, and whether it was taken over. */
async function openLanding() {
  const page = await browser.newPage({ viewport: DESKTOP });
  const reported = collectProblems(page);
  await page.addInitScript(() => document.addEventListener('pricing-widget:ready', (e) => (window.hydrated = e.detail.hydrated)));
  const release = await holdWasm(page);
  await page.goto(landing.url);
  const painted = await cardAmounts(page);
  release();
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  return { page, painted, hydrated: await page.evaluate(() => window.hydrated), ...reported };
}

test('a page that includes the fragment from its server shows a catalog published on the API without any rebuild', async () => {
  const sheetOf = (file) => JSON.parse(execFileSync(join(ROOT, 'target', 'debug', 'price-sheet'), [file], { encoding: 'utf8' }));
  const monthly = (sheet) => sheet.plans.map((p) => money(p.prices.USD.monthly.per_month, 'USD'));
  const before = sheetOf(join(ROOT, 'catalog', 'default.json'));
  let { page, painted, hydrated, problems } = await openLanding();
  assert.deepEqual(painted, monthly(before), 'painted from the API, before the wasm');
  assert.deepEqual(await cardAmounts(page), monthly(before));
  assert.equal(hydrated, true, 'taken over, not rendered again');
  assert.deepEqual(problems, []);
  await page.close();

  // Marketing publishes a new price for Pro; the API restarts with it. Nothing is rebuilt.
  const catalog = structuredClone(CATALOG);
  catalog.plans.find((p) => p.id === 'pro').prices.USD.monthly = 2500;
  const file = join(scratch, 'catalog.json');
  writeFileSync(file, JSON.stringify(catalog, null, 2));
  billing.stop();
  billing = await startBillingApi({
    BILLING_CATALOG: file, BILLING_TRANSLATIONS: TRANSLATIONS, BILLING_ALLOWED_ORIGINS: [widget.origin, landing.origin].join(','), BILLING_WIDGET_URL: widget.url,
  });
  const after = sheetOf(file);
  assert.notDeepEqual(monthly(after), monthly(before));
  ({ page, painted, hydrated, problems } = await openLanding());
  assert.deepEqual(painted, monthly(after), "the published prices, painted before the wasm (which has the build's catalog)");
  assert.deepEqual(await cardAmounts(page), monthly(after));
  assert.equal(hydrated, true, "taken over once the API's catalog is in");
  assert.deepEqual(problems, []);
  await page.close();
});

test('the two-line embed fetches the fragment for exactly its attributes from the API', async () => {
  const attributes = `api="${billing.api}" currency="GBP" interval="annual" sections="plans,faq" highlight="ultimate" locale="fr-FR"`;
  pages['/embed.html'] = hostPage(`<pricing-widget ${attributes}></pricing-widget><script type="module" src="/pricing-widget.js"></script>`, EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const { problems, warnings } = collectProblems(page);
  const asked = [];
  page.on('request', (r) => r.url().includes('/widget/fragment') && asked.push(Object.fromEntries(new URL(r.url()).searchParams)));
  await page.addInitScript(() => document.addEventListener('pricing-widget:ready', (e) => (window.hydrated = e.detail.hydrated)));
  const release = await holdWasm(page);
  await page.goto(`${widget.url}embed.html`);
  await page.locator('.pw-card').first().waitFor();
  assert.deepEqual(asked, [{ currency: 'GBP', interval: 'annual', locale: 'fr-FR', sections: 'plans,faq', highlight: 'ultimate' }]);
  assert.equal(await page.locator('.pw-card-highlight h3').textContent(), 'Ultimate', 'the highlight asked for, before the wasm');
  assert.equal(await page.locator('section[part="matrix"]').count(), 0, 'only the sections asked for');
  release();
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  assert.equal(await page.evaluate(() => window.hydrated), true, 'taken over, not rendered again');
  assert.deepEqual(problems, []);
  assert.deepEqual(warnings.filter((w) => w.includes('pricing-widget')), []);
  await page.close();
});

test('a language the catalog lacks: the API pre-renders its words in English, numbers as the locale writes them, and the wasm keeps it', async () => {
  // The prices of the catalog the API serves now (a test above published new ones).
  const served = join(scratch, 'served.json');
  writeFileSync(served, await (await fetch(`${billing.api}/catalog`)).text());
  const sheet = JSON.parse(execFileSync(join(ROOT, 'target', 'debug', 'price-sheet'), [served], { encoding: 'utf8' }));
  for (const [locale, currency] of [['it-IT', 'EUR'], ['pl-PL', 'USD'], ['es-MX', 'USD']]) {
    const attributes = `api="${billing.api}" currency="${currency}" locale="${locale}"`;
    pages['/elsewhere.html'] = hostPage(`<pricing-widget ${attributes}></pricing-widget><script type="module" src="/pricing-widget.js"></script>`, EMPTY_ICON);
    const page = await browser.newPage({ viewport: DESKTOP });
    const { problems } = collectProblems(page);
    const asked = [];
    page.on('request', (r) => r.url().includes('/widget/fragment') && asked.push(new URL(r.url()).searchParams.get('locale')));
    await page.addInitScript(() => document.addEventListener('pricing-widget:ready', (e) => (window.hydrated = e.detail.hydrated)));
    const release = await holdWasm(page);
    await page.goto(`${widget.url}elsewhere.html`);
    await page.locator('.pw-card').first().waitFor();
    assert.deepEqual(asked, [locale], 'the fragment is asked for in the locale');
    const painted = await page.locator('pricing-widget .pw-root').innerText();
    const prices = sheet.plans.map((p) => money(p.prices[currency].monthly.per_month, currency, locale));
    assert.deepEqual(await cardAmounts(page), prices, `${locale}: the locale's money before the wasm`);
    release();
    await page.locator(`${LIVE} .pw-card`).first().waitFor();
    assert.equal(await page.evaluate(() => window.hydrated), true, `${locale}: taken over, not rendered again`);
    assert.equal(await page.locator(LIVE).innerText(), painted, `${locale}: the pre-rendered text is the live text`);
    const language = locale.startsWith('es') ? 'es' : 'en';
    assert.equal(await page.locator(LIVE).getAttribute('lang'), language);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
