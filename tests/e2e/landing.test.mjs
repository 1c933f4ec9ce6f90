// A pasted snippet as landing pages really get it, in every language: through a minifier
// (html-minifier-terser: collapsed whitespace, no comments, sorted attributes), a CMS's
// paragraph and smart-quote passes, a hand edit of a price, a truncated paste, or pasted long
// ago (before the promotions that run now started). Each ends live and true: no page error,
// every price the one pricing-core computes now (`price-sheet`), the interval switch working.
// A snippet pasted as it is is taken over without a word; a changed one is named in the console
// and rendered afresh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'html-minifier-terser';
import {
  ROOT, DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, priceSheet, money, cardAmounts, collectProblems, hostPage, EMPTY_ICON,
  withoutApi,
} from './support.mjs';

const LOCALES = JSON.parse(readFileSync(join(DIST, 'prerender', 'locales.json'), 'utf8'));
const pages = {};
let server, browser, sheet;

before(async () => {
  server = await serveDirectory(DIST, {}, withoutApi, pages);
  browser = await launchChromium();
  sheet = priceSheet();
});
after(() => closeAll(browser, server));

const pasted = (language) => readFileSync(join(DIST, 'snippets', language, 'USD-monthly.html'), 'utf8');
const expected = (interval, locale) => sheet.plans.map((p) => money(p.prices.USD[interval].per_month, 'USD', locale));
const CHANGED = 'is not the markup it was rendered as';

/** What landing-page tools do to a snippet, each a function of the snippet's text. */
const MANGLINGS = {
  minified: (html) => minify(html, { collapseWhitespace: true, removeComments: true, sortAttributes: true, sortClassName: true }),
  'paragraph pass': (html) => html.replace('<div class="pw-plans-head">', '<p></p><div class="pw-plans-head">').replace('</section>', '<br></section>'),
  'smart quotes': (html) => html.replace(/(>[^<]*)'/g, '$1’').replace(/aria-label="([^"]*)"/, 'aria-label=“$1”'),
  'hand-edited price': (html, locale) => {
    const pro = money(sheet.plans.find((p) => p.id === 'pro').prices.USD.monthly.per_month, 'USD', locale);
    // One digit changed to its neighbour, in the locale's own digits (Arabic-Indic in Arabic).
    return html.replace(pro, pro.replace(/\p{Nd}/u, (digit) => String.fromCodePoint(digit.codePointAt(0) ^ 1)));
  },
  truncated: (html) => html.replace(/<section part="matrix"[\s\S]*?(<\/div><\/template>)/, '$1'),
  'pasted long ago': (_html, _locale, language) => {
    const from = Number(pasted(language).match(/;from=(\d+);/)[1]);
    const earlier = new Date(from - 86_400_000).toISOString();
    return execFileSync(join(ROOT, 'target', 'debug', 'prerender'), ['--dist', DIST, '--language', language, '--currency', 'USD', '--at', earlier], { encoding: 'utf8' });
  },
};

/** Opens `body` as a page and waits for the live widget: (page, what it reported). */
async function open(name, body) {
  pages[`/${name}.html`] = hostPage(body, EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const reported = collectProblems(page);
  await page.addInitScript(() => {
    window.shifted = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (window.shifted += e.value))).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${server.url}${name}.html`);
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  return { page, ...reported };
}

for (const [language, locale] of Object.entries(LOCALES)) {
  test(`${language}: the snippet as pasted is taken over without a word`, async () => {
    const { page, problems, warnings } = await open(`${language}-as-is`, pasted(language));
    assert.deepEqual(await cardAmounts(page), expected('monthly', locale));
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings.filter((w) => w.includes(CHANGED)), [], 'an unchanged snippet is trusted');
    await page.close();
  });

  for (const [name, mangle] of Object.entries(MANGLINGS)) {
    test(`${language}: a snippet ${name} ends live and true`, async () => {
      const body = await mangle(pasted(language), locale, language);
      assert.notEqual(body, pasted(language), `the ${name} snippet differs from the build's`);
      const { page, problems, warnings } = await open(`${language}-${name.replace(/ /g, '-')}`, body);
      assert.deepEqual(await cardAmounts(page), expected('monthly', locale), 'every price is the one computed now');
      assert.deepEqual(problems, [], 'no page error, no panic');
      if (name !== 'pasted long ago') assert.ok(warnings.some((w) => w.includes(CHANGED)), `the change is named: ${warnings}`);
      // Rendered afresh in the task that found the change: where the sizes agree, nothing moves.
      if (name === 'hand-edited price') assert.equal(await page.evaluate(() => window.shifted), 0, 'no layout shift');
      // Alive: the interval switch re-prices every card.
      await page.locator(`${LIVE} .pw-interval input[value="annual"]`).first().check();
      await page.waitForFunction((n) => document.querySelector('pricing-widget').shadowRoot.querySelectorAll('.pw-card .pw-amount')[1]?.textContent === n, expected('annual', locale)[1]);
      assert.deepEqual(await cardAmounts(page), expected('annual', locale));
      await page.close();
    });
  }
}
