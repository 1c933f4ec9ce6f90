// Trunk post-build hook: writes the stable `pricing-widget.js` entry next to the hashed
// wasm-bindgen glue, pointing it at that glue.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
const glue = readdirSync(staging).filter((f) => /^pricing[-_]widget-[0-9a-f]+\.js$/.test(f));
if (glue.length !== 1) throw new Error(`expected one hashed glue file in ${staging}, found: ${glue.join(', ') || 'none'}`);
const source = readFileSync(new URL('../embed/pricing-widget.js', import.meta.url), 'utf8');
const wasm = glue[0].replace(/\.js$/, '_bg.wasm');
if (!readdirSync(staging).includes(wasm)) throw new Error(`${wasm} is missing from ${staging}`);
writeFileSync(join(staging, 'pricing-widget.js'), source.replace('./__GLUE__', `./${glue[0]}`).replace('./__WASM__', `./${wasm}`));
console.log(`pricing-widget.js -> ${glue[0]}`);
