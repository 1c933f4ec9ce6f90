// Prints what the widget weighs and how fast it comes up, from the release build in dist/:
// raw, gzip and brotli bytes of the wasm, the JS and the CSS, then the time Chromium takes to
// show the plan cards and to re-price them after a currency change (median of several runs).
// Figures are reported, never asserted.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, serveDirectory, launchChromium, withoutApi } from '../tests/e2e/support.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dist = join(ROOT, 'dist');
const files = readdirSync(dist).filter((f) => /^pricing-widget.*\.(wasm|js)$/.test(f)).map((f) => [f, readFileSync(join(dist, f))]);
files.push(['style/widget.css (inside the wasm)', readFileSync(join(ROOT, 'style', 'widget.css'))]);

console.log('size (bytes)                                   raw      gzip    brotli');
for (const [name, bytes] of files) {
  const gzip = gzipSync(bytes, { level: 9 }).length;
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${name.padEnd(44)} ${String(bytes.length).padStart(8)} ${String(gzip).padStart(9)} ${String(brotli).padStart(9)}`);
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serveDirectory(dist, {}, withoutApi);
const browser = await launchChromium();
const firstCards = [];
const reprice = [];
for (let i = 0; i < RUNS; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url);
  await page.waitForSelector('.pw-card');
  firstCards.push(await page.evaluate(() => performance.now()));
  reprice.push(
    await page.evaluate(async () => {
      const shadow = document.querySelector('pricing-widget').shadowRoot;
      const select = shadow.querySelector('.pw-currency select');
      const start = performance.now();
      select.value = 'EUR';
      select.dispatchEvent(new Event('change'));
      while (!shadow.querySelector('.pw-card .pw-amount').textContent.includes('€')) await new Promise(requestAnimationFrame);
      return performance.now() - start;
    }),
  );
  await page.close();
}
await browser.close();
await server.close();
console.log(`plan cards on screen after navigation: median ${median(firstCards).toFixed(1)} ms over ${RUNS} loads (loopback)`);
console.log(`currency change to re-priced cards:     median ${median(reprice).toFixed(1)} ms over ${RUNS} runs`);
