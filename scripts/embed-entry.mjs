// Trunk post-build hook: writes the stable `pricing-widget.js` entry next to the hashed
// wasm-bindgen glue, the widget's stylesheet under a content-hashed name, the pre-rendered
// widget for every currency × interval (`prerender/`, fetched by the entry; `snippets/`, pasted
// by marketing), rendered natively from the same views by the `prerender` command, and the
// demo page with its widget pre-rendered.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { minify } from 'terser';
import CleanCSS from 'clean-css';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
const glue = readdirSync(staging).filter((f) => /^pricing[-_]widget-[0-9a-f]+\.js$/.test(f));
if (glue.length !== 1) throw new Error(`expected one hashed glue file in ${staging}, found: ${glue.join(', ') || 'none'}`);
const wasm = glue[0].replace(/\.js$/, '_bg.wasm');
if (!readdirSync(staging).includes(wasm)) throw new Error(`${wasm} is missing from ${staging}`);

// Named by the source's hash, as the billing API names it for its fragments
// (`widget_markup.rs`); shipped minified (clean-css, -0.46 KB brotli).
const css = readFileSync(new URL('../style/widget.css', import.meta.url));
const stylesheet = `pricing-widget-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
const shrunk = new CleanCSS({ level: 1 }).minify(css.toString('utf8'));
if (shrunk.errors.length) throw new Error(`style/widget.css: ${shrunk.errors.join('; ')}`);
writeFileSync(join(staging, stylesheet), shrunk.styles);

// Each language but the catalog's own as a content-hashed file the entry fetches for visitors
// who read it: a language costs nothing to the others.
const catalog = JSON.parse(readFileSync(new URL('../catalog/default.json', import.meta.url), 'utf8'));
const [sourceLanguage, ...languages] = catalog.languages ?? ['en'];
const translations = {};
mkdirSync(join(staging, 'translations'), { recursive: true });
for (const language of languages) {
  const text = readFileSync(new URL(`../catalog/translations/${language}.json`, import.meta.url));
  const name = `translations/${language}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
  writeFileSync(join(staging, name), text);
  translations[language] = `./${name}`;
}

// A debug build is plenty for writing a few files, and far quicker to compile than release.
// Built beside the billing API (which links the same ssr build for its fragments), so that the
// two share one compilation of Leptos: cargo unifies dependencies' features per command.
const built = execFileSync('cargo', ['build', '--locked', '-q', '--message-format=json', '-p', 'pricing-widget', '-p', 'billing-api',
  '--no-default-features', '--features', 'pricing-widget/ssr', '--bin', 'prerender'], { cwd: new URL('..', import.meta.url), encoding: 'utf8', maxBuffer: 64 << 20 });
const prerender = built.split('\n').filter(Boolean).map((line) => JSON.parse(line))
  .find((message) => message.reason === 'compiler-artifact' && message.target?.name === 'prerender')?.executable;
if (!prerender) throw new Error('cargo built no prerender binary');
const base = process.env.TRUNK_PUBLIC_URL || '/';
execFileSync(prerender, ['--build', staging, '--base', base], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });

// The account view, a wasm of its own that only signed-in customers load (the widget's wasm
// carries none of it): the same crate built with the `account` feature, in the profile Trunk
// builds in, through the same wasm-bindgen and (release) wasm-opt, named by its content.
const account = buildAccount(process.env.TRUNK_PROFILE === 'release');
const accountTranslations = {};
for (const language of languages) {
  const text = readFileSync(new URL(`../catalog/translations/account/${language}.json`, import.meta.url));
  const name = `translations/account-${language}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`;
  writeFileSync(join(staging, name), text);
  accountTranslations[language] = `./${name}`;
}

function buildAccount(release) {
  const root = new URL('..', import.meta.url);
  const args = ['build', '--locked', '-q', '--message-format=json', '--lib', '--target', 'wasm32-unknown-unknown',
    '--no-default-features', '--features', 'account', ...(release ? ['--release'] : [])];
  const messages = execFileSync('cargo', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const built = messages.split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .find((message) => message.reason === 'compiler-artifact' && message.target?.name === 'pricing_widget')
    ?.filenames.find((file) => file.endsWith('.wasm'));
  if (!built) throw new Error('cargo built no account wasm');
  const out = mkdtempSync(join(tmpdir(), 'pricing-account-'));
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', out, '--out-name', 'account', built], { cwd: root, stdio: 'inherit' });
  let wasmFile = join(out, 'account_bg.wasm');
  if (release) {
    execFileSync('wasm-opt', ['-Oz', '--converge', '--low-memory-unused', '-o', join(out, 'account.opt.wasm'), wasmFile], { cwd: root, stdio: 'inherit' });
    wasmFile = join(out, 'account.opt.wasm');
  }
  const bytes = readFileSync(wasmFile);
  const name = `pricing-widget-account-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
  writeFileSync(join(staging, `${name}_bg.wasm`), bytes);
  writeFileSync(join(staging, `${name}.js`), readFileSync(join(out, 'account.js')));
  rmSync(out, { recursive: true, force: true });
  const css = readFileSync(new URL('../style/account.css', import.meta.url));
  const cssName = `pricing-widget-account-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  const shrunkCss = new CleanCSS({ level: 1 }).minify(css.toString('utf8'));
  if (shrunkCss.errors.length) throw new Error(`style/account.css: ${shrunkCss.errors.join('; ')}`);
  writeFileSync(join(staging, cssName), shrunkCss.styles);
  return { glue: `${name}.js`, wasm: `${name}_bg.wasm`, css: cssName };
}

// The entry knows which languages have fragments, and in which locale (the pre-render says).
const prerendered = readFileSync(join(staging, 'prerender', 'locales.json'), 'utf8');
const source = readFileSync(new URL('../embed/pricing-widget.js', import.meta.url), 'utf8');
const entry = source
  .replaceAll('./__GLUE__', `./${glue[0]}`)
  .replace('./__WASM__', `./${wasm}`)
  .replace('./__CSS__', `./${stylesheet}`)
  .replace('./__ACCOUNT_GLUE__', `./${account.glue}`)
  .replace('./__ACCOUNT_WASM__', `./${account.wasm}`)
  .replace('./__ACCOUNT_CSS__', `./${account.css}`)
  .replace('__ACCOUNT_TRANSLATIONS__', JSON.stringify(accountTranslations))
  .replace('__TRANSLATIONS__', JSON.stringify(translations))
  .replace('__SOURCE_LANGUAGE__', JSON.stringify(sourceLanguage))
  .replace('__PRERENDER_LOCALES__', prerendered.trim());
// The scripts ship minified (terser): comments and long names are for their readers, not for
// every visitor's phone (-2.9 KB brotli for the entry, -2.0 KB for wasm-bindgen's glue).
const minified = async (code, module) => (await minify(code, { module, format: { comments: false } })).code;
writeFileSync(join(staging, 'pricing-widget.js'), await minified(entry, true));
for (const [file, module] of [[glue[0], true], [account.glue, true], ['pricing-widget-warm.js', false]]) {
  writeFileSync(join(staging, file), await minified(readFileSync(join(staging, file), 'utf8'), module));
}
console.log(`pricing-widget.js -> ${glue[0]}, ${stylesheet}`);

// The demo page includes its widget pre-rendered, as a site that includes the snippet from its
// server would: the same attributes, painted with the page. Like a host page, it does not
// preload the wasm: the entry requests it, after what paints first.
const index = join(staging, 'index.html');
const page = readFileSync(index, 'utf8').replace(/\s*<link rel="(modulepreload|preload)"[^>]*>/g, '');
const element = page.match(/<pricing-widget([^>]*)><\/pricing-widget>/);
if (element) {
  const api = element[1].match(/ api="([^"]*)"/)?.[1];
  const args = ['--dist', staging, '--base', base, '--element-only', ...(api ? ['--api', api] : [])];
  const rendered = execFileSync(prerender, args, { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
  writeFileSync(index, page.replace(element[0], rendered.trim()));
}
