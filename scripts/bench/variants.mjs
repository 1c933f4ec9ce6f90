// The pages measured side by side, all from the same server: the demo page (its widget
// pre-rendered into the page, as a pasted snippet), the two-line embed (the demo page's element
// left empty for the entry script to fill), the demo page with the billing API's fragment
// included in it (as a site's own server includes it), and a static copy of the very same
// rendered widget:
// the live widget's shadow root, once the wasm has rendered it, frozen into a declarative
// shadow root in place of the element, with no script at all (JSON-LD included). The static
// copy is the limit to aim at: what the page would cost if the widget were plain HTML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBillingApi } from '../../tests/e2e/support.mjs';
import { openLiveWidget } from './chromium.mjs';

const ELEMENT = /<pricing-widget[\s\S]*?<\/pricing-widget>/;

/** The markup of the live widget's mount on the demo page at `url`, once the wasm runs it. */
async function liveMount(url) {
  const { page, close } = await openLiveWidget(url);
  const mount = await page.evaluate(() => document.querySelector('pricing-widget').shadowRoot.querySelector('.pw-mount').outerHTML);
  await close();
  return mount;
}

/** The demo page's element as the billing API renders it (`GET /v1/widget/fragment`), or why
 *  not: the API must render the same views as the build (the same sources). */
async function includedFromApi(build, server) {
  let billing;
  try {
    billing = await startBillingApi({ BILLING_WIDGET_URL: server.url });
    const element = await (await fetch(`${billing.api}/widget/fragment?form=element`)).text();
    const fragment = await (await fetch(`${billing.api}/widget/fragment`)).text();
    if (fragment !== readFileSync(join(build.dist, 'prerender', 'en', 'default-monthly.html'), 'utf8')) {
      return { skipped: "the API renders other views than this build's" };
    }
    return { element };
  } catch (error) {
    return { skipped: error.message };
  } finally {
    billing?.stop();
  }
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
  const variants = { 'demo page': server.url, 'two lines': `${server.url}two-lines.html` };
  const included = await includedFromApi(build, server);
  if (included.element) {
    server.addPage('/api-fragment.html', build.index.replace(ELEMENT, () => included.element));
    variants['API fragment'] = `${server.url}api-fragment.html`;
  } else {
    console.log(`the page with the API's fragment: not measured (${included.skipped})`);
  }
  return { ...variants, static: `${server.url}static.html` };
}
