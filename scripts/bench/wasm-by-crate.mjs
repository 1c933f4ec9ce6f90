// What each crate contributes to a wasm, to see where its bytes go (which dependency or feature
// a size decision is about): the code size of every function, named by the wasm's "name"
// section (wasm-bindgen keeps it; wasm-opt strips it, so read the file before wasm-opt:
// target/wasm-bindgen/release/pricing-widget_bg.wasm), grouped by the crate its demangled path
// starts with. Data segments are counted apart. `node scripts/bench/wasm-by-crate.mjs [FILE] [N]`.
import { readFileSync } from 'node:fs';

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** Sections by id (custom ones by name), each as [start, end) of its payload. */
function sections(bytes) {
  const found = { custom: {} };
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (id === 0) {
      const [nameLength, nameAt] = leb(bytes, start);
      found.custom[new TextDecoder().decode(bytes.subarray(nameAt, nameAt + nameLength))] = [nameAt + nameLength, start + size];
    } else found[id] = [start, start + size];
    at = start + size;
  }
  return found;
}

/** The crate a demangled function name belongs to: `core[hash]::fmt::…` is core's, `<T as
 *  tachys::…>::…` the trait's crate, `<&mut serde_json::… as serde::…>` the type's. */
function crateOf(name) {
  let path = name;
  for (let before = ''; before !== path; ) {
    before = path;
    path = path.replace(/^(<|&mut |&|dyn |impl |\(|\*const |\*mut )/, '').replace(/^[A-Z]\w* as /, '');
  }
  const crate = path.split(/::|\[|<| |\$/)[0];
  return /^[a-z_][a-z0-9_]*$/.test(crate) ? crate : '(other)';
}

export function sizesByCrate(file) {
  const bytes = readFileSync(file);
  const all = sections(bytes);
  const names = new Map();
  const nameSection = all.custom.name;
  if (!nameSection) throw new Error(`${file} has no name section (it went through wasm-opt)`);
  for (let at = nameSection[0]; at < nameSection[1]; ) {
    const kind = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = leb(bytes, start);
      while (count--) {
        let index, length;
        [index, p] = leb(bytes, p);
        [length, p] = leb(bytes, p);
        names.set(index, new TextDecoder().decode(bytes.subarray(p, p + length)));
        p += length;
      }
    }
    at = start + size;
  }
  let imported = 0;
  if (all[2]) {
    let [count, p] = leb(bytes, all[2][0]);
    while (count--) {
      for (let i = 0; i < 2; i++) {
        const [length, q] = leb(bytes, p);
        p = q + length;
      }
      const kind = bytes[p++];
      const limits = () => {
        const flags = bytes[p++];
        [, p] = leb(bytes, p);
        if (flags & 1) [, p] = leb(bytes, p);
      };
      if (kind === 0) [, p] = leb(bytes, p);
      else if (kind === 1) p++, limits();
      else if (kind === 2) limits();
      else p += 2;
      if (kind === 0) imported++;
    }
  }
  const crates = new Map();
  let [count, p] = leb(bytes, all[10][0]);
  for (let index = imported; count--; index++) {
    const [size, body] = leb(bytes, p);
    const crate = crateOf(names.get(index) ?? "");
    crates.set(crate, (crates.get(crate) ?? 0) + size + (body - p));
    p = body + size;
  }
  if (all[11]) crates.set('(data segments)', all[11][1] - all[11][0]);
  return [...crates].sort((a, b) => b[1] - a[1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'target/wasm-bindgen/release/pricing-widget_bg.wasm';
  const rows = sizesByCrate(file);
  const total = rows.reduce((sum, [, size]) => sum + size, 0);
  console.log(`code by crate in ${file} (before wasm-opt; ${total} bytes)`);
  for (const [crate, size] of rows.slice(0, Number(process.argv[3] ?? 15))) console.log(`${crate.padEnd(28)} ${String(size).padStart(9)}`);
}
