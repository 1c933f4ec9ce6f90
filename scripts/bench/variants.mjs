// The pages measured side by side, all from the same server: the demo page (its widget
// pre-rendered into the page, as a pasted snippet), the two-line embed (the demo page's element
// left empty for the entry script to fill), and a static copy of the very same rendered widget:
// the live widget's shadow root, once the wasm has rendered it, frozen into a declarative
// shadow root in place of the element, with no script at all (JSON-LD included). The static
// copy is the limit to aim at: what the page would cost if the widget were plain HTML.
import { openLiveWidget } from './chromium.mjs';

const ELEMENT = /<pricing-widget[\s\S]*?<\/pricing-widget>/;

/** The markup of the live widget's mount on the demo page at `url`, once the wasm runs it. */
async function liveMount(url) {
  const { page, close } = await openLiveWidget(url);
  const mount = await page.evaluate(() => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-mount').outerHTML);
  await close();
  return mount;
}

/** Adds the two-line embed and the static copy to `server` (from serveCompressed), for `build`
 *  (from readBuild), and returns each variant's URL by name, the static copy last. */
export async function pageVariants(build, server) {
  const declarative = `<pricing-widget><template shadowrootmode="open"><link rel="stylesheet" href="/${build.stylesheet}">${await liveMount(server.url)}</template></pricing-widget>`;
  // Replacement functions, not strings: a `$1` in a price would be taken for a group.
  server.addPage('/static.html', build.index
    .replace(ELEMENT, () => declarative)
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<link[^>]*rel="(modulepreload|preload)"[^>]*>/g, ''));
  server.addPage('/two-lines.html', build.index.replace(ELEMENT, '<pricing-widget></pricing-widget>'));
  return { 'demo page': server.url, 'two lines': `${server.url}two-lines.html`, static: `${server.url}static.html` };
}
