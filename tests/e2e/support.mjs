// Shared pieces of the browser tests (and of scripts/bench/): Debian's Chromium, a static file
// server on loopback, the reference billing API, the catalog and the figures pricing-core
// computes from it, what a page reports while a test drives it, and an axe-core audit.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
/** The release build the tests run on. */
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');
export const CATALOG_FILE = join(ROOT, 'catalog', 'default.json');

export const CONTENT_TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

/** A widget the wasm runs (a pre-rendered one has no `data-live`). */
export const LIVE = '.pw-root[data-live]';

/** The viewport of the desktop pages. */
export const DESKTOP = { width: 1280, height: 900 };

/** Starts `server` listening on 127.0.0.1 at a port the kernel picks: that port, and `close()`. */
export async function listenOnLoopback(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The path a request asks for, without its query. */
export const requestPath = (req) => normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));

/** The file under `dir` that answers `path` (a folder's index.html), or null when the path
 *  leads out of `dir`. */
export function fileUnder(dir, path) {
  const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
  return file.startsWith(dir) ? file : null;
}

/** Serves `dir` on 127.0.0.1 at a free port (its `url` ends in `/`; `origin` has none);
 *  `headers` are added to every answer, `rewrite(path, text)` may change an HTML page on its way
 *  out, and `pages` adds HTML pages by path (`{ '/snippet.html': '<!doctype html>…' }`). */
export async function serveDirectory(dir, headers = {}, rewrite = (_path, text) => text, pages = {}) {
  const server = createServer(async (req, res) => {
    const path = requestPath(req);
    if (pages[path] !== undefined) return res.writeHead(200, { 'content-type': 'text/html', ...headers }).end(pages[path]);
    const file = fileUnder(dir, path);
    if (!file) return res.writeHead(403).end();
    try {
      let body = await readFile(file);
      if (extname(file) === '.html') body = rewrite(path, body.toString('utf8'));
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  const { port, close } = await listenOnLoopback(server);
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/`, origin, close };
}

/** Closes each of `resources` (a browser, a server; any may be missing), in order. */
export async function closeAll(...resources) {
  for (const resource of resources) await resource?.close();
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The default catalog, read afresh (a caller may change its copy). */
export const readCatalog = () => JSON.parse(readFileSync(CATALOG_FILE, 'utf8'));

/** A language's translation file (`catalog/translations/<language>.json`). */
export const readTranslation = (language) => JSON.parse(readFileSync(join(ROOT, 'catalog', 'translations', `${language}.json`), 'utf8'));

/** A model no plan has Unlimited on: every plan spends credits on it. */
export const creditsOnlyModel = (catalog) => catalog.models.find((m) => !catalog.plans.some((p) => p.unlimited.some((u) => u.model === m.id)));

/** What pricing-core computes from the default catalog right now, or `at` (an RFC 3339 time),
 *  with the `price-sheet` command. */
export function priceSheet(at) {
  const bin = join(ROOT, 'target', 'debug', 'price-sheet');
  return JSON.parse(execFileSync(bin, [CATALOG_FILE, ...(at ? [at] : [])], { encoding: 'utf8' }));
}

const DIGITS = { JPY: 0, KRW: 0 };
/** Formats minor units the way the widget must: Intl with the currency's own minor digits. */
export function money(minor, currency, locale = 'en-US') {
  const digits = DIGITS[currency] ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(minor / 10 ** digits);
}

/** The text of every element `selector` finds in the page, in order. */
export const textsOf = (page, selector) => page.$$eval(selector, (elements) => elements.map((e) => e.textContent));

/** The amounts on the plan cards, in order. */
export const cardAmounts = (page) => textsOf(page, '.pw-card .pw-amount');

/** What `page` reports while a test drives it, collected as it comes: `uncaught` its uncaught
 *  errors, `problems` those and its console errors, `warnings` its console warnings. */
export function collectProblems(page) {
  const reported = { uncaught: [], problems: [], warnings: [] };
  page.on('pageerror', (e) => {
    reported.uncaught.push(e.message);
    reported.problems.push(e.message);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') reported.problems.push(m.text());
    if (m.type() === 'warning') reported.warnings.push(m.text());
  });
  return reported;
}

/** Holds the page's wasm back until the returned `release()` is called, so that what is on
 *  screen before the widget runs (a pre-render) can be looked at first. */
export async function holdWasm(page) {
  let release;
  const gate = new Promise((resolve) => (release = resolve));
  await page.route('**/*_bg.wasm', async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** An empty icon of the page's own: the browser asks the server for no /favicon.ico. */
export const EMPTY_ICON = '<link rel="icon" href="data:,">';

/** A plain host page: `body` as its main content, `head` added to its head. */
export const hostPage = (body, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Pricing</title>${head}</head><body><main>${body}</main></body></html>`;

/** Runs axe-core on the page and returns its violations. */
export async function axeViolations(page) {
  await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Page rewrites: the demo page with no billing API (the widget alone, on its embedded
 *  catalog), or with the given widget attributes in place of the demo's API address. */
export const withoutApi = (_path, html) => html.replace(/ api="[^"]*"/, '');
export const withAttributes = (attributes) => (_path, html) => html.replace(/ api="[^"]*"/, ` ${attributes()}`);

/** A port nothing listens on: the kernel picks it for a probe, which lets it go at once. */
async function freePort() {
  const probe = await listenOnLoopback(createServer());
  await probe.close();
  return probe.port;
}

/** Starts the reference billing API (the debug binary the Rust tests built) on a free port with
 *  a fresh SQLite file; `env` adds or overrides BILLING_* settings. */
export async function startBillingApi(env = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'billing-'));
  const child = spawn(join(ROOT, 'target', 'debug', 'billing-api'), [], {
    env: { ...process.env, BILLING_ADDR: `127.0.0.1:${port}`, BILLING_DB: join(dir, 'billing.sqlite'), BILLING_DEV_TOKENS: '1', BILLING_RATE_BURST: '1000', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  // The database goes with the server: repeated runs must not fill the disk.
  const stop = () => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/v1/catalog`)).ok) return { base, api: `${base}/v1`, stop };
    } catch {}
    await new Promise((r) => setTimeout(r, 25));
  }
  stop();
  throw new Error('billing-api did not start');
}
