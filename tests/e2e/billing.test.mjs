// The widget wired to the reference billing API, in Chromium: a visitor buys through the hosted
// test checkout, a signed-in customer upgrades and is charged exactly the preview, and a dead
// API leaves the pricing table usable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  DIST, DESKTOP, LIVE, serveDirectory, listenOnLoopback, closeAll, launchChromium, priceSheet, startBillingApi, collectProblems, axeViolations, withAttributes,
} from './support.mjs';

let browser, sheet, billing, site;
let attributes = '';

before(async () => {
  browser = await launchChromium();
  sheet = priceSheet();
  // The widget's page is served at a fixed origin the API allows; attributes are injected per test.
  site = await serveDirectory(DIST, {}, withAttributes(() => attributes));
  billing = await startBillingApi({ BILLING_ALLOWED_ORIGINS: site.origin });
});
after(async () => {
  billing?.stop();
  await closeAll(browser, site);
});

async function open(widgetAttributes) {
  attributes = widgetAttributes;
  const page = await browser.newPage({ viewport: DESKTOP });
  const { uncaught: errors } = collectProblems(page);
  await page.goto(site.url);
  await page.waitForSelector(`${LIVE} .pw-card`);
  return { page, errors };
}

async function post(path, body, headers = {}) {
  const response = await fetch(`${billing.api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.json();
}

/** A customer on `plan` (bought through the API like any visitor), with a token for the widget. */
async function customerOn(plan) {
  const { token } = await post('/dev/tokens', {});
  const session = await post('/checkout/sessions', { kind: 'subscription', plan, interval: 'monthly', currency: 'USD', success_url: site.url, cancel_url: site.url },
    { authorization: `Bearer ${token}`, 'idempotency-key': `setup-${plan}-${Date.now()}` });
  await fetch(`${session.url}/pay`, { method: 'POST', redirect: 'manual' });
  return token;
}

test('a visitor goes from the pricing table through the test checkout to the success page', async () => {
  const { page, errors } = await open(`api="${billing.api}"`);
  const requests = [];
  page.on('request', (r) => r.url().endsWith('/checkout/sessions') && r.method() === 'POST' && requests.push(r));
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Pro' }).dblclick();
  await page.waitForURL(/\/checkout\/cs_/);
  assert.equal(requests.length, 1, 'a double click starts one checkout');
  assert.match(requests[0].headers()['idempotency-key'], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a random UUID');
  const pro = sheet.plans.find((p) => p.id === 'pro').prices.USD.monthly.charged;
  assert.equal(await page.getByTestId('amount').textContent(), `USD ${(pro / 100).toFixed(2)}`);
  await page.getByRole('button', { name: /^Pay/ }).click();
  await page.waitForURL(/checkout=success&checkout_session=cs_/);
  const back = new URL(page.url()).searchParams;
  assert.deepEqual([back.get('pw_plan'), back.get('pw_interval'), back.get('pw_currency')], ['pro', 'monthly', 'USD'], 'the choice comes back');
  await page.waitForSelector(`${LIVE} .pw-card`);
  assert.match(await page.locator('.pw-status-done').textContent(), /Payment received for Pro plan/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a signed-in customer upgrades and is charged exactly the preview', async () => {
  const token = await customerOn('basic');
  // The visitor looks at euro prices; the customer's subscription is in dollars.
  const { page } = await open(`api="${billing.api}" customer-token="${token}" currency="EUR"`);
  const current = page.locator('.pw-card').getByRole('button', { name: 'Your current plan' });
  await current.waitFor();
  assert.equal(await current.isDisabled(), true);
  assert.equal(await page.locator('.pw-card', { has: page.getByRole('button', { name: 'Your current plan' }) }).locator('h3').textContent(), 'Basic');
  // The customer's credits by source, as the API counts them, in spending order.
  const account = await (await fetch(`${billing.api}/customer/subscription`, { headers: { authorization: `Bearer ${token}` } })).json();
  const credits = page.locator('.pw-account-credits');
  assert.equal(await credits.locator('h3').textContent(), `${new Intl.NumberFormat('en-US').format(account.credits_left)} credits left`);
  const rows = await credits.locator('li').allTextContents();
  assert.deepEqual(rows.map((r) => r.split(' until ')[0]), account.balances.map((b) => `${new Intl.NumberFormat('en-US').format(b.credits)} ${b.source} credits`));
  assert.ok(account.balances.length >= 1 && account.balances[0].source === 'plan', 'plan credits are listed first');

  // The plan finder's button is the recommended plan's card button: a plan change, not a second subscription.
  const recommended = page.locator('.pw-finder-answer');
  const plan = (await recommended.locator('.pw-finder-best').textContent()).split(/,| with /)[0];
  const cardButton = await page.locator('.pw-card', { has: page.locator(`h3:text-is("${plan}")`) }).locator('.pw-cta').textContent();
  assert.equal(await recommended.getByRole('button').textContent(), cardButton);
  assert.match(cardButton, /^(Upgrade to|Switch to) |^Your current plan$/);

  const preview = page.waitForResponse((r) => r.url().endsWith('/customer/subscription/preview'));
  await page.locator('.pw-card').getByRole('button', { name: 'Upgrade to Pro' }).click();
  const quote = await (await preview).json();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const shown = await dialog.getByTestId('quote-due').textContent();
  assert.equal(shown, new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(quote.amount_due_now.minor / 100));
  // Tax as the quote's currency has it (the API says so too), not as the euro cards behind it.
  assert.deepEqual(quote.tax, { included: false, name: 'applicable tax' });
  assert.equal(await dialog.locator('.pw-tax').textContent(), 'plus applicable tax');
  assert.equal(await page.locator('.pw-card .pw-tax').first().textContent(), 'VAT included');

  assert.deepEqual(await axeViolations(page), [], 'the open dialog is accessible');
  const change = page.waitForResponse((r) => r.url().endsWith('/customer/subscription/change'));
  await dialog.getByRole('button', { name: /^Confirm and pay/ }).click();
  const applied = await (await change).json();
  assert.deepEqual(applied.charged, quote.amount_due_now, 'charged what was previewed');
  await page.getByText('You are now on Pro.').waitFor();
  await page.locator('.pw-card').getByRole('button', { name: 'Your current plan' }).waitFor();
  assert.equal(await page.locator('.pw-card', { has: page.getByRole('button', { name: 'Your current plan' }) }).locator('h3').textContent(), 'Pro');
  await page.close();
});

test('with the API down the table still works and a purchase says what went wrong', async () => {
  const { page } = await open('api="http://127.0.0.1:9/v1"');
  assert.equal(await page.locator('.pw-card').count(), sheet.plans.length, 'the embedded catalog stands in');
  assert.match(await page.locator('.pw-notice').textContent(), /buying is unavailable/);
  await page.evaluate(() => {
    window.failures = [];
    document.addEventListener('pricing-widget:checkout-failed', (e) => window.failures.push(e.detail.message));
  });
  const attempts = [];
  page.on('requestfailed', (r) => r.url().endsWith('/checkout/sessions') && attempts.push(r.method()));
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Ultimate' }).click();
  const status = page.locator('.pw-status-failed');
  await status.waitFor();
  assert.match(await status.textContent(), /cannot be reached/);
  assert.equal((await page.evaluate(() => window.failures)).length, 1);
  await status.getByRole('button', { name: 'Try again' }).click();
  // The retry asks the API again, and fails again, visibly.
  await page.waitForFunction(() => window.failures.length === 2);
  await page.locator('.pw-status-failed').waitFor();
  assert.deepEqual(attempts, ['POST', 'POST'], 'one request per attempt');
  await page.close();
});

test('a garbage answer from the API is a clear message, not a broken page', async () => {
  const { page, errors } = await open(`api="${billing.api}"`);
  await page.route('**/checkout/sessions', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '<html>oops' }));
  await page.locator('.pw-card').getByRole('button', { name: 'Choose Basic' }).click();
  await page.locator('.pw-status-failed').waitFor();
  assert.match(await page.locator('.pw-status-failed').textContent(), /do not understand/);
  assert.equal(await page.locator('.pw-card').count(), sheet.plans.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a catalog that never arrives times out to the embedded one', async () => {
  attributes = `api="${billing.api}"`;
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.route('**/v1/catalog', () => {}); // never answered
  await page.goto(site.url);
  await page.locator('.pw-notice').waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('.pw-card').count(), sheet.plans.length);
  await page.close();
});

test('a widget removed while its catalog is on its way stops the request', async () => {
  // An API that takes the request and never answers, and tells when the browser hangs up.
  let received, hungUp;
  const asked = new Promise((resolve) => (received = resolve));
  const closed = new Promise((resolve) => (hungUp = resolve));
  const silent = createServer((req, res) => {
    received(req.url);
    res.on('close', () => hungUp(res.writableEnded ? 'answered' : 'closed by the browser'));
  });
  const { port, close } = await listenOnLoopback(silent);
  attributes = `api="http://127.0.0.1:${port}/v1"`;
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.clock.install();
  await page.goto(site.url);
  assert.equal(await asked, '/v1/catalog');
  await page.waitForSelector(`${LIVE} .pw-card`);
  // The page's timers stop (half a second ahead, so that the page's clock is not already past
  // it): the widget's own 8 s timeout cannot end the request, only the removal can.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 500));
  await page.evaluate(() => document.querySelectorAll('pricing-widget').forEach((w) => w.remove()));
  const stillOpen = new Promise((resolve) => setTimeout(resolve, 10_000, 'still open 10 s after the removal'));
  assert.equal(await Promise.race([closed, stillOpen]), 'closed by the browser');
  await page.close();
  silent.closeAllConnections();
  await close();
});
