// The arrows between each crate's modules, from its `use crate::…` paths: every arrow must point
// down (no circle between two modules, and no module importing an item that its crate root
// defines rather than re-exports). Prints each crate's modules in layers, bottom first, and
// exits 1 on a circle or an import back up. Test code (`#[cfg(test)]` items, `tests.rs`) is
// left out: tests may reach anywhere. `node scripts/module-arrows.mjs`
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const CRATES = { 'pricing-widget': 'src', 'pricing-core': 'crates/pricing-core/src', 'billing-api': 'crates/billing-api/src', studio: 'crates/studio/src' };

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.rs') ? [path] : [];
  });
}

/** The code of a file without its comments and its test items (each `#[cfg(test)]` item: a
 *  `mod tests;` line, or a block up to its closing brace). */
function code(path) {
  let text = readFileSync(path, 'utf8').replace(/\/\/.*$/gm, '');
  for (let at = text.indexOf('#[cfg(test)]'); at >= 0; at = text.indexOf('#[cfg(test)]')) {
    const semicolon = text.indexOf(';', at);
    const brace = text.indexOf('{', at);
    let end = semicolon;
    if (brace >= 0 && (semicolon < 0 || brace < semicolon)) {
      let depth = 0;
      for (end = brace; end < text.length; end++) {
        if (text[end] === '{') depth++;
        else if (text[end] === '}' && --depth === 0) break;
      }
    }
    text = text.slice(0, at) + text.slice(end + 1);
  }
  return text;
}

/** The top-level module a source file belongs to (`flows/checkout.rs` → `flows`); the crate
 *  root for `lib.rs`, `main.rs` and `bin/`. */
function moduleOf(src, path) {
  const [first] = relative(src, path).split(sep);
  return ['lib.rs', 'main.rs', 'bin'].includes(first) ? null : first.replace(/\.rs$/, '');
}

/** Every `crate::a::…` path in `text`, as its first segment `a` (braces expanded one level). */
function imports(text) {
  const found = new Set();
  for (const [, rest] of text.matchAll(/\bcrate::([A-Za-z_][\w]*(?:::\{[^}]*\})?|\{[^}]*\})/g)) {
    const heads = rest.startsWith('{') ? rest.slice(1, -1).split(',') : [rest];
    for (const head of heads) {
      const name = head.trim().split('::')[0];
      if (name && name !== 'self') found.add(name);
    }
  }
  return found;
}

/** Names the crate root re-exports from a module (`pub use mount::{mount, WidgetOptions}`). */
function reExports(lib) {
  const names = new Map();
  for (const [, module, list] of lib.matchAll(/pub use ([a-z_]+)::(?:[a-z_]+::)*(\{[^}]*\}|[A-Za-z_]\w*)/g)) {
    for (const name of list.replace(/[{}]/g, '').split(',')) {
      const alias = name.trim().split(' as ').at(-1);
      if (alias) names.set(alias, module);
    }
  }
  return names;
}

/** The modules in layers: each above every module it imports. `null` on a circle. */
function layers(graph) {
  const depth = new Map();
  const visiting = new Set();
  const visit = (module, path) => {
    if (depth.has(module)) return depth.get(module);
    if (visiting.has(module)) throw new Error(`circle: ${[...path, module].join(' → ')}`);
    visiting.add(module);
    const below = [...graph.get(module)].map((m) => visit(m, [...path, module]));
    visiting.delete(module);
    depth.set(module, below.length ? Math.max(...below) + 1 : 0);
    return depth.get(module);
  };
  for (const module of graph.keys()) visit(module, []);
  const byDepth = [];
  for (const [module, d] of depth) (byDepth[d] ??= []).push(module);
  return byDepth.map((modules) => modules.sort());
}

let failed = false;
for (const [crate, dir] of Object.entries(CRATES)) {
  const src = join(ROOT, dir);
  // A library's root is lib.rs; the studio is a binary (main.rs).
  const root = ['lib.rs', 'main.rs'].find((file) => existsSync(join(src, file)));
  const lib = readFileSync(join(src, root), 'utf8');
  const exported = reExports(lib);
  const modules = new Set([...lib.matchAll(/^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([a-z]+\))? )?mod ([a-z_0-9]+);/gm)].map((m) => m[1]));
  const graph = new Map([...modules].map((m) => [m, new Set()]));
  const problems = [];
  for (const path of files(src)) {
    const from = moduleOf(src, path);
    if (from === null || path.endsWith(`${sep}tests.rs`)) continue;
    for (const name of imports(code(path))) {
      const to = modules.has(name) ? name : exported.get(name);
      if (to === undefined) problems.push(`${relative(ROOT, path)} imports crate::${name}, which the crate root defines: an arrow back up`);
      else if (to !== from) graph.get(from)?.add(to);
    }
  }
  let stack;
  try {
    stack = layers(graph);
  } catch (error) {
    problems.push(error.message);
  }
  const arrows = [...graph.values()].reduce((n, to) => n + to.size, 0);
  console.log(`${crate}: ${graph.size} modules, ${arrows} arrows${problems.length ? '' : ', every one pointing down'}`);
  stack?.forEach((modules, depth) => console.log(`  ${depth}: ${modules.map((m) => (graph.get(m).size ? `${m} → ${[...graph.get(m)].sort().join(', ')}` : m)).join('; ')}`));
  for (const problem of problems) console.log(`  PROBLEM ${problem}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
