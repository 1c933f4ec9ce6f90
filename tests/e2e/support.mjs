// Shared pieces of the browser tests: Debian's Chromium, a static file server on loopback,
// the figures pricing-core computes, and an axe-core audit.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
export const ARTIFACTS = join(ROOT, 'tests', 'e2e', 'artifacts');

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };

/** A widget the wasm runs (a pre-rendered one has no `data-live`). */
export const LIVE = '.pw-root[data-live]';

/** Serves `dir` on 127.0.0.1 at a free port; `headers` are added to every answer,
 *  `rewrite(path, text)` may change an HTML page on its way out, and `pages` adds HTML pages
 *  by path (`{ '/snippet.html': '<!doctype html>…' }`). */
export async function serveDirectory(dir, headers = {}, rewrite = (_path, text) => text, pages = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (pages[path] !== undefined) return res.writeHead(200, { 'content-type': 'text/html', ...headers }).end(pages[path]);
    const file = join(dir, path.endsWith('/') ? path + 'index.html' : path);
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    try {
      let body = await readFile(file);
      if (extname(file) === '.html') body = rewrite(path, body.toString('utf8'));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What pricing-core computes from the default catalog right now, or `at` (an RFC 3339 time),
 *  with the `price-sheet` command. */
export function priceSheet(at) {
  const bin = join(ROOT, 'target', 'debug', 'price-sheet');
  return JSON.parse(execFileSync(bin, [join(ROOT, 'catalog', 'default.json'), ...(at ? [at] : [])], { encoding: 'utf8' }));
}

const DIGITS = { JPY: 0, KRW: 0 };
/** Formats minor units the way the widget must: Intl with the currency's own minor digits. */
export function money(minor, currency, locale = 'en-US') {
  const digits = DIGITS[currency] ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(minor / 10 ** digits);
}

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

/** Starts the reference billing API (the debug binary the Rust tests built) on a free port with
 *  a fresh SQLite file; `env` adds or overrides BILLING_* settings. */
export async function startBillingApi(env = {}) {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const port = probe.address().port;
  await new Promise((r) => probe.close(r));
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
