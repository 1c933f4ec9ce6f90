// Prints what the widget weighs and how fast it comes up, from the release build (dist/, or
// the folder given), served compressed (brotli, else gzip) as a CDN would: the demo page (its
// widget pre-rendered into the page, as a pasted snippet) and the same page with the two-line
// embed, side by side with a static copy of the very same rendered widget (no script at all:
// the limit to aim at):
// - bytes (raw, gzip, brotli) of every file a visitor loads, and the wasm's code by crate;
// - Lighthouse's mobile profile (simulated throttling), median of BENCH_LH_RUNS (3) runs;
// - desktop loopback: plan cards on screen after navigation, median of BENCH_RUNS (7) loads;
// - calculator input → DOM updated, currency change → re-priced cards, and a keystroke in the
//   plan finder with all its lines in use → its new answer; the finder's search alone, natively.
// Figures are printed, never asserted: it exits non-zero only when there is no build to measure.
// `node scripts/bench.mjs [DIST]`
import { createSecureServer } from 'node:http2';
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { extname, join, normalize, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT, launchChromium, withoutApi } from '../tests/e2e/support.mjs';
import { sizesByCrate } from './wasm-sizes.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const dist = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

if (!existsSync(join(dist, 'index.html')) || !readdirSync(dist).some((f) => f.endsWith('.wasm'))) {
  console.error(`no release build in ${dist}: run \`trunk build --release --offline\` first`);
  process.exit(1);
}
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'bench-')); // TLS keys and Lighthouse reports
// A build from before the pre-render (an older baseline) has no `data-live` marker: any card is
// then the wasm's own. Its stylesheet lives inside the wasm, not in a hashed file.
const prerendered = existsSync(join(dist, 'prerender'));
const LIVE_CARD = prerendered ? '.pw-root[data-live] .pw-card' : '.pw-card';
const hashedCss = readdirSync(dist).find((f) => /^pricing-widget-[0-9a-f]+\.css$/.test(f));

console.log(`release build: ${dist}`);
console.log('size (bytes)                                   raw      gzip    brotli');
const shipped = readdirSync(dist).filter((f) => /^pricing-widget.*\.(wasm|js|css)$/.test(f));
shipped.push(...(prerendered ? [existsSync(join(dist, 'prerender', 'en')) ? 'prerender/en/USD-monthly.html' : 'prerender/USD-monthly.html'] : []));
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
 *  would, with `pages` (path → text) served first. Every answer is compressed once and kept in
 *  memory: brotli 11 takes a second or two on the wasm, which must not land in a timed load. */
async function serveCompressed(dir, pages) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem')], { stdio: 'ignore' });
  const tls = { key: readFileSync(join(scratch, 'key.pem')), cert: readFileSync(join(scratch, 'cert.pem')), allowHTTP1: true };
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
  const cache = new Map();
  const answer = (path, encoding) => {
    const key = `${encoding} ${path}`;
    if (cache.has(key)) return cache.get(key);
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    let body = pages[path] ?? (file.startsWith(dir) && existsSync(file) ? readFileSync(file) : null);
    if (body === null) return null;
    // The demo page as the tests serve it: no billing API, the widget on its embedded catalog.
    if (extname(file) === '.html') body = withoutApi(path, body.toString('utf8'));
    cache.set(key, { type: types[extname(file)] ?? 'application/octet-stream', body: encoding === 'br' ? brotli(body) : gzipSync(body, { level: 9 }) });
    return cache.get(key);
  };
  // Precompute what the pages load, so that even the first load is served from memory.
  for (const path of ['/', ...readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f)).map((f) => `/${f}`)]) answer(path, 'br');
  const server = createSecureServer(tls, (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const encoding = /\bbr\b/.test(req.headers['accept-encoding'] ?? '') ? 'br' : 'gzip';
    const found = answer(path, encoding);
    if (!found) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': found.type, 'content-encoding': encoding, 'cache-control': 'no-store' }).end(found.body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `https://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

const pages = {};
const server = await serveCompressed(dist, pages);
/** Chromium for the page measurements, each page in a fresh context (nothing cached); the
 *  certificate is this run's own. */
const launch = async () => {
  const chromium = await launchChromium();
  return { newPage: (options) => chromium.newContext({ ...options, ignoreHTTPSErrors: true }).then((c) => c.newPage()), close: () => chromium.close() };
};
const DESKTOP = { viewport: { width: 1280, height: 900 } };
let browser = await launch();

// The static copy: the live widget's shadow root, once the wasm has rendered it, frozen into a
// declarative shadow root in place of the element, with no script at all (JSON-LD included).
{
  const page = await browser.newPage(DESKTOP);
  await page.goto(server.url);
  await page.waitForSelector(LIVE_CARD);
  const live = await page.evaluate(() => {
    const shadow = document.querySelector('pricing-widget').shadowRoot;
    const styles = [...shadow.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
    return { mount: shadow.querySelector('.pw-mount').outerHTML, styles };
  });
  await page.close();
  // A build without the hashed stylesheet (its CSS inside the wasm) gets the adopted sheets.
  if (!hashedCss) pages['/frozen.css'] = live.styles;
  const declarative = `<pricing-widget><template shadowrootmode="open"><link rel="stylesheet" href="/${hashedCss ?? 'frozen.css'}">${live.mount}</template></pricing-widget>`;
  // Replacement functions, not strings: a `$1` in a price would be taken for a group.
  pages['/static.html'] = index
    .replace(/<pricing-widget[\s\S]*?<\/pricing-widget>/, () => declarative)
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<link[^>]*rel="(modulepreload|preload)"[^>]*>/g, '');
  // The two-line embed: the demo page's element left empty for the entry script to fill. A
  // build without a pre-render has nothing else on its demo page.
  if (prerendered) pages['/two-lines.html'] = index.replace(/<pricing-widget[\s\S]*?<\/pricing-widget>/, '<pricing-widget></pricing-widget>');
}
const variants = { 'demo page': server.url, ...(prerendered && { 'two lines': `${server.url}two-lines.html` }), static: `${server.url}static.html` };
const names = Object.keys(variants);
// Lighthouse launches Chromium itself; two browsers at once make its runs fail.
await browser.close();

/** Lighthouse's mobile performance run on `url`, median of LH_RUNS (of each figure on its own).
 *  Asynchronous on purpose: the pages are served by this very process. */
async function lighthouse(url) {
  const bin = join(ROOT, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) throw new Error('node_modules/.bin/lighthouse is missing: bash scripts/setup.sh installs it');
  const flags = '--ignore-certificate-errors --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';
  const runs = [];
  let report;
  for (let i = 0; i < LH_RUNS; i++) {
    const out = join(scratch, `lighthouse-${i}.json`);
    await promisify(execFile)(bin, [url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${flags}`], {
      env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
    });
    report = JSON.parse(readFileSync(out, 'utf8'));
    if (report.runtimeError) throw new Error(`${report.runtimeError.code}: ${report.runtimeError.message}`);
    const audit = (id) => report.audits[id].numericValue;
    runs.push({ score: report.categories.performance.score * 100, lcp: audit('largest-contentful-paint'), fcp: audit('first-contentful-paint'),
      tbt: audit('total-blocking-time'), cls: audit('cumulative-layout-shift'), si: audit('speed-index') });
  }
  // What the figures are made of, from the last run: the LCP element and the layout shifts.
  const lcpNode = report.audits['lcp-breakdown-insight']?.details?.items?.find((item) => item.type === 'node');
  const shifts = report.audits['layout-shifts']?.details?.items ?? [];
  const medians = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
  return { ...medians, lcpElement: lcpNode ? `${lcpNode.selector} "${lcpNode.nodeLabel}"` : 'none found', shifts: shifts.map((s) => `${s.node?.selector} ${s.score.toFixed(3)}`) };
}

try {
  const scores = {};
  for (const [name, url] of Object.entries(variants)) scores[name] = await lighthouse(url);
  console.log(`Lighthouse mobile (simulated throttling), median of ${LH_RUNS} runs`);
  console.log(`  ${''.padEnd(36)}${names.map((n) => n.padStart(12)).join('')}`);
  const rows = [['performance score (0-100)', 'score'], ['largest contentful paint (ms)', 'lcp'], ['first contentful paint (ms)', 'fcp'],
    ['total blocking time (ms)', 'tbt'], ['cumulative layout shift (unitless)', 'cls', 3], ['speed index (ms)', 'si']];
  for (const [label, key, digits = 0] of rows) console.log(`  ${label.padEnd(36)}${names.map((n) => scores[n][key].toFixed(digits).padStart(12)).join('')}`);
  const ratios = names.filter((n) => n !== 'static').map((n) => `${n} ${(scores[n].lcp / scores.static.lcp).toFixed(2)}×`);
  console.log(`  LCP ratio release/static: ${ratios.join(', ')}`);
  for (const n of names) console.log(`  ${n}: LCP element ${scores[n].lcpElement}; layout shifts: ${scores[n].shifts.join(', ') || 'none'}`);
} catch (error) {
  console.log(`lighthouse: skipped (${error.stderr?.trim().split('\n').at(-1) || error.message.split('\n')[0]})`);
}

/** Milliseconds from navigation start to the first frame whose rAF finds a plan card in the
 *  page or the widget's shadow root (when it can first be painted, not yet that it was), and
 *  to the largest contentful paint (an actual paint: the widget's first screen, cards included). */
async function cardsOnScreen(url) {
  const page = await browser.newPage(DESKTOP);
  await page.addInitScript(() => {
    new PerformanceObserver((list) => (window.lcpAt = list.getEntries().at(-1).startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
    const look = () => {
      const shadow = document.querySelector('pricing-widget')?.shadowRoot;
      if (shadow?.querySelector('.pw-card') ?? document.querySelector('.pw-card')) window.cardsAt = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(url);
  await page.waitForFunction(() => window.cardsAt !== undefined && window.lcpAt !== undefined);
  await page.waitForTimeout(250); // for later, larger LCP candidates
  const at = await page.evaluate(() => ({ frame: window.cardsAt, lcp: window.lcpAt }));
  await page.close();
  // The closed page's wasm may still be compiling in the background: on 2 cores that would
  // slow the next load down, whichever it is.
  await new Promise((r) => setTimeout(r, 300));
  return at;
}
browser = await launch();
const cards = Object.fromEntries(names.map((name) => [name, []]));
// Each round starts with another variant, so that none always follows the same one.
for (let i = 0; i < RUNS * names.length; i++) {
  const name = names[(i + Math.floor(i / names.length)) % names.length];
  cards[name].push(await cardsOnScreen(variants[name]));
}
const medianOf = (name, key) => median(cards[name].map((at) => at[key]));
console.log(`plan cards on screen after navigation (desktop, loopback, median of ${RUNS} loads, and its ratio release/static):`);
console.log(`  ${''.padEnd(14)} ${'first frame with a card'.padEnd(28)}largest contentful paint`);
for (const name of names) {
  const cell = (key) => `${medianOf(name, key).toFixed(1).padStart(7)} ms ${(medianOf(name, key) / medianOf('static', key)).toFixed(2).padStart(5)}×`;
  console.log(`  ${name.padEnd(14)} ${cell('frame').padEnd(28)}${cell('lcp')}`);
}

// Interaction: the live widget re-rendering after an input.
const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog', 'default.json'), 'utf8'));
const CREDITS_ONLY_MODEL = catalog.models.find((m) => !catalog.plans.some((p) => p.unlimited.some((u) => u.model === m.id))).id;
const page = await browser.newPage(DESKTOP);
await page.goto(server.url);
await page.waitForSelector(LIVE_CARD);
const timings = await page.evaluate(async ({ runs, creditsOnly }) => {
  const shadow = document.querySelector('pricing-widget').shadowRoot;
  const text = (selector) => shadow.querySelector(selector)?.textContent;
  /** Milliseconds from `act()` to `selector`'s text differing from before (the view may replace
   *  the element, so it is looked up again each time). Leptos mostly updates synchronously, so
   *  the check right after `act()` usually ends it; else microtasks, then frames, for 2 s. */
  const timed = async (selector, act) => {
    const before = text(selector);
    const start = performance.now();
    act();
    for (let i = 0; text(selector) === before; i++) {
      if (performance.now() - start > 2000) return NaN;
      await (i < 100 ? Promise.resolve() : new Promise(requestAnimationFrame));
    }
    return performance.now() - start;
  };
  const credits = [...shadow.querySelectorAll('.pw-calculator .pw-interval label')].find((l) => l.textContent.trim() === 'Credits');
  credits.querySelector('input[type=radio]').click();
  const field = '.pw-calculator input[type=number]';
  for (let i = 0; i < 120 && !shadow.querySelector(field); i++) await new Promise(requestAnimationFrame);
  const input = shadow.querySelector(field);
  /** Sets `control` to each value in turn, timing each change until `selector`'s text changes. */
  const series = async (control, event, values, selector) => {
    const times = [];
    for (const value of values) {
      times.push(await timed(selector, () => {
        control.value = String(value);
        control.dispatchEvent(new Event(event, { bubbles: true }));
      }));
    }
    return times;
  };
  // Every value new, and few then many credits in turn, so that the output count changes.
  const calculator = await series(input, 'input', Array.from({ length: runs }, (_, i) => (i % 2 ? 50_000 + i : i)), '[data-testid=calc-outputs]');
  const select = shadow.querySelector('.pw-currency select');
  const reprice = await series(select, 'change', ['EUR', 'GBP', 'JPY', 'USD', 'EUR', 'GBP', 'JPY'], '.pw-card .pw-amount');
  // The plan finder with every line it takes in use: each keystroke searches again. The timed
  // line is on a model no plan has Unlimited (else its count changes no answer), its count few
  // then many in turn.
  const frame = () => new Promise(requestAnimationFrame);
  const add = [...shadow.querySelectorAll('.pw-finder button')].find((b) => b.textContent === 'Add a line');
  for (let i = 0; i < 20 && !add.disabled; i++) {
    add.click();
    await frame();
  }
  const lines = shadow.querySelectorAll('.pw-finder-line').length;
  const model = shadow.querySelector('.pw-finder-line select');
  model.value = creditsOnly;
  model.dispatchEvent(new Event('change', { bubbles: true }));
  await frame();
  const count = shadow.querySelector('.pw-finder-line input[type=number]');
  const finder = await series(count, 'input', Array.from({ length: runs }, (_, i) => (i % 2 ? 5_000 + i : i)), '.pw-finder-answer');
  return { calculator, reprice, finder, lines };
}, { runs: 21, creditsOnly: CREDITS_ONLY_MODEL });
const report = (label, xs, what) => {
  const ok = xs.filter(Number.isFinite);
  const missed = xs.length - ok.length ? ` (${xs.length - ok.length} did not change the DOM within 2 s)` : '';
  console.log(`${label.padEnd(37)} median ${ok.length ? median(ok).toFixed(2) : '—'} ms over ${ok.length} ${what}${missed} (timer step 0.1 ms: not cross-origin isolated)`);
};
report('calculator input to updated DOM:', timings.calculator, 'inputs');
report('currency change to re-priced cards:', timings.reprice, 'changes');
report(`finder keystroke to answer (${timings.lines} lines):`, timings.finder, 'inputs');
// The search alone, natively: the bound is 1 ms for 10 lines of work.
console.log(execFileSync('cargo', ['run', '--release', '--locked', '-q', '-p', 'pricing-core', '--example', 'finder_timing'], { encoding: 'utf8' }).trim());
await browser.close();
await server.close();
rmSync(scratch, { recursive: true });
