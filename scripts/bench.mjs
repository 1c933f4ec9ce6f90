// Prints what the widget weighs and how fast it comes up, from the release build (dist/, or
// the folder given), served compressed (brotli, else gzip) as a CDN would: the demo page (its
// widget pre-rendered into the page, as a pasted snippet) and the same page with the two-line
// embed, side by side with a static copy of the very same rendered widget (no script at all:
// the limit to aim at):
// - bytes (raw, gzip, brotli) of every file a visitor loads, and the wasm's code by crate;
// - Lighthouse's mobile profile (simulated throttling), median of BENCH_LH_RUNS (3) runs;
// - the main thread on a phone (4× CPU slowdown): the widget's longest task and each task of
//   its over 50 ms by phase, the bytes fetched until it is live, median of BENCH_RUNS loads; and
//   each part's first interaction to the paint of its answer, at first sight and once live;
// - desktop loopback: plan cards on screen after navigation, median of BENCH_RUNS (7) loads;
// - calculator input → DOM updated, currency change → re-priced cards, and a keystroke in the
//   plan finder with all its lines in use → its new answer; the finder's search alone, natively.
// Each measurement is a module of scripts/bench/; this runs them in order, one browser at a time.
// Figures are printed, never asserted: it exits non-zero only when there is no build to measure.
// `node scripts/bench.mjs [DIST]`
import { resolve } from 'node:path';
import { DIST } from '../tests/e2e/support.mjs';
import { readBuild } from './bench/build.mjs';
import { printSizes } from './bench/sizes.mjs';
import { serveCompressed } from './bench/serve.mjs';
import { pageVariants } from './bench/variants.mjs';
import { printLighthouse } from './bench/lighthouse.mjs';
import { printCardsOnScreen } from './bench/cards-on-screen.mjs';
import { printMainThread } from './bench/main-thread.mjs';
import { printFirstInteractions } from './bench/first-interaction.mjs';
import { printInteractionTimings } from './bench/interactions.mjs';
import { printNativeFinderTiming } from './bench/native-finder.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);

let build;
try {
  build = readBuild(resolve(process.argv[2] ?? DIST));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log(`release build: ${build.dist}`);
printSizes(build);
const server = await serveCompressed(build.dist);
const variants = await pageVariants(build, server);
await printLighthouse(variants, LH_RUNS);
await printMainThread(variants, RUNS);
await printFirstInteractions(variants);
await printCardsOnScreen(variants, RUNS);
await printInteractionTimings(server.url);
printNativeFinderTiming();
await server.close();
