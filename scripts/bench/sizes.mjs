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
  const row = (name) => {
    const bytes = readFileSync(join(build.dist, name));
    const [gzipped, brotlied] = [gzip(bytes).length, brotli(bytes).length];
    console.log(`${name.padEnd(44)} ${String(bytes.length).padStart(8)} ${String(gzipped).padStart(9)} ${String(brotlied).padStart(9)}`);
    return name.startsWith('prerender/') ? 0 : brotlied;
  };
  const total = build.shipped.reduce((sum, name) => sum + row(name), 0);
  console.log(`${'the widget (entry + glue + wasm + CSS)'.padEnd(64)} ${String(total).padStart(9)}`);
  if (build.account.length) {
    const account = build.account.reduce((sum, name) => sum + row(name), 0);
    console.log(`${'the account view, for signed-in customers only'.padEnd(64)} ${String(account).padStart(9)}`);
  }
  // wasm-opt strips the names the crates are read from: the wasm-bindgen output Trunk left in
  // the target folder beside the build is the same code before it.
  const unoptimized = join(build.dist, '..', 'target', 'wasm-bindgen', 'release', 'pricing-widget_bg.wasm');
  if (existsSync(unoptimized)) {
    console.log('wasm code by crate, before wasm-opt (bytes):');
    console.log(sizesByCrate(unoptimized).slice(0, 12).map(([crate, size]) => `  ${crate} ${size}`).join('\n'));
  }
}
