// Size budgets for the release build, in bytes (what a visitor downloads, brotli-compressed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from './support.mjs';

/** Brotli bytes allowed for the wasm, its hashed JS glue, the stable embed entry, the
 *  stylesheet and each pre-rendered fragment the entry fetches: each a few hundred bytes above
 *  what it weighs now (measured 189,988 / 8,223 / 2,423 / 2,293), so growth is a decision. The
 *  last one: +2.8 KB for a signed-in customer's credit balances (issue 10). */
const BUDGET = [
  [/^pricing-widget-[0-9a-f]+_bg\.wasm$/, 190_400],
  [/^pricing-widget-[0-9a-f]+\.js$/, 8_300],
  [/^pricing-widget\.js$/, 2_450],
  [/^pricing-widget-[0-9a-f]+\.css$/, 2_350],
];
/** The whole widget a visitor downloads: entry + glue + wasm + stylesheet. */
const WIDGET_BUDGET = 203_300;
const FRAGMENT_BUDGET = 4_000;

test('the release build stays within its byte budget', () => {
  const dist = join(ROOT, 'dist');
  let widget = 0;
  for (const [pattern, budget] of BUDGET) {
    const files = readdirSync(dist).filter((f) => pattern.test(f));
    assert.equal(files.length, 1, `one file matching ${pattern} in dist/`);
    const size = brotliCompressSync(readFileSync(join(dist, files[0]))).length;
    assert.ok(size <= budget, `${files[0]} is ${size} bytes brotli, over the ${budget} budget`);
    widget += size;
  }
  assert.ok(widget <= WIDGET_BUDGET, `the widget is ${widget} bytes brotli, over the ${WIDGET_BUDGET} budget`);
});

test('each pre-rendered fragment is a few KB', () => {
  const dir = join(ROOT, 'dist', 'prerender');
  const fragments = readdirSync(dir, { recursive: true }).filter((name) => name.endsWith('.html'));
  assert.ok(fragments.length >= 4 * 8, `every language × currency × interval is pre-rendered: ${fragments}`);
  for (const name of fragments) {
    const size = brotliCompressSync(readFileSync(join(dir, name))).length;
    assert.ok(size <= FRAGMENT_BUDGET, `prerender/${name} is ${size} bytes brotli, over the ${FRAGMENT_BUDGET} budget`);
  }
});

test('the wasm went through wasm-opt', () => {
  const dist = join(ROOT, 'dist');
  const wasm = readFileSync(join(dist, readdirSync(dist).find((f) => f.endsWith('.wasm'))));
  // wasm-bindgen leaves a "name" section in; wasm-opt strips it (and the widget tests run on
  // this very file, which proves the optimized build works in Chromium).
  const sections = WebAssembly.Module.customSections(new WebAssembly.Module(wasm), 'name');
  assert.equal(sections.length, 0, 'the wasm in dist/ was not optimized');
});
