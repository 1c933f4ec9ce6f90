// What a visitor downloads: the bytes of every shipped file raw, gzip and brotli (the widget's
// total in brotli, what the budgets in tests/e2e/size.test.mjs count), and, when the build's
// own wasm before wasm-opt is at hand, the wasm's code by crate: where the bytes go.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotli, gzip } from './compress.mjs';
import { sizesByCrate } from './wasm-by-crate.mjs';

/** Prints the size table of `build` (from readBuild) and the wasm's code by crate. */
export function printSizes(build) {
  console.log('size (bytes)                                   raw      gzip    brotli');
  let total = 0;
  for (const name of build.shipped) {
    const bytes = readFileSync(join(build.dist, name));
    const [gzipped, brotlied] = [gzip(bytes).length, brotli(bytes).length];
    if (!name.startsWith('prerender/')) total += brotlied;
    console.log(`${name.padEnd(44)} ${String(bytes.length).padStart(8)} ${String(gzipped).padStart(9)} ${String(brotlied).padStart(9)}`);
  }
  console.log(`${'the widget (entry + glue + wasm + CSS)'.padEnd(64)} ${String(total).padStart(9)}`);
  // wasm-opt strips the names the crates are read from: the wasm-bindgen output Trunk left in
  // the target folder beside the build is the same code before it.
  const unoptimized = join(build.dist, '..', 'target', 'wasm-bindgen', 'release', 'pricing-widget_bg.wasm');
  if (existsSync(unoptimized)) {
    console.log('wasm code by crate, before wasm-opt (bytes):');
    console.log(sizesByCrate(unoptimized).slice(0, 12).map(([crate, size]) => `  ${crate} ${size}`).join('\n'));
  }
}
