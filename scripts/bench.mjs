// Prints what the widget weighs and how fast it comes up, from the release build (dist/, or
// the folder given), served compressed (brotli, else gzip) as a CDN would: the demo page (its
// widget pre-rendered into the page, as a pasted snippet) and the same page with the two-line
// embed, side by side with a static copy of the very same rendered widget (no script at all:
// the limit to aim at):
// - bytes (raw, gzip, brotli) of every file a visitor loads, and the wasm's code by crate;
// - Lighthouse's mobile profile (simulated throttling), median of BENCH_LH_RUNS (3) runs;
// - desktop loopback: plan cards on screen after navigation, median of BENCH_RUNS (7) loads;
// - calculator input → DOM updated, and currency change → re-priced cards.
// Figures are reported, never asserted. `node scripts/bench.mjs [DIST]`
import { createSecureServer } from 'node:http2';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { extname, join, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, launchChromium, withoutApi } from '../tests/e2e/support.mjs';
import { sizesByCrate } from './wasm-sizes.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const dist = process.argv[2] ?? join(ROOT, 'dist');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

console.log(`release build: ${dist}`);
console.log('size (bytes)                                   raw      gzip    brotli');
const shipped = readdirSync(dist).filter((f) => /^pricing-widget.*\.(wasm|js|css)$/.test(f));
shipped.push(...(existsSync(join(dist, 'prerender')) ? ['prerender/USD-monthly.html'] : []));
let total = 0;
for (const name of shipped) {
  const bytes = readFileSync(join(dist, name));
  const [gzip, br] = [gzipSync(bytes, { level: 9 }).length, brotli(bytes).length];
  if (!name.startsWith('prerender/')) total += br;
  console.log(`${name.padEnd(44)} ${String(bytes.length).padStart(8)} ${String(gzip).padStart(9)} ${String(br).padStart(9)}`);
}
console.log(`${'the widget (entry + glue + wasm + CSS)'.padEnd(64)} ${String(total).padStart(9)}`);
const unoptimized = join(ROOT, 'target', 'wasm-bindgen', 'release', 'pricing-widget_bg.wasm');
if (dist === join(ROOT, 'dist') && existsSync(unoptimized)) {
  console.log('wasm code by crate, before wasm-opt (bytes):');
  console.log(sizesByCrate(unoptimized).slice(0, 12).map(([crate, size]) => `  ${crate} ${size}`).join('\n'));
}

/** Serves `dir` compressed over HTTP/2 and TLS (a throwaway self-signed certificate), as a CDN
 *  would, with `pages` (path → HTML) added. */
async function serveCompressed(dir, pages) {
  const keys = mkdtempSync(join(tmpdir(), 'bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(keys, 'key.pem'), '-out', join(keys, 'cert.pem')], { stdio: 'ignore' });
  const tls = { key: readFileSync(join(keys, 'key.pem')), cert: readFileSync(join(keys, 'cert.pem')), allowHTTP1: true };
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
  const cache = new Map();
  const server = createSecureServer(tls, (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    let body = pages[path] ?? (file.startsWith(dir) && existsSync(file) ? readFileSync(file) : null);
    if (body === null) return res.writeHead(404).end();
    if (extname(file) === '.html' || pages[path]) body = Buffer.from(withoutApi(path, body.toString('utf8')));
    const encoding = /\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? 'br' : 'gzip';
    const key = `${encoding}:${path}:${body.length}`;
    if (!cache.has(key)) cache.set(key, encoding === 'br' ? brotli(body) : gzipSync(body, { level: 9 }));
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'text/html', 'content-encoding': encoding, 'cache-control': 'no-store' });
    res.end(cache.get(key));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

const pages = {};
// A build that pre-renders marks the widget the wasm runs; an older one has only its cards.
const liveCards = readFileSync(join(dist, 'index.html'), 'utf8').includes('shadowrootmode') ? '.pw-root[data-live] .pw-card' : '.pw-card';
const server = await serveCompressed(dist, pages);
/** Chromium for the page measurements; the certificate is this run's own. */
const launch = async () => {
  const chromium = await launchChromium();
  return { newPage: (options) => chromium.newContext({ ...options, ignoreHTTPSErrors: true }).then((c) => c.newPage()), close: () => chromium.close() };
};
let browser = await launch();

// The static copy: the page as it first paints, with no script at all. The demo page holds
// its widget pre-rendered, so that is the page less its scripts; a build without a pre-render
// (an older baseline) gets the live widget's shadow root frozen into a declarative one.
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  await page.waitForSelector(liveCards);
  const frozen = await page.evaluate(() => {
    const host = document.querySelector('pricing-widget');
    const styles = [...host.shadowRoot.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
    return { mount: host.shadowRoot.querySelector('.pw-mount').outerHTML, styles };
  });
  pages['/frozen.css'] = frozen.styles;
  const index = readFileSync(join(dist, 'index.html'), 'utf8');
  const declarative = `<pricing-widget><template shadowrootmode="open"><link rel="stylesheet" href="/frozen.css">${frozen.mount}</template></pricing-widget>`;
  pages['/static.html'] = (index.includes('shadowrootmode') ? index : index.replace(/<pricing-widget[^>]*><\/pricing-widget>/, declarative))
    .replace(/<script(?! type="application\/ld\+json")[\s\S]*?<\/script>/g, '')
    .replace(/<link[^>]*rel="(modulepreload|preload)"[^>]*>/g, '');
  // The two-line embed: the demo page's element left empty for the entry script to fill.
  pages['/two-lines.html'] = readFileSync(join(dist, 'index.html'), 'utf8')
    .replace(/<pricing-widget[\s\S]*<\/pricing-widget>/, '<pricing-widget></pricing-widget>');
  await page.close();
}
// Lighthouse launches Chromium itself; two browsers at once make its runs fail.
await browser.close();

/** Lighthouse's mobile performance run on `url`, median of LH_RUNS. Asynchronous: the pages
 *  are served by this very process. */
async function lighthouse(url) {
  const bin = join(ROOT, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) return null;
  const flags = '--ignore-certificate-errors --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
  const runs = [];
  for (let i = 0; i < LH_RUNS; i++) {
    const out = join(mkdtempSync(join(tmpdir(), 'lighthouse-')), 'report.json');
    await promisify(execFile)(bin, [url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${flags}`], {
      env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
    });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const audit = (id) => report.audits[id].numericValue;
    runs.push({ score: report.categories.performance.score * 100, lcp: audit('largest-contentful-paint'), fcp: audit('first-contentful-paint'),
      tbt: audit('total-blocking-time'), cls: audit('cumulative-layout-shift'), si: audit('speed-index') });
  }
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
}

const release = await lighthouse(server.url);
const twoLines = await lighthouse(`${server.url}two-lines.html`);
const still = await lighthouse(`${server.url}static.html`);
if (release && twoLines && still) {
  console.log(`Lighthouse mobile (simulated throttling), median of ${LH_RUNS}  pre-rendered  two lines  static`);
  const cell = (value, digits, width) => value.toFixed(digits).padStart(width);
  const row = (label, key, unit = 'ms', digits = 0) =>
    console.log(`  ${label.padEnd(36)} ${cell(release[key], digits, 12)} ${cell(twoLines[key], digits, 10)} ${cell(still[key], digits, 7)} ${unit}`);
  row('performance score', 'score', '');
  row('largest contentful paint', 'lcp');
  row('first contentful paint', 'fcp');
  row('total blocking time', 'tbt');
  row('cumulative layout shift', 'cls', '', 3);
  row('speed index', 'si');
  console.log(`  LCP / static: pre-rendered ${(release.lcp / still.lcp).toFixed(2)}×, two lines ${(twoLines.lcp / still.lcp).toFixed(2)}×`);
} else console.log('lighthouse: skipped (node_modules/.bin/lighthouse is missing: bash scripts/setup.sh installs it)');

/** Milliseconds from navigation to the first frame with a plan card on screen. */
async function cardsOnScreen(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    const look = () => {
      const shadow = document.querySelector('pricing-widget')?.shadowRoot;
      if (shadow?.querySelector('.pw-card')) window.cardsAt = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.cardsAt !== undefined);
  const at = await page.evaluate(() => window.cardsAt);
  await page.close();
  return at;
}
browser = await launch();
const cards = { 'pre-rendered': [], 'two lines': [], static: [] };
for (let i = 0; i < RUNS; i++) {
  cards['pre-rendered'].push(await cardsOnScreen(server.url));
  cards['two lines'].push(await cardsOnScreen(`${server.url}two-lines.html`));
  cards.static.push(await cardsOnScreen(`${server.url}static.html`));
}
const staticMedian = median(cards.static);
console.log(`plan cards on screen after navigation (desktop, loopback, median of ${RUNS} loads):`);
for (const [name, times] of Object.entries(cards)) console.log(`  ${name.padEnd(14)} ${median(times).toFixed(1).padStart(7)} ms  ${(median(times) / staticMedian).toFixed(2)}× static`);

// Interaction: the live widget re-rendering after an input.
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(server.url);
await page.waitForSelector(liveCards);
const timings = await page.evaluate(async (runs) => {
  const shadow = document.querySelector('pricing-widget').shadowRoot;
  const settle = async (done) => {
    while (!done()) await new Promise(requestAnimationFrame);
  };
  /** Milliseconds from `act()` to the first change of `target`'s DOM (the views update it in a
   *  microtask, so a MutationObserver sees it as soon as it happens). */
  const timed = (target, act) =>
    new Promise((resolve) => {
      const start = performance.now();
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(target, { subtree: true, childList: true, characterData: true });
      act();
    });
  [...shadow.querySelectorAll('.pw-calculator input[type=radio]')].at(-1).click();
  await settle(() => shadow.querySelector('.pw-calculator input[type=number]'));
  const input = shadow.querySelector('.pw-calculator input[type=number]');
  const outputs = shadow.querySelector('[data-testid=calc-outputs]');
  const calculator = [];
  for (let i = 0; i < runs; i++) {
    calculator.push(
      await timed(outputs, () => {
        input.value = String(2000 + i * 977);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    );
  }
  const select = shadow.querySelector('.pw-currency select');
  const reprice = [];
  for (const code of ['EUR', 'GBP', 'JPY', 'USD', 'EUR', 'GBP', 'JPY']) {
    reprice.push(
      await timed(shadow.querySelector('.pw-card .pw-amount'), () => {
        select.value = code;
        select.dispatchEvent(new Event('change'));
      }),
    );
  }
  return { calculator, reprice };
}, 21);
console.log(`calculator input to updated DOM:     median ${median(timings.calculator).toFixed(2)} ms over ${timings.calculator.length} inputs`);
console.log(`currency change to re-priced cards:  median ${median(timings.reprice).toFixed(2)} ms over ${timings.reprice.length} changes`);
await browser.close();
await server.close();
