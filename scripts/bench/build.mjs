// The release build under measurement (dist/, or the folder given): what a visitor downloads
// from it, and the pieces the page variants are made from. A build without the pre-render
// (from before it existed) is not one: the pages measured today all carry it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The pre-rendered fragment the entry fetches for an English visitor on the defaults. */
const FRAGMENT = 'prerender/en/USD-monthly.html';

/** The build in `dist`: its demo page (`index`), hashed `stylesheet` and `shipped` files (entry,
 *  glue, wasm, stylesheet, then the fragment), and the `account` view's files, which only
 *  signed-in customers download (none in a build from before it existed). Throws when `dist`
 *  holds no such build. */
export function readBuild(dist) {
  const files = existsSync(dist) ? readdirSync(dist) : [];
  const stylesheet = files.find((f) => /^pricing-widget-[0-9a-f]+\.css$/.test(f));
  const complete = files.includes('index.html') && files.some((f) => f.endsWith('.wasm')) && stylesheet && existsSync(join(dist, FRAGMENT));
  if (!complete) throw new Error(`no release build in ${dist}: run \`trunk build --release --offline\` first`);
  return {
    dist,
    index: readFileSync(join(dist, 'index.html'), 'utf8'),
    stylesheet,
    shipped: [...files.filter((f) => /^pricing-widget(?!-account-).*\.(wasm|js|css)$/.test(f)), FRAGMENT],
    account: files.filter((f) => /^pricing-widget-account-.*\.(wasm|js|css)$/.test(f)),
  };
}
