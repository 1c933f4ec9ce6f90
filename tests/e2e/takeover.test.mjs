// The moments before and during the takeover of a pasted snippet, on a 4× slower CPU with the
// wasm held back: what a visitor does before the widget is live is done once it is (the switch,
// the calculator, a double click that buys once, never the no-JS form); a takeover that fails
// where the digest cannot see it ends live all the same; and every way in paints styled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ROOT, DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, priceSheet, money, cardAmounts, collectProblems, hostPage, EMPTY_ICON,
  holdWasm, startBillingApi,
} from './support.mjs';

const pages = {};
let server, browser, sheet, billing;

before(async () => {
  server = await serveDirectory(DIST, {}, undefined, pages);
  browser = await launchChromium();
  sheet = priceSheet();
  billing = await startBillingApi({ BILLING_ALLOWED_ORIGINS: server.origin });
});
after(async () => {
  billing?.stop();
  await closeAll(browser, server);
});

/** The build's snippet for English and USD, rendered with `args` (`--api`, `--fallback-url`). */
const snippet = (...args) =>
  execFileSync(join(ROOT, 'target', 'debug', 'prerender'), ['--dist', DIST, '--language', 'en', '--currency', 'USD', ...args], { encoding: 'utf8' });
const annual = () => sheet.plans.map((p) => money(p.prices.USD.annual.per_month, 'USD'));

/** Opens `body` on a 4× slower CPU with the wasm held back, once the entry script runs:
 *  (page, what it reported, the wasm's release). */
async function openHeld(name, body, { setUp } = {}) {
  pages[`/${name}.html`] = hostPage(body, EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const reported = collectProblems(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  if (setUp) await page.addInitScript(setUp);
  const release = await holdWasm(page);
  await page.goto(`${server.url}${name}.html`);
  await page.waitForFunction(() => customElements.get('pricing-widget'));
  assert.equal(await page.locator(LIVE).count(), 0, 'not live yet');
  return { page, release, ...reported };
}

const finderAnswer = (page) => page.locator(`${LIVE} .pw-finder-best`).textContent();
const MONTHLY_VIDEOS = '3000';

test('what a visitor picks and types before the takeover is what the live widget shows', async () => {
  // The finder's answer for the month typed (annual prices), from a widget live all along.
  pages['/typed-live.html'] = hostPage(snippet(), EMPTY_ICON);
  const live = await browser.newPage({ viewport: DESKTOP });
  await live.goto(`${server.url}typed-live.html`);
  await live.locator(`${LIVE} .pw-card`).first().waitFor();
  const changed = async (from) => {
    await live.waitForFunction((before) => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-finder-best').textContent !== before, from);
    return finderAnswer(live);
  };
  const typical = await finderAnswer(live);
  await live.getByLabel('How many a month').first().fill(MONTHLY_VIDEOS);
  const monthly = await changed(typical);
  await live.locator('input[name="pw-interval"][value="annual"]').check();
  const answer = await changed(monthly);
  await live.close();

  const { page, release, problems } = await openHeld('picked-early', snippet());
  await page.locator('input[name="pw-interval"][value="annual"]').check();
  await page.locator('.pw-calc-inputs label', { hasText: 'Credits' }).click();
  await page.locator('#pw-calc-model').selectOption('nano-banana');
  await page.getByLabel('How many a month').first().fill(MONTHLY_VIDEOS);
  release();
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  await page.waitForFunction(() => document.querySelector('pricing-widget').shadowRoot.querySelector('#pw-calc-credits'));
  assert.equal(await page.locator('input[name="pw-interval"][value="annual"]').isChecked(), true, 'Annual stays picked');
  assert.deepEqual(await cardAmounts(page), annual(), 'and every card shows annual prices');
  assert.equal(await page.locator('.pw-calc-inputs label', { hasText: 'Credits' }).locator('input').isChecked(), true);
  assert.equal(await page.locator('#pw-calc-model').inputValue(), 'nano-banana');
  assert.equal(await page.getByLabel('How many a month').first().inputValue(), MONTHLY_VIDEOS);
  await page.waitForFunction((a) => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-finder-best')?.textContent === a, answer);
  assert.notEqual(answer, typical, 'the month typed changes the answer');
  assert.deepEqual(problems, []);
  await page.close();
});

test('Annual and a double click on "Choose Pro" before the takeover start one checkout for Pro, annual', async () => {
  const fallback = `${server.url}fallback`;
  const { page, release, problems } = await openHeld('bought-early', snippet('--api', billing.api, '--fallback-url', fallback));
  const sessions = [];
  const fellThrough = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/checkout/sessions') && r.method() === 'POST') sessions.push(r.postDataJSON());
    if (r.url().startsWith(fallback)) fellThrough.push(r.url());
  });
  await page.locator('input[name="pw-interval"][value="annual"]').check();
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Pro' }).dblclick();
  await page.waitForTimeout(300); // a form falling through would be on its way by now
  assert.deepEqual(fellThrough, [], 'the no-JS form is not submitted while JavaScript runs');
  release();
  await page.waitForURL(/\/checkout\/cs_/);
  assert.equal(sessions.length, 1, 'a double click starts one checkout');
  assert.deepEqual([sessions[0].plan, sessions[0].interval, sessions[0].currency], ['pro', 'annual', 'USD']);
  const pro = sheet.plans.find((p) => p.id === 'pro').prices.USD.annual.charged;
  assert.equal(await page.getByTestId('amount').textContent(), `USD ${(pro / 100).toFixed(2)}`);
  assert.deepEqual(fellThrough, []);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Changes the markup right between the digest's check and the hydration (a host script
 *  touching the widget at that moment): the second time anything reads the root's first child,
 *  a rule is put at the top of the widget. No digest can see it; the hydration panics. */
function breakTheTakeover() {
  const firstChild = Object.getOwnPropertyDescriptor(Node.prototype, 'firstChild').get;
  let reads = 0;
  window.broken = 0;
  Object.defineProperty(Node.prototype, 'firstChild', {
    configurable: true,
    get() {
      if (this instanceof Element && this.classList.contains('pw-mount') && ++reads === 2) {
        window.broken += 1;
        firstChild.call(this).prepend(document.createElement('hr'));
      }
      return firstChild.call(this);
    },
  });
}

test('a takeover that fails where the check cannot see it ends live: one warning, rendered afresh', async () => {
  const { page, release, problems, warnings } = await openHeld('broken-takeover', snippet(), { setUp: breakTheTakeover });
  await page.locator('input[name="pw-interval"][value="annual"]').check();
  release();
  await page.locator(`${LIVE} .pw-card`).first().waitFor();
  assert.equal(await page.evaluate(() => window.broken), 1, 'the takeover did fail');
  const told = warnings.filter((w) => w.includes('taking the pre-rendered widget over failed'));
  assert.equal(told.length, 1, `one warning names it: ${warnings}`);
  assert.match(told[0], /panicked at/, 'with what the wasm said');
  assert.deepEqual(problems, [], 'no page error, no panic');
  await page.waitForFunction((n) => document.querySelector('pricing-widget').shadowRoot.querySelectorAll('.pw-card .pw-amount')[1]?.textContent === n, annual()[1]);
  assert.deepEqual(await cardAmounts(page), annual(), 'what the visitor picked before survives the failure');
  await page.locator('input[name="pw-interval"][value="monthly"]').check();
  const monthly = sheet.plans.map((p) => money(p.prices.USD.monthly.per_month, 'USD'));
  await page.waitForFunction((n) => document.querySelector('pricing-widget').shadowRoot.querySelectorAll('.pw-card .pw-amount')[1]?.textContent === n, monthly[1]);
  assert.equal(await page.evaluate(async () => (await import('/pricing-widget.js')).liveWidgets()), 1, 'one widget, on the new instance');
  await page.close();
});

/** Whether the first frame with a plan card in it (in the widget's shadow root) painted it
 *  styled: a rAF from the page's start looks at the card's computed border. */
async function firstFrameStyled(name, body, cssDelay) {
  pages[`/${name}.html`] = hostPage(`<h1>A landing page</h1>${body}`, EMPTY_ICON);
  const page = await browser.newPage({ viewport: DESKTOP });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.route('**/*.css', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, cssDelay));
    await route.continue();
  });
  await page.addInitScript(() => {
    const look = () => {
      const card = document.querySelector('pricing-widget')?.shadowRoot?.querySelector('.pw-card');
      if (card) window.firstCard = getComputedStyle(card).borderTopStyle;
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(`${server.url}${name}.html`);
  await page.waitForFunction(() => window.firstCard !== undefined);
  const style = await page.evaluate(() => window.firstCard);
  await page.close();
  return style;
}

test('every way in paints the widget styled on its first frame, with the stylesheet slow and the CPU 4× slower', async () => {
  const ways = {
    'pasted snippet': snippet(),
    'two-line embed': '<pricing-widget currency="USD"></pricing-widget><script type="module" src="/pricing-widget.js"></script>',
    "API's fragment, included": await (await fetch(`${billing.api}/widget/fragment?currency=USD&form=snippet`)).text(),
  };
  for (const [way, body] of Object.entries(ways)) {
    for (const delay of [0, 800]) {
      assert.equal(await firstFrameStyled(`styled-${delay}-${way.replace(/\W+/g, '-')}`, body, delay), 'solid', `${way}, stylesheet ${delay} ms late`);
    }
  }
});
