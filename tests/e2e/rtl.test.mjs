// Arabic lays the widget out right to left, measured from the boxes Chromium draws, not only
// the `dir` attribute: cards, matrix columns, calculator, price chart and FAQ run from the
// right; text starts at the right; focus moves in reading order; numbers and prices are in the
// locale's digits and isolated, so that they never reorder the sentence around them; the
// account's cancel dialog too. Screenshots at phone and desktop width go to the artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, readCatalog, readTranslation, collectProblems, hostPage, EMPTY_ICON,
  axeViolations, screenshot, startBillingApi, withAttributes,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const ARABIC_INDIC = /[٠-٩]/;
const LATIN_DIGIT = /[0-9]/;
const catalog = readCatalog();
let browser, files, site, billing, attributes;

before(async () => {
  browser = await launchChromium();
  files = await serveDirectory(DIST, {}, undefined, {
    '/plain.html': hostPage('<h1>الأسعار</h1><pricing-widget></pricing-widget>', `${EMPTY_ICON}<script type="module" src="/pricing-widget.js"></script>`),
  });
  site = await serveDirectory(DIST, {}, withAttributes(() => attributes));
  billing = await startBillingApi({ BILLING_ALLOWED_ORIGINS: site.origin });
});
after(async () => {
  billing?.stop();
  await closeAll(browser, files, site);
});

/** The widget for a browser that reads Arabic (Saudi Arabia), once live. */
async function openArabic(viewport) {
  const context = await browser.newContext({ locale: 'ar-SA', viewport });
  const page = await context.newPage();
  const { problems } = collectProblems(page);
  await page.goto(`${files.url}plain.html`);
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  return { page, problems, close: () => context.close() };
}

/** The boxes of what `selector` finds in the live widget, in document order. */
const boxes = (page, selector) =>
  page.locator(`${LIVE} ${selector}`).evaluateAll((elements) => elements.map((e) => {
    const { left, right, top } = e.getBoundingClientRect();
    return { left, right, top };
  }));

/** For each element, where its text sits inside its box: the gap to the box's left and right. */
const textGaps = (page, selector) =>
  page.locator(`${LIVE} ${selector}`).evaluateAll((elements) => elements.map((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const text = range.getBoundingClientRect();
    const box = e.getBoundingClientRect();
    return { left: text.left - box.left, right: box.right - text.right };
  }));

/** Boxes on one line follow each other from the right: each starts left of the one before. */
function runsRightToLeft(list, what) {
  assert.ok(list.length >= 2, `${what}: at least two boxes`);
  for (let i = 1; i < list.length; i++) {
    if (Math.abs(list[i].top - list[i - 1].top) > 2) continue;
    assert.ok(list[i].right <= list[i - 1].left + 1, `${what} ${i} is left of ${i - 1}: ${JSON.stringify([list[i - 1], list[i]])}`);
  }
}

test('Arabic runs right to left: cards, matrix, calculator, chart and FAQ from the right, text from the right', async () => {
  const { page, problems, close } = await openArabic(DESKTOP);
  const root = page.locator(LIVE);
  assert.equal(await root.getAttribute('dir'), 'rtl');
  assert.equal(await root.getAttribute('lang'), 'ar');
  assert.equal(await root.evaluate((e) => getComputedStyle(e).direction), 'rtl');

  const cards = await boxes(page, '.pw-card');
  assert.equal(cards.length, catalog.plans.length);
  runsRightToLeft(cards, 'card');
  assert.ok(cards[0].right > cards[1].right, 'the first plan is the rightmost');

  runsRightToLeft(await boxes(page, '.pw-matrix thead th'), 'matrix column');
  runsRightToLeft(await boxes(page, '.pw-calc-grid > *'), 'calculator column');

  // Text hugs the right edge of its box, as Arabic is read.
  for (const selector of ['.pw-card .pw-tagline', '.pw-faq-item summary', '.pw-matrix tbody th']) {
    for (const gap of await textGaps(page, selector)) {
      assert.ok(gap.right <= gap.left, `${selector} starts at the right: ${JSON.stringify(gap)}`);
    }
  }

  // The price chart is mirrored: names at the right, bars growing leftwards from them.
  const chart = await page.locator(`${LIVE} svg.pw-chart`).evaluate((svg) => {
    const name = svg.querySelector('.pw-chart-name').getBoundingClientRect();
    const bar = svg.querySelector('rect').getBoundingClientRect();
    return { name: [name.left, name.right], bar: [bar.left, bar.right] };
  });
  assert.ok(chart.bar[1] <= chart.name[0] + 1, `the first bar is left of its name: ${JSON.stringify(chart)}`);

  // Prices and numbers in Arabic-Indic digits, as ar-SA writes them; isolated from the words.
  const amount = await page.locator(`${LIVE} .pw-card .pw-amount`).nth(1).textContent();
  assert.match(amount, ARABIC_INDIC);
  assert.doesNotMatch(amount, LATIN_DIGIT);
  assert.equal(await page.locator(`${LIVE} .pw-card .pw-amount`).first().evaluate((e) => getComputedStyle(e).unicodeBidi), 'isolate');
  const tax = await page.locator(`${LIVE} .pw-card .pw-tax`).nth(1).textContent();
  assert.match(tax, /\u2068[^\u2069]+\u2069/, `the tax's name is isolated in its sentence: ${JSON.stringify(tax)}`);
  const credits = await page.locator(`${LIVE} .pw-card .pw-facts li`).first().textContent();
  assert.match(credits, ARABIC_INDIC);

  await screenshot(page, 'rtl-ar-desktop');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(problems, []);
  await close();
});

test('in Arabic, Tab moves through the plans in reading order: right to left', async () => {
  const { page, close } = await openArabic(DESKTOP);
  const first = page.locator(`${LIVE} .pw-card .pw-cta`).first();
  await first.focus();
  const xs = [];
  for (let i = 0; i < catalog.plans.length; i++) {
    const focused = await page.evaluate(() => {
      const element = document.querySelector('pricing-widget').shadowRoot.activeElement;
      return { card: !!element?.closest('.pw-card'), right: element?.getBoundingClientRect().right };
    });
    if (!focused.card) break;
    xs.push(focused.right);
    // To the next card's button: past any other control of this card.
    do await page.keyboard.press('Tab');
    while (await page.evaluate(() => {
      const element = document.querySelector('pricing-widget').shadowRoot.activeElement;
      return !!element?.closest('.pw-card') && !element.classList.contains('pw-cta');
    }));
  }
  assert.equal(xs.length, catalog.plans.length, `every plan's button is reached: ${xs}`);
  for (let i = 1; i < xs.length; i++) assert.ok(xs[i] < xs[i - 1], `focus moves leftwards: ${xs}`);
  await close();
});

test('in Arabic on a phone, the cards stack, nothing scrolls sideways, and the text starts at the right', async () => {
  const { page, problems, close } = await openArabic(PHONE);
  const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(width[0] <= width[1], `no sideways scroll: ${width}`);
  const cards = await boxes(page, '.pw-card');
  for (let i = 1; i < cards.length; i++) assert.ok(cards[i].top > cards[i - 1].top, 'one card under the other');
  for (const gap of await textGaps(page, '.pw-card .pw-tagline')) assert.ok(gap.right <= gap.left, JSON.stringify(gap));
  await screenshot(page, 'rtl-ar-phone');
  assert.deepEqual(problems, []);
  await close();
});

test('the account\'s cancel dialog in Arabic: right to left, its actions from the right, axe clean', async () => {
  const dev = await fetch(`${billing.api}/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: '{}' });
  const { token } = await dev.json();
  const session = await fetch(`${billing.api}/checkout/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID(), authorization: `Bearer ${token}` },
    body: JSON.stringify({ kind: 'subscription', plan: 'pro', interval: 'monthly', currency: 'USD', success_url: site.url, cancel_url: site.url }),
  }).then((r) => r.json());
  await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });

  attributes = `api="${billing.api}" customer-token="${token}" sections="account" locale="ar-SA"`;
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(site.url);
  const words = readTranslation('account/ar').widget;
  await page.getByRole('button', { name: words['account.cancel'] }).click();
  const dialog = page.locator('.pw-account dialog[open]');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => getComputedStyle(d).direction), 'rtl');
  const buttons = await dialog.locator('button').evaluateAll((all) => all.filter((b) => b.offsetParent).map((b) => b.getBoundingClientRect()).map(({ left, right, top }) => ({ left, right, top })));
  runsRightToLeft(buttons, 'dialog button');
  await screenshot(page, 'rtl-ar-cancel-dialog-phone');
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});
