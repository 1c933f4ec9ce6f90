// The pricing studio in Chromium against the real billing API (its SQLite file; the API's own
// tests run the same calls on PostgreSQL): an editor signs in, meets every kind of problem at
// its field, fixes it, reads what a publication changes, publishes, and a page that includes
// the widget shows the new price with no rebuild; two editors at once; rollback; keyboard only;
// axe on every state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { ROOT, DIST, LIVE, serveDirectory, closeAll, launchChromium, startBillingApi, collectProblems, axeViolations, screenshot, hostPage, money } from './support.mjs';

const EDITOR = 'development-only-editor-secret-change-me';
let browser, widget, billing;
const pages = {};

before(async () => {
  // The widget's files, readable from any origin (the studio's live embed runs on the API's).
  widget = await serveDirectory(DIST, { 'access-control-allow-origin': '*' }, undefined, pages);
  billing = await startBillingApi({
    BILLING_STUDIO_DIR: join(ROOT, 'target', 'studio'),
    BILLING_WIDGET_URL: widget.url,
    BILLING_ALLOWED_ORIGINS: widget.origin,
    BILLING_CATALOG_POLL_MS: '100',
  });
  browser = await launchChromium();
});
after(() => {
  billing?.stop();
  return closeAll(browser, widget);
});

async function signIn(context = browser) {
  const page = await context.newPage();
  const reported = collectProblems(page);
  await page.goto(`${billing.base}/studio/`);
  await page.getByLabel('Editor credential').fill(EDITOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  return { page, reported };
}

/** The field's problems as the page shows them (the list its input names). */
const problemsOf = async (page, field) => page.locator(`#${await field.getAttribute('aria-describedby')}`).textContent();
/** The studio's status line once it says what `expected` matches, or as it stands after 5 s: the
 *  draft is checked again after the last keystroke lands, which takes longer with every language. */
async function status(page, expected) {
  await page.locator('.status', { hasText: expected }).waitFor({ timeout: 5000 }).catch(() => {});
  return page.locator('.status').textContent();
}
const served = async () => (await fetch(`${billing.api}/catalog`)).json();
const proUsdMonthly = (catalog) => catalog.plans.find((p) => p.id === 'pro').prices.USD.monthly;

/** The Pro card's amount on a page that includes the widget through the API. */
async function proOnAHostPage() {
  pages['/host.html'] = hostPage(`<script type="module" src="${widget.url}pricing-widget.js"></script><pricing-widget api="${billing.api}" currency="USD" interval="monthly" locale="en-US"></pricing-widget>`);
  const page = await browser.newPage();
  await page.goto(`${widget.url}host.html`);
  await page.waitForSelector(`${LIVE} .pw-card`);
  const amount = await page.locator('.pw-card', { hasText: 'Pro' }).first().locator('.pw-amount').textContent();
  await page.close();
  return amount;
}

test('an editor changes a price and starts a promotion, meets each problem at its field, reads the changes and publishes; the widget follows', async () => {
  const before = await served();
  const { page, reported } = await signIn();
  assert.deepEqual(await axeViolations(page), [], 'signed in');
  const price = page.getByLabel('Pro USD per month');
  assert.equal(await price.inputValue(), (proUsdMonthly(before) / 100).toFixed(2));

  await price.fill('-5');
  assert.equal(await price.getAttribute('aria-invalid'), 'true');
  assert.match(await problemsOf(page, price), /must be >= 0/);
  await expectPublishing(page, false);
  await price.fill('31.5x');
  assert.match(await problemsOf(page, price), /write an amount in USD, such as 29\.00/);
  const newPrice = proUsdMonthly(before) + 200;
  await price.fill((newPrice / 100).toFixed(2));
  assert.equal(await price.getAttribute('aria-invalid'), 'false');

  await page.getByRole('button', { name: 'Add a discount' }).click();
  const promotion = page.locator('fieldset.promotion').last();
  const headline = promotion.getByLabel('Headline');
  for (const [typed, problem] of [['<b>Sale</b>', /plain text only/], ['x'.repeat(10 * 1024), /at most 80 characters \(is 10240\)/], ['', /must not be empty/]]) {
    await headline.fill(typed);
    assert.match(await problemsOf(page, headline), problem);
  }
  await headline.fill('Spring sale');
  await promotion.getByLabel('Details').fill('Pro costs a fifth less for a week.');
  const starts = new Date(`${await promotion.getByLabel('Starts (UTC)').inputValue()}Z`);
  const local = (days) => new Date(starts.getTime() + days * 86_400_000).toISOString().slice(0, 16);
  const ends = promotion.getByLabel('Ends (UTC)');
  await ends.fill(local(-1));
  assert.match(await problemsOf(page, ends), /must be after `starts_at`/);
  assert.deepEqual(await axeViolations(page), [], 'with problems shown');
  await ends.fill(local(7));
  await promotion.getByLabel('Pro', { exact: true }).check();
  assert.match(await problemsOf(page, promotion.getByLabel('Headline')), /^$/);
  // The headline and details in every other language are still to write.
  const others = before.languages.length - 1;
  const untranslated = new RegExp(`${2 * others} problems to fix before publishing`);
  assert.match(await status(page, untranslated), untranslated);
  await expectPublishing(page, false);
  await translateMissing(page);
  assert.match(await status(page, /no problems: it may be published/), /no problems: it may be published/);

  await page.getByRole('button', { name: 'Review changes' }).click();
  const row = page.locator('.changes tr', { hasText: 'pro' }).filter({ hasText: 'monthly' }).filter({ hasText: 'USD' });
  await row.waitFor();
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), new RegExp(`USD ${(proUsdMonthly(before) / 100).toFixed(2)}.*USD ${(newPrice / 100).toFixed(2)}`));

  await page.getByRole('button', { name: 'Show the preview' }).click();
  const preview = page.frameLocator('iframe[title="The widget as visitors will see it"]');
  await preview.locator('.pw-card', { hasText: 'Pro' }).first().waitFor();
  assert.equal(await preview.locator('.pw-card', { hasText: 'Pro' }).first().locator('.pw-amount').textContent(), money(newPrice, 'USD'));
  // As a customer on Pro sees it: their card is theirs, the others change their plan.
  await page.getByLabel('Seen by').selectOption({ label: 'A customer on Pro' });
  await page.getByRole('button', { name: 'Show the preview' }).click();
  await preview.locator('.pw-card', { hasText: 'Pro' }).first().getByRole('button', { name: 'Your current plan' }).waitFor();
  await preview.getByRole('button', { name: 'Upgrade to Ultimate' }).first().waitFor();

  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.getByText('Version 2 is in force.', { exact: true }).waitFor();
  const now = await served();
  assert.equal(proUsdMonthly(now), newPrice);
  assert.equal(now.promotions.at(-1).headline, 'Spring sale');
  // The struck-through price was written by the publication, from the price history.
  assert.equal(now.promotions.at(-1).offer.was.pro.USD.monthly, proUsdMonthly(before));
  assert.equal(await proOnAHostPage(), money(newPrice, 'USD'));
  await screenshot(page, 'studio-published');
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

/** Fills every text missing in each of the catalog's other languages, as a translator would
 *  (`write` gives the words), after checking that each is marked missing with its problem. */
async function translateMissing(page, write = (language, source) => `${source} (${language})`) {
  const section = page.locator('#translations');
  const language = section.getByLabel('Language');
  const onlyOpen = section.getByLabel('Only what is missing or stale');
  for (const code of await language.locator('option').evaluateAll((options) => options.map((o) => o.value))) {
    await language.selectOption(code);
    await onlyOpen.uncheck();
    await onlyOpen.check();
    const missing = section.locator('.translated[data-state="missing"]');
    while (await missing.count()) {
      const field = missing.first();
      const input = field.locator('input, textarea');
      assert.match(await field.locator('.state').textContent(), /^Missing/);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(await field.locator('ul.problems').textContent(), /missing: translate/);
      await input.fill(write(code, await field.locator('.source').textContent()));
    }
  }
}

async function expectPublishing(page, enabled) {
  assert.equal(await page.getByRole('button', { name: 'Publish now' }).isEnabled(), enabled);
}

test('two editors at once: the second is refused with what changed, nothing lost, and publishes over it', async () => {
  const [ana, ben] = [await browser.newContext(), await browser.newContext()];
  const [{ page: first }, { page: second }] = [await signIn(ana), await signIn(ben)];
  const base = proUsdMonthly(await served());
  await first.getByLabel('Pro USD per month').fill(((base + 100) / 100).toFixed(2));
  await second.getByLabel('Pro USD per month').fill(((base + 300) / 100).toFixed(2));
  await first.getByRole('button', { name: 'Publish now' }).click();
  await first.getByText(/^Version \d+ is in force\.$/).waitFor();
  await second.getByRole('button', { name: 'Publish now' }).click();
  await second.getByText(/Not published: .* is in force now/).waitFor();
  // What the other editor changed, against the draft, and the draft is still there.
  await second.locator('.changes tr', { hasText: 'pro' }).first().waitFor();
  assert.match(await second.locator('.changes').textContent(), new RegExp(`USD ${((base + 100) / 100).toFixed(2)}`));
  assert.equal(await second.getByLabel('Pro USD per month').inputValue(), ((base + 300) / 100).toFixed(2));
  await second.getByRole('button', { name: /Publish over version \d+/ }).click();
  await second.getByText(/^Version \d+ is in force\.$/).waitFor();
  assert.equal(proUsdMonthly(await served()), base + 300);
  await closeAll(ana, ben);
});

test('rollback from the history puts the earlier prices back in one step', async () => {
  const { page } = await signIn();
  const original = proUsdMonthly(await (await fetch(`${billing.base}/v1/studio/versions/1`, { headers: { authorization: `Bearer ${EDITOR}` } })).json().then((v) => v.catalog));
  await page.getByRole('button', { name: 'Put version 1 back in force' }).click();
  await page.locator('#history tbody tr').first().filter({ hasText: 'rollback to version 1' }).waitFor();
  assert.equal(proUsdMonthly(await served()), original);
  assert.equal(await page.getByLabel('Pro USD per month').inputValue(), (original / 100).toFixed(2));
  assert.equal(await proOnAHostPage(), money(original, 'USD'));
  await page.close();
});

test('by keyboard alone: sign in, reach a price, change it and publish', async () => {
  const page = await browser.newPage();
  await page.goto(`${billing.base}/studio/`);
  await page.getByLabel('Editor credential').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'credential');
  await page.keyboard.type(EDITOR);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  const tabTo = async (matches) => {
    for (let i = 0; i < 400 && !(await page.evaluate(matches)); i++) await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(matches), 'reached by Tab');
  };
  await tabTo(() => document.activeElement.id === 'f-plans-3-prices-USD-annual');
  const price = Number(await page.evaluate(() => document.activeElement.value)) * 100 + 1200;
  await page.keyboard.press('Control+A');
  await page.keyboard.type((price / 100).toFixed(2));
  await tabTo(() => document.activeElement.textContent === 'Publish now');
  await page.keyboard.press('Enter');
  await page.getByText(/^Version \d+ is in force\.$/).waitFor();
  assert.equal((await served()).plans[3].prices.USD.annual, price);
  await page.close();
});

test('only an editor signs in: a wrong credential is named as such', async () => {
  const page = await browser.newPage();
  await page.goto(`${billing.base}/studio/`);
  await page.getByLabel('Editor credential').fill('not-the-editors-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText("That is not an editor's credential.").waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test("a model's credit cost moves the outputs the plans make; questions and months of Unlimited are added; the pre-rendered snippet is the catalog in force", async () => {
  const before = await served();
  const model = before.models.find((m) => m.kind === 'video');
  const { page, reported } = await signIn();
  const cost = page.getByLabel(`Credits per second at ${model.resolutions[0].id}`).first();
  await cost.fill(String(model.resolutions[0].credits * 2));
  await page.getByRole('button', { name: 'Add a question' }).click();
  const faq = page.locator('.faq-entry').last();
  await faq.getByLabel('Question').fill('Can I pause my plan?');
  await faq.getByLabel('Answer').fill('Yes: cancel before the renewal and resume before the period ends.');
  await page.getByRole('button', { name: 'Add months of Unlimited' }).click();
  const unlimited = page.locator('fieldset.promotion').last();
  await unlimited.getByLabel('Headline').fill('Three months of Unlimited');
  await unlimited.getByLabel('Details').fill('Subscribe this week: no credits on Unlimited models for three months.');
  await unlimited.getByLabel('Months of Unlimited').fill('3');
  await unlimited.getByLabel('Ultimate', { exact: true }).check();
  const german = { 'Can I pause my plan?': 'Kann ich meinen Plan pausieren?' };
  await translateMissing(page, (language, source) => (language === 'de' && german[source]) || `${source} (${language})`);
  assert.match(await status(page, /no problems: it may be published/), /no problems: it may be published/);

  await page.getByRole('button', { name: 'Review changes' }).click();
  const outputs = page.locator('.changes table', { hasText: 'Outputs per month' });
  await outputs.waitFor();
  // Every plan with this model makes half as many of its outputs (rounded down).
  const rows = await outputs.locator('tbody tr', { hasText: model.id }).allTextContents();
  assert.ok(rows.length > 0, 'no output moved');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.getByText(/^Version \d+ is in force\.$/).waitFor();
  const now = await served();
  assert.equal(now.models.find((m) => m.id === model.id).resolutions[0].credits, model.resolutions[0].credits * 2);
  assert.equal(now.faq.at(-1).question, 'Can I pause my plan?');
  assert.deepEqual(now.promotions.at(-1).offer, { type: 'unlimited', months: 3 });
  // A German visitor reads the new question in German: the widget fetches the translation of
  // the version in force from the API.
  pages['/faq-de.html'] = hostPage(`<script type="module" src="${widget.url}pricing-widget.js"></script><pricing-widget api="${billing.api}" locale="de-DE" sections="faq"></pricing-widget>`);
  const visitor = await browser.newPage();
  await visitor.goto(`${widget.url}faq-de.html`);
  await visitor.locator(`${LIVE}`).getByText('Kann ich meinen Plan pausieren?').waitFor();
  await visitor.close();

  await page.getByLabel('Highlighted plan').selectOption('ultimate');
  await page.getByRole('button', { name: 'Show the pre-rendered snippet' }).click();
  const snippet = await page.locator('#prerendered-snippet').textContent();
  assert.match(snippet, /<pricing-widget[^>]* highlight="ultimate"/);
  assert.match(snippet, /shadowrootmode="open"/);
  assert.match(snippet, /Can I pause my plan\?/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

test('a scheduled publication goes live at its time, and a page that includes the widget follows', async () => {
  const before = await served();
  const { page, reported } = await signIn();
  const newPrice = proUsdMonthly(before) + 100;
  await page.getByLabel('Pro USD per month').fill((newPrice / 100).toFixed(2));
  const at = new Date(Math.ceil((Date.now() + 5000) / 1000) * 1000);
  await page.getByLabel('Go live at (UTC, to schedule)').fill(at.toISOString().slice(0, 19));
  await page.getByRole('button', { name: 'Schedule' }).click();
  await page.getByText(`will go live at ${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`).waitFor();
  assert.equal(proUsdMonthly(await served()), proUsdMonthly(before), 'in force before its time');
  while (proUsdMonthly(await served()) !== newPrice) {
    assert.ok(Date.now() < at.getTime() + 10_000, 'the scheduled version did not go live');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(Date.now() >= at.getTime(), 'live before its time');
  assert.equal(await proOnAHostPage(), money(newPrice, 'USD'));
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

test('a credit pack is added, priced in every currency and translated, then published: a page with the widget offers it', async () => {
  const { page, reported } = await signIn();
  await page.getByRole('button', { name: 'Add a credit pack' }).click();
  const pack = page.locator('fieldset.pack').last();
  const name = pack.getByLabel('Name');
  assert.match(await problemsOf(page, name), /must not be empty/);
  assert.match(await problemsOf(page, pack.getByLabel('Credits')), /must be at least 1/);
  await name.fill('Studio pack');
  await pack.getByLabel('Credits').fill('1200');
  for (const currency of (await served()).currencies) {
    const price = pack.getByLabel(`Studio pack in ${currency}`);
    assert.match(await problemsOf(page, price), /must be > 0/);
    await price.fill(currency === 'JPY' ? '2000' : '15.00');
  }
  await translateMissing(page);
  assert.match(await status(page, /no problems: it may be published/), /no problems: it may be published/);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.getByText(/^Version \d+ is in force\.$/).waitFor();
  const added = (await served()).credit_packs.at(-1);
  assert.deepEqual([added.name, added.credits, added.prices.USD, added.prices.JPY], ['Studio pack', 1200, 1500, 2000]);
  pages['/packs.html'] = hostPage(`<script type="module" src="${widget.url}pricing-widget.js"></script><pricing-widget api="${billing.api}" currency="USD" locale="en-US" sections="packs"></pricing-widget>`);
  const visitor = await browser.newPage();
  await visitor.goto(`${widget.url}packs.html`);
  await visitor.locator(LIVE).getByText('Studio pack').first().waitFor();
  await visitor.close();
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

test('the catalog file: the draft exported is the catalog in force; a file imported becomes the draft, its problems at their fields', async () => {
  const before = await served();
  const { page, reported } = await signIn();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export the catalog file' }).click()]);
  assert.equal(download.suggestedFilename(), 'catalog.json');
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.deepEqual(exported, before);

  const folder = await mkdtemp(join(tmpdir(), 'catalog-'));
  const importing = async (name, text) => {
    await writeFile(join(folder, name), text);
    await page.getByLabel('Import a catalog file').setInputFiles(join(folder, name));
    return page.getByText(new RegExp(`^${name.replace('.', '\\.')} (is the draft now|was not imported)`)).textContent();
  };
  const pro = (catalog) => catalog.plans.find((p) => p.id === 'pro');
  pro(exported).prices.USD.monthly += 100;
  assert.match(await importing('raised.json', JSON.stringify(exported)), /is the draft now/);
  const price = page.getByLabel('Pro USD per month');
  assert.equal(await price.inputValue(), ((proUsdMonthly(before) + 100) / 100).toFixed(2));
  assert.match(await status(page, /has changes and no problems/), /has changes and no problems/);
  pro(exported).prices.USD.monthly = -100;
  await importing('negative.json', JSON.stringify(exported));
  assert.match(await problemsOf(page, price), /must be >= 0/);
  assert.match(await importing('broken.json', '{"plans": ['), /broken\.json was not imported: it is not JSON/);
  assert.match(await problemsOf(page, price), /must be >= 0/, 'a file that does not read leaves the draft as it was');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

test('a changed English text marks its translations stale until a translator redoes or confirms them', async () => {
  const { page, reported } = await signIn();
  const tagline = page.getByLabel('Tagline').nth((await served()).plans.findIndex((p) => p.id === 'pro'));
  await tagline.fill('For weekly projects, with Kling 3.0 Unlimited at 720p and more.');
  const section = page.locator('#translations');
  await section.getByLabel('Language').selectOption('de');
  await section.getByLabel('Only what is missing or stale').check();
  const field = section.locator('.translated', { hasText: 'Plan pro: tagline' });
  assert.equal(await field.getAttribute('data-state'), 'stale');
  assert.match(await field.locator('.state').textContent(), /^Stale/);
  assert.equal(await field.locator('.source').textContent(), 'For weekly projects, with Kling 3.0 Unlimited at 720p and more.');
  assert.match(await section.getByLabel('Language').locator('option[value="de"]').textContent(), /0 missing, 1 stale/);
  // Stale is marked, not refused: the old German still says something true.
  assert.match(await status(page, /no problems: it may be published/), /no problems: it may be published/);
  assert.deepEqual(await axeViolations(page), [], 'a stale translation shown');
  await field.getByRole('button', { name: 'Still right' }).click();
  assert.equal(await field.getAttribute('data-state'), 'current');
  await section.getByLabel('Language').selectOption('fr');
  const french = section.locator('.translated', { hasText: 'Plan pro: tagline' });
  await french.locator('input').fill('Pour les projets hebdomadaires, avec Kling 3.0 Unlimited en 720p et plus.');
  assert.equal(await french.getAttribute('data-state'), 'current');
  assert.deepEqual(reported.uncaught, []);
  await page.close();
});

test("a plan's features and models: leaving out a smaller plan's model is a problem at the plan's models; a feature is published", async () => {
  const before = await served();
  const free = before.plans.find((p) => p.free);
  const model = before.models.find((m) => free.models.includes(m.id));
  const { page } = await signIn();
  const basic = page.locator('fieldset.plan').nth(1);
  await basic.getByText('Features, models and Unlimited').click();
  const every = basic.getByLabel('Every model of the catalog');
  await every.uncheck();
  const choices = basic.locator('fieldset.choices', { hasText: 'Models this plan may use' });
  await choices.getByLabel(model.name, { exact: true }).uncheck();
  assert.match(await choices.locator('.problems').textContent(), new RegExp(`leaves out '${model.id}', which ${free.id} includes`));
  await expectPublishing(page, false);
  assert.deepEqual(await axeViolations(page), [], 'with the models open');
  await every.check();
  assert.equal(await choices.count(), 0);
  const row = before.feature_rows.find((r) => r.kind === 'flag' && !before.plans[1].features[r.id]);
  await basic.getByLabel(row.label, { exact: true }).check();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.getByText(/^Version \d+ is in force\.$/).waitFor();
  const now = await served();
  assert.equal(now.plans[1].features[row.id], true);
  assert.equal(now.plans[1].models, undefined, 'every model again');
  await page.close();
});
