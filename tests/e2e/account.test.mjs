// The signed-in customer's account view in Chromium against the real billing API: every figure
// it shows equals the API's rows; cancelling (with the retention offer declined) and resuming;
// auto top-up buying a pack once usage crosses its threshold; an expired token; a customer on
// Free; the summary above the cards; keyboard only, axe, phone width and every language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DIST, DESKTOP, LIVE, serveDirectory, closeAll, launchChromium, startBillingApi, collectProblems, axeViolations, withAttributes, screenshot, readTranslation, readCatalog,
} from './support.mjs';

const catalog = readCatalog();
const named = (list, id) => list.find((item) => item.id === id).name;

const USAGE_SECRET = 'usage-secret-for-the-account-tests-0123456789';
const TOKEN_SECRET = 'token-secret-for-the-account-tests-0123456789';
const PHONE = { width: 360, height: 780 };
let browser, billing, site;
let attributes = '';

before(async () => {
  browser = await launchChromium();
  site = await serveDirectory(DIST, {}, withAttributes(() => attributes));
  billing = await startBillingApi({ BILLING_ALLOWED_ORIGINS: site.origin, BILLING_USAGE_SECRET: USAGE_SECRET, BILLING_TOKEN_SECRET: TOKEN_SECRET });
});
after(async () => {
  billing?.stop();
  await closeAll(browser, site);
});

async function call(method, path, body, headers = {}) {
  const once = method === 'POST' ? { 'idempotency-key': randomUUID() } : {};
  const response = await fetch(`${billing.api}${path}`, {
    method, headers: { 'content-type': 'application/json', ...once, ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}
const asCustomer = (token) => ({ authorization: `Bearer ${token}` });
const read = (token, path) => call('GET', path, undefined, asCustomer(token));
const usage = (body) => call('POST', '/usage', body, { authorization: `Bearer ${USAGE_SECRET}` });

/** Buys through the API as any visitor does: a checkout session, paid on the test page. */
async function buy(token, what) {
  const session = await call('POST', '/checkout/sessions', { ...what, currency: 'USD', success_url: site.url, cancel_url: site.url },
    asCustomer(token));
  await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
}

/** A customer on Pro with a pack, a few generations (one refunded) and one under way. */
async function proCustomer() {
  const { token, customer_id } = await call('POST', '/dev/tokens', {});
  await buy(token, { kind: 'subscription', plan: 'pro', interval: 'monthly' });
  await buy(token, { kind: 'credit_pack', pack: 'pack-500' });
  for (let i = 0; i < 12; i++) await usage({ customer_id, model: 'flux-2-pro', resolution: '1K' });
  const refunded = await usage({ customer_id, model: 'luma-ray-2', resolution: '1080p', seconds: 10 });
  await call('POST', `/usage/${refunded.id}/refund`, { customer_id }, { authorization: `Bearer ${USAGE_SECRET}` });
  await call('POST', '/usage/holds', { customer_id, model: 'luma-ray-2', resolution: '720p', seconds: 5 }, { authorization: `Bearer ${USAGE_SECRET}` });
  return { token, customer_id };
}

async function open(widgetAttributes, viewport = DESKTOP) {
  attributes = widgetAttributes;
  const page = await browser.newPage({ viewport });
  const reported = collectProblems(page);
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
  await page.goto(site.url);
  return { page, reported, wasm };
}
const accountShown = (page) => page.locator('.pw-account .pw-account-next').waitFor();
const en = (n) => new Intl.NumberFormat('en-US').format(n);
const usd = (money) => new Intl.NumberFormat('en-US', { style: 'currency', currency: money.currency }).format(money.minor / 100);
const day = (at, locale = 'en-US') => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(at));

test('a customer on Pro sees their plan, credits, history and receipts as the API keeps them', async () => {
  const { token } = await proCustomer();
  const { page, reported, wasm } = await open(`api="${billing.api}" customer-token="${token}" sections="account"`);
  await accountShown(page);
  const account = await read(token, '/customer/account');
  assert.equal(await page.locator('.pw-account h2').first().textContent(), 'Your plan: Pro');
  assert.equal(await page.getByTestId('account-next').textContent(), `Renews on ${day(account.renewal.at)} for ${usd(account.renewal.amount)}.`);
  const credits = page.locator('.pw-account-credits');
  assert.equal(await credits.locator('h3').textContent(), `${en(account.subscription.credits_left)} credits left`);
  const rows = await credits.locator('li').allTextContents();
  assert.deepEqual(rows, account.subscription.balances.map((b) => `${en(b.credits)} ${b.source} credits until ${day(b.expires_at)}`));
  assert.ok(account.held > 0, 'the hold is out of the balance');
  assert.equal(await page.locator('.pw-account-held').textContent(), `${en(account.held)} credits held for generations under way`);
  const bar = page.getByRole('meter');
  assert.deepEqual([await bar.getAttribute('aria-valuenow'), await bar.getAttribute('aria-valuemax')], [String(account.cycle.used), String(account.cycle.allowance)]);

  // The history, a page at a time, equal to the API's pages.
  const history = page.locator('.pw-account-history-list li');
  const first = await read(token, '/customer/credits/history?limit=10');
  await page.waitForFunction((n) => document.querySelector('pricing-widget').shadowRoot.querySelectorAll('.pw-account-history-list li').length === n, first.entries.length);
  const amounts = async () => (await history.locator('.pw-account-amount').allTextContents());
  const expected = (entries) => entries.map((e) => (e.kind === 'grant' ? `+${en(e.credits)} credits` : e.unlimited ? 'Unlimited: no credits' : `−${en(e.credits)} credit${e.credits === 1 ? '' : 's'}`));
  assert.deepEqual(await amounts(), expected(first.entries));
  assert.match(await history.first().textContent(), /under way, credits held/, 'the newest is the generation under way');
  assert.ok(first.next, 'there is an older page');
  await page.getByRole('button', { name: 'Show older activity' }).click();
  const second = await read(token, `/customer/credits/history?limit=10&after=${encodeURIComponent(first.next)}`);
  await page.waitForFunction((n) => document.querySelector('pricing-widget').shadowRoot.querySelectorAll('.pw-account-history-list li').length === n, first.entries.length + second.entries.length);
  assert.deepEqual(await amounts(), expected([...first.entries, ...second.entries]));
  assert.ok((await history.allTextContents()).some((t) => t.includes('refunded')), 'the refund is marked');

  // Payments with their receipts; the printable page opens from the list.
  const { receipts } = await read(token, '/customer/receipts');
  const payments = page.locator('.pw-account-payments tbody tr');
  await payments.first().waitFor();
  assert.deepEqual(await payments.locator('.pw-num').allTextContents(), receipts.map((r) => usd(r.total)));
  const [printable] = await Promise.all([page.waitForEvent('popup'), payments.first().getByRole('link').click()]);
  await printable.waitForLoadState();
  assert.match(await printable.textContent('body'), new RegExp(`${receipts[0].number}`));
  await printable.close();

  assert.ok(wasm.every((path) => path.includes('account')), `only the account's wasm loads: ${wasm.join(', ')}`);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(reported.uncaught, []);
  await screenshot(page, 'account-desktop');
  await page.close();
});

test('a visitor who is not signed in never downloads the account view', async () => {
  const { page, wasm } = await open(`api="${billing.api}"`);
  const account = [];
  page.on('request', (r) => r.url().includes('account') && account.push(r.url()));
  await page.waitForSelector(`${LIVE} .pw-card`);
  await page.waitForTimeout(300);
  assert.deepEqual(account, []);
  assert.equal(wasm.length, 1, 'the widget\'s wasm only');
  assert.equal(await page.locator('.pw-account').count(), 0);
  await page.close();
});

test('a customer cancels with a reason, declines the offer, sees the end date and resumes', async () => {
  const { token } = await proCustomer();
  const { page } = await open(`api="${billing.api}" customer-token="${token}" sections="account"`);
  await accountShown(page);
  await page.evaluate(() => {
    window.told = [];
    for (const name of ['account-action', 'subscription-changed', 'account-action-failed']) {
      document.addEventListener(`pricing-widget:${name}`, (e) => window.told.push([name, e.detail.action]));
    }
  });
  const options = await read(token, '/customer/subscription/cancellation');
  await page.getByRole('button', { name: 'Cancel plan' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('cancel-what').waitFor();
  assert.match(await dialog.getByTestId('cancel-what').textContent(), new RegExp(`until ${day(options.ends_at)}\\.`));
  const offer = options.offer;
  assert.equal(await dialog.locator('.pw-account-offer p').textContent(),
    `Or stay with ${offer.percent_off}% off: your next ${offer.months} monthly renewals cost ${usd(offer.offered_price)} each instead of ${usd(offer.renewal_price)}.`);
  assert.deepEqual(await axeViolations(page), [], 'the open dialog');
  await dialog.getByLabel('It costs too much').check();
  await dialog.getByLabel(/Anything else/).fill('Back in the summer');
  const cancels = [];
  page.on('request', (r) => r.url().endsWith('/subscription/cancel') && cancels.push(r.headers()['idempotency-key']));
  await dialog.getByRole('button', { name: 'Cancel at the end of the period' }).dblclick();
  await page.getByText(/^Ends on /).waitFor();
  assert.equal(cancels.length, 1, 'a double click cancels once');
  const cancelled = await read(token, '/customer/account');
  assert.equal(cancelled.subscription.cancel_at_period_end, true);
  assert.equal(cancelled.renewal, null);
  assert.equal(await page.getByTestId('account-next').textContent(),
    `Ends on ${day(cancelled.subscription.period_end)}. After that you are on the free plan and nothing more is charged.`);
  assert.deepEqual(await axeViolations(page), [], 'cancelled');
  const events = await call('GET', `/events?customer_id=${cancelled.subscription.customer_id}&limit=100`, undefined, { authorization: `Bearer ${USAGE_SECRET}` });
  const told = events.events.filter((e) => e.type === 'subscription.cancelled');
  assert.deepEqual(told.map((e) => [e.data.reason, e.data.comment]), [['too_expensive', 'Back in the summer']], 'the reason reached the API, once');

  await page.getByRole('button', { name: 'Keep Pro' }).click();
  await page.getByText(/^Renews on /).waitFor();
  assert.equal((await read(token, '/customer/account')).subscription.cancel_at_period_end, false);
  assert.deepEqual(await page.evaluate(() => window.told), [['account-action', 'cancel'], ['subscription-changed', 'cancel'], ['account-action', 'resume'], ['subscription-changed', 'resume']]);
  await page.close();
});

test('auto top-up, turned on in the account, buys a pack once usage crosses its threshold', async () => {
  const { token, customer_id } = await proCustomer();
  const { page } = await open(`api="${billing.api}" customer-token="${token}" sections="account"`);
  await accountShown(page);
  const left = (await read(token, '/customer/account')).subscription.credits_left;
  assert.ok(left > 40);
  const threshold = left - 40;
  await page.getByLabel('Buy a credit pack when my credits run low').check();
  await page.getByLabel('Pack to buy').selectOption('pack-500');
  await page.getByLabel('Buy when fewer credits than this are left').fill(String(threshold));
  await page.getByLabel(/^Spend at most this much per month/).fill('50');
  await page.getByRole('button', { name: 'Save top-up settings' }).click();
  await page.getByText('Top-up settings saved.').waitFor();
  const kept = await read(token, '/customer/auto-top-up');
  assert.deepEqual([kept.enabled, kept.pack, kept.threshold, kept.monthly_cap], [true, 'pack-500', threshold, { minor: 5000, currency: 'USD' }]);

  // Generations until the balance falls under the threshold once (the pack lifts it back over).
  for (let spent = 0; spent < 100 && (await read(token, '/customer/auto-top-up')).bought_this_month === 0; spent++) {
    await usage({ customer_id, model: 'flux-2-pro', resolution: '1K' });
  }
  await page.reload();
  await accountShown(page);
  const after = await read(token, '/customer/auto-top-up');
  assert.equal(after.bought_this_month, 1);
  assert.equal(await page.getByTestId('top-up-month').textContent(),
    `This month: 1 pack bought, ${usd(after.spent_this_month)} of the ${usd(after.monthly_cap)} limit.`);
  assert.match(await page.locator('.pw-account-history-list li').allTextContents().then((t) => t.join('\n')), /Credit pack: Starter pack/);
  await page.close();
});

test('a scheduled change shows its date and is taken back; the cards follow a plan changed from the account', async () => {
  const { token } = await proCustomer();
  const quote = await call('POST', '/customer/subscription/preview', { plan: 'basic', interval: 'monthly' }, asCustomer(token));
  await call('POST', '/customer/subscription/change', { quote_id: quote.id }, asCustomer(token));
  const { page } = await open(`api="${billing.api}" customer-token="${token}" sections="account"`);
  await accountShown(page);
  const scheduled = (await read(token, '/customer/account')).subscription.scheduled_change;
  assert.equal(await page.locator('.pw-account-scheduled').textContent(), `On ${day(scheduled.at)} it changes to Basic, billed monthly.`);
  const takeBacks = [];
  page.on('request', (r) => r.url().endsWith('/scheduled-change/cancel') && takeBacks.push(r.method()));
  await page.getByRole('button', { name: 'Stay on Pro' }).dblclick();
  await page.locator('.pw-account-scheduled').waitFor({ state: 'detached' });
  assert.deepEqual(takeBacks, ['POST'], 'a double click takes it back once');
  assert.equal((await read(token, '/customer/account')).subscription.scheduled_change, null);
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('running low, a customer sees their own work and what would pay for it, and buys from the notice', async () => {
  const { token, customer_id } = await call('POST', '/dev/tokens', {});
  // Billed yearly: the suggestion is priced, and the plan changed, in the customer's interval.
  await buy(token, { kind: 'subscription', plan: 'basic', interval: 'annual' });
  await buy(token, { kind: 'credit_pack', pack: 'pack-6000' });
  // More work than Basic's month holds, at a price where Pro is cheaper than Basic with packs.
  let account = await read(token, '/customer/account');
  const start = account.subscription.credits_left;
  for (let i = 0; i < 40 && start - account.subscription.credits_left < 3000; i++) {
    account.subscription.credits_left = (await usage({ customer_id, model: 'kling-2.1-master', resolution: '1080p', seconds: 10 })).credits_left;
  }
  account = await read(token, '/customer/account');
  const low = account.low_balance;
  assert.ok(low && low.recent_work.length === 1 && low.plan && low.packs.length, JSON.stringify(low));
  // On the pricing page showing yearly prices: the notice above the cards.
  const { page, reported } = await open(`api="${billing.api}" customer-token="${token}" interval="annual"`);
  await page.waitForSelector(`${LIVE} .pw-card`);
  const notice = page.locator('.pw-account-low');
  await notice.waitFor();
  account = await read(token, '/customer/account');
  assert.equal(await notice.locator('h3').textContent(), `You have used ${account.low_balance.percent_spent}% of this cycle's plan credits`);
  const work = account.low_balance.recent_work[0];
  assert.equal(await notice.locator('p').first().textContent(), `Your last 30 days: ${en(work.count)} ${named(catalog.models, work.model)} outputs at ${work.resolution}.`);
  const packs = await notice.locator('.pw-account-low-packs button').allTextContents();
  const pack = (p) => named(catalog.credit_packs, p.pack);
  assert.deepEqual(packs, account.low_balance.packs.map((p) => (p.count === 1 ? `Buy ${pack(p)}` : `Buy ${p.count} × ${pack(p)}`)));
  assert.deepEqual(await axeViolations(page), []);
  // The plan that covers the work: its button changes the plan (previewed), and the cards follow.
  const plan = account.low_balance.plan;
  const name = named(catalog.plans, plan);
  const preview = page.waitForRequest((r) => r.url().endsWith('/customer/subscription/preview'));
  await notice.getByRole('button', { name: `Upgrade to ${name}` }).click();
  assert.deepEqual((await preview).postDataJSON(), { plan, interval: 'annual' });
  await page.getByRole('dialog').getByRole('button', { name: /^Confirm and pay/ }).click();
  await page.locator('.pw-card', { has: page.locator(`h3:text-is("${name}")`) }).getByRole('button', { name: 'Your current plan' }).waitFor();
  await page.getByText(`Your plan: ${name}`).waitFor();
  assert.equal((await read(token, '/customer/account')).subscription.plan, plan);
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

/** A token as the host mints it, for a moment already past. */
function expiredToken(customer) {
  const payload = `v1.${customer}.${Math.floor(Date.now() / 1000) - 60}`;
  return `${payload}.${createHmac('sha256', TOKEN_SECRET).update(payload).digest('base64url')}`;
}

test('an expired token shows the public pricing view and asks the host once for a fresh one', async () => {
  const { customer_id } = await proCustomer();
  attributes = `api="${billing.api}" customer-token="${expiredToken(customer_id)}" sections="account"`;
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.addInitScript(() => {
    window.expired = 0;
    document.addEventListener('pricing-widget:token-expired', () => (window.expired += 1));
  });
  await page.goto(site.url);
  await page.waitForSelector(`${LIVE} .pw-card`);
  assert.equal(await page.evaluate(() => window.expired), 1);
  assert.equal(await page.locator('.pw-account').count(), 0, 'no account section, broken or not');
  assert.equal(await page.locator('pricing-widget').getAttribute('customer-token'), null);
  // The host refreshes it: the account is back.
  const { token } = await call('POST', '/dev/tokens', { customer_id });
  await page.locator('pricing-widget').evaluate((element, fresh) => element.setAttribute('customer-token', fresh), token);
  await accountShown(page);
  assert.equal(await page.evaluate(() => window.expired), 1);
  await page.close();
});

test('a customer on Free sees their allowance and nothing to cancel', async () => {
  const { token } = await call('POST', '/dev/tokens', {});
  const { page } = await open(`api="${billing.api}" customer-token="${token}" sections="account"`, PHONE);
  await accountShown(page);
  const account = await read(token, '/customer/account');
  assert.equal(await page.getByTestId('account-next').textContent(), 'You are on the free plan: nothing is charged.');
  assert.equal(await page.getByRole('button', { name: 'Cancel plan' }).count(), 0);
  assert.equal(await page.locator('.pw-account-credits h3').textContent(), `${en(account.subscription.credits_left)} credits left`);
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 360 px');
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('on the pricing page a customer sees a summary above the cards, by keyboard at phone width', async () => {
  const { token } = await proCustomer();
  const { page, reported } = await open(`api="${billing.api}" customer-token="${token}"`, PHONE);
  await page.waitForSelector(`${LIVE} .pw-card`);
  await accountShown(page);
  const order = await page.locator('pricing-widget').evaluate((e) => [...e.shadowRoot.children].map((c) => c.className).filter(Boolean));
  assert.deepEqual(order, ['pw-account-mount', 'pw-mount'], 'the summary comes first');
  assert.equal(await page.locator('.pw-account-history').count(), 0, 'the summary leaves the history to the account page');
  assert.ok(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 360 px');
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'account-summary-phone');
  assert.deepEqual(reported.uncaught, []);
  await page.close();

  // The whole account by keyboard: to the cancel button, the dialog, and out again with Escape.
  const full = await open(`api="${billing.api}" customer-token="${token}" sections="account"`, PHONE);
  await accountShown(full.page);
  assert.ok(await full.page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 360 px');
  for (let i = 0; i < 40; i++) {
    await full.page.keyboard.press('Tab');
    const focused = await full.page.evaluate(() => document.querySelector('pricing-widget').shadowRoot.activeElement?.textContent);
    if (focused === 'Cancel plan') break;
  }
  await full.page.keyboard.press('Enter');
  await full.page.getByRole('dialog').getByTestId('cancel-what').waitFor();
  await full.page.keyboard.press('Escape');
  await full.page.getByRole('dialog').waitFor({ state: 'hidden' });
  assert.equal((await read(token, '/customer/account')).subscription.cancel_at_period_end, false, 'nothing was cancelled');
  await screenshot(full.page, 'account-phone');
  await full.page.close();
});

test('the account speaks every language of the catalog', async () => {
  const { token } = await proCustomer();
  // Each language but English, in its own locale as the build pre-rendered it.
  const locales = JSON.parse(readFileSync(join(DIST, 'prerender', 'locales.json'), 'utf8'));
  for (const [language, locale] of Object.entries(locales).filter(([language]) => language !== catalog.languages[0])) {
    const words = readTranslation(`account/${language}`).widget;
    // Arabic isolates each filled value (FSI … PDI) so that it keeps its own direction.
    const value = (text) => (language === 'ar' ? `\u2068${text}\u2069` : text);
    const { page } = await open(`api="${billing.api}" customer-token="${token}" sections="account" locale="${locale}"`);
    await accountShown(page);
    const account = await read(token, '/customer/account');
    const plan = readTranslation(language).catalog['plans.pro.name'] ?? 'Pro';
    assert.equal(await page.locator('.pw-account h2').first().textContent(), words['account.plan'].replace('{plan}', value(plan)), language);
    const next = words['account.renews'].replace('{date}', value(day(account.renewal.at, locale)))
      .replace('{amount}', value(new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(account.renewal.amount.minor / 100)));
    assert.ok((await page.getByTestId('account-next').textContent()).startsWith(next), `${language}: ${next}`);
    assert.equal(await page.locator('.pw-account').getAttribute('lang'), language);
    assert.equal(await page.locator('.pw-account').getAttribute('dir'), language === 'ar' ? 'rtl' : 'ltr');
    assert.deepEqual(await axeViolations(page), [], language);
    await page.close();
  }
});
