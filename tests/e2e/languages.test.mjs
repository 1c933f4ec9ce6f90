// The visitor's language, in Chromium: words from the translation files, numbers and dates from
// Intl in the language's locale, the currency of the visitor's region with currency="auto", tax
// said next to the price, the pre-rendered snippet of each language taken over as it is, and
// axe clean in every language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, readCatalog, readTranslation, priceSheet, money, collectProblems, holdWasm, hostPage, EMPTY_ICON, axeViolations,
} from './support.mjs';

/** Each catalog language with its own locale, as the build pre-rendered them (`default_locale`). */
const LOCALES = JSON.parse(readFileSync(join(DIST, 'prerender', 'locales.json'), 'utf8'));
/** Languages written right to left, whose filled values the widget isolates (FSI … PDI). */
const RTL = new Set(['ar']);
/** The catalog language a browser in `locale` reads: its own, else the catalog's (English). */
const languageOf = (locale) => Object.keys(LOCALES).find((l) => LOCALES[l] === locale || l === locale.split('-')[0]) ?? 'en';
const catalog = readCatalog();
const english = readTranslation('en');

/** A widget message in `language`, filled as the widget fills it (`{name}` placeholders), in
 *  the plural form `Intl.PluralRules` picks for `values.count` when it is a number. */
function message(language, key, values = {}) {
  const words = readTranslation(language).widget[key] ?? english.widget[key];
  const locale = LOCALES[language];
  const count = typeof values.count === 'number' ? values.count : null;
  const text = typeof words === 'string' ? words : words[count === null ? 'other' : new Intl.PluralRules(locale).select(count)] ?? words.other;
  const shown = { ...values, ...(count === null ? {} : { count: new Intl.NumberFormat(locale).format(count) }) };
  const isolated = (value) => (RTL.has(language) && value !== '' ? `\u2068${value}\u2069` : value);
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in shown ? isolated(String(shown[name])) : whole));
}
/** A catalog text in `language`. */
const text = (language, path, original) => (language === 'en' ? original : readTranslation(language).catalog[path]);

let files, browser, sheet;
const element = (attributes = '') =>
  hostPage(`<h1>Pricing</h1><pricing-widget ${attributes}></pricing-widget>`, `${EMPTY_ICON}<script type="module" src="/pricing-widget.js"></script>`);
const snippet = (language, name) => readFileSync(join(DIST, 'snippets', language, name), 'utf8');

before(async () => {
  files = await serveDirectory(DIST, {}, undefined, {
    '/plain.html': element(),
    '/auto.html': element('currency="auto"'),
    '/euro.html': element('currency="EUR"'),
    '/austrian.html': element('locale="de-AT" currency="EUR"'),
    ...Object.fromEntries(Object.keys(LOCALES).map((l) => [`/snippet-${l}.html`, hostPage(snippet(l, 'EUR-annual.html'), EMPTY_ICON)])),
  });
  browser = await launchChromium();
  sheet = priceSheet();
});
after(() => closeAll(browser, files));

/** A page in a browser whose languages are `locale`'s, once its widget runs; `hydrated` says
 *  whether the wasm took over the pre-rendered cards on screen first (same nodes), `before` is
 *  the pre-rendered widget's text. */
async function open(path, locale) {
  const context = await browser.newContext({ locale, viewport: DESKTOP });
  const page = await context.newPage();
  const { problems } = collectProblems(page);
  const release = await holdWasm(page);
  await page.goto(files.url + path.slice(1));
  const prerendered = await page.locator('pricing-widget .pw-card').first().waitFor({ timeout: 3000 }).then(() => true, () => false);
  const before = prerendered ? await page.locator('pricing-widget .pw-root').innerText() : null;
  if (prerendered) await page.evaluate(() => (window.card = document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-card')));
  release();
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  const hydrated = prerendered && (await page.evaluate(() => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-card') === window.card));
  return { page, problems, hydrated, before, close: () => context.close() };
}

for (const [language, locale] of Object.entries(LOCALES)) {
  test(`a ${locale} browser reads the widget in ${language}, numbers from Intl, axe clean`, async () => {
    const { page, problems, hydrated, close } = await open('/plain.html', locale);
    assert.ok(hydrated, 'the fragment pre-rendered in the language is taken over, not replaced');
    const pw = (selector) => page.locator(`${LIVE} ${selector}`);
    assert.equal(await pw('.pw-plans-head h2').textContent(), message(language, 'widget.title'));
    assert.equal(await page.locator(LIVE).getAttribute('lang'), language, 'screen readers read it in its language');
    const pro = catalog.plans.find((p) => p.id === 'pro');
    const card = pw('.pw-card').filter({ has: page.locator('h3', { hasText: text(language, 'plans.pro.name', pro.name) }) });
    assert.equal(await card.locator('.pw-tagline').textContent(), text(language, 'plans.pro.tagline', pro.tagline));
    // The catalog's default currency, written as Intl writes it in the language's locale.
    const prices = sheet.plans.find((p) => p.id === 'pro').prices.USD.monthly;
    assert.equal(await card.locator('.pw-amount').textContent(), money(prices.per_month, 'USD', locale));
    const usdTax = message(language, 'tax.excluded', { tax: text(language, 'tax.USD.name', catalog.tax.USD.name) });
    assert.equal(await card.locator('.pw-tax').textContent(), usdTax);
    const credits = new Intl.NumberFormat(locale).format(pro.credits_per_month);
    assert.ok((await card.locator('.pw-facts li').first().textContent()).includes(credits));
    const ends = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(catalog.promotions[0].ends_at));
    assert.ok((await pw('.pw-offer-ends').first().textContent()).includes(ends), 'the promotion ends on a date in the locale');
    assert.equal(await page.evaluate(() => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-faq h2').textContent),
      message(language, 'faq.title'));
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
    await close();
  });

  test(`the ${language} snippet is taken over as it is (same nodes), its text the live text`, async () => {
    // An English browser: the snippet's own locale attribute says the language.
    const { page, problems, hydrated, before, close } = await open(`/snippet-${language}.html`, 'en-US');
    assert.ok(hydrated, 'hydrated, not replaced');
    assert.equal(await page.locator(LIVE).innerText(), before, 'the pre-rendered text is the live text');
    assert.equal(await page.locator(`${LIVE} .pw-plans-head h2`).textContent(), message(language, 'widget.title'));
    assert.deepEqual(problems, []);
    await close();
  });
}

test('currency="auto" takes the currency of the browser\'s region; the visitor can still change it', async () => {
  // The catalog offers USD, EUR, GBP and JPY: Brazil's reals, Korea's won and Saudi riyals are
  // not among them, so those visitors see its first currency.
  const regions = [['de-DE', 'EUR'], ['fr-FR', 'EUR'], ['en-GB', 'GBP'], ['ja-JP', 'JPY'], ['en-US', 'USD'], ['es-ES', 'EUR'], ['es-MX', 'USD'], ['pt-BR', 'USD'], ['ko-KR', 'USD'], ['ar-SA', 'USD']];
  for (const [locale, currency] of regions) {
    const { page, close } = await open('/auto.html', locale);
    assert.equal(await page.locator(`${LIVE} .pw-currency select`).inputValue(), currency, locale);
    await page.locator(`${LIVE} .pw-currency select`).selectOption('USD');
    const language = languageOf(locale);
    const prices = sheet.plans.find((p) => p.id === 'pro').prices.USD.monthly;
    const card = page.locator(`${LIVE} .pw-card`).nth(catalog.plans.findIndex((p) => p.id === 'pro'));
    assert.equal(await card.locator('.pw-amount').textContent(), money(prices.per_month, 'USD', LOCALES[language]), locale);
    await close();
  }
});

test('prices say whether they include tax: VAT included in euros, plus tax in dollars', async () => {
  const { page, close } = await open('/euro.html', 'en-US');
  const taxes = () => page.locator(`${LIVE} .pw-card .pw-tax`).allTextContents();
  const paid = catalog.plans.filter((p) => !p.free).length;
  assert.deepEqual(await taxes(), Array(paid).fill('VAT included'));
  assert.equal(await page.locator(`${LIVE} .pw-matrix .pw-tax`).textContent(), 'VAT included');
  await page.locator(`${LIVE} .pw-currency select`).selectOption('USD');
  assert.deepEqual(await taxes(), Array(paid).fill('plus applicable tax'));
  await close();
});

test('locale="de-AT" picks German by its language, numbers as Austria writes them', async () => {
  const { page, problems, close } = await open('/austrian.html', 'en-US');
  assert.equal(await page.locator(`${LIVE} .pw-plans-head h2`).textContent(), message('de', 'widget.title'));
  const prices = sheet.plans.find((p) => p.id === 'pro').prices.EUR.monthly;
  const card = page.locator(`${LIVE} .pw-card`).nth(catalog.plans.findIndex((p) => p.id === 'pro'));
  assert.equal(await card.locator('.pw-amount').textContent(), money(prices.per_month, 'EUR', 'de-AT'));
  assert.equal(await card.locator('.pw-tax').textContent(), message('de', 'tax.included', { tax: readTranslation('de').catalog['tax.EUR.name'] }));
  assert.deepEqual(problems, []);
  await close();
});

test('the calculator picks each plural form the locale has (French: one, many, other)', async () => {
  const { page, problems, close } = await open('/plain.html', 'fr-FR');
  const calc = page.locator(`${LIVE} .pw-calculator`);
  await calc.getByRole('radio', { name: message('fr', 'calc.credits'), exact: true }).check();
  const model = catalog.models.find((m) => m.id === catalog.estimate_basis.video_model);
  const seconds = Math.min(...model.durations_s);
  const cost = model.resolutions[0].credits * seconds;
  for (const outputs of [1, 7, 1_000_000]) {
    const credits = outputs * cost;
    await calc.getByRole('spinbutton', { name: message('fr', 'calc.credits') }).fill(String(credits));
    const expected = message('fr', 'calc.videos_from', { count: outputs, credits: new Intl.NumberFormat('fr-FR').format(credits) });
    assert.equal(await calc.locator('.pw-result-main').textContent(), expected, `${outputs}: ${new Intl.PluralRules('fr-FR').select(outputs)}`);
  }
  assert.deepEqual(problems, []);
  await close();
});
